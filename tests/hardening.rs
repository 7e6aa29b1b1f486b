//! Hostile servers, configs and signals against the real binary: secrets stay with their
//! origin, slow servers end at the deadline, one bad source line costs only that source,
//! config edits go through symbolic links, and every signal gives the terminal back.

mod common;

use common::hostile::{Hostile, Manner};
use newsdesk::demo::server::{Response, Server};
use std::collections::HashMap;
use std::time::{Duration, Instant};

fn feed(title: &str) -> Response {
    let xml = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
         <item><title>One story</title><link>http://127.0.0.1/one</link><guid>one</guid></item>\
         </channel></rss>"
    );
    Response::ok("application/rss+xml", xml)
}

fn source_with_headers(url: &str) -> String {
    format!(
        "[[source]]\nurl = \"{url}\"\nheaders = {{ Authorization = \"Bearer s3cret\", Cookie = \"session=abc\" }}\n"
    )
}

#[test]
fn a_sources_secrets_never_follow_a_redirect_to_another_origin() {
    let home = Server::start(HashMap::new()).expect("server");
    let elsewhere = Server::start(HashMap::new()).expect("server");
    home.set("/away.xml", Response::status(302).header("Location", &elsewhere.url("/feed.xml")));
    home.set("/moved.xml", Response::status(302).header("Location", "/feed.xml"));
    home.set("/feed.xml", feed("Home"));
    elsewhere.set("/feed.xml", feed("Elsewhere"));
    let dir = tempfile::tempdir().expect("tmp");
    let with_credentials = home.url("/away.xml").replace("http://", "http://bob:hunter2@");
    let text = format!(
        "[general]\nrefresh_on_start = false\n{}{}[[source]]\nurl = \"{with_credentials}\"\n",
        source_with_headers(&home.url("/away.xml")),
        source_with_headers(&home.url("/moved.xml")),
    );
    std::fs::write(dir.path().join("config.toml"), text).expect("config");
    let out = common::run(dir.path(), &["refresh", "--json"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);

    let at_home = home.requests();
    let sent_home = |path: &str, header: &str| {
        at_home
            .iter()
            .filter(|r| r.path == path)
            .filter_map(|r| r.header(header).map(str::to_string))
            .collect::<Vec<_>>()
    };
    assert!(sent_home("/away.xml", "authorization").contains(&"Bearer s3cret".to_string()));
    assert!(
        sent_home("/away.xml", "authorization").contains(&"Basic Ym9iOmh1bnRlcjI=".to_string()),
        "userinfo as Basic"
    );
    assert_eq!(sent_home("/feed.xml", "cookie"), ["session=abc"], "a same-origin redirect keeps them");
    assert_eq!(sent_home("/feed.xml", "authorization"), ["Bearer s3cret"]);
    let away = elsewhere.requests();
    assert_eq!(away.len(), 2, "both redirects were followed");
    for request in &away {
        assert_eq!(request.header("authorization"), None, "{request:?}");
        assert_eq!(request.header("cookie"), None, "{request:?}");
    }

    let listed = common::run(dir.path(), &["sources", "--json"]);
    assert!(!listed.stdout.contains("hunter2") && listed.stdout.contains("***@"), "{}", listed.stdout);
    assert!(!listed.stdout.contains("s3cret"), "{}", listed.stdout);
    let log =
        std::fs::read_to_string(dir.path().join("state/newsdesk/newsdesk.log")).expect("the refresh logged");
    assert!(log.contains("polled"), "{log}");
    assert!(!log.contains("hunter2") && !log.contains("s3cret"), "{log}");
}

#[test]
fn silent_dripping_and_trickling_servers_end_at_the_deadline() {
    let silent = Hostile::start(Manner::Silent);
    let dripping = Hostile::start(Manner::DripHeaders);
    let trickling = Hostile::start(Manner::TrickleBody);
    let healthy = Server::start(HashMap::new()).expect("server");
    healthy.set("/feed.xml", feed("Healthy"));
    let dir = tempfile::tempdir().expect("tmp");
    let urls = [
        silent.url("/feed.xml"),
        dripping.url("/feed.xml"),
        trickling.url("/feed.xml"),
        healthy.url("/feed.xml"),
    ];
    common::write_config(dir.path(), &urls, "[network]\ntimeout_seconds = 2\n");
    let started = Instant::now();
    let out = common::run(dir.path(), &["refresh", "--json"]);
    // A hang would run for the servers' minute; the deadline ends each in two seconds.
    assert!(started.elapsed() < Duration::from_secs(20), "the refresh waited on a slow server");
    let report: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let error_of = |url: &str| {
        let results = report["results"].as_array().expect("results");
        let line = results.iter().find(|r| r["url"] == url).unwrap_or_else(|| panic!("{url} in {report}"));
        line["error"].as_str().unwrap_or("").to_string()
    };
    assert_eq!(error_of(&urls[0]), "no answer in 2 s");
    assert_eq!(error_of(&urls[1]), "no answer in 2 s");
    assert!(error_of(&urls[2]).starts_with("body too slow: "), "{}", error_of(&urls[2]));
    assert_eq!(report["ok"], 1, "{report}");
    assert_eq!(report["failed"], 3, "{report}");
}

#[test]
fn one_bad_source_line_costs_only_that_source() {
    let server = common::serve_fixtures(&["rss2.xml"]);
    let dir = tempfile::tempdir().expect("tmp");
    let good = server.url("/rss2.xml");
    let text = format!(
        "[[source]]\nurl = \"{good}\"\n[[source]]\nurl = \"file:///etc/passwd\"\n[[source]]\nurl = \"{good}\"\n\
         [[source]]\nurl = \"http://\"\n"
    );
    std::fs::write(dir.path().join("config.toml"), text).expect("config");
    let refreshed = common::run(dir.path(), &["refresh"]);
    assert_eq!(refreshed.code, 0, "{}", refreshed.stderr);
    assert!(refreshed.stdout.contains("1 of 1 sources ok"), "{}", refreshed.stdout);
    let config = dir.path().join("config.toml").display().to_string();
    for (line, reason) in [
        (4, "source[2].url: not an http(s) address"),
        (6, "source[3].url: this source is listed twice"),
        (8, "source[4].url: not an http(s) address"),
    ] {
        let expected =
            format!("newsdesk: config file {config}: line {line}: {reason}; this source is skipped");
        assert!(refreshed.stderr.contains(&expected), "{expected} in {}", refreshed.stderr);
    }
    let listed = common::run(dir.path(), &["list", "--json"]);
    assert_eq!(listed.code, 0);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&listed.stdout).expect("json").as_array().map(Vec::len),
        Some(3)
    );
}

#[test]
fn a_config_that_cannot_be_trusted_still_lets_the_library_be_read() {
    let server = common::serve_fixtures(&["rss2.xml"]);
    let dir = tempfile::tempdir().expect("tmp");
    common::write_config(dir.path(), &[server.url("/rss2.xml")], "");
    assert_eq!(common::run(dir.path(), &["refresh"]).code, 0);
    std::fs::write(
        dir.path().join("config.toml"),
        "[general]\nexport_dir = \"x\"\nrefresh_on_startt = true\n",
    )
    .expect("config");
    let refresh = common::run(dir.path(), &["refresh"]);
    assert_eq!(refresh.code, 1);
    assert!(
        refresh.stderr.contains("line 3") && refresh.stderr.contains("refresh_on_startt"),
        "{}",
        refresh.stderr
    );
    for command in [&["list"][..], &["show", "1"], &["bookmarks"]] {
        let out = common::run(dir.path(), command);
        assert_eq!(out.code, 0, "{command:?}: {}", out.stderr);
        assert!(out.stderr.contains("reading the library without it"), "{}", out.stderr);
    }
    let shown = common::run(dir.path(), &["list"]);
    assert!(shown.stdout.contains("Lakeside Courier"), "{}", shown.stdout);
}

#[cfg(unix)]
#[test]
fn config_edits_write_through_a_symlink_and_keep_the_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tmp");
    let dotfiles = dir.path().join("dotfiles");
    std::fs::create_dir(&dotfiles).expect("mkdir");
    let real = dotfiles.join("newsdesk.toml");
    let original = "# my own notes\n[general]\nrefresh_on_start = false # quiet\n\n[[source]]\nurl = \"https://a.example/feed\"\nheaders = { Authorization = \"Bearer t\" }\n";
    std::fs::write(&real, original).expect("write");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let link = dir.path().join("config.toml");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");

    let added = common::run(dir.path(), &["add", "--html", "https://b.example/news/"]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(
        std::fs::symlink_metadata(&link).expect("link").file_type().is_symlink(),
        "the link stays a link"
    );
    let text = std::fs::read_to_string(&real).expect("target");
    assert!(text.starts_with(original), "comments and layout kept: {text}");
    assert!(text.contains("url = \"https://b.example/news/\"\nkind = \"html\""), "{text}");
    assert_eq!(std::fs::metadata(&real).expect("meta").permissions().mode() & 0o777, 0o600);
    let renamed = common::run(dir.path(), &["rename", "https://a.example/feed", "Alpha"]);
    assert_eq!(renamed.code, 0, "{}", renamed.stderr);
    assert_eq!(std::fs::metadata(&real).expect("meta").permissions().mode() & 0o777, 0o600);
    let leftovers: Vec<_> =
        std::fs::read_dir(&dotfiles).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
}

#[test]
fn a_fresh_machine_gets_only_what_was_added() {
    let dir = tempfile::tempdir().expect("tmp");
    let opml = dir.path().join("feeds.opml");
    std::fs::write(
        &opml,
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><body>\
         <outline text=\"Mine\" type=\"rss\" xmlUrl=\"https://mine.example/feed.xml\"/></body></opml>",
    )
    .expect("opml");
    let out = std::process::Command::new(common::bin())
        .args(["import-opml", opml.to_str().expect("utf8")])
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env_remove("NEWSDESK_CONFIG")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("config/newsdesk/config.toml")).expect("config");
    let config = newsdesk::config::Config::parse(&written, std::path::Path::new("c.toml")).expect("valid");
    let urls: Vec<&str> = config.sources.iter().map(|s| s.url.as_str()).collect();
    assert_eq!(urls, ["https://mine.example/feed.xml"], "no built-in feed was added");
    assert!(written.contains("[general]"), "the settings stay documented");
}

#[test]
fn escape_sequences_are_removed_whole_from_feed_titles() {
    let server = Server::start(HashMap::new()).expect("server");
    let xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Slow \u{1b}[31mRed\u{1b}[0m Feed</title>\
               <item><title>\u{1b}]0;owned\u{7}Story \u{9b}2Jone</title><link>http://127.0.0.1/one</link></item>\
               </channel></rss>";
    server.set("/feed.xml", Response::ok("application/rss+xml", xml));
    let dir = tempfile::tempdir().expect("tmp");
    common::write_config(dir.path(), &[], "");
    let added = common::run(dir.path(), &["add", &server.url("/feed.xml")]);
    assert_eq!(added.code, 0, "{}", added.stderr);
    let config = std::fs::read_to_string(dir.path().join("config.toml")).expect("config");
    assert!(config.contains("title = \"Slow Red Feed\""), "{config}");
    assert_eq!(common::run(dir.path(), &["refresh"]).code, 0);
    let listed = common::run(dir.path(), &["list"]);
    assert!(listed.stdout.contains("Slow Red Feed: Story one"), "{}", listed.stdout);
    assert!(!listed.stdout.contains('\u{1b}') && !listed.stdout.contains("[31m"), "{:?}", listed.stdout);
}

#[cfg(unix)]
mod signals {
    use super::common;
    use common::pty::Session;

    fn reader(dir: &std::path::Path) -> Session {
        let config = common::write_config(dir, &[], "");
        let db = dir.join("library.db");
        let session = Session::start(
            dir,
            &["--config", config.to_str().expect("utf8"), "--db", db.to_str().expect("utf8")],
            24,
            80,
        );
        session.wait_for("Sources", 10);
        session
    }

    fn send(pid: u32, signal: &str) {
        let sent =
            // The shell's own kill: no separate program needed.
            std::process::Command::new("sh").args(["-c", &format!("kill -{signal} {pid}")]).status();
        assert!(sent.expect("kill").success());
    }

    #[test]
    fn every_ending_signal_gives_the_terminal_back_and_closes_the_library() {
        for signal in ["TERM", "HUP", "INT", "QUIT"] {
            let dir = tempfile::tempdir().expect("tmp");
            let mut session = reader(dir.path());
            send(session.pid(), signal);
            session.wait_exit(10);
            assert!(session.restored(), "SIG{signal}: the terminal shows the main screen and the cursor");
            let raw = session.raw();
            let left = raw.rfind("\u{1b}[?1049l").unwrap_or_else(|| panic!("SIG{signal}: left the screen"));
            assert!(left > raw.rfind("\u{1b}[?1049h").expect("entered"), "SIG{signal}");
            assert!(
                !dir.path().join("library.db-wal").exists(),
                "SIG{signal}: the library was closed cleanly"
            );
        }
    }

    fn state_of(pid: u32) -> char {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        stat.rsplit(')').next().and_then(|rest| rest.trim().chars().next()).unwrap_or('?')
    }

    #[test]
    fn ctrl_z_steps_aside_and_fg_draws_the_screen_again() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut session = reader(dir.path());
        session.press("\u{1a}");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while state_of(session.pid()) != 'T' {
            assert!(std::time::Instant::now() < deadline, "the reader did not stop");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(session.restored(), "the shell gets the main screen back");
        let before = session.raw().len();
        send(session.pid(), "CONT");
        session.wait_raw("the screen again", 10, |raw| {
            raw.len() > before && raw[before..].contains("\u{1b}[?1049h")
        });
        session.wait_for("Sources", 10);
        session.press("q");
        assert!(session.wait_exit(10).success());
        assert!(session.restored());
    }
}

#[test]
fn pathological_nesting_is_flattened_and_said_in_every_export() {
    use newsdesk::domain::{FeedItem, HttpStatus, ParsedFeed, PollOutcome, SourceSpec};
    let dir = tempfile::tempdir().expect("tmp");
    common::write_config(dir.path(), &[], "");
    let mut store = newsdesk::store::Store::open(&dir.path().join("library.db")).expect("open");
    store
        .sync_sources(&[SourceSpec { url: "https://deep.example/feed".into(), ..Default::default() }])
        .expect("sync");
    let id = store.sources().expect("sources")[0].id;
    let n = 30_000;
    let bodies = [
        format!("<p>Start.</p>{}deep{}", "<ul><li>".repeat(n), "</li></ul>".repeat(n)),
        format!("<p>Start.</p>{}quoted{}", "<blockquote>".repeat(n), "</blockquote>".repeat(n)),
        format!("<p>Start.</p>{}cell", "<table><tr><td><div>".repeat(n)),
    ];
    let items = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| FeedItem {
            guid: Some(format!("g{i}")),
            title: format!("Deep {i}").into(),
            content: Some(body.clone()),
            ..FeedItem::default()
        })
        .collect();
    let outcome = PollOutcome::Fetched {
        feed: ParsedFeed { items, ..Default::default() },
        validators: Default::default(),
        status: HttpStatus { code: 200, text: "200 OK".into() },
        meta: Default::default(),
    };
    store.record_poll(id, &outcome, chrono::Utc::now()).expect("record");
    drop(store);
    for story in ["1", "2", "3"] {
        for format in ["md", "txt", "html"] {
            let out = common::run(dir.path(), &["export", story, "--format", format, "-o", "-"]);
            assert_eq!(out.code, 0, "{story} {format}: {}", out.stderr);
            assert!(out.stdout.contains("was flattened"), "story {story} as {format} says the cut");
        }
        let shown = common::run(dir.path(), &["show", story, "--width", "80"]);
        assert!(shown.stdout.contains("was flattened"), "{}", shown.stdout);
    }
}
