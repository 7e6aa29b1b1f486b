//! Keeping the library in shape: retention, counts and size, compaction, index upkeep.

use super::*;

impl Store {
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
