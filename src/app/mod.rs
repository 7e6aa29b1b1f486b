//! The reader's state machine: `AppState`, the messages that change it, and the effects it
//! asks the runtime to carry out. No I/O and no terminal types here.

pub mod layout;
mod update;

pub use update::update;

use crate::config::command::Command;
use crate::config::keymap::{Key, Keymap};
use crate::content::render::StyledDoc;
pub use crate::domain::RefreshScope;
use crate::domain::{SavedSearch, Source, SourceId, Story, StoryFilter, StoryId, StoryRow};
use chrono::{DateTime, Utc};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Sources,
    Stories,
    Article,
}

/// An entry of the sources pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEntry {
    All,
    Unread,
    Bookmarks,
    Search(usize),
    Source(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(Key),
    Command(Command),
    Resize(u16, u16),
    /// The terminal may show something else (after SIGCONT): draw every cell again.
    Redraw,
    Tick(DateTime<Utc>),
    SourcesLoaded {
        sources: Vec<Source>,
        bookmarks: usize,
    },
    SearchesLoaded(Vec<SavedSearch>),
    StoriesLoaded {
        generation: u64,
        offset: usize,
        total: usize,
        rows: Vec<StoryRow>,
    },
    StoryLoaded(Box<Story>),
    /// Time for the periodic refresh of due sources.
    RefreshDue,
    /// A page offered several feeds to choose from.
    FeedChoices(Vec<(String, Option<crate::domain::SafeText>)>),
    /// The config file's sources were changed (and the library synced), or why not.
    SourcesEdited(Result<String, String>),
    /// Progress of a refresh, from the one refresh pipeline.
    Refresh(crate::domain::RefreshEvent),
    /// A story's page, fetched because the user asked for it (`F`).
    FullTextFetched {
        id: StoryId,
        result: Result<String, String>,
    },
    BookmarkSet {
        id: StoryId,
        on: bool,
    },
    /// A bookmark's tags or note changed.
    BookmarkEdited(Result<StoryId, String>),
    /// This many stories were marked read at once, or why not.
    MarkedRead(Result<usize, String>),
    Exported(Result<PathBuf, String>),
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadSources,
    /// The saved searches with their counts: asked after the lists, which it must not delay.
    LoadSearches,
    LoadStories {
        generation: u64,
        filter: StoryFilter,
        offset: usize,
        limit: usize,
    },
    LoadStory(StoryId),
    MarkRead(StoryId, bool),
    SetBookmark(StoryId, bool),
    Refresh(RefreshScope),
    /// Look for the feeds at an address and add one to the config file.
    AddSource(String),
    AddFeed {
        url: String,
        title: Option<crate::domain::SafeText>,
    },
    RenameSource {
        url: String,
        title: String,
    },
    RemoveSource(String),
    /// Fetch this story's page now and extract its full text.
    FetchFullText(StoryId),
    /// Write the story in this format to this path (a directory takes the templated name).
    Export {
        stories: Vec<StoryId>,
        format: crate::content::export::Format,
        path: String,
    },
    SaveSearch {
        name: String,
        query: String,
    },
    RemoveSearch(crate::domain::SafeText),
    /// Mark every story of this list read.
    MarkAllRead(StoryFilter),
    SetTags(StoryId, Vec<String>),
    SetNote(StoryId, Option<String>),
    OpenUrl(String),
    /// Hand the terminal back to the shell until `fg`.
    Suspend,
    Quit,
}

/// A box over the panes that takes the keys while it is open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// A source's polling state.
    Details(SourceId),
    /// Typing the address of a source to add.
    AddSource {
        text: String,
    },
    /// Typing a new title for a source.
    Rename {
        source: SourceId,
        text: String,
    },
    /// Asking before a source is removed.
    ConfirmRemove(SourceId),
    /// Asking before a saved search is forgotten; holds its name.
    ConfirmRemoveSearch(crate::domain::SafeText),
    /// A page offers several feeds: which one to add.
    PickFeed {
        feeds: Vec<(String, Option<crate::domain::SafeText>)>,
    },
    /// Typing a search; the list follows each key. `before` is the list to go back to.
    Search {
        text: String,
        before: Box<(StoryFilter, Option<ListSearch>)>,
    },
    /// Typing what the bookmark list is filtered by: words, or `#tag`.
    FilterBookmarks {
        text: String,
    },
    /// Editing a bookmark's tags (space separated) or its note.
    EditTags {
        story: StoryId,
        text: String,
    },
    EditNote {
        story: StoryId,
        text: String,
    },
    /// Exporting a story: its format and the path to write, both editable.
    Export {
        stories: Vec<StoryId>,
        format: crate::content::export::Format,
        path: String,
    },
}

/// Where and how exports go, from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSettings {
    pub dir: String,
    pub format: crate::content::export::Format,
    pub file_name: String,
}

impl Default for ExportSettings {
    fn default() -> Self {
        ExportSettings {
            dir: "~/newsdesk".into(),
            format: crate::content::export::Format::Markdown,
            file_name: crate::content::export::DEFAULT_FILE_NAME.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct StoryList {
    pub filter: StoryFilter,
    /// A window of rows starting at `offset`; the list is never loaded whole.
    pub rows: Vec<StoryRow>,
    pub offset: usize,
    pub total: usize,
    /// Absolute index of the selected story.
    pub selected: usize,
    /// Bumped on every new query, so that late replies to older ones are dropped.
    pub generation: u64,
    pub loading: bool,
    /// The search the filter came from: typed after `/`, or a saved one.
    pub search: Option<ListSearch>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSearch {
    pub query: String,
    /// The name it is saved under, when it is.
    pub saved_as: Option<crate::domain::SafeText>,
}

impl StoryList {
    pub fn selected_row(&self) -> Option<&StoryRow> {
        self.selected.checked_sub(self.offset).and_then(|i| self.rows.get(i))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct OpenArticle {
    pub story: Story,
    pub doc: StyledDoc,
    pub scroll: usize,
    /// The user switched to the feed's text although there is a full text.
    pub feed_text: bool,
    /// Columns scrolled sideways, for preformatted lines wider than the pane.
    pub h_scroll: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Done,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub text: String,
    pub kind: StatusKind,
    pub until: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RefreshProgress {
    pub total: usize,
    pub done: usize,
    pub failed: usize,
    pub new: usize,
    pub pages_total: usize,
    pub pages_done: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub keymap: Keymap,
    pub width: u16,
    pub height: u16,
    pub now: DateTime<Utc>,
    /// The user's time zone offset, fixed at start so that drawing stays pure.
    pub utc_offset: chrono::FixedOffset,
    pub focus: Pane,
    pub sources: Vec<Source>,
    pub searches: Vec<SavedSearch>,
    pub bookmark_count: usize,
    pub source_selected: usize,
    pub list: StoryList,
    pub unread_only: bool,
    pub article: Option<OpenArticle>,
    /// The story the user asked for last: a reply for any other is stale.
    pub wanted_story: Option<StoryId>,
    /// The story whose full text the user asked for last.
    pub full_text_pending: Option<StoryId>,
    pub refresh: Option<RefreshProgress>,
    pub last_refresh: Option<(DateTime<Utc>, RefreshProgress)>,
    pub status: Option<Status>,
    pub last_error: Option<String>,
    pub help: bool,
    pub overlay: Option<Overlay>,
    pub export: ExportSettings,
    /// The bookmark removed last, for undo.
    pub undo: Option<StoryId>,
    /// Stories marked for exporting together.
    pub marked: Vec<StoryId>,
    /// Digits typed so far to open link N.
    pub link_digits: String,
    pub quitting: bool,
}

pub const PAGE: usize = 200;

impl AppState {
    pub fn new(keymap: Keymap, width: u16, height: u16, now: DateTime<Utc>) -> Self {
        AppState {
            keymap,
            width,
            height,
            now,
            utc_offset: chrono::FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!()),
            focus: Pane::Sources,
            sources: Vec::new(),
            searches: Vec::new(),
            bookmark_count: 0,
            source_selected: 0,
            list: StoryList {
                filter: StoryFilter::default(),
                rows: Vec::new(),
                offset: 0,
                total: 0,
                selected: 0,
                generation: 0,
                loading: false,
                search: None,
            },
            unread_only: false,
            article: None,
            wanted_story: None,
            full_text_pending: None,
            refresh: None,
            last_refresh: None,
            status: None,
            last_error: None,
            help: false,
            overlay: None,
            export: ExportSettings::default(),
            undo: None,
            marked: Vec::new(),
            link_digits: String::new(),
            quitting: false,
        }
    }

    /// The effects that fill a fresh state: sources and the first page of stories.
    pub fn start(&mut self) -> Vec<Effect> {
        let mut effects = vec![Effect::LoadSources];
        effects.extend(update::reload_list(self, true));
        effects.push(Effect::LoadSearches);
        effects
    }

    pub fn source_entries(&self) -> Vec<SourceEntry> {
        let mut entries = vec![SourceEntry::All, SourceEntry::Unread, SourceEntry::Bookmarks];
        entries.extend((0..self.searches.len()).map(SourceEntry::Search));
        entries.extend((0..self.sources.len()).map(SourceEntry::Source));
        entries
    }

    pub fn total_unread(&self) -> i64 {
        self.sources.iter().map(|s| s.unread).sum()
    }

    /// Whether the story list shows bookmarks: the bookmark pane.
    pub fn showing_bookmarks(&self) -> bool {
        self.list.filter.bookmarked_only
    }

    /// A name for what the story list shows.
    pub fn list_title(&self) -> String {
        let filter = &self.list.filter;
        if filter.bookmarked_only {
            return "Bookmarks".into();
        }
        if let Some(search) = &self.list.search {
            return search
                .saved_as
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_else(|| format!("Search: {}", search.query));
        }
        let base = match filter.source {
            Some(id) => self.sources.iter().find(|s| s.id == id).map(|s| s.title.clone()).unwrap_or_default(),
            None => "All stories".into(),
        };
        if filter.unread_only { format!("{base} · unread") } else { base.to_string() }
    }
}
