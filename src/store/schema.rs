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
