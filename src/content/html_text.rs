//! Small pieces of HTML as plain text: character references decoded, tags dropped, and the
//! charset named by a Content-Type header. Feeds, extraction and rendering all use these.

use crate::domain::SafeText;

/// A title as plain text: tags removed, entities decoded, controls stripped.
pub fn plain_text(raw: &str) -> SafeText {
    let mut out = String::with_capacity(raw.len());
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    SafeText::new(&decode_entities(&out))
}

/// Decodes the named and numeric character references in a piece of text.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(pos) = rest.find('&') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        match parse_reference(rest) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads `&name;` or `&#...;` at the start of `s`: the text it stands for and its length.
fn parse_reference(s: &str) -> Option<(String, usize)> {
    // Only the next 33 bytes are looked at: a search to the end for every `&` of a text full
    // of them would be quadratic.
    let end = s.as_bytes().iter().skip(1).take(33).position(|&b| b == b';').map(|i| i + 1)?;
    let name = &s[1..end];
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)?.to_string()
    } else {
        super::html_entities::lookup(name)?
    };
    Some((decoded, end + 1))
}

/// Whether `text` holds a character reference that `decode_entities` would read: `&name;` of
/// a known name, or `&#…;`.
pub fn has_reference(text: &str) -> bool {
    memchr::memchr_iter(b'&', text.as_bytes()).any(|at| parse_reference(&text[at..]).is_some())
}

/// The charset a Content-Type header names, if it names one.
pub fn charset_of_content_type(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        (key.trim().eq_ignore_ascii_case("charset"))
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// `s` with the characters that mean something in HTML written as references.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Elements whose content is never text for a reader: programs, style sheets, embedded
/// documents and plugins, and what belongs in a page's head. The first four have no content.
const NEVER_TEXT: &[&str] = &[
    "embed", "meta", "link", "base", "script", "style", "template", "iframe", "frame", "frameset",
    "noframes", "object", "applet", "noembed",
];
const WITHOUT_CONTENT: usize = 4;

/// `html` without the elements of `NEVER_TEXT`, their content included: a feed's CSS or
/// script must never be shown, searched or exported as if it were the story.
pub fn without_hidden_elements(html: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = next_hidden_tag(html, 0) else {
        return std::borrow::Cow::Borrowed(html);
    };
    let mut out = String::with_capacity(html.len());
    let mut copied_to = 0;
    let mut found = Some(first);
    while let Some((at, index, closing)) = found {
        out.push_str(&html[copied_to..at]);
        let tag_end = html[at..].find('>').map_or(html.len(), |e| at + e + 1);
        let self_closed = html[..tag_end].ends_with("/>");
        copied_to = if closing || self_closed || index < WITHOUT_CONTENT {
            tag_end
        } else {
            end_of_element(html, tag_end, NEVER_TEXT[index])
        };
        found = next_hidden_tag(html, copied_to);
    }
    out.push_str(&html[copied_to..]);
    std::borrow::Cow::Owned(out)
}

/// The next start or end tag of a `NEVER_TEXT` element at or after `from`: where it starts,
/// which element, and whether it is an end tag.
fn next_hidden_tag(html: &str, from: usize) -> Option<(usize, usize, bool)> {
    memchr::memchr_iter(b'<', &html.as_bytes()[from..]).map(|at| from + at).find_map(|at| {
        let rest = &html.as_bytes()[at + 1..];
        let (closing, rest) = match rest.first() {
            Some(b'/') => (true, &rest[1..]),
            _ => (false, rest),
        };
        // Most tags (p, a, em, div) are ruled out by their first letter alone.
        let first = rest.first()?.to_ascii_lowercase();
        let index =
            NEVER_TEXT.iter().position(|name| name.as_bytes()[0] == first && tag_name_is(rest, name))?;
        Some((at, index, closing))
    })
}

/// Whether `rest` starts with the tag name `name`, in any case, followed by what ends a name.
fn tag_name_is(rest: &[u8], name: &str) -> bool {
    rest.len() >= name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && rest.get(name.len()).is_none_or(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
}

/// Where the element `name` whose content starts at `from` ends: past its end tag, or at the
/// end of the text when it is never closed.
fn end_of_element(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    memchr::memmem::find_iter(&bytes[from..], b"</")
        .map(|at| from + at)
        .find(|&at| tag_name_is(&bytes[at + 2..], name))
        .map_or(html.len(), |at| html[at..].find('>').map_or(html.len(), |e| at + e + 1))
}
