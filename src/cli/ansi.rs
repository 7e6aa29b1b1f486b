//! Our style roles as ANSI SGR codes, for `newsdesk show` on a terminal.

use crate::render::{Role, StyledDoc, TextStyle};

fn codes(style: TextStyle) -> Vec<&'static str> {
    let mut codes = match style.role {
        Role::Body => vec![],
        Role::Title => vec!["1"],
        Role::Meta | Role::Rule | Role::LinkList => vec!["90"],
        Role::Heading(_) => vec!["1", "36"],
        Role::Code | Role::Preformatted => vec!["33"],
        Role::QuoteBar => vec!["35"],
        Role::ListMarker => vec!["34"],
        Role::Image => vec!["3", "32"],
        Role::Caption => vec!["3", "90"],
        Role::Table => vec![],
        Role::Link(_) => vec!["4", "34"],
    };
    if style.strong {
        codes.push("1");
    }
    if style.emphasis {
        codes.push("3");
    }
    if style.strike {
        codes.push("9");
    }
    codes
}

/// The document as text, with SGR styling when `color` is set. Span text is already free
/// of control characters (the renderer strips them).
pub fn to_terminal(doc: &StyledDoc, color: bool) -> String {
    let mut out = String::new();
    for line in &doc.lines {
        for span in &line.spans {
            let codes = codes(span.style);
            if color && !codes.is_empty() {
                out.push_str(&format!("\u{1b}[{}m{}\u{1b}[0m", codes.join(";"), span.text));
            } else {
                out.push_str(&span.text);
            }
        }
        let trimmed = out.trim_end_matches(' ').len();
        out.truncate(trimmed);
        out.push('\n');
    }
    out
}
