//! What commands print: the width to lay text out at, whether to style it, and a styled
//! document as terminal text (SGR codes only where colour is on).

use crate::content::render::{Role, StyledDoc, TextStyle};
use std::io::IsTerminal;

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

/// The width to lay text out at: the one asked for, else the terminal's, else 80.
pub fn output_width(asked: Option<usize>) -> usize {
    let tty = std::io::stdout().is_terminal();
    asked
        .or_else(|| tty.then(|| crossterm::terminal::size().ok().map(|(w, _)| usize::from(w))).flatten())
        .unwrap_or(80)
}

/// Whether to style output: only on a terminal, and never under NO_COLOR.
pub fn output_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Bytes as a person reads them: B, KiB or MiB.
pub fn human_bytes(bytes: usize) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}

/// Prints `text` for `-`, else writes it to the new file `output` and prints the path.
pub fn write_or_print(output: &std::path::Path, text: &str) -> anyhow::Result<i32> {
    if output.as_os_str() == "-" {
        print!("{text}");
    } else {
        crate::os::files::write_new(output, text.as_bytes())?;
        println!("{}", output.display());
    }
    Ok(0)
}
