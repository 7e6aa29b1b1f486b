//! Teaser feeds get their stories' pages fetched and extracted, over real HTTP.

mod common;

use common::{fixture, run, write_config};
use newsdesk::demo::server::{Response, Server};
use std::collections::HashMap;

fn teaser_feed(base: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Lakeside Briefs</title><link>{base}/</link>
<description>Teasers</description>
<item><title>Harbour authority approves new ferry terminal</title><link>{base}/story.html</link><guid>t1</guid>
<description>The harbour authority approved plans for a new ferry terminal on Tuesday…</description></item>
<item><title>A story whose page is gone</title><link>{base}/gone.html</link><guid>t2</guid>
<description>Read more</description></item>
</channel></rss>"#
    )
}

#[test]
fn teasers_are_completed_from_their_pages() {
    let server = Server::start(HashMap::new()).expect("server");
    let base = server.base_url();
    server.set("/feed.xml", Response::ok("application/rss+xml", teaser_feed(&base)));
    server.set("/story.html", Response::ok("text/html; charset=utf-8", fixture("pages/chrome-news.html")));
    server.set("/gone.html", Response::status(404));
    let dir = tempfile::tempdir().expect("tmp");
    write_config(dir.path(), &[server.url("/feed.xml")], "");

    let out = run(dir.path(), &["refresh"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("full text: 1 of 2 pages extracted, 1 failed"), "{}", out.stdout);
    assert!(out.stdout.contains("the server answered 404 Not Found"), "{}", out.stdout);

    let list: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["list", "--json"]).stdout).expect("json");
    let story = common::titled(&list, "Harbour authority approves new ferry terminal");
    let full = story["full_text"].as_str().expect("full text stored");
    assert!(full.contains("wooden pier at Mill Point"), "{full}");
    assert!(!full.contains("Podcasts") && !full.contains("icon"), "{full}");
    assert_eq!(
        story["summary"], "The harbour authority approved plans for a new ferry terminal on Tuesday…",
        "feed text kept"
    );

    let id = story["id"].as_i64().expect("id").to_string();
    let shown = run(dir.path(), &["show", &id, "--width", "80"]).stdout;
    assert!(shown.lines().nth(1).is_some_and(|l| l.ends_with("· full text")), "{shown}");
    assert!(shown.contains("“We listened to the people who use the ferries every day,”"), "{shown}");

    // Pages already extracted are not fetched again; the failed one is retried.
    let before = server.requests().iter().filter(|r| r.path == "/story.html").count();
    run(dir.path(), &["refresh"]);
    let after = server.requests().iter().filter(|r| r.path == "/story.html").count();
    assert_eq!(before, after);
    assert_eq!(server.requests().iter().filter(|r| r.path == "/gone.html").count(), 2);
}

#[test]
fn never_means_no_page_is_fetched() {
    let server = Server::start(HashMap::new()).expect("server");
    let base = server.base_url();
    server.set("/feed.xml", Response::ok("application/rss+xml", teaser_feed(&base)));
    let dir = tempfile::tempdir().expect("tmp");
    let config = write_config(dir.path(), &[], "");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str(&format!("[[source]]\nurl = \"{}\"\nfull_text = \"never\"\n", server.url("/feed.xml")));
    std::fs::write(&config, text).expect("config");
    let out = run(dir.path(), &["refresh"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stdout.contains("full text:"), "{}", out.stdout);
    assert!(server.requests().iter().all(|r| r.path == "/feed.xml"));
}
