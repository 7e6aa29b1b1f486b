//! Page HTML and its URL in, the story alone out: `Article { title, byline, published, … }`
//! with `body` as clean HTML. Nothing is fetched here: no image, frame or stylesheet loads.
//!
//! The pipeline: bound the input, strip what is never content (scripts, forms, share bars,
//! players, newsletter boxes…), find the main block with a Readability port, then clean that
//! block again. Metadata comes from JSON-LD, OpenGraph and meta tags, then `<time>` and the
//! page itself.

pub(crate) mod clean;
mod decode;
mod metadata;

pub use decode::decode_html;

use crate::domain::SafeText;
use chrono::{DateTime, Utc};
use dom_query::Document;

#[derive(Debug, Clone, PartialEq, Default, serde::Serialize)]
pub struct Article {
    pub title: Option<SafeText>,
    pub byline: Option<SafeText>,
    #[serde(serialize_with = "crate::domain::rfc3339_opt")]
    pub published: Option<DateTime<Utc>>,
    pub site_name: Option<SafeText>,
    pub lead_image: Option<String>,
    pub language: Option<String>,
    /// Clean HTML of the story alone.
    pub body: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    #[error("the page has no readable text")]
    NoContent,
    #[error("the page is too large to read ({0} elements; the limit is {1})")]
    TooLarge(usize, usize),
}

/// Pages larger than this are cut before parsing.
pub const MAX_PAGE_BYTES: usize = 8 << 20;
/// Documents with more elements than this are refused rather than scored.
pub const MAX_ELEMENTS: usize = 200_000;

/// Extracts the story from a page. `url` is the page's address, used to resolve links.
pub fn extract(html: &str, url: Option<&str>) -> Result<Article, ExtractError> {
    let html = crate::domain::safe_text::truncate_bytes(html, MAX_PAGE_BYTES);
    let url = url.filter(|u| crate::domain::is_web_url(u));
    let html = repair_runaway_title(html);
    let html = crate::content::html_guard::bound(&html);
    let document = Document::from(html.as_ref());
    let elements = document.select("*").length();
    if elements > MAX_ELEMENTS {
        return Err(ExtractError::TooLarge(elements, MAX_ELEMENTS));
    }
    let meta = metadata::read(&document, url);
    clean::before_scoring(&document);
    let mut attempt = score(document, url, meta.title.as_deref());
    let words = |a: &Result<(dom_smoothie::Article, String), ExtractError>| {
        a.as_ref().map_or(0, |(_, body)| clean::prose_words(body))
    };
    // Our cleaning can mislead the scorer on odd pages; when little prose came out, ask it
    // again about the page as it was (parsed anew: the first parse was cleaned in place), and
    // keep the second answer only when it holds clearly more prose, since comment threads
    // are prose too.
    let first_words = words(&attempt);
    if first_words < ENOUGH_PROSE {
        let second = score(Document::from(html.as_ref()), url, meta.title.as_deref());
        if words(&second) > 2 * first_words + 30 {
            attempt = second;
        }
    }
    let (found, body) = attempt?;
    if crate::content::html_text::plain_text(&body).trim().is_empty() {
        return Err(ExtractError::NoContent);
    }
    // The page's text enters here: each field is made safe once, as it becomes ours.
    let safe = |text: String| Some(SafeText::from(text)).filter(|t| !t.is_empty());
    Ok(Article {
        title: meta.title.or(Some(found.title)).and_then(safe),
        byline: meta.byline.or(found.byline).and_then(safe),
        published: meta.published,
        site_name: meta.site_name.or(found.site_name).and_then(safe),
        lead_image: meta.lead_image,
        language: meta.language.or_else(|| found.lang.map(|l| crate::domain::safe_text::clean_line(&l))),
        body,
    })
}

/// Below this many words of prose, a second opinion is asked for.
const ENOUGH_PROSE: usize = 100;

/// Runs the Readability scorer on a prepared document and cleans the block it chose.
fn score(
    document: Document,
    url: Option<&str>,
    title: Option<&str>,
) -> Result<(dom_smoothie::Article, String), ExtractError> {
    let config =
        dom_smoothie::Config { max_elements_to_parse: MAX_ELEMENTS, ..dom_smoothie::Config::default() };
    let mut readability = dom_smoothie::Readability::with_document(document, url, Some(config))
        .map_err(|_| ExtractError::NoContent)?;
    let found = readability.parse().map_err(|e| match e {
        dom_smoothie::ReadabilityError::TooManyElements(n, max) => ExtractError::TooLarge(n, max),
        _ => ExtractError::NoContent,
    })?;
    let body = clean::after_scoring(&found.content, title);
    Ok((found, body))
}

/// A `<title>` that is never closed turns the rest of the page into its text. When the
/// title has no end, or its text holds the page's `<body` or markup, close it at its first
/// line instead.
fn repair_runaway_title(html: &str) -> std::borrow::Cow<'_, str> {
    let lower = html.get(..html.len().min(1 << 20)).unwrap_or(html).to_ascii_lowercase();
    let Some(open) = lower.find("<title") else { return html.into() };
    let Some(start) = lower[open..].find('>').map(|i| open + i + 1) else { return html.into() };
    // An end tag is `</title` followed by `>`, white space or `/`, as the tokenizer reads it.
    let close = lower[start..]
        .match_indices("</title")
        .map(|(i, _)| start + i)
        .find(|&i| lower[i + 7..].starts_with(['>', ' ', '\t', '\n', '\r', '/']));
    let inside = &lower[start..close.unwrap_or(lower.len())];
    let runaway = close.is_none()
        || inside.contains("<body")
        || inside.contains("</head")
        || (inside.len() > 2000 && inside.contains("<div"));
    if !runaway {
        return html.into();
    }
    let cut = inside.find(['\n', '<']).map(|i| start + i).unwrap_or(start);
    let mut repaired = String::with_capacity(html.len() + 8);
    repaired.push_str(&html[..cut]);
    repaired.push_str("</title>");
    repaired.push_str(&html[cut..]);
    repaired.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_runaway_title_is_closed() {
        let page = "<html><head><title>Broken title\n<script>x</script></head><body><p>Story text that \
                    matters here, long enough to be read as an article by any measure at all.</p></body></html>";
        let fixed = repair_runaway_title(page);
        assert!(fixed.starts_with("<html><head><title>Broken title</title>\n"), "{fixed}");
        let fine = "<title>Fine</title><body></body>";
        assert!(matches!(repair_runaway_title(fine), std::borrow::Cow::Borrowed(_)));
    }
}
