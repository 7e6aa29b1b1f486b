//! Blocks the renderer lays out itself rather than through html2text: preformatted text,
//! which must keep every line as written, and figure captions, which get their own line.

use unicode_width::UnicodeWidthChar;

/// Marks the paragraph that stands in for preformatted block N: `\u{e002}N\u{e002}`.
pub const PLACEHOLDER: char = '\u{e002}';
/// Marks the start of a figure caption's text.
pub const CAPTION: char = '\u{e003}';

/// Replaces each `<pre>` block by a placeholder paragraph and returns the blocks' text.
pub fn lift_preformatted(html: &str) -> (String, Vec<String>) {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut blocks = Vec::new();
    let mut at = 0;
    while let Some(start) = lower[at..].find("<pre").map(|i| at + i) {
        let boundary = lower[start + 4..].chars().next();
        let Some(open_end) = lower[start..].find('>').map(|i| start + i + 1) else { break };
        if !matches!(boundary, Some('>' | ' ' | '\t' | '\n' | '/')) {
            out.push_str(&html[at..open_end]);
            at = open_end;
            continue;
        }
        let close = lower[open_end..].find("</pre").map(|i| open_end + i).unwrap_or(lower.len());
        let after = lower[close..].find('>').map(|i| close + i + 1).unwrap_or(lower.len());
        out.push_str(&html[at..start]);
        out.push_str(&format!("<p>{PLACEHOLDER}{}{PLACEHOLDER}</p>", blocks.len()));
        blocks.push(pre_text(&html[open_end..close]));
        at = after;
    }
    out.push_str(&html[at..]);
    (out, blocks)
}

/// The text of a `<pre>` block: tags dropped, entities decoded, a leading newline and
/// trailing blank lines removed, as browsers show it.
fn pre_text(inner: &str) -> String {
    let mut text = String::with_capacity(inner.len());
    let mut in_tag = false;
    for c in inner.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = crate::content::html_text::decode_entities(&text);
    let text = text.strip_prefix('\n').unwrap_or(&text);
    text.trim_end_matches(['\n', ' ']).to_string()
}

/// Which preformatted block a rendered line stands for, if any.
pub fn placeholder_index(line: &str) -> Option<usize> {
    line.trim().strip_prefix(PLACEHOLDER)?.strip_suffix(PLACEHOLDER)?.parse().ok()
}

/// The columns of a preformatted line seen through a window `width` wide, `offset`
/// columns from its start: `←` marks text cut on the left, `→` text cut on the right.
pub fn cut_line(line: &str, offset: usize, width: usize) -> String {
    let mut skipped = 0;
    let mut chars = line.chars().peekable();
    while skipped < offset {
        match chars.next() {
            Some(c) => skipped += c.width().unwrap_or(0),
            None => break,
        }
    }
    let rest: String = chars.collect();
    let total: usize = rest.chars().map(|c| c.width().unwrap_or(0)).sum();
    let lead = if offset > 0 && !rest.is_empty() { "←" } else { "" };
    let room = width.saturating_sub(usize::from(!lead.is_empty()));
    if total <= room {
        return format!("{lead}{rest}");
    }
    let mut out = lead.to_string();
    let mut used = 0;
    for c in rest.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > room {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('→');
    out
}

/// Puts each figure caption on a line of its own, in italics.
pub fn captions_on_own_line(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    if !lower.contains("<figcaption") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + 64);
    let mut at = 0;
    while let Some(i) = lower[at..].find("figcaption").map(|i| at + i) {
        let opening = i > 0 && &lower[i - 1..i] == "<";
        let closing = i > 1 && &lower[i - 2..i] == "</";
        if opening {
            out.push_str(&html[at..i - 1]);
            out.push_str("<br><em><");
            let end = lower[i..].find('>').map(|e| i + e + 1).unwrap_or(lower.len());
            out.push_str(&html[i..end]);
            out.push(CAPTION);
            at = end;
            continue;
        } else if closing {
            let end = lower[i..].find('>').map(|e| i + e + 1).unwrap_or(lower.len());
            out.push_str(&html[at..end]);
            out.push_str("</em>");
            at = end;
            continue;
        } else {
            out.push_str(&html[at..i]);
        }
        out.push_str("figcaption");
        at = i + "figcaption".len();
    }
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pre_blocks_are_lifted_with_their_text() {
        let (html, blocks) =
            lift_preformatted("<p>a</p><PRE class=x>\n  x &lt; y\n<b>z</b>\n\n</PRE><p>b</p><press>");
        assert_eq!(html, "<p>a</p><p>\u{e002}0\u{e002}</p><p>b</p><press>");
        assert_eq!(blocks, vec!["  x < y\nz".to_string()]);
        assert_eq!(placeholder_index(" \u{e002}0\u{e002} "), Some(0));
    }

    #[test]
    fn long_lines_are_cut_with_a_marker() {
        assert_eq!(cut_line("abcdef", 0, 4), "abc→");
        assert_eq!(cut_line("abcd", 0, 4), "abcd");
        assert_eq!(cut_line("漢字漢字", 0, 5), "漢字→");
        assert_eq!(cut_line("abcdefgh", 2, 4), "←cd→");
        assert_eq!(cut_line("abcdef", 3, 4), "←def");
    }

    #[test]
    fn captions_get_their_own_line() {
        let html = "<figure><img alt=a><figcaption>Cap</figcaption></figure>";
        assert_eq!(
            captions_on_own_line(html),
            "<figure><img alt=a><br><em><figcaption>\u{e003}Cap</figcaption></em></figure>"
        );
    }
}
