//! OSC 8 hyperlinks: after ratatui draws a frame, the cells of each http(s) link in the
//! article are written again wrapped in OSC 8, so terminals that know it make them clickable.
//! ratatui strips escape sequences from its own buffer, so this happens beside it.

use crate::config::Hyperlinks;
use crate::ui::Hyperlink;
use crossterm::style::{Attribute, Color as CColor, Print, SetAttribute, SetForegroundColor};
use crossterm::{cursor::MoveTo, queue};
use ratatui::style::{Color, Modifier};
use std::io::Write;

/// Whether to write hyperlinks in this terminal.
pub fn enabled(setting: Hyperlinks) -> bool {
    match setting {
        Hyperlinks::Always => true,
        Hyperlinks::Never => false,
        Hyperlinks::Auto => {
            let var = |name: &str| std::env::var(name).unwrap_or_default();
            // tmux and screen pass OSC 8 on only when configured to; stay off inside them.
            if !var("TMUX").is_empty() || var("TERM").starts_with("screen") {
                return false;
            }
            let program = var("TERM_PROGRAM");
            matches!(program.as_str(), "iTerm.app" | "WezTerm" | "vscode" | "ghostty" | "Hyper" | "rio")
                || var("VTE_VERSION").parse::<u32>().is_ok_and(|v| v >= 5000)
                || !var("KITTY_WINDOW_ID").is_empty()
                || !var("WT_SESSION").is_empty()
                || !var("KONSOLE_VERSION").is_empty()
                || ["kitty", "foot", "alacritty", "wezterm", "ghostty"]
                    .iter()
                    .any(|t| var("TERM").contains(t))
        }
    }
}

fn color(c: Option<Color>) -> CColor {
    match c {
        Some(Color::Blue) => CColor::Blue,
        Some(Color::Cyan) => CColor::Cyan,
        Some(Color::DarkGray) => CColor::DarkGrey,
        _ => CColor::Reset,
    }
}

/// The escape sequence that wraps `text` in a hyperlink to `url`. Both are stripped of
/// control characters, so nothing from a page can end the sequence early.
pub fn wrap(url: &str, text: &str) -> String {
    let url = crate::domain::safe_text::clean_line(url);
    let text = crate::domain::safe_text::clean_line(text);
    format!("\u{1b}]8;;{url}\u{1b}\\{text}\u{1b}]8;;\u{1b}\\")
}

pub fn write(out: &mut impl Write, links: &[Hyperlink]) -> std::io::Result<()> {
    if links.is_empty() {
        return Ok(());
    }
    for link in links {
        queue!(out, MoveTo(link.x, link.y), SetForegroundColor(color(link.style.fg)))?;
        if link.style.add_modifier.contains(Modifier::UNDERLINED) {
            queue!(out, SetAttribute(Attribute::Underlined))?;
        }
        queue!(out, Print(wrap(&link.url, &link.text)), SetAttribute(Attribute::Reset))?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_text_cannot_break_out() {
        let seq = wrap("https://x.org/\u{1b}]8;;evil\u{7}", "te\u{1b}[2Jxt");
        assert_eq!(seq, "\u{1b}]8;;https://x.org/\u{1b}\\text\u{1b}]8;;\u{1b}\\");
    }
}
