//! The library on disk. Only this folder touches SQLite; everything else asks it through
//! the typed API of `Store`, whose methods are grouped by what they keep: sources, stories,
//! bookmarks, saved searches and the library's upkeep. `worker` runs a store on a thread of
//! its own for the reader and the refresh.

mod bookmarks;
mod maintenance;
mod schema;
mod searches;
mod sources;
mod stories;
pub mod worker;

pub use maintenance::{HTML_KEEP_COUNT, LibraryStats};

use crate::domain::schedule;
use crate::domain::{
    FeedItem, PageJob, PollChanges, PollOutcome, PollTarget, RefreshScope, SafeText, SavedSearch,
    ScheduleHints, Source, SourceId, SourceSpec, Story, StoryFilter, StoryId, StoryRow, Validators,
};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, params, params_from_iter, types::Value};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the library {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("the library {path} was written by a newer newsdesk (schema {found}, this one knows {known})")]
    TooNew { path: String, found: usize, known: usize },
    #[error("library error: {0}")]
    Sql(#[from] rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

pub struct Store {
    conn: Connection,
    poll_interval_secs: i64,
    /// The search whose matching story ids are in `temp.search_hits`, and the library's
    /// `data_version` then: a list's count and each window of it ask the full-text index
    /// once, not once per query.
    search_hits: std::cell::RefCell<Option<SearchHits>>,
}

pub use crate::domain::Retention;

#[derive(Debug, Clone, PartialEq, Eq)]
struct SearchHits {
    text: String,
    data_version: i64,
    count: usize,
}

impl Store {
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let shown = path.display().to_string();
        let conn =
            Connection::open(path).map_err(|source| StoreError::Open { path: shown.clone(), source })?;
        Self::setup(conn, &shown)
    }

    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?, ":memory:")
    }

    fn setup(mut conn: Connection, shown: &str) -> Result<Store> {
        let open_err = |source| StoreError::Open { path: shown.to_string(), source };
        conn.busy_timeout(std::time::Duration::from_secs(5)).map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(open_err)?;
        if found as usize > schema::latest_version() {
            return Err(StoreError::TooNew {
                path: shown.to_string(),
                found: found as usize,
                known: schema::latest_version(),
            });
        }
        schema::migrate(&mut conn).map_err(open_err)?;
        conn.execute_batch(
            "PRAGMA temp_store = MEMORY;
             CREATE TEMP TABLE search_hits (id INTEGER PRIMARY KEY);",
        )
        .map_err(open_err)?;
        Ok(Store { conn, poll_interval_secs: 1800, search_hits: Default::default() })
    }
}

impl Store {}

fn from_ts(ts: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(ts, 0).single()
}

/// Text read back from the library is held to the same rule as text that enters it: it is
/// safe to show (a clean line costs one scan, no copy).
impl rusqlite::types::FromSql for crate::domain::SafeText {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        String::column_result(value).map(crate::domain::SafeText::from)
    }
}

impl rusqlite::types::ToSql for crate::domain::SafeText {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.as_str().to_sql()
    }
}
