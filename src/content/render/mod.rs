//! Article HTML in, a styled document of our own out: lines of spans tagged with roles,
//! laid out at a given width, with links numbered for keyboard use. No UI types here:
//! only the UI maps roles to terminal styles.

mod blocks;

pub use blocks::cut_line;
mod decorator;

use crate::domain::safe_text::clean_block;
use chrono::{DateTime, Utc};
use unicode_width::UnicodeWidthStr;

/// What a piece of text is, so the UI can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    #[default]
    Body,
    Title,
    Meta,
    Heading(u8),
    Code,
    Preformatted,
    QuoteBar,
    ListMarker,
    Image,
    /// A figure's caption.
    Caption,
    /// Text and borders of a table.
    Table,
    /// A link's text or its `[n]` reference; the number is 1-based.
    Link(usize),
    Rule,
    LinkList,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TextStyle {
    pub role: Role,
    pub strong: bool,
    pub emphasis: bool,
    pub strike: bool,
}

impl TextStyle {
    pub const fn of(role: Role) -> Self {
        Self { role, strong: false, emphasis: false, strike: false }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub style: TextStyle,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub spans: Vec<Span>,
}

impl Line {
    fn single(text: impl Into<String>, role: Role) -> Self {
        Line { spans: vec![Span { text: text.into(), style: TextStyle::of(role) }] }
    }

    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A document laid out at `width` columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StyledDoc {
    pub width: usize,
    pub lines: Vec<Line>,
    /// Link targets; link `n` is `links[n - 1]`.
    pub links: Vec<String>,
}

impl StyledDoc {
    /// The document as plain text, one line per line.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            out.push_str(line.text().trim_end());
            out.push('\n');
        }
        out
    }
}

/// The header facts shown above a story's body.
#[derive(Debug, Clone, Default)]
pub struct Header<'a> {
    pub title: &'a str,
    pub source: &'a str,
    pub author: Option<&'a str>,
    pub published: Option<DateTime<Utc>>,
    pub url: Option<&'a str>,
    /// Which text this is ("full text", "feed text"), when the story has both.
    pub kind: Option<&'a str>,
}

impl<'a> Header<'a> {
    /// The header of a stored story.
    pub fn of(story: &'a crate::domain::Story) -> Header<'a> {
        Header {
            title: &story.title,
            source: &story.source,
            author: story.author.as_deref(),
            published: story.published,
            url: story.url.as_deref(),
            kind: story.full_text.as_deref().filter(|t| !t.trim().is_empty()).map(|_| "full text"),
        }
    }
}

/// Input larger than this is cut before rendering: no story is this long, and
/// html2text's time and memory grow with it.
pub const MAX_HTML_BYTES: usize = 4 << 20;

/// Lays out a story: header block, the body, then the numbered link list.
pub fn article(header: &Header<'_>, html: &str, width: usize) -> StyledDoc {
    let width = width.max(1);
    let mut lines = Vec::new();
    for row in wrap_words(header.title, width) {
        lines.push(Line::single(row, Role::Title));
    }
    let meta = meta_line(header, html);
    for row in wrap_words(&meta, width) {
        lines.push(Line::single(row, Role::Meta));
    }
    lines.push(Line::single("─".repeat(width.min(200)), Role::Rule));
    lines.push(Line::default());
    let body = body(html, header.url, width);
    lines.extend(body.lines);
    if !body.links.is_empty() {
        lines.push(Line::default());
        lines.push(Line::single("Links", Role::Heading(2)));
        for (i, link) in body.links.iter().enumerate() {
            let label = format!("[{}] ", i + 1);
            let indent = label.width();
            let mut first = true;
            for row in wrap_chars(link, width.saturating_sub(indent).max(8)) {
                let lead = if first { label.clone() } else { " ".repeat(indent) };
                first = false;
                lines.push(Line {
                    spans: vec![
                        Span { text: lead, style: TextStyle::of(Role::Link(i + 1)) },
                        Span { text: row, style: TextStyle::of(Role::LinkList) },
                    ],
                });
            }
        }
    }
    StyledDoc { width, lines, links: body.links }
}

fn meta_line(header: &Header<'_>, html: &str) -> String {
    let mut parts = vec![header.source.to_string()];
    if let Some(author) = header.author.filter(|a| !a.is_empty()) {
        parts.push(author.to_string());
    }
    if let Some(date) = header.published {
        parts.push(date.format("%b %-d, %Y %H:%M").to_string());
    }
    let words = count_words(html);
    if words > 0 {
        parts.push(format!("{} min read", words.div_ceil(230)));
    }
    if let Some(kind) = header.kind {
        parts.push(kind.to_string());
    }
    parts.join(" · ")
}

fn count_words(html: &str) -> usize {
    let mut in_tag = false;
    let mut text = String::with_capacity(html.len() / 2);
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().count()
}

/// Lays out just the body of a story at `width`; relative links resolve against `base`.
pub fn body(html: &str, base: Option<&str>, width: usize) -> StyledDoc {
    let (html, preformatted) = prepare_html(html);
    let width = width.max(1);
    let rendered = crate::domain::contained::contained(|| decorator::render(&html, width.max(10), true));
    let (lines, links) = match rendered {
        Some(Ok(out)) => out,
        // A renderer failure on hostile markup still shows the text.
        _ => (fallback_lines(&html, width), Vec::new()),
    };
    let lines = put_back_preformatted(lines, &preformatted);
    let base = base.and_then(|b| url::Url::parse(b).ok());
    let links = links
        .into_iter()
        .map(|href| match base.as_ref().and_then(|b| b.join(&href).ok()) {
            Some(u) => u.to_string(),
            None => href,
        })
        .map(|l| crate::domain::safe_text::clean_line(&l))
        .collect();
    StyledDoc { width, lines: trim_blank_runs(lines), links }
}

/// The body as plain paragraphs, one per line: no link numbers, no markup, no wrapping.
pub fn plain_paragraphs(html: &str) -> String {
    let (html, preformatted) = prepare_html(html);
    let rendered = crate::domain::contained::contained(|| decorator::render(&html, 100_000, false));
    let lines = match rendered {
        Some(Ok((lines, _))) => lines,
        _ => fallback_lines(&html, 100_000),
    };
    let lines = put_back_preformatted(lines, &preformatted);
    let mut out = String::new();
    for line in trim_blank_runs(lines) {
        let text: String = line
            .spans
            .iter()
            .filter(|s| !matches!(s.style.role, Role::QuoteBar | Role::Image))
            .map(|s| s.text.as_str())
            .collect();
        out.push_str(text.trim_end());
        out.push('\n');
    }
    out
}

/// Bounds the input, strips escape sequences and hides the characters our markers use.
/// Also lifts out the preformatted blocks, which are laid out apart.
fn prepare_html(html: &str) -> (String, Vec<String>) {
    let cut = crate::domain::safe_text::truncate_bytes(html, MAX_HTML_BYTES);
    // Stories stored before feeds were cleaned of them may still hold styles and scripts.
    let shown = crate::content::html_text::without_hidden_elements(cut);
    let hidden = decorator::hide_markers(&clean_block(&crate::content::html_guard::bound(&shown)));
    let (html, preformatted) = blocks::lift_preformatted(&blocks::captions_on_own_line(&hidden));
    (html, preformatted.iter().map(|p| decorator::restore_markers(p)).collect())
}

/// Replaces the placeholder lines by the preformatted blocks, line for line and never
/// wrapped: lines wider than the layout are the viewer's to cut or scroll (`cut_line`).
fn put_back_preformatted(lines: Vec<Line>, blocks: &[String]) -> Vec<Line> {
    if blocks.is_empty() {
        return lines;
    }
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        match blocks::placeholder_index(&line.text()).and_then(|i| blocks.get(i)) {
            Some(block) => {
                for row in block.lines() {
                    out.push(Line::single(row, Role::Preformatted));
                }
            }
            None => out.push(line),
        }
    }
    out
}

fn fallback_lines(html: &str, width: usize) -> Vec<Line> {
    let text = decorator::restore_markers(&crate::content::html_text::plain_text(html));
    wrap_words(&text, width).into_iter().map(|l| Line::single(l, Role::Body)).collect()
}

/// Drops leading and trailing blank lines and folds runs of blank lines to one.
fn trim_blank_runs(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        let blank = line.text().trim().is_empty();
        if blank && out.last().is_none_or(|l| l.text().trim().is_empty()) {
            continue;
        }
        out.push(if blank { Line::default() } else { line });
    }
    while out.last().is_some_and(|l| l.text().trim().is_empty()) {
        out.pop();
    }
    out
}

/// Word-wraps plain text to `width` display columns; words longer than a line are split.
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut row = String::new();
    for word in clean_block(text).split_whitespace() {
        let needed = if row.is_empty() { word.width() } else { row.width() + 1 + word.width() };
        if needed > width && !row.is_empty() {
            rows.push(std::mem::take(&mut row));
        }
        if word.width() > width {
            for piece in wrap_chars(word, width) {
                if !row.is_empty() {
                    rows.push(std::mem::take(&mut row));
                }
                row = piece;
            }
            continue;
        }
        if !row.is_empty() {
            row.push(' ');
        }
        row.push_str(word);
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows
}

/// Splits text into rows of at most `width` columns without regard to words.
pub fn wrap_chars(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut rows = vec![String::new()];
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            rows.push(String::new());
            used = 0;
        }
        if let Some(last) = rows.last_mut() {
            last.push(c);
        }
        used += w;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(doc: &StyledDoc) -> Vec<Role> {
        doc.lines.iter().flat_map(|l| l.spans.iter().map(|s| s.style.role)).collect()
    }

    #[test]
    fn headings_quotes_and_links_get_roles() {
        let html = "<h2>Big news</h2><p>Read <a href=\"/more\">this <b>now</b></a>.</p>\
                    <blockquote><p>Quoted words</p></blockquote>";
        let doc = body(html, Some("https://example.org/a/b"), 60);
        let text = doc.plain_text();
        assert!(text.contains("Big news"), "{text}");
        assert!(!text.contains('#'), "{text}");
        assert!(text.contains("this now[1]"), "{text}");
        assert!(text.contains("│ Quoted words"), "{text}");
        assert_eq!(doc.links, vec!["https://example.org/more".to_string()]);
        let r = roles(&doc);
        assert!(r.contains(&Role::Heading(2)));
        assert!(r.contains(&Role::QuoteBar));
        assert!(r.contains(&Role::Link(1)));
        let strong = doc.lines.iter().flat_map(|l| &l.spans).any(|s| s.style.strong && s.text == "now");
        assert!(strong);
    }

    #[test]
    fn wraps_at_width_and_keeps_preformatted() {
        let html = "<p>one two three four five six seven eight nine ten</p><pre>let x =   1;</pre>";
        let doc = body(html, None, 20);
        for line in &doc.lines {
            assert!(line.text().width() <= 20, "{:?}", line.text());
        }
        assert!(doc.plain_text().contains("let x =   1;"));
        assert!(roles(&doc).contains(&Role::Preformatted));
    }

    #[test]
    fn article_has_header_and_link_list() {
        let header = Header { title: "A title", source: "Src", author: Some("Ann"), ..Header::default() };
        let doc = article(&header, "<p>See <a href='https://x.org/'>x</a></p>", 40);
        let text = doc.plain_text();
        assert!(text.starts_with("A title\nSrc · Ann · 1 min read\n"), "{text}");
        assert!(text.contains("[1] https://x.org/"), "{text}");
    }

    #[test]
    fn styles_and_scripts_are_never_shown() {
        let html = "<style>.a{fill:none}</style><p>Story</p><script>var x = 1;</script><iframe>frame</iframe><p>end</p>";
        assert_eq!(
            body(html, None, 60).plain_text().split_whitespace().collect::<Vec<_>>(),
            ["Story", "end"]
        );
    }

    #[test]
    fn escape_sequences_never_survive() {
        let doc = body("<p>a\u{1b}[2Jb\u{1b}]0;x\u{7}c</p>", None, 40);
        assert_eq!(doc.plain_text().trim(), "abc");
    }

    #[test]
    fn narrow_widths_do_not_break() {
        let html = "<table><tr><td>漢字漢字</td><td>b</td></tr></table><p>長い文章です</p>";
        for width in 1..12 {
            let doc = article(&Header { title: "漢字", source: "s", ..Header::default() }, html, width);
            assert!(doc.plain_text().contains("漢"));
        }
    }
}
