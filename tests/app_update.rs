//! `update` as a pure state machine: messages in, state and effects out, no terminal.

mod common;
#[path = "common/state.rs"]
mod fixtures;

use fixtures::{loaded, story};
use newsdesk::app::{Effect, Msg, Pane, update};
use newsdesk::config::keymap::Key;
use newsdesk::domain::{StoryFilter, StoryId};

fn keys(state: &mut newsdesk::app::AppState, keys: &[Key]) -> Vec<Effect> {
    keys.iter().flat_map(|k| update(state, Msg::Key(*k))).collect()
}

#[test]
fn enter_on_a_source_filters_the_list() {
    let mut state = loaded(120, 40);
    let effects = keys(&mut state, &[Key::Char('j'), Key::Char('j'), Key::Char('j'), Key::Enter]);
    assert_eq!(state.focus, Pane::Stories);
    let wanted = StoryFilter { source: Some(newsdesk::domain::SourceId(1)), ..StoryFilter::default() };
    assert!(
        matches!(effects.as_slice(), [Effect::LoadStories { filter, offset: 0, .. }] if *filter == wanted),
        "{effects:?}"
    );
}

#[test]
fn opening_a_story_marks_it_read_and_stale_replies_are_dropped() {
    let mut state = loaded(120, 40);
    state.focus = Pane::Stories;
    let effects = keys(&mut state, &[Key::Enter]);
    assert_eq!(effects, vec![Effect::LoadStory(StoryId(1)), Effect::MarkRead(StoryId(1), true)]);
    assert_eq!(state.sources[0].unread, 4, "unread count follows at once");
    // The user moves on before the story arrives; the late reply must not open it.
    keys(&mut state, &[Key::Char('j'), Key::Enter]);
    update(&mut state, Msg::StoryLoaded(Box::new(story())));
    assert!(state.article.is_none());
    let mut second = story();
    second.id = StoryId(2);
    update(&mut state, Msg::StoryLoaded(Box::new(second)));
    assert_eq!(state.article.as_ref().map(|a| a.story.id), Some(StoryId(2)));
    assert_eq!(state.focus, Pane::Article);
}

#[test]
fn stale_list_pages_are_ignored() {
    let mut state = loaded(120, 40);
    let old = state.list.generation;
    keys(&mut state, &[Key::Char('u')]);
    update(&mut state, Msg::StoriesLoaded { generation: old, offset: 0, total: 99, rows: Vec::new() });
    assert_ne!(state.list.total, 99);
}

#[test]
fn links_open_by_number_and_only_http() {
    let mut state = loaded(120, 40);
    state.focus = Pane::Stories;
    keys(&mut state, &[Key::Enter]);
    update(&mut state, Msg::StoryLoaded(Box::new(story())));
    let effects = keys(&mut state, &[Key::Char('1'), Key::Enter]);
    assert_eq!(effects, vec![Effect::OpenUrl("http://127.0.0.1/people/varga".into())]);
    let effects = keys(&mut state, &[Key::Char('7'), Key::Enter]);
    assert!(effects.is_empty());
    assert!(state.status.as_ref().is_some_and(|s| s.text == "no link 7 in this story"));
    let mut hostile = story();
    hostile.url = Some("file:///etc/passwd".into());
    hostile.id = StoryId(1);
    state.wanted_story = Some(StoryId(1));
    update(&mut state, Msg::StoryLoaded(Box::new(hostile)));
    assert!(keys(&mut state, &[Key::Char('o')]).is_empty(), "non-http links are never opened");
}

#[test]
fn bookmark_export_and_quit_are_effects() {
    let mut state = loaded(120, 40);
    state.focus = Pane::Stories;
    assert_eq!(keys(&mut state, &[Key::Char('b')]), vec![Effect::SetBookmark(StoryId(1), true)]);
    update(&mut state, Msg::BookmarkSet { id: StoryId(1), on: true });
    assert!(state.list.rows[0].bookmarked);
    assert!(keys(&mut state, &[Key::Char('e')]).is_empty(), "e opens the export dialog");
    let path = "~/newsdesk/2026-11-27-harbor-gazette-six-nations-sign-river-treaty-after-a-decade-of-talks";
    assert_eq!(
        state.overlay,
        Some(newsdesk::app::Overlay::Export {
            stories: vec![StoryId(1)],
            format: newsdesk::content::export::Format::Markdown,
            path: format!("{path}.md")
        })
    );
    keys(&mut state, &[Key::Tab, Key::Tab]);
    assert_eq!(
        keys(&mut state, &[Key::Enter]),
        vec![Effect::Export {
            stories: vec![StoryId(1)],
            format: newsdesk::content::export::Format::Html,
            path: format!("{path}.html")
        }]
    );
    update(&mut state, Msg::Exported(Ok("/tmp/x.md".into())));
    assert_eq!(state.status.as_ref().map(|s| s.text.as_str()), Some("Exported to /tmp/x.md"));
    assert_eq!(keys(&mut state, &[Key::Char('q')]), vec![Effect::Quit]);
    assert!(state.quitting);
}

#[test]
fn refresh_progress_is_counted_and_errors_kept() {
    let mut state = loaded(120, 40);
    assert_eq!(keys(&mut state, &[Key::Char('R')]), vec![Effect::Refresh(newsdesk::app::RefreshScope::All)]);
    assert!(keys(&mut state, &[Key::Char('R')]).is_empty(), "one refresh at a time");
    use newsdesk::domain::{PollFailure, RefreshEvent, SourceId, SourceOutcome};
    update(&mut state, Msg::Refresh(RefreshEvent::Started { sources: 3 }));
    update(
        &mut state,
        Msg::Refresh(RefreshEvent::Source { id: SourceId(1), outcome: SourceOutcome::NotModified }),
    );
    let failed =
        SourceOutcome::Failed { failure: PollFailure::Timeout, error: "timed out after 30 s".into() };
    update(&mut state, Msg::Refresh(RefreshEvent::Source { id: SourceId(2), outcome: failed }));
    let progress = state.refresh.expect("running");
    assert_eq!((progress.done, progress.failed, progress.total), (2, 1, 3));
    assert_eq!(state.last_error.as_deref(), Some("Metro Briefs: timed out after 30 s"));
    let effects = update(&mut state, Msg::Refresh(RefreshEvent::Finished { removed: 0 }));
    assert!(effects.contains(&Effect::LoadSources));
    assert!(state.refresh.is_none());
}

#[test]
fn moving_near_the_end_of_a_window_loads_the_next() {
    let mut state = loaded(120, 40);
    let rows: Vec<_> = (0..200)
        .map(|i| {
            let mut r = fixtures::rows()[0].clone();
            r.id = StoryId(i);
            r
        })
        .collect();
    let generation = state.list.generation;
    update(&mut state, Msg::StoriesLoaded { generation, offset: 0, total: 100_000, rows });
    state.focus = Pane::Stories;
    let mut effects = Vec::new();
    for _ in 0..5 {
        effects.extend(keys(&mut state, &[Key::PageDown]));
    }
    assert!(state.list.selected > 100);
    assert!(
        effects.iter().any(|e| matches!(e, Effect::LoadStories { offset, limit: 200, .. } if *offset > 0)),
        "{effects:?}"
    );
    keys(&mut state, &[Key::End]);
    assert!(state.list.selected < 200, "selection stays on loaded rows until the page arrives");
}

#[test]
fn resizing_relays_out_the_article() {
    let mut state = loaded(200, 40);
    state.focus = Pane::Stories;
    keys(&mut state, &[Key::Enter]);
    update(&mut state, Msg::StoryLoaded(Box::new(story())));
    let wide = state.article.as_ref().map(|a| a.doc.width).expect("open");
    update(&mut state, Msg::Resize(60, 20));
    let narrow = state.article.as_ref().map(|a| a.doc.width).expect("open");
    assert!(narrow < wide && narrow == 56, "{wide} -> {narrow}");
}

#[test]
fn source_overlays_turn_keys_into_edits() {
    use newsdesk::app::Overlay;
    let mut state = loaded(120, 40);
    keys(&mut state, &[Key::Char('j'), Key::Char('j'), Key::Char('j'), Key::Char('i')]);
    assert_eq!(state.overlay, Some(Overlay::Details(newsdesk::domain::SourceId(1))));
    keys(&mut state, &[Key::Char('x')]);
    assert_eq!(state.overlay, None, "any key closes the details");
    keys(&mut state, &[Key::Char('d')]);
    assert_eq!(
        keys(&mut state, &[Key::Char('y')]),
        vec![Effect::RemoveSource("http://127.0.0.1/1.xml".into())]
    );
    keys(&mut state, &[Key::Char('d')]);
    assert!(keys(&mut state, &[Key::Char('n')]).is_empty(), "anything but y keeps the source");
    keys(&mut state, &[Key::Char('c')]);
    let typed: Vec<Key> = "X".chars().map(Key::Char).collect();
    keys(&mut state, &[Key::Backspace; 20]);
    keys(&mut state, &typed);
    assert_eq!(
        keys(&mut state, &[Key::Enter]),
        vec![Effect::RenameSource { url: "http://127.0.0.1/1.xml".into(), title: "X".into() }]
    );
    keys(&mut state, &[Key::Char('a')]);
    let url: Vec<Key> = "http://site.example/".chars().map(Key::Char).collect();
    keys(&mut state, &url);
    assert_eq!(keys(&mut state, &[Key::Enter]), vec![Effect::AddSource("http://site.example/".into())]);
    update(
        &mut state,
        Msg::FeedChoices(vec![("http://a/rss".into(), Some("A".into())), ("http://a/atom".into(), None)]),
    );
    assert_eq!(
        keys(&mut state, &[Key::Char('2')]),
        vec![Effect::AddFeed { url: "http://a/atom".into(), title: None }]
    );
    assert_eq!(
        update(&mut state, Msg::SourcesEdited(Ok("Added".into()))),
        vec![Effect::LoadSources, Effect::LoadSearches]
    );
}

#[test]
fn bookmark_pane_sorts_filters_edits_and_undoes() {
    use newsdesk::app::Overlay;
    use newsdesk::domain::BookmarkOrder;
    let mut state = loaded(120, 40);
    keys(&mut state, &[Key::Char('s')]);
    assert!(
        state.status.as_ref().is_some_and(|s| s.text.contains("bookmarks pane")),
        "only in the bookmarks pane"
    );
    keys(&mut state, &[Key::Char('B')]);
    let effects = keys(&mut state, &[Key::Char('s')]);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadStories { filter, .. }] if filter.order == BookmarkOrder::Source && filter.bookmarked_only),
        "{effects:?}"
    );
    keys(&mut state, &[Key::Char('t')]);
    let typed: Vec<Key> = "#Ferries harbour".chars().map(Key::Char).collect();
    keys(&mut state, &typed);
    let effects = keys(&mut state, &[Key::Enter]);
    assert!(
        matches!(effects.as_slice(), [Effect::LoadStories { filter, .. }]
            if filter.tag.as_deref() == Some("ferries") && filter.words.as_deref() == Some("harbour") && filter.order == BookmarkOrder::Source),
        "{effects:?}"
    );
    let generation = state.list.generation;
    update(&mut state, Msg::StoriesLoaded { generation, offset: 0, total: 5, rows: fixtures::rows() });
    keys(&mut state, &[Key::Char('T')]);
    assert!(matches!(&state.overlay, Some(Overlay::EditTags { .. })));
    keys(&mut state, &"a b".chars().map(Key::Char).collect::<Vec<_>>());
    assert_eq!(
        keys(&mut state, &[Key::Enter]),
        vec![Effect::SetTags(StoryId(1), vec!["a".into(), "b".into()])]
    );
    keys(&mut state, &[Key::Char('m')]);
    keys(&mut state, &"later".chars().map(Key::Char).collect::<Vec<_>>());
    assert_eq!(keys(&mut state, &[Key::Enter]), vec![Effect::SetNote(StoryId(1), Some("later".into()))]);
    update(&mut state, Msg::BookmarkSet { id: StoryId(3), on: false });
    assert_eq!(keys(&mut state, &[Key::Char('z')]), vec![Effect::SetBookmark(StoryId(3), true)]);
    assert!(keys(&mut state, &[Key::Char('z')]).is_empty(), "one undo");
}

#[test]
fn marked_stories_export_together() {
    use newsdesk::app::Overlay;
    let mut state = loaded(120, 40);
    state.focus = Pane::Stories;
    keys(
        &mut state,
        &[Key::Char('v'), Key::Char('j'), Key::Char('j'), Key::Char('v'), Key::Char('j'), Key::Char('v')],
    );
    keys(&mut state, &[Key::Char('v')]);
    assert_eq!(state.marked, vec![StoryId(1), StoryId(3)], "v toggles");
    keys(&mut state, &[Key::Char('e')]);
    assert_eq!(
        state.overlay,
        Some(Overlay::Export {
            stories: vec![StoryId(1), StoryId(3)],
            format: newsdesk::content::export::Format::Epub,
            path: "~/newsdesk/".into()
        })
    );
    let effects = keys(&mut state, &[Key::Enter]);
    assert_eq!(
        effects,
        vec![Effect::Export {
            stories: vec![StoryId(1), StoryId(3)],
            format: newsdesk::content::export::Format::Epub,
            path: "~/newsdesk/".into()
        }]
    );
    update(&mut state, Msg::Exported(Ok("/tmp/book.epub".into())));
    assert!(state.marked.is_empty());
}

#[test]
fn search_follows_each_key_and_escape_goes_back() {
    let mut state = loaded(120, 40);
    let before = state.list.filter.clone();
    keys(&mut state, &[Key::Char('/')]);
    let effects = keys(&mut state, &"ferry is:unread".chars().map(Key::Char).collect::<Vec<_>>());
    assert!(
        matches!(effects.last(), Some(Effect::LoadStories { filter, .. })
            if filter.text.as_deref() == Some("\"ferry\"*") && filter.unread_only),
        "{effects:?}"
    );
    keys(&mut state, &" before:x".chars().map(Key::Char).collect::<Vec<_>>());
    assert!(
        state.status.as_ref().is_some_and(|s| s.text.contains("YYYY-MM-DD")),
        "a bad filter is explained"
    );
    let back = keys(&mut state, &[Key::Esc]);
    assert!(matches!(back.as_slice(), [Effect::LoadStories { filter, .. }] if *filter == before), "{back:?}");
    assert!(state.overlay.is_none());
}

#[test]
fn mark_all_read_covers_the_shown_list() {
    let mut state = loaded(120, 40);
    state.focus = Pane::Stories;
    let effects = keys(&mut state, &[Key::Char('A')]);
    assert_eq!(effects, vec![Effect::MarkAllRead(state.list.filter.clone())]);
    assert!(state.list.rows.iter().all(|r| r.read));
    assert_eq!(update(&mut state, Msg::MarkedRead(Ok(4))), vec![Effect::LoadSources, Effect::LoadSearches]);
    assert_eq!(state.status.as_ref().map(|s| s.text.as_str()), Some("4 stories marked read"));
}

#[test]
fn a_saved_search_is_a_source_that_lists_what_it_finds() {
    let mut state = fixtures::loaded_with_searches(120, 40);
    // All, Unread, Bookmarks, then the saved search before the feeds.
    let effects = keys(&mut state, &[Key::Char('j'), Key::Char('j'), Key::Char('j'), Key::Enter]);
    let wanted = newsdesk::domain::query::parse("port is:unread").expect("query").filter();
    assert!(
        matches!(effects.as_slice(), [Effect::LoadStories { filter, offset: 0, .. }] if *filter == wanted),
        "{effects:?}"
    );
    assert_eq!(state.list_title(), "Ports");
    // A search typed from there, then abandoned, comes back to the saved one.
    keys(&mut state, &[Key::Char('/'), Key::Char('x'), Key::Char('y'), Key::Char('z')]);
    assert_eq!(state.list_title(), "Search: xyz");
    keys(&mut state, &[Key::Esc]);
    assert_eq!((state.list_title(), state.list.filter.clone()), ("Ports".to_string(), wanted));
    assert_eq!(keys(&mut state, &[Key::Char('S')]), Vec::new(), "already saved: nothing to do");
}

#[test]
fn s_keeps_the_typed_search_and_d_forgets_a_saved_one() {
    let mut state = fixtures::loaded_with_searches(120, 40);
    assert_eq!(keys(&mut state, &[Key::Char('S')]), Vec::new(), "no search to keep yet");
    let typed = [Key::Char('/'), Key::Char('r'), Key::Char('i'), Key::Char('v'), Key::Enter];
    keys(&mut state, &typed);
    assert_eq!(
        keys(&mut state, &[Key::Char('S')]),
        vec![Effect::SaveSearch { name: "riv".into(), query: "riv".into() }]
    );
    update(&mut state, Msg::SourcesEdited(Ok("Saved".into())));
    state.focus = Pane::Sources;
    state.source_selected = 3;
    assert_eq!(keys(&mut state, &[Key::Char('d')]), Vec::new(), "asks first");
    assert_eq!(keys(&mut state, &[Key::Char('y')]), vec![Effect::RemoveSearch("Ports".into())]);
    // On a feed, d still asks about removing the feed.
    state.source_selected = 4;
    keys(&mut state, &[Key::Char('d')]);
    assert!(matches!(state.overlay, Some(newsdesk::app::Overlay::ConfirmRemove(_))), "{:?}", state.overlay);
}

#[test]
fn reading_a_story_of_a_saved_search_lowers_its_unread_count_at_once() {
    let mut state = fixtures::loaded_with_searches(120, 40);
    keys(&mut state, &[Key::Char('j'), Key::Char('j'), Key::Char('j'), Key::Enter]);
    let generation = state.list.generation;
    update(&mut state, Msg::StoriesLoaded { generation, offset: 0, total: 5, rows: fixtures::rows() });
    assert_eq!(state.searches[0].unread, 2);
    let effects = keys(&mut state, &[Key::Enter]);
    assert!(effects.contains(&Effect::MarkRead(StoryId(1), true)), "{effects:?}");
    assert_eq!((state.searches[0].unread, state.sources[0].unread), (1, 4));
}
