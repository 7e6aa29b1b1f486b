//! The store's list, count and search queries on an archive of 100,000 stories from 500
//! sources (a third read, some bookmarked), the reads behind every screen of the reader.
//! The library is built once into target/bench-store/ and reused while its size matches.
//!
//!   cargo bench --bench store_queries
//!   NEWSDESK_BENCH_STORIES=20000 cargo bench --bench store_queries

use criterion::{Criterion, criterion_group, criterion_main};
use newsdesk::domain::{FeedItem, ParsedFeed, PollOutcome, SourceSpec, StoryFilter};
use newsdesk::store::Store;
use std::path::PathBuf;

const SOURCES: usize = 500;

/// A small deterministic generator, so that every run builds the same library.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    /// Skewed towards the first words, as word use is: a few common, most rare.
    fn word<'a>(&mut self, words: &'a [String]) -> &'a str {
        let r = self.next() as usize % words.len();
        &words[r * r / words.len()]
    }
}

fn vocabulary() -> Vec<String> {
    let syllables = ["har", "bor", "ri", "ver", "ta", "len", "mo", "dex", "qui", "nar", "so", "pel"];
    let mut words = Vec::new();
    for a in syllables {
        for b in syllables {
            for c in ["", "s", "ing", "ed"] {
                words.push(format!("{a}{b}{c}"));
            }
        }
    }
    words
}

fn sentence(rng: &mut Lcg, words: &[String], n: usize) -> String {
    (0..n).map(|_| rng.word(words)).collect::<Vec<_>>().join(" ")
}

fn library(stories: usize) -> (PathBuf, Store) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-store");
    let path = dir.join(format!("library-{stories}.db"));
    if let Ok(store) = Store::open(&path)
        && store.count(&StoryFilter::default()).ok() == Some(stories)
    {
        return (path, store);
    }
    let _ = std::fs::remove_file(&path);
    let mut store = Store::open(&path).expect("open");
    let specs: Vec<SourceSpec> = (0..SOURCES)
        .map(|i| SourceSpec { url: format!("http://127.0.0.1/feeds/{i}.xml"), ..Default::default() })
        .collect();
    store.sync_sources(&specs).expect("sync");
    let words = vocabulary();
    let mut rng = Lcg(7);
    let per_source = stories / SOURCES;
    let t0 = 1_700_000_000;
    for (s, source) in store.sources().expect("sources").iter().enumerate() {
        let items = (0..per_source)
            .map(|i| FeedItem {
                guid: Some(format!("{s}-{i}")),
                url: Some(format!("http://127.0.0.1/{s}/{i}.html")),
                title: sentence(&mut rng, &words, 8).into(),
                published: chrono::DateTime::from_timestamp(t0 + (i * SOURCES + s) as i64 * 37, 0),
                content: Some(format!(
                    "<p>{}</p><p>{}</p><p>{}</p>",
                    sentence(&mut rng, &words, 60),
                    sentence(&mut rng, &words, 60),
                    sentence(&mut rng, &words, 60)
                )),
                ..FeedItem::default()
            })
            .collect();
        let outcome = PollOutcome::Fetched {
            feed: ParsedFeed {
                title: Some(format!("Source {s}").into()),
                site_url: None,
                items,
                ..Default::default()
            },
            validators: Default::default(),
            status: newsdesk::domain::HttpStatus { code: 200, text: "200 OK".into() },
            meta: Default::default(),
        };
        store.record_poll(source.id, &outcome, chrono::Utc::now()).expect("store");
    }
    // A third read, one in a hundred bookmarked.
    let all = store.stories(&StoryFilter::default(), 0, stories).expect("all");
    for (i, row) in all.iter().enumerate() {
        if i % 3 == 0 {
            store.set_read(row.id, true).expect("read");
        }
        if i % 100 == 0 {
            store.set_bookmarked(row.id, true, chrono::Utc::now()).expect("bookmark");
        }
    }
    store.optimize().expect("optimize");
    for (name, query) in
        [("common", "harbor"), ("rare unread", "quiqui is:unread"), ("phrase", "\"harhar rita\"")]
    {
        store.save_search(name, query).expect("save");
    }
    (path, store)
}

fn queries(c: &mut Criterion) {
    let stories =
        std::env::var("NEWSDESK_BENCH_STORIES").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let (_path, store) = library(stories);
    let search = |q: &str| newsdesk::domain::query::parse(q).expect("query").filter();
    let all = StoryFilter::default();
    let unread = StoryFilter { unread_only: true, ..StoryFilter::default() };
    let one_source =
        StoryFilter { source: Some(store.sources().expect("sources")[7].id), ..StoryFilter::default() };
    let mut group = c.benchmark_group(format!("store {stories} stories"));
    group.sample_size(30);
    group.bench_function("sources with counts", |b| b.iter(|| store.sources().expect("sources")));
    group.bench_function("count all", |b| b.iter(|| store.count(&all).expect("count")));
    group.bench_function("count unread", |b| b.iter(|| store.count(&unread).expect("count")));
    // Three saved searches, each counted in full and unread.
    group.bench_function("saved searches with counts", |b| b.iter(|| store.saved_searches().expect("saved")));
    // What the reader asks for a list: its size, then the window of rows it shows.
    let window = |filter: &StoryFilter, offset: usize| {
        let total = store.count(filter).expect("count");
        (total, store.stories(filter, offset.min(total.saturating_sub(200)), 200).expect("page"))
    };
    group.bench_function("list all: first window", |b| b.iter(|| window(&all, 0)));
    group.bench_function("list all: last window (End)", |b| b.iter(|| window(&all, usize::MAX)));
    group.bench_function("list unread: first window", |b| b.iter(|| window(&unread, 0)));
    group.bench_function("list one source: first window", |b| b.iter(|| window(&one_source, 0)));
    for (name, query) in [
        ("search common word", "harbor"),
        ("search prefix", "rive"),
        ("search rare word + is:unread", "quiqui is:unread"),
        ("search phrase", "\"harhar rita\""),
        ("search two words", "harbor tamo"),
    ] {
        // The store keeps one query's matches; a trailing space makes the same query new to
        // it, so that every iteration asks the full-text index as a newly typed search does.
        let filter = search(query);
        let respaced = StoryFilter { text: filter.text.as_ref().map(|t| format!("{t} ")), ..filter.clone() };
        let mut turn = 0;
        group.bench_function(format!("{name}: first window"), |b| {
            b.iter(|| {
                turn += 1;
                window(if turn % 2 == 0 { &filter } else { &respaced }, 0)
            })
        });
        group.bench_function(format!("{name}: next window"), |b| b.iter(|| window(&filter, 200)));
    }
    group.finish();
    let mut stream = c.benchmark_group(format!("store {stories} stories, whole"));
    stream.sample_size(10);
    stream.bench_function("every story, as `list --json` reads them", |b| {
        b.iter(|| {
            let mut n = 0;
            store
                .for_each_story(&all, |_| {
                    n += 1;
                    std::ops::ControlFlow::Continue(())
                })
                .expect("stream");
            n
        })
    });
    stream.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
