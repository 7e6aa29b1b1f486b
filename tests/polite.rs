//! Polling politely and surviving hostile servers, against real loopback servers.

mod common;

use common::fixture;
use newsdesk::demo::server::{Response, Server};
use newsdesk::domain::RefreshScope;
use newsdesk::domain::{PollOutcome, SourceSpec};
use newsdesk::fetch::host_gate::{HostGate, Politeness};
use newsdesk::fetch::http::{Fetcher, HttpSettings};
use newsdesk::store::Store;
use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};

fn spec(url: String) -> SourceSpec {
    SourceSpec { url, title: None, folder: None, ..Default::default() }
}

fn feed() -> Response {
    Response::ok("application/rss+xml", fixture("rss2.xml"))
}

/// Polls `due` sources of `store`; returns (url, error) in completion order.
fn poll(
    store: &mut Store,
    due: &RefreshScope,
    settings: HttpSettings,
    politeness: Politeness,
) -> Vec<(String, Option<String>)> {
    let fetcher = Fetcher::new(settings).expect("client");
    let gate = HostGate::new(politeness);
    let targets = store.poll_targets(due, chrono::Utc::now()).expect("targets");
    let urls: HashMap<_, _> = targets.iter().map(|t| (t.id, t.url.clone())).collect();
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("rt");
    let mut results = Vec::new();
    runtime.block_on(newsdesk::fetch::poll::poll_all(&fetcher, &gate, targets, 32, |id, outcome| {
        store.record_poll(id, &outcome, chrono::Utc::now()).expect("record");
        let error = match outcome {
            PollOutcome::Failed { error, .. } => Some(error),
            _ => None,
        };
        results.push((urls[&id].clone(), error));
    }));
    results
}

fn store_with(urls: &[String]) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("lib.db")).expect("open");
    store.sync_sources(&urls.iter().cloned().map(spec).collect::<Vec<_>>()).expect("sync");
    (dir, store)
}

fn error_of(results: &[(String, Option<String>)], path: &str) -> String {
    results.iter().find(|(u, _)| u.ends_with(path)).and_then(|(_, e)| e.clone()).unwrap_or_default()
}

#[test]
fn retry_after_holds_a_source_back_until_forced() {
    let server = Server::start(HashMap::new()).expect("server");
    server.set("/busy.xml", Response::status(429).header("Retry-After", "120"));
    server.set("/garbage.xml", Response::status(503).header("Retry-After", "-7 or so"));
    server.set("/fine.xml", feed());
    let urls: Vec<String> =
        ["/busy.xml", "/garbage.xml", "/fine.xml"].iter().map(|p| server.url(p)).collect();
    let (_dir, mut store) = store_with(&urls);
    let results = poll(&mut store, &RefreshScope::All, HttpSettings::default(), Politeness::default());
    assert_eq!(
        error_of(&results, "/busy.xml"),
        "the server answered 429 Too Many Requests; it asks to wait 120 s"
    );
    assert_eq!(error_of(&results, "/garbage.xml"), "the server answered 503 Service Unavailable");
    let again: Vec<String> = store
        .poll_targets(&RefreshScope::All, chrono::Utc::now())
        .expect("targets")
        .into_iter()
        .map(|t| t.url)
        .collect();
    assert!(!again.iter().any(|u| u.ends_with("/busy.xml")), "held back: {again:?}");
    assert!(again.iter().any(|u| u.ends_with("/garbage.xml")), "garbage Retry-After asks nothing");
    let due_now: Vec<String> = store
        .poll_targets(&RefreshScope::Due, chrono::Utc::now())
        .expect("due")
        .into_iter()
        .map(|t| t.url)
        .collect();
    assert!(due_now.is_empty(), "failures back off and successes wait their interval: {due_now:?}");
    let forced = store.poll_targets(&RefreshScope::Forced, chrono::Utc::now()).expect("forced");
    assert_eq!(forced.len(), 3);
    let held = store.held_back(chrono::Utc::now()).expect("held");
    assert_eq!(held.len(), 1);
    let wait = (held[0].1 - chrono::Utc::now()).num_seconds();
    assert!((110..=121).contains(&wait), "{wait}");
}

#[test]
fn permanent_redirects_move_the_source_and_temporary_ones_do_not() {
    let server = Server::start(HashMap::new()).expect("server");
    server.set("/old.xml", Response::status(301).header("Location", "/new.xml"));
    server.set("/new.xml", feed());
    server.set("/away.xml", Response::status(302).header("Location", "/elsewhere.xml"));
    server.set("/elsewhere.xml", feed());
    let urls = vec![server.url("/old.xml"), server.url("/away.xml")];
    let (_dir, mut store) = store_with(&urls);
    let first = poll(&mut store, &RefreshScope::Forced, HttpSettings::default(), Politeness::default());
    assert!(first.iter().all(|(_, e)| e.is_none()), "{first:?}");
    let targets: Vec<String> = store
        .poll_targets(&RefreshScope::Forced, chrono::Utc::now())
        .expect("targets")
        .into_iter()
        .map(|t| t.url)
        .collect();
    assert!(targets.contains(&server.url("/new.xml")), "{targets:?}");
    assert!(targets.contains(&server.url("/away.xml")), "{targets:?}");
    poll(&mut store, &RefreshScope::Forced, HttpSettings::default(), Politeness::default());
    let paths: Vec<String> = server.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths.iter().filter(|p| *p == "/old.xml").count(), 1, "{paths:?}");
    assert_eq!(paths.iter().filter(|p| *p == "/away.xml").count(), 2, "{paths:?}");
    // The configured address stays the source's name.
    assert!(store.sources().expect("sources").iter().any(|s| s.url == server.url("/old.xml")));
}

#[test]
fn bad_redirects_fail_with_clear_messages_and_masked_credentials() {
    let server = Server::start(HashMap::new()).expect("server");
    server.set("/a.xml", Response::status(302).header("Location", "/b.xml"));
    server.set("/b.xml", Response::status(302).header("Location", "/a.xml"));
    server.set("/file.xml", Response::status(301).header("Location", "file:///etc/passwd"));
    server.set("/ftp.xml", Response::status(302).header("Location", "ftp://bob:hunter2@example.org/feed"));
    for i in 0..8 {
        server.set(
            &format!("/chain{i}.xml"),
            Response::status(307).header("Location", &format!("/chain{}.xml", i + 1)),
        );
    }
    let urls: Vec<String> =
        ["/a.xml", "/file.xml", "/ftp.xml", "/chain0.xml"].iter().map(|p| server.url(p)).collect();
    let (_dir, mut store) = store_with(&urls);
    let results = poll(&mut store, &RefreshScope::Forced, HttpSettings::default(), Politeness::default());
    assert_eq!(error_of(&results, "/a.xml"), format!("redirect loop at {}", server.url("/a.xml")));
    assert_eq!(error_of(&results, "/file.xml"), "redirected to a non-http(s) address: file:///etc/passwd");
    assert_eq!(
        error_of(&results, "/ftp.xml"),
        "redirected to a non-http(s) address: ftp://***@example.org/feed"
    );
    assert_eq!(error_of(&results, "/chain0.xml"), "more than 5 redirects");
    assert!(!server.requests().iter().any(|r| r.path == "/chain7.xml"));
}

#[test]
fn slow_truncated_and_bombed_bodies_fail_within_the_deadline() {
    let server = Server::start(HashMap::new()).expect("server");
    server.set("/good.xml", feed());
    server.set("/drip.xml", feed().dripping(Duration::from_millis(20)));
    server.set("/silent.xml", feed().delayed(Duration::from_secs(30)));
    server.set(
        "/short.xml",
        Response::ok("application/xml", &fixture("rss2.xml")[..300]).header("Content-Length", "5000"),
    );
    let mut deflate = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..64 {
        deflate.write_all(&vec![b' '; 1 << 20]).expect("deflate");
    }
    server.set(
        "/deflate.xml",
        Response::ok("application/xml", deflate.finish().expect("bomb"))
            .header("Content-Encoding", "deflate"),
    );
    let urls: Vec<String> = ["/good.xml", "/drip.xml", "/silent.xml", "/short.xml", "/deflate.xml"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    let (_dir, mut store) = store_with(&urls);
    let settings =
        HttpSettings { timeout: Duration::from_secs(2), max_body_bytes: 4 << 20, ..HttpSettings::default() };
    let started = Instant::now();
    let results = poll(&mut store, &RefreshScope::Forced, settings, Politeness::default());
    assert!(started.elapsed() < Duration::from_secs(10), "every source ends within its deadline");
    assert_eq!(error_of(&results, "/good.xml"), "");
    assert!(error_of(&results, "/drip.xml").starts_with("body too slow: "), "{results:?}");
    assert_eq!(error_of(&results, "/silent.xml"), "no answer in 2 s");
    assert!(error_of(&results, "/short.xml").starts_with("the body could not be read"), "{results:?}");
    assert_eq!(error_of(&results, "/deflate.xml"), "the body is larger than 4 MiB");
    let sources = store.sources().expect("sources");
    for path in ["/drip.xml", "/short.xml"] {
        let source = sources.iter().find(|s| s.url.ends_with(path)).expect("source");
        assert_eq!(source.items, 0, "{path}: nothing stored from a body that did not arrive whole");
    }
}

#[test]
fn per_host_limit_holds_and_a_slow_source_delays_nobody() {
    let busy = Server::start(HashMap::new()).expect("server");
    for i in 0..8 {
        busy.set(&format!("/f{i}.xml"), feed().delayed(Duration::from_millis(200)));
    }
    let slow = Server::start(HashMap::new()).expect("server");
    slow.set("/slow.xml", feed().delayed(Duration::from_secs(3)));
    let mut urls: Vec<String> = vec![slow.url("/slow.xml")];
    urls.extend((0..8).map(|i| busy.url(&format!("/f{i}.xml"))));
    let (_dir, mut store) = store_with(&urls);
    let politeness = Politeness { per_host: 2, spacing: Duration::from_millis(10) };
    let results = poll(&mut store, &RefreshScope::Forced, HttpSettings::default(), politeness);
    // Two slots and 200 ms answers: any three requests in a row span at least one answer.
    let mut arrivals: Vec<Instant> = busy.requests().iter().map(|r| r.received).collect();
    arrivals.sort();
    assert_eq!(arrivals.len(), 8);
    for three in arrivals.windows(3) {
        assert!(
            three[2] - three[0] >= Duration::from_millis(180),
            "three requests at once: {:?}",
            three[2] - three[0]
        );
    }
    assert!(busy.most_in_flight() >= 2, "the two slots were used");
    assert_eq!(
        results.last().map(|(u, _)| u.as_str()),
        Some(slow.url("/slow.xml").as_str()),
        "the slow one ends last"
    );
    assert!(results.iter().all(|(_, e)| e.is_none()));
}

#[test]
fn refresh_json_reports_every_source() {
    let server = Server::start(HashMap::new()).expect("server");
    server.set("/ok.xml", feed());
    server.set("/busy.xml", Response::status(429).header("Retry-After", "600"));
    let dir = tempfile::tempdir().expect("tmp");
    common::write_config(dir.path(), &[server.url("/ok.xml"), server.url("/busy.xml")], "");
    let out = common::run(dir.path(), &["refresh", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(
        (report["sources"].as_u64(), report["ok"].as_u64(), report["failed"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(report["new"], 3);
    assert!(report["bytes"].as_u64().is_some_and(|b| b > 500));
    let second = common::run(dir.path(), &["refresh"]);
    assert!(
        second.stdout.contains("wait   127.0.0.1") || second.stdout.contains("wait   "),
        "{}",
        second.stdout
    );
    assert!(
        second.stdout.contains("1 not modified") && second.stdout.contains("1 held back"),
        "{}",
        second.stdout
    );
    let forced = common::run(dir.path(), &["refresh", "--force"]);
    assert!(forced.stdout.contains("429 Too Many Requests"), "{}", forced.stdout);
}

#[test]
fn charsets_empty_feeds_and_conflicting_lengths() {
    let server = Server::start(HashMap::new()).expect("server");
    // windows-1251 bytes, declared only by the HTTP header.
    let mut cyrillic = b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>".to_vec();
    cyrillic.extend_from_slice(
        b"\xcd\xee\xe2\xee\xf1\xf2\xe8</title><link>http://ru.example/</link><description>x</description>",
    );
    cyrillic.extend_from_slice(b"<item><title>\xcf\xf0\xe8\xe2\xe5\xf2</title><link>http://ru.example/1</link></item></channel></rss>");
    server.set("/ru.xml", Response::ok("application/rss+xml; charset=windows-1251", cyrillic));
    server.set("/feed.xml", feed());
    server.set("/twice.xml", feed().header("Content-Length", "10"));
    let urls: Vec<String> = ["/ru.xml", "/feed.xml", "/twice.xml"].iter().map(|p| server.url(p)).collect();
    let (_dir, mut store) = store_with(&urls);
    let results = poll(&mut store, &RefreshScope::Forced, HttpSettings::default(), Politeness::default());
    assert_eq!(error_of(&results, "/ru.xml"), "");
    assert!(!error_of(&results, "/twice.xml").is_empty(), "two different lengths are an error: {results:?}");
    let titles: Vec<String> = store
        .stories(&newsdesk::domain::StoryFilter::default(), 0, 10)
        .expect("stories")
        .into_iter()
        .map(|s| s.title.into_string())
        .collect();
    assert!(titles.contains(&"Привет".to_string()), "{titles:?}");
    assert!(store.sources().expect("sources").iter().any(|s| s.title == "Новости"));
    // The feed empties: its stories stay.
    server.set("/feed.xml", Response::ok("application/rss+xml", "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Lakeside Courier</title><link>http://x/</link><description>x</description></channel></rss>"));
    poll(&mut store, &RefreshScope::Forced, HttpSettings::default(), Politeness::default());
    let lakeside =
        store.sources().expect("sources").into_iter().find(|s| s.url.ends_with("/feed.xml")).expect("source");
    assert_eq!(lakeside.items, 3);
    assert!(lakeside.last_error.is_none());
}

#[test]
fn untitled_sources_never_show_credentials() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("lib.db")).expect("open");
    store.sync_sources(&[spec("https://bob:hunter2@feeds.example/private.xml".into())]).expect("sync");
    let source = &store.sources().expect("sources")[0];
    assert_eq!(source.title, "https://***@feeds.example/private.xml");
}

#[test]
fn a_source_sends_its_own_headers_and_keeps_its_own_interval() {
    let server = Server::start(HashMap::new()).expect("server");
    server.set("/private.xml", feed());
    server.set("/public.xml", feed());
    let dir = tempfile::tempdir().expect("tmp");
    let config = common::write_config(dir.path(), &[server.url("/public.xml")], "");
    let mut text = std::fs::read_to_string(&config).expect("config");
    text.push_str(&format!(
        "[[source]]\nurl = \"{}\"\ninterval = 240\nheaders = {{ Authorization = \"Bearer s3cret\", X-Test = \"1\" }}\n",
        server.url("/private.xml")
    ));
    std::fs::write(&config, text).expect("config");
    assert_eq!(common::run(dir.path(), &["refresh"]).code, 0);
    let requests = server.requests();
    let private = requests.iter().find(|r| r.path == "/private.xml").expect("private polled");
    assert_eq!(private.header("authorization"), Some("Bearer s3cret"));
    assert_eq!(private.header("x-test"), Some("1"));
    let public = requests.iter().find(|r| r.path == "/public.xml").expect("public polled");
    assert_eq!(public.header("authorization"), None, "headers go to their own source only");
    let sources: serde_json::Value =
        serde_json::from_str(&common::run(dir.path(), &["sources", "--json"]).stdout).expect("json");
    let next = |path: &str| {
        let s = sources
            .as_array()
            .expect("array")
            .iter()
            .find(|s| s["url"].as_str().is_some_and(|u| u.ends_with(path)));
        let at = s.and_then(|s| s["next_poll"].as_str()).expect("next poll");
        (chrono::DateTime::parse_from_rfc3339(at).expect("date").to_utc() - chrono::Utc::now()).num_minutes()
    };
    assert!((235..=240).contains(&next("/private.xml")), "{}", next("/private.xml"));
    assert!((25..=30).contains(&next("/public.xml")), "the default interval is 30 minutes");
    let bad = "[[source]]\nurl = \"https://x.example/\"\nheaders = { \"Bad Name\" = \"v\" }\n";
    std::fs::write(&config, bad).expect("config");
    let out = common::run(dir.path(), &["sources"]);
    assert!(out.stderr.contains("source[1].headers: Bad Name is not a valid HTTP header"), "{}", out.stderr);
}

#[test]
fn a_validator_that_changes_on_a_304_is_stored() {
    let server = Server::start(HashMap::new()).expect("server");
    server.set(
        "/feed.xml",
        feed().header("ETag", "\"v1\"").header("Last-Modified", "Mon, 02 Nov 2026 08:00:00 GMT"),
    );
    let (_dir, mut store) = store_with(&[server.url("/feed.xml")]);
    poll(&mut store, &RefreshScope::Forced, HttpSettings::default(), Politeness::default());
    let id = store.sources().expect("sources")[0].id;
    assert_eq!(store.validators(id).expect("v").etag.as_deref(), Some("\"v1\""));
    // The server answers 304 but rotates its ETag, and says nothing of Last-Modified.
    server.set("/feed.xml", Response::status(304).header("ETag", "\"v2\""));
    poll(&mut store, &RefreshScope::Forced, HttpSettings::default(), Politeness::default());
    let validators = store.validators(id).expect("v");
    assert_eq!(validators.etag.as_deref(), Some("\"v2\""));
    assert_eq!(validators.last_modified.as_deref(), Some("Mon, 02 Nov 2026 08:00:00 GMT"), "kept");
    let requests = server.requests();
    assert_eq!(requests[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(requests[1].header("if-modified-since"), Some("Mon, 02 Nov 2026 08:00:00 GMT"));
    assert_eq!(store.sources().expect("sources")[0].items, 3, "a 304 loses nothing");
}
