//! `--demo`: the real reader on an offline library. An in-process server on 127.0.0.1
//! serves the feeds and article pages of `assets/demo/`, built into the binary.

pub mod server;

use crate::config::Config;
use server::{Response, Server};
use std::collections::HashMap;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/demo_assets.rs"));

const BASE_PLACEHOLDER: &str = "{{BASE}}";

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("xml") => "application/rss+xml; charset=utf-8",
        Some("atom") => "application/atom+xml; charset=utf-8",
        Some("json") => "application/feed+json; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    }
}

/// Starts the demo server and returns it with the demo's sources in place of the user's.
pub fn start(mut config: Config) -> anyhow::Result<(Server, Config)> {
    let mut routes = HashMap::new();
    let server = Server::start(HashMap::new())?;
    let base = server.base_url();
    let mut sources_toml = None;
    for (path, bytes) in DEMO_FILES {
        let text = String::from_utf8_lossy(bytes).replace(BASE_PLACEHOLDER, &base);
        if *path == "sources.toml" {
            sources_toml = Some(text);
            continue;
        }
        if let Some(dir) = path.strip_suffix("index.html") {
            routes.insert(format!("/{dir}"), Response::ok(content_type(path), text.clone().into_bytes()));
        }
        routes.insert(format!("/{path}"), Response::ok(content_type(path), text.into_bytes()));
    }
    for (path, response) in routes {
        server.set(&path, response);
    }
    let sources = sources_toml.ok_or_else(|| anyhow::anyhow!("the demo has no sources.toml"))?;
    config.sources = Config::parse(&sources, Path::new("<demo sources>"))?.sources;
    Ok((server, config))
}
