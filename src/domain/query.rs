//! The search syntax, shared by `newsdesk list --query` and the reader: words and "phrases"
//! searched in titles and texts, with filters that compose: `source:`, `tag:`, `before:` and
//! `after:` (dates), `is:unread`, `is:bookmarked`, `is:updated`. Pure: text in, a query out.

use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// An FTS5 match expression of the words and phrases, when there are any.
    pub text: Option<String>,
    pub source: Option<String>,
    pub tag: Option<String>,
    pub before: Option<DateTime<Utc>>,
    pub after: Option<DateTime<Utc>>,
    pub unread: bool,
    pub bookmarked: bool,
    pub updated: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum QueryError {
    #[error("{0}: a date is written YYYY-MM-DD")]
    BadDate(String),
    #[error("is:{0} is not known (is:unread, is:bookmarked or is:updated)")]
    BadState(String),
}

/// Splits the query into terms; double quotes keep a phrase together.
fn terms(input: &str) -> Vec<(String, bool)> {
    let mut terms = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in input.chars() {
        match c {
            '"' => {
                if quoted || !current.is_empty() {
                    terms.push((std::mem::take(&mut current), quoted));
                }
                quoted = !quoted;
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    terms.push((std::mem::take(&mut current), false));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        terms.push((current, quoted));
    }
    terms.into_iter().filter(|(t, _)| !t.trim().is_empty()).collect()
}

fn date(value: &str, key: &str) -> Result<DateTime<Utc>, QueryError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc())
        .ok_or_else(|| QueryError::BadDate(format!("{key}:{}", crate::domain::safe_text::clean_line(value))))
}

/// A word or phrase as an FTS5 string: quoted, its quotes doubled, so that no input is
/// read as FTS5 syntax.
fn fts_string(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// The shortest last word that also matches longer words starting with it.
pub const PREFIX_FROM: usize = 3;

pub fn parse(input: &str) -> Result<Query, QueryError> {
    let mut query = Query::default();
    let mut words = Vec::new();
    let terms = terms(input);
    // Only the last word, the one being typed in a live search, also matches as a prefix.
    let last_word = terms.iter().rposition(|(term, quoted)| !quoted && !term.contains(':'));
    for (at, (term, quoted)) in terms.into_iter().enumerate() {
        if quoted {
            words.push(fts_string(&term));
            continue;
        }
        match term.split_once(':') {
            Some(("source", v)) if !v.is_empty() => query.source = Some(v.to_string()),
            Some(("tag", v)) if !v.is_empty() => query.tag = Some(v.to_lowercase()),
            Some(("before", v)) => query.before = Some(date(v, "before")?),
            Some(("after", v)) => query.after = Some(date(v, "after")?),
            Some(("is", "unread")) => query.unread = true,
            Some(("is", "bookmarked")) => query.bookmarked = true,
            Some(("is", "updated")) => query.updated = true,
            Some(("is", other)) => {
                return Err(QueryError::BadState(crate::domain::safe_text::clean_line(other)));
            }
            // Prefixes of one or two letters match nearly every story, and each word
            // matched as a prefix costs the index a merge of every word it begins.
            _ if Some(at) != last_word || term.chars().count() < PREFIX_FROM => words.push(fts_string(&term)),
            _ => words.push(format!("{}*", fts_string(&term))),
        }
    }
    query.text = (!words.is_empty()).then(|| words.join(" "));
    Ok(query)
}

impl Query {
    /// The query as a story filter.
    pub fn filter(&self) -> crate::domain::StoryFilter {
        crate::domain::StoryFilter {
            unread_only: self.unread,
            bookmarked_only: self.bookmarked,
            tag: self.tag.clone(),
            text: self.text.clone(),
            source_name: self.source.clone(),
            before: self.before,
            after: self.after,
            updated_only: self.updated,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_words_and_phrases() {
        let q = parse(
            r#"harbour "ferry terminal" source:Courier tag:Travel after:2026-01-02 is:unread is:bookmarked"#,
        )
        .expect("parses");
        assert_eq!(q.text.as_deref(), Some(r#""harbour"* "ferry terminal""#));
        assert_eq!(q.source.as_deref(), Some("Courier"));
        assert_eq!(q.tag.as_deref(), Some("travel"));
        assert_eq!(q.after.map(|d| d.to_rfc3339()).as_deref(), Some("2026-01-02T00:00:00+00:00"));
        assert!(q.unread && q.bookmarked && !q.updated);
        assert_eq!(parse("before:yesterday"), Err(QueryError::BadDate("before:yesterday".into())));
        assert!(matches!(parse("is:starred"), Err(QueryError::BadState(_))));
        assert_eq!(parse(r#"a"b OR NEAR("#).expect("parses").text.as_deref(), Some(r#""a" "b OR NEAR(""#));
        let text = |q: &str| parse(q).expect("parses").text;
        assert_eq!(text("go rus").as_deref(), Some(r#""go" "rus"*"#), "prefixes from three letters");
        assert_eq!(
            text("harbour ferr is:unread").as_deref(),
            Some(r#""harbour" "ferr"*"#),
            "only the last word"
        );
        assert_eq!(text("ÉtÉ").as_deref(), Some(r#""ÉtÉ"*"#), "letters, not bytes");
    }
}
