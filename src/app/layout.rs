//! Pane geometry, in plain numbers: the UI draws with it and `update` uses it to lay out
//! the article at the width it will be shown.

use super::{AppState, Pane};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrangement {
    /// Three panes side by side.
    Wide,
    /// Two panes; the article takes the story list's place.
    Medium,
    /// One pane at a time.
    Narrow,
}

pub fn arrangement(width: u16) -> Arrangement {
    match width {
        120.. => Arrangement::Wide,
        80..=119 => Arrangement::Medium,
        _ => Arrangement::Narrow,
    }
}

/// The panes on screen, left to right.
pub fn visible_panes(state: &AppState) -> Vec<Pane> {
    match arrangement(state.width) {
        Arrangement::Wide => vec![Pane::Sources, Pane::Stories, Pane::Article],
        Arrangement::Medium => {
            if state.focus == Pane::Article && state.article.is_some() {
                vec![Pane::Sources, Pane::Article]
            } else {
                vec![Pane::Sources, Pane::Stories]
            }
        }
        Arrangement::Narrow => vec![state.focus],
    }
}

/// Widths of the visible panes, summing to the screen width.
pub fn pane_widths(width: u16, panes: &[Pane]) -> Vec<u16> {
    let sources = (width / 5).clamp(20, 30);
    match panes.len() {
        0 => Vec::new(),
        1 => vec![width],
        2 => vec![sources, width.saturating_sub(sources)],
        _ => {
            let rest = width.saturating_sub(sources);
            let stories = rest * 2 / 5;
            vec![sources, stories, rest - stories]
        }
    }
}

/// The number of text columns inside the article pane at this screen width.
pub fn article_text_width(width: u16) -> usize {
    let pane = match arrangement(width) {
        Arrangement::Wide => pane_widths(width, &[Pane::Sources, Pane::Stories, Pane::Article])[2],
        Arrangement::Medium => pane_widths(width, &[Pane::Sources, Pane::Article])[1],
        Arrangement::Narrow => width,
    };
    // Borders on both sides, one column of padding, one for the scrollbar.
    usize::from(pane).saturating_sub(4).max(1)
}

/// Rows of text inside a pane: the screen less the top line, command bar and borders.
pub fn pane_rows(height: u16) -> usize {
    usize::from(height).saturating_sub(4).max(1)
}
