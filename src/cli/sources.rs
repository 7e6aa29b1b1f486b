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
    pick: Option<usize>,
    title: Option<&str>,
    folder: Option<&str>,
) -> Result<i32> {
    let parsed = url::Url::parse(url).map_err(|_| anyhow!("not an address: {}", mask(url)))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        bail!("only http(s) sources can be added, not {}", mask(url));
    }
    let fetcher = Fetcher::new(config.http.clone()).map_err(|e| anyhow!("{e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let found = runtime.block_on(crate::poll::discover_feeds(&fetcher, url)).map_err(|e| anyhow!(e))?;
    let chosen = match (found.len(), pick) {
        (0, _) => bail!("no feed found at {} (looked for announced feeds and common paths)", mask(url)),
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
