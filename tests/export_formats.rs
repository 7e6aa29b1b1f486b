//! Every export format, checked by a real consumer: epubcheck for EPUB, an HTML parser for
//! the page, JSON for JSON.

mod common;

use common::{fixture, run, serve_fixtures};

fn library() -> (newsdesk::demo::server::Server, tempfile::TempDir, Vec<String>) {
    let server = serve_fixtures(&["rss2.xml", "atom.xml", "hostile.xml"]);
    let dir = tempfile::tempdir().expect("tmp");
    let urls = ["/rss2.xml", "/atom.xml", "/hostile.xml"].iter().map(|p| server.url(p)).collect::<Vec<_>>();
    common::write_config(dir.path(), &urls, "");
    assert_eq!(run(dir.path(), &["refresh"]).code, 0);
    let list: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["list", "--json"]).stdout).expect("json");
    let ids = list.as_array().expect("array").iter().map(|s| s["id"].to_string()).collect();
    (server, dir, ids)
}

/// Debian's epubcheck is a jar (its /usr/bin entry only runs where binfmt knows jars).
fn epubcheck(path: &std::path::Path) -> std::process::Output {
    let jar = std::path::Path::new("/usr/share/java/epubcheck.jar");
    let mut command = if jar.exists() {
        let mut java = std::process::Command::new("java");
        java.arg("-jar").arg(jar);
        java
    } else {
        std::process::Command::new("epubcheck")
    };
    command
        .arg(path)
        .output()
        .expect("epubcheck must be installed (.ci/run installs it): apt-get install epubcheck")
}

#[test]
fn epub_books_pass_epubcheck() {
    let (_server, dir, ids) = library();
    let out_dir = dir.path().join("books");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let one =
        run(dir.path(), &["export", &ids[0], "--format", "epub", "-o", out_dir.to_str().expect("utf8")]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    let mut args = vec!["export"];
    args.extend(ids.iter().take(3).map(String::as_str));
    args.extend(["--format", "epub", "-o", out_dir.to_str().expect("utf8")]);
    let many = run(dir.path(), &args);
    assert_eq!(many.code, 0, "{}", many.stderr);
    let books: Vec<_> = std::fs::read_dir(&out_dir).expect("ls").flatten().map(|e| e.path()).collect();
    assert_eq!(books.len(), 2, "{books:?}");
    for book in books {
        let check = epubcheck(&book);
        let report =
            String::from_utf8_lossy(&check.stdout).to_string() + &String::from_utf8_lossy(&check.stderr);
        println!(
            "{}: {}",
            book.display(),
            report
                .lines()
                .filter(|l| l.contains("Messages") || l.contains("No errors"))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        assert!(check.status.success(), "{}: {report}", book.display());
        assert!(report.contains("No errors or warnings detected"), "{report}");
    }
}

#[test]
fn html_pages_hold_the_story_and_no_script() {
    let (_server, dir, ids) = library();
    for id in &ids {
        let page = run(dir.path(), &["export", id, "--format", "html", "-o", "-"]);
        assert_eq!(page.code, 0, "{}", page.stderr);
        let doc = dom_query::Document::from(page.stdout.as_str());
        assert_eq!(doc.select("script, iframe, object, embed").length(), 0);
        assert!(doc.select("[onclick], [onload], [onerror]").is_empty());
        assert!(!page.stdout.contains("javascript:"));
        assert!(!doc.select("article h1").text().trim().is_empty());
        assert!(!page.stdout.contains('\u{1b}'));
    }
    let ferry = run(dir.path(), &["list", "--json"]).stdout;
    let list: serde_json::Value = serde_json::from_str(&ferry).expect("json");
    let id = common::titled(&list, "Ferry timetable changes for winter")["id"].to_string();
    let page = run(dir.path(), &["export", &id, "--format", "html", "-o", "-"]).stdout;
    let doc = dom_query::Document::from(page.as_str());
    assert!(doc.select("article").text().contains("Ferries will run hourly from November"));
    assert_eq!(doc.select("a[href=\"http://lakeside.example/timetable\"]").length(), 1, "{page}");
}

#[test]
fn json_exports_every_field() {
    let (_server, dir, ids) = library();
    let out = run(dir.path(), &["export", &ids[0], "--format", "json", "-o", "-"]);
    let story: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    for field in [
        "id",
        "source",
        "title",
        "url",
        "author",
        "published",
        "summary",
        "content",
        "full_text",
        "read",
        "bookmarked",
        "updated",
    ] {
        assert!(story.get(field).is_some(), "{field} missing: {}", out.stdout);
    }
    let many = run(dir.path(), &["export", &ids[0], &ids[1], "--format", "json", "-o", "one-file.json"]);
    assert_eq!(many.code, 1);
    assert!(many.stderr.contains("give a directory"), "{}", many.stderr);
    let _ = fixture("rss2.xml");
}

#[test]
fn bookmarks_export_as_a_netscape_file_that_parses_back() {
    let (_server, dir, ids) = library();
    for id in ids.iter().take(2) {
        assert_eq!(run(dir.path(), &["bookmark", "add", id]).code, 0);
    }
    let out = run(dir.path(), &["bookmarks", "export", "--format", "netscape", "-o", "-"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("<!DOCTYPE NETSCAPE-Bookmark-file-1>"));
    let doc = dom_query::Document::from(out.stdout.as_str());
    let links: Vec<(String, String)> = doc
        .select("dt > a[href]")
        .nodes()
        .iter()
        .map(|a| (a.attr("href").map(|h| h.to_string()).unwrap_or_default(), a.text().to_string()))
        .collect();
    let marked: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["bookmarks", "--json"]).stdout).expect("json");
    let expected: Vec<(String, String)> = marked
        .as_array()
        .expect("array")
        .iter()
        .map(|s| (s["url"].as_str().unwrap_or("").to_string(), s["title"].as_str().unwrap_or("").to_string()))
        .collect();
    assert_eq!(links.len(), 2, "{}", out.stdout);
    assert!(
        doc.select("dt > a[add_date]")
            .nodes()
            .iter()
            .all(|a| a.attr("add_date").is_some_and(|d| d.parse::<i64>().is_ok_and(|t| t > 1_700_000_000)))
    );
    for link in &links {
        assert!(expected.contains(link), "{link:?} not in {expected:?}");
    }
}

#[test]
fn markdown_parses_back_with_yaml_front_matter() {
    let (_server, dir, _ids) = library();
    let list: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["list", "--json"]).stdout).expect("json");
    let ferry = common::titled(&list, "Ferry timetable changes for winter");
    let id = ferry["id"].to_string();
    assert_eq!(run(dir.path(), &["bookmark", "tag", &id, "travel", "winter"]).code, 0);
    let md = run(dir.path(), &["export", &id, "--format", "md", "-o", "-"]).stdout;
    let rest = md.strip_prefix("---\n").expect("front matter opens");
    let (front, body) = rest.split_once("\n---\n").expect("front matter closes");
    let meta: serde_yaml::Value = serde_yaml::from_str(front).expect("front matter is YAML");
    assert_eq!(meta["title"].as_str(), Some("Ferry timetable changes for winter"));
    assert_eq!(meta["source"].as_str(), Some("Lakeside Courier"));
    assert_eq!(meta["author"].as_str(), Some("Ada Brook"));
    assert_eq!(meta["url"].as_str(), Some("http://lakeside.example/news/ferry-winter"));
    assert_eq!(meta["date"].as_str(), Some("2026-11-02T08:30:00+00:00"));
    assert!(meta["bookmarked"].as_str().is_some_and(|b| b.starts_with("20")));
    let tags: Vec<&str> =
        meta["tags"].as_sequence().expect("tags").iter().filter_map(|t| t.as_str()).collect();
    assert_eq!(tags, vec!["travel", "winter"]);
    // The body is Markdown: a heading, strong text and a link to the absolute address.
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut heading = String::new();
    let mut in_heading = false;
    let mut strong = Vec::new();
    let mut in_strong = false;
    let mut links = Vec::new();
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::Strong) => in_strong = true,
            Event::End(TagEnd::Strong) => in_strong = false,
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::Text(t) if in_heading => heading.push_str(&t),
            Event::Text(t) if in_strong => strong.push(t.to_string()),
            _ => {}
        }
    }
    assert_eq!(heading, "Ferry timetable changes for winter");
    assert_eq!(strong, vec!["hourly".to_string()]);
    assert!(links.iter().any(|url| url == "http://lakeside.example/timetable"), "{links:?} in {body}");
}
