//! Finding the story links of a front or section page, for sources without a feed. Pure:
//! page HTML and its URL in, scored links out.
//!
//! A link is a story when it points into the same site, stands in the page's content (not
//! its navigation, header, footer, asides, share bars or comments), and looks like a story:
//! a date in the path, a long slug or a numeric id, a headline-length anchor, a card layout
//! that repeats. Section, tag, author, account and media links are left out. Rules can
//! override or refine the guess: a CSS selector for the links, patterns on the URL.

use dom_query::{Document, NodeRef};
use std::collections::HashMap;

/// At most this many links of a page are looked at.
pub const MAX_LINKS: usize = 3000;
/// At most this many stories are taken from one page: portals list several hundred. How many
/// of their pages are fetched per poll is a separate, polite limit (`max_pages`).
pub const MAX_STORIES: usize = 1000;
/// A link scoring this much or more is taken as a story.
pub const THRESHOLD: f32 = 3.0;

pub use crate::domain::LinkRules;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoryLink {
    pub url: String,
    pub title: crate::domain::SafeText,
    pub score: f32,
    pub reason: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LinkError {
    #[error("bad link_selector: {0}")]
    Selector(String),
    #[error("bad {0}: {1}")]
    Pattern(&'static str, String),
}

/// Query parameters that track visitors or sessions rather than name a page.
fn is_tracking(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.starts_with("utm_")
        || matches!(
            key.as_str(),
            "fbclid"
                | "gclid"
                | "mc_cid"
                | "mc_eid"
                | "ref"
                | "ref_src"
                | "cmpid"
                | "ito"
                | "sid"
                | "sessionid"
                | "session"
                | "phpsessid"
                | "jsessionid"
                | "ocid"
                | "smid"
                | "taid"
                | "src"
                | "share"
        )
}

/// The address a story is known by: fragment and tracking parameters removed.
pub fn canonical(url: &url::Url) -> String {
    let mut url = url.clone();
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    // ;jsessionid=… in the path
    if let Some(at) = url.path().to_ascii_lowercase().find(";jsessionid=") {
        let path = url.path()[..at].to_string();
        url.set_path(&path);
    }
    url.to_string()
}

/// The site of a host, its registrable domain by the Public Suffix List: `news.example.co.uk`
/// and `www.example.co.uk` share `example.co.uk`, while `alice.github.io` and `bob.github.io`
/// are two sites. A host the list does not know (an address, `localhost`) is its own site.
fn site_of(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if matches!(url::Host::parse(&host), Ok(url::Host::Ipv4(_) | url::Host::Ipv6(_))) {
        return host;
    }
    match psl::domain_str(&host) {
        Some(domain) => domain.to_string(),
        None => host,
    }
}

const NOT_STORIES: &[&str] = &[
    "tag",
    "tags",
    "topic",
    "topics",
    "category",
    "categories",
    "section",
    "sections",
    "author",
    "authors",
    "about",
    "contact",
    "login",
    "signin",
    "sign-in",
    "logout",
    "register",
    "signup",
    "sign-up",
    "subscribe",
    "subscription",
    "subscriptions",
    "newsletter",
    "newsletters",
    "search",
    "video",
    "videos",
    "podcast",
    "podcasts",
    "audio",
    "live",
    "tv",
    "radio",
    "privacy",
    "terms",
    "cookies",
    "cookie-policy",
    "account",
    "profile",
    "feed",
    "rss",
    "help",
    "faq",
    "careers",
    "jobs",
    "advertise",
    "shop",
    "store",
    "weather",
    "games",
    "puzzles",
    "crossword",
    "horoscopes",
    "sitemap",
    "page",
    "archive",
    "archives",
    "gallery",
    "galleries",
    "photos",
    "events",
    "user",
    "users",
    "people",
];

/// How much a URL looks like a story's, and why.
fn score_url(url: &url::Url) -> (f32, Vec<&'static str>) {
    let segments: Vec<&str> = url.path().split('/').filter(|s| !s.is_empty()).collect();
    let mut score = 0.0;
    let mut why = Vec::new();
    if segments.iter().any(|s| NOT_STORIES.contains(&s.to_ascii_lowercase().trim_end_matches(".html"))) {
        return (-10.0, vec!["section, tag, author, account or media path"]);
    }
    let lower = url.path().to_ascii_lowercase();
    let has_date = segments.windows(2).any(|w| {
        w[0].len() == 4
            && w[0].starts_with("20")
            && w[0].chars().all(|c| c.is_ascii_digit())
            && w[1].chars().all(|c| c.is_ascii_digit())
    }) || regex_date(&lower);
    if has_date {
        score += 3.0;
        why.push("date in path");
    }
    let last = segments.last().copied().unwrap_or("");
    let slug = last.trim_end_matches(".html").trim_end_matches(".htm");
    if slug.matches(['-', '_']).count() >= 3 || slug.len() >= 30 {
        score += 2.5;
        why.push("long slug");
    }
    if segments.iter().any(|s| s.chars().filter(char::is_ascii_digit).count() >= 5) {
        score += 1.5;
        why.push("numeric id");
    }
    if lower.ends_with(".html") || lower.ends_with(".htm") || lower.ends_with(".shtml") {
        score += 0.5;
    }
    if segments.len() <= 1 && !has_date && slug.matches('-').count() < 3 {
        score -= 3.0;
        why.push("short path, likely a section");
    }
    if url.query().is_some_and(|q| q.contains("page=")) {
        score -= 3.0;
    }
    (score, why)
}

fn regex_date(path: &str) -> bool {
    // 2026-11-26 or 20261126 inside the path
    let bytes = path.as_bytes();
    bytes.windows(10).any(|w| {
        w[0..2] == *b"20"
            && w[4] == b'-'
            && w[7] == b'-'
            && w.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    })
}

/// Elements whose links are never stories.
const CHROME: &str = "nav, header, footer, aside, form, [role=\"navigation\"], [role=\"banner\"], \
    [role=\"contentinfo\"], [role=\"complementary\"], [role=\"search\"], script, style, template, noscript";

fn in_chrome(node: &NodeRef<'_>) -> bool {
    let mut current = node.parent();
    while let Some(n) = current {
        if n.is(CHROME) || crate::content::extract::clean::is_furniture(&n) {
            return true;
        }
        current = n.parent();
    }
    false
}

/// The shape of a link's surroundings: tag and first class of its three nearest ancestors.
fn layout_signature(node: &NodeRef<'_>) -> String {
    let mut parts = Vec::new();
    let mut current = node.parent();
    while let Some(n) = current.filter(|_| parts.len() < 3) {
        let name = n.node_name().map(|t| t.to_string()).unwrap_or_default();
        let class = n
            .attr("class")
            .map(|c| c.split_whitespace().next().unwrap_or("").to_string())
            .unwrap_or_default();
        parts.push(format!("{name}.{class}"));
        current = n.parent();
    }
    parts.join("<")
}

fn anchor_text(node: &NodeRef<'_>) -> String {
    let text = crate::domain::safe_text::clean_line(&node.text());
    if !text.is_empty() {
        return text;
    }
    // An image link: its alt text, else its title attribute.
    node.find(&["img"])
        .first()
        .and_then(|i| i.attr("alt"))
        .map(|a| crate::domain::safe_text::clean_line(&a))
        .filter(|a| !a.is_empty())
        .or_else(|| node.attr("title").map(|t| crate::domain::safe_text::clean_line(&t)))
        .unwrap_or_default()
}

/// A link of the page that may be a story, with what its own features say.
struct Candidate {
    url: String,
    title: String,
    score: f32,
    why: Vec<&'static str>,
    signature: String,
    order: usize,
}

/// The user's URL patterns, compiled with a size limit.
struct Patterns {
    only: Option<regex::Regex>,
    exclude: Option<regex::Regex>,
}

impl Patterns {
    fn compile(rules: &LinkRules) -> Result<Patterns, LinkError> {
        let compile = |name: &'static str, p: &Option<String>| -> Result<Option<regex::Regex>, LinkError> {
            p.as_deref()
                .map(|p| {
                    regex::RegexBuilder::new(p)
                        .size_limit(1 << 20)
                        .build()
                        .map_err(|e| LinkError::Pattern(name, e.to_string()))
                })
                .transpose()
        };
        Ok(Patterns {
            only: compile("link_pattern", &rules.pattern)?,
            exclude: compile("exclude_pattern", &rules.exclude)?,
        })
    }

    fn allow(&self, url: &str) -> bool {
        self.only.as_ref().is_none_or(|p| p.is_match(url))
            && !self.exclude.as_ref().is_some_and(|p| p.is_match(url))
    }
}

/// The story links of a page, best first per URL, in page order.
pub fn discover(html: &str, page_url: &str, rules: &LinkRules) -> Result<Vec<StoryLink>, LinkError> {
    let Ok(base) = url::Url::parse(page_url) else { return Ok(Vec::new()) };
    let patterns = Patterns::compile(rules)?;
    let html = crate::content::html_guard::bound(crate::domain::safe_text::truncate_bytes(
        html,
        crate::content::extract::MAX_PAGE_BYTES,
    ));
    let doc = Document::from(html.as_ref());
    let page = Page { base: &base, sites: page_sites(&doc, &base, &rules.also_sites) };
    let candidates: Vec<Candidate> = anchors(&doc, rules)?
        .into_iter()
        .take(MAX_LINKS)
        .enumerate()
        .filter_map(|(order, node)| candidate(&node, order, &page, rules, &patterns))
        .collect();
    Ok(best_per_url(candidates, rules.selector.is_some()))
}

/// The page being read: its address, and the sites its stories may live on.
struct Page<'a> {
    base: &'a url::Url,
    sites: Vec<String>,
}

/// The sites of a page's stories: its own, those the source names (`also_sites`), and the one
/// its canonical address (or `og:url`) names, for a page served from a mirror or another of
/// its publisher's domains.
fn page_sites(doc: &Document, base: &url::Url, also: &[String]) -> Vec<String> {
    let mut sites = vec![site_of(base.host_str().unwrap_or(""))];
    for site in also.iter().map(|host| site_of(host)) {
        if !sites.contains(&site) {
            sites.push(site);
        }
    }
    let named = [("link[rel=canonical]", "href"), ("meta[property=\"og:url\"]", "content")];
    for (selector, attribute) in named {
        let Some(value) = doc.select(selector).attr(attribute) else { continue };
        let Some(site) = base
            .join(value.trim())
            .ok()
            .filter(crate::domain::is_web)
            .map(|u| site_of(u.host_str().unwrap_or("")))
        else {
            continue;
        };
        if !sites.contains(&site) {
            sites.push(site);
        }
    }
    sites
}

/// The anchors to look at: those the user's selector picks, else every link.
fn anchors<'a>(doc: &'a Document, rules: &LinkRules) -> Result<Vec<NodeRef<'a>>, LinkError> {
    let Some(selector) = &rules.selector else { return Ok(doc.select("a[href]").nodes().to_vec()) };
    let matcher = dom_query::Matcher::new(selector)
        .map_err(|_| LinkError::Selector(crate::domain::safe_text::clean_line(selector)))?;
    let chosen = doc.select_matcher(&matcher);
    Ok(chosen.nodes().iter().flat_map(|n| if n.is("a[href]") { vec![*n] } else { n.find(&["a"]) }).collect())
}

/// A link into the same site that is not the page itself nor its chrome, scored by its URL
/// and its anchor text; `None` for links that cannot be stories.
fn candidate(
    node: &NodeRef<'_>,
    order: usize,
    page: &Page<'_>,
    rules: &LinkRules,
    patterns: &Patterns,
) -> Option<Candidate> {
    let base = page.base;
    let url = base.join(node.attr("href")?.trim()).ok()?;
    let same_site = page.sites.contains(&site_of(url.host_str().unwrap_or("")));
    if !crate::domain::is_web(&url) || !same_site {
        return None;
    }
    let canonical_url = canonical(&url);
    if canonical_url == canonical(base) || url.path() == "/" || !patterns.allow(&canonical_url) {
        return None;
    }
    let title = anchor_text(node);
    let (mut score, mut why) =
        if rules.selector.is_some() { (THRESHOLD, vec!["selector"]) } else { score_url(&url) };
    if rules.selector.is_none() {
        if in_chrome(node) {
            return None;
        }
        let words = title.split_whitespace().count();
        if (4..=30).contains(&words) {
            score += 2.0;
            why.push("headline-length anchor");
        } else if words <= 2 {
            score -= 1.0;
        }
    }
    Some(Candidate { url: canonical_url, title, score, why, signature: layout_signature(node), order })
}

/// Layouts that repeat with story-like links in them: lists of stories.
fn repeated_layouts(candidates: &[Candidate]) -> HashMap<String, bool> {
    let mut by_signature: HashMap<&str, (usize, f32)> = HashMap::new();
    for c in candidates {
        let entry = by_signature.entry(c.signature.as_str()).or_default();
        entry.0 += 1;
        entry.1 += c.score;
    }
    by_signature
        .iter()
        .map(|(s, (n, total))| (s.to_string(), *n >= 3 && total / *n as f32 >= THRESHOLD - 1.0))
        .collect()
}

/// One entry per URL (its best score, its longest title) for those that pass, in page order.
fn best_per_url(candidates: Vec<Candidate>, by_selector: bool) -> Vec<StoryLink> {
    let repeated = repeated_layouts(&candidates);
    let mut best: HashMap<String, StoryLink> = HashMap::new();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for c in candidates {
        let mut score = c.score;
        let mut why = c.why;
        if !by_selector && repeated.get(&c.signature).copied().unwrap_or(false) {
            score += 1.0;
            why.push("repeated card layout");
        }
        first_seen.entry(c.url.clone()).or_insert(c.order);
        let link = StoryLink { url: c.url.clone(), title: c.title.into(), score, reason: why.join(", ") };
        match best.get_mut(&c.url) {
            Some(existing) => {
                if link.title.split_whitespace().count() > existing.title.split_whitespace().count() {
                    existing.title = link.title.clone();
                }
                if link.score > existing.score {
                    existing.score = link.score;
                    existing.reason = link.reason;
                }
            }
            None => {
                best.insert(c.url, link);
            }
        }
    }
    let mut links: Vec<StoryLink> =
        best.into_values().filter(|l| l.score >= THRESHOLD && !l.title.is_empty()).collect();
    links.sort_by_key(|l| first_seen.get(&l.url).copied().unwrap_or(usize::MAX));
    links.truncate(MAX_STORIES);
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_and_fragments_go() {
        let url = url::Url::parse("https://x.example/a/b-c-d-e?utm_source=x&id=7&fbclid=1#top").expect("url");
        assert_eq!(canonical(&url), "https://x.example/a/b-c-d-e?id=7");
        let url = url::Url::parse("https://x.example/story;jsessionid=ABC?utm_medium=m").expect("url");
        assert_eq!(canonical(&url), "https://x.example/story");
    }

    #[test]
    fn sites_share_their_registrable_part() {
        assert_eq!(site_of("www.example.co.uk"), "example.co.uk");
        assert_eq!(site_of("news.example.co.uk"), "example.co.uk");
        assert_eq!(site_of("edition.cnn.com"), "cnn.com");
        assert_eq!(site_of("news.example.de"), site_of("example.de"));
        assert_ne!(site_of("alice.github.io"), site_of("bob.github.io"));
        assert_eq!(site_of("127.0.0.1"), "127.0.0.1");
    }

    #[test]
    fn bad_rules_are_reported() {
        let rules = LinkRules { pattern: Some("(".into()), ..LinkRules::default() };
        assert!(matches!(
            discover("<a href='/x'>x</a>", "https://x.example/", &rules),
            Err(LinkError::Pattern("link_pattern", _))
        ));
    }
}
