//! The story list and the selection: windows of rows, filters, moving, read state.

use super::set_status;
use crate::app::layout::{self, Arrangement};
use crate::app::{AppState, Effect, ListSearch, PAGE, Pane, SourceEntry, StatusKind, StoryList};
use crate::domain::{SavedSearch, Source, StoryFilter, StoryId, StoryRow};

pub(super) fn window_loaded(
    state: &mut AppState,
    generation: u64,
    offset: usize,
    total: usize,
    rows: Vec<StoryRow>,
) {
    if generation != state.list.generation {
        return;
    }
    let list = &mut state.list;
    list.loading = false;
    list.offset = offset;
    list.total = total;
    list.rows = rows;
    list.selected = list.selected.min(total.saturating_sub(1));
}

/// The story that commands act on: the open one when the article has focus, else the
/// selected row. With its bookmark state and link.
pub(super) fn current_story(state: &AppState) -> Option<(StoryId, bool, Option<String>)> {
    let open = state.article.as_ref().map(|a| (a.story.id, a.story.bookmarked, a.story.url.clone()));
    let selected = state.list.selected_row().map(|r| (r.id, r.bookmarked, r.url.clone()));
    match state.focus {
        Pane::Stories => selected.or(open),
        Pane::Article | Pane::Sources => open.or(selected),
    }
}

/// The source that source commands act on: the selected one in the sources pane, else the
/// selected story's.
pub(super) fn chosen_source(state: &AppState) -> Option<&Source> {
    match (state.focus, state.source_entries().get(state.source_selected)) {
        (Pane::Sources, Some(SourceEntry::Source(i))) => state.sources.get(*i),
        (Pane::Sources, _) => None,
        _ => {
            let id = state.list.selected_row().and_then(|r| r.source_id).or(state.list.filter.source)?;
            state.sources.iter().find(|s| s.id == id)
        }
    }
}

pub(super) fn chosen_search(state: &AppState) -> Option<&SavedSearch> {
    match (state.focus, state.source_entries().get(state.source_selected)) {
        (Pane::Sources, Some(SourceEntry::Search(i))) => state.searches.get(*i),
        _ => None,
    }
}

pub(super) fn move_by(state: &mut AppState, delta: i64) -> Vec<Effect> {
    let step = |current: usize, len: usize| -> usize {
        if len == 0 {
            return 0;
        }
        (current as i64).saturating_add(delta).clamp(0, len as i64 - 1) as usize
    };
    match state.focus {
        Pane::Sources => {
            state.source_selected = step(state.source_selected, state.source_entries().len());
            Vec::new()
        }
        Pane::Stories => {
            // Only loaded rows can be selected; the window follows the selection.
            let list = &mut state.list;
            let loaded_end = list.offset + list.rows.len();
            let target = step(list.selected, list.total);
            list.selected = target.clamp(list.offset, loaded_end.saturating_sub(1).max(list.offset));
            ensure_window(state)
        }
        Pane::Article => {
            if let Some(article) = state.article.as_mut() {
                let max = article.doc.lines.len().saturating_sub(layout::pane_rows(state.height));
                article.scroll = step(article.scroll, max + 1);
            }
            Vec::new()
        }
    }
}

/// Asks for another window of rows when the selection nears the edge of the loaded one.
fn ensure_window(state: &mut AppState) -> Vec<Effect> {
    let list = &mut state.list;
    if list.loading {
        return Vec::new();
    }
    let margin = PAGE / 4;
    let end = list.offset + list.rows.len();
    let near_end = end < list.total && list.selected + margin >= end;
    let near_start = list.offset > 0 && list.selected < list.offset + margin;
    if !(near_end || near_start) {
        return Vec::new();
    }
    request_window(list)
}

/// Re-reads the list from the store; `reset` moves the selection to the top.
pub(crate) fn reload_list(state: &mut AppState, reset: bool) -> Vec<Effect> {
    if reset {
        state.list.selected = 0;
    }
    request_window(&mut state.list)
}

/// Asks for the window of rows around the selection, as a new query.
fn request_window(list: &mut StoryList) -> Vec<Effect> {
    list.loading = true;
    list.generation += 1;
    let offset = list.selected.saturating_sub(PAGE / 2);
    vec![Effect::LoadStories {
        generation: list.generation,
        filter: list.filter.clone(),
        offset,
        limit: PAGE,
    }]
}

pub(super) fn set_filter(state: &mut AppState, filter: StoryFilter) -> Vec<Effect> {
    state.list.filter = filter;
    state.list.search = None;
    state.list.rows.clear();
    state.list.offset = 0;
    state.list.total = 0;
    if state.focus == Pane::Sources || layout::arrangement(state.width) == Arrangement::Narrow {
        state.focus = Pane::Stories;
    }
    reload_list(state, true)
}

/// Lists what the selected entry of the sources pane holds.
pub(super) fn choose_source(state: &mut AppState) -> Vec<Effect> {
    let entries = state.source_entries();
    let Some(entry) = entries.get(state.source_selected).copied() else {
        return Vec::new();
    };
    let filter = match entry {
        SourceEntry::Search(i) => return choose_search(state, state.searches[i].clone()),
        SourceEntry::All => StoryFilter { unread_only: state.unread_only, ..StoryFilter::default() },
        SourceEntry::Unread => StoryFilter { unread_only: true, ..StoryFilter::default() },
        SourceEntry::Bookmarks => StoryFilter { bookmarked_only: true, ..StoryFilter::default() },
        SourceEntry::Source(i) => StoryFilter {
            source: Some(state.sources[i].id),
            unread_only: state.unread_only,
            ..StoryFilter::default()
        },
    };
    state.focus = Pane::Stories;
    set_filter(state, filter)
}

fn choose_search(state: &mut AppState, saved: SavedSearch) -> Vec<Effect> {
    let filter = match crate::domain::query::parse(&saved.query) {
        Ok(query) => query.filter(),
        Err(e) => {
            set_status(state, format!("{}: {e}", saved.name), StatusKind::Error);
            return Vec::new();
        }
    };
    state.focus = Pane::Stories;
    let effects = set_filter(state, filter);
    state.list.search = Some(ListSearch { query: saved.query, saved_as: Some(saved.name) });
    effects
}

/// Opens a story: loads it, and marks it read when it was not.
pub(super) fn request_story(state: &mut AppState, id: StoryId) -> Vec<Effect> {
    state.wanted_story = Some(id);
    let mut effects = vec![Effect::LoadStory(id)];
    if state.list.rows.iter().any(|r| r.id == id && !r.read) {
        effects.extend(mark_read(state, id, true));
    }
    effects
}

/// Marks a story read or unread, with the counts shown following at once.
pub(super) fn mark_read(state: &mut AppState, id: StoryId, read: bool) -> Vec<Effect> {
    let mut source_id = None;
    for row in state.list.rows.iter_mut().filter(|r| r.id == id && r.read != read) {
        row.read = read;
        source_id = row.source_id;
    }
    let Some(source_id) = source_id else {
        return vec![Effect::MarkRead(id, read)];
    };
    if let Some(source) = state.sources.iter_mut().find(|s| s.id == source_id) {
        source.unread = (source.unread + if read { -1 } else { 1 }).max(0);
    }
    // The saved search shown holds the story; others that hold it catch up on the next reload.
    let shown = state.list.search.as_ref().and_then(|s| s.saved_as.as_deref());
    if let Some(search) = state.searches.iter_mut().find(|s| Some(s.name.as_str()) == shown) {
        search.unread = if read { search.unread.saturating_sub(1) } else { search.unread + 1 };
    }
    vec![Effect::MarkRead(id, read)]
}

pub(super) fn jump_unread(state: &mut AppState, forward: bool) -> Vec<Effect> {
    let list = &state.list;
    let position = list.selected.saturating_sub(list.offset);
    let found = if forward {
        list.rows.iter().enumerate().skip(position + 1).find(|(_, r)| !r.read)
    } else {
        list.rows.iter().enumerate().take(position).rev().find(|(_, r)| !r.read)
    };
    match found {
        Some((i, row)) => {
            let id = row.id;
            state.list.selected = state.list.offset + i;
            let mut effects = request_story(state, id);
            effects.extend(ensure_window(state));
            effects
        }
        None => {
            set_status(state, "no more unread stories here".into(), StatusKind::Info);
            Vec::new()
        }
    }
}

pub(super) fn cycle_pane(state: &mut AppState, forward: bool) {
    let order: Vec<Pane> = [Pane::Sources, Pane::Stories, Pane::Article]
        .into_iter()
        .filter(|p| *p != Pane::Article || state.article.is_some())
        .collect();
    let at = order.iter().position(|p| *p == state.focus).unwrap_or(0);
    let next = if forward { (at + 1) % order.len() } else { (at + order.len() - 1) % order.len() };
    state.focus = order[next];
}
