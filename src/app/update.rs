//! `update(state, msg) -> effects`: the only place the reader's state changes.

use super::layout::{self, Arrangement};
use super::{
    AppState, Effect, ListSearch, Msg, OpenArticle, Overlay, PAGE, Pane, RefreshProgress, RefreshScope,
    SourceEntry, Status, StatusKind,
};
use crate::command::Command;
use crate::domain::{Story, StoryFilter};
use crate::keymap::Key;
use crate::render::{self, Header};
use chrono::Duration;

const STATUS_SECONDS: i64 = 6;

pub fn update(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(state, key),
        Msg::Command(command) => on_command(state, command),
        Msg::Resize(width, height) => {
            state.width = width;
            state.height = height;
            relayout_article(state);
            Vec::new()
        }
        Msg::Tick(now) => {
            state.now = now;
            if state.status.as_ref().is_some_and(|s| s.until <= now) {
                state.status = None;
            }
            Vec::new()
        }
        Msg::SearchesLoaded(searches) => {
            state.searches = searches;
            let entries = state.source_entries().len();
            state.source_selected = state.source_selected.min(entries.saturating_sub(1));
            Vec::new()
        }
        Msg::SourcesLoaded { sources, bookmarks } => {
            state.sources = sources;
            state.bookmark_count = bookmarks;
            let entries = state.source_entries().len();
            state.source_selected = state.source_selected.min(entries.saturating_sub(1));
            Vec::new()
        }
        Msg::StoriesLoaded { generation, offset, total, rows } => {
            if generation != state.list.generation {
                return Vec::new();
            }
            let list = &mut state.list;
            list.loading = false;
            list.offset = offset;
            list.total = total;
            list.rows = rows;
            list.selected = list.selected.min(total.saturating_sub(1));
            Vec::new()
        }
        Msg::StoryLoaded(story) => {
            if state.wanted_story != Some(story.id) {
                return Vec::new();
            }
            open_story(state, *story);
            Vec::new()
        }
        Msg::RefreshDue => {
            if state.refresh.is_some() {
                return Vec::new();
            }
            state.refresh = Some(RefreshProgress::default());
            vec![Effect::Refresh(RefreshScope::Due)]
        }
        Msg::BookmarkEdited(Ok(_)) => {
            set_status(state, "Bookmark saved".into(), StatusKind::Done);
            reload_list(state, false)
        }
        Msg::BookmarkEdited(Err(error)) => {
            set_status(state, error, StatusKind::Error);
            Vec::new()
        }
        Msg::MarkedRead(Ok(n)) => {
            set_status(state, format!("{n} stories marked read"), StatusKind::Done);
            vec![Effect::LoadSources, Effect::LoadSearches]
        }
        Msg::MarkedRead(Err(error)) => {
            set_status(state, error, StatusKind::Error);
            Vec::new()
        }
        Msg::FeedChoices(feeds) => {
            state.overlay = Some(Overlay::PickFeed { feeds });
            Vec::new()
        }
        Msg::SourcesEdited(Ok(text)) => {
            set_status(state, text, StatusKind::Done);
            vec![Effect::LoadSources, Effect::LoadSearches]
        }
        Msg::SourcesEdited(Err(error)) => {
            set_status(state, error, StatusKind::Error);
            Vec::new()
        }
        Msg::RefreshStarted { total } => {
            state.refresh = Some(RefreshProgress { total, ..RefreshProgress::default() });
            Vec::new()
        }
        Msg::SourceRefreshed { id, result } => {
            let name = state.sources.iter().find(|s| s.id == id).map(|s| s.title.clone()).unwrap_or_default();
            if let Some(progress) = state.refresh.as_mut() {
                progress.done += 1;
                match &result {
                    Ok(changes) => progress.new += changes.new,
                    Err(_) => progress.failed += 1,
                }
            }
            if let Err(error) = result {
                let text = format!("{name}: {error}");
                state.last_error = Some(text);
                if let Some(source) = state.sources.iter_mut().find(|s| s.id == id) {
                    source.last_error = Some(error);
                }
            }
            Vec::new()
        }
        Msg::PagesStarted { total } => {
            if let Some(progress) = state.refresh.as_mut() {
                progress.pages_total = total;
            }
            Vec::new()
        }
        Msg::FullTextFetched { id, result, on_demand } => {
            if let Some(progress) = state.refresh.as_mut().filter(|_| !on_demand) {
                progress.pages_done += 1;
            }
            if on_demand && state.full_text_pending == Some(id) {
                state.full_text_pending = None;
                match &result {
                    Ok(_) => set_status(state, "Full text fetched".into(), StatusKind::Done),
                    Err(e) => set_status(state, format!("full text: {e}"), StatusKind::Error),
                }
            }
            let width = layout::article_text_width(state.width);
            if let (Ok(html), Some(article)) = (result, state.article.as_mut().filter(|a| a.story.id == id)) {
                article.story.full_text = Some(html);
                article.feed_text = false;
                article.doc = lay_out(&article.story, width, false);
            }
            Vec::new()
        }
        Msg::RefreshFinished => {
            let progress = state.refresh.take().unwrap_or_default();
            if progress.total == 0 {
                // A periodic check that found nothing due: nothing to say.
                return Vec::new();
            }
            state.last_refresh = Some((state.now, progress));
            let ok = progress.done - progress.failed;
            let text = if progress.total > 0 && progress.failed == progress.total {
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
            effects.extend(reload_list(state, false));
            effects.push(Effect::LoadSearches);
            effects
        }
        Msg::BookmarkSet { id, on } => {
            for row in state.list.rows.iter_mut().filter(|r| r.id == id) {
                row.bookmarked = on;
            }
            if let Some(article) = state.article.as_mut().filter(|a| a.story.id == id) {
                article.story.bookmarked = on;
            }
            state.undo = (!on).then_some(id);
            set_status(
                state,
                if on { "Bookmarked" } else { "Bookmark removed; z undoes" }.into(),
                StatusKind::Done,
            );
            let mut effects = vec![Effect::LoadSources];
            if state.showing_bookmarks() {
                effects.extend(reload_list(state, false));
            }
            effects.push(Effect::LoadSearches);
            effects
        }
        Msg::Exported(Ok(path)) => {
            state.marked.clear();
            set_status(state, format!("Exported to {}", path.display()), StatusKind::Done);
            Vec::new()
        }
        Msg::Exported(Err(error)) | Msg::Failed(error) => {
            state.last_error = Some(error.clone());
            set_status(state, error, StatusKind::Error);
            Vec::new()
        }
    }
}

fn set_status(state: &mut AppState, text: String, kind: StatusKind) {
    let text = crate::text::clean_line(&text);
    state.status = Some(Status { text, kind, until: state.now + Duration::seconds(STATUS_SECONDS) });
}

/// Keys while an overlay is open: it takes them all.
fn on_overlay_key(state: &mut AppState, overlay: Overlay, key: Key) -> Vec<Effect> {
    let url_of = |state: &AppState, id| state.sources.iter().find(|s| s.id == id).map(|s| s.url.clone());
    match (overlay, key) {
        (_, Key::CtrlC) => on_command(state, Command::Quit),
        (Overlay::AddSource { .. } | Overlay::Rename { .. }, Key::Esc) => Vec::new(),
        (Overlay::AddSource { mut text }, key) => match key {
            Key::Enter if !text.trim().is_empty() => {
                set_status(state, format!("looking for feeds at {}…", text.trim()), StatusKind::Info);
                vec![Effect::AddSource(text.trim().to_string())]
            }
            key => {
                edit_text(&mut text, key);
                state.overlay = Some(Overlay::AddSource { text });
                Vec::new()
            }
        },
        (Overlay::Rename { source, mut text }, key) => match (key, url_of(state, source)) {
            (Key::Enter, Some(url)) if !text.trim().is_empty() => {
                vec![Effect::RenameSource { url, title: text.trim().to_string() }]
            }
            (key, _) => {
                edit_text(&mut text, key);
                state.overlay = Some(Overlay::Rename { source, text });
                Vec::new()
            }
        },
        (Overlay::ConfirmRemove(source), Key::Char('y' | 'Y')) => match url_of(state, source) {
            Some(url) => vec![Effect::RemoveSource(url)],
            None => Vec::new(),
        },
        (Overlay::PickFeed { feeds }, Key::Char(c @ '1'..='9')) => {
            let index = c as usize - '1' as usize;
            match feeds.get(index).cloned() {
                Some((url, title)) => vec![Effect::AddFeed { url, title }],
                None => {
                    state.overlay = Some(Overlay::PickFeed { feeds });
                    Vec::new()
                }
            }
        }
        (Overlay::Search { before, .. }, Key::Esc) => {
            let (filter, search) = *before;
            let effects = set_filter(state, filter);
            state.list.search = search;
            effects
        }
        (Overlay::ConfirmRemoveSearch(name), Key::Char('y' | 'Y')) => vec![Effect::RemoveSearch(name)],
        (Overlay::Search { .. }, Key::Enter) => {
            state.focus = Pane::Stories;
            Vec::new()
        }
        (Overlay::Search { mut text, before }, key) => {
            edit_text(&mut text, key);
            let effects = match crate::query::parse(&text) {
                Ok(query) => {
                    state.status = None;
                    let filter = StoryFilter { order: before.0.order, ..query.filter() };
                    let effects = set_filter(state, filter);
                    let query = text.trim();
                    state.list.search =
                        (!query.is_empty()).then(|| ListSearch { query: query.to_string(), saved_as: None });
                    effects
                }
                Err(e) => {
                    set_status(state, e.to_string(), StatusKind::Error);
                    Vec::new()
                }
            };
            state.overlay = Some(Overlay::Search { text, before });
            effects
        }
        (Overlay::FilterBookmarks { mut text }, key) => match key {
            Key::Esc => Vec::new(),
            Key::Enter => {
                let (tags, words): (Vec<&str>, Vec<&str>) =
                    text.split_whitespace().partition(|w| w.starts_with('#'));
                let filter = StoryFilter {
                    bookmarked_only: true,
                    tag: tags.first().map(|t| t.trim_start_matches('#').to_lowercase()),
                    words: Some(words.join(" ")).filter(|w| !w.is_empty()),
                    order: state.list.filter.order,
                    ..StoryFilter::default()
                };
                set_filter(state, filter)
            }
            key => {
                edit_text(&mut text, key);
                state.overlay = Some(Overlay::FilterBookmarks { text });
                Vec::new()
            }
        },
        (Overlay::EditTags { story, text }, Key::Enter) => {
            vec![Effect::SetTags(story, text.split_whitespace().map(str::to_string).collect())]
        }
        (Overlay::EditNote { story, text }, Key::Enter) => {
            vec![Effect::SetNote(story, Some(text.trim().to_string()).filter(|t| !t.is_empty()))]
        }
        (Overlay::EditTags { .. } | Overlay::EditNote { .. }, Key::Esc) => Vec::new(),
        (Overlay::EditTags { story, mut text }, key) => {
            edit_text(&mut text, key);
            state.overlay = Some(Overlay::EditTags { story, text });
            Vec::new()
        }
        (Overlay::EditNote { story, mut text }, key) => {
            edit_text(&mut text, key);
            state.overlay = Some(Overlay::EditNote { story, text });
            Vec::new()
        }
        (Overlay::Export { stories, format, mut path }, key) => match key {
            Key::Esc => Vec::new(),
            Key::Enter if !path.trim().is_empty() => {
                vec![Effect::Export { stories, format, path: path.trim().to_string() }]
            }
            Key::Tab | Key::BackTab => {
                let all = crate::export::Format::ALL;
                let at = all.iter().position(|f| *f == format).unwrap_or(0);
                let next = if key == Key::Tab {
                    all[(at + 1) % all.len()]
                } else {
                    all[(at + all.len() - 1) % all.len()]
                };
                // The path follows the format when it still ends in the old extension.
                if let Some(stem) = path.strip_suffix(&format!(".{}", format.extension())) {
                    path = format!("{stem}.{}", next.extension());
                }
                state.overlay = Some(Overlay::Export { stories, format: next, path });
                Vec::new()
            }
            key => {
                edit_text(&mut path, key);
                state.overlay = Some(Overlay::Export { stories, format, path });
                Vec::new()
            }
        },
        // Anything else closes details, confirmations and pick lists.
        _ => Vec::new(),
    }
}

/// The path the export dialog offers: the export directory and the templated file name.
fn export_path(state: &AppState, id: crate::domain::StoryId, format: crate::export::Format) -> String {
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
    let name = crate::export::file_name_from(&state.export.file_name, &story, format);
    format!("{}/{name}", state.export.dir.trim_end_matches('/'))
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

/// The source that source commands act on: the selected one in the sources pane, else the
/// selected story's.
fn chosen_source(state: &AppState) -> Option<&crate::domain::Source> {
    match (state.focus, state.source_entries().get(state.source_selected)) {
        (Pane::Sources, Some(SourceEntry::Source(i))) => state.sources.get(*i),
        (Pane::Sources, _) => None,
        _ => {
            let id = state.list.selected_row().and_then(|r| r.source_id).or(state.list.filter.source)?;
            state.sources.iter().find(|s| s.id == id)
        }
    }
}

fn chosen_search(state: &AppState) -> Option<&crate::domain::SavedSearch> {
    match (state.focus, state.source_entries().get(state.source_selected)) {
        (Pane::Sources, Some(SourceEntry::Search(i))) => state.searches.get(*i),
        _ => None,
    }
}

fn on_key(state: &mut AppState, key: Key) -> Vec<Effect> {
    if let Some(overlay) = state.overlay.take() {
        return on_overlay_key(state, overlay, key);
    }
    if state.help {
        if matches!(key, Key::CtrlC) {
            return on_command(state, Command::Quit);
        }
        state.help = false;
        return Vec::new();
    }
    if let Key::Char(c @ '0'..='9') = key {
        if state.link_digits.len() < 4 {
            state.link_digits.push(c);
        }
        return Vec::new();
    }
    if !state.link_digits.is_empty() {
        let digits = std::mem::take(&mut state.link_digits);
        if key == Key::Enter {
            return open_link(state, &digits);
        }
        if key == Key::Esc {
            return Vec::new();
        }
    }
    match state.keymap.command_for(key) {
        Some(command) => on_command(state, command),
        None => Vec::new(),
    }
}

fn open_link(state: &mut AppState, digits: &str) -> Vec<Effect> {
    let n: usize = digits.parse().unwrap_or(0);
    let link =
        state.article.as_ref().and_then(|a| n.checked_sub(1).and_then(|i| a.doc.links.get(i))).cloned();
    match link {
        Some(url) => open_url(state, url),
        None => {
            set_status(state, format!("no link {n} in this story"), StatusKind::Error);
            Vec::new()
        }
    }
}

fn open_url(state: &mut AppState, url: String) -> Vec<Effect> {
    let ok = url::Url::parse(&url).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
    if ok {
        set_status(state, format!("Opening {url}"), StatusKind::Info);
        vec![Effect::OpenUrl(url)]
    } else {
        set_status(state, format!("not opening {url}: only http(s) links are opened"), StatusKind::Error);
        Vec::new()
    }
}

fn on_command(state: &mut AppState, command: Command) -> Vec<Effect> {
    match command {
        Command::Quit => {
            state.quitting = true;
            vec![Effect::Quit]
        }
        Command::Help => {
            state.help = true;
            Vec::new()
        }
        Command::Up => move_by(state, -1),
        Command::Down => move_by(state, 1),
        Command::PageUp => move_by(state, -(layout::pane_rows(state.height) as i64 - 1).max(1)),
        Command::PageDown => move_by(state, (layout::pane_rows(state.height) as i64 - 1).max(1)),
        Command::Top => move_by(state, i64::MIN / 2),
        Command::Bottom => move_by(state, i64::MAX / 2),
        Command::NextPane | Command::PrevPane => {
            cycle_pane(state, command == Command::NextPane);
            Vec::new()
        }
        Command::Open => match state.focus {
            Pane::Sources => choose_source(state),
            Pane::Stories => match state.list.selected_row() {
                Some(row) => request_story(state, row.id),
                None => Vec::new(),
            },
            Pane::Article => Vec::new(),
        },
        Command::Back => {
            match state.focus {
                Pane::Article => state.focus = Pane::Stories,
                Pane::Stories => state.focus = Pane::Sources,
                Pane::Sources => {}
            }
            Vec::new()
        }
        Command::Refresh => refresh_selected(state),
        Command::RefreshAll => {
            if state.refresh.is_some() {
                set_status(state, "a refresh is already running".into(), StatusKind::Info);
                return Vec::new();
            }
            state.refresh =
                Some(RefreshProgress { total: state.sources.len(), ..RefreshProgress::default() });
            vec![Effect::Refresh(RefreshScope::All)]
        }
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
            set_filter(state, filter)
        }
        Command::Export if !state.marked.is_empty() => {
            // Marked stories go out together: one book by default, or one file each.
            let stories = state.marked.clone();
            let path = state.export.dir.clone();
            state.overlay = Some(Overlay::Export { stories, format: crate::export::Format::Epub, path });
            Vec::new()
        }
        Command::Export => match current_story(state) {
            Some((id, _, _)) => {
                let format = state.export.format;
                let path = export_path(state, id, format);
                state.overlay = Some(Overlay::Export { stories: vec![id], format, path });
                Vec::new()
            }
            None => {
                set_status(state, "no story to export: open one first".into(), StatusKind::Error);
                Vec::new()
            }
        },
        Command::OpenInBrowser => match current_story(state).and_then(|(_, _, url)| url) {
            Some(url) => open_url(state, url),
            None => {
                set_status(state, "this story has no link".into(), StatusKind::Error);
                Vec::new()
            }
        },
        Command::RemoveSource if chosen_search(state).is_some() => {
            let name = chosen_search(state).map(|s| s.name.clone()).unwrap_or_default();
            state.overlay = Some(Overlay::ConfirmRemoveSearch(name));
            Vec::new()
        }
        Command::ShowSourceDetails | Command::RenameSource | Command::RemoveSource => {
            let Some(source) = chosen_source(state) else {
                set_status(state, "choose a source in the sources pane first".into(), StatusKind::Info);
                return Vec::new();
            };
            let id = source.id;
            state.overlay = Some(match command {
                Command::ShowSourceDetails => Overlay::Details(id),
                Command::RenameSource => Overlay::Rename { source: id, text: source.title.clone() },
                _ => Overlay::ConfirmRemove(id),
            });
            Vec::new()
        }
        Command::SortBookmarks | Command::FilterBookmarks | Command::EditTags | Command::EditNote
            if !state.showing_bookmarks() =>
        {
            set_status(state, "that works in the bookmarks pane (B)".into(), StatusKind::Info);
            Vec::new()
        }
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
        Command::SaveSearch => match &state.list.search {
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
        },
        Command::Mark => {
            if let Some(row) = state.list.selected_row() {
                let id = row.id;
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
        Command::SortBookmarks => {
            let order = state.list.filter.order.next();
            let filter = StoryFilter { order, ..state.list.filter.clone() };
            set_status(state, format!("bookmarks {}", order.label()), StatusKind::Info);
            set_filter(state, filter)
        }
        Command::FilterBookmarks => {
            state.overlay = Some(Overlay::FilterBookmarks { text: String::new() });
            Vec::new()
        }
        Command::EditTags | Command::EditNote => {
            let Some(row) = state.list.selected_row() else { return Vec::new() };
            let (id, tags) = (row.id, row.tags.join(" "));
            let note = state.article.as_ref().filter(|a| a.story.id == id).and_then(|a| a.story.note.clone());
            state.overlay = Some(if command == Command::EditTags {
                Overlay::EditTags { story: id, text: tags }
            } else {
                Overlay::EditNote { story: id, text: note.unwrap_or_default() }
            });
            Vec::new()
        }
        Command::Undo => match state.undo.take() {
            Some(id) => vec![Effect::SetBookmark(id, true)],
            None => {
                set_status(state, "nothing to undo".into(), StatusKind::Info);
                Vec::new()
            }
        },
        Command::AddSource => {
            state.overlay = Some(Overlay::AddSource { text: String::new() });
            Vec::new()
        }
        Command::ScrollLeft | Command::ScrollRight => {
            if let Some(article) = state.article.as_mut().filter(|_| state.focus == Pane::Article) {
                let widest = article
                    .doc
                    .lines
                    .iter()
                    .map(|l| unicode_width::UnicodeWidthStr::width(l.text().as_str()))
                    .max();
                let limit = widest.unwrap_or(0).saturating_sub(article.doc.width);
                article.h_scroll = if command == Command::ScrollRight {
                    (article.h_scroll + 8).min(limit)
                } else {
                    article.h_scroll.saturating_sub(8)
                };
            }
            Vec::new()
        }
        Command::ToggleFullText => {
            let width = layout::article_text_width(state.width);
            let Some(article) = state.article.as_mut() else { return Vec::new() };
            if article.story.full_text.is_none() {
                set_status(state, "no full text yet: press F to fetch it".into(), StatusKind::Info);
                return Vec::new();
            }
            article.feed_text = !article.feed_text;
            article.doc = lay_out(&article.story, width, article.feed_text);
            article.scroll = 0;
            Vec::new()
        }
        Command::FetchFullText => match current_story(state) {
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
        },
        Command::NextUnread => jump_unread(state, true),
        Command::PrevUnread => jump_unread(state, false),
        Command::ToggleRead => {
            let Some(row) = state.list.selected_row() else {
                return Vec::new();
            };
            let (id, read) = (row.id, !row.read);
            mark_read(state, id, read)
        }
        Command::ToggleUnreadOnly => {
            state.unread_only = !state.unread_only;
            let filter = StoryFilter { unread_only: state.unread_only, ..state.list.filter.clone() };
            set_status(
                state,
                if state.unread_only { "showing unread stories" } else { "showing all stories" }.into(),
                StatusKind::Info,
            );
            set_filter(state, filter)
        }
    }
}

/// The story that commands act on: the open one when the article has focus, else the
/// selected row.
fn current_story(state: &AppState) -> Option<(crate::domain::StoryId, bool, Option<String>)> {
    let open = state.article.as_ref().map(|a| (a.story.id, a.story.bookmarked, a.story.url.clone()));
    let selected = state.list.selected_row().map(|r| (r.id, r.bookmarked, r.url.clone()));
    match state.focus {
        Pane::Article => open.or(selected),
        Pane::Stories => selected.or(open),
        Pane::Sources => open.or(selected),
    }
}

fn move_by(state: &mut AppState, delta: i64) -> Vec<Effect> {
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
pub(super) fn reload_list(state: &mut AppState, reset: bool) -> Vec<Effect> {
    if reset {
        state.list.selected = 0;
    }
    request_window(&mut state.list)
}

/// Asks for the window of rows around the selection, as a new query.
fn request_window(list: &mut super::StoryList) -> Vec<Effect> {
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

fn set_filter(state: &mut AppState, filter: StoryFilter) -> Vec<Effect> {
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

fn choose_source(state: &mut AppState) -> Vec<Effect> {
    let entries = state.source_entries();
    let Some(entry) = entries.get(state.source_selected).copied() else {
        return Vec::new();
    };
    let filter = match entry {
        SourceEntry::Search(i) => {
            let saved = state.searches[i].clone();
            let filter = match crate::query::parse(&saved.query) {
                Ok(query) => query.filter(),
                Err(e) => {
                    set_status(state, format!("{}: {e}", saved.name), StatusKind::Error);
                    return Vec::new();
                }
            };
            state.focus = Pane::Stories;
            let effects = set_filter(state, filter);
            state.list.search = Some(ListSearch { query: saved.query, saved_as: Some(saved.name) });
            return effects;
        }
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

fn refresh_selected(state: &mut AppState) -> Vec<Effect> {
    if state.refresh.is_some() {
        set_status(state, "a refresh is already running".into(), StatusKind::Info);
        return Vec::new();
    }
    let entry = state.source_entries().get(state.source_selected).copied();
    let id = match (state.focus, entry) {
        (Pane::Sources, Some(SourceEntry::Source(i))) => Some(state.sources[i].id),
        (Pane::Sources, _) => None,
        _ => state.list.selected_row().and_then(|r| r.source_id).or(state.list.filter.source),
    };
    match id {
        Some(id) => {
            state.refresh = Some(RefreshProgress { total: 1, ..RefreshProgress::default() });
            vec![Effect::Refresh(RefreshScope::Only(vec![id]))]
        }
        None => {
            state.refresh =
                Some(RefreshProgress { total: state.sources.len(), ..RefreshProgress::default() });
            vec![Effect::Refresh(RefreshScope::All)]
        }
    }
}

fn request_story(state: &mut AppState, id: crate::domain::StoryId) -> Vec<Effect> {
    state.wanted_story = Some(id);
    let mut effects = vec![Effect::LoadStory(id)];
    if state.list.rows.iter().any(|r| r.id == id && !r.read) {
        effects.extend(mark_read(state, id, true));
    }
    effects
}

fn mark_read(state: &mut AppState, id: crate::domain::StoryId, read: bool) -> Vec<Effect> {
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

fn open_story(state: &mut AppState, story: Story) {
    let width = layout::article_text_width(state.width);
    let doc = lay_out(&story, width, false);
    state.article = Some(OpenArticle { story, doc, scroll: 0, feed_text: false, h_scroll: 0 });
    state.focus = Pane::Article;
}

/// Lays a story out at `width`, showing its full text unless `feed_text` is asked for.
fn lay_out(story: &Story, width: usize, feed_text: bool) -> render::StyledDoc {
    let mut header = Header::of(story);
    let has_full = story.full_text.as_deref().is_some_and(|t| !t.trim().is_empty());
    let html = if has_full && !feed_text { story.body_html() } else { story.feed_html() };
    header.kind = match (has_full, feed_text) {
        (true, false) => Some("full text"),
        (true, true) => Some("feed text"),
        (false, _) => None,
    };
    render::article(&header, html, width)
}

/// Lays the open article out again when its pane width changed.
fn relayout_article(state: &mut AppState) {
    let width = layout::article_text_width(state.width);
    if let Some(article) = state.article.as_mut()
        && article.doc.width != width
    {
        article.doc = lay_out(&article.story, width, article.feed_text);
        article.scroll = article.scroll.min(article.doc.lines.len().saturating_sub(1));
    }
}

fn jump_unread(state: &mut AppState, forward: bool) -> Vec<Effect> {
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

fn cycle_pane(state: &mut AppState, forward: bool) {
    let order: Vec<Pane> = [Pane::Sources, Pane::Stories, Pane::Article]
        .into_iter()
        .filter(|p| *p != Pane::Article || state.article.is_some())
        .collect();
    let at = order.iter().position(|p| *p == state.focus).unwrap_or(0);
    let next = if forward { (at + 1) % order.len() } else { (at + order.len() - 1) % order.len() };
    state.focus = order[next];
}
