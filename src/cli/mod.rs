//! Command-line interface: the reader by default, headless commands for scripts. This file
//! holds the arguments and the dispatch, one call per command; each command's body lives in
//! its own file and works through `context` (the config and the library) and `output`.

pub mod context;
mod library;
mod output;
mod read;
mod refresh;
mod sources;
mod stories;

use clap::{Args, Parser, Subcommand, ValueEnum};
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

/// Runs a headless command; the returned code is the process's exit status. (`newsdesk`
/// with no command starts the reader, which `main` does.)
pub fn run(cli: &Cli, command: &Cmd) -> anyhow::Result<i32> {
    match command {
        Cmd::Refresh(args) => refresh::run(context::open(cli)?, args),
        Cmd::List(args) => stories::list(&context::open_for_reading(cli)?, args),
        Cmd::Show(args) => stories::show(&context::open_for_reading(cli)?, args),
        Cmd::Export(args) => stories::export(&context::open_for_reading(cli)?, args),
        Cmd::Bookmarks(args) => stories::bookmarks(&context::open_for_reading(cli)?, args),
        Cmd::Bookmark(args) => stories::bookmark(&mut context::open_for_reading(cli)?, args),
        Cmd::Read(args) => read::run(&context::config(cli)?, args),
        Cmd::Add(args) => sources::add(&context::config(cli)?, &context::config_path(cli), args),
        Cmd::PreviewSource(args) => sources::preview(&context::config(cli)?, args),
        Cmd::Remove(args) => sources::remove(&context::config_path(cli), args),
        Cmd::Rename(args) => sources::rename(&context::config_path(cli), args),
        Cmd::ImportOpml(args) => sources::import_opml(&context::config_path(cli), args),
        Cmd::ExportOpml(args) => sources::export_opml(&context::open(cli)?, args),
        Cmd::Sources(args) => sources::list(&context::open(cli)?, args),
        Cmd::Db(args) => library::db(&context::open_for_reading(cli)?, args),
        Cmd::Searches(args) => library::searches(&mut context::open_for_reading(cli)?, args),
    }
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Poll every source once (those not asked by their server to wait); one line per
    /// source, then a summary
    Refresh(RefreshArgs),
    /// List stored stories, newest first
    List(ListArgs),
    /// Print a story, rendered for the terminal
    Show(ShowArgs),
    /// Write a story to a file
    Export(ExportArgs),
    /// List bookmarked stories, or export them
    Bookmarks(BookmarksArgs),
    /// Add or remove a bookmark
    Bookmark(BookmarkArgs),
    /// Extract and print the story of a web page (a file or an http(s) URL)
    Read(ReadArgs),
    /// Add a source to the config file: a feed, or a page whose feeds are looked for
    Add(AddArgs),
    /// Show the story links a web page source would take, each with its reason
    PreviewSource(PreviewSourceArgs),
    /// Remove a source (by URL or title) from the config file; its bookmarks stay
    Remove(RemoveArgs),
    /// Give a source (by URL or title) a new title in the config file
    Rename(RenameArgs),
    /// Add the feeds of an OPML file to the config file
    ImportOpml(ImportOpmlArgs),
    /// Write the configured sources as OPML
    ExportOpml(ExportOpmlArgs),
    /// The library itself: its counts and size, or a compaction
    Db(DbArgs),
    /// Saved searches, with how many stories each finds; the reader lists them among the
    /// sources
    Searches(SearchesArgs),
    /// List sources with their state
    Sources(SourcesArgs),
}

#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Also poll sources whose server asked to wait (429/503 with Retry-After)
    #[arg(long)]
    pub force: bool,
    /// Print the summary and every source's result as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this source (its id, title or URL)
    #[arg(long, value_name = "S")]
    pub source: Option<String>,
    /// Only unread stories
    #[arg(long)]
    pub unread: bool,
    /// Search: words, "phrases", source:NAME, tag:T, before:/after:YYYY-MM-DD,
    /// is:unread, is:bookmarked, is:updated
    #[arg(long, value_name = "QUERY")]
    pub query: Option<String>,
    /// The stories a saved search finds (see `newsdesk searches`)
    #[arg(long, value_name = "NAME", conflicts_with = "query")]
    pub saved: Option<String>,
    /// Print one JSON array
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    pub id: i64,
    /// Columns to wrap at [default: the terminal's width, else 80]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Story ids; with --format epub they make one book
    pub ids: Vec<i64>,
    /// Export every bookmarked story too
    #[arg(long)]
    pub bookmarks: bool,
    /// With --bookmarks: only those with this tag
    #[arg(long, value_name = "T", requires = "bookmarks")]
    pub tag: Option<String>,
    #[arg(long, value_enum, default_value = "md")]
    pub format: ExportFormat,
    /// A file that must not exist yet (one document), a directory, or - for standard
    /// output [default: the configured export directory]
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct BookmarksArgs {
    #[arg(long)]
    pub json: bool,
    /// Only bookmarks with this tag
    #[arg(long, value_name = "T")]
    pub tag: Option<String>,
    #[command(subcommand)]
    pub action: Option<BookmarksAction>,
}

#[derive(Debug, Args)]
pub struct BookmarkArgs {
    #[arg(value_enum)]
    pub action: BookmarkAction,
    pub id: i64,
    /// The tags (for `tag`; none clears them) or the note's words (for `note`)
    pub values: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// A saved page, or an http(s) address to fetch
    pub input: String,
    /// The page's address, for resolving links when reading a file
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The page's character set, as an HTTP header would give it
    #[arg(long, value_name = "CHARSET")]
    pub charset: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReadFormat,
    /// Columns to wrap at (text and ansi) [default: the terminal's width, else 80]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
    /// Only the story's body: no title, byline or link list
    #[arg(long)]
    pub body_only: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    pub url: String,
    /// Add the page itself as a source without a feed: its story links are followed
    #[arg(long)]
    pub html: bool,
    /// Which of several feeds found on a page to add (1 is the first listed)
    #[arg(long, value_name = "N")]
    pub pick: Option<usize>,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub folder: Option<String>,
}

#[derive(Debug, Args)]
pub struct PreviewSourceArgs {
    /// The page's address (fetched), or with --file its address for resolving links
    #[arg(required_unless_present = "file")]
    pub url: Option<String>,
    /// Read a saved page instead of fetching it
    #[arg(long, value_name = "PATH", requires = "page_url")]
    pub file: Option<std::path::PathBuf>,
    /// The saved page's address
    #[arg(long = "url", value_name = "URL")]
    pub page_url: Option<String>,
    /// Print one absolute URL a line, nothing else
    #[arg(long)]
    pub urls_only: bool,
    #[arg(long, value_name = "CSS")]
    pub link_selector: Option<String>,
    #[arg(long, value_name = "REGEX")]
    pub link_pattern: Option<String>,
    #[arg(long, value_name = "REGEX")]
    pub exclude_pattern: Option<String>,
    /// Another site of the same publisher whose links count too (repeat for more)
    #[arg(long = "also-site", value_name = "HOST")]
    pub also_sites: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RemoveArgs {
    pub source: String,
}

#[derive(Debug, Args)]
pub struct RenameArgs {
    pub source: String,
    pub title: String,
}

#[derive(Debug, Args)]
pub struct ImportOpmlArgs {
    pub file: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct ExportOpmlArgs {
    /// A new file, or - for standard output
    #[arg(short, long, value_name = "PATH", default_value = "-")]
    pub output: std::path::PathBuf,
}

#[derive(Debug, Args)]
pub struct DbArgs {
    #[command(subcommand)]
    pub action: DbAction,
}

#[derive(Debug, Args)]
pub struct SearchesArgs {
    #[command(subcommand)]
    pub action: Option<SearchesAction>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    #[arg(long)]
    pub json: bool,
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
