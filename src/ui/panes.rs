//! The three panes: sources, stories (or bookmarks), and the article.

use super::Hyperlink;
use super::{Theme, ViewState, follow, group_digits, width};
use crate::app::{AppState, Pane, SourceEntry, layout};
use crate::content::render::Role;
use chrono::{DateTime, Datelike, Utc};
use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, Wrap};

fn block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default().borders(Borders::ALL).border_style(theme.border(focused)).title(Span::styled(
        format!(" {title} "),
        if focused { theme.border(true) } else { Style::default() },
    ))
}

fn is_web(url: &str) -> bool {
    crate::domain::is_web_url(url)
}

/// Cuts `text` to `max` display columns, with an ellipsis when cut.
fn fit(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// A row with `left` and `right` parts, padded to `cols`.
fn split_row<'a>(left: String, right: String, cols: usize, style: Style) -> Line<'a> {
    let right_w = width(&right);
    let left = fit(&left, cols.saturating_sub(right_w + 1));
    let pad = cols.saturating_sub(width(&left) + right_w);
    Line::from(vec![
        Span::styled(left, style),
        Span::styled(" ".repeat(pad), style),
        Span::styled(right, style),
    ])
}

pub fn sources(frame: &mut Frame<'_>, area: Rect, state: &AppState, view: &mut ViewState, theme: &Theme) {
    let focused = state.focus == Pane::Sources;
    let outer = block("Sources".into(), focused, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let cols = usize::from(inner.width);
    // Display rows: entries, with folder headings between them.
    let mut rows: Vec<(Option<usize>, Line<'_>)> = Vec::new();
    let mut folder: Option<&str> = None;
    for (index, entry) in state.source_entries().into_iter().enumerate() {
        let selected = index == state.source_selected;
        let style = if selected && focused {
            theme.selected()
        } else if selected {
            theme.selected_unfocused()
        } else {
            Style::default()
        };
        let (name, count) = match entry {
            SourceEntry::All => ("All".to_string(), group_digits(state.total_unread())),
            SourceEntry::Unread => ("Unread".to_string(), group_digits(state.total_unread())),
            SourceEntry::Bookmarks => ("★ Bookmarks".to_string(), group_digits(state.bookmark_count as i64)),
            SourceEntry::Search(i) => {
                let search = &state.searches[i];
                (format!("⌕ {}", search.name), group_digits(search.unread as i64))
            }
            SourceEntry::Source(i) => {
                let source = &state.sources[i];
                let this_folder = source.folder.as_deref();
                if this_folder.is_some() && this_folder != folder {
                    let heading = format!("── {} ──", this_folder.unwrap_or_default());
                    rows.push((None, Line::from(Span::styled(fit(&heading, cols), theme.dim()))));
                }
                folder = this_folder;
                let mark = if source.last_error.is_some() { "⚠ " } else { "" };
                (source.title.to_string(), format!("{mark}{}", group_digits(source.unread)))
            }
        };
        rows.push((Some(index), split_row(format!(" {name}"), format!("{count} "), cols, style)));
    }
    let height = usize::from(inner.height);
    let selected_row = rows.iter().position(|(i, _)| *i == Some(state.source_selected)).unwrap_or(0);
    view.sources_top = follow(view.sources_top.min(rows.len().saturating_sub(1)), selected_row, height);
    let lines: Vec<Line<'_>> = rows.into_iter().skip(view.sources_top).take(height).map(|(_, l)| l).collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Today: `11:59`; this week: `Mon 11:59`; older: `Dec 8`; another year: `2024-12-08`.
pub fn short_time(when: Option<DateTime<Utc>>, state: &AppState) -> String {
    let Some(when) = when else {
        return "     ".into();
    };
    let local = when.with_timezone(&state.utc_offset);
    let now = state.now.with_timezone(&state.utc_offset);
    let age = now.signed_duration_since(local);
    if local.date_naive() == now.date_naive() {
        local.format("%H:%M").to_string()
    } else if age.num_days() < 6 && age.num_seconds() >= 0 {
        local.format("%a %H:%M").to_string()
    } else if local.year() == now.year() {
        local.format("%b %-d").to_string()
    } else {
        local.format("%Y-%m-%d").to_string()
    }
}

pub fn stories(frame: &mut Frame<'_>, area: Rect, state: &AppState, view: &mut ViewState, theme: &Theme) {
    let focused = state.focus == Pane::Stories;
    let list = &state.list;
    let title = if state.showing_bookmarks() {
        let filter = &list.filter;
        let mut shown = vec![filter.order.label().to_string()];
        if let Some(tag) = &filter.tag {
            shown.push(format!("#{tag}"));
        }
        if let Some(words) = &filter.words {
            shown.push(format!("“{words}”"));
        }
        format!("Bookmarks ({}) · {}", group_digits(list.total as i64), shown.join(" · "))
    } else {
        format!("{} ({})", state.list_title(), group_digits(list.total as i64))
    };
    let outer = block(title, focused, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let height = usize::from(inner.height);
    if list.total == 0 {
        let hint = if list.loading {
            "Loading…".to_string()
        } else if state.showing_bookmarks() {
            "No bookmarks yet. Press b on a story to keep it here.".to_string()
        } else if state.refresh.is_some() {
            "Fetching stories…".to_string()
        } else {
            "No stories here yet. Press R to refresh all sources.".to_string()
        };
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())).wrap(Wrap { trim: true }), inner);
        return;
    }
    view.stories_top = follow(view.stories_top, list.selected, height);
    let cols = usize::from(inner.width).saturating_sub(1);
    let show_source = list.filter.source.is_none() && cols >= 50;
    let mut lines = Vec::with_capacity(height);
    for absolute in view.stories_top..(view.stories_top + height).min(list.total) {
        let Some(row) = absolute.checked_sub(list.offset).and_then(|i| list.rows.get(i)) else {
            lines.push(Line::from(Span::styled("  …", theme.dim())));
            continue;
        };
        let selected = absolute == list.selected;
        let base = match (selected, focused) {
            (true, true) => theme.selected(),
            (true, false) => theme.selected_unfocused(),
            _ => Style::default(),
        };
        let dot = if state.marked.contains(&row.id) {
            "✓ "
        } else if row.read {
            "  "
        } else {
            "● "
        };
        let time = format!("{:<10} ", short_time(row.published, state));
        let source = if show_source { format!("{:<12} ", fit(&row.source, 12)) } else { String::new() };
        let tags: String = if state.showing_bookmarks() {
            row.tags.iter().map(|t| format!(" #{t}")).collect()
        } else {
            String::new()
        };
        let star = if row.bookmarked { format!("{tags} ★") } else { String::new() };
        let used = width(dot) + width(&time) + width(&source) + width(&star);
        let title = fit(&row.title, cols.saturating_sub(used));
        let pad = cols.saturating_sub(used + width(&title));
        let title_style = if row.read { base } else { base.patch(theme.unread()) };
        lines.push(Line::from(vec![
            Span::styled(dot, base.patch(theme.accent())),
            Span::styled(time, base.patch(theme.dim())),
            Span::styled(source, base.patch(theme.dim())),
            Span::styled(title, title_style),
            Span::styled(" ".repeat(pad), base),
            Span::styled(star, base.patch(theme.accent())),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    scrollbar(frame, area, list.total, list.selected, height);
}

fn scrollbar(frame: &mut Frame<'_>, area: Rect, total: usize, position: usize, height: usize) {
    if total <= height {
        return;
    }
    let mut state = ScrollbarState::new(total).position(position).viewport_content_length(height);
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight).begin_symbol(None).end_symbol(None),
        area.inner(Margin { vertical: 1, horizontal: 0 }),
        &mut state,
    );
}

pub fn article(frame: &mut Frame<'_>, area: Rect, state: &AppState, view: &mut ViewState, theme: &Theme) {
    let focused = state.focus == Pane::Article;
    let Some(open) = &state.article else {
        let outer = block("Article".into(), focused, theme);
        let inner = outer.inner(area).inner(Margin { vertical: 0, horizontal: 1 });
        frame.render_widget(outer, area);
        let hint = "Select a story and press Enter to read it here.";
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())).wrap(Wrap { trim: true }), inner);
        return;
    };
    let cols = usize::from(area.width).saturating_sub(4);
    let star = if open.story.bookmarked { "★ " } else { "" };
    let outer = block(format!("{star}{}", fit(&open.story.title, cols.saturating_sub(4))), focused, theme);
    let inner = outer.inner(area).inner(Margin { vertical: 0, horizontal: 1 });
    frame.render_widget(outer, area);
    let height = layout::pane_rows(state.height).min(usize::from(inner.height));
    let cols = usize::from(inner.width);
    let mut lines: Vec<Line<'_>> = Vec::with_capacity(height);
    for (row, line) in open.doc.lines.iter().skip(open.scroll).take(height).enumerate() {
        // Preformatted lines are never wrapped: they are cut, and scroll sideways.
        if let [span] = line.spans.as_slice()
            && span.style.role == Role::Preformatted
        {
            let seen = crate::content::render::cut_line(&span.text, open.h_scroll, cols);
            lines.push(Line::from(Span::styled(seen, theme.text(span.style))));
            continue;
        }
        let mut x = 0;
        for span in &line.spans {
            let w = width(&span.text);
            if let Role::Link(n) = span.style.role
                && let Some(url) = open.doc.links.get(n - 1).filter(|u| is_web(u))
                && x < cols
            {
                let text: String = fit(&span.text, cols - x);
                view.hyperlinks.push(Hyperlink {
                    x: inner.x + x as u16,
                    y: inner.y + row as u16,
                    text,
                    url: url.clone(),
                    style: theme.text(span.style),
                });
            }
            x += w;
        }
        lines.push(Line::from(
            line.spans.iter().map(|s| Span::styled(s.text.as_str(), theme.text(s.style))).collect::<Vec<_>>(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    let max_scroll = open.doc.lines.len().saturating_sub(height);
    scrollbar(frame, area, max_scroll + 1, open.scroll, 1);
}
