//! Bounding hostile HTML before any parser or renderer sees it: a size cap, a nesting-depth
//! cap, and sane table spans. Parsers and layout engines are quadratic or recursive in
//! places; these caps keep every page to bounded time and memory.
//!
//! Caps: `MAX_DEPTH` open elements (deeper start tags are dropped with their end tags), and
//! `colspan`/`rowspan` clamped to 1..=`MAX_SPAN`.

use std::borrow::Cow;

pub const MAX_DEPTH: usize = 256;
pub const MAX_SPAN: u32 = 64;

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr",
];

/// Returns `html` with nesting deeper than `MAX_DEPTH` flattened and table spans clamped.
/// Untouched input is returned as is.
pub fn bound(html: &str) -> Cow<'_, str> {
    if !needs_work(html) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut depth = 0usize;
    // Names of dropped start tags, so that their end tags are dropped too.
    let mut dropped: Vec<String> = Vec::new();
    let mut flattened = false;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let Some(gt) = tag_end(rest) else {
            out.push_str(rest);
            return Cow::Owned(out);
        };
        let tag = &rest[..=gt];
        rest = &rest[gt + 1..];
        match classify(tag) {
            Tag::Start(name, self_closing) => {
                let void = VOID.contains(&name.as_str()) || self_closing;
                if !void && depth >= MAX_DEPTH {
                    dropped.push(name);
                    flattened = true;
                    continue;
                }
                if !void {
                    depth += 1;
                }
                out.push_str(&clamp_spans(tag));
            }
            Tag::End(name) => {
                if let Some(i) = dropped.iter().rposition(|d| *d == name) {
                    dropped.remove(i);
                    continue;
                }
                depth = depth.saturating_sub(1);
                out.push_str(tag);
            }
            Tag::Other => out.push_str(tag),
        }
        // Raw-text elements: copy their content without reading tags in it.
        for raw in ["script", "style", "textarea", "title"] {
            if tag.len() > raw.len() && tag[1..].to_ascii_lowercase().starts_with(raw) {
                let lower = rest.to_ascii_lowercase();
                let end = lower.find(&format!("</{raw}")).unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    if flattened {
        // Said where the reader sees it: the page was deeper than what is shown.
        out.push_str(FLATTENED_NOTE);
    }
    Cow::Owned(out)
}

/// Ends a page whose nesting went deeper than `MAX_DEPTH`.
pub const FLATTENED_NOTE: &str = "<p><em>[nesting deeper than 256 levels was flattened]</em></p>";

/// Cheap check: only pages with many tags or with spans need the full pass.
fn needs_work(html: &str) -> bool {
    html.len() / 8 > MAX_DEPTH || html.contains("span=")
}

/// The index of the `>` that closes the tag starting at `s[0] == '<'`, quotes respected.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

enum Tag {
    Start(String, bool),
    End(String),
    Other,
}

fn classify(tag: &str) -> Tag {
    let inner = &tag[1..tag.len() - 1];
    if let Some(end) = inner.strip_prefix('/') {
        return Tag::End(name_of(end));
    }
    if inner.starts_with(['!', '?']) {
        return Tag::Other;
    }
    let name = name_of(inner);
    if name.is_empty() {
        return Tag::Other;
    }
    Tag::Start(name, inner.trim_end().ends_with('/'))
}

fn name_of(s: &str) -> String {
    s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>().to_ascii_lowercase()
}

/// Rewrites `colspan`/`rowspan` values outside 1..=MAX_SPAN (0, huge, or not a number).
fn clamp_spans(tag: &str) -> Cow<'_, str> {
    let lower = tag.to_ascii_lowercase();
    if !lower.contains("span=") {
        return Cow::Borrowed(tag);
    }
    let mut out = String::with_capacity(tag.len());
    let mut i = 0;
    while i < tag.len() {
        let at = lower[i..].find("span=").map(|p| i + p);
        let Some(at) = at else {
            out.push_str(&tag[i..]);
            break;
        };
        let value_start = at + 5;
        out.push_str(&tag[i..value_start]);
        let rest = &tag[value_start..];
        let quoted = rest.starts_with(['"', '\'']);
        let body = if quoted { &rest[1..] } else { rest };
        let len =
            body.find(|c: char| c == '"' || c == '\'' || c.is_whitespace() || c == '>').unwrap_or(body.len());
        let digits = body[..len].trim();
        let value = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            digits.parse::<u64>().unwrap_or(u64::MAX).clamp(1, u64::from(MAX_SPAN))
        } else {
            1
        };
        let consumed = if quoted { len + 2 } else { len };
        out.push_str(&format!("\"{value}\""));
        i = value_start + consumed.min(rest.len());
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_flattened_and_text_kept() {
        let html = "<div>".repeat(5000) + "deep text" + &"</div>".repeat(5000);
        let out = bound(&html);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("deep text"));
    }

    #[test]
    fn spans_are_clamped() {
        let out = bound("<td colspan=\"9007199254740992\">a</td><td rowspan=0>b</td><td colspan='3'>c</td>");
        assert_eq!(out, "<td colspan=\"64\">a</td><td rowspan=\"1\">b</td><td colspan=\"3\">c</td>");
    }

    #[test]
    fn scripts_are_copied_without_reading_tags() {
        let html = "<script>if (a<b) { x = '<div>'; }</script><p>ok</p>".repeat(300);
        let out = bound(&html);
        assert_eq!(out, html);
    }

    #[test]
    fn a_flattened_page_says_so_and_a_shallow_one_does_not() {
        let deep = format!("{}x{}", "<div>".repeat(MAX_DEPTH + 10), "</div>".repeat(MAX_DEPTH + 10));
        assert!(bound(&deep).ends_with(FLATTENED_NOTE));
        let shallow = format!("{}x{}", "<div>".repeat(40), "</div>".repeat(40)).repeat(20);
        assert!(!bound(&shallow).contains(FLATTENED_NOTE));
    }
}
