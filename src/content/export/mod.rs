//! A story in, a document out: Markdown with front matter, or wrapped plain text.
//! Also the file name a story gets. Writing files is someone else's job.

mod formats;
pub mod plan;
mod xhtml;

pub use formats::{epub, html_document, json, netscape};

use crate::content::render::{self, Header};
use crate::domain::Story;
use crate::domain::safe_text::{clean_block, clean_line, truncate_bytes};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Html,
    Json,
    Epub,
}

impl Format {
    /// Every format, in the order the export dialog cycles through them.
    pub const ALL: [Format; 5] = [Format::Markdown, Format::Text, Format::Html, Format::Json, Format::Epub];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Text => "txt",
            Format::Html => "html",
            Format::Json => "json",
            Format::Epub => "epub",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" | "text" => Some(Format::Text),
            "html" => Some(Format::Html),
            "json" => Some(Format::Json),
            "epub" => Some(Format::Epub),
            _ => None,
        }
    }
}

/// Renders `story` in `format`; text is wrapped to `width` columns.
pub fn render(story: &Story, format: Format, width: usize) -> Vec<u8> {
    match format {
        Format::Markdown => markdown(story).into_bytes(),
        Format::Text => text(story, width).into_bytes(),
        Format::Html => html_document(story).into_bytes(),
        Format::Json => json(story).into_bytes(),
        Format::Epub => epub(std::slice::from_ref(story), &story.title, chrono::Utc::now()),
    }
}

fn text(story: &Story, width: usize) -> String {
    let mut out = render::article(&Header::of(story), story.body_html(), width).plain_text();
    if let Some(url) = &story.url {
        out.push_str(&format!("\nSource: {}\n", clean_line(url)));
    }
    out
}

fn markdown(story: &Story) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml_string(&story.title)));
    out.push_str(&format!("source: {}\n", yaml_string(&story.source)));
    let author = story.author.as_deref().map(yaml_string).unwrap_or_else(|| "null".into());
    out.push_str(&format!("author: {author}\n"));
    let date = story.published.map(|d| yaml_string(&d.to_rfc3339())).unwrap_or_else(|| "null".into());
    out.push_str(&format!("date: {date}\n"));
    let url = story.url.as_deref().map(yaml_string).unwrap_or_else(|| "null".into());
    out.push_str(&format!("url: {url}\n"));
    let bookmarked = story
        .bookmarked_at
        .filter(|_| story.bookmarked)
        .map(|d| yaml_string(&d.to_rfc3339()))
        .unwrap_or_else(|| "null".into());
    out.push_str(&format!("bookmarked: {bookmarked}\n"));
    let tags: Vec<String> = story.tags.iter().map(|t| yaml_string(t)).collect();
    out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    if let Some(note) = &story.note {
        out.push_str(&format!("note: {}\n", yaml_string(note)));
    }
    out.push_str("---\n\n");
    out.push_str(&format!("# {}\n\n", escape_markdown_line(&story.title)));
    out.push_str(&markdown_body(story.body_html(), story.url.as_deref()));
    out
}

/// The body as Markdown: emphasis and code marked, links as numbered references.
pub fn markdown_body(html: &str, base: Option<&str>) -> String {
    // The same bounds as the renderer's: html2text is quadratic in deep nesting.
    let html = crate::content::html_guard::bound(truncate_bytes(html, render::MAX_HTML_BYTES));
    let html = html.as_ref();
    let rendered = crate::domain::contained::contained(|| {
        html2text::config::plain()
            .do_decorate()
            .link_footnotes(true)
            .allow_width_overflow()
            .string_from_read(html.as_bytes(), 100)
    });
    let body = match rendered {
        Some(Ok(text)) => text,
        _ => render::body(html, base, 100).plain_text(),
    };
    let body = clean_block(&body);
    let base = base.and_then(|b| url::Url::parse(b).ok());
    // Footnote lines look like `[3]: /path`; make their targets absolute.
    body.lines()
        .map(|line| match (line.split_once("]: "), &base) {
            (Some((label, target)), Some(base)) if label.starts_with('[') && !target.contains(' ') => {
                match base.join(target) {
                    Ok(u) => format!("{label}]: {u}"),
                    Err(_) => line.to_string(),
                }
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn escape_markdown_line(s: &str) -> String {
    s.replace('\\', "\\\\").replace('*', "\\*").replace('_', "\\_")
}

/// A double-quoted YAML scalar: safe for any title.
fn yaml_string(s: &str) -> String {
    let clean = clean_line(s);
    let mut out = String::with_capacity(clean.len() + 2);
    out.push('"');
    for c in clean.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

const MAX_NAME_BYTES: usize = 200;

/// A file name for a story: `{date}-{source}-{title}.{ext}`, made of safe characters only.
/// It never holds a path separator, `..`, a control or bidi character, or a reserved device
/// name, and it is at most 200 bytes long.
pub fn file_name(story: &Story, format: Format) -> String {
    file_name_from(DEFAULT_FILE_NAME, story, format)
}

/// The file-name template used when the config sets none.
pub const DEFAULT_FILE_NAME: &str = "{date}-{source}-{title}";

/// A file name from a template with `{date}`, `{source}`, `{title}` and `{id}`; each value is
/// made safe on its own, then the whole name is (see `safe_file_name`).
pub fn file_name_from(template: &str, story: &Story, format: Format) -> String {
    let date = story.published.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    let mut stem = template.to_string();
    for (key, value) in [
        ("{date}", date),
        ("{source}", story.source.to_string()),
        ("{title}", story.title.to_string()),
        ("{id}", story.id.0.to_string()),
    ] {
        stem = stem.replace(key, &slug(&value));
    }
    // Placeholders with no value leave separators behind; slug folds them.
    safe_file_name(&stem, format.extension())
}

/// Makes `stem.ext` safe as a single file name inside a directory.
pub fn safe_file_name(stem: &str, ext: &str) -> String {
    let ext = slug(ext);
    let mut stem = slug(stem);
    if stem.is_empty() {
        stem = "story".to_string();
    }
    let upper = stem.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.len() == 4
            && upper.as_bytes()[3].is_ascii_digit());
    if reserved {
        stem.insert(0, '_');
    }
    let room = MAX_NAME_BYTES.saturating_sub(ext.len() + 1 + 6); // room for a "-NNNN" suffix
    let stem = truncate_bytes(&stem, room).trim_end_matches(['-', '.']).to_string();
    format!("{stem}.{ext}")
}

/// Lowercase words joined by `-`: letters and digits of any script survive, everything
/// else (separators, dots, controls, bidi marks, emoji) becomes a single dash.
pub fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::StoryId;

    fn story(title: &str) -> Story {
        Story {
            source: "The Daily".into(),
            title: title.into(),
            url: Some("https://example.org/news/1".into()),
            author: Some("Ann \"Quote\" Lee".into()),
            published: chrono::DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z").ok().map(|d| d.to_utc()),
            content: Some("<p>Hello <em>world</em>, <a href=\"/x\">a link</a>.</p>".into()),
            ..Story::blank(StoryId(1))
        }
    }

    #[test]
    fn hostile_titles_make_safe_names() {
        for title in ["../../etc/passwd", "/abs/path", "CON", "a\u{202e}b\u{1b}[31m", "..", ""] {
            let name = file_name(&story(title), Format::Markdown);
            assert!(!name.contains('/') && !name.contains('\\') && !name.contains(".."), "{name}");
            assert!(name.chars().all(|c| !c.is_control() && c != '\u{202e}'), "{name}");
            assert!(name.ends_with(".md"));
        }
        let long = "😀".repeat(1000) + &"é".repeat(500);
        assert!(file_name(&story(&long), Format::Text).len() <= 200);
        assert_eq!(safe_file_name("con", "md"), "_con.md");
        assert_eq!(
            file_name(&story("Hello, World!"), Format::Markdown),
            "2026-03-01-the-daily-hello-world.md"
        );
    }

    #[test]
    fn templates_fill_placeholders_safely() {
        let s = story("A / B");
        assert_eq!(file_name_from("{id}_{title}", &s, Format::Html), "1-a-b.html");
        assert_eq!(file_name_from("{source}/../{date}", &s, Format::Json), "the-daily-2026-03-01.json");
    }

    #[test]
    fn markdown_has_front_matter_and_absolute_links() {
        let md = String::from_utf8(render(&story("A \"quoted\" title"), Format::Markdown, 80)).expect("utf8");
        assert!(md.starts_with("---\ntitle: \"A \\\"quoted\\\" title\"\nsource: \"The Daily\"\n"), "{md}");
        assert!(md.contains("date: \"2026-03-01T10:00:00+00:00\""), "{md}");
        assert!(md.contains("*world*"), "{md}");
        assert!(md.contains("https://example.org/x"), "{md}");
    }

    #[test]
    fn text_is_wrapped() {
        let txt = String::from_utf8(render(&story("Title"), Format::Text, 20)).expect("utf8");
        assert!(txt.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 40), "{txt}");
        assert!(txt.contains("Hello world"), "{txt}");
    }
}
