//! Managing sources from the command line: the config file is edited, comments kept.

mod common;

use common::{fixture, run};
use newsdesk::demo::server::{Response, Server};
use std::collections::HashMap;

fn site() -> Server {
    let server = Server::start(HashMap::new()).expect("server");
    let base = server.base_url();
    server.set("/rss.xml", Response::ok("application/rss+xml", fixture("rss2.xml")));
    server.set("/atom.xml", Response::ok("application/atom+xml", fixture("atom.xml")));
    server.set(
        "/",
        Response::ok(
            "text/html",
            format!(
                r#"<html><head><link rel="alternate" type="application/rss+xml" title="Courier RSS" href="/rss.xml">
                <link rel="alternate" type="application/atom+xml" title="Courier Atom" href="{base}/atom.xml"></head><body>x</body></html>"#
            ),
        ),
    );
    server.set(
        "/blog/",
        Response::ok("text/html", "<html><head><title>No links</title></head><body>hi</body></html>"),
    );
    server.set("/feed", Response::ok("application/rss+xml", fixture("rss091.xml")));
    server
}

fn config_text(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("config.toml")).expect("config")
}

#[test]
fn add_discovers_feeds_and_keeps_comments() {
    let server = site();
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("config.toml"), "# mine\n[general]\nrefresh_on_start = false # quiet\n")
        .expect("write");

    let direct = run(dir.path(), &["add", &server.url("/atom.xml"), "--folder", "Tech"]);
    assert_eq!(direct.code, 0, "{}", direct.stderr);
    let text = config_text(dir.path());
    assert!(text.starts_with("# mine\n[general]\nrefresh_on_start = false # quiet\n"), "{text}");
    assert!(
        text.contains(&format!(
            "url = \"{}\"\ntitle = \"Valley Tech Notes\"\nfolder = \"Tech\"",
            server.url("/atom.xml")
        )),
        "{text}"
    );

    let choose = run(dir.path(), &["add", &server.url("/")]);
    assert_eq!(choose.code, 2);
    assert!(
        choose.stdout.contains("1. Courier RSS") && choose.stdout.contains("2. Courier Atom"),
        "{}",
        choose.stdout
    );
    let duplicate = run(dir.path(), &["add", &server.url("/"), "--pick", "2"]);
    assert_eq!(duplicate.code, 1);
    assert!(duplicate.stderr.contains("is listed already"), "{}", duplicate.stderr);
    assert_eq!(run(dir.path(), &["add", &server.url("/"), "--pick", "1"]).code, 0);
    assert!(
        config_text(dir.path())
            .contains(&format!("url = \"{}\"\ntitle = \"Courier RSS\"", server.url("/rss.xml")))
    );

    let guessed = run(dir.path(), &["add", &server.url("/blog/")]);
    assert_eq!(guessed.code, 0, "{}", guessed.stderr);
    assert!(config_text(dir.path()).contains(&format!("url = \"{}\"", server.url("/feed"))));

    let refused = run(dir.path(), &["add", "file:///etc/passwd"]);
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("only http(s) sources can be added"), "{}", refused.stderr);

    assert_eq!(run(dir.path(), &["rename", "Courier RSS", "The Courier"]).code, 0);
    assert!(config_text(dir.path()).contains("title = \"The Courier\""));
    assert_eq!(run(dir.path(), &["remove", "Valley Tech Notes"]).code, 0);
    assert!(!config_text(dir.path()).contains("atom.xml"));
    let sources = run(dir.path(), &["sources", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&sources.stdout).expect("json");
    assert_eq!(list.as_array().map(Vec::len), Some(2), "{}", sources.stdout);
}

#[test]
fn opml_round_trips_and_refuses_foreign_schemes() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("config.toml"), "[general]\nrefresh_on_start = false\n").expect("write");
    let opml = r#"<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
        <outline text="World"><outline text="Alpha &amp; Co" type="rss" xmlUrl="https://alpha.example/feed"/>
        <outline text="Beta" xmlUrl="http://beta.example/rss"/></outline>
        <outline text="Gamma" xmlUrl="https://gamma.example/atom"/>
        <outline text="Local" xmlUrl="file:///etc/passwd"/><outline text="Run" xmlUrl="exec:rm"/></body></opml>"#;
    let file = dir.path().join("in.opml");
    std::fs::write(&file, opml).expect("write");
    let out = run(dir.path(), &["import-opml", file.to_str().expect("utf8")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("imported 3 sources") && out.stdout.contains("2 refused"), "{}", out.stdout);
    let exported = run(dir.path(), &["export-opml"]).stdout;
    assert!(exported.contains(r#"<outline text="World" title="World">"#), "{exported}");
    assert!(exported.contains("Alpha &amp; Co"), "{exported}");

    let other = tempfile::tempdir().expect("tmp");
    std::fs::write(other.path().join("config.toml"), "[general]\nrefresh_on_start = false\n").expect("write");
    let again = other.path().join("again.opml");
    std::fs::write(&again, &exported).expect("write");
    assert_eq!(run(other.path(), &["import-opml", again.to_str().expect("utf8")]).code, 0);
    let a = newsdesk::config::Config::load(&dir.path().join("config.toml"), true).expect("a").sources;
    let b = newsdesk::config::Config::load(&other.path().join("config.toml"), true).expect("b").sources;
    assert_eq!(a, b, "the export re-imports to the same sources");
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].folder.as_deref(), Some("World"));
}
