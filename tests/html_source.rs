//! Sources without a feed: a front page's story links, followed and extracted, over HTTP.

mod common;

use common::{fixture, run};
use newsdesk::demo::server::{Response, Server};
use std::collections::HashMap;

fn story_page(title: &str, date: &str) -> String {
    String::from_utf8(fixture("pages/chrome-news.html"))
        .expect("utf8")
        .replace("Harbour authority approves new ferry terminal", title)
        .replace("2026-10-14T09:30:00+02:00", date)
}

fn front(base: &str, count: usize) -> String {
    let mut cards = String::new();
    for i in 0..count {
        cards.push_str(&format!(
            "<div class=\"card\"><h3><a href=\"{base}/2026/11/2{}/story-number-{i}-about-the-harbour\">Story number {i} about the harbour</a></h3></div>",
            i % 7
        ));
    }
    format!(
        "<html><head><title>Lakeside Courier</title></head><body><nav><a href=\"/news/\">News</a><a href=\"/login\">Sign in</a></nav>\
         <main class=\"grid\">{cards}</main><footer><a href=\"/about\">About</a></footer></body></html>"
    )
}

#[test]
fn a_front_page_becomes_stories_with_their_own_titles() {
    let server = Server::start(HashMap::new()).expect("server");
    let base = server.base_url();
    server.set("/", Response::ok("text/html; charset=utf-8", front(&base, 4)));
    for i in 0..4 {
        let path = format!("/2026/11/2{}/story-number-{i}-about-the-harbour", i % 7);
        if i == 3 {
            server.set(&path, Response::status(500));
        } else {
            server.set(
                &path,
                Response::ok(
                    "text/html",
                    story_page(&format!("The real headline {i}"), &format!("2026-11-2{i}T10:00:00Z")),
                ),
            );
        }
    }
    let dir = tempfile::tempdir().expect("tmp");
    let config = common::write_config(dir.path(), &[], "");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str(&format!("[[source]]\nurl = \"{base}/\"\ntitle = \"Courier front\"\nkind = \"html\"\n"));
    std::fs::write(&config, text).expect("config");

    let out = run(dir.path(), &["refresh"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("Courier front: 4 new"), "{}", out.stdout);
    assert!(out.stdout.contains("full text: 3 of 4 pages extracted, 1 failed"), "{}", out.stdout);
    let list: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["list", "--json"]).stdout).expect("json");
    let stories = list.as_array().expect("array");
    let titles: Vec<&str> = stories.iter().filter_map(|s| s["title"].as_str()).collect();
    assert!(titles.contains(&"The real headline 0"), "{titles:?}");
    assert!(
        titles.contains(&"Story number 3 about the harbour"),
        "a page that failed keeps its link text: {titles:?}"
    );
    let first = stories.iter().find(|s| s["title"] == "The real headline 1").expect("story");
    assert_eq!(first["published"], "2026-11-21T10:00:00+00:00");
    assert_eq!(first["author"], "Ada Brook");
    assert!(first["full_text"].as_str().is_some_and(|t| t.contains("wooden pier")));

    // Unchanged front page: a 304, nothing fetched again but the failed page.
    let before: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    run(dir.path(), &["refresh"]);
    let after: Vec<String> = server.requests().iter().skip(before.len()).map(|r| r.path.clone()).collect();
    assert_eq!(
        after,
        vec!["/".to_string(), "/2026/11/23/story-number-3-about-the-harbour".to_string()],
        "{after:?}"
    );
}

#[test]
fn at_most_max_pages_are_fetched_per_poll_and_preview_explains() {
    let server = Server::start(HashMap::new()).expect("server");
    let base = server.base_url();
    server.set("/", Response::ok("text/html", front(&base, 30)));
    let dir = tempfile::tempdir().expect("tmp");
    let config = common::write_config(dir.path(), &[], "");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str(&format!("[[source]]\nurl = \"{base}/\"\nkind = \"html\"\nmax_pages = 5\n"));
    std::fs::write(&config, text).expect("config");
    let out = run(dir.path(), &["refresh"]);
    assert!(out.stdout.contains(": 30 new"), "{}", out.stdout);
    let story_fetches = server.requests().iter().filter(|r| r.path != "/").count();
    assert_eq!(story_fetches, 5);

    let preview = run(dir.path(), &["preview-source", &format!("{base}/")]);
    assert!(preview.stdout.contains("30 story links"), "{}", preview.stdout);
    assert!(
        preview.stdout.contains("(date in path, long slug, headline-length anchor, repeated card layout)"),
        "{}",
        preview.stdout
    );
    let urls = run(
        dir.path(),
        &["preview-source", &format!("{base}/"), "--urls-only", "--link-pattern", "/2026/11/20/"],
    );
    let lines: Vec<&str> = urls.stdout.lines().collect();
    assert!(
        !lines.is_empty() && lines.iter().all(|l| l.starts_with(&base) && l.contains("/2026/11/20/")),
        "{}",
        urls.stdout
    );

    // A saved page whose stories live on another site of its publisher, named with --also-site.
    let saved = dir.path().join("sister.html");
    std::fs::write(
        &saved,
        "<main><a href=\"https://www.example.co.uk/2026/11/26/story-on-the-sister-site\">A headline long enough to be a story</a></main>",
    )
    .expect("page");
    let preview = |extra: &[&str]| {
        let mut args = vec![
            "preview-source",
            "--file",
            saved.to_str().expect("path"),
            "--url",
            "https://news.example.com/",
            "--urls-only",
        ];
        args.extend_from_slice(extra);
        run(dir.path(), &args).stdout
    };
    assert_eq!(preview(&[]), "");
    assert_eq!(
        preview(&["--also-site", "example.co.uk"]),
        "https://www.example.co.uk/2026/11/26/story-on-the-sister-site\n"
    );

    let bad = run(dir.path(), &["preview-source", &format!("{base}/"), "--link-selector", "[[["]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("bad link_selector"), "{}", bad.stderr);
}

#[test]
fn add_offers_html_when_there_is_no_feed() {
    let server = Server::start(HashMap::new()).expect("server");
    server.set("/", Response::ok("text/html", front(&server.base_url(), 3)));
    let dir = tempfile::tempdir().expect("tmp");
    common::write_config(dir.path(), &[], "");
    let offer = run(dir.path(), &["add", &server.url("/")]);
    assert_eq!(offer.code, 1);
    assert!(offer.stderr.contains("add it with --html"), "{}", offer.stderr);
    assert_eq!(run(dir.path(), &["add", &server.url("/"), "--html"]).code, 0);
    let config = std::fs::read_to_string(dir.path().join("config.toml")).expect("config");
    assert!(config.contains(&format!("url = \"{}\"\nkind = \"html\"", server.url("/"))), "{config}");
    let bad = "[[source]]\nurl = \"https://x.example/\"\nlink_pattern = \"(\"\n";
    std::fs::write(dir.path().join("config.toml"), bad).expect("write");
    let out = run(dir.path(), &["sources"]);
    assert!(
        out.stderr.contains("source[1].link_pattern: only for a source with kind = \"html\""),
        "{}",
        out.stderr
    );
}

#[test]
fn rotating_links_do_not_grow_the_library_without_end() {
    use newsdesk::domain::{FeedItem, ParsedFeed, PollOutcome, SourceSpec};
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = newsdesk::store::Store::open(&dir.path().join("lib.db")).expect("open");
    let spec = SourceSpec {
        url: "https://rotating.example/".into(),
        html: Some(Default::default()),
        ..Default::default()
    };
    store.sync_sources(&[spec]).expect("sync");
    let id = store.sources().expect("sources")[0].id;
    let start = chrono::Utc::now() - chrono::Duration::days(10);
    for poll in 0..8 {
        let items = (0..100)
            .map(|i| FeedItem {
                url: Some(format!("https://rotating.example/story/{poll}-{i}-with-a-session-id")),
                title: format!("Story {poll}-{i}").into(),
                teaser: true,
                ..FeedItem::default()
            })
            .collect();
        let feed = ParsedFeed { title: None, site_url: None, items, ..Default::default() };
        let outcome = PollOutcome::Fetched {
            feed,
            validators: Default::default(),
            status: newsdesk::domain::HttpStatus { code: 200, text: "200 OK".into() },
            meta: Default::default(),
        };
        let at = start + chrono::Duration::hours(poll);
        store.record_poll(id, &outcome, at).expect("record");
        store.apply_retention(at, Default::default()).expect("retention");
    }
    let kept = store.sources().expect("sources")[0].items;
    assert_eq!(kept, newsdesk::store::HTML_KEEP_COUNT, "800 links seen, the newest kept");
}
