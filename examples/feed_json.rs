//! Parses feed files with newsdesk's own parser and prints what it read, one JSON object a
//! line, for `scripts/feed-diff` to hold against another parser. Not part of the reader.
//!
//!   cargo run --release --example feed_json -- FILE…

use newsdesk::content::feed;
use serde_json::json;

fn main() {
    for path in std::env::args().skip(1) {
        let line = match std::fs::read(&path) {
            Err(e) => json!({ "file": path, "ok": false, "error": e.to_string() }),
            Ok(bytes) => read(&path, &bytes),
        };
        println!("{line}");
    }
}

fn read(path: &str, bytes: &[u8]) -> serde_json::Value {
    // The address stands in for the one the feed was served from, for resolving links.
    match feed::parse(bytes, None, "http://feed.invalid/feed") {
        Err(e) => json!({ "file": path, "ok": false, "error": e.to_string() }),
        Ok(parsed) => {
            let items: Vec<serde_json::Value> = parsed
                .items
                .iter()
                .map(|item| {
                    let html = item.content.as_deref().or(item.summary.as_deref()).unwrap_or("");
                    json!({
                        "title": item.title.as_str(),
                        "link": item.url,
                        "guid": item.guid,
                        "author": item.author.as_ref().map(|a| a.as_str()),
                        "published": item.published.map(|d| d.timestamp()),
                        // As the feed gave it: the harness makes both sides' text plain alike.
                        "text": html,
                    })
                })
                .collect();
            json!({ "file": path, "ok": true, "title": parsed.title.as_ref().map(|t| t.as_str()), "items": items })
        }
    }
}
