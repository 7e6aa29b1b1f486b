//! Story facts from the page head: JSON-LD (NewsArticle and kin), OpenGraph and article
//! meta tags, plain meta tags, `<time>`, then `<title>` and `<html lang>`.

use crate::domain::safe_text::clean_line;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use dom_query::Document;

#[derive(Debug, Default)]
pub struct Metadata {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub site_name: Option<String>,
    pub lead_image: Option<String>,
    pub language: Option<String>,
}

fn meta(doc: &Document, keys: &[&str]) -> Option<String> {
    for key in keys {
        for attr in ["property", "name", "itemprop"] {
            let selector = format!("meta[{attr}=\"{key}\"]");
            let found = doc.select(&selector);
            if let Some(content) = found.attr("content") {
                let value = clean_line(&crate::content::html_text::decode_entities(&content));
                if !value.is_empty() {
                    return Some(value);
                }
            }
        }
    }
    None
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "BlogPosting",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "WebPage",
    "TechArticle",
    "Report",
    "LiveBlogPosting",
    "ScholarlyArticle",
];

/// The first JSON-LD object that describes an article, searched through `@graph` and arrays.
fn json_ld_article(doc: &Document) -> Option<serde_json::Value> {
    for script in doc.select("script[type=\"application/ld+json\"]").iter() {
        let text = script.text();
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text.trim()) else { continue };
        let mut stack = vec![value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(items) => stack.extend(items),
                serde_json::Value::Object(ref map) => {
                    let is_article = match map.get("@type") {
                        Some(serde_json::Value::String(t)) => ARTICLE_TYPES.contains(&t.as_str()),
                        Some(serde_json::Value::Array(ts)) => {
                            ts.iter().any(|t| t.as_str().is_some_and(|t| ARTICLE_TYPES.contains(&t)))
                        }
                        _ => false,
                    };
                    if is_article && map.get("@type").and_then(|t| t.as_str()) != Some("WebPage") {
                        return Some(v);
                    }
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph.clone());
                    }
                }
                _ => {}
            }
        }
    }
    None
}

fn names(value: &serde_json::Value) -> Vec<String> {
    match value {
        serde_json::Value::String(s) => vec![clean_line(s)],
        serde_json::Value::Array(items) => items.iter().flat_map(names).collect(),
        serde_json::Value::Object(map) => map.get("name").map(names).unwrap_or_default(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|n| !n.is_empty())
    .collect()
}

fn first_string(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(s) => Some(clean_line(s)).filter(|s| !s.is_empty()),
        serde_json::Value::Array(items) => items.iter().find_map(|i| first_string(Some(i))),
        serde_json::Value::Object(map) => first_string(map.get("url").or(map.get("name"))),
        _ => None,
    }
}

/// Parses the date formats pages use: RFC 3339, RFC 2822, and ISO dates without a zone.
pub fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    let s = raw.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.to_utc());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.to_utc());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%z"] {
        if let Ok(d) = DateTime::parse_from_str(s, format) {
            return Some(d.to_utc());
        }
    }
    for format in
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, format) {
            return Some(d.and_utc());
        }
    }
    let date = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc())
}

pub fn read(doc: &Document, url: Option<&str>) -> Metadata {
    let ld = json_ld_article(doc);
    let ld_get = |key: &str| ld.as_ref().and_then(|v| v.get(key));
    let title = first_string(ld_get("headline"))
        .or_else(|| meta(doc, &["og:title", "twitter:title", "dc.title", "DC.title", "headline"]))
        .or_else(|| Some(clean_line(&doc.select("h1").first().text())).filter(|t| !t.is_empty()))
        .or_else(|| Some(clean_line(&doc.select("title").first().text())).filter(|t| !t.is_empty()));
    let byline = ld_get("author")
        .map(names)
        .filter(|n| !n.is_empty())
        .map(|n| n.join(", "))
        .or_else(|| {
            meta(
                doc,
                &[
                    "author",
                    "article:author",
                    "byl",
                    "dc.creator",
                    "DC.creator",
                    "parsely-author",
                    "sailthru.author",
                ],
            )
        })
        .filter(|a| !a.starts_with("http"));
    let published = first_string(ld_get("datePublished"))
        .and_then(|d| parse_date(&d))
        .or_else(|| {
            meta(
                doc,
                &[
                    "article:published_time",
                    "og:published_time",
                    "datePublished",
                    "date",
                    "pubdate",
                    "publishdate",
                    "dc.date",
                    "DC.date",
                    "parsely-pub-date",
                    "sailthru.date",
                    "article.published",
                ],
            )
            .and_then(|d| parse_date(&d))
        })
        .or_else(|| doc.select("time[datetime]").first().attr("datetime").and_then(|d| parse_date(&d)));
    let site_name = ld_get("publisher")
        .map(names)
        .and_then(|n| n.into_iter().next())
        .or_else(|| meta(doc, &["og:site_name", "application-name"]));
    let base = url.and_then(|u| url::Url::parse(u).ok());
    let lead_image = first_string(ld_get("image"))
        .or_else(|| meta(doc, &["og:image", "twitter:image"]))
        .and_then(|src| match &base {
            Some(b) => b.join(&src).ok().map(|u| u.to_string()),
            None => Some(src),
        })
        .filter(|u| u.starts_with("http"));
    let language = doc
        .select("html")
        .attr("lang")
        .map(|l| clean_line(&l))
        .filter(|l| !l.is_empty())
        .or_else(|| meta(doc, &["og:locale", "language", "content-language"]));
    Metadata { title, byline, published, site_name, lead_image, language }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_wins_then_meta_then_time() {
        let page = r#"<html lang="fr"><head>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
              {"@type":"NewsArticle","headline":"Le titre","datePublished":"2026-01-02T03:04:05+01:00",
               "author":[{"@type":"Person","name":"Ana"},{"@type":"Person","name":"Ben"}],"publisher":{"name":"Le Journal"}}]}</script>
            <meta property="og:image" content="/img/a.jpg"></head><body><time datetime="2020-01-01">x</time></body></html>"#;
        let m = read(&Document::from(page), Some("https://example.fr/a/b"));
        assert_eq!(m.title.as_deref(), Some("Le titre"));
        assert_eq!(m.byline.as_deref(), Some("Ana, Ben"));
        assert_eq!(m.published.map(|d| d.to_rfc3339()).as_deref(), Some("2026-01-02T02:04:05+00:00"));
        assert_eq!(m.site_name.as_deref(), Some("Le Journal"));
        assert_eq!(m.lead_image.as_deref(), Some("https://example.fr/img/a.jpg"));
        assert_eq!(m.language.as_deref(), Some("fr"));
        let plain = r#"<head><meta name="author" content="Cy"><title>T</title></head><body><time datetime="2021-05-06 07:08:09">x</time></body>"#;
        let m = read(&Document::from(plain), None);
        assert_eq!((m.title.as_deref(), m.byline.as_deref()), (Some("T"), Some("Cy")));
        assert_eq!(m.published.map(|d| d.to_rfc3339()).as_deref(), Some("2021-05-06T07:08:09+00:00"));
    }
}
