//! The real binary, `--demo`, in a real pseudo-terminal: open a story, bookmark it, export
//! it, quit; then check the screen, the file, the library and the terminal's state.

mod common;

#[test]
fn demo_session_reads_bookmarks_exports_and_restores_the_terminal() {
    let dir = tempfile::tempdir().expect("tmp");
    let config = common::write_config(dir.path(), &[], "");
    let text = std::fs::read_to_string(&config)
        .expect("config")
        .replace("refresh_on_start = false", "refresh_on_start = true")
        .replace("[general]\n", "[general]\nhyperlinks = \"always\"\n");
    std::fs::write(&config, text).expect("config");
    let db = dir.path().join("demo.db");

    let mut screen = common::pty::Session::start(
        dir.path(),
        &["--demo", "--config", config.to_str().expect("utf8"), "--db", db.to_str().expect("utf8")],
        40,
        120,
    );
    screen.wait_for("refreshed 6/6", 30);
    screen.wait_for("Comet's closest pass", 10);
    screen.press("\r"); // "All" in the sources pane: focus moves to the story list
    screen.press("\r"); // open the newest story
    let shown = screen.wait_for("radar telescopes", 10);
    assert!(shown.contains("Field Notes · Nadia Rahman"), "{shown}");
    assert!(!shown.contains("icon bookmark"), "no page chrome: {shown}");
    screen.press("b");
    screen.wait_for("Bookmarked", 10);
    screen.press("e");
    screen.wait_for("Tab format", 5);
    screen.press("\r");
    let exported = screen.wait_for("Exported to", 10);
    screen.press("q");
    let status = screen.wait_exit(10);
    assert!(status.success(), "exit status {status:?}");

    // The terminal was restored: alternate screen left, cursor shown again.
    let raw = screen.raw();
    let entered = raw.rfind("\u{1b}[?1049h").expect("entered the alternate screen");
    let left = raw.rfind("\u{1b}[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    // The story's link was written as an OSC 8 hyperlink.
    let link = "\u{1b}]8;;https://observatory.example/comet-radar\u{1b}\\the observatory's site";
    assert!(raw.contains(link), "no hyperlink");
    assert!(screen.restored());

    let files: Vec<_> =
        std::fs::read_dir(dir.path().join("exports")).expect("exports").flatten().map(|e| e.path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().and_then(|n| n.to_str()).expect("name").to_string();
    assert!(exported.contains(&name[..20.min(name.len())]), "status names the file: {exported}");
    assert!(name.starts_with("2026-11-26-field-notes-comet-s-closest-pass"), "{name}");
    let md = std::fs::read_to_string(&files[0]).expect("read export");
    assert!(md.starts_with("---\ntitle: \"Comet's closest pass offers rare view of its nucleus\"\n"), "{md}");
    assert!(md.contains("author: \"Nadia Rahman\""), "{md}");
    assert!(md.contains("radar telescopes to map its nucleus"), "{md}");

    let out = std::process::Command::new(common::bin())
        .args([
            "--config",
            config.to_str().expect("utf8"),
            "--db",
            db.to_str().expect("utf8"),
            "bookmarks",
            "--json",
        ])
        .env("HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .output()
        .expect("run bookmarks");
    let marked: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let titles: Vec<&str> =
        marked.as_array().expect("array").iter().filter_map(|s| s["title"].as_str()).collect();
    assert_eq!(titles, vec!["Comet's closest pass offers rare view of its nucleus"]);
}

#[test]
fn sources_are_added_from_inside_the_reader() {
    use newsdesk::demo::server::{Response, Server};
    let server = Server::start(std::collections::HashMap::new()).expect("server");
    server.set("/feed.xml", Response::ok("application/rss+xml", common::fixture("rss2.xml")));
    let dir = tempfile::tempdir().expect("tmp");
    let config = common::write_config(dir.path(), &[], "");
    let before = std::fs::read_to_string(&config).expect("config");
    let db = dir.path().join("lib.db");
    let mut screen = common::pty::Session::start(
        dir.path(),
        &["--config", config.to_str().expect("utf8"), "--db", db.to_str().expect("utf8")],
        30,
        100,
    );
    screen.wait_for("Sources", 10);
    screen.press("a");
    screen.wait_for("Add a source", 5);
    screen.press(&server.url("/feed.xml"));
    screen.press("\r");
    screen.wait_for("Added", 10);
    screen.wait_for("Lakeside Cour", 5);
    screen.press("q");
    screen.wait_exit(10);
    let after = std::fs::read_to_string(&config).expect("config");
    assert!(after.starts_with(&before), "the user's file is kept as it was");
    assert!(
        after.contains(&format!("url = \"{}\"\ntitle = \"Lakeside Courier\"", server.url("/feed.xml"))),
        "{after}"
    );
}
