//! Sources from the command line: `add`, `remove`, `rename`, `import-opml` and `preview-source`
//! change or try the config file's sources; `sources` and `export-opml` list the library's.

use super::context::Library;
use super::{
    AddArgs, ExportOpmlArgs, ImportOpmlArgs, PreviewSourceArgs, RemoveArgs, RenameArgs, SourcesArgs,
};
use crate::config::Config;
use crate::domain::safe_text::{clean_line, mask};
use crate::domain::{SafeText, Source, SourceSpec};
use crate::fetch::http::Fetcher;
use anyhow::{Result, anyhow, bail};
use std::path::Path;

pub fn add(config: &Config, path: &Path, args: &AddArgs) -> Result<i32> {
    let (url, html, pick) = (args.url.as_str(), args.html, args.pick);
    let (title, folder) = (args.title.as_deref(), args.folder.as_deref());
    let parsed = url::Url::parse(url).map_err(|_| anyhow!("not an address: {}", mask(url)))?;
    if !crate::domain::is_web(&parsed) {
        bail!("only http(s) sources can be added, not {}", mask(url));
    }
    if html {
        let spec = SourceSpec {
            url: url.to_string(),
            title: title.map(clean_line),
            folder: folder.map(clean_line),
            html: Some(crate::content::story_links::LinkRules::default()),
            ..Default::default()
        };
        crate::config::sources_file::add(path, &spec)?;
        println!("added {} as a web page source to {}", mask(url), path.display());
        return Ok(0);
    }
    let fetcher = Fetcher::new(config.http.clone()).map_err(|e| anyhow!("{e}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let found =
        runtime.block_on(crate::fetch::discovery::discover_feeds(&fetcher, url)).map_err(|e| anyhow!(e))?;
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
                println!("{:>3}. {}  {}", i + 1, feed.title.as_deref().unwrap_or_default(), mask(&feed.url));
            }
            return Ok(2);
        }
    };
    let spec = SourceSpec {
        url: chosen.url.clone(),
        title: title.map(clean_line).or_else(|| chosen.title.clone().map(SafeText::into_string)),
        folder: folder.map(clean_line),
        ..Default::default()
    };
    crate::config::sources_file::add(path, &spec)?;
    println!("added {} to {}", mask(&spec.url), path.display());
    Ok(0)
}

pub fn remove(path: &Path, args: &RemoveArgs) -> Result<i32> {
    let url = crate::config::sources_file::remove(path, &args.source)?;
    println!(
        "removed {} from {} (its stories and bookmarks stay in the library)",
        mask(&url),
        path.display()
    );
    Ok(0)
}

pub fn rename(path: &Path, args: &RenameArgs) -> Result<i32> {
    crate::config::sources_file::rename(path, &args.source, &args.title)?;
    println!("renamed {} to {}", clean_line(&args.source), clean_line(&args.title));
    Ok(0)
}

pub fn import_opml(path: &Path, args: &ImportOpmlArgs) -> Result<i32> {
    let file = args.file.as_path();
    let text = std::fs::read_to_string(file).map_err(|e| anyhow!("cannot read {}: {e}", file.display()))?;
    let imported = crate::config::opml::parse(&text).map_err(|e| anyhow!("{}: {e}", file.display()))?;
    let (mut added, mut skipped) = (0, 0);
    for spec in &imported.sources {
        match crate::config::sources_file::add(path, spec) {
            Ok(()) => added += 1,
            Err(crate::config::sources_file::EditError::Duplicate { .. }) => skipped += 1,
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
pub fn preview(config: &Config, args: &PreviewSourceArgs) -> Result<i32> {
    let rules = crate::domain::LinkRules {
        selector: args.link_selector.clone(),
        pattern: args.link_pattern.clone(),
        exclude: args.exclude_pattern.clone(),
        also_sites: args.also_sites.clone(),
    };
    let urls_only = args.urls_only;
    let (html, base) = match (args.file.as_deref(), args.url.as_deref(), args.page_url.as_deref()) {
        (Some(file), _, Some(base)) => {
            let bytes = std::fs::read(file).map_err(|e| anyhow!("cannot read {}: {e}", file.display()))?;
            (crate::content::extract::decode_html(&bytes, None), base.to_string())
        }
        (None, Some(url), _) => super::read::fetch_html(config, url, None)?,
        _ => bail!("give a URL, or --file PATH with --url URL"),
    };
    let links = crate::content::story_links::discover(&html, &base, &rules)?;
    for link in &links {
        if urls_only {
            println!("{}", mask(&link.url));
        } else {
            println!("{:>5.1}  {}\n       {}  ({})", link.score, link.title, mask(&link.url), link.reason);
        }
    }
    if !urls_only {
        println!("{} story links", links.len());
    }
    Ok(0)
}

pub fn export_opml(library: &Library, args: &ExportOpmlArgs) -> Result<i32> {
    super::output::write_or_print(&args.output, &crate::config::opml::export(&library.store.sources()?))
}

/// `newsdesk sources`: each source with its counts and its last poll's outcome.
pub fn list(library: &Library, args: &SourcesArgs) -> Result<i32> {
    // Titles and states are safe text already; addresses are shown without credentials.
    let sources: Vec<Source> = library
        .store
        .sources()?
        .into_iter()
        .map(|mut s| {
            s.url = mask(&s.url).into_string();
            s.fetch_url = s.fetch_url.map(|u| mask(&u).into_string());
            s.site_url = s.site_url.map(|u| mask(&u).into_string());
            s
        })
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&sources)?);
        return Ok(0);
    }
    for s in sources {
        let state = match (&s.last_error, &s.last_status) {
            (Some(e), _) => format!("error: {e}"),
            (None, Some(status)) => status.to_string(),
            (None, None) => "never polled".into(),
        };
        println!(
            "{:>4} {:>5} stories {:>5} unread  {}  <{}>  {state}",
            s.id.0, s.items, s.unread, s.title, s.url
        );
    }
    Ok(0)
}
