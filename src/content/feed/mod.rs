//! Feed documents (RSS 0.9x/1.0/2.0, Atom, JSON Feed) in, our own `ParsedFeed` out.
//!
//! Real feeds are often not quite XML: they use HTML entities they never declare, carry
//! stray control characters, or start with a BOM or blank lines. Such breakage is repaired
//! before parsing, and every text that comes out is stripped of control characters.

use crate::content::html_text::{charset_of_content_type, plain_text};
use crate::domain::safe_text::clean_line;
use crate::domain::{FeedItem, ParsedFeed};
use encoding_rs::Encoding;

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
        with_known_rss_version(repair_xml(text))
    };
    // Parsing builds every item; a feed of a hundred thousand would take hundreds of MB for
    // items that are cut anyway. The document is cut after the last item kept.
    let (document, items_beyond) = keep_first_items(document);
    let parser = feed_rs::parser::Builder::new()
        .base_uri(Some(url))
        // An empty id means "the feed gave none", so identity falls back to the link.
        .id_generator(|_, _, _| String::new())
        .build();
    let feed = match parser.parse(document.as_bytes()) {
        Ok(feed) => feed,
        // One absurd date must not cost a JSON Feed all its items: dates that do not read as
        // RFC 3339 are dropped (the story is then dated when first seen), and it is read again.
        Err(e) => match json_without_bad_dates(&document) {
            Some(repaired) => parser.parse(repaired.as_bytes()),
            None => Err(e),
        }
        .map_err(|e| FeedError::Invalid(clean_line(&e.to_string())))?,
    };
    let feed_author =
        feed.authors.iter().filter_map(|p| p.name.as_deref()).map(author_name).find(|a| !a.is_empty());
    let mut parsed = convert(feed, url);
    parsed.items_cut += items_beyond;
    fill_authors(&mut parsed, &document, feed_author);
    parsed.hints.update_every_secs = update_every(&document);
    parsed.hints.skip_hours = tag_values(&document, "skipHours", "hour")
        .filter_map(|h| h.parse().ok())
        .filter(|h| *h < 24)
        .collect();
    parsed.hints.skip_days = tag_values(&document, "skipDays", "day").filter_map(|d| weekday(&d)).collect();
    Ok(parsed)
}

/// A JSON Feed with every date that is not a plausible RFC 3339 time taken out; `None` when
/// it is not JSON or had no such date.
fn json_without_bad_dates(document: &str) -> Option<String> {
    let mut feed: serde_json::Value = serde_json::from_str(document).ok()?;
    let mut dropped = 0;
    let items = feed.get_mut("items").and_then(|i| i.as_array_mut())?;
    for item in items.iter_mut().filter_map(|i| i.as_object_mut()) {
        for key in ["date_published", "date_modified"] {
            let plausible = match item.get(key) {
                None => true,
                Some(serde_json::Value::String(date)) => chrono::DateTime::parse_from_rfc3339(date)
                    .is_ok_and(|d| (1970..=9999).contains(&chrono::Datelike::year(&d))),
                Some(_) => false,
            };
            if !plausible {
                item.remove(key);
                dropped += 1;
            }
        }
    }
    (dropped > 0).then(|| feed.to_string())
}

/// At most this many items of one feed are taken per poll, in the feed's order; the rest
/// are counted in `ParsedFeed::items_cut`.
pub const MAX_ITEMS: usize = 5_000;
/// Titles (of feeds and items) are cut at this many characters, authors at `MAX_AUTHOR_CHARS`.
pub const MAX_TITLE_CHARS: usize = 1_000;
pub const MAX_AUTHOR_CHARS: usize = 200;
/// An item's summary or content is cut at this many bytes, and says so at its end.
pub const MAX_TEXT_BYTES: usize = 2 << 20;

/// An XML feed cut after its `MAX_ITEMS`-th item, closed again, and how many items the cut
/// left out. JSON and shorter feeds come back as they are.
fn keep_first_items(document: String) -> (String, usize) {
    let count = |end: &str| memchr::memmem::find_iter(document.as_bytes(), end).count();
    if document.starts_with('{') || count("</item>") + count("</entry>") <= MAX_ITEMS {
        return (document, 0);
    }
    let ends: Vec<usize> = ["</item>", "</entry>"]
        .iter()
        .flat_map(|end| memchr::memmem::find_iter(document.as_bytes(), end).map(|at| at + end.len()))
        .collect();
    let mut ends = ends;
    ends.sort_unstable();
    let cut = ends[MAX_ITEMS - 1];
    let head = &document[..document.len().min(4096)];
    let closing = if head.contains("<feed") {
        "</feed>"
    } else if head.contains("<rdf:RDF") {
        "</rdf:RDF>"
    } else {
        "</channel></rss>"
    };
    let beyond = ends.len() - MAX_ITEMS;
    let mut kept = document;
    kept.truncate(cut);
    kept.push_str(closing);
    (kept, beyond)
}

/// Authors the parser leaves out: an item's `itunes:author`, else the channel's own author
/// (`managingEditor`, `dc:creator`, `itunes:author`, or the Atom feed's), for items that name
/// none themselves.
fn fill_authors(parsed: &mut ParsedFeed, document: &str, feed_author: Option<crate::domain::SafeText>) {
    if parsed.items.iter().all(|i| i.author.is_some()) {
        return;
    }
    let first_item =
        ["<item", "<entry"].iter().filter_map(|t| document.find(t)).min().unwrap_or(document.len());
    let channel = &document[..first_item];
    let channel_author = feed_author.or_else(|| {
        ["itunes:author", "managingEditor", "dc:creator"]
            .iter()
            .find_map(|name| element_text(channel, name))
            .map(|a| author_name(&a))
            .filter(|a| !a.is_empty())
    });
    let itunes = memchr::memmem::find(&document.as_bytes()[first_item..], b"itunes:author").is_some();
    let mut items = document[first_item..]
        .split("<item")
        .skip(1)
        .map(|item| if itunes { element_text(item, "itunes:author") } else { None });
    for item in &mut parsed.items {
        let own = items.next().flatten().map(|a| author_name(&a)).filter(|a| !a.is_empty());
        if item.author.is_none() {
            item.author = own.or_else(|| channel_author.clone()).map(|a| cut_line(a, MAX_AUTHOR_CHARS));
        }
    }
}

/// The text of the first `<name …>text</name>` in `doc`, attributes allowed.
fn element_text(doc: &str, name: &str) -> Option<String> {
    let open = format!("<{name}");
    let mut rest = doc;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        if after.starts_with(|c: char| c == '>' || c.is_whitespace()) {
            let body = &after[after.find('>')? + 1..];
            let end = body.find(&format!("</{name}>"))?;
            return Some(body[..end].trim().to_string()).filter(|t| !t.is_empty());
        }
        rest = after;
    }
    None
}

/// A line cut at `max` characters, with an ellipsis to show it.
fn cut_line(text: crate::domain::SafeText, max: usize) -> crate::domain::SafeText {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text,
    }
}

/// An item's HTML cut at `MAX_TEXT_BYTES`, with a note the reader sees.
fn cut_text(html: String) -> String {
    if html.len() <= MAX_TEXT_BYTES {
        return html;
    }
    let kept = crate::domain::safe_text::truncate_bytes(&html, MAX_TEXT_BYTES);
    format!("{kept}\n<p><em>[text cut at {} MB]</em></p>", MAX_TEXT_BYTES >> 20)
}

fn convert(feed: feed_rs::model::Feed, url: &str) -> ParsedFeed {
    let base = url::Url::parse(url).ok();
    let site_url =
        feed.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate")).map(|l| l.href.clone());
    let items_cut = feed.entries.len().saturating_sub(MAX_ITEMS);
    // An RSS 1.0 item's id is its rdf:about, its URI, which feed-rs does not read; the item's
    // link is the same address in practice, and stands for it.
    let link_is_id = feed.feed_type == feed_rs::model::FeedType::RSS1;
    let items = feed
        .entries
        .into_iter()
        .take(MAX_ITEMS)
        .map(|entry| {
            let link = entry
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or(entry.links.first())
                .map(|l| absolute(base.as_ref(), &l.href));
            let content = entry.content.and_then(|c| c.body).filter(|b| !b.trim().is_empty()).map(cut_text);
            let summary = entry.summary.map(|s| s.content).filter(|s| !s.trim().is_empty()).map(cut_text);
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
                    .map(|t| cut_line(plain_text(&t.content), MAX_TITLE_CHARS))
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| "(untitled)".into()),
                author: entry
                    .authors
                    .iter()
                    .filter_map(|p| p.name.as_deref())
                    .map(author_name)
                    .find(|a| !a.is_empty())
                    .map(|a| cut_line(a, MAX_AUTHOR_CHARS)),
                published: entry.published.or(entry.updated),
                summary,
                content,
                teaser,
            }
        })
        .collect();
    ParsedFeed {
        title: feed
            .title
            .map(|t| cut_line(plain_text(&t.content), MAX_TITLE_CHARS))
            .filter(|t| !t.is_empty()),
        site_url,
        items,
        items_cut,
        hints: crate::domain::ScheduleHints { ttl_minutes: feed.ttl.map(u64::from), ..Default::default() },
    }
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
    let lower = text.to_lowercase();
    let lower = lower.trim_end_matches(|c: char| c.is_whitespace() || c == '»' || c == '>' || c == '→');
    let cut_off =
        ["…", "...", "[…]", "[...]", "read more", "continue reading", "read the full story", "more"]
            .iter()
            .any(|end| lower.ends_with(end));
    words < 60 || (cut_off && words < 250)
}

/// An author's name as plain text. RSS writes `email (Name)`, which parsers split into a
/// name in parentheses, and some write `Name <email>`: the name is kept, or the address when
/// there is nothing else.
fn author_name(raw: &str) -> crate::domain::SafeText {
    let name = plain_text(raw);
    let trimmed = name.trim();
    if let Some(inner) = trimmed.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        return inner.trim().into();
    }
    if let Some((address, rest)) = trimmed.split_once(" (")
        && address.contains('@')
        && let Some(inner) = rest.strip_suffix(')')
    {
        return inner.trim().into();
    }
    if let Some((before, _)) = trimmed.split_once(" <").filter(|(b, r)| !b.is_empty() && r.contains('@')) {
        return before.trim().into();
    }
    name
}

/// Turns the bytes into UTF-8 text: BOM first, then the HTTP charset, then the XML declaration.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    // UTF-32's byte order marks begin like UTF-16's, so they are looked for first.
    if let Some((big_endian, skip)) = utf32_layout(bytes) {
        return drop_xml_encoding(&decode_utf32(&bytes[skip..], big_endian));
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return drop_xml_encoding(&encoding.decode_without_bom_handling(&bytes[bom_len..]).0);
    }
    // Without a mark, the first characters of an XML or JSON document tell UTF-16.
    match bytes {
        [0, b'<' | b'{', ..] => {
            return drop_xml_encoding(&encoding_rs::UTF_16BE.decode_without_bom_handling(bytes).0);
        }
        [b'<' | b'{', 0, ..] => {
            return drop_xml_encoding(&encoding_rs::UTF_16LE.decode_without_bom_handling(bytes).0);
        }
        _ => {}
    }
    let declared = content_type.and_then(charset_of_content_type).or_else(|| xml_declared_encoding(bytes));
    if let Some(big_endian) = declared.as_deref().and_then(utf32_label) {
        return drop_xml_encoding(&decode_utf32(bytes, big_endian));
    }
    let labelled =
        declared.and_then(|label| Encoding::for_label(label.as_bytes())).unwrap_or(encoding_rs::UTF_8);
    // Bytes that were UTF-16 were recognised above; a UTF-16 label on bytes that read as
    // ASCII is wrong, and the WHATWG standard reads them as UTF-8.
    let utf16_label = labelled == encoding_rs::UTF_16LE || labelled == encoding_rs::UTF_16BE;
    let encoding = if utf16_label { encoding_rs::UTF_8 } else { labelled };
    let text = encoding.decode_without_bom_handling(bytes).0;
    if labelled == encoding_rs::UTF_8 {
        undo_double_encoding(text.into_owned())
    } else {
        // The bytes are UTF-8 now; a declaration that says otherwise would mislead the parser.
        drop_xml_encoding(&text)
    }
}

/// UTF-32 by its byte order mark, or by a document that starts with `<` or `{` in it:
/// whether it is big-endian, and the bytes to skip.
fn utf32_layout(bytes: &[u8]) -> Option<(bool, usize)> {
    match bytes {
        [0, 0, 0xfe, 0xff, ..] => Some((true, 4)),
        [0xff, 0xfe, 0, 0, ..] => Some((false, 4)),
        [0, 0, 0, b'<' | b'{', ..] => Some((true, 0)),
        [b'<' | b'{', 0, 0, 0, ..] => Some((false, 0)),
        _ => None,
    }
}

/// Whether a charset label names UTF-32 (the WHATWG list has no UTF-32), and its order.
fn utf32_label(label: &str) -> Option<bool> {
    match label.trim().to_ascii_lowercase().as_str() {
        "utf-32" | "utf32" | "utf-32be" | "ucs-4" | "iso-10646-ucs-4" => Some(true),
        "utf-32le" => Some(false),
        _ => None,
    }
}

/// UTF-32 text; a code unit that is no character becomes U+FFFD.
fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    bytes
        .chunks_exact(4)
        .map(|unit| {
            let unit = [unit[0], unit[1], unit[2], unit[3]];
            let code = if big_endian { u32::from_be_bytes(unit) } else { u32::from_le_bytes(unit) };
            char::from_u32(code).unwrap_or('\u{fffd}')
        })
        .collect()
}

/// Text that was UTF-8, read as Windows-1252 and written out as UTF-8 again ("CafÃ©"). When
/// every character of the document maps back to one Windows-1252 byte and those bytes are
/// UTF-8 with characters beyond ASCII, the document is read again from them. Real text in
/// Windows-1252 ("Café") does not come back as UTF-8, so it is left as it is.
fn undo_double_encoding(text: String) -> String {
    // Only a document with the marks of it is tried: Ã, Â, Ð, Ñ (C3 83, 82, 90, 91) before a
    // character of U+0080 to U+00BF (C2 80 to BF), or â (C3 A2) before € (E2 82 AC).
    let bytes = text.as_bytes();
    let marked = memchr::memchr_iter(0xc3, bytes).any(|at| {
        matches!(
            bytes.get(at + 1..at + 4),
            Some([0x82 | 0x83 | 0x90 | 0x91, 0xc2, 0x80..=0xbf] | [0xa2, 0xe2, 0x82])
        )
    });
    if !marked {
        return text;
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    if unmappable || bytes.is_ascii() {
        return text;
    }
    match String::from_utf8(bytes.into_owned()) {
        Ok(fixed) if fixed.len() < text.len() => fixed,
        _ => text,
    }
}

fn xml_declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(200)]).into_owned();
    let decl = &head[head.find("<?xml")?..];
    let decl = &decl[..decl.find("?>")?];
    let at = decl.find("encoding")?;
    let value = decl[at + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next()?;
    let inner = &value[1..];
    Some(inner[..inner.find(quote)?].to_string())
}

fn drop_xml_encoding(text: &str) -> String {
    let trimmed = text.trim_start();
    if let Some(end) = trimmed.strip_prefix("<?xml").and_then(|_| trimmed.find("?>")) {
        format!("<?xml version=\"1.0\"?>{}", &trimmed[end + 2..])
    } else {
        text.to_string()
    }
}

/// feed-rs reads `<rss>` only with version 2.0, 0.91 or 0.92. Publishers also write none,
/// 0.90, 0.93, 0.94 and even 1.0 there; every one of those is read as 2.0, which is a superset.
fn with_known_rss_version(document: String) -> String {
    let Some(start) = document
        .find("<rss")
        .filter(|&at| document[at + 4..].starts_with(|c: char| c.is_whitespace() || c == '>'))
    else {
        return document;
    };
    let Some(end) = document[start..].find('>').map(|e| start + e) else { return document };
    let tag = &document[start..end];
    let version = regex_lite_version(tag);
    if matches!(version.as_deref(), Some("2.0" | "0.91" | "0.92" | "")) {
        return document;
    }
    let fixed = match version {
        Some(v) => tag.replacen(&format!("\"{v}\""), "\"2.0\"", 1).replacen(&format!("'{v}'"), "'2.0'", 1),
        None => format!("<rss version=\"2.0\"{}", &tag[4..]),
    };
    format!("{}{fixed}{}", &document[..start], &document[end..])
}

/// The value of a `version` attribute in a start tag.
fn regex_lite_version(tag: &str) -> Option<String> {
    let at = tag.find("version")?;
    let rest = tag[at + 7..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let inner = &rest[1..];
    Some(inner[..inner.find(quote)?].trim().to_string())
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(512).collect::<String>().to_ascii_lowercase();
    (head.starts_with("<!doctype html") || head.starts_with("<html"))
        && !head.contains("<rss")
        && !head.contains("<feed")
}

/// Repairs what real feeds get wrong so that a strict XML parser accepts them: undeclared
/// HTML entities become numeric references, bare ampersands are escaped, and characters
/// that XML forbids are dropped.
pub fn repair_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(pos) = rest.find(['&', '<']) {
        let (before, at) = rest.split_at(pos);
        push_xml_chars(&mut out, before);
        if let Some(cdata) = at.strip_prefix("<![CDATA[") {
            // CDATA is copied as is: entities there are text, not references.
            // Its text is cleaned apart from its end, which an escape sequence must not swallow.
            let (text, end) = match cdata.find("]]>") {
                Some(at) => (&cdata[..at], at + 3),
                None => (cdata, cdata.len()),
            };
            out.push_str("<![CDATA[");
            push_xml_chars(&mut out, text);
            out.push_str(&cdata[text.len()..end]);
            rest = &cdata[end..];
            continue;
        }
        if let Some(after) = at.strip_prefix('<') {
            out.push('<');
            rest = after;
            continue;
        }
        let name_len =
            at[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).unwrap_or(at.len() - 1);
        let name = &at[1..1 + name_len];
        let terminated = at[1 + name_len..].starts_with(';');
        let known_xml = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos");
        if terminated && (known_xml || valid_numeric(name)) {
            out.push_str(&at[..name_len + 2]);
            rest = &at[name_len + 2..];
        } else if let Some(ch) = crate::content::html_entities::lookup(name).filter(|_| terminated) {
            for c in ch.chars() {
                out.push_str(&format!("&#{};", c as u32));
            }
            rest = &at[name_len + 2..];
        } else {
            out.push_str("&amp;");
            rest = &at[1..];
        }
    }
    push_xml_chars(&mut out, rest);
    out
}

fn valid_numeric(name: &str) -> bool {
    let Some(num) = name.strip_prefix('#') else {
        return false;
    };
    let code = match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => num.parse().ok(),
    };
    code.and_then(char::from_u32).is_some_and(is_xml_char)
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

fn push_xml_chars(out: &mut String, s: &str) {
    out.extend(crate::domain::safe_text::drop_escape_sequences(s).chars().filter(|&c| is_xml_char(c)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_hints_are_read() {
        let xml = r#"<?xml version="1.0"?><rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
            <channel><title>t</title><link>http://x/</link><description>d</description><ttl>90</ttl>
            <sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>
            <skipHours><hour>0</hour><hour>1</hour><hour>99</hour></skipHours><skipDays><day>Sunday</day></skipDays>
            </channel></rss>"#;
        let feed = parse(xml.as_bytes(), None, "http://x/feed").expect("parses");
        assert_eq!(feed.hints.ttl_minutes, Some(90));
        assert_eq!(feed.hints.update_every_secs, Some(21_600));
        assert_eq!(feed.hints.skip_hours, vec![0, 1]);
        assert_eq!(feed.hints.skip_days, vec![6]);
    }

    #[test]
    fn teasers_are_recognised() {
        assert!(is_teaser("<p>The bridge will close for four months while engineers work…</p>"));
        assert!(is_teaser("<p>Short.</p>"));
        let long = "<p>".to_string() + &"word ".repeat(120) + "</p>";
        assert!(!is_teaser(&long));
        assert!(is_teaser(&(long.replace("</p>", "") + " Continue reading »</p>")));
    }

    #[test]
    fn undeclared_entities_are_repaired() {
        let fixed = repair_xml("<a>x&nbsp;y &mdash; AT&T &amp; &#8217; &bogus;</a>");
        assert_eq!(fixed, "<a>x&#160;y &#8212; AT&amp;T &amp; &#8217; &amp;bogus;</a>");
    }

    #[test]
    fn cdata_is_left_alone_but_controls_go() {
        let fixed = repair_xml("<a><![CDATA[a &nbsp; <b>\u{1}]]></a>");
        assert_eq!(fixed, "<a><![CDATA[a &nbsp; <b>]]></a>");
    }

    #[test]
    fn titles_lose_tags_and_decode_entities() {
        assert_eq!(plain_text("<b>Rock</b> &amp;amp; roll&#33;"), "Rock &amp; roll!");
        assert_eq!(plain_text("A &amp; B"), "A & B");
    }

    #[test]
    fn charset_from_header_beats_declaration() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"utf-8\"?><a>\xe9</a>";
        let text = decode(bytes, Some("text/xml; charset=ISO-8859-1"));
        assert!(text.contains("<a>é</a>"), "{text}");
        assert!(!text.contains("utf-8"));
    }

    #[test]
    fn declaration_used_without_header() {
        let bytes = b"<?xml version='1.0' encoding='windows-1251'?><a>\xcf\xf0</a>";
        assert!(decode(bytes, None).contains("<a>Пр</a>"));
    }

    #[test]
    fn an_escape_at_the_end_of_cdata_does_not_swallow_its_end() {
        let xml = "<rss version=\"2.0\"><channel><title>t</title><item><title><![CDATA[a\u{1b}]]></title>\
                   <guid>1</guid></item></channel></rss>";
        let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
        assert_eq!(feed.items[0].title, "a");
    }

    #[test]
    fn utf16_and_utf32_with_and_without_a_mark() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Ünï</title>\
                   <item><title>Ça va</title><guid>1</guid></item></channel></rss>";
        let utf16 = |big: bool| -> Vec<u8> {
            xml.encode_utf16().flat_map(|u| if big { u.to_be_bytes() } else { u.to_le_bytes() }).collect()
        };
        let utf32 = |big: bool| -> Vec<u8> {
            xml.chars()
                .flat_map(|c| if big { (c as u32).to_be_bytes() } else { (c as u32).to_le_bytes() })
                .collect()
        };
        let with_mark = |mark: &[u8], body: Vec<u8>| [mark.to_vec(), body].concat();
        let documents = [
            with_mark(&[0xfe, 0xff], utf16(true)),
            with_mark(&[0xff, 0xfe], utf16(false)),
            utf16(true),
            utf16(false),
            with_mark(&[0, 0, 0xfe, 0xff], utf32(true)),
            with_mark(&[0xff, 0xfe, 0, 0], utf32(false)),
            utf32(true),
            utf32(false),
        ];
        for (i, bytes) in documents.iter().enumerate() {
            let feed = parse(bytes, None, "http://x/").unwrap_or_else(|e| panic!("document {i}: {e}"));
            assert_eq!(feed.title.as_deref(), Some("Ünï"), "document {i}");
            assert_eq!(feed.items.len(), 1, "document {i}");
            assert_eq!(feed.items[0].title, "Ça va", "document {i}");
        }
    }

    #[test]
    fn absurd_json_feed_dates_cost_only_the_date() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[
            {"id":"1","title":"Feb 30","date_published":"2026-02-30T10:00:00Z","content_text":"a"},
            {"id":"2","title":"Year 0","date_published":"0000-01-01T00:00:00Z","content_text":"b"},
            {"id":"3","title":"Far","date_published":"99999-01-01T00:00:00Z","content_text":"c"},
            {"id":"4","title":"Epoch","date_published":"12345678901234567890","content_text":"d"},
            {"id":"5","title":"Long","date_modified":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","content_text":"e"},
            {"id":"6","title":"Fine","date_published":"2026-03-01T10:00:00+01:00","content_text":"f"}]}"#;
        let feed =
            parse(json.as_bytes(), Some("application/feed+json"), "http://x/feed.json").expect("parses");
        let titles: Vec<&str> = feed.items.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(titles, ["Feb 30", "Year 0", "Far", "Epoch", "Long", "Fine"]);
        // Year 0 reads as a date; the library, which knows the time of the poll, sets it aside.
        assert!(feed.items[2..5].iter().all(|i| i.published.is_none()), "absurd dates become unknown");
        assert_eq!(
            feed.items[5].published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2026-03-01T09:00:00+00:00")
        );
    }

    #[test]
    fn what_a_feed_holds_is_bounded_and_the_cut_is_said() {
        let item = |i: usize, title: &str| {
            format!("<item><title>{title}</title><guid>{i}</guid><description>d</description></item>")
        };
        let long_title = "T".repeat(MAX_TITLE_CHARS + 500);
        let items: String =
            (0..MAX_ITEMS + 7).map(|i| item(i, if i == 0 { &long_title } else { "t" })).collect();
        let xml = format!("<rss version=\"2.0\"><channel><title>t</title>{items}</channel></rss>");
        let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
        assert_eq!(feed.items.len(), MAX_ITEMS);
        assert_eq!(feed.items_cut, 7);
        assert_eq!(feed.items[0].title.chars().count(), MAX_TITLE_CHARS + 1, "cut, with an ellipsis");
        assert!(feed.items[0].title.ends_with('…'));
        let text = "x".repeat(MAX_TEXT_BYTES + 10);
        let cut = cut_text(text);
        assert!(cut.len() < MAX_TEXT_BYTES + 100 && cut.ends_with("<p><em>[text cut at 2 MB]</em></p>"));
        let atom: String =
            (0..MAX_ITEMS + 2).map(|i| format!("<entry><id>{i}</id><title>e</title></entry>")).collect();
        let atom = format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>a</title>{atom}</feed>");
        let feed = parse(atom.as_bytes(), None, "http://x/").expect("atom parses after the cut");
        assert_eq!((feed.items.len(), feed.items_cut), (MAX_ITEMS, 2));
    }

    #[test]
    fn rss_without_a_known_version_is_read_as_2_0() {
        for root in [
            "<rss>",
            "<rss version=\"0.94\">",
            "<rss version='1.0'>",
            "<rss version=\"0.90\" xmlns:dc=\"x\">",
        ] {
            let xml = format!(
                "{root}<channel><title>t</title><item><title>i</title><guid>1</guid></item></channel></rss>"
            );
            let feed = parse(xml.as_bytes(), None, "http://x/").unwrap_or_else(|e| panic!("{root}: {e}"));
            assert_eq!(feed.items.len(), 1, "{root}");
        }
    }

    #[test]
    fn a_utf16_label_on_ascii_bytes_reads_as_utf8() {
        let xml = "<?xml version=\"1.0\" encoding=\"utf-16\"?><rss version=\"2.0\"><channel><title>Ça</title>\
                   <item><title>é</title><guid>1</guid></item></channel></rss>";
        let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
        assert_eq!(feed.title.as_deref(), Some("Ça"));
    }

    #[test]
    fn an_rss_1_0_item_is_known_by_its_uri() {
        let xml = r#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
            <channel rdf:about="http://x/"><title>t</title><link>http://x/</link></channel>
            <item rdf:about="http://x/a"><title>A</title><link>http://x/a</link></item></rdf:RDF>"#;
        let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
        assert_eq!(feed.items[0].guid.as_deref(), Some("http://x/a"));
    }

    #[test]
    fn items_without_an_author_take_theirs_or_the_channels() {
        let xml = r#"<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>t</title>
            <itunes:author xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">Giant Bomb</itunes:author>
            <item><title>a</title><guid>1</guid><itunes:author>Jane Doe</itunes:author></item>
            <item><title>b</title><guid>2</guid></item>
            <item><title>c</title><guid>3</guid><author>bob@x.org (Bob)</author></item></channel></rss>"#;
        let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
        let authors: Vec<Option<&str>> = feed.items.iter().map(|i| i.author.as_deref()).collect();
        assert_eq!(authors, [Some("Jane Doe"), Some("Giant Bomb"), Some("Bob")]);
    }

    #[test]
    fn author_names_come_out_of_their_addresses() {
        assert_eq!(author_name("dave@userland.com (Dave Winer)"), "Dave Winer");
        assert_eq!(author_name("(Dave Winer)"), "Dave Winer");
        assert_eq!(author_name("Dave Winer <dave@userland.com>"), "Dave Winer");
        assert_eq!(author_name("dave@userland.com"), "dave@userland.com");
        assert_eq!(author_name("Smith (the elder)"), "Smith (the elder)", "no address, no split");
    }

    #[test]
    fn double_encoded_utf8_is_read_once_and_real_latin_text_is_left_alone() {
        let twice = "<rss version=\"2.0\"><channel><title>CataluÃ±a</title><item><title>FlÃ¼chtlinge â€œjaâ€\u{9d}</title>\
                     <guid>1</guid></item></channel></rss>";
        let feed = parse(twice.as_bytes(), None, "http://x/").expect("parses");
        assert_eq!(feed.title.as_deref(), Some("Cataluña"));
        assert_eq!(feed.items[0].title, "Flüchtlinge “ja”");
        let real = "<rss version=\"2.0\"><channel><title>Ã la carte: Âge, café</title><item><title>t</title><guid>1</guid></item></channel></rss>";
        let feed = parse(real.as_bytes(), None, "http://x/").expect("parses");
        assert_eq!(feed.title.as_deref(), Some("Ã la carte: Âge, café"));
    }

    #[test]
    fn an_item_without_a_link_is_found_at_its_permalink_guid() {
        let xml = "<rss version=\"2.0\"><channel><title>t</title>\
                   <item><title>a</title><guid>http://x/a</guid></item>\
                   <item><title>b</title><guid isPermaLink=\"false\">b-1</guid></item></channel></rss>";
        let feed = parse(xml.as_bytes(), None, "http://x/").expect("parses");
        assert_eq!(feed.items[0].url.as_deref(), Some("http://x/a"));
        assert_eq!(feed.items[1].url, None, "an id that is no address is no link");
    }
}
