//! Parse + store of one feed of 50 items, about 150 KB, into a real SQLite file: the work a
//! refresh does per source. Run: cargo bench --bench parse_store

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsdesk::domain::{PollOutcome, SourceSpec};
use newsdesk::store::Store;

fn feed(items: usize, generation: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
         <channel><title>Bench</title><link>http://bench.example/</link><description>d</description>",
    );
    for i in 0..items {
        xml.push_str(&format!(
            "<item><title>Story {i} of generation {generation}</title><link>http://bench.example/{i}</link>\
             <guid>bench-{i}</guid><pubDate>Mon, 02 Nov 2026 08:{:02}:00 +0000</pubDate>\
             <description>Teaser {i}&amp;nbsp;text</description><content:encoded><![CDATA[{}]]></content:encoded></item>",
            i % 60,
            "<p>Paragraph with <a href=\"/x\">a link</a>, <b>bold</b> and <em>emphasis</em> words.</p>".repeat(30)
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn parse_and_store(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    let mut store = Store::open(&dir.path().join("bench.db")).expect("open");
    let spec = SourceSpec {
        url: "http://bench.example/feed".into(),
        title: None,
        folder: None,
        ..Default::default()
    };
    store.sync_sources(&[spec]).expect("sync");
    let id = store.sources().expect("sources")[0].id;
    let feeds: Vec<String> = (0..2).map(|g| feed(50, g)).collect();
    let mut group = c.benchmark_group("feed");
    group.throughput(Throughput::Bytes(feeds[0].len() as u64));
    let mut generation = 0;
    group.bench_function("parse+store 50 items (all updated)", |b| {
        b.iter(|| {
            generation += 1;
            let bytes = feeds[generation % 2].as_bytes();
            let parsed =
                newsdesk::content::feed::parse(bytes, None, "http://bench.example/feed").expect("parses");
            let outcome = PollOutcome::Fetched {
                feed: parsed,
                validators: Default::default(),
                status: newsdesk::domain::HttpStatus { code: 200, text: "200 OK".into() },
                meta: Default::default(),
            };
            store.record_poll(id, &outcome, chrono::Utc::now()).expect("stores")
        })
    });
    group.bench_function("parse only", |b| {
        b.iter(|| {
            newsdesk::content::feed::parse(feeds[0].as_bytes(), None, "http://bench.example/feed")
                .expect("parses")
        })
    });
    group.finish();
}

criterion_group!(benches, parse_and_store);
criterion_main!(benches);
