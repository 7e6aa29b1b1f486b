//! Stories: storing what feeds and pages bring, listing and searching them, read state.

use super::*;

impl Store {
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
                    page.title
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
    pub(super) fn forget_search_hits(&self) {
        *self.search_hits.borrow_mut() = None;
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

pub(super) enum Upsert {
    New,
    Updated,
    Same,
}

pub(super) fn upsert_story(
    tx: &rusqlite::Transaction<'_>,
    source: SourceId,
    source_title: &str,
    item: &FeedItem,
    seen: i64,
    polled: i64,
) -> Result<Upsert> {
    let identity = item.identity();
    let published = item.published.filter(|d| plausible_date(d.timestamp(), polled)).map(|d| d.timestamp());
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
            if item.title == title && summary == item.summary && content == item.content {
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
        "INSERT INTO story_bodies (story_id, summary, content, enclosures) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (story_id) DO UPDATE SET summary = excluded.summary, content = excluded.content,
                                              enclosures = excluded.enclosures",
        params![id, item.summary, item.content, enclosures_json(&item.enclosures)],
    )?;
    Ok(())
}

/// Enclosures as the JSON array they are stored as; none is stored as NULL.
fn enclosures_json(enclosures: &[crate::domain::Enclosure]) -> Option<String> {
    (!enclosures.is_empty()).then(|| serde_json::to_string(enclosures).unwrap_or_default())
}

pub(super) const STORY_COLUMNS: &str =
    "SELECT id, source_id, source_title, title, url, author, published, b.summary, b.content,
            read, bookmarked, b.full_text, updated, bookmarked_at, tags, note, guid,
            (SELECT url FROM sources WHERE sources.id = stories.source_id), b.enclosures
     FROM stories LEFT JOIN story_bodies b ON b.story_id = stories.id";

pub(super) fn story_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Story> {
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
        guid: r.get(16)?,
        source_url: r.get(17)?,
        enclosures: r
            .get::<_, Option<String>>(18)?
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default(),
    })
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

/// Up to this many matches, a search list looks its stories up by id and sorts them; above,
/// it walks the listing index in order and stops after a page.
const FEW_HITS: usize = 2000;

/// Whether a feed's date can be believed: not before 1970, nor more than a week ahead of the
/// poll (time zones go wrong by hours, not by years). Others are unknown, and the story is
/// dated when it was first seen.
pub(super) fn plausible_date(ts: i64, polled: i64) -> bool {
    (0..=polled + 7 * 86_400).contains(&ts)
}
