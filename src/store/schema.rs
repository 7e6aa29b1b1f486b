//! Migrations, keyed on `PRAGMA user_version`, each applied in one transaction.

use rusqlite::{Connection, TransactionBehavior};

const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
    url           TEXT NOT NULL UNIQUE,
    title         TEXT,
    folder        TEXT,
    position      INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 1,
    feed_title    TEXT,
    site_url      TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_status   TEXT,
    last_error    TEXT,
    last_polled   INTEGER,
    last_success  INTEGER
);
CREATE TABLE stories (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    source_title  TEXT NOT NULL,
    identity      TEXT NOT NULL,
    guid          TEXT,
    url           TEXT,
    title         TEXT NOT NULL,
    author        TEXT,
    published     INTEGER,
    first_seen    INTEGER NOT NULL,
    sort_time     INTEGER NOT NULL,
    summary       TEXT,
    content       TEXT,
    read          INTEGER NOT NULL DEFAULT 0,
    bookmarked    INTEGER NOT NULL DEFAULT 0,
    bookmarked_at INTEGER,
    UNIQUE (source_id, identity)
);
CREATE INDEX stories_by_time ON stories (sort_time DESC, id DESC);
CREATE INDEX stories_by_source ON stories (source_id, sort_time DESC, id DESC);
CREATE INDEX stories_unread ON stories (source_id) WHERE read = 0;
CREATE INDEX stories_bookmarked ON stories (bookmarked_at DESC) WHERE bookmarked = 1;
"#,
    r#"
ALTER TABLE sources ADD COLUMN full_text_mode TEXT NOT NULL DEFAULT 'auto';
ALTER TABLE stories ADD COLUMN teaser INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN full_text TEXT;
ALTER TABLE stories ADD COLUMN full_text_error TEXT;
ALTER TABLE stories ADD COLUMN full_text_tries INTEGER NOT NULL DEFAULT 0;
CREATE INDEX stories_page_due ON stories (source_id) WHERE full_text IS NULL AND url IS NOT NULL;
"#,
    r#"
ALTER TABLE sources ADD COLUMN fetch_url TEXT;
ALTER TABLE sources ADD COLUMN next_poll INTEGER;
ALTER TABLE sources ADD COLUMN backoff_until INTEGER;
ALTER TABLE sources ADD COLUMN consecutive_errors INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN feed_interval_secs INTEGER;
ALTER TABLE sources ADD COLUMN skip_hours TEXT;
ALTER TABLE sources ADD COLUMN skip_days TEXT;
ALTER TABLE sources ADD COLUMN last_bytes INTEGER;
ALTER TABLE stories ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;
"#,
    r#"
ALTER TABLE stories ADD COLUMN last_seen INTEGER;
ALTER TABLE sources ADD COLUMN keep_days INTEGER;
ALTER TABLE sources ADD COLUMN keep_count INTEGER;
"#,
    r#"
ALTER TABLE sources ADD COLUMN interval_secs INTEGER;
ALTER TABLE sources ADD COLUMN headers TEXT;
"#,
    r#"
ALTER TABLE sources ADD COLUMN html_rules TEXT;
ALTER TABLE sources ADD COLUMN max_pages INTEGER;
"#,
    r#"
ALTER TABLE stories ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE stories ADD COLUMN note TEXT;
"#,
    r#"
CREATE VIRTUAL TABLE story_search USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO story_search (rowid, title, body)
    SELECT id, title, COALESCE(full_text, content, summary, '') FROM stories;
"#,
    r#"
CREATE TABLE saved_searches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query TEXT NOT NULL
);
"#,
    // Everything the list's filters and order read, so that counting and paging a large
    // library walks this small index instead of the wide story rows (bodies live there).
    r#"
CREATE INDEX stories_listing ON stories (sort_time DESC, id DESC, read, bookmarked, updated, source_id);
DROP INDEX stories_by_time;
"#,
    // The bodies move out of `stories`: a story row of a few hundred bytes instead of
    // several kilobytes packs a page of the list into a handful of pages. Stories removed
    // by retention used to stay findable in the search index; the trigger forgets them.
    r#"
DELETE FROM story_search WHERE rowid NOT IN (SELECT id FROM stories);
CREATE TABLE story_bodies (
    story_id        INTEGER PRIMARY KEY,
    summary         TEXT,
    content         TEXT,
    full_text       TEXT,
    full_text_error TEXT
);
INSERT INTO story_bodies (story_id, summary, content, full_text, full_text_error)
    SELECT id, summary, content, full_text, full_text_error FROM stories;
-- Rebuilt rather than altered: dropping columns would leave one short row per page.
CREATE TABLE stories_thin (
    id              INTEGER PRIMARY KEY,
    source_id       INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    source_title    TEXT NOT NULL,
    identity        TEXT NOT NULL,
    guid            TEXT,
    url             TEXT,
    title           TEXT NOT NULL,
    author          TEXT,
    published       INTEGER,
    first_seen      INTEGER NOT NULL,
    sort_time       INTEGER NOT NULL,
    read            INTEGER NOT NULL DEFAULT 0,
    bookmarked      INTEGER NOT NULL DEFAULT 0,
    bookmarked_at   INTEGER,
    teaser          INTEGER NOT NULL DEFAULT 0,
    full_text_tries INTEGER NOT NULL DEFAULT 0,
    has_full_text   INTEGER NOT NULL DEFAULT 0,
    updated         INTEGER NOT NULL DEFAULT 0,
    last_seen       INTEGER,
    tags            TEXT NOT NULL DEFAULT '',
    note            TEXT,
    UNIQUE (source_id, identity)
);
INSERT INTO stories_thin
    SELECT id, source_id, source_title, identity, guid, url, title, author, published, first_seen, sort_time,
           read, bookmarked, bookmarked_at, teaser, full_text_tries, full_text IS NOT NULL, updated, last_seen,
           tags, note
    FROM stories ORDER BY id;
DROP TABLE stories;
ALTER TABLE stories_thin RENAME TO stories;
CREATE INDEX stories_listing ON stories (sort_time DESC, id DESC, read, bookmarked, updated, source_id);
CREATE INDEX stories_by_source ON stories (source_id, sort_time DESC, id DESC);
CREATE INDEX stories_unread ON stories (source_id) WHERE read = 0;
CREATE INDEX stories_bookmarked ON stories (bookmarked_at DESC) WHERE bookmarked = 1;
CREATE INDEX stories_page_due ON stories (source_id) WHERE has_full_text = 0 AND url IS NOT NULL;
CREATE TRIGGER stories_forget AFTER DELETE ON stories BEGIN
    DELETE FROM story_search WHERE rowid = old.id;
    DELETE FROM story_bodies WHERE story_id = old.id;
END;
"#,
    // Enclosures (url, type, length) as a JSON array: read whole, never searched or sorted on.
    "ALTER TABLE story_bodies ADD COLUMN enclosures TEXT;",
];

/// Brings the database up to the newest schema.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

pub fn latest_version() -> usize {
    MIGRATIONS.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A library as the version before the bodies moved left it, carried forward.
    #[test]
    fn moving_the_bodies_keeps_every_story_and_its_text() {
        let mut conn = Connection::open_in_memory().expect("open");
        let before =
            MIGRATIONS.iter().position(|m| m.contains("CREATE TABLE story_bodies")).expect("the move");
        for sql in &MIGRATIONS[..before] {
            conn.execute_batch(sql).expect("old migration");
        }
        conn.pragma_update(None, "user_version", before as i64).expect("version");
        conn.execute_batch(
            "INSERT INTO sources (id, url) VALUES (1, 'http://a.example/feed');
             INSERT INTO stories (id, source_id, source_title, identity, title, first_seen, sort_time,
                                  summary, content, full_text, full_text_error, read, tags)
             VALUES (7, 1, 'A', 'g7', 'Harbour opens', 1, 1, 'sum', '<p>body</p>', '<p>full</p>', NULL, 1, 'x'),
                    (8, 1, 'A', 'g8', 'Ferry late', 1, 2, NULL, '<p>ferry</p>', NULL, 'timed out', 0, '');
             INSERT INTO story_search (rowid, title, body) VALUES (7, 'Harbour opens', 'full'), (8, 'Ferry late', 'ferry'),
                                                                (99, 'Gone', 'a story retention removed');",
        )
        .expect("old rows");
        migrate(&mut conn).expect("migrate");
        // One story as text: title, summary, content, full text, error, has_full_text, read.
        let row = |id: i64| -> String {
            conn.query_row(
                "SELECT concat_ws(' | ', s.title, COALESCE(b.summary, '-'), COALESCE(b.content, '-'),
                                  COALESCE(b.full_text, '-'), COALESCE(b.full_text_error, '-'), s.has_full_text, s.read)
                 FROM stories s JOIN story_bodies b ON b.story_id = s.id WHERE s.id = ?1",
                [id],
                |r| r.get(0),
            )
            .expect("row")
        };
        assert_eq!(row(7), "Harbour opens | sum | <p>body</p> | <p>full</p> | - | 1 | 1");
        assert_eq!(row(8), "Ferry late | - | <p>ferry</p> | - | timed out | 0 | 0");
        let searchable = |conn: &Connection| -> i64 {
            conn.query_row("SELECT COUNT(*) FROM story_search", [], |r| r.get(0)).expect("count")
        };
        assert_eq!(searchable(&conn), 2, "the removed story's index row went");
        conn.execute("DELETE FROM stories WHERE id = 8", []).expect("delete");
        assert_eq!(searchable(&conn), 1);
        let bodies: i64 =
            conn.query_row("SELECT COUNT(*) FROM story_bodies", [], |r| r.get(0)).expect("bodies");
        assert_eq!(bodies, 1, "a removed story's body goes with it");
    }
}
