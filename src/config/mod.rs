//! The configuration: an embedded default, or the user's TOML file, validated whole before
//! anything starts. Errors name the file, the line and the key.

pub mod command;
pub mod keymap;
pub mod opml;
mod parse;
pub mod sources_file;

use crate::domain::SourceSpec;
use crate::fetch::http::HttpSettings;
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    /// Sources left out for a bad value, each with the file, line and reason.
    pub problems: Vec<String>,
}

impl PartialEq for HttpSettings {
    fn eq(&self, other: &Self) -> bool {
        self.timeout == other.timeout
            && self.connect_timeout == other.connect_timeout
            && self.max_body_bytes == other.max_body_bytes
            && self.max_redirects == other.max_redirects
    }
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

    /// Reads a config file's text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        parse::parse(text, path)
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
        let text = "[[source]]\nurl = \"file:///etc/passwd\"\n[[source]]\nurl = \"https://a.example/\"\n\
                    [[source]]\nurl = \"https://a.example/\"\n[[source]]\nurl = \"not a url\"\n";
        let config = Config::parse(text, Path::new("c.toml")).expect("sources are checked one by one");
        assert_eq!(config.sources.len(), 1, "the good one stands");
        assert_eq!(
            config.problems,
            [
                "config file c.toml: line 2: source[1].url: not an http(s) address; this source is skipped",
                "config file c.toml: line 6: source[3].url: this source is listed twice; this source is skipped",
                "config file c.toml: line 8: source[4].url: not an http(s) address; this source is skipped",
            ]
        );
    }

    #[test]
    fn a_page_source_names_its_publishers_other_sites() {
        let text = "[[source]]\nurl = \"https://news.example.com/\"\nkind = \"html\"\nalso_sites = [\"example.co.uk\"]\n\
                    [[source]]\nurl = \"https://b.example/\"\nkind = \"html\"\nalso_sites = [\"https://x.example/path\"]\n\
                    [[source]]\nurl = \"https://c.example/feed\"\nalso_sites = [\"c.example\"]\n";
        let config = Config::parse(text, Path::new("c.toml")).expect("sources are checked one by one");
        assert_eq!(config.sources.len(), 1);
        assert_eq!(
            config.sources[0].html.as_ref().map(|r| r.also_sites.clone()),
            Some(vec!["example.co.uk".to_string()])
        );
        assert_eq!(config.problems.len(), 2, "{:?}", config.problems);
        assert!(
            config.problems[0].contains("line 8: source[2].also_sites")
                && config.problems[0].contains("not a host name"),
            "{:?}",
            config.problems
        );
        assert!(
            config.problems[1].contains("source[3].also_sites: only for a source with kind = \"html\""),
            "{:?}",
            config.problems
        );
    }
}
