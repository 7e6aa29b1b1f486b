//! Repairs done to the document before it is parsed: what real feeds get wrong that a strict
//! XML parser refuses, and cuts that keep a huge feed cheap.

use super::MAX_ITEMS;

/// A JSON Feed with every date that is not a plausible RFC 3339 time taken out; `None` when
/// it is not JSON or had no such date.
pub(super) fn json_without_bad_dates(document: &str) -> Option<String> {
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

/// An XML feed cut after its `MAX_ITEMS`-th item, closed again, and how many items the cut
/// left out. JSON and shorter feeds come back as they are.
pub(super) fn keep_first_items(document: String) -> (String, usize) {
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
    let beyond = ends.len() - MAX_ITEMS;
    (closed_at(document, ends[MAX_ITEMS - 1]), beyond)
}

/// The document cut at byte `cut` (the end of an item) and closed again.
pub(super) fn closed_at(mut document: String, cut: usize) -> String {
    let head = crate::domain::safe_text::truncate_bytes(&document, 4096);
    let closing = if head.contains("<feed") {
        "</feed>"
    } else if head.contains("<rdf:RDF") {
        "</rdf:RDF>"
    } else {
        "</channel></rss>"
    };
    document.truncate(cut);
    document.push_str(closing);
    document
}

/// feed-rs reads `<rss>` only with version 2.0, 0.91 or 0.92. Publishers also write none,
/// 0.90, 0.93, 0.94 and even 1.0 there; every one of those is read as 2.0, which is a superset.
pub(super) fn with_known_rss_version(document: String) -> String {
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
pub(super) fn regex_lite_version(tag: &str) -> Option<String> {
    let at = tag.find("version")?;
    let rest = tag[at + 7..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let inner = &rest[1..];
    Some(inner[..inner.find(quote)?].trim().to_string())
}

pub(super) fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(512).collect::<String>().to_ascii_lowercase();
    (head.starts_with("<!doctype html") || head.starts_with("<html"))
        && !head.contains("<rss")
        && !head.contains("<feed")
}

/// Repairs what real feeds get wrong so that a strict XML parser accepts them: undeclared
/// HTML entities become numeric references, bare ampersands are escaped, and characters
/// that XML forbids are dropped.
pub fn repair_xml(text: &str) -> String {
    let text = with_escape_references_as_escapes(text);
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text.as_ref();
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

/// ESC written as a reference (`&#x1b;`, `&#27;`) is no XML character; made the character it
/// names, it goes with the escape sequence it opens instead of leaving `[5m` behind.
fn with_escape_references_as_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    const FORMS: [&str; 4] = ["&#x1b;", "&#X1B;", "&#x1B;", "&#27;"];
    if memchr::memmem::find(text.as_bytes(), b"&#").is_none() || !FORMS.iter().any(|f| text.contains(f)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut fixed = text.to_string();
    for form in FORMS {
        fixed = fixed.replace(form, "\u{1b}");
    }
    std::borrow::Cow::Owned(fixed)
}

pub(super) fn valid_numeric(name: &str) -> bool {
    let Some(num) = name.strip_prefix('#') else {
        return false;
    };
    let code = match num.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => num.parse().ok(),
    };
    code.and_then(char::from_u32).is_some_and(is_xml_char)
}

pub(super) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

pub(super) fn push_xml_chars(out: &mut String, s: &str) {
    out.extend(crate::domain::safe_text::drop_escape_sequences(s).chars().filter(|&c| is_xml_char(c)));
}

/// Namespaces feed-rs does not know, for vocabularies it does: Atom 0.3 is read as Atom 1.0
/// (with its `issued`, `modified` and `tagline` under their 1.0 names), RSS 0.90 as RSS 1.0,
/// and an `<rss>` that puts its elements in a namespace of its own as plain RSS.
pub(super) fn with_known_namespaces(document: String) -> String {
    let head = crate::domain::safe_text::truncate_bytes(&document, 4096);
    if head.contains("\"http://purl.org/atom/ns#\"") {
        let mut fixed =
            document.replacen("\"http://purl.org/atom/ns#\"", "\"http://www.w3.org/2005/Atom\"", 1);
        for (old, new) in [("issued", "published"), ("modified", "updated"), ("tagline", "subtitle")] {
            // Start tags with or without attributes, and end tags.
            for end in [">", " ", "\t", "\n", "\r"] {
                fixed = fixed.replace(&format!("<{old}{end}"), &format!("<{new}{end}"));
            }
            fixed = fixed.replace(&format!("</{old}>"), &format!("</{new}>"));
        }
        return fixed;
    }
    if head.contains("\"http://my.netscape.com/rdf/simple/0.9/\"") {
        return document.replacen(
            "\"http://my.netscape.com/rdf/simple/0.9/\"",
            "\"http://purl.org/rss/1.0/\"",
            1,
        );
    }
    let Some(start) = head.find("<rss").filter(|&at| head[at + 4..].starts_with(char::is_whitespace)) else {
        return document;
    };
    let Some(tag_end) = head[start..].find('>').map(|e| start + e) else { return document };
    let Some(default_ns) = head[start..tag_end].find(" xmlns=").map(|at| start + at) else { return document };
    let value_end = head[default_ns + 8..tag_end].find(['"', '\'']).map(|e| default_ns + 8 + e + 1);
    match value_end {
        Some(end) => format!("{}{}", &document[..default_ns], &document[end..]),
        None => document,
    }
}
