//! Replies from background work: the library's answers, refresh progress, exports.

use super::{article, list, set_error, set_status};
use crate::app::{AppState, Effect, Msg, Overlay, RefreshProgress, StatusKind};
use crate::domain::{RefreshEvent, SourceId, SourceOutcome, StoryId};

pub(super) fn on_reply(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::SourcesLoaded { sources, bookmarks } => {
            state.sources = sources;
            state.bookmark_count = bookmarks;
            keep_source_selection(state);
            Vec::new()
        }
        Msg::SearchesLoaded(searches) => {
            state.searches = searches;
            keep_source_selection(state);
            Vec::new()
        }
        Msg::StoriesLoaded { generation, offset, total, rows } => {
            list::window_loaded(state, generation, offset, total, rows);
            Vec::new()
        }
        Msg::StoryLoaded(story) => {
            if state.wanted_story == Some(story.id) {
                article::open(state, *story);
            }
            Vec::new()
        }
        Msg::RefreshDue => on_refresh_due(state),
        Msg::FeedChoices(feeds) => {
            state.overlay = Some(Overlay::PickFeed { feeds });
            Vec::new()
        }
        Msg::SourcesEdited(result) => on_done(state, result, vec![Effect::LoadSources, Effect::LoadSearches]),
        Msg::BookmarkEdited(result) => {
            let effects = if result.is_ok() { list::reload_list(state, false) } else { Vec::new() };
            on_done(state, result.map(|_| "Bookmark saved".to_string()), effects)
        }
        Msg::MarkedRead(result) => on_done(
            state,
            result.map(|n| format!("{n} stories marked read")),
            vec![Effect::LoadSources, Effect::LoadSearches],
        ),
        Msg::FullTextFetched { id, result } => {
            on_full_text_asked(state, id, &result);
            article::full_text_arrived(state, id, result);
            Vec::new()
        }
        Msg::BookmarkSet { id, on } => on_bookmark_set(state, id, on),
        Msg::Exported(Ok(path)) => {
            state.marked.clear();
            set_status(state, format!("Exported to {}", path.display()), StatusKind::Done);
            Vec::new()
        }
        Msg::Exported(Err(error)) | Msg::Failed(error) => {
            set_error(state, error);
            Vec::new()
        }
        Msg::Key(_) | Msg::Command(_) | Msg::Resize(..) | Msg::Redraw | Msg::Tick(_) | Msg::Refresh(_) => {
            Vec::new()
        }
    }
}

/// A finished job: its line on success, then `effects`; its error otherwise.
fn on_done(state: &mut AppState, result: Result<String, String>, effects: Vec<Effect>) -> Vec<Effect> {
    match result {
        Ok(text) => {
            set_status(state, text, StatusKind::Done);
            effects
        }
        Err(error) => {
            set_status(state, error, StatusKind::Error);
            Vec::new()
        }
    }
}

fn keep_source_selection(state: &mut AppState) {
    let entries = state.source_entries().len();
    state.source_selected = state.source_selected.min(entries.saturating_sub(1));
}

fn on_refresh_due(state: &mut AppState) -> Vec<Effect> {
    if state.refresh.is_some() {
        return Vec::new();
    }
    state.refresh = Some(RefreshProgress::default());
    vec![Effect::Refresh(crate::domain::RefreshScope::Due)]
}

/// The story whose full text the user asked for last gets a word in the status line.
fn on_full_text_asked(state: &mut AppState, id: StoryId, result: &Result<String, String>) {
    if state.full_text_pending != Some(id) {
        return;
    }
    state.full_text_pending = None;
    match result {
        Ok(_) => set_status(state, "Full text fetched".into(), StatusKind::Done),
        Err(e) => set_status(state, format!("full text: {e}"), StatusKind::Error),
    }
}

fn on_bookmark_set(state: &mut AppState, id: StoryId, on: bool) -> Vec<Effect> {
    for row in state.list.rows.iter_mut().filter(|r| r.id == id) {
        row.bookmarked = on;
    }
    if let Some(article) = state.article.as_mut().filter(|a| a.story.id == id) {
        article.story.bookmarked = on;
    }
    state.undo = (!on).then_some(id);
    let text = if on { "Bookmarked" } else { "Bookmark removed; z undoes" };
    set_status(state, text.into(), StatusKind::Done);
    let mut effects = vec![Effect::LoadSources];
    if state.showing_bookmarks() {
        effects.extend(list::reload_list(state, false));
    }
    effects.push(Effect::LoadSearches);
    effects
}

/// Progress of the one refresh pipeline, event by event.
pub(super) fn on_refresh(state: &mut AppState, event: RefreshEvent) -> Vec<Effect> {
    match event {
        RefreshEvent::Started { sources } => {
            state.refresh = Some(RefreshProgress { total: sources, ..RefreshProgress::default() });
        }
        RefreshEvent::Source { id, outcome } => on_source_refreshed(state, id, outcome),
        RefreshEvent::PagesStarted { pages } => {
            if let Some(progress) = state.refresh.as_mut() {
                progress.pages_total = pages;
            }
        }
        RefreshEvent::Page { story, result } => {
            if let Some(progress) = state.refresh.as_mut() {
                progress.pages_done += 1;
            }
            article::full_text_arrived(state, story, result);
        }
        RefreshEvent::Problem(text) => set_error(state, text),
        RefreshEvent::Finished { .. } => return on_refresh_finished(state),
    }
    Vec::new()
}

fn on_source_refreshed(state: &mut AppState, id: SourceId, outcome: SourceOutcome) {
    if let Some(progress) = state.refresh.as_mut() {
        progress.done += 1;
        match &outcome {
            SourceOutcome::Fetched { changes, .. } => progress.new += changes.new,
            SourceOutcome::NotModified => {}
            SourceOutcome::Failed { .. } => progress.failed += 1,
        }
    }
    let SourceOutcome::Failed { error, .. } = outcome else { return };
    let name = state.sources.iter().find(|s| s.id == id).map(|s| s.title.clone()).unwrap_or_default();
    state.last_error = Some(format!("{name}: {error}"));
    if let Some(source) = state.sources.iter_mut().find(|s| s.id == id) {
        source.last_error = Some(error.into());
    }
}

fn on_refresh_finished(state: &mut AppState) -> Vec<Effect> {
    let progress = state.refresh.take().unwrap_or_default();
    if progress.total == 0 {
        // A periodic check that found nothing due: nothing to say.
        return Vec::new();
    }
    state.last_refresh = Some((state.now, progress));
    let ok = progress.done - progress.failed;
    let text = if progress.failed == progress.total {
        format!(
            "no source answered ({} failed); try `newsdesk --demo` to look around offline",
            progress.failed
        )
    } else {
        format!("refreshed {ok}/{} sources, {} new stories", progress.total, progress.new)
    };
    let kind = if progress.failed > 0 { StatusKind::Error } else { StatusKind::Done };
    set_status(state, text, kind);
    let mut effects = vec![Effect::LoadSources];
    effects.extend(list::reload_list(state, false));
    effects.push(Effect::LoadSearches);
    effects
}
