//! Commands, whichever key or line they came from: one arm each, grouped by what they act on.

use super::list::{self, chosen_search, chosen_source, current_story};
use super::{article, keys::open_url, set_status};
use crate::app::{AppState, Effect, ListSearch, Overlay, Pane, RefreshProgress, StatusKind, layout};
use crate::config::command::Command;
use crate::domain::{RefreshScope, StoryFilter, StoryId};

pub(super) fn on_command(state: &mut AppState, command: Command) -> Vec<Effect> {
    let page = (layout::pane_rows(state.height) as i64 - 1).max(1);
    match command {
        Command::Quit => {
            state.quitting = true;
            vec![Effect::Quit]
        }
        Command::Help => {
            state.help = true;
            Vec::new()
        }
        Command::Suspend => vec![Effect::Suspend],
        Command::Up => list::move_by(state, -1),
        Command::Down => list::move_by(state, 1),
        Command::PageUp => list::move_by(state, -page),
        Command::PageDown => list::move_by(state, page),
        Command::Top => list::move_by(state, i64::MIN / 2),
        Command::Bottom => list::move_by(state, i64::MAX / 2),
        Command::NextPane | Command::PrevPane => {
            list::cycle_pane(state, command == Command::NextPane);
            Vec::new()
        }
        Command::Open => open(state),
        Command::Back => {
            state.focus = match state.focus {
                Pane::Article => Pane::Stories,
                Pane::Stories | Pane::Sources => Pane::Sources,
            };
            Vec::new()
        }
        Command::Refresh => refresh_selected(state),
        Command::RefreshAll => refresh(state, RefreshScope::All, state.sources.len()),
        Command::NextUnread => list::jump_unread(state, true),
        Command::PrevUnread => list::jump_unread(state, false),
        Command::ToggleRead => match state.list.selected_row() {
            Some(row) => {
                let (id, read) = (row.id, !row.read);
                list::mark_read(state, id, read)
            }
            None => Vec::new(),
        },
        Command::ToggleUnreadOnly => toggle_unread_only(state),
        Command::MarkAllRead => {
            for row in &mut state.list.rows {
                row.read = true;
            }
            vec![Effect::MarkAllRead(state.list.filter.clone())]
        }
        Command::Search => {
            let before = Box::new((state.list.filter.clone(), state.list.search.clone()));
            state.overlay = Some(Overlay::Search { text: String::new(), before });
            Vec::new()
        }
        Command::SaveSearch => save_search(state),
        Command::Mark => mark(state),
        Command::Export => export(state),
        Command::OpenInBrowser => match current_story(state).and_then(|(_, _, url)| url) {
            Some(url) => open_url(state, url),
            None => {
                set_status(state, "this story has no link".into(), StatusKind::Error);
                Vec::new()
            }
        },
        Command::ToggleFullText => article::toggle_full_text(state),
        Command::FetchFullText => fetch_full_text(state),
        Command::ScrollLeft | Command::ScrollRight => {
            article::scroll_sideways(state, command == Command::ScrollRight)
        }
        Command::ToggleBookmark | Command::ShowBookmarks | Command::Undo => bookmarks(state, command),
        Command::SortBookmarks | Command::FilterBookmarks | Command::EditTags | Command::EditNote => {
            bookmark_pane(state, command)
        }
        Command::AddSource => {
            state.overlay = Some(Overlay::AddSource { text: String::new() });
            Vec::new()
        }
        Command::ShowSourceDetails | Command::RenameSource | Command::RemoveSource => sources(state, command),
    }
}

fn open(state: &mut AppState) -> Vec<Effect> {
    match state.focus {
        Pane::Sources => list::choose_source(state),
        Pane::Stories => match state.list.selected_row() {
            Some(row) => list::request_story(state, row.id),
            None => Vec::new(),
        },
        Pane::Article => Vec::new(),
    }
}

/// Starts a refresh of `scope` unless one is running; `total` is a first guess for the bar.
fn refresh(state: &mut AppState, scope: RefreshScope, total: usize) -> Vec<Effect> {
    if state.refresh.is_some() {
        set_status(state, "a refresh is already running".into(), StatusKind::Info);
        return Vec::new();
    }
    state.refresh = Some(RefreshProgress { total, ..RefreshProgress::default() });
    vec![Effect::Refresh(scope)]
}

/// `r`: the selected source, the selected story's source, or every source.
fn refresh_selected(state: &mut AppState) -> Vec<Effect> {
    let entry = state.source_entries().get(state.source_selected).copied();
    let id = match (state.focus, entry) {
        (Pane::Sources, Some(crate::app::SourceEntry::Source(i))) => Some(state.sources[i].id),
        (Pane::Sources, _) => None,
        _ => state.list.selected_row().and_then(|r| r.source_id).or(state.list.filter.source),
    };
    match id {
        Some(id) => refresh(state, RefreshScope::Only(vec![id]), 1),
        None => refresh(state, RefreshScope::All, state.sources.len()),
    }
}

fn toggle_unread_only(state: &mut AppState) -> Vec<Effect> {
    state.unread_only = !state.unread_only;
    let filter = StoryFilter { unread_only: state.unread_only, ..state.list.filter.clone() };
    let text = if state.unread_only { "showing unread stories" } else { "showing all stories" };
    set_status(state, text.into(), StatusKind::Info);
    list::set_filter(state, filter)
}

fn save_search(state: &mut AppState) -> Vec<Effect> {
    match &state.list.search {
        Some(ListSearch { saved_as: Some(name), .. }) => {
            set_status(state, format!("this search is saved as “{name}”"), StatusKind::Info);
            Vec::new()
        }
        Some(ListSearch { query, saved_as: None }) => {
            vec![Effect::SaveSearch { name: query.clone(), query: query.clone() }]
        }
        None => {
            set_status(state, "search first (/), then S keeps the search".into(), StatusKind::Info);
            Vec::new()
        }
    }
}

fn mark(state: &mut AppState) -> Vec<Effect> {
    if let Some(id) = state.list.selected_row().map(|row| row.id) {
        match state.marked.iter().position(|m| *m == id) {
            Some(at) => {
                state.marked.remove(at);
            }
            None => state.marked.push(id),
        }
        let n = state.marked.len();
        set_status(state, format!("{n} marked; e exports them together"), StatusKind::Info);
    }
    Vec::new()
}

/// Opens the export dialog: marked stories go out together (one book by default, or one
/// file each into the export directory), else the current story.
fn export(state: &mut AppState) -> Vec<Effect> {
    if !state.marked.is_empty() {
        let stories = state.marked.clone();
        let path = format!("{}/", state.export.dir.trim_end_matches('/'));
        state.overlay = Some(Overlay::Export { stories, format: crate::content::export::Format::Epub, path });
        return Vec::new();
    }
    match current_story(state) {
        Some((id, _, _)) => {
            let format = state.export.format;
            let path = export_path(state, id, format);
            state.overlay = Some(Overlay::Export { stories: vec![id], format, path });
        }
        None => set_status(state, "no story to export: open one first".into(), StatusKind::Error),
    }
    Vec::new()
}

/// The path the export dialog offers: the export directory and the templated file name.
fn export_path(state: &AppState, id: StoryId, format: crate::content::export::Format) -> String {
    let story = match state.article.as_ref().filter(|a| a.story.id == id) {
        Some(article) => article.story.clone(),
        None => {
            let row = state.list.rows.iter().find(|r| r.id == id);
            crate::domain::Story {
                source: row.map(|r| r.source.clone()).unwrap_or_default(),
                title: row.map(|r| r.title.clone()).unwrap_or_default(),
                published: row.and_then(|r| r.published),
                ..crate::domain::Story::blank(id)
            }
        }
    };
    let name = crate::content::export::file_name_from(&state.export.file_name, &story, format);
    format!("{}/{name}", state.export.dir.trim_end_matches('/'))
}

fn fetch_full_text(state: &mut AppState) -> Vec<Effect> {
    match current_story(state) {
        Some((id, _, Some(_))) => {
            // The latest request wins: replies for any other story only update the library.
            state.full_text_pending = Some(id);
            set_status(state, "fetching full text…".into(), StatusKind::Info);
            vec![Effect::FetchFullText(id)]
        }
        _ => {
            set_status(state, "this story has no link to fetch".into(), StatusKind::Error);
            Vec::new()
        }
    }
}

fn bookmarks(state: &mut AppState, command: Command) -> Vec<Effect> {
    match command {
        Command::ToggleBookmark => match current_story(state) {
            Some((id, bookmarked, _)) => vec![Effect::SetBookmark(id, !bookmarked)],
            None => Vec::new(),
        },
        Command::ShowBookmarks => {
            let filter = if state.showing_bookmarks() {
                StoryFilter { unread_only: state.unread_only, ..StoryFilter::default() }
            } else {
                StoryFilter { bookmarked_only: true, ..StoryFilter::default() }
            };
            state.source_selected = if filter.bookmarked_only { 2 } else { 0 };
            list::set_filter(state, filter)
        }
        _ => match state.undo.take() {
            Some(id) => vec![Effect::SetBookmark(id, true)],
            None => {
                set_status(state, "nothing to undo".into(), StatusKind::Info);
                Vec::new()
            }
        },
    }
}

/// Commands of the bookmark pane: sort, filter, tags and note.
fn bookmark_pane(state: &mut AppState, command: Command) -> Vec<Effect> {
    if !state.showing_bookmarks() {
        set_status(state, "that works in the bookmarks pane (B)".into(), StatusKind::Info);
        return Vec::new();
    }
    match command {
        Command::SortBookmarks => {
            let order = state.list.filter.order.next();
            let filter = StoryFilter { order, ..state.list.filter.clone() };
            set_status(state, format!("bookmarks {}", order.label()), StatusKind::Info);
            return list::set_filter(state, filter);
        }
        Command::FilterBookmarks => state.overlay = Some(Overlay::FilterBookmarks { text: String::new() }),
        _ => {
            let Some(row) = state.list.selected_row() else { return Vec::new() };
            let (id, tags) = (row.id, row.tags.join(" "));
            let note = state.article.as_ref().filter(|a| a.story.id == id).and_then(|a| a.story.note.clone());
            state.overlay = Some(if command == Command::EditTags {
                Overlay::EditTags { story: id, text: tags }
            } else {
                Overlay::EditNote { story: id, text: note.unwrap_or_default() }
            });
        }
    }
    Vec::new()
}

/// Details, rename and remove act on the chosen source; remove also forgets a saved search.
fn sources(state: &mut AppState, command: Command) -> Vec<Effect> {
    if command == Command::RemoveSource
        && let Some(search) = chosen_search(state)
    {
        state.overlay = Some(Overlay::ConfirmRemoveSearch(search.name.clone()));
        return Vec::new();
    }
    let Some(source) = chosen_source(state) else {
        set_status(state, "choose a source in the sources pane first".into(), StatusKind::Info);
        return Vec::new();
    };
    let id = source.id;
    state.overlay = Some(match command {
        Command::ShowSourceDetails => Overlay::Details(id),
        Command::RenameSource => Overlay::Rename { source: id, text: source.title.to_string() },
        _ => Overlay::ConfirmRemove(id),
    });
    Vec::new()
}
