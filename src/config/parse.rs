//! Reading a config file's text: TOML into raw tables, then each value checked. Every error
//! names the file, the line and the key.

use super::{Config, ConfigError, Hyperlinks};
use crate::domain::safe_text::clean_line;
use crate::domain::{FullTextMode, LinkRules, Retention, SourceSpec};
use crate::fetch::host_gate::Politeness;
use crate::fetch::http::HttpSettings;
use serde::Deserialize;
use std::path::Path;
use std::time::Duration;
use toml::Spanned;

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
    also_sites: Option<Spanned<Vec<String>>>,
    max_pages: Option<Spanned<i64>>,
}

/// Checks values against the text they came from, so that errors can name their line.
struct Checker<'a> {
    text: &'a str,
    path: &'a Path,
}

impl Checker<'_> {
    fn invalid(&self, message: String) -> ConfigError {
        ConfigError::Invalid { path: self.path.into(), message }
    }

    fn at(&self, span: std::ops::Range<usize>, key: &str, problem: &str) -> ConfigError {
        self.invalid(format!("line {}: {key}: {problem}", line_of(self.text, span.start)))
    }

    /// A whole number from `low` to `high`, else `problem` at its line.
    fn within(
        &self,
        v: &Spanned<i64>,
        key: &str,
        low: i64,
        high: i64,
        problem: &str,
    ) -> Result<i64, ConfigError> {
        let n = *v.get_ref();
        if (low..=high).contains(&n) { Ok(n) } else { Err(self.at(v.span(), key, problem)) }
    }

    fn positive(&self, v: &Spanned<i64>, key: &str, max: i64) -> Result<i64, ConfigError> {
        self.within(v, key, 1, max, &format!("must be a whole number from 1 to {max}"))
    }

    /// 0 for no limit, else the limit.
    fn limit(&self, v: &Spanned<i64>, key: &str) -> Result<Option<i64>, ConfigError> {
        let n = self.within(v, key, 0, 1_000_000, "must be from 0 (no limit) to 1000000")?;
        Ok((n > 0).then_some(n))
    }

    /// One of `choices`, each a word of the config and what it stands for.
    fn one_of<T: Copy>(
        &self,
        v: &Spanned<String>,
        key: &str,
        choices: &[(&str, T)],
    ) -> Result<T, ConfigError> {
        let found = choices.iter().find(|(word, _)| *word == v.get_ref().as_str());
        found.map(|(_, value)| *value).ok_or_else(|| {
            let words: Vec<String> = choices.iter().map(|(w, _)| format!("\"{w}\"")).collect();
            let list = match words.split_last() {
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                None => String::new(),
            };
            self.at(v.span(), key, &format!("must be {list}"))
        })
    }
}

pub(super) fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let check = Checker { text, path };
    let raw: RawConfig = toml::from_str(text).map_err(|e| check.invalid(describe_toml_error(text, &e)))?;
    let mut config = general(&check, &raw.general)?;
    network(&check, &raw.network, &mut config)?;
    (config.sources, config.problems) = sources(&check, &raw.source);
    Ok(config)
}

fn general(check: &Checker<'_>, g: &RawGeneral) -> Result<Config, ConfigError> {
    let export_format =
        crate::content::export::Format::parse(g.export_format.get_ref()).ok_or_else(|| {
            check.at(
                g.export_format.span(),
                "general.export_format",
                "must be \"md\", \"txt\", \"html\", \"json\" or \"epub\"",
            )
        })?;
    let interval = check.within(
        &g.refresh_interval_minutes,
        "general.refresh_interval_minutes",
        0,
        10_080,
        "must be from 0 (off) to 10080",
    )?;
    let template = g.file_name.get_ref();
    if !["{date}", "{source}", "{title}", "{id}"].iter().any(|p| template.contains(p)) {
        let problem = "must use {title}, {id}, {date} or {source}";
        return Err(check.at(g.file_name.span(), "general.file_name", problem));
    }
    let hyperlinks =
        [("auto", Hyperlinks::Auto), ("always", Hyperlinks::Always), ("never", Hyperlinks::Never)];
    Ok(Config {
        export_dir: crate::os::paths::expand_home(&g.export_dir),
        export_format,
        file_name: template.clone(),
        text_width: check.positive(&g.text_width, "general.text_width", 1000)? as usize,
        refresh_on_start: g.refresh_on_start,
        refresh_interval: (interval > 0).then(|| Duration::from_secs(interval as u64 * 60)),
        retention: Retention {
            days: check.limit(&g.keep_days, "general.keep_days")?.map(|d| d as u32),
            count: check.limit(&g.keep_count, "general.keep_count")?.map(|c| c as usize),
        },
        browser: Some(g.browser.trim().to_string()).filter(|b| !b.is_empty()),
        hyperlinks: check.one_of(&g.hyperlinks, "general.hyperlinks", &hyperlinks)?,
        concurrency: 1,
        politeness: Politeness::default(),
        http: HttpSettings::default(),
        sources: Vec::new(),
        problems: Vec::new(),
    })
}

fn network(check: &Checker<'_>, n: &RawNetwork, config: &mut Config) -> Result<(), ConfigError> {
    config.concurrency = check.positive(&n.concurrency, "network.concurrency", 1024)? as usize;
    config.politeness = Politeness {
        per_host: check.positive(&n.per_host, "network.per_host", 64)? as usize,
        spacing: Duration::from_millis(check.within(
            &n.host_spacing_ms,
            "network.host_spacing_ms",
            0,
            60_000,
            "must be from 0 to 60000",
        )? as u64),
    };
    let seconds = |v, key| Ok::<_, ConfigError>(Duration::from_secs(check.positive(v, key, 3600)? as u64));
    config.http = HttpSettings {
        timeout: seconds(&n.timeout_seconds, "network.timeout_seconds")?,
        connect_timeout: seconds(&n.connect_timeout_seconds, "network.connect_timeout_seconds")?,
        max_body_bytes: (check.positive(&n.max_body_mb, "network.max_body_mb", 4096)? as usize) << 20,
        max_redirects: 5,
    };
    Ok(())
}

/// The sources, each checked on its own: one with a bad value is reported and left out, and
/// the others stand.
fn sources(check: &Checker<'_>, raw: &[RawSource]) -> (Vec<SourceSpec>, Vec<String>) {
    let mut sources: Vec<SourceSpec> = Vec::with_capacity(raw.len());
    let mut problems = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        let checked = source(check, s, &format!("source[{}]", i + 1)).and_then(|spec| {
            if sources.iter().any(|p| p.url == spec.url) {
                let key = format!("source[{}].url", i + 1);
                return Err(check.at(s.url.span(), &key, "this source is listed twice"));
            }
            Ok(spec)
        });
        match checked {
            Ok(spec) => sources.push(spec),
            Err(e) => problems.push(format!("{e}; this source is skipped")),
        }
    }
    (sources, problems)
}

fn source(check: &Checker<'_>, s: &RawSource, name: &str) -> Result<SourceSpec, ConfigError> {
    let key = |field: &str| format!("{name}.{field}");
    let url = s.url.get_ref().trim();
    if !crate::domain::is_web_url(url) {
        return Err(check.at(s.url.span(), &key("url"), "not an http(s) address"));
    }
    let full_text = match &s.full_text {
        None => FullTextMode::default(),
        Some(mode) => check.one_of(
            mode,
            &key("full_text"),
            &[("auto", FullTextMode::Auto), ("always", FullTextMode::Always), ("never", FullTextMode::Never)],
        )?,
    };
    let limit = |v: &Option<Spanned<i64>>, field: &str| match v {
        None => Ok(None),
        Some(v) => {
            check.within(v, &key(field), 0, 1_000_000, "must be from 0 (no limit) to 1000000").map(Some)
        }
    };
    let interval_secs = match &s.interval {
        None => None,
        Some(v) => {
            Some(check.within(v, &key("interval"), 1, 10_080, "must be from 1 to 10080 minutes")? as u64 * 60)
        }
    };
    let max_pages = match &s.max_pages {
        None => None,
        Some(v) => Some(check.within(v, &key("max_pages"), 1, 1000, "must be from 1 to 1000")? as usize),
    };
    Ok(SourceSpec {
        html: link_rules(check, s, &key)?,
        max_pages,
        full_text,
        keep: Retention {
            days: limit(&s.keep_days, "keep_days")?.map(|d| d as u32),
            count: limit(&s.keep_count, "keep_count")?.map(|c| c as usize),
        },
        interval_secs,
        headers: headers(check, s, &key("headers"))?,
        url: url.to_string(),
        title: s.title.as_deref().map(clean_line).filter(|t| !t.is_empty()),
        folder: s.folder.as_deref().map(clean_line).filter(|f| !f.is_empty()),
    })
}

fn headers(check: &Checker<'_>, s: &RawSource, key: &str) -> Result<Vec<(String, String)>, ConfigError> {
    let Some(table) = &s.headers else { return Ok(Vec::new()) };
    let mut headers = Vec::new();
    for (name, value) in table.get_ref() {
        if !crate::fetch::http::is_valid_header(name, value) {
            let problem = format!("{} is not a valid HTTP header", clean_line(name));
            return Err(check.at(table.span(), key, &problem));
        }
        headers.push((name.clone(), value.clone()));
    }
    Ok(headers)
}

/// A source of `kind = "html"` and the rules for its story links, each checked.
fn link_rules(
    check: &Checker<'_>,
    s: &RawSource,
    key: &dyn Fn(&str) -> String,
) -> Result<Option<LinkRules>, ConfigError> {
    let html = match s.kind.as_ref().map(|k| (k.get_ref().as_str(), k.span())) {
        None | Some(("feed", _)) => None,
        Some(("html", _)) => Some(LinkRules {
            selector: s.link_selector.as_ref().map(|v| v.get_ref().clone()),
            pattern: s.link_pattern.as_ref().map(|v| v.get_ref().clone()),
            exclude: s.exclude_pattern.as_ref().map(|v| v.get_ref().clone()),
            also_sites: s.also_sites.as_ref().map(|v| v.get_ref().clone()).unwrap_or_default(),
        }),
        Some((_, span)) => return Err(check.at(span, &key("kind"), "must be \"feed\" or \"html\"")),
    };
    if let Some(sites) = &s.also_sites {
        if html.is_none() {
            return Err(check.at(sites.span(), &key("also_sites"), "only for a source with kind = \"html\""));
        }
        if let Some(bad) = sites.get_ref().iter().find(|site| !is_host_name(site)) {
            let problem = format!("{:?} is not a host name such as \"example.co.uk\"", clean_line(bad));
            return Err(check.at(sites.span(), &key("also_sites"), &problem));
        }
    }
    let rules = [
        ("link_selector", &s.link_selector),
        ("link_pattern", &s.link_pattern),
        ("exclude_pattern", &s.exclude_pattern),
    ];
    for (name, value) in rules {
        let Some(value) = value else { continue };
        if html.is_none() {
            return Err(check.at(value.span(), &key(name), "only for a source with kind = \"html\""));
        }
        let problem = if name == "link_selector" {
            dom_query::Matcher::new(value.get_ref()).is_err().then(|| "not a CSS selector".to_string())
        } else {
            regex::Regex::new(value.get_ref())
                .err()
                .map(|e| format!("not a regular expression ({})", clean_line(&e.to_string())))
        };
        if let Some(problem) = problem {
            return Err(check.at(value.span(), &key(name), &problem));
        }
    }
    Ok(html)
}

/// A host name as `also_sites` takes it: labels of letters, digits and hyphens, no scheme or path.
fn is_host_name(site: &str) -> bool {
    !site.is_empty()
        && site.len() <= 253
        && site
            .split('.')
            .all(|label| !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-'))
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
