//! Command-line interface: the reader by default, headless commands for scripts.

mod ansi;
mod commands;
mod read;
mod sources;

pub use commands::run;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "newsdesk", version, about = "A terminal news reader that shows the article, not the page")]
pub struct Cli {
    /// Configuration file [default: ~/.config/newsdesk/config.toml, or the built-in one]
    #[arg(long, global = true, env = "NEWSDESK_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Library database [default: ~/.local/share/newsdesk/library.db]
    #[arg(long, global = true, env = "NEWSDESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Use the offline demo sources served from 127.0.0.1, and a temporary library
    /// unless --db is given
    #[arg(long, global = true)]
    pub demo: bool,
    /// Print the built-in configuration and exit
    #[arg(long)]
    pub print_default_config: bool,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Poll every source once (those not asked by their server to wait); one line per
    /// source, then a summary
    Refresh {
        /// Also poll sources whose server asked to wait (429/503 with Retry-After)
        #[arg(long)]
        force: bool,
        /// Print the summary and every source's result as JSON
        #[arg(long)]
        json: bool,
    },
    /// List stored stories, newest first
    List {
        /// Only this source (its id, title or URL)
        #[arg(long, value_name = "S")]
        source: Option<String>,
        /// Only unread stories
        #[arg(long)]
        unread: bool,
        /// Search: words, "phrases", source:NAME, tag:T, before:/after:YYYY-MM-DD,
        /// is:unread, is:bookmarked, is:updated
        #[arg(long, value_name = "QUERY")]
        query: Option<String>,
        /// The stories a saved search finds (see `newsdesk searches`)
        #[arg(long, value_name = "NAME", conflicts_with = "query")]
        saved: Option<String>,
        /// Print one JSON array
        #[arg(long)]
        json: bool,
    },
    /// Print a story, rendered for the terminal
    Show {
        id: i64,
        /// Columns to wrap at [default: the terminal's width, else 80]
        #[arg(long, value_name = "N")]
        width: Option<usize>,
    },
    /// Write a story to a file
    Export {
        /// Story ids; with --format epub they make one book
        ids: Vec<i64>,
        /// Export every bookmarked story too
        #[arg(long)]
        bookmarks: bool,
        /// With --bookmarks: only those with this tag
        #[arg(long, value_name = "T", requires = "bookmarks")]
        tag: Option<String>,
        #[arg(long, value_enum, default_value = "md")]
        format: ExportFormat,
        /// A file that must not exist yet (one document), a directory, or - for standard
        /// output [default: the configured export directory]
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
    },
    /// List bookmarked stories, or export them
    Bookmarks {
        #[arg(long)]
        json: bool,
        /// Only bookmarks with this tag
        #[arg(long, value_name = "T")]
        tag: Option<String>,
        #[command(subcommand)]
        action: Option<BookmarksAction>,
    },
    /// Add or remove a bookmark
    Bookmark {
        #[arg(value_enum)]
        action: BookmarkAction,
        id: i64,
        /// The tags (for `tag`; none clears them) or the note's words (for `note`)
        values: Vec<String>,
    },
    /// Extract and print the story of a web page (a file or an http(s) URL)
    Read {
        /// A saved page, or an http(s) address to fetch
        input: String,
        /// The page's address, for resolving links when reading a file
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// The page's character set, as an HTTP header would give it
        #[arg(long, value_name = "CHARSET")]
        charset: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: ReadFormat,
        /// Columns to wrap at (text and ansi) [default: the terminal's width, else 80]
        #[arg(long, value_name = "N")]
        width: Option<usize>,
        /// Only the story's body: no title, byline or link list
        #[arg(long)]
        body_only: bool,
    },
    /// Add a source to the config file: a feed, or a page whose feeds are looked for
    Add {
        url: String,
        /// Add the page itself as a source without a feed: its story links are followed
        #[arg(long)]
        html: bool,
        /// Which of several feeds found on a page to add (1 is the first listed)
        #[arg(long, value_name = "N")]
        pick: Option<usize>,
        #[arg(long)]
        title: Option<String>,
        #[arg(long)]
        folder: Option<String>,
    },
    /// Show the story links a web page source would take, each with its reason
    PreviewSource {
        /// The page's address (fetched), or with --file its address for resolving links
        #[arg(required_unless_present = "file")]
        url: Option<String>,
        /// Read a saved page instead of fetching it
        #[arg(long, value_name = "PATH", requires = "page_url")]
        file: Option<std::path::PathBuf>,
        /// The saved page's address
        #[arg(long = "url", value_name = "URL")]
        page_url: Option<String>,
        /// Print one absolute URL a line, nothing else
        #[arg(long)]
        urls_only: bool,
        #[arg(long, value_name = "CSS")]
        link_selector: Option<String>,
        #[arg(long, value_name = "REGEX")]
        link_pattern: Option<String>,
        #[arg(long, value_name = "REGEX")]
        exclude_pattern: Option<String>,
    },
    /// Remove a source (by URL or title) from the config file; its bookmarks stay
    Remove { source: String },
    /// Give a source (by URL or title) a new title in the config file
    Rename { source: String, title: String },
    /// Add the feeds of an OPML file to the config file
    ImportOpml { file: std::path::PathBuf },
    /// Write the configured sources as OPML
    ExportOpml {
        /// A new file, or - for standard output
        #[arg(short, long, value_name = "PATH", default_value = "-")]
        output: std::path::PathBuf,
    },
    /// The library itself: its counts and size, or a compaction
    Db {
        #[command(subcommand)]
        action: DbAction,
    },
    /// Saved searches, with how many stories each finds; the reader lists them among the
    /// sources
    Searches {
        #[command(subcommand)]
        action: Option<SearchesAction>,
        #[arg(long)]
        json: bool,
    },
    /// List sources with their state
    Sources {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Md,
    Txt,
    Html,
    Json,
    Epub,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReadFormat {
    Text,
    Markdown,
    Json,
    Ansi,
}

#[derive(Debug, Subcommand)]
pub enum DbAction {
    /// Counts of sources, stories, unread, bookmarks and full texts, and the file's size
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Rewrite the library file without its free space
    Vacuum,
}

#[derive(Debug, Subcommand)]
pub enum SearchesAction {
    /// Keep a search under a name (a search of that name is replaced)
    Add {
        name: String,
        /// In the syntax of `list --query`
        query: String,
    },
    /// Forget a saved search
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum BookmarksAction {
    /// Write every bookmark to one file
    Export {
        #[arg(long, value_enum, default_value = "netscape")]
        format: BookmarksFormat,
        /// A file that must not exist yet, or - for standard output
        #[arg(short, long, value_name = "PATH")]
        output: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BookmarksFormat {
    /// The Netscape bookmark file that browsers import
    Netscape,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum BookmarkAction {
    Add,
    Remove,
    /// Set the bookmark's tags
    Tag,
    /// Write a note on the bookmark (no words clear it)
    Note,
}
