//! The headless commands, and the start of the reader.

use super::{BookmarkAction, Cli, Cmd, ExportFormat};
use crate::config::Config;
use crate::domain::PollOutcome;
use crate::domain::{Source, Story, StoryFilter, StoryId};
use crate::store::Store;
use crate::text::clean_line;
use anyhow::{Context, Result, anyhow, bail};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Runs what the command line asks for; the returned code is the process's exit status.
pub fn run(cli: Cli) -> Result<i32> {
    if cli.print_default_config {
        print!("{}", crate::config::DEFAULT_TOML);
        return Ok(0);
    }
    if let Some(Cmd::Read { input, url, charset, format, width, body_only }) = &cli.command {
        // Reading a page needs neither the library nor the sources.
        let config = match &cli.config {
            Some(path) => Config::load(path, true)?,
            None => Config::load(&crate::paths::config_file(), false)?,
        };
        return super::read::run(
            &config,
            input,
            url.as_deref(),
            charset.as_deref(),
            *format,
            *width,
            *body_only,
        );
    }
    let config = match &cli.config {
        Some(path) => Config::load(path, true)?,
        None => Config::load(&crate::paths::config_file(), false)?,
    };
    // The demo server lives as long as this function.
    let (_server, config, _demo_dir) = if cli.demo {
        let (server, config) = crate::demo::start(config)?;
        (Some(server), config, None::<TempDir>)
    } else {
        (None, config, None)
    };
    let (db_path, _temp) = match (&cli.db, cli.demo) {
        (Some(path), _) => (path.clone(), None),
        (None, true) => {
            let dir = TempDir::new()?;
            (dir.0.join("demo.db"), Some(dir))
        }
        (None, false) => (crate::paths::database_file(), None),
    };
    let mut store = Store::open(&db_path)?;
    store.sync_sources(&config.sources)?;
    let _log = crate::logging::init();
    match cli.command {
        None => {
            crate::runtime::run_reader(config, store)?;
            Ok(0)
        }
        Some(Cmd::Refresh) => refresh(&config, &mut store),
        Some(Cmd::List { source, unread, json }) => {
            let source = match source {
                Some(s) => Some(find_source(&store, &s)?.id),
                None => None,
            };
            list(&store, &StoryFilter { source, unread_only: unread, bookmarked_only: false }, json)
        }
        Some(Cmd::Show { id, width }) => show(&store, id, width),
        Some(Cmd::Export { id, format, output }) => export(&store, &config, id, format, output),
        Some(Cmd::Bookmarks { json }) => {
            list(&store, &StoryFilter { bookmarked_only: true, ..StoryFilter::default() }, json)
        }
        Some(Cmd::Bookmark { action, id }) => {
            let on = matches!(action, BookmarkAction::Add);
            if !store.set_bookmarked(StoryId(id), on, chrono::Utc::now())? {
                bail!("there is no story {id}");
            }
            println!("{} story {id}", if on { "bookmarked" } else { "removed the bookmark of" });
            Ok(0)
        }
        Some(Cmd::Sources { json }) => sources(&store, json),
        Some(Cmd::Read { .. }) => unreachable!("handled before the library is opened"),
    }
}

/// A directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("newsdesk-demo-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn refresh(config: &Config, store: &mut Store) -> Result<i32> {
    let targets = store.poll_targets(None)?;
    if targets.is_empty() {
        println!("no sources are configured");
        return Ok(0);
    }
    let names: std::collections::HashMap<_, _> =
        store.sources()?.into_iter().map(|s| (s.id, s.title)).collect();
    let fetcher = crate::net::Fetcher::new(config.http.clone()).map_err(|e| anyhow!("{e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let total = targets.len();
    let mut failed = 0;
    let (mut new, mut updated) = (0, 0);
    let started = std::time::Instant::now();
    let mut stdout = std::io::stdout().lock();
    runtime.block_on(crate::poll::poll_all(&fetcher, targets, config.concurrency, |id, outcome| {
        let name = clean_line(names.get(&id).map(String::as_str).unwrap_or("?"));
        let line = match store.record_poll(id, &outcome, chrono::Utc::now()) {
            Err(e) => {
                failed += 1;
                format!("error  {name}: {e}")
            }
            Ok(changes) => match &outcome {
                PollOutcome::Failed { error, .. } => {
                    failed += 1;
                    format!("error  {name}: {}", clean_line(error))
                }
                PollOutcome::NotModified { .. } => format!("ok     {name}: not modified"),
                PollOutcome::Fetched { feed, status, .. } => {
                    new += changes.new;
                    updated += changes.updated;
                    format!(
                        "ok     {name}: {} new, {} updated, {} in feed ({})",
                        changes.new,
                        changes.updated,
                        feed.items.len(),
                        clean_line(status)
                    )
                }
            },
        };
        let _ = writeln!(stdout, "{line}");
    }));
    let jobs = store.page_jobs(None, crate::runtime::executor::PAGES_PER_REFRESH)?;
    if !jobs.is_empty() {
        let (mut fetched, mut failed_pages) = (0, 0);
        let total_pages = jobs.len();
        runtime.block_on(crate::poll::fetch_pages(&fetcher, jobs, config.concurrency, |id, result| {
            match &result {
                Ok(_) => fetched += 1,
                Err(e) => {
                    failed_pages += 1;
                    let _ = writeln!(stdout, "error  full text of story {}: {}", id.0, clean_line(e));
                }
            }
            if let Err(e) = store.record_full_text(id, &result) {
                let _ = writeln!(stdout, "error  full text of story {}: {e}", id.0);
            }
        }));
        let _ =
            writeln!(stdout, "full text: {fetched} of {total_pages} pages extracted, {failed_pages} failed");
    }
    store.optimize()?;
    let _ = writeln!(
        stdout,
        "{} of {total} sources ok, {new} new and {updated} updated stories, in {:.1} s",
        total - failed,
        started.elapsed().as_secs_f64()
    );
    Ok(if failed == total { 1 } else { 0 })
}

fn find_source(store: &Store, key: &str) -> Result<Source> {
    let sources = store.sources()?;
    sources
        .iter()
        .find(|s| s.id.0.to_string() == key || s.url == key)
        .or_else(|| sources.iter().find(|s| s.title.eq_ignore_ascii_case(key)))
        .cloned()
        .ok_or_else(|| anyhow!("no source matches {}", clean_line(key)))
}

/// A story with every text made safe for a terminal; JSON keeps the HTML bodies, cleaned.
fn safe_story(mut story: Story) -> Story {
    story.title = clean_line(&story.title);
    story.source = clean_line(&story.source);
    story.url = story.url.map(|u| clean_line(&u));
    story.author = story.author.map(|a| clean_line(&a));
    story.summary = story.summary.map(|s| crate::text::clean_block(&s));
    story.content = story.content.map(|s| crate::text::clean_block(&s));
    story
}

fn list(store: &Store, filter: &StoryFilter, json: bool) -> Result<i32> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut first = true;
    let mut write_error = None;
    if json {
        out.write_all(b"[")?;
    }
    store.for_each_story(filter, |story| {
        if write_error.is_some() {
            return;
        }
        let story = safe_story(story);
        let result = if json {
            let sep = if first { "\n" } else { ",\n" };
            serde_json::to_string(&story).map_err(std::io::Error::other).and_then(|s| write!(out, "{sep}{s}"))
        } else {
            let date = story
                .published
                .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|| "-".repeat(16));
            let marks =
                format!("{}{}", if story.read { ' ' } else { 'N' }, if story.bookmarked { '*' } else { ' ' });
            writeln!(out, "{:>6} {marks} {date}  {}: {}", story.id.0, story.source, story.title)
        };
        first = false;
        if let Err(e) = result {
            write_error = Some(e);
        }
    })?;
    if let Some(e) = write_error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Ok(0);
        }
        return Err(e.into());
    }
    if json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()?;
    Ok(0)
}

fn get_story(store: &Store, id: i64) -> Result<Story> {
    store.story(StoryId(id))?.ok_or_else(|| anyhow!("there is no story {id}"))
}

/// The width to lay text out at: the one asked for, else the terminal's, else 80.
pub(super) fn output_width(asked: Option<usize>) -> usize {
    let tty = std::io::stdout().is_terminal();
    asked
        .or_else(|| tty.then(|| crossterm::terminal::size().ok().map(|(w, _)| usize::from(w))).flatten())
        .unwrap_or(80)
}

/// Whether to style output: only on a terminal, and never under NO_COLOR.
pub(super) fn output_color() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn show(store: &Store, id: i64, width: Option<usize>) -> Result<i32> {
    let story = get_story(store, id)?;
    let width = output_width(width);
    let doc = crate::render::article(&crate::render::Header::of(&story), story.body_html(), width);
    print!("{}", super::ansi::to_terminal(&doc, output_color()));
    Ok(0)
}

fn export(
    store: &Store,
    config: &Config,
    id: i64,
    format: ExportFormat,
    output: Option<PathBuf>,
) -> Result<i32> {
    let story = get_story(store, id)?;
    let format = match format {
        ExportFormat::Md => crate::export::Format::Markdown,
        ExportFormat::Txt => crate::export::Format::Text,
    };
    let body = crate::export::render(&story, format, config.text_width);
    let name = crate::export::file_name(&story, format);
    let written = match output {
        Some(path) if path.as_os_str() == "-" => {
            std::io::stdout().write_all(body.as_bytes())?;
            return Ok(0);
        }
        Some(path) if path.is_dir() => crate::files::write_new_in_dir(&path, &name, body.as_bytes())?,
        Some(path) => {
            crate::files::write_new(&path, body.as_bytes())?;
            path
        }
        None => crate::files::write_new_in_dir(&config.export_dir, &name, body.as_bytes())?,
    };
    println!("{}", written.display());
    Ok(0)
}

fn sources(store: &Store, json: bool) -> Result<i32> {
    let sources: Vec<Source> = store
        .sources()?
        .into_iter()
        .map(|mut s| {
            s.title = clean_line(&s.title);
            s.url = clean_line(&s.url);
            s.last_error = s.last_error.map(|e| clean_line(&e));
            s.last_status = s.last_status.map(|e| clean_line(&e));
            s
        })
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&sources)?);
        return Ok(0);
    }
    for s in sources {
        let state = match (&s.last_error, &s.last_status) {
            (Some(e), _) => format!("error: {e}"),
            (None, Some(status)) => status.clone(),
            (None, None) => "never polled".into(),
        };
        println!(
            "{:>4} {:>5} stories {:>5} unread  {}  <{}>  {state}",
            s.id.0, s.items, s.unread, s.title, s.url
        );
    }
    Ok(0)
}
