//! Saved searches, kept under a name and listed among the sources with their counts.

use super::*;

impl Store {
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
            searches.push(SavedSearch { id, name: name.into(), query, total, unread });
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
}
