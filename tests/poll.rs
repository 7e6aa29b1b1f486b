//! The poller against a real HTTP server on 127.0.0.1, storing into a real SQLite file.

mod common;

use common::{fixture, serve_fixtures};
use newsdesk::demo::server::Response;
use newsdesk::domain::PollOutcome;
use newsdesk::domain::{SourceSpec, StoryFilter};
use newsdesk::fetch::http::{Fetcher, HttpSettings};
use newsdesk::store::Store;
use std::io::Write;
use std::time::Duration;

fn spec(url: String) -> SourceSpec {
    SourceSpec { url, title: None, folder: None, ..Default::default() }
}

/// Per source URL: (new, updated) stories, or the error.
type Results = Vec<(String, Result<(usize, usize), String>)>;

/// Polls every source of `store` once and returns (title, outcome summary) per source.
fn poll(store: &mut Store, settings: HttpSettings) -> Results {
    let fetcher = Fetcher::new(settings).expect("client");
    let targets =
        store.poll_targets(&newsdesk::domain::RefreshScope::Forced, chrono::Utc::now()).expect("targets");
    let gate = newsdesk::fetch::host_gate::HostGate::new(newsdesk::fetch::host_gate::Politeness::default());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let mut results = Vec::new();
    runtime.block_on(newsdesk::fetch::poll::poll_all(&fetcher, &gate, targets, 8, |id, outcome| {
        let changes = store.record_poll(id, &outcome, chrono::Utc::now()).expect("record");
        let url = store.sources().expect("sources").into_iter().find(|s| s.id == id).expect("source").url;
        let summary = match outcome {
            PollOutcome::Failed { error, .. } => Err(error),
            PollOutcome::NotModified { .. } => Ok((0, 0)),
            PollOutcome::Fetched { .. } => Ok((changes.new, changes.updated)),
        };
        results.push((url, summary));
    }));
    results.sort_by(|a, b| a.0.cmp(&b.0));
    results
}

fn titles(store: &Store) -> Vec<String> {
    let mut t: Vec<String> = store
        .stories(&StoryFilter::default(), 0, 1000)
        .expect("stories")
        .into_iter()
        .map(|r| r.title.into_string())
        .collect();
    t.sort();
    t
}

#[test]
fn every_feed_format_is_stored() {
    let names = ["rss2.xml", "atom.xml", "feed.json", "rss1.rdf", "rss091.xml", "entities.xml", "bom.xml"];
    let server = serve_fixtures(&names);
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("lib.db")).expect("open");
    store
        .sync_sources(&names.iter().map(|n| spec(server.url(&format!("/{n}")))).collect::<Vec<_>>())
        .expect("sync");
    let results = poll(&mut store, HttpSettings::default());
    for (url, result) in &results {
        assert!(result.is_ok(), "{url}: {result:?}");
    }
    let all = titles(&store);
    assert_eq!(all.len(), 3 + 2 + 2 + 1 + 1 + 1 + 1, "{all:?}");
    assert!(all.contains(&"Compilers & linkers, explained".to_string()), "{all:?}");
    assert!(all.contains(&"Talks resume — with “hope”…".to_string()), "{all:?}");
    assert!(all.contains(&"Bee counts steady".to_string()), "{all:?}");
    assert!(all.contains(&"After a BOM and blank lines".to_string()), "{all:?}");
    assert!(all.contains(&"Hill path reopened".to_string()));
    assert!(all.contains(&"Clock tower chimes again".to_string()));
    // Relative links in content stay as the feed gave them; the renderer resolves them.
    let rows = store.stories(&StoryFilter::default(), 0, 100).expect("rows");
    let ferry = rows.iter().find(|r| r.title.starts_with("Ferry")).expect("ferry");
    let story = store.story(ferry.id).expect("story").expect("exists");
    assert_eq!(story.author.as_deref(), Some("Ada Brook"));
    assert!(story.content.as_deref().unwrap_or("").contains("<b>hourly</b>"));
}

#[test]
fn conditional_get_gives_304_and_no_duplicates() {
    let server = serve_fixtures(&["rss2.xml"]);
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("lib.db")).expect("open");
    store.sync_sources(&[spec(server.url("/rss2.xml"))]).expect("sync");
    let first = poll(&mut store, HttpSettings::default());
    assert_eq!(first[0].1, Ok((3, 0)));
    let second = poll(&mut store, HttpSettings::default());
    assert_eq!(second[0].1, Ok((0, 0)));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("if-none-match"), None);
    assert!(requests[1].header("if-none-match").is_some_and(|e| e.starts_with('"')), "{requests:?}");
    assert!(requests[1].header("user-agent").is_some_and(|ua| ua.starts_with("newsdesk/")));
    let sources = store.sources().expect("sources");
    assert_eq!(sources[0].last_status.as_deref(), Some("304 Not Modified"));
    assert_eq!(store.count(&StoryFilter::default()).expect("count"), 3);
}

#[test]
fn changed_item_is_updated_in_place_and_keeps_read_state() {
    let server = serve_fixtures(&["rss2.xml"]);
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("lib.db")).expect("open");
    store.sync_sources(&[spec(server.url("/rss2.xml"))]).expect("sync");
    poll(&mut store, HttpSettings::default());
    let row = store
        .stories(&StoryFilter::default(), 0, 10)
        .expect("rows")
        .into_iter()
        .find(|r| r.title.starts_with("Ferry"))
        .expect("row");
    store.set_read(row.id, true).expect("read");
    let edited = String::from_utf8(fixture("rss2.xml"))
        .expect("utf8")
        .replace("Ferry timetable changes", "Ferry timetable CHANGED");
    server.set("/rss2.xml", Response::ok("application/xml", edited));
    let results = poll(&mut store, HttpSettings::default());
    assert_eq!(results[0].1, Ok((0, 1)));
    let story = store.story(row.id).expect("story").expect("same id");
    assert_eq!(story.title, "Ferry timetable CHANGED for winter");
    assert!(story.read);
    assert!(story.updated, "marked updated");
    assert_eq!(store.count(&StoryFilter::default()).expect("count"), 3);
}

fn gzip_bomb(inflated: usize) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    let mut written = 0;
    while written < inflated {
        encoder.write_all(&chunk).expect("gzip");
        written += chunk.len();
    }
    encoder.finish().expect("gzip")
}

#[test]
fn each_broken_source_fails_alone_and_loses_nothing() {
    let server = serve_fixtures(&["rss2.xml", "broken.xml", "page.html"]);
    server.set("/gone.xml", Response::status(404));
    server.set(
        "/bomb.xml",
        Response::ok("application/xml", gzip_bomb(64 << 20)).header("Content-Encoding", "gzip"),
    );
    server.set(
        "/slow.xml",
        Response::ok("application/xml", fixture("rss2.xml")).delayed(Duration::from_secs(4)),
    );
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("lib.db")).expect("open");
    let urls: Vec<String> = ["/rss2.xml", "/broken.xml", "/page.html", "/gone.xml", "/bomb.xml", "/slow.xml"]
        .iter()
        .map(|p| server.url(p))
        .collect();
    store.sync_sources(&urls.iter().cloned().map(spec).collect::<Vec<_>>()).expect("sync");
    // The broken feed's URL first serves a good feed, so it has stories to lose.
    server.set("/broken.xml", Response::ok("application/xml", fixture("atom.xml")));
    let settings =
        HttpSettings { timeout: Duration::from_secs(2), max_body_bytes: 8 << 20, ..HttpSettings::default() };
    poll(&mut store, settings.clone());
    let before = store.count(&StoryFilter::default()).expect("count");
    server.set("/broken.xml", Response::ok("application/xml", fixture("broken.xml")));
    let results = poll(&mut store, settings);
    let by_path =
        |p: &str| results.iter().find(|(u, _)| u.ends_with(p)).map(|(_, r)| r.clone()).expect("result");
    assert!(by_path("/rss2.xml").is_ok());
    assert!(
        by_path("/broken.xml").as_ref().is_err_and(|e| e.starts_with("not a feed")),
        "{:?}",
        by_path("/broken.xml")
    );
    assert_eq!(by_path("/page.html"), Err("this is an HTML page, not a feed".into()));
    assert_eq!(by_path("/gone.xml"), Err("the server answered 404 Not Found".into()));
    assert_eq!(by_path("/bomb.xml"), Err("the body is larger than 8 MiB".into()));
    assert_eq!(by_path("/slow.xml"), Err("no answer in 2 s".into()));
    assert_eq!(store.count(&StoryFilter::default()).expect("count"), before, "nothing stored was lost");
    let sources = store.sources().expect("sources");
    let broken = sources.iter().find(|s| s.url.ends_with("/broken.xml")).expect("broken");
    assert_eq!(broken.items, 2);
    assert!(broken.last_error.is_some());
}

#[test]
fn unreachable_host_names_the_host() {
    // Bind then drop a listener to get a port that refuses connections.
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("lib.db")).expect("open");
    store.sync_sources(&[spec(format!("http://127.0.0.1:{port}/feed.xml"))]).expect("sync");
    let results = poll(&mut store, HttpSettings::default());
    let error = results[0].1.clone().expect_err("must fail");
    assert!(error.starts_with("cannot connect to 127.0.0.1"), "{error}");
}

#[test]
fn escape_sequences_never_reach_the_library() {
    let server = serve_fixtures(&["hostile.xml"]);
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("lib.db")).expect("open");
    store.sync_sources(&[spec(server.url("/hostile.xml"))]).expect("sync");
    let results = poll(&mut store, HttpSettings::default());
    assert!(results[0].1.is_ok(), "{results:?}");
    let row = store.stories(&StoryFilter::default(), 0, 10).expect("rows").remove(0);
    assert_eq!(row.title, "Clear screen red");
    let story = store.story(row.id).expect("story").expect("exists");
    assert_eq!(story.author.as_deref(), Some("Mallory"));
    let shown = newsdesk::content::render::body(story.body_html(), None, 60).plain_text();
    assert!(!shown.contains('\u{1b}') && shown.contains("Body with"), "{shown:?}");
    let source = &store.sources().expect("sources")[0];
    assert!(!source.title.contains('\u{1b}'));
}
