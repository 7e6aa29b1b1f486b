//! The bridge to html2text: a decorator that tags text with our marks and numbers links.
//!
//! html2text gives headings and quotes a text prefix rather than an annotation, so the
//! decorator uses `#` and `|` as prefixes and the line pass turns them into roles. The real
//! `#` and `|` of the input travel as private-use stand-ins of the same width meanwhile
//! (html2text requires a prefix's byte length to equal its width, so it must be ASCII).

use super::{Line, Role, Span, TextStyle};
use html2text::render::{TaggedLine, TaggedLineElement, TextDecorator};
use std::cell::RefCell;
use std::rc::Rc;

const QUOTE: char = '|';
const HEADING: char = '#';
const QUOTE_STAND_IN: char = '\u{e000}';
const HEADING_STAND_IN: char = '\u{e001}';

/// Hides the input's own `#` and `|` so that only our prefixes remain as markers.
pub fn hide_markers(html: &str) -> String {
    html.chars()
        .filter(|c| {
            ![QUOTE_STAND_IN, HEADING_STAND_IN, super::blocks::PLACEHOLDER, super::blocks::CAPTION]
                .contains(c)
        })
        .map(|c| match c {
            QUOTE => QUOTE_STAND_IN,
            HEADING => HEADING_STAND_IN,
            c => c,
        })
        .collect()
}

/// Gives back the input's own `#` and `|`.
pub fn restore_markers(text: &str) -> String {
    text.replace(QUOTE_STAND_IN, "|").replace(HEADING_STAND_IN, "#")
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Mark {
    #[default]
    Plain,
    Link(usize),
    Image,
    Emphasis,
    Strong,
    Strike,
    Code,
    Preformatted,
}

#[derive(Default)]
struct Links {
    urls: Vec<String>,
    current: usize,
}

struct Decorator {
    links: Rc<RefCell<Links>>,
    /// Whether a link's text is followed by its `[n]`.
    numbered: bool,
}

impl TextDecorator for Decorator {
    type Annotation = Mark;

    fn decorate_link_start(&mut self, url: &str) -> (String, Mark) {
        let mut links = self.links.borrow_mut();
        let n = match links.urls.iter().position(|u| u == url) {
            Some(i) => i + 1,
            None => {
                links.urls.push(url.to_string());
                links.urls.len()
            }
        };
        links.current = n;
        (String::new(), Mark::Link(n))
    }

    fn decorate_link_end(&mut self) -> String {
        if self.numbered { format!("[{}]", self.links.borrow().current) } else { String::new() }
    }

    fn decorate_em_start(&self) -> (String, Mark) {
        (String::new(), Mark::Emphasis)
    }

    fn decorate_em_end(&self) -> String {
        String::new()
    }

    fn decorate_strong_start(&self) -> (String, Mark) {
        (String::new(), Mark::Strong)
    }

    fn decorate_strong_end(&self) -> String {
        String::new()
    }

    fn decorate_strikeout_start(&self) -> (String, Mark) {
        (String::new(), Mark::Strike)
    }

    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }

    fn decorate_code_start(&self) -> (String, Mark) {
        (String::new(), Mark::Code)
    }

    fn decorate_code_end(&self) -> String {
        String::new()
    }

    fn decorate_preformat_first(&self) -> Mark {
        Mark::Preformatted
    }

    fn decorate_preformat_cont(&self) -> Mark {
        Mark::Preformatted
    }

    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, Mark) {
        let alt = crate::domain::safe_text::clean_line(title);
        let text = if alt.is_empty() { "[image]".to_string() } else { format!("[image: {alt}]") };
        (text, Mark::Image)
    }

    fn header_prefix(&self, level: usize) -> String {
        HEADING.to_string().repeat(level.clamp(1, 6))
    }

    fn quote_prefix(&self) -> String {
        format!("{QUOTE} ")
    }

    fn unordered_item_prefix(&self) -> String {
        "• ".to_string()
    }

    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }

    fn make_subblock_decorator(&self) -> Self {
        Decorator { links: Rc::clone(&self.links), numbered: self.numbered }
    }

    fn finalise(&mut self, _urls: Vec<String>) -> Vec<TaggedLine<Mark>> {
        Vec::new()
    }
}

pub fn render(
    html: &str,
    width: usize,
    numbered: bool,
) -> Result<(Vec<Line>, Vec<String>), html2text::Error> {
    let links = Rc::new(RefCell::new(Links::default()));
    let decorator = Decorator { links: Rc::clone(&links), numbered };
    let tagged = html2text::config::with_decorator(decorator)
        .allow_width_overflow()
        .lines_from_read(html.as_bytes(), width)?;
    let lines = carry_captions(tagged.iter().map(convert_line).collect());
    let urls = std::mem::take(&mut links.borrow_mut().urls).iter().map(|u| restore_markers(u)).collect();
    Ok((lines, urls))
}

/// Turns one line of html2text's output into ours; also says whether a caption starts here.
fn convert_line(tagged: &TaggedLine<Vec<Mark>>) -> (Line, bool) {
    let mut spans: Vec<Span> = Vec::new();
    let mut heading: Option<u8> = None;
    let mut caption = false;
    for element in tagged.iter() {
        let TaggedLineElement::Str(piece) = element else {
            continue;
        };
        let mut style = style_of(&piece.tag);
        let mut text = String::new();
        for c in crate::domain::safe_text::clean_block(&piece.s).chars() {
            if c == QUOTE {
                push(&mut spans, std::mem::take(&mut text), style);
                push(&mut spans, "│".to_string(), TextStyle::of(Role::QuoteBar));
            } else if c == HEADING {
                heading = Some(heading.unwrap_or(0) + 1);
            } else if c == QUOTE_STAND_IN {
                text.push('|');
            } else if c == HEADING_STAND_IN {
                text.push('#');
            } else if c == super::blocks::CAPTION {
                caption = true;
            } else if c != '\n' {
                text.push(c);
            }
        }
        if let Some(level) = heading
            && style.role == Role::Body
        {
            style.role = Role::Heading(level);
        }
        push(&mut spans, text, style);
    }
    if let Some(first) = spans.iter_mut().find(|s| !s.text.trim().is_empty())
        && first.style.role == Role::Body
        && is_list_marker(first.text.trim_start())
    {
        first.style.role = Role::ListMarker;
    }
    if spans.iter().all(|s| s.text.chars().all(|c| c == '─')) && !spans.is_empty() {
        for span in &mut spans {
            span.style.role = Role::Rule;
        }
    }
    let table = spans.iter().any(|s| s.style.role == Role::Body && s.text.contains(['│', '┼', '┬', '┴']));
    for span in spans.iter_mut().filter(|s| s.style.role == Role::Body) {
        if caption {
            span.style.role = Role::Caption;
        } else if table {
            span.style.role = Role::Table;
        }
    }
    (Line { spans }, caption)
}

/// Lines after a caption's first line that are still emphasised belong to the caption.
fn carry_captions(converted: Vec<(Line, bool)>) -> Vec<Line> {
    let mut in_caption = false;
    converted
        .into_iter()
        .map(|(mut line, starts)| {
            let emphasised = line.spans.iter().any(|s| s.style.emphasis)
                && line.spans.iter().all(|s| s.style.emphasis || s.text.trim().is_empty());
            in_caption = starts || (in_caption && emphasised);
            if in_caption {
                for span in line.spans.iter_mut().filter(|s| s.style.role == Role::Body) {
                    span.style.role = Role::Caption;
                }
            }
            line
        })
        .collect()
}

fn is_list_marker(text: &str) -> bool {
    text == "• " || text == "•" || {
        let digits = text.trim_end().trim_end_matches('.');
        text.trim_end().ends_with('.') && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    }
}

fn push(spans: &mut Vec<Span>, text: String, style: TextStyle) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.style == style => last.text.push_str(&text),
        _ => spans.push(Span { text, style }),
    }
}

fn style_of(marks: &[Mark]) -> TextStyle {
    let mut style = TextStyle::default();
    for mark in marks {
        match mark {
            Mark::Plain => {}
            Mark::Link(n) => style.role = Role::Link(*n),
            Mark::Image => style.role = Role::Image,
            Mark::Emphasis => style.emphasis = true,
            Mark::Strong => style.strong = true,
            Mark::Strike => style.strike = true,
            Mark::Code if style.role == Role::Body => style.role = Role::Code,
            Mark::Code => {}
            Mark::Preformatted => style.role = Role::Preformatted,
        }
    }
    style
}
