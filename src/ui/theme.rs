//! The one place where our style roles become terminal styles. Colours are the terminal's
//! own named ANSI colours, so light and dark themes both read well.

use crate::content::render::{Role, TextStyle};
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Default for Theme {
    fn default() -> Self {
        Theme { color: true }
    }
}

impl Theme {
    /// Honours NO_COLOR: colour off, bold and reverse kept.
    pub fn from_env() -> Self {
        Theme { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color { Style::default().fg(color) } else { Style::default() }
    }

    pub fn text(&self, style: TextStyle) -> Style {
        let mut s = match style.role {
            Role::Body => Style::default(),
            Role::Title => Style::default().add_modifier(Modifier::BOLD),
            Role::Meta => self.fg(Color::DarkGray),
            Role::Heading(1 | 2) => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Role::Heading(_) => self.fg(Color::Cyan).add_modifier(Modifier::BOLD | Modifier::ITALIC),
            Role::Code => self.fg(Color::Yellow),
            Role::Preformatted => self.fg(Color::Yellow),
            Role::QuoteBar => self.fg(Color::Magenta),
            Role::ListMarker => self.fg(Color::Blue),
            Role::Image => self.fg(Color::Green).add_modifier(Modifier::ITALIC),
            Role::Caption => self.fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            Role::Table => Style::default(),
            Role::Link(_) => self.fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            Role::Rule => self.fg(Color::DarkGray),
            Role::LinkList => self.fg(Color::DarkGray),
        };
        if style.strong {
            s = s.add_modifier(Modifier::BOLD);
        }
        if style.emphasis {
            s = s.add_modifier(Modifier::ITALIC);
        }
        if style.strike {
            s = s.add_modifier(Modifier::CROSSED_OUT);
        }
        s
    }

    pub fn border(&self, focused: bool) -> Style {
        if focused { self.fg(Color::Cyan).add_modifier(Modifier::BOLD) } else { self.fg(Color::DarkGray) }
    }

    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    /// The selected row of a pane that does not have focus.
    pub fn selected_unfocused(&self) -> Style {
        if self.color {
            Style::default().bg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::UNDERLINED)
        }
    }

    pub fn dim(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn unread(&self) -> Style {
        Style::default().add_modifier(Modifier::BOLD)
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn done(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn bar(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}
