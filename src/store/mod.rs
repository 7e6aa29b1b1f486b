//! The library on disk. Only this module touches SQLite; everything else asks it through
//! the typed API below.

mod schema;
pub mod worker;

use crate::domain::schedule;
use crate::domain::{
    FeedItem, PageJob, PollChanges, PollOutcome, PollTarget, RefreshScope, SavedSearch, ScheduleHints,
    Source, SourceId, SourceSpec, Story, StoryFilter, StoryId, StoryRow, Validators,
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

/// Up to this many matches, a search list looks its stories up by id and sorts them; above,
/// it walks the listing index in order and stops after a page.
const FEW_HITS: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LibraryStats {
    pub sources: i64,
    pub stories: i64,
    pub unread: i64,
    pub bookmarks: i64,
    pub full_texts: i64,
    pub bytes: i64,
    pub free_bytes: i64,
}

/// Stories kept per web page source (kind = "html") that sets no retention of its own, once
/// they left the page.
pub const HTML_KEEP_COUNT: i64 = 300;

fn numbers(text: Option<String>) -> Vec<u32> {
    text.unwrap_or_default().split(',').filter_map(|n| n.trim().parse().ok()).collect()
}

fn join_numbers(values: &[u32]) -> Option<String> {
    (!values.is_empty()).then(|| values.iter().map(u32::to_string).collect::<Vec<_>>().join(","))
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

    /// Makes the configured sources the active ones, in config order. Sources that left the
    /// config are kept inactive so that their stories (and bookmarks) stay.
    pub fn sync_sources(&mut self, specs: &[SourceSpec]) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE sources SET active = 0", [])?;
        for (position, spec) in specs.iter().enumerate() {
            tx.execute(
                "INSERT INTO sources (url, title, folder, position, active, full_text_mode, keep_days, keep_count,
                                      interval_secs, headers, html_rules, max_pages)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT(url) DO UPDATE SET title = ?2, folder = ?3, position = ?4, active = 1,
                                                full_text_mode = ?5, keep_days = ?6, keep_count = ?7,
                                                interval_secs = ?8, headers = ?9, html_rules = ?10,
                                                max_pages = ?11",
                params![
                    spec.url,
                    spec.title,
                    spec.folder,
                    position as i64,
                    spec.full_text.as_str(),
                    spec.keep.days,
                    spec.keep.count.map(|c| c as i64),
                    spec.interval_secs.map(|s| s as i64),
                    (!spec.headers.is_empty()).then(|| serde_json::to_string(&spec.headers).unwrap_or_default()),
                    spec.html.as_ref().map(|r| serde_json::to_string(r).unwrap_or_default()),
                    spec.max_pages.map(|m| m as i64)
                ],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The active sources with their counts.
    pub fn sources(&self) -> Result<Vec<Source>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id, s.url, COALESCE(s.title, s.feed_title, s.url), s.folder, s.site_url,
                    s.last_status, s.last_error, s.last_polled, s.last_success,
                    (SELECT COUNT(*) FROM stories WHERE source_id = s.id),
                    (SELECT COUNT(*) FROM stories WHERE source_id = s.id AND read = 0),
                    s.fetch_url, s.next_poll, s.backoff_until, s.consecutive_errors, s.etag, s.last_modified
             FROM sources s WHERE s.active = 1 ORDER BY s.position, s.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let url: String = r.get(1)?;
            let title: String = r.get(2)?;
            Ok(Source {
                id: SourceId(r.get(0)?),
                // An untitled source is named by its address: never with its credentials.
                title: if title == url { crate::domain::safe_text::mask(&url) } else { title },
                url,
                folder: r.get(3)?,
                site_url: r.get(4)?,
                last_status: r.get(5)?,
                last_error: r.get(6)?,
                last_polled: r.get::<_, Option<i64>>(7)?.and_then(from_ts),
                last_success: r.get::<_, Option<i64>>(8)?.and_then(from_ts),
                items: r.get(9)?,
                unread: r.get(10)?,
                fetch_url: r.get(11)?,
                next_poll: r.get::<_, Option<i64>>(12)?.and_then(from_ts),
                backoff_until: r.get::<_, Option<i64>>(13)?.and_then(from_ts),
                consecutive_errors: r.get(14)?,
                etag: r.get(15)?,
                last_modified: r.get(16)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The sources to poll, with their validators and the address to fetch (the last
    /// permanent redirect's target, else the configured one).
    pub fn poll_targets(&self, scope: &RefreshScope, now: DateTime<Utc>) -> Result<Vec<PollTarget>> {
        let now = now.timestamp();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, COALESCE(fetch_url, url), etag, last_modified, next_poll, backoff_until, headers, html_rules
             FROM sources WHERE active = 1 ORDER BY position, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let target = PollTarget {
                id: SourceId(r.get(0)?),
                url: r.get(1)?,
                validators: Validators { etag: r.get(2)?, last_modified: r.get(3)? },
                headers: r
                    .get::<_, Option<String>>(6)?
                    .and_then(|h| serde_json::from_str(&h).ok())
                    .unwrap_or_default(),
                html: r.get::<_, Option<String>>(7)?.and_then(|h| serde_json::from_str(&h).ok()),
            };
            Ok((target, r.get::<_, Option<i64>>(4)?, r.get::<_, Option<i64>>(5)?))
        })?;
        let all: Vec<(PollTarget, Option<i64>, Option<i64>)> = rows.collect::<rusqlite::Result<_>>()?;
        let held_back = |backoff: Option<i64>| backoff.is_some_and(|until| until > now);
        Ok(all
            .into_iter()
            .filter(|(t, next, backoff)| match scope {
                RefreshScope::Forced => true,
                RefreshScope::All => !held_back(*backoff),
                RefreshScope::Due => !held_back(*backoff) && next.is_none_or(|n| n <= now),
                RefreshScope::Only(ids) => ids.contains(&t.id) && !held_back(*backoff),
            })
            .map(|(t, _, _)| t)
            .collect())
    }

    /// Sources held back by their server (429/503 with Retry-After), with the time they may
    /// be polled again.
    pub fn held_back(&self, now: DateTime<Utc>) -> Result<Vec<(SourceId, DateTime<Utc>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, backoff_until FROM sources WHERE active = 1 AND backoff_until > ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([now.timestamp()], |r| Ok((SourceId(r.get(0)?), r.get::<_, i64>(1)?)))?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(id, t)| Some((id, from_ts(t)?)))
            .collect())
    }

    pub fn validators(&self, source: SourceId) -> Result<Validators> {
        Ok(self
            .conn
            .query_row("SELECT etag, last_modified FROM sources WHERE id = ?1", [source.0], |r| {
                Ok(Validators { etag: r.get(0)?, last_modified: r.get(1)? })
            })
            .optional()?
            .unwrap_or_default())
    }

    /// Stores what a poll brought, in one transaction: a failure leaves stories untouched.
    pub fn record_poll(
        &mut self,
        source: SourceId,
        outcome: &PollOutcome,
        now: DateTime<Utc>,
    ) -> Result<PollChanges> {
        self.forget_search_hits();
        let tx = self.conn.transaction()?;
        let interval: i64 = tx.query_row(
            "SELECT COALESCE(interval_secs, ?2) FROM sources WHERE id = ?1",
            params![source.0, self.poll_interval_secs],
            |r| r.get(0),
        )?;
        let now_ts = now.timestamp();
        let mut changes = PollChanges::default();
        let (failures, stored_hints): (u32, ScheduleHints) = tx.query_row(
            "SELECT consecutive_errors, feed_interval_secs, skip_hours, skip_days FROM sources WHERE id = ?1",
            [source.0],
            |r| {
                Ok((
                    r.get::<_, i64>(0)? as u32,
                    ScheduleHints {
                        ttl_minutes: None,
                        update_every_secs: r.get::<_, Option<i64>>(1)?.map(|s| s.max(0) as u64),
                        skip_hours: numbers(r.get::<_, Option<String>>(2)?),
                        skip_days: numbers(r.get::<_, Option<String>>(3)?),
                    },
                ))
            },
        )?;
        match outcome {
            PollOutcome::Failed { failure, error, retry_after } => {
                let next = schedule::after_failure(now, failures + 1, *retry_after, source.0 as u64);
                // The server's own wait binds even a manual refresh; our back-off only the schedule.
                let backoff_until =
                    retry_after.map(|secs| now_ts + secs.min(schedule::MAX_RETRY_AFTER_SECS) as i64);
                tx.execute(
                    "UPDATE sources SET last_status = ?2, last_error = ?3, last_polled = ?4,
                     consecutive_errors = consecutive_errors + 1, next_poll = ?5, backoff_until = ?6 WHERE id = ?1",
                    params![source.0, failure.label(), error, now_ts, next.timestamp(), backoff_until],
                )?;
            }
            PollOutcome::NotModified { validators, meta } => {
                let next = schedule::after_success(now, interval, &meta.cache, &stored_hints);
                tx.execute(
                    "UPDATE sources SET last_status = '304 Not Modified', last_error = NULL, last_polled = ?2,
                     last_success = ?2, etag = COALESCE(?3, etag), last_modified = COALESCE(?4, last_modified),
                     consecutive_errors = 0, next_poll = ?5, backoff_until = NULL, last_bytes = 0,
                     fetch_url = COALESCE(?6, fetch_url) WHERE id = ?1",
                    params![source.0, now_ts, validators.etag, validators.last_modified, next.timestamp(), meta.moved_to],
                )?;
            }
            PollOutcome::Fetched { feed, validators, status, meta } => {
                let source_title: String = tx.query_row(
                    "SELECT COALESCE(title, ?2, url) FROM sources WHERE id = ?1",
                    params![source.0, feed.title],
                    |r| r.get(0),
                )?;
                let next = schedule::after_success(now, interval, &meta.cache, &feed.hints);
                let feed_interval = feed
                    .hints
                    .ttl_minutes
                    .map(|m| m.saturating_mul(60))
                    .max(feed.hints.update_every_secs)
                    .map(|s| s.min(i64::MAX as u64) as i64);
                tx.execute(
                    "UPDATE sources SET last_status = ?2, last_error = NULL, last_polled = ?3, last_success = ?3,
                     etag = ?4, last_modified = ?5, feed_title = COALESCE(?6, feed_title),
                     site_url = COALESCE(?7, site_url), consecutive_errors = 0, next_poll = ?8,
                     backoff_until = NULL, last_bytes = ?9, fetch_url = COALESCE(?10, fetch_url),
                     feed_interval_secs = ?11, skip_hours = ?12, skip_days = ?13 WHERE id = ?1",
                    params![
                        source.0,
                        status.text,
                        now_ts,
                        validators.etag,
                        validators.last_modified,
                        feed.title,
                        feed.site_url,
                        next.timestamp(),
                        meta.bytes as i64,
                        meta.moved_to,
                        feed_interval,
                        join_numbers(&feed.hints.skip_hours),
                        join_numbers(&feed.hints.skip_days)
                    ],
                )?;
                for (offset, item) in feed.items.iter().enumerate() {
                    // Undated items keep the feed's order: earlier in the feed sorts newer.
                    let seen = now_ts - offset as i64;
                    match upsert_story(&tx, source, &source_title, item, seen, now_ts)? {
                        Upsert::New => changes.new += 1,
                        Upsert::Updated => changes.updated += 1,
                        Upsert::Same => {}
                    }
                }
            }
        }
        tx.commit()?;
        Ok(changes)
    }

    /// Deletes stories that have left their feed and are older or more than the source's
    /// retention allows (`default` where the source sets none). Bookmarked stories are never
    /// deleted, nor stories still in the feed. Returns how many went.
    pub fn apply_retention(&mut self, now: DateTime<Utc>, default: Retention) -> Result<usize> {
        self.forget_search_hits();
        let tx = self.conn.transaction()?;
        // Per source: id, its own days and count, last success, whether it is a web page.
        type Kept = (i64, Option<i64>, Option<i64>, i64, bool);
        let sources: Vec<Kept> = {
            let mut stmt = tx.prepare(
                "SELECT id, keep_days, keep_count, COALESCE(last_success, 0), html_rules IS NOT NULL FROM sources",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut deleted = 0;
        for (id, days, count, last_success, html) in sources {
            // A source that sets its own retention replaces the defaults; 0 means no limit.
            let (days, count) = if days.is_some() || count.is_some() {
                (days, count)
            } else {
                (default.days.map(i64::from), default.count.map(|c| c as i64))
            };
            // A page whose links change every poll must not grow without end.
            let count = count.or(html.then_some(HTML_KEEP_COUNT));
            let (days, count) = (days.filter(|d| *d > 0), count.filter(|c| *c > 0));
            if let Some(days) = days {
                deleted += tx.execute(
                    "DELETE FROM stories WHERE source_id = ?1 AND bookmarked = 0
                       AND COALESCE(last_seen, 0) < ?2 AND sort_time < ?3",
                    params![id, last_success, now.timestamp() - days * 86_400],
                )?;
            }
            if let Some(count) = count {
                deleted += tx.execute(
                    "DELETE FROM stories WHERE source_id = ?1 AND bookmarked = 0 AND COALESCE(last_seen, 0) < ?2
                       AND id NOT IN (SELECT id FROM stories WHERE source_id = ?1
                                      ORDER BY sort_time DESC, id DESC LIMIT ?3)",
                    params![id, last_success, count],
                )?;
            }
        }
        tx.commit()?;
        Ok(deleted)
    }

    /// How long a healthy source waits between polls, unless its server or feed asks longer.
    pub fn set_poll_interval(&mut self, secs: i64) {
        self.poll_interval_secs = secs.max(60);
    }

    /// One page of the stories that match `filter`, newest first.
    pub fn stories(&self, filter: &StoryFilter, offset: usize, limit: usize) -> Result<Vec<StoryRow>> {
        let (clause, mut args) = self.where_clause(filter)?;
        let order = match (filter.bookmarked_only, filter.order) {
            (false, _) => "ORDER BY sort_time DESC, id DESC",
            (true, crate::domain::BookmarkOrder::Newest) => "ORDER BY bookmarked_at DESC, id DESC",
            (true, crate::domain::BookmarkOrder::Source) => {
                "ORDER BY source_title COLLATE NOCASE, bookmarked_at DESC, id DESC"
            }
            (true, crate::domain::BookmarkOrder::Title) => "ORDER BY title COLLATE NOCASE, id DESC",
        };
        let sql = format!(
            "SELECT id, source_id, source_title, title, url, published, read, bookmarked, tags
             FROM stories {clause} {order} LIMIT ? OFFSET ?"
        );
        args.push(Value::Integer(limit as i64));
        args.push(Value::Integer(offset as i64));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok(StoryRow {
                id: StoryId(r.get(0)?),
                source_id: r.get::<_, Option<i64>>(1)?.map(SourceId),
                source: r.get(2)?,
                title: r.get(3)?,
                url: r.get(4)?,
                published: r.get::<_, Option<i64>>(5)?.and_then(from_ts),
                read: r.get(6)?,
                bookmarked: r.get(7)?,
                tags: r
                    .get::<_, String>(8)?
                    .split(',')
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn count(&self, filter: &StoryFilter) -> Result<usize> {
        let text_only =
            StoryFilter { text: filter.text.clone(), order: filter.order, ..StoryFilter::default() };
        if filter.text.is_some() && *filter == text_only {
            // Every match is a stored story: the trigger forgets removed ones.
            self.where_clause(filter)?;
            return Ok(self.search_hits.borrow().as_ref().map_or(0, |hits| hits.count));
        }
        let (clause, args) = self.where_clause(filter)?;
        let sql = format!("SELECT COUNT(*) FROM stories {clause}");
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row(params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Whole stories matching `filter`, a page at a time, for streaming output.
    /// `f` returns `ControlFlow::Break` to stop early (a reader that went away).
    pub fn for_each_story(
        &self,
        filter: &StoryFilter,
        mut f: impl FnMut(Story) -> std::ops::ControlFlow<()>,
    ) -> Result<()> {
        let (clause, args) = self.where_clause(filter)?;
        let sql = format!("{STORY_COLUMNS} {clause} ORDER BY sort_time DESC, id DESC");
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(args))?;
        while let Some(row) = rows.next()? {
            if f(story_from_row(row)?).is_break() {
                break;
            }
        }
        Ok(())
    }

    pub fn story(&self, id: StoryId) -> Result<Option<Story>> {
        let sql = format!("{STORY_COLUMNS} WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id.0], story_from_row).optional()?)
    }

    pub fn set_read(&mut self, id: StoryId, read: bool) -> Result<bool> {
        Ok(self.conn.execute("UPDATE stories SET read = ?2 WHERE id = ?1", params![id.0, read])? > 0)
    }

    /// Marks every story matching `filter` read; returns how many changed.
    pub fn mark_all_read(&mut self, filter: &StoryFilter) -> Result<usize> {
        let (clause, args) = self.where_clause(filter)?;
        let clause =
            if clause.is_empty() { "WHERE read = 0".to_string() } else { format!("{clause} AND read = 0") };
        let sql = format!("UPDATE stories SET read = 1 {clause}");
        Ok(self.conn.execute(&sql, params_from_iter(args))?)
    }

    /// Marks or unmarks a bookmark; returns false when there is no such story.
    pub fn set_bookmarked(&mut self, id: StoryId, on: bool, now: DateTime<Utc>) -> Result<bool> {
        let changed = self.conn.execute(
            "UPDATE stories SET bookmarked = ?2,
                    bookmarked_at = CASE WHEN ?2 THEN COALESCE(bookmarked_at, ?3) ELSE NULL END
             WHERE id = ?1",
            params![id.0, on, now.timestamp()],
        )?;
        Ok(changed > 0)
    }

    /// Stories whose page should be fetched for the full text: those of `always` sources,
    /// and the teasers of `auto` sources, not yet fetched and not failed too often.
    /// With `only`, just those stories, whatever their source's mode.
    pub fn page_jobs(&self, only: Option<&[StoryId]>, limit: usize) -> Result<Vec<PageJob>> {
        let map = |r: &rusqlite::Row<'_>| Ok(PageJob { story: StoryId(r.get(0)?), url: r.get(1)? });
        if let Some(ids) = only {
            let mut jobs = Vec::new();
            for id in ids {
                let job = self
                    .conn
                    .query_row("SELECT id, url FROM stories WHERE id = ?1 AND url IS NOT NULL", [id.0], map)
                    .optional()?;
                jobs.extend(job);
            }
            return Ok(jobs);
        }
        // HTML sources want every page, at most `max_pages` (default 10) of each per poll.
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, url FROM (
               SELECT st.id, st.url, st.sort_time,
                      ROW_NUMBER() OVER (PARTITION BY st.source_id ORDER BY st.sort_time DESC) AS n,
                      so.html_rules IS NOT NULL AS html, COALESCE(so.max_pages, 10) AS most
               FROM stories st JOIN sources so ON so.id = st.source_id
               WHERE st.has_full_text = 0 AND st.url IS NOT NULL AND st.full_text_tries < 3 AND so.active = 1
                 AND (so.html_rules IS NOT NULL OR so.full_text_mode = 'always'
                      OR (so.full_text_mode = 'auto' AND st.teaser = 1)))
             WHERE NOT html OR n <= most
             ORDER BY sort_time DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], map)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stores the outcome of fetching a story's page: the extracted HTML, or why it failed.
    pub fn record_full_text(
        &mut self,
        id: StoryId,
        outcome: &std::result::Result<crate::domain::PageText, String>,
    ) -> Result<()> {
        self.forget_search_hits();
        let tx = self.conn.transaction()?;
        match outcome {
            // The page's own title replaces the link text of a story found on a web page.
            Ok(page) => tx.execute(
                "UPDATE stories SET has_full_text = 1,
                        author = COALESCE(author, ?2),
                        sort_time = CASE WHEN published IS NULL AND ?3 IS NOT NULL THEN ?3 ELSE sort_time END,
                        published = COALESCE(published, ?3),
                        title = CASE WHEN ?4 IS NOT NULL AND
                                     (SELECT html_rules FROM sources WHERE sources.id = stories.source_id) IS NOT NULL
                                THEN ?4 ELSE title END
                 WHERE id = ?1",
                params![
                    id.0,
                    page.byline,
                    page.published.map(|d| d.timestamp()),
                    page.title.as_deref().map(crate::domain::safe_text::clean_line)
                ],
            )?,
            Err(_) => tx.execute("UPDATE stories SET full_text_tries = full_text_tries + 1 WHERE id = ?1", [id.0])?,
        };
        let (text, error) = match outcome {
            Ok(page) => (Some(page.body.as_str()), None),
            Err(error) => (None, Some(error.as_str())),
        };
        tx.execute(
            "INSERT INTO story_bodies (story_id, full_text, full_text_error)
             SELECT id, ?2, ?3 FROM stories WHERE id = ?1
             ON CONFLICT (story_id) DO UPDATE SET full_text = COALESCE(excluded.full_text, full_text),
                                                 full_text_error = excluded.full_text_error",
            params![id.0, text, error],
        )?;
        if let Ok(page) = outcome {
            let title: Option<String> =
                tx.query_row("SELECT title FROM stories WHERE id = ?1", [id.0], |r| r.get(0)).optional()?;
            if let Some(title) = title {
                index(&tx, id.0, &title, Some(&page.body))?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Sets a bookmark's tags (a bookmark is made if there is none); returns false when there
    /// is no such story.
    pub fn set_tags(&mut self, id: StoryId, tags: &[String], now: DateTime<Utc>) -> Result<bool> {
        let clean: Vec<String> = tags
            .iter()
            .map(|t| crate::domain::safe_text::clean_line(t).replace(',', " ").trim().to_lowercase())
            .filter(|t| !t.is_empty())
            .collect();
        let changed = self.conn.execute(
            "UPDATE stories SET tags = ?2, bookmarked = 1, bookmarked_at = COALESCE(bookmarked_at, ?3) WHERE id = ?1",
            params![id.0, clean.join(","), now.timestamp()],
        )?;
        Ok(changed > 0)
    }

    /// Writes a note on a bookmark (a bookmark is made if there is none).
    pub fn set_note(&mut self, id: StoryId, note: Option<&str>, now: DateTime<Utc>) -> Result<bool> {
        let note = note.map(crate::domain::safe_text::clean_block).filter(|n| !n.trim().is_empty());
        let changed = self.conn.execute(
            "UPDATE stories SET note = ?2, bookmarked = 1, bookmarked_at = COALESCE(bookmarked_at, ?3) WHERE id = ?1",
            params![id.0, note, now.timestamp()],
        )?;
        Ok(changed > 0)
    }

    /// The saved searches in the order they were saved, each with the stories it finds now.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>> {
        let saved: Vec<(i64, String, String)> = self
            .conn
            .prepare_cached("SELECT id, name, query FROM saved_searches ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut searches = Vec::new();
        for (id, name, query) in saved {
            // Saved queries were parsed when saved; one that no longer parses finds nothing.
            let (total, unread) = match crate::domain::query::parse(&query) {
                Ok(parsed) => {
                    let filter = parsed.filter();
                    let unread = StoryFilter { unread_only: true, ..filter.clone() };
                    (self.count(&filter)?, self.count(&unread)?)
                }
                Err(_) => (0, 0),
            };
            searches.push(SavedSearch { id, name, query, total, unread });
        }
        Ok(searches)
    }

    /// The query saved under `name` (case aside), without counting what it finds.
    pub fn saved_query(&self, name: &str) -> Result<Option<String>> {
        let sql = "SELECT query FROM saved_searches WHERE name = ?1";
        Ok(self.conn.query_row(sql, [name], |r| r.get(0)).optional()?)
    }

    /// Keeps `query` under `name`; a search of that name (case aside) is replaced.
    /// Returns whether one was replaced.
    pub fn save_search(&mut self, name: &str, query: &str) -> Result<bool> {
        let tx = self.conn.transaction()?;
        let replaced =
            tx.execute("UPDATE saved_searches SET query = ?2 WHERE name = ?1", params![name, query])?;
        if replaced == 0 {
            tx.execute("INSERT INTO saved_searches (name, query) VALUES (?1, ?2)", params![name, query])?;
        }
        tx.commit()?;
        Ok(replaced > 0)
    }

    /// Forgets the saved search of this name (case aside); false when there was none.
    pub fn remove_search(&mut self, name: &str) -> Result<bool> {
        Ok(self.conn.execute("DELETE FROM saved_searches WHERE name = ?1", [name])? > 0)
    }

    /// Counts and sizes of the library, for `newsdesk db stats`.
    pub fn stats(&self) -> Result<LibraryStats> {
        let count = |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
        let page_size = count("PRAGMA page_size")?;
        Ok(LibraryStats {
            sources: count("SELECT COUNT(*) FROM sources WHERE active = 1")?,
            stories: count("SELECT COUNT(*) FROM stories")?,
            unread: count("SELECT COUNT(*) FROM stories WHERE read = 0")?,
            bookmarks: count("SELECT COUNT(*) FROM stories WHERE bookmarked = 1")?,
            full_texts: count("SELECT COUNT(*) FROM stories WHERE has_full_text = 1")?,
            bytes: count("PRAGMA page_count")? * page_size,
            free_bytes: count("PRAGMA freelist_count")? * page_size,
        })
    }

    /// Rewrites the library file without its free pages.
    pub fn vacuum(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA optimize;")?;
        Ok(())
    }

    /// Refreshes the planner's statistics; cheap, and worth it after large writes.
    pub fn optimize(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA optimize;")?;
        Ok(())
    }
}

/// Puts a story's title and text into the search index, in place of what was there.
fn index(conn: &rusqlite::Connection, id: i64, title: &str, html: Option<&str>) -> Result<()> {
    conn.execute("DELETE FROM story_search WHERE rowid = ?1", [id])?;
    conn.execute(
        "INSERT INTO story_search (rowid, title, body) VALUES (?1, ?2, ?3)",
        params![id, title, crate::content::html_text::plain_text(html.unwrap_or(""))],
    )?;
    Ok(())
}

enum Upsert {
    New,
    Updated,
    Same,
}

fn upsert_story(
    tx: &rusqlite::Transaction<'_>,
    source: SourceId,
    source_title: &str,
    item: &FeedItem,
    seen: i64,
    polled: i64,
) -> Result<Upsert> {
    let identity = item.identity();
    let published = item.published.map(|d| d.timestamp());
    let existing: Option<(i64, String, Option<String>, Option<String>)> = tx
        .query_row(
            "SELECT s.id, s.title, b.summary, b.content
             FROM stories s LEFT JOIN story_bodies b ON b.story_id = s.id
             WHERE s.source_id = ?1 AND s.identity = ?2",
            params![source.0, identity],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    match existing {
        None => {
            tx.execute(
                "INSERT INTO stories (source_id, source_title, identity, guid, url, title, author, published,
                                      first_seen, sort_time, teaser, last_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    source.0,
                    source_title,
                    identity,
                    item.guid,
                    item.url,
                    item.title,
                    item.author,
                    published,
                    seen,
                    published.unwrap_or(seen),
                    item.teaser,
                    polled
                ],
            )?;
            let id = tx.last_insert_rowid();
            write_body(tx, id, item)?;
            index(tx, id, &item.title, item.content.as_deref().or(item.summary.as_deref()))?;
            Ok(Upsert::New)
        }
        Some((id, title, summary, content)) => {
            if title == item.title && summary == item.summary && content == item.content {
                tx.execute("UPDATE stories SET last_seen = ?2 WHERE id = ?1", params![id, polled])?;
                return Ok(Upsert::Same);
            }
            // The same story, edited: update in place and keep its read and bookmark state.
            tx.execute(
                "UPDATE stories SET title = ?2, author = ?3, url = ?4,
                        published = COALESCE(?5, published), updated = 1, last_seen = ?6 WHERE id = ?1",
                params![id, item.title, item.author, item.url, published, polled],
            )?;
            write_body(tx, id, item)?;
            index(tx, id, &item.title, item.content.as_deref().or(item.summary.as_deref()))?;
            Ok(Upsert::Updated)
        }
    }
}

/// The feed's text of a story, kept beside it (see the schema for why).
fn write_body(tx: &rusqlite::Transaction<'_>, id: i64, item: &FeedItem) -> Result<()> {
    tx.execute(
        "INSERT INTO story_bodies (story_id, summary, content) VALUES (?1, ?2, ?3)
         ON CONFLICT (story_id) DO UPDATE SET summary = excluded.summary, content = excluded.content",
        params![id, item.summary, item.content],
    )?;
    Ok(())
}

const STORY_COLUMNS: &str =
    "SELECT id, source_id, source_title, title, url, author, published, b.summary, b.content,
            read, bookmarked, b.full_text, updated, bookmarked_at, tags, note
     FROM stories LEFT JOIN story_bodies b ON b.story_id = stories.id";

fn story_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Story> {
    Ok(Story {
        id: StoryId(r.get(0)?),
        source_id: r.get::<_, Option<i64>>(1)?.map(SourceId),
        source: r.get(2)?,
        title: r.get(3)?,
        url: r.get(4)?,
        author: r.get(5)?,
        published: r.get::<_, Option<i64>>(6)?.and_then(from_ts),
        summary: r.get(7)?,
        content: r.get(8)?,
        read: r.get(9)?,
        bookmarked: r.get(10)?,
        full_text: r.get(11)?,
        updated: r.get(12)?,
        bookmarked_at: r.get::<_, Option<i64>>(13)?.and_then(from_ts),
        tags: r.get::<_, String>(14)?.split(',').filter(|t| !t.is_empty()).map(str::to_string).collect(),
        note: r.get(15)?,
    })
}

impl Store {
    /// The WHERE clause for `filter`, after collecting its search's matches when they are
    /// not collected yet.
    fn where_clause(&self, filter: &StoryFilter) -> Result<(String, Vec<Value>)> {
        if let Some(text) = &filter.text {
            // Another process (a `newsdesk refresh` from cron) may have stored stories since.
            let data_version: i64 = self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
            let current = self.search_hits.borrow().as_ref().map(|h| (h.text.clone(), h.data_version));
            if current != Some((text.clone(), data_version)) {
                *self.search_hits.borrow_mut() = None;
                self.conn.execute("DELETE FROM temp.search_hits", [])?;
                let count = self.conn.execute(
                    "INSERT INTO temp.search_hits SELECT rowid FROM story_search WHERE story_search MATCH ?1",
                    [text],
                )?;
                *self.search_hits.borrow_mut() = Some(SearchHits { text: text.clone(), data_version, count });
            }
        }
        let few_hits = self.search_hits.borrow().as_ref().is_some_and(|h| h.count <= FEW_HITS);
        Ok(where_sql(filter, few_hits))
    }

    /// This connection added, changed or removed stories (`data_version` only counts other
    /// connections' commits): searches must ask the index again.
    fn forget_search_hits(&self) {
        *self.search_hits.borrow_mut() = None;
    }
}

fn where_sql(filter: &StoryFilter, few_hits: bool) -> (String, Vec<Value>) {
    let mut conditions = Vec::new();
    let mut args = Vec::new();
    if let Some(source) = filter.source {
        conditions.push("source_id = ?");
        args.push(Value::Integer(source.0));
    }
    if filter.unread_only {
        conditions.push("read = 0");
    }
    if filter.bookmarked_only {
        conditions.push("bookmarked = 1");
    }
    if let Some(tag) = &filter.tag {
        conditions.push("(',' || tags || ',') LIKE ? ESCAPE '\\'");
        let escaped = tag.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        args.push(Value::Text(format!("%,{escaped},%")));
    }
    if filter.text.is_some() {
        // Many matches: `+id` checks them while walking the listing index in order, rather
        // than looking up every matching story by id and sorting them all.
        conditions.push(if few_hits {
            "id IN (SELECT id FROM temp.search_hits)"
        } else {
            "+id IN (SELECT id FROM temp.search_hits)"
        });
    }
    if let Some(name) = &filter.source_name {
        // By the source's id, which the listing index holds, not by the title each story keeps.
        conditions.push(
            "source_id IN (SELECT id FROM sources WHERE COALESCE(title, feed_title, url) = ? COLLATE NOCASE)",
        );
        args.push(Value::Text(name.clone()));
    }
    if let Some(before) = filter.before {
        conditions.push("sort_time < ?");
        args.push(Value::Integer(before.timestamp()));
    }
    if let Some(after) = filter.after {
        conditions.push("sort_time >= ?");
        args.push(Value::Integer(after.timestamp()));
    }
    if filter.updated_only {
        conditions.push("updated = 1");
    }
    for word in filter.words.as_deref().unwrap_or("").split_whitespace().take(8) {
        conditions.push("(title LIKE ? ESCAPE '\\' OR COALESCE(note, '') LIKE ? ESCAPE '\\')");
        let escaped = word.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        args.push(Value::Text(format!("%{escaped}%")));
        args.push(Value::Text(format!("%{escaped}%")));
    }
    if conditions.is_empty() {
        (String::new(), args)
    } else {
        (format!("WHERE {}", conditions.join(" AND ")), args)
    }
}

fn from_ts(ts: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_opt(ts, 0).single()
}
