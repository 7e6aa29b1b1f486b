//! The configuration: an embedded default, or the user's TOML file, validated whole before
//! anything starts. Errors name the file, the line and the key.

pub mod command;
pub mod keymap;
pub mod opml;
pub mod sources_file;

use crate::domain::SourceSpec;
use crate::fetch::http::HttpSettings;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;

/// The default configuration, built into the binary; also the documented example.
pub const DEFAULT_TOML: &str = include_str!("../../config.example.toml");

/// Whether links in articles become clickable OSC 8 hyperlinks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hyperlinks {
    /// When the terminal is known to support them.
    Auto,
    Always,
    Never,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("config file {}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub export_dir: PathBuf,
    pub export_format: crate::content::export::Format,
    /// Template of exported files' names, without the extension.
    pub file_name: String,
    pub text_width: usize,
    pub refresh_on_start: bool,
    pub refresh_interval: Option<Duration>,
    /// Retention for sources that set none.
    pub retention: crate::domain::Retention,
    pub browser: Option<String>,
    pub hyperlinks: Hyperlinks,
    pub concurrency: usize,
    pub politeness: crate::fetch::host_gate::Politeness,
    pub http: HttpSettings,
    pub sources: Vec<SourceSpec>,
}

impl PartialEq for HttpSettings {
    fn eq(&self, other: &Self) -> bool {
        self.timeout == other.timeout
            && self.connect_timeout == other.connect_timeout
            && self.max_body_bytes == other.max_body_bytes
            && self.max_redirects == other.max_redirects
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    general: RawGeneral,
    #[serde(default)]
    network: RawNetwork,
    #[serde(default)]
    source: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawGeneral {
    export_dir: String,
    export_format: Spanned<String>,
    file_name: Spanned<String>,
    text_width: Spanned<i64>,
    refresh_on_start: bool,
    refresh_interval_minutes: Spanned<i64>,
    keep_days: Spanned<i64>,
    keep_count: Spanned<i64>,
    browser: String,
    hyperlinks: Spanned<String>,
}

impl Default for RawGeneral {
    fn default() -> Self {
        RawGeneral {
            export_dir: "~/newsdesk".into(),
            export_format: Spanned::new(0..0, "md".into()),
            file_name: Spanned::new(0..0, crate::content::export::DEFAULT_FILE_NAME.into()),
            text_width: Spanned::new(0..0, 80),
            refresh_on_start: true,
            refresh_interval_minutes: Spanned::new(0..0, 30),
            keep_days: Spanned::new(0..0, 0),
            keep_count: Spanned::new(0..0, 0),
            browser: String::new(),
            hyperlinks: Spanned::new(0..0, "auto".into()),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct RawNetwork {
    concurrency: Spanned<i64>,
    per_host: Spanned<i64>,
    host_spacing_ms: Spanned<i64>,
    timeout_seconds: Spanned<i64>,
    connect_timeout_seconds: Spanned<i64>,
    max_body_mb: Spanned<i64>,
}

impl Default for RawNetwork {
    fn default() -> Self {
        RawNetwork {
            concurrency: Spanned::new(0..0, 32),
            per_host: Spanned::new(0..0, 2),
            host_spacing_ms: Spanned::new(0..0, 25),
            timeout_seconds: Spanned::new(0..0, 30),
            connect_timeout_seconds: Spanned::new(0..0, 10),
            max_body_mb: Spanned::new(0..0, 32),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    url: Spanned<String>,
    title: Option<String>,
    folder: Option<String>,
    full_text: Option<Spanned<String>>,
    keep_days: Option<Spanned<i64>>,
    keep_count: Option<Spanned<i64>>,
    interval: Option<Spanned<i64>>,
    headers: Option<Spanned<std::collections::BTreeMap<String, String>>>,
    kind: Option<Spanned<String>>,
    link_selector: Option<Spanned<String>>,
    link_pattern: Option<Spanned<String>>,
    exclude_pattern: Option<Spanned<String>>,
    max_pages: Option<Spanned<i64>>,
}

impl Config {
    /// The built-in configuration.
    pub fn embedded() -> Config {
        Config::parse(DEFAULT_TOML, Path::new("<built-in config>")).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Reads `path`; when `required` is false and the file does not exist, the built-in
    /// configuration is used.
    pub fn load(path: &Path, required: bool) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => Ok(Config::embedded()),
            Err(source) => Err(ConfigError::Read { path: path.into(), source }),
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid { path: path.into(), message };
        let raw: RawConfig = toml::from_str(text).map_err(|e| invalid(describe_toml_error(text, &e)))?;
        let at = |span: std::ops::Range<usize>, key: &str, problem: &str| {
            invalid(format!("line {}: {key}: {problem}", line_of(text, span.start)))
        };
        let positive = |v: &Spanned<i64>, key: &str, max: i64| {
            if (1..=max).contains(v.get_ref()) {
                Ok(*v.get_ref())
            } else {
                Err(at(v.span(), key, &format!("must be a whole number from 1 to {max}")))
            }
        };
        let g = &raw.general;
        let export_format =
            crate::content::export::Format::parse(g.export_format.get_ref()).ok_or_else(|| {
                at(
                    g.export_format.span(),
                    "general.export_format",
                    "must be \"md\", \"txt\", \"html\", \"json\" or \"epub\"",
                )
            })?;
        let text_width = positive(&g.text_width, "general.text_width", 1000)? as usize;
        let interval = *g.refresh_interval_minutes.get_ref();
        if !(0..=10_080).contains(&interval) {
            return Err(at(
                g.refresh_interval_minutes.span(),
                "general.refresh_interval_minutes",
                "must be from 0 (off) to 10080",
            ));
        }
        let n = &raw.network;
        let mut sources = Vec::with_capacity(raw.source.len());
        for (i, s) in raw.source.iter().enumerate() {
            let url = s.url.get_ref().trim();
            let ok = crate::domain::is_web_url(url);
            if !ok {
                return Err(at(s.url.span(), &format!("source[{}].url", i + 1), "not an http(s) address"));
            }
            if sources.iter().any(|p: &SourceSpec| p.url == url) {
                return Err(at(
                    s.url.span(),
                    &format!("source[{}].url", i + 1),
                    "this source is listed twice",
                ));
            }
            let full_text = match &s.full_text {
                None => crate::domain::FullTextMode::default(),
                Some(mode) => crate::domain::FullTextMode::parse(mode.get_ref()).ok_or_else(|| {
                    at(
                        mode.span(),
                        &format!("source[{}].full_text", i + 1),
                        "must be \"auto\", \"always\" or \"never\"",
                    )
                })?,
            };
            let limit = |v: &Option<Spanned<i64>>, key: &str| -> Result<Option<i64>, ConfigError> {
                match v {
                    None => Ok(None),
                    Some(v) if (0..=1_000_000).contains(v.get_ref()) => Ok(Some(*v.get_ref())),
                    Some(v) => Err(at(
                        v.span(),
                        &format!("source[{}].{key}", i + 1),
                        "must be from 0 (no limit) to 1000000",
                    )),
                }
            };
            let keep = crate::domain::Retention {
                days: limit(&s.keep_days, "keep_days")?.map(|d| d as u32),
                count: limit(&s.keep_count, "keep_count")?.map(|c| c as usize),
            };
            let interval_secs = match &s.interval {
                None => None,
                Some(v) if (1..=10_080).contains(v.get_ref()) => Some(*v.get_ref() as u64 * 60),
                Some(v) => {
                    return Err(at(
                        v.span(),
                        &format!("source[{}].interval", i + 1),
                        "must be from 1 to 10080 minutes",
                    ));
                }
            };
            let mut headers = Vec::new();
            if let Some(table) = &s.headers {
                for (name, value) in table.get_ref() {
                    let valid = crate::fetch::http::is_valid_header(name, value);
                    if !valid {
                        return Err(at(
                            table.span(),
                            &format!("source[{}].headers", i + 1),
                            &format!(
                                "{} is not a valid HTTP header",
                                crate::domain::safe_text::clean_line(name)
                            ),
                        ));
                    }
                    headers.push((name.clone(), value.clone()));
                }
            }
            let key = |name: &str| format!("source[{}].{name}", i + 1);
            let html = match s.kind.as_ref().map(|k| (k.get_ref().as_str(), k.span())) {
                None | Some(("feed", _)) => None,
                Some(("html", _)) => Some(crate::content::story_links::LinkRules {
                    selector: s.link_selector.as_ref().map(|v| v.get_ref().clone()),
                    pattern: s.link_pattern.as_ref().map(|v| v.get_ref().clone()),
                    exclude: s.exclude_pattern.as_ref().map(|v| v.get_ref().clone()),
                }),
                Some((_, span)) => return Err(at(span, &key("kind"), "must be \"feed\" or \"html\"")),
            };
            for (name, value) in [
                ("link_selector", &s.link_selector),
                ("link_pattern", &s.link_pattern),
                ("exclude_pattern", &s.exclude_pattern),
            ] {
                let Some(value) = value else { continue };
                if html.is_none() {
                    return Err(at(value.span(), &key(name), "only for a source with kind = \"html\""));
                }
                let problem = if name == "link_selector" {
                    dom_query::Matcher::new(value.get_ref())
                        .is_err()
                        .then(|| "not a CSS selector".to_string())
                } else {
                    regex::Regex::new(value.get_ref()).err().map(|e| {
                        format!(
                            "not a regular expression ({})",
                            crate::domain::safe_text::clean_line(&e.to_string())
                        )
                    })
                };
                if let Some(problem) = problem {
                    return Err(at(value.span(), &key(name), &problem));
                }
            }
            let max_pages = match &s.max_pages {
                None => None,
                Some(v) if (1..=1000).contains(v.get_ref()) => Some(*v.get_ref() as usize),
                Some(v) => return Err(at(v.span(), &key("max_pages"), "must be from 1 to 1000")),
            };
            sources.push(SourceSpec {
                html,
                max_pages,
                full_text,
                keep,
                interval_secs,
                headers,
                url: url.to_string(),
                title: s.title.as_deref().map(crate::domain::safe_text::clean_line).filter(|t| !t.is_empty()),
                folder: s
                    .folder
                    .as_deref()
                    .map(crate::domain::safe_text::clean_line)
                    .filter(|f| !f.is_empty()),
            });
        }
        Ok(Config {
            export_dir: crate::os::paths::expand_home(&g.export_dir),
            export_format,
            file_name: {
                let t = g.file_name.get_ref();
                if !["{date}", "{source}", "{title}", "{id}"].iter().any(|p| t.contains(p)) {
                    return Err(at(
                        g.file_name.span(),
                        "general.file_name",
                        "must use {title}, {id}, {date} or {source}",
                    ));
                }
                t.clone()
            },
            text_width,
            refresh_on_start: g.refresh_on_start,
            refresh_interval: (interval > 0).then(|| Duration::from_secs(interval as u64 * 60)),
            retention: crate::domain::Retention {
                days: match *g.keep_days.get_ref() {
                    0 => None,
                    d @ 1..=1_000_000 => Some(d as u32),
                    _ => {
                        return Err(at(
                            g.keep_days.span(),
                            "general.keep_days",
                            "must be from 0 (no limit) to 1000000",
                        ));
                    }
                },
                count: match *g.keep_count.get_ref() {
                    0 => None,
                    c @ 1..=1_000_000 => Some(c as usize),
                    _ => {
                        return Err(at(
                            g.keep_count.span(),
                            "general.keep_count",
                            "must be from 0 (no limit) to 1000000",
                        ));
                    }
                },
            },
            browser: Some(g.browser.trim().to_string()).filter(|b| !b.is_empty()),
            hyperlinks: match g.hyperlinks.get_ref().as_str() {
                "auto" => Hyperlinks::Auto,
                "always" => Hyperlinks::Always,
                "never" => Hyperlinks::Never,
                _ => {
                    return Err(at(
                        g.hyperlinks.span(),
                        "general.hyperlinks",
                        "must be \"auto\", \"always\" or \"never\"",
                    ));
                }
            },
            concurrency: positive(&n.concurrency, "network.concurrency", 1024)? as usize,
            politeness: crate::fetch::host_gate::Politeness {
                per_host: positive(&n.per_host, "network.per_host", 64)? as usize,
                spacing: Duration::from_millis(match *n.host_spacing_ms.get_ref() {
                    ms @ 0..=60_000 => ms as u64,
                    _ => {
                        return Err(at(
                            n.host_spacing_ms.span(),
                            "network.host_spacing_ms",
                            "must be from 0 to 60000",
                        ));
                    }
                }),
            },
            http: HttpSettings {
                timeout: Duration::from_secs(
                    positive(&n.timeout_seconds, "network.timeout_seconds", 3600)? as u64
                ),
                connect_timeout: Duration::from_secs(positive(
                    &n.connect_timeout_seconds,
                    "network.connect_timeout_seconds",
                    3600,
                )? as u64),
                max_body_bytes: (positive(&n.max_body_mb, "network.max_body_mb", 4096)? as usize) << 20,
                max_redirects: 5,
            },
            sources,
        })
    }
}

impl Config {
    /// How exports are made; `book_title` names a book of several stories.
    pub fn export_style(&self, book_title: Option<String>) -> crate::content::export::plan::ExportStyle {
        crate::content::export::plan::ExportStyle {
            file_name: self.file_name.clone(),
            text_width: self.text_width,
            book_title,
        }
    }

    /// The refresh these settings ask for, on the library behind `store`.
    pub fn refresher(
        &self,
        store: crate::store::worker::StoreHandle,
    ) -> Result<crate::fetch::refresh::Refresher, crate::fetch::http::FetchError> {
        Ok(crate::fetch::refresh::Refresher {
            store,
            fetcher: crate::fetch::http::Fetcher::new(self.http.clone())?,
            gate: std::sync::Arc::new(crate::fetch::host_gate::HostGate::new(self.politeness)),
            concurrency: self.concurrency,
            retention: self.retention,
        })
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// toml's own messages span several lines with a caret diagram; this gives one line that
/// names the line and, where the error sits on a `key = value` line, the dotted key.
fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim().to_string();
    let Some(span) = error.span() else {
        return message;
    };
    let line_no = line_of(text, span.start);
    let line = text.lines().nth(line_no - 1).unwrap_or("");
    let key = line.split_once('=').map(|(k, _)| k.trim()).filter(|k| !k.is_empty() && !k.starts_with('['));
    let before: Vec<&str> = text.lines().take(line_no).collect();
    let table = before.iter().rev().find_map(|l| {
        l.trim().strip_prefix('[').map(|t| t.trim_matches(|c| c == '[' || c == ']').trim().to_string())
    });
    match (table, key) {
        (Some(table), Some(key)) => format!("line {line_no}: {table}.{key}: {message}"),
        (None, Some(key)) => format!("line {line_no}: {key}: {message}"),
        _ => format!("line {line_no}: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_config_is_valid_and_lists_a_dozen_sources() {
        let config = Config::embedded();
        assert!(config.sources.len() >= 12);
        assert!(config.sources.iter().any(|s| s.url.contains("rt.com")));
        assert_eq!(config.concurrency, 32);
        assert_eq!(config.politeness.per_host, 2);
    }

    #[test]
    fn errors_name_file_line_and_key() {
        let text = "[network]\nconcurrency = 0\n";
        let err = Config::parse(text, Path::new("/x/c.toml")).expect_err("invalid").to_string();
        assert_eq!(
            err,
            "config file /x/c.toml: line 2: network.concurrency: must be a whole number from 1 to 1024"
        );
        let err = Config::parse("[general]\nexport_dri = 1\n", Path::new("c.toml"))
            .expect_err("unknown")
            .to_string();
        assert!(err.contains("line 2") && err.contains("export_dri"), "{err}");
        let err = Config::parse("[[source]]\nurl = \"file:///etc/passwd\"\n", Path::new("c.toml"))
            .expect_err("bad url")
            .to_string();
        assert!(err.contains("line 2: source[1].url: not an http(s) address"), "{err}");
    }
}
