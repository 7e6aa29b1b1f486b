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
    let end = s[1..].find(';').map(|i| i + 1).filter(|&i| i <= 33)?;
    let name = &s[1..end];
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)?.to_string()
    } else {
        match name {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            other => super::html_entities::lookup(other)?,
        }
        .to_string()
    };
    Some((decoded, end + 1))
}

/// The charset a Content-Type header names, if it names one.
pub fn charset_of_content_type(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        (key.trim().eq_ignore_ascii_case("charset"))
            .then(|| value.trim().trim_matches(['"', '\'']).to_string())
    })
}
