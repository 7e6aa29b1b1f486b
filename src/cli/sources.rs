//! `newsdesk add` and `newsdesk import-opml`: sources into the config file.

use crate::config::Config;
use crate::domain::SourceSpec;
use crate::net::{Fetcher, mask};
use crate::text::clean_line;
use anyhow::{Result, anyhow, bail};
use std::path::Path;

pub fn add(
    config: &Config,
    path: &Path,
    url: &str,
    html: bool,
    pick: Option<usize>,
    title: Option<&str>,
    folder: Option<&str>,
) -> Result<i32> {
    let parsed = url::Url::parse(url).map_err(|_| anyhow!("not an address: {}", mask(url)))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        bail!("only http(s) sources can be added, not {}", mask(url));
    }
    if html {
        let spec = SourceSpec {
            url: url.to_string(),
            title: title.map(clean_line),
            folder: folder.map(clean_line),
            html: Some(crate::links::LinkRules::default()),
            ..Default::default()
        };
        crate::sources_file::add(path, &spec)?;
        println!("added {} as a web page source to {}", mask(url), path.display());
        return Ok(0);
    }
    let fetcher = Fetcher::new(config.http.clone()).map_err(|e| anyhow!("{e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let found = runtime.block_on(crate::poll::discover_feeds(&fetcher, url)).map_err(|e| anyhow!(e))?;
    let chosen = match (found.len(), pick) {
        (0, _) => bail!(
            "no feed found at {} (looked for announced feeds and common paths); to follow the page's \
             story links instead, add it with --html (try `newsdesk preview-source {}` first)",
            mask(url),
            mask(url)
        ),
        (1, None | Some(1)) => &found[0],
        (n, Some(p)) if (1..=n).contains(&p) => &found[p - 1],
        (n, Some(p)) => bail!("--pick {p} is not one of the {n} feeds found"),
        (_, None) => {
            println!("{} offers several feeds; add one with --pick N:", mask(url));
            for (i, feed) in found.iter().enumerate() {
                println!(
                    "{:>3}. {}  {}",
                    i + 1,
                    feed.title.as_deref().map(clean_line).unwrap_or_default(),
                    mask(&feed.url)
                );
            }
            return Ok(2);
        }
    };
    let spec = SourceSpec {
        url: chosen.url.clone(),
        title: title.map(clean_line).or_else(|| chosen.title.as_deref().map(clean_line)),
        folder: folder.map(clean_line),
        ..Default::default()
    };
    crate::sources_file::add(path, &spec)?;
    println!("added {} to {}", mask(&spec.url), path.display());
    Ok(0)
}

pub fn import_opml(path: &Path, file: &Path) -> Result<i32> {
    let text = std::fs::read_to_string(file).map_err(|e| anyhow!("cannot read {}: {e}", file.display()))?;
    let imported = crate::opml::parse(&text).map_err(|e| anyhow!("{}: {e}", file.display()))?;
    let (mut added, mut skipped) = (0, 0);
    for spec in &imported.sources {
        match crate::sources_file::add(path, spec) {
            Ok(()) => added += 1,
            Err(crate::sources_file::EditError::Duplicate { .. }) => skipped += 1,
            Err(e) => return Err(e.into()),
        }
    }
    for refused in &imported.refused {
        println!("refused {refused}");
    }
    println!(
        "imported {added} sources into {} ({skipped} already there, {} refused)",
        path.display(),
        imported.refused.len()
    );
    Ok(0)
}

/// `newsdesk preview-source`: the links a web page source would take, with the reasons.
pub fn preview(
    config: &Config,
    url: Option<&str>,
    file: Option<&Path>,
    page_url: Option<&str>,
    rules: &crate::links::LinkRules,
    urls_only: bool,
) -> Result<i32> {
    let (html, base) = match (file, url, page_url) {
        (Some(file), _, Some(base)) => {
            let bytes = std::fs::read(file).map_err(|e| anyhow!("cannot read {}: {e}", file.display()))?;
            (crate::extract::decode_html(&bytes, None), base.to_string())
        }
        (None, Some(url), _) => (super::read::fetch_html(config, url, None)?, url.to_string()),
        _ => bail!("give a URL, or --file PATH with --url URL"),
    };
    let links = crate::links::discover(&html, &base, rules)?;
    for link in &links {
        if urls_only {
            println!("{}", mask(&link.url));
        } else {
            println!(
                "{:>5.1}  {}\n       {}  ({})",
                link.score,
                clean_line(&link.title),
                mask(&link.url),
                link.reason
            );
        }
    }
    if !urls_only {
        println!("{} story links", links.len());
    }
    Ok(0)
}
