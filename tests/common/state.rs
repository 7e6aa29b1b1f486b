//! A reader state filled through `update`, the way the runtime fills it.

use chrono::{DateTime, TimeZone, Utc};
use newsdesk::app::{AppState, Msg, update};
use newsdesk::config::keymap::Keymap;
use newsdesk::domain::{SavedSearch, Source, SourceId, Story, StoryId, StoryRow};

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).single().expect("date")
}

pub fn sources() -> Vec<Source> {
    let make = |id: i64, title: &str, folder: &str, unread: i64, error: Option<&str>| Source {
        id: SourceId(id),
        url: format!("http://127.0.0.1/{id}.xml"),
        title: title.into(),
        folder: Some(folder.into()),
        site_url: None,
        last_status: Some(if error.is_some() { "timeout" } else { "200 OK" }.into()),
        last_error: error.map(Into::into),
        last_polled: Some(now()),
        last_success: Some(now()),
        items: unread + 3,
        unread,
        fetch_url: None,
        next_poll: Some(now() + chrono::Duration::minutes(30)),
        backoff_until: None,
        consecutive_errors: if error.is_some() { 2 } else { 0 },
        etag: Some("\"abc123\"".into()),
        last_modified: None,
    };
    vec![
        make(1, "Harbor Gazette", "World", 5, None),
        make(2, "Metro Briefs", "World", 2, Some("timed out after 30 s")),
        make(3, "Circuit Weekly", "Technology", 4, None),
    ]
}

pub fn rows() -> Vec<StoryRow> {
    let titles = [
        (1, "Six nations sign river treaty after a decade of talks", 1, 2),
        (2, "City bridge to close for repairs over winter", 2, 5),
        (3, "Laptop maker ships open firmware on its whole range", 3, 26),
        (4, "Dock workers end nine-day strike as port backlog eases", 1, 30),
        (5, "Embedded database adds vector search in new release", 3, 200),
    ];
    titles
        .iter()
        .map(|(id, title, source, hours_ago)| StoryRow {
            id: StoryId(*id),
            source_id: Some(SourceId(*source)),
            source: sources()[(*source - 1) as usize].title.clone(),
            title: (*title).into(),
            url: Some(format!("http://127.0.0.1/articles/{id}.html")),
            published: Some(now() - chrono::Duration::hours(*hours_ago)),
            read: *id == 4,
            bookmarked: *id == 3,
            tags: if *id == 3 { vec!["tech".into()] } else { Vec::new() },
        })
        .collect()
}

pub fn story() -> Story {
    Story {
        source_id: Some(SourceId(1)),
        source: "Harbor Gazette".into(),
        title: "Six nations sign river treaty after a decade of talks".into(),
        url: Some("http://127.0.0.1/articles/1.html".into()),
        author: Some("Marta Quiroga".into()),
        published: Some(now() - chrono::Duration::hours(2)),
        content: Some(
            "<p>Six countries that share the Selva river basin signed a <b>water-sharing treaty</b> on \
             Wednesday, ending more than ten years of negotiations.</p>\
             <blockquote><p>“Nobody got everything they wanted,” said <a href=\"/people/varga\">Elena Varga</a>.</p></blockquote>\
             <h3>What the treaty sets</h3><ul><li>A minimum flow in the dry season</li><li>Inspection of new dams</li></ul>"
                .into(),
        ),
        ..Story::blank(StoryId(1))
    }
}

pub fn searches() -> Vec<SavedSearch> {
    vec![SavedSearch { id: 1, name: "Ports".into(), query: "port is:unread".into(), total: 2, unread: 2 }]
}

/// `loaded`, with saved searches among the sources.
pub fn loaded_with_searches(width: u16, height: u16) -> AppState {
    let mut state = loaded(width, height);
    update(&mut state, Msg::SearchesLoaded(searches()));
    state
}

/// A state with sources and a page of stories loaded, at `width` x `height`.
pub fn loaded(width: u16, height: u16) -> AppState {
    let mut state = AppState::new(Keymap::default(), width, height, now());
    let _ = state.start();
    update(&mut state, Msg::SourcesLoaded { sources: sources(), bookmarks: 1 });
    let generation = state.list.generation;
    update(&mut state, Msg::StoriesLoaded { generation, offset: 0, total: 5, rows: rows() });
    state
}
