//! Extract + render throughput over whole pages: the demo's article pages and the test
//! fixture pages, all with realistic page chrome. Run: cargo bench --bench extract_render
//! Set NEWSDESK_BENCH_PAGES=DIR to add every *.html file of DIR (for example saved pages).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::path::Path;

fn pages() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = vec![root.join("tests/fixtures/pages")];
    for section in ["world", "technology", "science", "metro"] {
        dirs.push(root.join("assets/demo/articles").join(section));
    }
    if let Some(extra) = std::env::var_os("NEWSDESK_BENCH_PAGES") {
        dirs.push(extra.into());
    }
    let mut pages = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "html")
                && let Ok(bytes) = std::fs::read(&path)
            {
                let html = newsdesk::content::extract::decode_html(&bytes, None)
                    .replace("{{BASE}}", "http://127.0.0.1");
                pages.push((format!("http://127.0.0.1/{}", path.display()), html));
            }
        }
    }
    pages
}

fn extract_and_render(c: &mut Criterion) {
    let pages = pages();
    assert!(pages.len() >= 30, "found {} pages", pages.len());
    let mut group = c.benchmark_group("pages");
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.bench_function("extract+render 80 cols", |b| {
        b.iter(|| {
            let mut lines = 0;
            for (url, html) in &pages {
                if let Ok(article) = newsdesk::content::extract::extract(html, Some(url)) {
                    lines += newsdesk::content::render::body(&article.body, Some(url), 80).lines.len();
                }
            }
            lines
        })
    });
    group.finish();
}

criterion_group!(benches, extract_and_render);
criterion_main!(benches);
