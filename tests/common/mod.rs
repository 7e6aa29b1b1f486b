//! Shared pieces for the integration tests: fixtures and a loopback server.
#![allow(dead_code)]

use newsdesk::demo::server::{Response, Server};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub mod hostile;
pub mod pty;

pub fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

pub fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("json") => "application/feed+json",
        Some("html") => "text/html; charset=utf-8",
        _ => "application/xml",
    }
}

/// A server that serves each named fixture at `/<name>`.
pub fn serve_fixtures(names: &[&str]) -> Server {
    let routes: HashMap<String, Response> =
        names.iter().map(|n| (format!("/{n}"), Response::ok(content_type(n), fixture(n)))).collect();
    Server::start(routes).expect("start server")
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_newsdesk"))
}

/// A config file listing `urls` as sources, with exports going to `export_dir`.
pub fn write_config(dir: &Path, urls: &[String], extra: &str) -> PathBuf {
    let mut text = format!(
        "[general]\nexport_dir = \"{}\"\nrefresh_on_start = false\nrefresh_interval_minutes = 0\n{extra}\n",
        dir.join("exports").display()
    );
    for url in urls {
        text.push_str(&format!("[[source]]\nurl = \"{url}\"\n\n"));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write config");
    path
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the real binary with `--config` and `--db` inside `dir`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let out = std::process::Command::new(bin())
        .arg("--config")
        .arg(dir.join("config.toml"))
        .arg("--db")
        .arg(dir.join("library.db"))
        .args(args)
        .env("HOME", dir)
        .env("XDG_STATE_HOME", dir.join("state"))
        .env_remove("NEWSDESK_CONFIG")
        .env_remove("NEWSDESK_DB")
        .output()
        .expect("run newsdesk");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The story titled `title` in the output of `list --json`.
pub fn titled<'a>(list: &'a serde_json::Value, title: &str) -> &'a serde_json::Value {
    let stories = list.as_array().expect("list --json prints an array");
    stories
        .iter()
        .find(|s| s["title"] == title)
        .unwrap_or_else(|| panic!("no story titled {title:?} in {list}"))
}
