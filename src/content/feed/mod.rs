//! Feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) in, our own `ParsedFeed` out.
//!
//! Real feeds are often not quite XML: they use HTML entities they never declare, carry
//! stray control characters, or start with a BOM or blank lines. Such breakage is repaired
//! before parsing, and every text that comes out is stripped of control characters.

use crate::content::html_text::plain_text;
use crate::content::html_text::{escape, without_hidden_elements};
use crate::domain::safe_text::clean_line;
use crate::domain::{Enclosure, FeedItem, ParsedFeed};
use fields::{author_name, cut_line, cut_text, unmangled};
use repair::{
    json_without_bad_dates, keep_first_items, looks_like_html, with_known_namespaces, with_known_rss_version,
};

pub use decode::decode;
pub use repair::repair_xml;
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FeedError {
    #[error("the document is empty")]
    Empty,
    #[error("this is an HTML page, not a feed")]
    HtmlPage,
    #[error("not a feed: {0}")]
    Invalid(String),
}

/// Parses a feed document. `content_type` is the HTTP header, used for its charset.
pub fn parse(bytes: &[u8], content_type: Option<&str>, url: &str) -> Result<ParsedFeed, FeedError> {
    let text = decode(bytes, content_type);
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if text.is_empty() {
        return Err(FeedError::Empty);
    }
    let document = if text.starts_with('{') {
        text.to_string()
    } else {
        if looks_like_html(text) {
            return Err(FeedError::HtmlPage);
        }
        with_known_namespaces(with_known_rss_version(repair_xml(text)))
    };
    // Parsing builds every item; a feed of a hundred thousand would take hundreds of MB for
    // items that are cut anyway. The document is cut after the last item kept.
    let (document, items_beyond) = keep_first_items(document);
    let feed = match read_feed(&document, url) {
        Ok(feed) => feed,
        // One absurd date must not cost a JSON Feed all its items: dates that do not read as
        // RFC 3339 are dropped (the story is then dated when first seen), and it is read again.
        // An XML feed gets the repairs for what feed-rs refuses whole.
        Err(e) => match json_without_bad_dates(&document).or_else(|| lenient::repaired(&document)) {
            Some(repaired) => read_feed(&repaired, url),
            None => Err(e),
        }?,
    };
    let feed_author =
        feed.authors.iter().filter_map(|p| p.name.as_deref()).map(author_name).find(|a| !a.is_empty());
    let mut parsed = convert(feed, url);
    parsed.items_cut += items_beyond;
    fill_from_markup(&mut parsed, &document, feed_author);
    parsed.hints.update_every_secs = update_every(&document);
    parsed.hints.skip_hours = tag_values(&document, "skipHours", "hour")
        .filter_map(|h| h.parse().ok())
        .filter(|h| *h < 24)
        .collect();
    parsed.hints.skip_days = tag_values(&document, "skipDays", "day").filter_map(|d| weekday(&d)).collect();
    Ok(parsed)
}

/// One reading by feed-rs. A parser is used once: after an error, its state is left behind.
/// A panic inside it costs this feed, not the refresh.
fn read_feed(document: &str, url: &str) -> Result<feed_rs::model::Feed, FeedError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        // An empty id means "the feed gave none", so identity falls back to the link.
        .id_generator(|_, _, _| String::new())
        .build();
    crate::domain::contained::contained(|| parser.parse(document.as_bytes()))
        .ok_or_else(|| FeedError::Invalid("the feed parser failed on this document".into()))?
        .map_err(|e| FeedError::Invalid(clean_line(&e.to_string())))
}

/// At most this many items of one feed are taken per poll, in the feed's order; the rest
/// are counted in `ParsedFeed::items_cut`.
pub const MAX_ITEMS: usize = 5_000;
/// Titles (of feeds and items) are cut at this many characters, authors at `MAX_AUTHOR_CHARS`.
pub const MAX_TITLE_CHARS: usize = 1_000;
pub const MAX_AUTHOR_CHARS: usize = 200;
/// An item's summary or content is cut at this many bytes, and says so at its end.
pub const MAX_TEXT_BYTES: usize = 2 << 20;

fn convert(feed: feed_rs::model::Feed, url: &str) -> ParsedFeed {
    let base = url::Url::parse(url).ok();
    let site_url =
        feed.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate")).map(|l| l.href.clone());
    let items_cut = feed.entries.len().saturating_sub(MAX_ITEMS);
    // An RSS 1.0 item's id is its rdf:about, its URI, which feed-rs does not read; the item's
    // link is the same address in practice, and stands for it.
    let reading = Reading {
        base: base.as_ref(),
        link_is_id: feed.feed_type == feed_rs::model::FeedType::RSS1,
        // Only Atom says a title is plain text; feed-rs labels RSS titles plain by default,
        // while publishers escape HTML in them.
        plain_titles: feed.feed_type == feed_rs::model::FeedType::Atom,
    };
    let items =
        feed.entries.into_iter().take(MAX_ITEMS).map(|entry| convert_entry(entry, &reading)).collect();
    ParsedFeed {
        title: feed.title.map(|t| title_text(t, reading.plain_titles)).filter(|t| !t.is_empty()),
        site_url,
        items,
        items_cut,
        hints: crate::domain::ScheduleHints { ttl_minutes: feed.ttl.map(u64::from), ..Default::default() },
    }
}

/// What feed-rs leaves out, read from each item's own markup, in one walk over the items:
/// - an author (`itunes:author`, an Atom person or CDATA inside `author`, an Atom entry's
///   `source`), else the channel's;
/// - an RSS description written as markup rather than escaped text (`<description><table>…`),
///   of which feed-rs reads only the text nodes;
/// - a date feed-rs could not read, read with the lenient reader.
fn fill_from_markup(parsed: &mut ParsedFeed, document: &str, feed_author: Option<crate::domain::SafeText>) {
    const DATES: &[&str] = &[
        "pubDate",
        "dc:date",
        "published",
        "issued",
        "updated",
        "modified",
        "dcterms:modified",
        "a10:updated",
    ];
    let no_text = |i: &FeedItem| i.summary.is_none() && i.content.is_none();
    if parsed.items.iter().all(|i| i.author.is_some() && i.published.is_some() && !no_text(i)) {
        return;
    }
    let channel_author = parsed
        .items
        .iter()
        .any(|i| i.author.is_none())
        .then(|| fields::channel_author(document, feed_author))
        .flatten();
    let mut blocks = fields::item_blocks(document);
    for item in &mut parsed.items {
        let block = blocks.next().unwrap_or("");
        if item.author.is_none() {
            let own = fields::author_in_markup(block);
            item.author = own.or_else(|| channel_author.clone()).map(|a| cut_line(a, MAX_AUTHOR_CHARS));
        }
        if no_text(item) {
            let markup = fields::element_text(block, "description").map(|m| fields::without_cdata(&m));
            item.summary = markup.filter(|m| m.contains('<')).and_then(item_html);
            item.teaser = is_teaser(item.summary.as_deref().unwrap_or(""));
        }
        if item.published.is_none() {
            item.published = DATES
                .iter()
                .filter_map(|name| fields::element_text(block, name))
                .find_map(|d| dates::parse_date(&d));
        }
    }
}

/// What the conversion of each entry needs to know of its feed.
struct Reading<'a> {
    base: Option<&'a url::Url>,
    link_is_id: bool,
    plain_titles: bool,
}

fn convert_entry(entry: feed_rs::model::Entry, reading: &Reading<'_>) -> FeedItem {
    let (base, link_is_id) = (reading.base, reading.link_is_id);
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| absolute(base, &l.href));
    let content = entry
        .content
        .as_ref()
        .and_then(|c| Some(as_html(c.body.clone()?, is_plain(c.content_type.subty().as_str()))));
    let content = content.and_then(item_html);
    // A podcast's or a video's words are often only in itunes:summary or media:description.
    let media_text = || entry.media.iter().find_map(|m| m.description.clone()).and_then(text_as_html);
    let summary = entry.summary.clone().and_then(text_as_html).or_else(media_text);
    let teaser = is_teaser(content.as_deref().or(summary.as_deref()).unwrap_or(""));
    FeedItem {
        guid: Some(clean_line(&entry.id))
            .filter(|g| !g.is_empty())
            .or_else(|| link.as_deref().filter(|_| link_is_id).map(clean_line)),
        // Without a link, a guid that is a web address is the story's permalink (RSS 2.0:
        // a guid is one unless isPermaLink says otherwise).
        url: link
            .map(|l| clean_line(&l))
            .filter(|l| !l.is_empty())
            .or_else(|| Some(clean_line(&entry.id)).filter(|g| crate::domain::is_web_url(g))),
        title: entry
            .title
            .clone()
            .or_else(|| entry.media.iter().find_map(|m| m.title.clone()))
            .map(|t| title_text(t, reading.plain_titles))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "(untitled)".into()),
        author: entry
            .authors
            .iter()
            // A person with no name is known by the address.
            .filter_map(|p| p.name.clone().filter(|n| !n.trim().is_empty()).or(p.email.clone()))
            .map(|name| author_name(&unmangled(name)))
            .find(|a| !a.is_empty())
            .map(|a| cut_line(a, MAX_AUTHOR_CHARS)),
        published: entry.published.or(entry.updated),
        enclosures: enclosures(&entry.media),
        summary,
        content,
        teaser,
    }
}

/// A title as plain text. An Atom title said to be plain text is taken as such ("<entry>"
/// stays), unless it has markup in it after all.
fn title_text(title: feed_rs::model::Text, plain_means_plain: bool) -> crate::domain::SafeText {
    let plain = plain_means_plain && is_plain(title.content_type.subty().as_str());
    let html = as_html(unmangled(title.content), plain);
    cut_line(plain_text(&without_hidden_elements(&html)), MAX_TITLE_CHARS)
}

/// An item's HTML as it is kept: repaired, without what is never text, within its bound.
fn item_html(html: String) -> Option<String> {
    let html = unmangled(html);
    let html = without_hidden_elements(&html);
    (!html.trim().is_empty()).then(|| cut_text(html.into_owned()))
}

fn text_as_html(text: feed_rs::model::Text) -> Option<String> {
    let plain = is_plain(text.content_type.subty().as_str());
    item_html(as_html(text.content, plain))
}

/// Whether a media subtype is `plain` (feed-rs keeps its media type type private).
fn is_plain(subtype: &str) -> bool {
    subtype.eq_ignore_ascii_case("plain")
}

/// A feed text as HTML: plain text is escaped, with its line breaks kept. Text said to be
/// plain that has end tags, line breaks or character references (`&nbsp;`) in it is HTML
/// that was labelled wrong.
fn as_html(text: String, plain: bool) -> String {
    let marked_up = || {
        text.contains("</")
            || text.contains("<br")
            || text.contains("<p>")
            || crate::content::html_text::has_reference(&text)
    };
    if !plain || marked_up() {
        return text;
    }
    escape(text.trim()).replace("\n\n", "</p><p>").replace('\n', "<br>")
}

/// The files the item's media objects point at, each once, web addresses only.
fn enclosures(media: &[feed_rs::model::MediaObject]) -> Vec<Enclosure> {
    let mut found: Vec<Enclosure> = Vec::new();
    for content in media.iter().flat_map(|m| &m.content) {
        let Some(url) =
            content.url.as_ref().map(|u| clean_line(u.as_str())).filter(|u| crate::domain::is_web_url(u))
        else {
            continue;
        };
        if found.iter().any(|e| e.url == url) {
            continue;
        }
        found.push(Enclosure {
            url,
            mime_type: content.content_type.as_ref().map(|t| clean_line(t.as_ref())),
            length: content.size.filter(|s| *s > 0),
        });
    }
    found
}

fn absolute(base: Option<&url::Url>, href: &str) -> String {
    match base.and_then(|b| b.join(href.trim()).ok()) {
        Some(u) => u.to_string(),
        None => href.trim().to_string(),
    }
}

/// The text of the first `<name>` element, if any (namespace prefixes included in `name`).
fn tag_text<'a>(doc: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let start = doc.find(&open)? + open.len();
    let end = doc[start..].find(&format!("</{name}>"))? + start;
    Some(doc[start..end].trim())
}

/// The texts of each `<inner>` inside the first `<outer>` block.
fn tag_values(doc: &str, outer: &str, inner: &str) -> std::vec::IntoIter<String> {
    let block = tag_text(doc, outer).unwrap_or("");
    let open = format!("<{inner}>");
    let close = format!("</{inner}>");
    let values: Vec<String> = block
        .split(open.as_str())
        .skip(1)
        .filter_map(|part| part.split(close.as_str()).next().map(|v| v.trim().to_string()))
        .collect();
    values.into_iter()
}

/// `sy:updatePeriod` / `sy:updateFrequency` as seconds between updates.
fn update_every(doc: &str) -> Option<u64> {
    let period = match tag_text(doc, "sy:updatePeriod")?.to_ascii_lowercase().as_str() {
        "hourly" => 3_600,
        "daily" => 86_400,
        "weekly" => 604_800,
        "monthly" => 2_592_000,
        "yearly" => 31_536_000,
        _ => return None,
    };
    let frequency: u64 =
        tag_text(doc, "sy:updateFrequency").and_then(|f| f.parse().ok()).filter(|f| *f > 0).unwrap_or(1);
    Some(period / frequency)
}

fn weekday(name: &str) -> Option<u32> {
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        .iter()
        .position(|d| d.eq_ignore_ascii_case(name.trim()))
        .map(|p| p as u32)
}

/// Whether a feed item's text is only a teaser of its page: short, or cut off with an
/// ellipsis or a "read more" link.
pub fn is_teaser(html: &str) -> bool {
    let text = plain_text(html);
    let words = text.split_whitespace().count();
    // Only the end is looked at for the marks of a cut; the longest is 20 characters.
    let tail_start = text.char_indices().rev().nth(64).map_or(0, |(at, _)| at);
    let lower = text[tail_start..].to_lowercase();
    let lower = lower.trim_end_matches(|c: char| c.is_whitespace() || c == '»' || c == '>' || c == '→');
    let cut_off =
        ["…", "...", "[…]", "[...]", "read more", "continue reading", "read the full story", "more"]
            .iter()
            .any(|end| lower.ends_with(end));
    words < 60 || (cut_off && words < 250)
}

mod dates;
mod decode;
mod fields;
mod lenient;
mod repair;
#[cfg(test)]
mod tests;
