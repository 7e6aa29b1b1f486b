//! The headless commands, run as the real binary against a loopback server.

mod common;

use common::{run, serve_fixtures, write_config};
use newsdesk::demo::server::Response;

fn setup(names: &[&str]) -> (newsdesk::demo::server::Server, tempfile::TempDir) {
    let server = serve_fixtures(names);
    let dir = tempfile::tempdir().expect("tmp");
    let urls: Vec<String> = names.iter().map(|n| server.url(&format!("/{n}"))).collect();
    write_config(dir.path(), &urls, "");
    (server, dir)
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn refresh_prints_a_line_per_source_and_fails_only_when_all_fail() {
    let (server, dir) = setup(&["rss2.xml", "broken.xml"]);
    let out = run(dir.path(), &["refresh"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("ok ") && l.contains("3 new")), "{}", out.stdout);
    assert!(lines.iter().any(|l| l.starts_with("error ") && l.contains("not a feed")), "{}", out.stdout);
    assert!(lines.last().is_some_and(|l| l.starts_with("1 of 2 sources ok")), "{}", out.stdout);
    server.set("/rss2.xml", Response::status(500));
    let out = run(dir.path(), &["refresh"]);
    assert_eq!(out.code, 1, "every source failed: {}", out.stdout);
    assert!(out.stdout.contains("the server answered 500 Internal Server Error"), "{}", out.stdout);
}

#[test]
fn list_sources_and_show() {
    let (_server, dir) = setup(&["rss2.xml", "hostile.xml"]);
    assert_eq!(run(dir.path(), &["refresh"]).code, 0);
    let list = json(&run(dir.path(), &["list", "--json"]).stdout);
    let stories = list.as_array().expect("array");
    assert_eq!(stories.len(), 4);
    for field in
        ["id", "source", "title", "url", "author", "published", "summary", "content", "read", "bookmarked"]
    {
        assert!(stories.iter().all(|s| s.get(field).is_some()), "every story has {field}");
    }
    let ferry = stories.iter().find(|s| s["title"] == "Ferry timetable changes for winter").expect("ferry");
    assert_eq!(ferry["published"], "2026-11-02T08:30:00+00:00");
    assert_eq!(ferry["read"], false);
    let raw = run(dir.path(), &["list"]).stdout;
    assert!(!raw.contains('\u{1b}'), "no escape bytes in list output");
    let id = ferry["id"].as_i64().expect("id").to_string();
    let shown = run(dir.path(), &["show", &id, "--width", "40"]);
    assert!(shown.stdout.starts_with("Ferry timetable changes for winter\n"), "{}", shown.stdout);
    assert!(shown.stdout.contains("Ferries will run hourly from November"), "{}", shown.stdout);
    assert!(shown.stdout.contains("[1] http://lakeside.example/timetable"), "{}", shown.stdout);
    assert!(!shown.stdout.contains('\u{1b}'), "no ANSI when stdout is not a terminal");
    assert!(shown.stdout.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 40), "{}", shown.stdout);
    let sources = json(&run(dir.path(), &["sources", "--json"]).stdout);
    let sources = sources.as_array().expect("array");
    assert_eq!(sources.len(), 2);
    for field in ["id", "url", "title", "last_status", "last_error", "items"] {
        assert!(sources.iter().all(|s| s.get(field).is_some()), "every source has {field}");
    }
    assert!(
        sources
            .iter()
            .any(|s| s["title"] == "Lakeside Courier" && s["items"] == 3 && s["last_status"] == "200 OK")
    );
    let unread =
        json(&run(dir.path(), &["list", "--json", "--unread", "--source", "Lakeside Courier"]).stdout);
    assert_eq!(unread.as_array().map(Vec::len), Some(3));
    let missing = run(dir.path(), &["show", "9999"]);
    assert_eq!(missing.code, 1);
    assert_eq!(missing.stderr.trim(), "newsdesk: there is no story 9999");
}

#[test]
fn bookmarks_and_exports() {
    let (_server, dir) = setup(&["rss2.xml"]);
    assert_eq!(run(dir.path(), &["refresh"]).code, 0);
    let list = json(&run(dir.path(), &["list", "--json"]).stdout);
    let ferry = common::titled(&list, "Ferry timetable changes for winter");
    let id = ferry["id"].as_i64().expect("id").to_string();
    let title = ferry["title"].as_str().expect("title").to_string();
    assert_eq!(run(dir.path(), &["bookmark", "add", &id]).code, 0);
    let marked = json(&run(dir.path(), &["bookmarks", "--json"]).stdout);
    assert_eq!(marked.as_array().map(Vec::len), Some(1));
    assert_eq!(marked[0]["bookmarked"], true);
    assert_eq!(marked[0]["title"], title.as_str());

    let first = run(dir.path(), &["export", &id, "--format", "md"]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let path = std::path::PathBuf::from(first.stdout.trim());
    assert!(path.starts_with(dir.path().join("exports")), "{path:?}");
    let md = std::fs::read_to_string(&path).expect("exported file");
    assert!(md.starts_with("---\ntitle: \"Ferry timetable changes for winter\"\n"), "{md}");
    assert!(md.contains("\nurl: \"http://lakeside.example/news/ferry-winter\"\n"), "{md}");
    assert!(md.contains("**hourly**"), "{md}");
    let second = run(dir.path(), &["export", &id, "--format", "md"]);
    let second_path = std::path::PathBuf::from(second.stdout.trim());
    assert_ne!(path, second_path, "never overwrites");
    assert!(second_path.to_string_lossy().ends_with("-2.md"));

    let txt = run(dir.path(), &["export", &id, "--format", "txt", "-o", "-"]);
    assert!(txt.stdout.contains("Ferries will run hourly from November"), "{}", txt.stdout);
    let target = dir.path().join("chosen.txt");
    let out = run(dir.path(), &["export", &id, "--format", "txt", "-o", target.to_str().expect("utf8")]);
    assert_eq!(out.code, 0);
    let again = run(dir.path(), &["export", &id, "--format", "txt", "-o", target.to_str().expect("utf8")]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);

    assert_eq!(run(dir.path(), &["bookmark", "remove", &id]).code, 0);
    assert_eq!(json(&run(dir.path(), &["bookmarks", "--json"]).stdout).as_array().map(Vec::len), Some(0));
}

#[test]
fn a_bad_config_names_file_line_and_key_and_starts_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("config.toml"), "[network]\ntimeout_seconds = \"soon\"\n").expect("write");
    let out = run(dir.path(), &["sources"]);
    assert_eq!(out.code, 1);
    let config = dir.path().join("config.toml");
    assert!(
        out.stderr.starts_with(&format!("newsdesk: config file {}: ", config.display())),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("line 2") && out.stderr.contains("timeout_seconds"), "{}", out.stderr);
    assert!(!dir.path().join("library.db").exists(), "nothing started from a half-read config");
}

#[test]
fn help_for_every_command() {
    for cmd in ["refresh", "list", "show", "export", "bookmarks", "bookmark", "sources"] {
        let out = std::process::Command::new(common::bin()).args([cmd, "--help"]).output().expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && text.contains("--config") && text.contains("--db"), "{cmd}: {text}");
    }
}

#[test]
fn bookmarks_carry_tags_and_notes_into_exports() {
    let (_server, dir) = setup(&["rss2.xml"]);
    assert_eq!(run(dir.path(), &["refresh"]).code, 0);
    let list = json(&run(dir.path(), &["list", "--json"]).stdout);
    let ids: Vec<String> = list.as_array().expect("array").iter().map(|s| s["id"].to_string()).collect();
    assert_eq!(run(dir.path(), &["bookmark", "tag", &ids[0], "Ferries", "winter"]).code, 0);
    assert_eq!(run(dir.path(), &["bookmark", "note", &ids[0], "check", "the", "timetable"]).code, 0);
    assert_eq!(run(dir.path(), &["bookmark", "tag", &ids[1], "schools"]).code, 0);
    let tagged = json(&run(dir.path(), &["bookmarks", "--json", "--tag", "ferries"]).stdout);
    let tagged = tagged.as_array().expect("array");
    assert_eq!(tagged.len(), 1, "tags are matched whole, case folded");
    assert_eq!(tagged[0]["tags"], serde_json::json!(["ferries", "winter"]));
    assert_eq!(tagged[0]["note"], "check the timetable");
    assert!(tagged[0]["bookmarked_at"].is_string());
    assert_eq!(
        json(&run(dir.path(), &["bookmarks", "--json", "--tag", "ferr"]).stdout).as_array().map(Vec::len),
        Some(0)
    );
    let md = run(dir.path(), &["export", &ids[0], "--format", "md", "-o", "-"]).stdout;
    assert!(
        md.contains("\ntags: [\"ferries\", \"winter\"]\n")
            && md.contains("\nnote: \"check the timetable\"\n"),
        "{md}"
    );
    assert!(md.lines().any(|l| l.starts_with("bookmarked: \"20")), "{md}");
    let book_dir = dir.path().join("books");
    std::fs::create_dir(&book_dir).expect("mkdir");
    let out = run(
        dir.path(),
        &[
            "export",
            "--bookmarks",
            "--tag",
            "schools",
            "--format",
            "epub",
            "-o",
            book_dir.to_str().expect("utf8"),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(std::fs::read_dir(&book_dir).expect("ls").count(), 1);
}

#[test]
fn hostile_titles_make_one_safe_file_each_inside_the_directory() {
    let server = newsdesk::demo::server::Server::start(std::collections::HashMap::new()).expect("server");
    let titles = [
        "../../../etc/passwd",
        "/absolute/path/story",
        "CON",
        "nul.txt",
        &"😀".repeat(1000),
        "bidi \u{202e}txt.exe and controls \u{7}\u{1b}[31m",
        "Same title",
        "Same title",
    ];
    let items: String = titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "<item><title>{}</title><link>http://x.example/{i}</link><guid>g{i}</guid></item>",
                t.replace('&', "&amp;").replace('<', "&lt;")
            )
        })
        .collect();
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Evil</title><link>http://x.example/</link><description>d</description>{items}</channel></rss>"
    );
    server.set("/evil.xml", newsdesk::demo::server::Response::ok("application/rss+xml", feed));
    let dir = tempfile::tempdir().expect("tmp");
    write_config(dir.path(), &[server.url("/evil.xml")], "");
    assert_eq!(run(dir.path(), &["refresh"]).code, 0);
    let list = json(&run(dir.path(), &["list", "--json"]).stdout);
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    for story in list.as_array().expect("array") {
        let id = story["id"].to_string();
        let written =
            run(dir.path(), &["export", &id, "--format", "txt", "-o", out_dir.to_str().expect("utf8")]);
        assert_eq!(written.code, 0, "{}", written.stderr);
    }
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), titles.len(), "{names:?}");
    for name in &names {
        assert!(name.len() <= 200 && !name.contains("..") && !name.contains('/'), "{name}");
        assert!(name.chars().all(|c| !c.is_control() && !('\u{202a}'..='\u{202e}').contains(&c)), "{name:?}");
        assert!(
            !name.to_ascii_uppercase().starts_with("CON.") && !name.to_ascii_uppercase().starts_with("NUL."),
            "{name}"
        );
    }
    assert!(names.iter().any(|n| n.ends_with("-2.txt")), "collisions numbered: {names:?}");
    assert!(!dir.path().join("etc").exists());
}

#[test]
fn db_stats_and_vacuum() {
    let (_server, dir) = setup(&["rss2.xml", "atom.xml"]);
    assert_eq!(run(dir.path(), &["refresh"]).code, 0);
    let list = json(&run(dir.path(), &["list", "--json"]).stdout);
    let id = list[0]["id"].to_string();
    assert_eq!(run(dir.path(), &["bookmark", "add", &id]).code, 0);
    let stats = json(&run(dir.path(), &["db", "stats", "--json"]).stdout);
    assert_eq!(
        (stats["sources"].as_i64(), stats["stories"].as_i64(), stats["bookmarks"].as_i64()),
        (Some(2), Some(5), Some(1))
    );
    assert_eq!(stats["unread"], 5);
    assert!(stats["bytes"].as_i64().is_some_and(|b| b > 4096));
    let vacuum = run(dir.path(), &["db", "vacuum"]);
    assert_eq!(vacuum.code, 0, "{}", vacuum.stderr);
    assert!(vacuum.stdout.starts_with("library compacted from "), "{}", vacuum.stdout);
    assert_eq!(json(&run(dir.path(), &["db", "stats", "--json"]).stdout)["stories"], 5, "nothing lost");
}

#[test]
fn list_query_searches_titles_and_texts_with_filters() {
    let (_server, dir) = setup(&["rss2.xml", "atom.xml", "feed.json"]);
    assert_eq!(run(dir.path(), &["refresh"]).code, 0);
    let titles = |q: &str| -> Vec<String> {
        let out = run(dir.path(), &["list", "--json", "--query", q]);
        assert_eq!(out.code, 0, "{q}: {}", out.stderr);
        let mut t: Vec<String> = json(&out.stdout)
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|s| s["title"].as_str().map(str::to_string))
            .collect();
        t.sort();
        t
    };
    assert_eq!(titles("ferries"), vec!["Ferry timetable changes for winter"], "words match the text");
    assert_eq!(titles("linker"), vec!["Compilers & linkers, explained"], "prefixes match");
    assert_eq!(titles("\"joins object files\""), vec!["Compilers & linkers, explained"]);
    assert!(titles("\"object joins files\"").is_empty(), "a phrase keeps its order");
    assert_eq!(titles("source:Valley").len(), 0);
    assert_eq!(titles("source:lakeside"), Vec::<String>::new(), "a source name is matched whole");
    assert_eq!(titles("source:\"Lakeside Courier\"").len(), 0, "quoted words are searched as text");
    assert_eq!(
        titles("after:2026-11-01 before:2026-11-03").len(),
        3,
        "{:?}",
        titles("after:2026-11-01 before:2026-11-03")
    );
    let list = json(&run(dir.path(), &["list", "--json"]).stdout);
    let id = common::titled(&list, "Apple harvest up a tenth")["id"].to_string();
    assert_eq!(run(dir.path(), &["bookmark", "tag", &id, "fruit"]).code, 0);
    assert_eq!(titles("is:bookmarked tag:fruit"), vec!["Apple harvest up a tenth"]);
    assert_eq!(titles("tag:fruit apples"), vec!["Apple harvest up a tenth"], "words and filters compose");
    assert_eq!(titles("tag:fruit hives"), Vec::<String>::new(), "every part must match");
    let bad = run(dir.path(), &["list", "--query", "before:someday"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("before:someday: a date is written YYYY-MM-DD"), "{}", bad.stderr);
}

#[test]
fn saved_searches_are_kept_counted_listed_and_removed() {
    let (_server, dir) = setup(&["rss2.xml", "atom.xml", "feed.json"]);
    assert_eq!(run(dir.path(), &["refresh"]).code, 0);
    let saved = run(dir.path(), &["searches", "add", "Compilers", "\"joins object files\""]);
    assert_eq!((saved.code, saved.stdout.trim()), (0, "saved the search “Compilers”"), "{}", saved.stderr);
    let bad = run(dir.path(), &["searches", "add", "Broken", "after:soon"]);
    assert_eq!(bad.code, 1, "a query that does not parse is not kept");
    let listed = json(&run(dir.path(), &["searches", "--json"]).stdout);
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert_eq!((listed[0]["name"].as_str(), listed[0]["total"].as_i64()), (Some("Compilers"), Some(1)));
    let found = json(&run(dir.path(), &["list", "--json", "--saved", "compilers"]).stdout);
    assert_eq!(found[0]["title"], "Compilers & linkers, explained");
    assert_eq!(found.as_array().map(Vec::len), Some(1));
    let missing = run(dir.path(), &["list", "--saved", "nope"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("no saved search “nope” (saved: Compilers)"), "{}", missing.stderr);
    assert_eq!(run(dir.path(), &["searches", "remove", "COMPILERS"]).code, 0);
    assert_eq!(run(dir.path(), &["searches", "remove", "Compilers"]).code, 1, "already gone");
    assert!(run(dir.path(), &["searches"]).stdout.starts_with("no saved searches"));
}

#[test]
fn scripts_see_guids_sources_and_enclosures() {
    let (_server, dir) = setup(&["podcast.xml", "rss2.xml"]);
    assert_eq!(run(dir.path(), &["refresh"]).code, 0);
    let list = json(&run(dir.path(), &["list", "--json"]).stdout);
    let episode = common::titled(&list, "Episode 12: the night ferry");
    assert_eq!(episode["guid"], "harbour-radio-12");
    assert_eq!(episode["author"], "Harbour Radio crew", "the channel's itunes:author");
    assert_eq!(
        episode["enclosures"],
        serde_json::json!([{ "url": "http://radio.example/audio/12.mp3", "type": "audio/mpeg", "length": 31415926 }])
    );
    let ferry = common::titled(&list, "Ferry timetable changes for winter");
    assert_eq!(ferry["enclosures"], serde_json::json!([]));
    // A story joins its source by id, whatever the titles.
    let sources = json(&run(dir.path(), &["sources", "--json"]).stdout);
    for story in [episode, ferry] {
        let source = sources
            .as_array()
            .expect("array")
            .iter()
            .find(|s| s["id"] == story["source_id"])
            .unwrap_or_else(|| panic!("no source {} in {sources}", story["source_id"]));
        assert_eq!(source["url"], story["source_url"]);
    }
    assert!(episode["source_url"].as_str().is_some_and(|u| u.ends_with("/podcast.xml")), "{episode}");
    // The story's JSON export says the same.
    let id = episode["id"].as_i64().expect("id").to_string();
    let exported = run(dir.path(), &["export", &id, "--format", "json"]);
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    let file = json(&std::fs::read_to_string(exported.stdout.trim()).expect("exported file"));
    let story = if file.is_array() { file[0].clone() } else { file };
    for field in ["guid", "source_id", "source_url", "enclosures"] {
        assert_eq!(story[field], episode[field], "{field} in {story}");
    }
}

#[test]
fn a_feed_with_no_items_is_a_healthy_source() {
    let (server, dir) = setup(&["rss2.xml"]);
    let empty =
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Quiet Week</title></channel></rss>";
    server.set("/rss2.xml", Response::ok("application/rss+xml", empty));
    let out = run(dir.path(), &["refresh"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.lines().any(|l| l.starts_with("ok ") && l.contains("0 new")), "{}", out.stdout);
    let sources = json(&run(dir.path(), &["sources", "--json"]).stdout);
    assert_eq!(sources[0]["last_error"], serde_json::Value::Null, "{sources}");
    assert_eq!(sources[0]["items"], 0, "{sources}");
}

#[test]
fn relative_links_resolve_where_the_feed_really_is() {
    let (server, dir) = setup(&["rss2.xml"]);
    let feed = |link: &str| {
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Moved</title>\
             <item><title>{link}</title><link>{link}</link><guid>{link}</guid></item></channel></rss>"
        )
    };
    // The address the source has redirects; the links are relative to where it ends.
    server.set("/rss2.xml", Response::status(302).header("Location", "/desk/feed.xml"));
    server.set("/desk/feed.xml", Response::ok("application/rss+xml", feed("story-1.html")));
    // A Content-Location names the document's own address.
    server.set(
        "/other.xml",
        Response::ok("application/rss+xml", feed("story-2.html"))
            .header("Content-Location", "/archive/2026/feed.xml"),
    );
    assert_eq!(run(dir.path(), &["add", &server.url("/other.xml")]).code, 0);
    let out = run(dir.path(), &["refresh"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    let list = json(&run(dir.path(), &["list", "--json"]).stdout);
    assert_eq!(common::titled(&list, "story-1.html")["url"], server.url("/desk/story-1.html"));
    assert_eq!(common::titled(&list, "story-2.html")["url"], server.url("/archive/2026/story-2.html"));
    // A page previewed through a redirect: its story links resolve where it ended.
    server.set("/front", Response::status(301).header("Location", "/desk/front.html"));
    let page = "<main><a href=\"2026/11/26/a-story-with-a-long-slug\">A headline long enough to be a story</a></main>";
    server.set("/desk/front.html", Response::ok("text/html", page));
    let preview = run(dir.path(), &["preview-source", &server.url("/front"), "--urls-only"]);
    assert_eq!(
        preview.stdout,
        format!("{}\n", server.url("/desk/2026/11/26/a-story-with-a-long-slug")),
        "{}",
        preview.stderr
    );
}
