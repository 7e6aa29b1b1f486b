//! Repairs done to what the parser read, field by field: the pieces of an item's markup it
//! leaves out, mangled text, lengths kept in bounds.

use super::MAX_TEXT_BYTES;
use crate::content::html_text::plain_text;
use crate::domain::SafeText;

/// The channel's own author, for items that name none: the feed's author as feed-rs read it,
/// else the channel's `itunes:author`, `managingEditor` or `dc:creator`.
pub(super) fn channel_author(document: &str, feed_author: Option<SafeText>) -> Option<SafeText> {
    let first_item =
        ["<item", "<entry"].iter().filter_map(|t| document.find(t)).min().unwrap_or(document.len());
    let channel = &document[..first_item];
    feed_author.or_else(|| {
        ["itunes:author", "managingEditor", "dc:creator"]
            .iter()
            .find_map(|name| element_text(channel, name))
            .map(|a| author_name(&without_cdata(&a)))
            .filter(|a| !a.is_empty())
    })
}

/// An RSS item's author as its markup gives it, where the parser found none: `itunes:author`,
/// or an `author` that holds an Atom person (`<name>`, else `<email>`) or CDATA.
pub(super) fn author_in_markup(item: &str) -> Option<SafeText> {
    let inner =
        ["itunes:author", "author", "atom:author"].iter().find_map(|name| element_text(item, name))?;
    let inner = without_cdata(&inner);
    let person =
        ["name", "atom:name", "email", "atom:email"].iter().find_map(|name| element_text(&inner, name));
    Some(author_name(&without_cdata(person.as_deref().unwrap_or(&inner)))).filter(|a| !a.is_empty())
}

/// The text inside `<![CDATA[…]]>`, or the text itself when it is not one.
pub(super) fn without_cdata(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.strip_prefix("<![CDATA[").and_then(|t| t.strip_suffix("]]>")) {
        Some(inner) => inner.to_string(),
        None => text.to_string(),
    }
}

/// The markup of each item (RSS) or entry (Atom) of `document`, in order.
pub(super) fn item_blocks(document: &str) -> impl Iterator<Item = &str> {
    let name = if element_blocks(document, "item").next().is_some() { "item" } else { "entry" };
    element_blocks(document, name)
}

/// The elements `<name>…</name>` of `doc` in order (not `<name…>` of a longer name).
pub(super) fn element_blocks<'a>(doc: &'a str, name: &str) -> impl Iterator<Item = &'a str> {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut rest = doc;
    std::iter::from_fn(move || {
        loop {
            let at = rest.find(&open)?;
            let after = &rest[at + open.len()..];
            if !after.starts_with(|c: char| c == '>' || c == '/' || c.is_whitespace()) {
                rest = after;
                continue;
            }
            let end = after.find(&close).map_or(after.len(), |e| e + close.len());
            rest = &after[end..];
            return Some(&after[..end]);
        }
    })
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

/// A text as its author wrote it, where the publisher's software got the encoding wrong:
/// UTF-8 that was read as Windows-1252 and written out again ("CafÃ©"), and Windows-1252
/// quotes carried over as C1 control characters. Each field is judged alone, since a feed
/// often mixes items that went through the mangling with items that did not.
pub(super) fn unmangled(text: String) -> String {
    windows_1252_controls(undo_double_encoding(text))
}

/// Each run of characters that Windows-1252 gives to bytes beyond ASCII is turned back into
/// those bytes and read as UTF-8 where they are UTF-8; bytes that are not stay the characters
/// they were. A feed often has the mangled and the right text side by side, even in one item.
fn undo_double_encoding(text: String) -> String {
    // Only a text with the marks of it is tried: a character of U+00C2 to U+00F4 (what the
    // first byte of a UTF-8 sequence reads as) before one that Windows-1252 gives to a byte of
    // 0x80 to 0xBF (what its other bytes read as): U+0080 to U+00BF, or one of Œ, š, ƒ, ˆ, ‘, €.
    let bytes = text.as_bytes();
    let marked = memchr::memchr_iter(0xc3, bytes)
        .any(|at| matches!(bytes.get(at + 1..at + 3), Some([0x82..=0xb4, 0xc2 | 0xc5 | 0xc6 | 0xcb | 0xe2])));
    if !marked {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut run = Vec::new();
    for c in text.chars() {
        match windows_1252_byte(c) {
            Some(byte) => run.push(byte),
            None => {
                out.push_str(&super::decode::utf8_with_windows_1252_strays(&run));
                run.clear();
                out.push(c);
            }
        }
    }
    out.push_str(&super::decode::utf8_with_windows_1252_strays(&run));
    out
}

/// The byte beyond ASCII that Windows-1252 (as the WHATWG reads it) decodes to `c`: U+0080 to
/// U+00FF stand for their own byte (Latin-1, and the C1 controls carried over), and the rest
/// is encoding_rs's table (€ is 0x80, ’ is 0x92).
fn windows_1252_byte(c: char) -> Option<u8> {
    if ('\u{80}'..='\u{ff}').contains(&c) {
        return Some(c as u8);
    }
    if c.is_ascii() {
        return None;
    }
    let mut utf8 = [0; 4];
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut utf8));
    match *bytes {
        [byte] if !unmappable && byte >= 0x80 => Some(byte),
        _ => None,
    }
}

/// U+0080 to U+009F are control characters, never text; in a feed they are Windows-1252's
/// quotes, dashes and € that were carried over byte for byte. U+009B is left for the cleaning
/// to remove with what follows it: as the 8-bit CSI it opens a terminal command.
fn windows_1252_controls(text: String) -> String {
    let is_c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c) && c != '\u{9b}';
    if !memchr::memchr_iter(0xc2, text.as_bytes())
        .any(|at| matches!(text.as_bytes().get(at + 1), Some(0x80..=0x9f)))
    {
        return text;
    }
    text.chars()
        .map(|c| match is_c1(c) {
            true => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&[c as u8])
                .0
                .chars()
                .next()
                .unwrap_or(c),
            false => c,
        })
        .collect()
}
