//! Plain data shared by every layer: no I/O, no UI.

pub mod contained;
pub mod query;
pub mod safe_text;
pub mod schedule;
pub mod web_url;

pub use web_url::{is_web, is_web_url};

use chrono::{DateTime, Utc};
pub use safe_text::SafeText;
use serde::Serialize;

/// How a web page source without a feed finds its story links: the user's own rules, which
/// refine or replace the guess.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkRules {
    /// Only links matching this CSS selector (then no guessing).
    pub selector: Option<String>,
    /// Only URLs matching this regular expression.
    pub pattern: Option<String>,
    /// No URL matching this regular expression.
    pub exclude: Option<String>,
    /// Other sites of the same publisher whose links are stories too (`example.co.uk`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_sites: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct SourceId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct StoryId(pub i64);

/// A source as the user configured it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceSpec {
    pub url: String,
    pub title: Option<String>,
    pub folder: Option<String>,
    pub full_text: FullTextMode,
    pub keep: Retention,
    /// This source's own time between polls, in seconds.
    pub interval_secs: Option<u64>,
    /// Request headers sent to this source only (a token, a cookie).
    pub headers: Vec<(String, String)>,
    /// For a web page without a feed: how to find its story links. None for a feed.
    pub html: Option<LinkRules>,
    /// At most this many new story pages fetched per poll (HTML sources).
    pub max_pages: Option<usize>,
}

/// How long stories that left their feed are kept: by age in days and/or by count per
/// source. `None` means no limit. Bookmarked stories are always kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Retention {
    pub days: Option<u32>,
    pub count: Option<usize>,
}

/// When the poller fetches an item's web page for its full text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FullTextMode {
    /// When the feed carries only a teaser.
    #[default]
    Auto,
    Always,
    Never,
}

impl FullTextMode {
    pub fn as_str(self) -> &'static str {
        match self {
            FullTextMode::Auto => "auto",
            FullTextMode::Always => "always",
            FullTextMode::Never => "never",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "auto" => Some(FullTextMode::Auto),
            "always" => Some(FullTextMode::Always),
            "never" => Some(FullTextMode::Never),
            _ => None,
        }
    }
}

/// A story's page, extracted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageText {
    /// Clean HTML of the story alone.
    pub body: String,
    pub title: Option<SafeText>,
    pub byline: Option<SafeText>,
    pub published: Option<DateTime<Utc>>,
}

/// A story whose web page should be fetched for its full text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageJob {
    pub story: StoryId,
    pub url: String,
}

/// A search kept under a name, shown among the sources like a feed of its own.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedSearch {
    pub id: i64,
    pub name: SafeText,
    /// In the syntax of `query::parse`.
    pub query: String,
    pub total: usize,
    pub unread: usize,
}

/// A source as the library knows it, with its polling state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub id: SourceId,
    pub url: String,
    pub title: SafeText,
    pub folder: Option<SafeText>,
    pub site_url: Option<String>,
    pub last_status: Option<SafeText>,
    pub last_error: Option<SafeText>,
    pub last_polled: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
    pub items: i64,
    pub unread: i64,
    /// Where it is fetched from now, when a permanent redirect moved it.
    pub fetch_url: Option<String>,
    pub next_poll: Option<DateTime<Utc>>,
    /// Until when the server asked not to be polled (429/503 with Retry-After).
    pub backoff_until: Option<DateTime<Utc>>,
    pub consecutive_errors: i64,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Validators a server gave us, sent back on the next poll.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A source due for polling, with what to send back to its server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollTarget {
    pub id: SourceId,
    pub url: String,
    pub validators: Validators,
    pub headers: Vec<(String, String)>,
    /// Set for a web page without a feed.
    pub html: Option<LinkRules>,
}

/// One entry of a parsed feed, already cleaned of control characters.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FeedItem {
    pub guid: Option<String>,
    pub url: Option<String>,
    pub title: SafeText,
    pub author: Option<SafeText>,
    pub published: Option<DateTime<Utc>>,
    /// HTML of the item's summary or description.
    pub summary: Option<String>,
    /// HTML of the item's full content, when the feed carries it.
    pub content: Option<String>,
    /// Whether the feed's text looks like a teaser of a longer page.
    pub teaser: bool,
    /// Files the item carries: a podcast's audio, a video.
    pub enclosures: Vec<Enclosure>,
}

/// A file attached to a story, as the feed describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Enclosure {
    pub url: String,
    /// Its media type, such as `audio/mpeg`.
    #[serde(rename = "type")]
    pub mime_type: Option<String>,
    /// Its size in bytes.
    pub length: Option<u64>,
}

impl FeedItem {
    /// The identity of an item within its source: GUID, else link, else title and date.
    pub fn identity(&self) -> String {
        if let Some(guid) = self.guid.as_deref().filter(|g| !g.trim().is_empty()) {
            return format!("guid:{}", guid.trim());
        }
        if let Some(url) = self.url.as_deref().filter(|u| !u.trim().is_empty()) {
            return format!("url:{}", url.trim());
        }
        let date = self.published.map(|d| d.timestamp()).unwrap_or_default();
        format!("hash:{:016x}", fnv1a(format!("{}\u{0}{date}", self.title).as_bytes()))
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// What a feed document says once parsed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedFeed {
    pub title: Option<SafeText>,
    pub site_url: Option<String>,
    pub items: Vec<FeedItem>,
    /// Items beyond the most one poll takes, left out.
    pub items_cut: usize,
    pub hints: ScheduleHints,
}

/// What a feed says about how often to poll it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScheduleHints {
    /// RSS `<ttl>`, in minutes.
    pub ttl_minutes: Option<u64>,
    /// From `sy:updatePeriod` and `sy:updateFrequency`, in seconds.
    pub update_every_secs: Option<u64>,
    /// RSS `<skipHours>`: hours (0 to 23, UTC) not to poll in.
    pub skip_hours: Vec<u32>,
    /// RSS `<skipDays>`: weekdays not to poll on, 0 = Monday.
    pub skip_days: Vec<u32>,
}

/// What the HTTP response says about caching.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CacheHints {
    pub max_age_secs: Option<u64>,
    pub expires: Option<DateTime<Utc>>,
}

/// Facts about a response that reached the server.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResponseMeta {
    pub cache: CacheHints,
    /// Where every redirect on the way was permanent (301/308), the new address.
    pub moved_to: Option<String>,
    /// Bytes of the decoded body.
    pub bytes: usize,
}

/// An HTTP status as the server gave it: the code, and the line to show ("404 Not Found").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpStatus {
    pub code: u16,
    pub text: String,
}

/// Why a poll brought nothing, in kinds that the sources list and scripts can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollFailure {
    /// The server answered with an error status.
    Status(HttpStatus),
    Timeout,
    Unreachable,
    TooLarge,
    BadUrl,
    BadRedirect,
    /// The body is neither a feed nor, for a page source, a page with story links.
    NotAFeed,
    /// The poll arrived, but the library could not store it.
    NotStored,
    /// Anything else: a broken connection, a crashed parser.
    Other,
}

impl PollFailure {
    /// The short word the sources list shows as the last status.
    pub fn label(&self) -> &str {
        match self {
            PollFailure::Status(status) => &status.text,
            PollFailure::Timeout => "timeout",
            PollFailure::Unreachable => "unreachable",
            PollFailure::TooLarge => "too large",
            PollFailure::BadUrl => "bad url",
            PollFailure::BadRedirect => "bad redirect",
            PollFailure::NotAFeed => "not a feed",
            PollFailure::NotStored => "not stored",
            PollFailure::Other => "error",
        }
    }
}

/// What one poll of a source brought.
#[derive(Debug, Clone)]
pub enum PollOutcome {
    Fetched {
        feed: ParsedFeed,
        validators: Validators,
        status: HttpStatus,
        meta: ResponseMeta,
    },
    NotModified {
        validators: Validators,
        meta: ResponseMeta,
    },
    /// `retry_after` is the server's own request to wait (429, 503), in seconds.
    Failed {
        failure: PollFailure,
        error: String,
        retry_after: Option<u64>,
    },
}

/// Which sources a refresh polls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshScope {
    /// Every active source not in a server-requested back-off (`R`, `newsdesk refresh`).
    All,
    /// Every active source, back-off or not (`newsdesk refresh --force`).
    Forced,
    /// Sources whose next poll time has come (the periodic refresh).
    Due,
    /// These sources, unless in a server-requested back-off (`r`).
    Only(Vec<SourceId>),
}

/// How one source's poll ended, once stored.
#[derive(Debug, Clone, PartialEq)]
pub enum SourceOutcome {
    Fetched { status: HttpStatus, changes: PollChanges, bytes: usize },
    NotModified,
    Failed { failure: PollFailure, error: String },
}

/// What a refresh reports as it goes, in this order: started, one `Source` per source,
/// the pages fetched for full text, then `Finished`.
#[derive(Debug, Clone, PartialEq)]
pub enum RefreshEvent {
    Started {
        sources: usize,
    },
    Source {
        id: SourceId,
        outcome: SourceOutcome,
    },
    PagesStarted {
        pages: usize,
    },
    /// A story's page: its extracted body, or why not.
    Page {
        story: StoryId,
        result: Result<String, String>,
    },
    /// The library could not do a step that is not one source's (listing the sources,
    /// retention); the refresh goes on where it can.
    Problem(String),
    /// Everything is stored; retention removed this many old stories.
    Finished {
        removed: usize,
    },
}

/// What storing a poll changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PollChanges {
    pub new: usize,
    pub updated: usize,
    /// Items the library could not store; the others are stored all the same.
    pub skipped: usize,
    /// Items beyond the most one poll takes (`feed::MAX_ITEMS`), left for a later poll.
    pub cut: usize,
}

/// A story as the list pane shows it: no bodies, so pages of rows stay small.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryRow {
    pub id: StoryId,
    pub source_id: Option<SourceId>,
    pub source: SafeText,
    pub title: SafeText,
    pub url: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub read: bool,
    pub bookmarked: bool,
    pub tags: Vec<String>,
}

/// A whole story, with its texts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    pub id: StoryId,
    /// The feed's own id of the entry (its guid or Atom id).
    pub guid: Option<String>,
    /// The source it came from, as `sources --json` lists it; none once the source is removed.
    pub source_id: Option<SourceId>,
    pub source_url: Option<String>,
    pub source: SafeText,
    pub title: SafeText,
    pub url: Option<String>,
    pub author: Option<SafeText>,
    #[serde(serialize_with = "rfc3339_opt")]
    pub published: Option<DateTime<Utc>>,
    pub summary: Option<String>,
    pub content: Option<String>,
    /// The story extracted from its web page, when it was fetched.
    pub full_text: Option<String>,
    pub read: bool,
    pub bookmarked: bool,
    /// The feed changed the story after it was first stored.
    pub updated: bool,
    /// When it was bookmarked, its tags and the note written on it.
    #[serde(serialize_with = "rfc3339_opt")]
    pub bookmarked_at: Option<DateTime<Utc>>,
    pub tags: Vec<String>,
    pub note: Option<String>,
    pub enclosures: Vec<Enclosure>,
}

impl Story {
    /// A story with nothing but its id, to fill in with struct update syntax.
    pub fn blank(id: StoryId) -> Story {
        Story {
            id,
            guid: None,
            source_id: None,
            source_url: None,
            source: SafeText::default(),
            title: SafeText::default(),
            url: None,
            author: None,
            published: None,
            summary: None,
            content: None,
            full_text: None,
            read: false,
            bookmarked: false,
            updated: false,
            bookmarked_at: None,
            tags: Vec::new(),
            note: None,
            enclosures: Vec::new(),
        }
    }

    /// The richest HTML body the feed gave.
    pub fn feed_html(&self) -> &str {
        self.content.as_deref().filter(|c| !c.trim().is_empty()).or(self.summary.as_deref()).unwrap_or("")
    }

    /// The body to show: the full text when there is one, else the feed's.
    pub fn body_html(&self) -> &str {
        self.full_text.as_deref().filter(|c| !c.trim().is_empty()).unwrap_or_else(|| self.feed_html())
    }
}

pub fn rfc3339_opt<S: serde::Serializer>(
    value: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(d) => serializer.serialize_str(&d.to_rfc3339()),
        None => serializer.serialize_none(),
    }
}

/// Which stories a list shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoryFilter {
    pub source: Option<SourceId>,
    pub unread_only: bool,
    pub bookmarked_only: bool,
    /// Only bookmarks carrying this tag.
    pub tag: Option<String>,
    /// Only stories whose title or note holds these words.
    pub words: Option<String>,
    /// How bookmarks are ordered (other lists are newest first).
    pub order: BookmarkOrder,
    /// An FTS5 match expression over titles and texts.
    pub text: Option<String>,
    /// Only this source, by title (case folded).
    pub source_name: Option<String>,
    pub before: Option<DateTime<Utc>>,
    pub after: Option<DateTime<Utc>>,
    pub updated_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BookmarkOrder {
    /// Most recently bookmarked first.
    #[default]
    Newest,
    Source,
    Title,
}

impl BookmarkOrder {
    pub fn next(self) -> Self {
        match self {
            BookmarkOrder::Newest => BookmarkOrder::Source,
            BookmarkOrder::Source => BookmarkOrder::Title,
            BookmarkOrder::Title => BookmarkOrder::Newest,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BookmarkOrder::Newest => "newest",
            BookmarkOrder::Source => "by source",
            BookmarkOrder::Title => "by title",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_prefers_guid_then_link_then_hash() {
        let mut item = FeedItem {
            guid: Some(" g1 ".into()),
            url: Some("http://x/1".into()),
            title: "T".into(),
            ..FeedItem::default()
        };
        assert_eq!(item.identity(), "guid:g1");
        item.guid = None;
        assert_eq!(item.identity(), "url:http://x/1");
        item.url = None;
        let a = item.identity();
        item.title = "U".into();
        assert!(a.starts_with("hash:"));
        assert_ne!(a, item.identity());
    }
}
