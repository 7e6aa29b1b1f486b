//! The real binary, `--demo`, in a real pseudo-terminal: open a story, bookmark it, export
//! it, quit; then check the screen, the file, the library and the terminal's state.

mod common;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
}

impl Screen {
    fn text(&self) -> String {
        self.parser.lock().map(|p| p.screen().contents()).unwrap_or_default()
    }

    /// Waits until the screen shows `needle`; panics with the screen after `secs`.
    fn wait_for(&self, needle: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(Instant::now() < deadline, "waited for {needle:?}; the screen shows:\n{text}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

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

    let pty = native_pty_system()
        .openpty(PtySize { rows: 40, cols: 120, pixel_width: 0, pixel_height: 0 })
        .expect("pty");
    let mut cmd = CommandBuilder::new(common::bin());
    cmd.args(["--demo", "--config", config.to_str().expect("utf8"), "--db", db.to_str().expect("utf8")]);
    cmd.env("HOME", dir.path());
    cmd.env("XDG_STATE_HOME", dir.path().join("state"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NEWSDESK_CONFIG");
    cmd.env_remove("NEWSDESK_DB");
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let screen = Screen {
        parser: Arc::new(Mutex::new(vt100::Parser::new(40, 120, 0))),
        raw: Arc::new(Mutex::new(Vec::new())),
    };
    let (parser, raw) = (Arc::clone(&screen.parser), Arc::clone(&screen.raw));
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = parser.lock() {
                p.process(&buf[..n]);
            }
            if let Ok(mut r) = raw.lock() {
                r.extend_from_slice(&buf[..n]);
            }
        }
    });
    let mut press = |keys: &str| {
        writer.write_all(keys.as_bytes()).expect("type");
        writer.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(150));
    };

    screen.wait_for("refreshed 6/6", 30);
    screen.wait_for("Comet's closest pass", 10);
    press("\r"); // "All" in the sources pane: focus moves to the story list
    press("\r"); // open the newest story
    let shown = screen.wait_for("radar telescopes", 10);
    assert!(shown.contains("Field Notes · Nadia Rahman"), "{shown}");
    assert!(!shown.contains("icon bookmark"), "no page chrome: {shown}");
    press("b");
    screen.wait_for("Bookmarked", 10);
    press("e");
    screen.wait_for("Tab format", 5);
    press("\r");
    let exported = screen.wait_for("Exported to", 10);
    press("q");

    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "the reader did not quit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    std::thread::sleep(Duration::from_millis(200));

    // The terminal was restored: alternate screen left, cursor shown again.
    let raw = screen.raw.lock().map(|r| r.clone()).unwrap_or_default();
    let raw = String::from_utf8_lossy(&raw);
    let entered = raw.rfind("\u{1b}[?1049h").expect("entered the alternate screen");
    let left = raw.rfind("\u{1b}[?1049l").expect("left the alternate screen");
    assert!(left > entered);
    // The story's link was written as an OSC 8 hyperlink.
    let link = "\u{1b}]8;;https://observatory.example/comet-radar\u{1b}\\the observatory's site";
    assert!(raw.contains(link), "no hyperlink");
    let parser = screen.parser.lock().expect("parser");
    assert!(!parser.screen().alternate_screen());
    assert!(!parser.screen().hide_cursor());
    drop(parser);

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
    let pty = native_pty_system()
        .openpty(PtySize { rows: 30, cols: 100, pixel_width: 0, pixel_height: 0 })
        .expect("pty");
    let mut cmd = CommandBuilder::new(common::bin());
    cmd.args(["--config", config.to_str().expect("utf8"), "--db", db.to_str().expect("utf8")]);
    cmd.env("HOME", dir.path());
    cmd.env("XDG_STATE_HOME", dir.path().join("state"));
    cmd.env("TERM", "xterm-256color");
    let mut child = pty.slave.spawn_command(cmd).expect("spawn");
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let mut writer = pty.master.take_writer().expect("writer");
    let screen = Screen {
        parser: Arc::new(Mutex::new(vt100::Parser::new(30, 100, 0))),
        raw: Arc::new(Mutex::new(Vec::new())),
    };
    let parser = Arc::clone(&screen.parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = parser.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    let mut press = |keys: &str| {
        writer.write_all(keys.as_bytes()).expect("type");
        writer.flush().expect("flush");
        std::thread::sleep(Duration::from_millis(150));
    };
    screen.wait_for("Sources", 10);
    press("a");
    screen.wait_for("Add a source", 5);
    press(&server.url("/feed.xml"));
    press("\r");
    screen.wait_for("Added", 10);
    screen.wait_for("Lakeside Cour", 5);
    press("q");
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().expect("wait").is_none() {
        assert!(Instant::now() < deadline, "the reader did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }
    let after = std::fs::read_to_string(&config).expect("config");
    assert!(after.starts_with(&before), "the user's file is kept as it was");
    assert!(
        after.contains(&format!("url = \"{}\"\ntitle = \"Lakeside Courier\"", server.url("/feed.xml"))),
        "{after}"
    );
}
