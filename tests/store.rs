//! The library on real SQLite files.

use newsdesk::domain::PollOutcome;
use newsdesk::domain::{FeedItem, ParsedFeed, SourceSpec, StoryFilter, Validators};
use newsdesk::store::Store;

fn feed(n: usize, prefix: &str) -> PollOutcome {
    let items = (0..n)
        .map(|i| FeedItem {
            guid: Some(format!("{prefix}-{i}")),
            url: Some(format!("http://example.org/{prefix}/{i}")),
            title: format!("{prefix} story {i}").into(),
            published: chrono::DateTime::from_timestamp(1_700_000_000 + i as i64 * 60, 0),
            content: Some(format!("<p>Body {i}</p>")),
            ..FeedItem::default()
        })
        .collect();
    PollOutcome::Fetched {
        feed: ParsedFeed {
            title: Some(format!("{prefix} feed").into()),
            site_url: None,
            items,
            ..Default::default()
        },
        validators: Validators { etag: Some("\"v1\"".into()), last_modified: None },
        status: newsdesk::domain::HttpStatus { code: 200, text: "200 OK".into() },
        meta: Default::default(),
    }
}

fn spec(url: &str) -> SourceSpec {
    SourceSpec { url: url.into(), title: None, folder: Some("News".into()), ..Default::default() }
}

#[test]
fn schema_version_is_set_and_reopening_keeps_everything() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("nested/dir/library.db");
    {
        let mut store = Store::open(&path).expect("open");
        store.sync_sources(&[spec("http://a.example/feed")]).expect("sync");
        let id = store.sources().expect("sources")[0].id;
        let changes = store.record_poll(id, &feed(5, "a"), chrono::Utc::now()).expect("record");
        assert_eq!(changes.new, 5);
        let first = store.stories(&StoryFilter::default(), 0, 1).expect("page")[0].id;
        assert!(store.set_bookmarked(first, true, chrono::Utc::now()).expect("bookmark"));
        assert!(store.set_read(first, true).expect("read"));
    }
    let store = Store::open(&path).expect("reopen");
    let sources = store.sources().expect("sources");
    assert_eq!((sources[0].items, sources[0].unread), (5, 4));
    assert_eq!(sources[0].title, "a feed");
    assert_eq!(store.validators(sources[0].id).expect("validators").etag.as_deref(), Some("\"v1\""));
    let marked =
        store.stories(&StoryFilter { bookmarked_only: true, ..StoryFilter::default() }, 0, 10).expect("bm");
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].title, "a story 4", "newest story was bookmarked");
}

#[test]
fn lists_are_read_a_page_at_a_time_newest_first() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("l.db")).expect("open");
    store.sync_sources(&[spec("http://a.example/feed"), spec("http://b.example/feed")]).expect("sync");
    let ids: Vec<_> = store.sources().expect("sources").iter().map(|s| s.id).collect();
    store.record_poll(ids[0], &feed(250, "a"), chrono::Utc::now()).expect("a");
    store.record_poll(ids[1], &feed(10, "b"), chrono::Utc::now()).expect("b");
    let all = StoryFilter::default();
    assert_eq!(store.count(&all).expect("count"), 260);
    let page = store.stories(&all, 100, 50).expect("page");
    assert_eq!(page.len(), 50);
    let times: Vec<_> = page.iter().map(|r| r.published).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "sorted newest first");
    let only_b = StoryFilter { source: Some(ids[1]), ..StoryFilter::default() };
    assert_eq!(store.count(&only_b).expect("count b"), 10);
    assert!(store.stories(&only_b, 0, 100).expect("b").iter().all(|r| r.title.starts_with("b ")));
    let unread = StoryFilter { unread_only: true, ..StoryFilter::default() };
    let first = store.stories(&all, 0, 1).expect("first")[0].id;
    store.set_read(first, true).expect("read");
    assert_eq!(store.count(&unread).expect("unread"), 259);
}

#[test]
fn bookmarks_survive_the_source_leaving_the_config() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("b.db");
    let mut store = Store::open(&path).expect("open");
    store.sync_sources(&[spec("http://a.example/feed")]).expect("sync");
    let id = store.sources().expect("sources")[0].id;
    store.record_poll(id, &feed(3, "a"), chrono::Utc::now()).expect("record");
    let story = store.stories(&StoryFilter::default(), 0, 1).expect("page")[0].id;
    store.set_bookmarked(story, true, chrono::Utc::now()).expect("bookmark");
    store.sync_sources(&[spec("http://other.example/feed")]).expect("resync");
    drop(store);
    let store = Store::open(&path).expect("reopen");
    assert!(store.sources().expect("sources").iter().all(|s| s.url != "http://a.example/feed"));
    let marked =
        store.stories(&StoryFilter { bookmarked_only: true, ..StoryFilter::default() }, 0, 10).expect("bm");
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0].source, "a feed");
    assert!(
        store.story(story).expect("story").is_some_and(|s| s.content.as_deref() == Some("<p>Body 2</p>"))
    );
}

#[test]
fn a_failed_poll_keeps_stories_and_records_the_error() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&[spec("http://a.example/feed")]).expect("sync");
    let id = store.sources().expect("sources")[0].id;
    store.record_poll(id, &feed(4, "a"), chrono::Utc::now()).expect("record");
    let failed = PollOutcome::Failed {
        failure: newsdesk::domain::PollFailure::Timeout,
        error: "timed out after 30 s".into(),
        retry_after: None,
    };
    store.record_poll(id, &failed, chrono::Utc::now()).expect("record failure");
    let source = &store.sources().expect("sources")[0];
    assert_eq!(source.items, 4);
    assert_eq!(source.last_error.as_deref(), Some("timed out after 30 s"));
    assert_eq!(store.validators(id).expect("validators").etag.as_deref(), Some("\"v1\""));
}

#[test]
fn a_library_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("future.db");
    drop(Store::open(&path).expect("create"));
    let conn = rusqlite_like_bump(&path);
    assert!(conn, "bumped the version");
    let error = Store::open(&path).err().expect("refused").to_string();
    assert!(error.contains("newer newsdesk"), "{error}");
}

/// Sets user_version to 99 with the sqlite3-compatible file format, through the store's own
/// dependency, so the test needs no other tool.
fn rusqlite_like_bump(path: &std::path::Path) -> bool {
    // The header field user_version is the 4 bytes at offset 60, big-endian.
    let mut bytes = std::fs::read(path).expect("read db");
    if bytes.len() < 64 {
        return false;
    }
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(path, bytes).expect("write db");
    true
}

#[test]
fn retention_removes_only_old_stories_that_left_the_feed_and_never_bookmarks() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("r.db")).expect("open");
    let mut keep_three = spec("http://k.example/feed");
    keep_three.keep = newsdesk::domain::Retention { days: None, count: Some(3) };
    store.sync_sources(&[spec("http://a.example/feed"), keep_three]).expect("sync");
    let ids: Vec<_> = store.sources().expect("sources").iter().map(|s| s.id).collect();
    let t0 = chrono::DateTime::from_timestamp(1_800_000_000, 0).expect("time");
    // Ten stories, all in the feed: nothing may go, whatever the limits.
    store.record_poll(ids[0], &feed(10, "a"), t0).expect("a");
    store.record_poll(ids[1], &feed(10, "k"), t0).expect("k");
    let everything = newsdesk::domain::Retention { days: Some(1), count: Some(1) };
    assert_eq!(
        store.apply_retention(t0, everything).expect("retention"),
        0,
        "stories still in the feed stay"
    );
    // The feeds now carry only their two newest items; the rest left.
    let later = t0 + chrono::Duration::days(30);
    let two = |prefix: &str| {
        let mut outcome = feed(10, prefix);
        if let PollOutcome::Fetched { feed, .. } = &mut outcome {
            feed.items.drain(..8);
        }
        outcome
    };
    store.record_poll(ids[0], &two("a"), later).expect("a again");
    store.record_poll(ids[1], &two("k"), later).expect("k again");
    let oldest_a = store
        .stories(&StoryFilter { source: Some(ids[0]), ..StoryFilter::default() }, 9, 1)
        .expect("oldest")[0]
        .id;
    store.set_bookmarked(oldest_a, true, later).expect("bookmark");
    // Defaults: a week. Source k keeps its 3 newest instead.
    let removed = store
        .apply_retention(later, newsdesk::domain::Retention { days: Some(7), count: None })
        .expect("retention");
    let count = |id| store.count(&StoryFilter { source: Some(id), ..StoryFilter::default() }).expect("count");
    assert_eq!(count(ids[0]), 3, "two in the feed and one bookmark");
    assert_eq!(count(ids[1]), 3, "the three newest");
    assert_eq!(removed, 7 + 7);
    assert!(store.story(oldest_a).expect("story").is_some());
    // What retention removed is no longer found by a search, nor counted by one.
    let search = |words: &str| {
        let filter = newsdesk::domain::query::parse(words).expect("query").filter();
        let found = store.stories(&filter, 0, 100).expect("search").len();
        (found, store.count(&filter).expect("count"))
    };
    assert_eq!(search("story"), (6, 6), "two in each feed, one bookmark, k's third newest");
    assert_eq!(search("\"k story 0\""), (0, 0), "removed by k's count");
}

#[test]
fn saved_searches_count_their_stories_and_follow_reading() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).expect("open");
    store.sync_sources(&[spec("http://a.example/feed"), spec("http://b.example/feed")]).expect("sync");
    let ids: Vec<_> = store.sources().expect("sources").iter().map(|s| s.id).collect();
    store.record_poll(ids[0], &feed(4, "alpha"), chrono::Utc::now()).expect("a");
    store.record_poll(ids[1], &feed(3, "beta"), chrono::Utc::now()).expect("b");
    assert!(!store.save_search("Alphas", "alpha").expect("save"));
    assert!(!store.save_search("unread b", "beta is:unread").expect("save"));
    let counts = |store: &Store| -> Vec<(String, usize, usize)> {
        let searches = store.saved_searches().expect("searches");
        searches.into_iter().map(|s| (s.name.into_string(), s.total, s.unread)).collect()
    };
    assert_eq!(counts(&store), vec![("Alphas".into(), 4, 4), ("unread b".into(), 3, 3)]);
    let beta = StoryFilter { source: Some(ids[1]), ..StoryFilter::default() };
    let first_b = store.stories(&beta, 0, 1).expect("b")[0].id;
    store.set_read(first_b, true).expect("read");
    assert_eq!(counts(&store)[1], ("unread b".into(), 2, 2), "an is:unread search loses what was read");
    // The same search asked again after a refresh finds the new stories too.
    let alpha = newsdesk::domain::query::parse("alpha").expect("query").filter();
    assert_eq!(store.count(&alpha).expect("count"), 4);
    store.record_poll(ids[0], &feed(6, "alpha"), chrono::Utc::now()).expect("two more");
    assert_eq!(store.count(&alpha).expect("count"), 6);
    assert_eq!(store.stories(&alpha, 0, 10).expect("list").len(), 6);
    // The same name in other case replaces the query; the order stays.
    assert!(store.save_search("ALPHAS", "\"alpha story 1\"").expect("replace"));
    drop(store);
    let mut store = Store::open(&path).expect("reopen");
    assert_eq!(counts(&store)[0], ("Alphas".into(), 1, 1), "kept on disk under its first spelling");
    assert!(store.remove_search("alphas").expect("remove"));
    assert!(!store.remove_search("alphas").expect("again"), "nothing left to remove");
    assert_eq!(counts(&store).len(), 1);
}

#[test]
fn mark_all_read_follows_the_filter_and_counts_stay_right() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&[spec("http://a.example/feed"), spec("http://b.example/feed")]).expect("sync");
    let ids: Vec<_> = store.sources().expect("sources").iter().map(|s| s.id).collect();
    store.record_poll(ids[0], &feed(4, "a"), chrono::Utc::now()).expect("a");
    store.record_poll(ids[1], &feed(3, "b"), chrono::Utc::now()).expect("b");
    let only_a = StoryFilter { source: Some(ids[0]), ..StoryFilter::default() };
    assert_eq!(store.mark_all_read(&only_a).expect("mark"), 4);
    assert_eq!(store.mark_all_read(&only_a).expect("again"), 0, "already read");
    let sources = store.sources().expect("sources");
    assert_eq!((sources[0].unread, sources[1].unread), (0, 3));
    let searched = StoryFilter { text: Some("\"story\"* \"1\"".into()), ..StoryFilter::default() };
    assert_eq!(store.mark_all_read(&searched).expect("search"), 1, "only b's story 1 was unread and matches");
    assert_eq!(store.sources().expect("sources")[1].unread, 2);
}

#[test]
fn a_search_sees_stories_another_process_stored_since() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("shared.db");
    let mut reader = Store::open(&path).expect("open");
    reader.sync_sources(&[spec("http://a.example/feed")]).expect("sync");
    let id = reader.sources().expect("sources")[0].id;
    reader.record_poll(id, &feed(3, "gamma"), chrono::Utc::now()).expect("three");
    let gamma = newsdesk::domain::query::parse("gamma").expect("query").filter();
    assert_eq!(reader.count(&gamma).expect("count"), 3);
    // A refresh from another process, on its own connection.
    let mut cron = Store::open(&path).expect("second connection");
    cron.record_poll(id, &feed(5, "gamma"), chrono::Utc::now()).expect("two more");
    assert_eq!(reader.count(&gamma).expect("count"), 5);
    assert_eq!(reader.stories(&gamma, 0, 10).expect("list").len(), 5);
}

#[test]
fn searches_with_few_and_many_matches_list_newest_first() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&[spec("http://a.example/feed")]).expect("sync");
    let id = store.sources().expect("sources")[0].id;
    // 2,500 stories: more matches than a search looks up one by one.
    store.record_poll(id, &feed(2500, "delta"), chrono::Utc::now()).expect("many");
    for (query, total) in [("delta", 2500), ("\"delta story 7\"", 1)] {
        let filter = newsdesk::domain::query::parse(query).expect("query").filter();
        assert_eq!(store.count(&filter).expect("count"), total, "{query}");
        let first = store.stories(&filter, 0, 3).expect("page");
        let newest_first = first.windows(2).all(|w| w[0].id > w[1].id);
        assert!(newest_first, "{query}: {:?}", first.iter().map(|r| r.id).collect::<Vec<_>>());
    }
    let many = newsdesk::domain::query::parse("delta").expect("query").filter();
    let titles: Vec<String> =
        store.stories(&many, 0, 2).expect("page").into_iter().map(|r| r.title.into_string()).collect();
    assert_eq!(titles, vec!["delta story 2499", "delta story 2498"]);
    let last = store.stories(&many, 2499, 5).expect("last page");
    assert_eq!(last.iter().map(|r| r.title.as_str()).collect::<Vec<_>>(), vec!["delta story 0"]);
}

#[test]
fn dates_that_cannot_be_true_become_unknown() {
    let mut store = Store::open_in_memory().expect("open");
    store.sync_sources(&[spec("http://a.example/feed")]).expect("sync");
    let id = store.sources().expect("sources")[0].id;
    let mut outcome = feed(3, "d");
    if let PollOutcome::Fetched { feed, .. } = &mut outcome {
        feed.items[0].published =
            chrono::DateTime::parse_from_rfc3339("0000-01-01T00:00:00Z").ok().map(|d| d.to_utc());
        feed.items[1].published =
            chrono::DateTime::parse_from_rfc3339("2999-01-01T00:00:00Z").ok().map(|d| d.to_utc());
    }
    store.record_poll(id, &outcome, chrono::Utc::now()).expect("record");
    let rows = store.stories(&newsdesk::domain::StoryFilter::default(), 0, 10).expect("stories");
    let date_of = |title: &str| rows.iter().find(|r| r.title == title).and_then(|r| r.published);
    assert_eq!(date_of("d story 0"), None, "year 0");
    assert_eq!(date_of("d story 1"), None, "a thousand years ahead");
    assert!(date_of("d story 2").is_some(), "a real date stays");
}

#[test]
fn an_item_the_library_refuses_costs_only_itself() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("lib.db");
    let mut store = Store::open(&path).expect("open");
    store.sync_sources(&[spec("http://a.example/feed")]).expect("sync");
    let id = store.sources().expect("sources")[0].id;
    // Another program's trigger stands in for whatever makes one row impossible to write.
    let other = rusqlite::Connection::open(&path).expect("second connection");
    other
        .execute_batch(
            "CREATE TRIGGER poison BEFORE INSERT ON stories WHEN NEW.title = 'p story 1'
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .expect("trigger");
    drop(other);
    let changes = store.record_poll(id, &feed(4, "p"), chrono::Utc::now()).expect("the poll is stored");
    assert_eq!((changes.new, changes.skipped), (3, 1));
    let titles: Vec<String> = store
        .stories(&StoryFilter::default(), 0, 10)
        .expect("stories")
        .into_iter()
        .map(|r| r.title.into_string())
        .collect();
    assert!(!titles.contains(&"p story 1".to_string()) && titles.len() == 3, "{titles:?}");
}
