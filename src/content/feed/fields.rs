//! Repairs done to what the parser read, field by field: authors it leaves out, lengths kept
//! in bounds.

use super::{MAX_AUTHOR_CHARS, MAX_TEXT_BYTES};
use crate::content::html_text::plain_text;
use crate::domain::{ParsedFeed, SafeText};

/// Authors the parser leaves out: an item's `itunes:author`, else the channel's own author
/// (`managingEditor`, `dc:creator`, `itunes:author`, or the Atom feed's), for items that name
/// none themselves.
pub(super) fn fill_authors(parsed: &mut ParsedFeed, document: &str, feed_author: Option<SafeText>) {
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
pub(super) fn element_text(doc: &str, name: &str) -> Option<String> {
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
pub(super) fn cut_line(text: SafeText, max: usize) -> SafeText {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]).into(),
        None => text,
    }
}

/// An item's HTML cut at `MAX_TEXT_BYTES`, with a note the reader sees.
pub(super) fn cut_text(html: String) -> String {
    if html.len() <= MAX_TEXT_BYTES {
        return html;
    }
    let kept = crate::domain::safe_text::truncate_bytes(&html, MAX_TEXT_BYTES);
    format!("{kept}\n<p><em>[text cut at {} MB]</em></p>", MAX_TEXT_BYTES >> 20)
}

/// An author's name as plain text. RSS writes `email (Name)`, which parsers split into a
/// name in parentheses, and some write `Name <email>`: the name is kept, or the address when
/// there is nothing else.
pub(super) fn author_name(raw: &str) -> SafeText {
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
