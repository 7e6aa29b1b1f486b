//! Finding the feeds of a web page: `<link rel="alternate">` for RSS, Atom and JSON Feed,
//! then the paths sites commonly use. Pure: the caller fetches.

use dom_query::Document;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedLink {
    pub url: String,
    pub title: Option<crate::domain::SafeText>,
}

const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
];

/// The feeds a page announces, in page order, resolved against `base`.
pub fn announced(html: &str, base: &str) -> Vec<FeedLink> {
    let Ok(base) = url::Url::parse(base) else { return Vec::new() };
    let doc = Document::from(html);
    let mut links: Vec<FeedLink> = Vec::new();
    for link in doc.select("link[href]").nodes() {
        let rel = link.attr("rel").map(|r| r.to_ascii_lowercase()).unwrap_or_default();
        let kind = link.attr("type").map(|t| t.to_ascii_lowercase()).unwrap_or_default();
        if !rel.split_whitespace().any(|r| r == "alternate") || !FEED_TYPES.contains(&kind.trim()) {
            continue;
        }
        let Some(url) = link.attr("href").and_then(|h| base.join(h.trim()).ok()) else { continue };
        if !crate::domain::is_web(&url) || links.iter().any(|l| l.url == url.as_str()) {
            continue;
        }
        let title = link.attr("title").map(|t| crate::domain::SafeText::new(&t)).filter(|t| !t.is_empty());
        links.push(FeedLink { url: url.to_string(), title });
    }
    links
}

/// Addresses to try when a page announces no feed.
pub fn common_paths(base: &str) -> Vec<String> {
    let Ok(base) = url::Url::parse(base) else { return Vec::new() };
    [
        "/feed",
        "/rss",
        "/feed.xml",
        "/rss.xml",
        "/atom.xml",
        "/index.xml",
        "/feed.json",
        "/feeds/posts/default",
    ]
    .iter()
    .filter_map(|p| base.join(p).ok().map(|u| u.to_string()))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternate_links_are_found_and_resolved() {
        let html = r#"<head><link rel="alternate" type="application/rss+xml" title="News" href="/rss.xml">
            <link rel="alternate stylesheet" type="text/css" href="/x.css">
            <link rel="Alternate" type="application/atom+xml" href="https://other.example/atom">
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            <link rel="alternate" type="application/feed+json" href="feed.json"></head>"#;
        let found = announced(html, "https://site.example/blog/");
        let urls: Vec<&str> = found.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            urls,
            vec![
                "https://site.example/rss.xml",
                "https://other.example/atom",
                "https://site.example/blog/feed.json"
            ]
        );
        assert_eq!(found[0].title.as_deref(), Some("News"));
        assert!(common_paths("https://site.example/a/b").contains(&"https://site.example/feed".to_string()));
    }
}
