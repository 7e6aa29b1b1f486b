//! Bookmarks: on and off, tags and notes. A bookmarked story outlives its feed.

use super::*;

impl Store {
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
}
