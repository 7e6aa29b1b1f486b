//! The boxes drawn over the panes: a source's details, text fields, confirmations, the
//! export dialog and the feed picker. Each overlay is one small function of lines.

use super::{Theme, draw_box};
use crate::app::{AppState, Overlay};
use crate::domain::safe_text::mask;
use crate::domain::{SafeText, Source};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// What a box shows: its title, its lines and the keys in its footer.
struct Boxed<'a> {
    title: &'a str,
    lines: Vec<Line<'a>>,
    footer: &'a str,
}

pub(super) fn draw(frame: &mut Frame<'_>, area: Rect, state: &AppState, overlay: &Overlay, theme: &Theme) {
    let source_title =
        |id| state.sources.iter().find(|s| s.id == id).map(|s| s.title.clone()).unwrap_or_default();
    let edit = "Enter saves · Esc cancels";
    let boxed = match overlay {
        Overlay::Details(id) => match state.sources.iter().find(|s| s.id == *id) {
            Some(source) => Boxed {
                title: "Source details",
                lines: details(source, state, theme),
                footer: "any key closes",
            },
            None => return,
        },
        Overlay::AddSource { text } => Boxed {
            title: "Add a source",
            lines: field(" Address of a feed, or of a page that links to its feeds:".into(), text, theme),
            footer: "Enter adds · Esc cancels",
        },
        Overlay::Rename { source, text } => Boxed {
            title: "Change title",
            lines: field(format!(" New title for {}:", source_title(*source)), text, theme),
            footer: edit,
        },
        Overlay::ConfirmRemove(source) => Boxed {
            title: "Remove source",
            lines: vec![
                Line::from(format!(" Remove {} from the config file?", source_title(*source))),
                Line::from(" Its stories and bookmarks stay in the library."),
            ],
            footer: "y removes · any other key keeps",
        },
        Overlay::ConfirmRemoveSearch(name) => Boxed {
            title: "Remove saved search",
            lines: vec![
                Line::from(format!(" Forget the saved search “{name}”?")),
                Line::from(" No story is removed."),
            ],
            footer: "y removes · any other key keeps",
        },
        Overlay::Search { text, .. } => Boxed {
            title: "Search",
            lines: search(text, state.list.total, theme),
            footer: "Enter keeps the results · Esc goes back",
        },
        Overlay::FilterBookmarks { text } => Boxed {
            title: "Filter bookmarks",
            lines: field(
                " Words in the title or note, and #tag for a tag (empty shows all):".into(),
                text,
                theme,
            ),
            footer: "Enter filters · Esc cancels",
        },
        Overlay::EditTags { text, .. } => Boxed {
            title: "Bookmark tags",
            lines: field(" Tags, separated by spaces:".into(), text, theme),
            footer: edit,
        },
        Overlay::EditNote { text, .. } => Boxed {
            title: "Bookmark note",
            lines: field(" A note on this bookmark:".into(), text, theme),
            footer: edit,
        },
        Overlay::Export { stories, format, path } => Boxed {
            title: "Export",
            lines: export(stories.len(), *format, path, theme),
            footer: "Tab format · Enter writes · Esc cancels",
        },
        Overlay::PickFeed { feeds } => Boxed {
            title: "This page offers several feeds",
            lines: pick_feed(feeds, theme),
            footer: "1-9 adds one · Esc cancels",
        },
    };
    draw_box(frame, area, boxed.title, boxed.lines, boxed.footer, theme);
}

/// A prompt and the text typed so far, with a cursor after it.
fn field<'a>(prompt: String, text: &str, theme: &Theme) -> Vec<Line<'a>> {
    vec![Line::from(prompt), Line::from(Span::styled(format!(" {text}▏"), theme.unread()))]
}

fn when(t: Option<chrono::DateTime<chrono::Utc>>, state: &AppState) -> String {
    t.map(|t| t.with_timezone(&state.utc_offset).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "never".into())
}

fn details<'a>(s: &Source, state: &AppState, theme: &Theme) -> Vec<Line<'a>> {
    // Values from the server (an ETag, a status line) are made safe as they become text here.
    let field = |name: &str, value: SafeText| {
        Line::from(vec![Span::styled(format!(" {name:<16}"), theme.accent()), Span::raw(value.into_string())])
    };
    let validators = match (&s.etag, &s.last_modified) {
        (Some(e), Some(m)) => format!("ETag {e}, Last-Modified {m}"),
        (Some(e), None) => format!("ETag {e}"),
        (None, Some(m)) => format!("Last-Modified {m}"),
        (None, None) => "none".into(),
    };
    let mut lines = vec![field("Source", s.title.clone()), field("Address", mask(&s.url))];
    if let Some(moved) = &s.fetch_url {
        lines.push(field("Moved to", mask(moved)));
    }
    lines.extend([
        field("Last status", s.last_status.clone().unwrap_or_else(|| "never polled".into())),
        field("Last error", s.last_error.clone().unwrap_or_else(|| "none".into())),
        field("Last poll", when(s.last_polled, state).into()),
        field("Last success", when(s.last_success, state).into()),
        field("Next poll", when(s.next_poll, state).into()),
        field("Errors in a row", s.consecutive_errors.to_string().into()),
        field("Validators", validators.into()),
        field("Stories", format!("{} stored, {} unread", s.items, s.unread).into()),
    ]);
    if let Some(until) = s.backoff_until {
        lines.push(field("Server asks", format!("no polls before {}", when(Some(until), state)).into()));
    }
    lines
}

fn search<'a>(text: &str, found: usize, theme: &Theme) -> Vec<Line<'a>> {
    let syntax =
        " words, \"phrases\", source:NAME tag:T before:/after:YYYY-MM-DD is:unread|bookmarked|updated";
    vec![
        Line::from(Span::styled(syntax, theme.dim())),
        Line::from(Span::styled(format!(" /{text}▏"), theme.unread())),
        Line::from(format!(" {found} stories")),
    ]
}

fn export<'a>(
    stories: usize,
    format: crate::content::export::Format,
    path: &str,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let mut formats = vec![Span::raw(" Format  ")];
    for f in crate::content::export::Format::ALL {
        let style = if f == format { theme.selected() } else { theme.dim() };
        formats.push(Span::styled(format!(" {} ", f.extension()), style));
        formats.push(Span::raw(" "));
    }
    let hint = if stories > 1 {
        format!(" {stories} marked stories: one EPUB book, or one file each in the directory.")
    } else {
        " A directory takes the story's file name; files are never replaced.".to_string()
    };
    vec![
        Line::from(formats),
        Line::from(vec![Span::raw(" Path    "), Span::styled(format!("{path}▏"), theme.unread())]),
        Line::from(Span::styled(hint, theme.dim())),
    ]
}

fn pick_feed<'a>(feeds: &[(String, Option<SafeText>)], theme: &Theme) -> Vec<Line<'a>> {
    feeds
        .iter()
        .take(9)
        .enumerate()
        .map(|(i, (url, title))| {
            let title = title.as_deref().unwrap_or_default();
            Line::from(vec![
                Span::styled(format!(" {} ", i + 1), theme.accent()),
                Span::raw(format!("{title}  {}", mask(url))),
            ])
        })
        .collect()
}
