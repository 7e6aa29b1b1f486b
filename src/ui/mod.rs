//! Drawing: reads `AppState`, never changes it. Scroll positions that only matter on screen
//! live in `ViewState`.

mod overlays;
mod panes;
pub mod theme;

use crate::app::{AppState, Pane, StatusKind, layout};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Row, Table};
pub use theme::Theme;

/// Render-only state: the first visible row of each list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewState {
    pub sources_top: usize,
    pub stories_top: usize,
    /// Where the article pane drew http(s) links in the last frame, for OSC 8 hyperlinks.
    pub hyperlinks: Vec<Hyperlink>,
}

/// A link's text on screen and its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hyperlink {
    pub x: u16,
    pub y: u16,
    pub text: String,
    pub url: String,
    pub style: ratatui::style::Style,
}

/// Keeps `selected` inside a window of `rows` rows starting at `top`.
fn follow(top: usize, selected: usize, rows: usize) -> usize {
    if selected < top {
        selected
    } else if selected >= top + rows {
        selected + 1 - rows
    } else {
        top
    }
}

pub fn draw(frame: &mut Frame<'_>, state: &AppState, view: &mut ViewState, theme: &Theme) {
    let area = frame.area();
    view.hyperlinks.clear();
    let [top, body, bottom] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(1)]).areas(area);
    draw_top_line(frame, top, state, theme);
    let panes = layout::visible_panes(state);
    let widths = layout::pane_widths(area.width, &panes);
    let mut x = body.x;
    for (pane, width) in panes.iter().zip(widths) {
        let rect = Rect { x, y: body.y, width, height: body.height };
        x += width;
        match pane {
            Pane::Sources => panes::sources(frame, rect, state, view, theme),
            Pane::Stories => panes::stories(frame, rect, state, view, theme),
            Pane::Article => panes::article(frame, rect, state, view, theme),
        }
    }
    draw_bottom_line(frame, bottom, state, theme);
    if let Some(overlay) = &state.overlay {
        overlays::draw(frame, area, state, overlay, theme);
        view.hyperlinks.clear();
    }
    if state.help {
        draw_help(frame, area, state, theme);
        // The overlay covers the article; its links must not be written over it.
        view.hyperlinks.clear();
    }
}

fn draw_top_line(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let left = format!(" newsdesk   {} · {} unread", state.list_title(), group_digits(state.total_unread()));
    let right = match (&state.refresh, &state.last_refresh) {
        (Some(p), _) if p.pages_total > 0 && p.done >= p.total => {
            format!("full text {}/{} ", p.pages_done, p.pages_total)
        }
        (Some(p), _) => format!("refreshing {}/{} ", p.done, p.total),
        (None, Some((when, p))) => {
            let local = when.with_timezone(&state.utc_offset);
            format!("refreshed {} · {}/{} ok ", local.format("%H:%M"), p.done - p.failed, p.total)
        }
        (None, None) => String::new(),
    };
    let pad = usize::from(area.width).saturating_sub(width(&left) + width(&right));
    let line = Line::from(vec![
        Span::styled(left, theme.bar().add_modifier(ratatui::style::Modifier::BOLD)),
        Span::styled(" ".repeat(pad), theme.bar()),
        Span::styled(right, theme.bar()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_bottom_line(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let line = if !state.link_digits.is_empty() {
        Line::from(Span::styled(
            format!(" open link {}: press Enter, Esc to cancel", state.link_digits),
            theme.accent(),
        ))
    } else if let Some(status) = &state.status {
        let style = match status.kind {
            StatusKind::Info => theme.accent(),
            StatusKind::Done => theme.done(),
            StatusKind::Error => theme.error(),
        };
        Line::from(Span::styled(format!(" {}", status.text), style))
    } else {
        let mut spans = Vec::new();
        for b in &state.keymap.bindings {
            if let (Some(hint), Some(key)) = (b.hint, b.keys.first()) {
                spans.push(Span::styled(format!(" {} ", key.label()), theme.accent()));
                spans.push(Span::raw(hint));
            }
        }
        if let Some(error) = &state.last_error {
            spans.push(Span::styled(format!("  ⚠ {error}"), theme.error()));
        }
        Line::from(spans)
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// A cleared rectangle of at most `width` x `height` in the middle of `area`.
fn centred(frame: &mut Frame<'_>, area: Rect, width: u16, height: u16) -> Rect {
    let (width, height) = (width.min(area.width), height.min(area.height));
    let rect =
        Rect { x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width, height };
    frame.render_widget(Clear, rect);
    rect
}

fn overlay_block<'a>(title: &str, footer: &str, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border(true))
        .title(format!(" {title} "))
        .title_bottom(Line::from(format!(" {footer} ")).right_aligned())
}

/// A centred box with a title, lines and a footer.
pub(super) fn draw_box(
    frame: &mut Frame<'_>,
    area: Rect,
    title: &str,
    lines: Vec<Line<'_>>,
    footer: &str,
    theme: &Theme,
) {
    let rect = centred(frame, area, 76, lines.len() as u16 + 2);
    frame.render_widget(Paragraph::new(lines).block(overlay_block(title, footer, theme)), rect);
}

fn draw_help(frame: &mut Frame<'_>, area: Rect, state: &AppState, theme: &Theme) {
    let rows = state.keymap.help_rows();
    // One column when it fits, else two side by side.
    let columns = if rows.len() + 2 <= usize::from(area.height) || area.width < 60 { 1 } else { 2 };
    let per_column = rows.len().div_ceil(columns);
    let height = per_column as u16 + 2;
    let width = if columns == 1 { 50 } else { 90 };
    let rect = centred(frame, area, width, height);
    let block = overlay_block("Keys", "any key closes", theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let slots = Layout::horizontal(vec![Constraint::Ratio(1, columns as u32); columns]).split(inner);
    for (chunk, slot) in rows.chunks(per_column).zip(slots.iter()) {
        let table = Table::new(
            chunk.iter().map(|(keys, desc)| {
                Row::new(vec![Span::styled(keys.clone(), theme.accent()), Span::raw(*desc)])
            }),
            [Constraint::Length(12), Constraint::Min(10)],
        );
        frame.render_widget(table, *slot);
    }
}

pub(crate) fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

pub(crate) fn group_digits(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}
