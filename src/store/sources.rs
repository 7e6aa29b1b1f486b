//! Sources: the configured ones made active, their polling state, and what a poll brought.

use super::stories::{Upsert, upsert_story};
use super::*;

impl Store {
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
            let title: SafeText = r.get(2)?;
            Ok(Source {
                id: SourceId(r.get(0)?),
                // An untitled source is named by its address: never with its credentials.
                title: if title == url.as_str() { crate::domain::safe_text::mask(&url) } else { title },
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
        let default_interval = self.poll_interval_secs;
        let tx = self.conn.transaction()?;
        let polled = Polled { tx: &tx, source, now, stored: PollState::read(&tx, source, default_interval)? };
        let changes = match outcome {
            PollOutcome::Failed { failure, error, retry_after } => {
                polled.failed(failure.label(), error, *retry_after)?;
                PollChanges::default()
            }
            PollOutcome::NotModified { validators, meta } => {
                polled.not_modified(validators, meta)?;
                PollChanges::default()
            }
            PollOutcome::Fetched { feed, validators, status, meta } => {
                polled.fetched(feed, validators, &status.text, meta)?
            }
        };
        tx.commit()?;
        Ok(changes)
    }

    /// How long a healthy source waits between polls, unless its server or feed asks longer.
    pub fn set_poll_interval(&mut self, secs: i64) {
        self.poll_interval_secs = secs.max(60);
    }
}

fn numbers(text: Option<String>) -> Vec<u32> {
    text.unwrap_or_default().split(',').filter_map(|n| n.trim().parse().ok()).collect()
}

fn join_numbers(values: &[u32]) -> Option<String> {
    (!values.is_empty()).then(|| values.iter().map(u32::to_string).collect::<Vec<_>>().join(","))
}

/// What the library knew of a source before this poll.
struct PollState {
    interval: i64,
    failures: u32,
    hints: ScheduleHints,
}

impl PollState {
    fn read(tx: &rusqlite::Transaction<'_>, source: SourceId, default_interval: i64) -> Result<PollState> {
        Ok(tx.query_row(
            "SELECT COALESCE(interval_secs, ?2), consecutive_errors, feed_interval_secs, skip_hours, skip_days
             FROM sources WHERE id = ?1",
            params![source.0, default_interval],
            |r| {
                Ok(PollState {
                    interval: r.get(0)?,
                    failures: r.get::<_, i64>(1)? as u32,
                    hints: ScheduleHints {
                        ttl_minutes: None,
                        update_every_secs: r.get::<_, Option<i64>>(2)?.map(|s| s.max(0) as u64),
                        skip_hours: numbers(r.get::<_, Option<String>>(3)?),
                        skip_days: numbers(r.get::<_, Option<String>>(4)?),
                    },
                })
            },
        )?)
    }
}

/// One poll being recorded inside its transaction.
struct Polled<'a> {
    tx: &'a rusqlite::Transaction<'a>,
    source: SourceId,
    now: DateTime<Utc>,
    stored: PollState,
}

impl Polled<'_> {
    fn failed(&self, status: &str, error: &str, retry_after: Option<u64>) -> Result<()> {
        let failures = self.stored.failures + 1;
        let next = schedule::after_failure(self.now, failures, retry_after, self.source.0 as u64);
        // The server's own wait binds even a manual refresh; our back-off only the schedule.
        let backoff_until =
            retry_after.map(|secs| self.now.timestamp() + secs.min(schedule::MAX_RETRY_AFTER_SECS) as i64);
        self.tx.execute(
            "UPDATE sources SET last_status = ?2, last_error = ?3, last_polled = ?4,
             consecutive_errors = consecutive_errors + 1, next_poll = ?5, backoff_until = ?6 WHERE id = ?1",
            params![self.source.0, status, error, self.now.timestamp(), next.timestamp(), backoff_until],
        )?;
        Ok(())
    }

    fn not_modified(&self, validators: &Validators, meta: &crate::domain::ResponseMeta) -> Result<()> {
        let next = schedule::after_success(self.now, self.stored.interval, &meta.cache, &self.stored.hints);
        self.tx.execute(
            "UPDATE sources SET last_status = '304 Not Modified', last_error = NULL, last_polled = ?2,
             last_success = ?2, etag = COALESCE(?3, etag), last_modified = COALESCE(?4, last_modified),
             consecutive_errors = 0, next_poll = ?5, backoff_until = NULL, last_bytes = 0,
             fetch_url = COALESCE(?6, fetch_url) WHERE id = ?1",
            params![
                self.source.0,
                self.now.timestamp(),
                validators.etag,
                validators.last_modified,
                next.timestamp(),
                meta.moved_to
            ],
        )?;
        Ok(())
    }

    fn fetched(
        &self,
        feed: &crate::domain::ParsedFeed,
        validators: &Validators,
        status: &str,
        meta: &crate::domain::ResponseMeta,
    ) -> Result<PollChanges> {
        let (tx, source, now_ts) = (self.tx, self.source, self.now.timestamp());
        let source_title: String = tx.query_row(
            "SELECT COALESCE(title, ?2, url) FROM sources WHERE id = ?1",
            params![source.0, feed.title],
            |r| r.get(0),
        )?;
        let next = schedule::after_success(self.now, self.stored.interval, &meta.cache, &feed.hints);
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
                status,
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
        // All items at once; only when one fails are they stored again one by one, each in a
        // savepoint of its own, so that the bad one costs only itself.
        tx.execute_batch("SAVEPOINT items")?;
        let changes = match self.store_items(feed, &source_title, false) {
            Ok(changes) => changes,
            Err(_) => {
                tx.execute_batch("ROLLBACK TO items")?;
                self.store_items(feed, &source_title, true)?
            }
        };
        tx.execute_batch("RELEASE items")?;
        Ok(changes)
    }

    /// Stores the feed's items; `one_by_one` puts each in a savepoint of its own and counts
    /// those that fail instead of failing with them.
    fn store_items(
        &self,
        feed: &crate::domain::ParsedFeed,
        source_title: &str,
        one_by_one: bool,
    ) -> Result<PollChanges> {
        let (tx, source, now_ts) = (self.tx, self.source, self.now.timestamp());
        let mut changes = PollChanges { cut: feed.items_cut, ..PollChanges::default() };
        for (offset, item) in feed.items.iter().enumerate() {
            // Undated items keep the feed's order: earlier in the feed sorts newer.
            let seen = now_ts - offset as i64;
            let upserted = if one_by_one {
                tx.execute_batch("SAVEPOINT item")?;
                let upserted = upsert_story(tx, source, source_title, item, seen, now_ts);
                tx.execute_batch(if upserted.is_ok() {
                    "RELEASE item"
                } else {
                    "ROLLBACK TO item; RELEASE item"
                })?;
                upserted
            } else {
                upsert_story(tx, source, source_title, item, seen, now_ts)
            };
            match upserted {
                Ok(Upsert::New) => changes.new += 1,
                Ok(Upsert::Updated) => changes.updated += 1,
                Ok(Upsert::Same) => {}
                Err(e) if one_by_one => {
                    tracing::warn!(source = source.0, item = offset, error = %e, "item not stored");
                    changes.skipped += 1;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(changes)
    }
}
