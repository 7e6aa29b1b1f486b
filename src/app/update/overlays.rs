//! Keys while an overlay is open: it takes them all. Each handler edits its overlay in
//! place and says whether it stays open or closes; nothing closes by omission.

use super::{commands::on_command, list, set_status};
use crate::app::{AppState, Effect, ListSearch, Overlay, Pane, StatusKind};
use crate::config::command::Command;
use crate::config::keymap::Key;
use crate::content::export::Format;
use crate::domain::{SourceId, StoryFilter};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Stay,
    Close,
}

type Handled = (Flow, Vec<Effect>);

fn stay() -> Handled {
    (Flow::Stay, Vec::new())
}

fn close(effects: Vec<Effect>) -> Handled {
    (Flow::Close, effects)
}

pub(super) fn on_key(state: &mut AppState, key: Key) -> Vec<Effect> {
    if key == Key::CtrlC {
        state.overlay = None;
        return on_command(state, Command::Quit);
    }
    // Out while its handler runs, since handlers change the rest of the state too.
    let Some(mut overlay) = state.overlay.take() else { return Vec::new() };
    let (flow, effects) = handle(state, &mut overlay, key);
    if flow == Flow::Stay {
        state.overlay = Some(overlay);
    }
    effects
}

fn handle(state: &mut AppState, overlay: &mut Overlay, key: Key) -> Handled {
    match overlay {
        Overlay::AddSource { text } => typed(text, key, |text| {
            set_status(state, format!("looking for feeds at {text}…"), StatusKind::Info);
            Some(vec![Effect::AddSource(text.to_string())])
        }),
        Overlay::Rename { source, text } => {
            let url = url_of(state, *source);
            typed(text, key, |title| Some(vec![Effect::RenameSource { url: url?, title: title.to_string() }]))
        }
        // Enter takes even an empty field here: that is how tags and notes are cleared.
        Overlay::EditTags { story, text } => match key {
            Key::Enter => {
                close(vec![Effect::SetTags(*story, text.split_whitespace().map(str::to_string).collect())])
            }
            key => typed(text, key, |_| None),
        },
        Overlay::EditNote { story, text } => match key {
            Key::Enter => {
                close(vec![Effect::SetNote(*story, Some(text.trim().to_string()).filter(|t| !t.is_empty()))])
            }
            key => typed(text, key, |_| None),
        },
        Overlay::ConfirmRemove(source) => match (key, url_of(state, *source)) {
            (Key::Char('y' | 'Y'), Some(url)) => close(vec![Effect::RemoveSource(url)]),
            _ => close(Vec::new()),
        },
        Overlay::ConfirmRemoveSearch(name) => match key {
            Key::Char('y' | 'Y') => close(vec![Effect::RemoveSearch(std::mem::take(name))]),
            _ => close(Vec::new()),
        },
        Overlay::PickFeed { feeds } => match key {
            Key::Char(c @ '1'..='9') => match feeds.get(c as usize - '1' as usize) {
                Some((url, title)) => close(vec![Effect::AddFeed { url: url.clone(), title: title.clone() }]),
                None => stay(),
            },
            _ => close(Vec::new()),
        },
        Overlay::Search { text, before } => on_search_key(state, text, before, key),
        // An empty filter shows every bookmark again.
        Overlay::FilterBookmarks { text } => match key {
            Key::Enter => {
                let filter = bookmark_filter(text, state.list.filter.order);
                close(list::set_filter(state, filter))
            }
            key => typed(text, key, |_| None),
        },
        Overlay::Export { stories, format, path } => on_export_key(stories, format, path, key),
        Overlay::Details(_) => close(Vec::new()),
    }
}

/// A one-line text field: Esc closes, Enter hands the trimmed text to `submit` (which may
/// decline with `None`, leaving the field open), other keys edit it.
fn typed(text: &mut String, key: Key, submit: impl FnOnce(&str) -> Option<Vec<Effect>>) -> Handled {
    match key {
        Key::Esc => close(Vec::new()),
        Key::Enter if !text.trim().is_empty() => match submit(text.trim()) {
            Some(effects) => close(effects),
            None => stay(),
        },
        key => {
            edit_text(text, key);
            stay()
        }
    }
}

fn edit_text(text: &mut String, key: Key) {
    match key {
        Key::Char(c) if text.chars().count() < 2000 => text.push(c),
        Key::Backspace => {
            text.pop();
        }
        _ => {}
    }
}

fn url_of(state: &AppState, id: SourceId) -> Option<String> {
    state.sources.iter().find(|s| s.id == id).map(|s| s.url.clone())
}

/// Words and `#tag`s typed in the bookmark pane's filter.
fn bookmark_filter(text: &str, order: crate::domain::BookmarkOrder) -> StoryFilter {
    let (tags, words): (Vec<&str>, Vec<&str>) = text.split_whitespace().partition(|w| w.starts_with('#'));
    StoryFilter {
        bookmarked_only: true,
        tag: tags.first().map(|t| t.trim_start_matches('#').to_lowercase()),
        words: Some(words.join(" ")).filter(|w| !w.is_empty()),
        order,
        ..StoryFilter::default()
    }
}

/// The list follows the search with every key; Esc goes back to the list before it.
fn on_search_key(
    state: &mut AppState,
    text: &mut String,
    before: &mut Box<(StoryFilter, Option<ListSearch>)>,
    key: Key,
) -> Handled {
    match key {
        Key::Esc => {
            let (filter, search) = (before.0.clone(), before.1.clone());
            let effects = list::set_filter(state, filter);
            state.list.search = search;
            close(effects)
        }
        Key::Enter => {
            state.focus = Pane::Stories;
            close(Vec::new())
        }
        key => {
            edit_text(text, key);
            match crate::domain::query::parse(text) {
                Ok(query) => {
                    state.status = None;
                    let effects =
                        list::set_filter(state, StoryFilter { order: before.0.order, ..query.filter() });
                    let query = text.trim();
                    state.list.search =
                        (!query.is_empty()).then(|| ListSearch { query: query.to_string(), saved_as: None });
                    (Flow::Stay, effects)
                }
                Err(e) => {
                    set_status(state, e.to_string(), StatusKind::Error);
                    stay()
                }
            }
        }
    }
}

/// The export dialog: Tab cycles the format (the path's extension follows), Enter writes.
fn on_export_key(
    stories: &mut Vec<crate::domain::StoryId>,
    format: &mut Format,
    path: &mut String,
    key: Key,
) -> Handled {
    match key {
        Key::Tab | Key::BackTab => {
            let all = Format::ALL;
            let at = all.iter().position(|f| f == format).unwrap_or(0);
            let next = if key == Key::Tab {
                all[(at + 1) % all.len()]
            } else {
                all[(at + all.len() - 1) % all.len()]
            };
            if let Some(stem) = path.strip_suffix(&format!(".{}", format.extension())) {
                *path = format!("{stem}.{}", next.extension());
            }
            *format = next;
            stay()
        }
        key => typed(path, key, |path| {
            Some(vec![Effect::Export {
                stories: std::mem::take(stories),
                format: *format,
                path: path.to_string(),
            }])
        }),
    }
}
