//! The headless commands, and the start of the reader.

use super::{BookmarkAction, Cli, Cmd, ExportFormat};
use crate::config::Config;
use crate::domain::PollOutcome;
use crate::domain::{Source, Story, StoryFilter, StoryId};
use crate::store::Store;
use crate::text::clean_line;
use anyhow::{Context, Result, anyhow, bail};
use std::io::{IsTerminal, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;

/// Runs what the command line asks for; the returned code is the process's exit status.
pub fn run(cli: Cli) -> Result<i32> {
    if cli.print_default_config {
        print!("{}", crate::config::DEFAULT_TOML);
        return Ok(0);
    }
    let config_path = cli.config.clone().unwrap_or_else(crate::paths::config_file);
    match &cli.command {
        Some(Cmd::Add { url, html, pick, title, folder }) => {
            let config = Config::load(&config_path, cli.config.is_some())?;
            return super::sources::add(
                &config,
                &config_path,
                url,
                *html,
                *pick,
                title.as_deref(),
                folder.as_deref(),
            );
        }
        Some(Cmd::PreviewSource {
            url,
            file,
            page_url,
            urls_only,
            link_selector,
            link_pattern,
            exclude_pattern,
        }) => {
            let config = Config::load(&config_path, cli.config.is_some())?;
            let rules = crate::links::LinkRules {
                selector: link_selector.clone(),
                pattern: link_pattern.clone(),
                exclude: exclude_pattern.clone(),
            };
            return super::sources::preview(
                &config,
                url.as_deref(),
                file.as_deref(),
                page_url.as_deref(),
                &rules,
                *urls_only,
            );
        }
        Some(Cmd::Remove { source }) => {
            let url = crate::sources_file::remove(&config_path, source)?;
            println!(
                "removed {} from {} (its stories and bookmarks stay in the library)",
                crate::net::mask(&url),
                config_path.display()
            );
            return Ok(0);
        }
        Some(Cmd::Rename { source, title }) => {
            crate::sources_file::rename(&config_path, source, title)?;
            println!("renamed {} to {}", clean_line(source), clean_line(title));
            return Ok(0);
        }
        Some(Cmd::ImportOpml { file }) => return super::sources::import_opml(&config_path, file),
        _ => {}
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
    if let Some(every) = config.refresh_interval {
        store.set_poll_interval(every.as_secs() as i64);
    }
    let _log = crate::logging::init();
    match cli.command {
        None => {
            let editable = (!cli.demo).then(|| config_path.clone());
            crate::runtime::run_reader(config, store, editable)?;
            Ok(0)
        }
        Some(Cmd::Refresh { force, json }) => refresh(&config, &mut store, force, json),
        Some(Cmd::List { source, unread, json, query, saved }) => {
            let query = match saved {
                Some(name) => Some(saved_query(&store, &name)?),
                None => query,
            };
            let searched = match &query {
                Some(q) => crate::query::parse(q)?.filter(),
                None => StoryFilter::default(),
            };
            let source = match source {
                Some(s) => Some(find_source(&store, &s)?.id),
                None => None,
            };
            list(
                &store,
                &StoryFilter {
                    source: source.or(searched.source),
                    unread_only: unread || searched.unread_only,
                    ..searched
                },
                json,
            )
        }
        Some(Cmd::Show { id, width }) => show(&store, id, width),
        Some(Cmd::Export { ids, bookmarks, tag, format, output }) => {
            export(&store, &config, &ids, bookmarks.then_some(tag), format, output)
        }
        Some(Cmd::Bookmarks {
            action: Some(super::BookmarksAction::Export { format: _, output }), ..
        }) => {
            let mut stories = Vec::new();
            store.for_each_story(&StoryFilter { bookmarked_only: true, ..StoryFilter::default() }, |s| {
                stories.push(s);
                ControlFlow::Continue(())
            })?;
            write_or_print(&output, &crate::export::netscape(&stories))
        }
        Some(Cmd::Bookmarks { json, tag, action: None }) => {
            list(&store, &StoryFilter { bookmarked_only: true, tag, ..StoryFilter::default() }, json)
        }
        Some(Cmd::Bookmark { action, id, values }) => {
            let now = chrono::Utc::now();
            let (found, done) = match action {
                BookmarkAction::Add => (store.set_bookmarked(StoryId(id), true, now)?, "bookmarked"),
                BookmarkAction::Remove => {
                    (store.set_bookmarked(StoryId(id), false, now)?, "removed the bookmark of")
                }
                BookmarkAction::Tag => (store.set_tags(StoryId(id), &values, now)?, "tagged"),
                BookmarkAction::Note => {
                    let note = values.join(" ");
                    (store.set_note(StoryId(id), Some(&note), now)?, "wrote the note on")
                }
            };
            if !found {
                bail!("there is no story {id}");
            }
            println!("{done} story {id}");
            Ok(0)
        }
        Some(Cmd::Sources { json }) => sources(&store, json),
        Some(Cmd::Db { action: super::DbAction::Stats { json } }) => {
            let stats = store.stats()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&stats)?);
            } else {
                println!(
                    "{} sources, {} stories ({} unread, {} bookmarked, {} with full text), {} on disk ({} free)",
                    stats.sources,
                    stats.stories,
                    stats.unread,
                    stats.bookmarks,
                    stats.full_texts,
                    human_bytes(stats.bytes.max(0) as usize),
                    human_bytes(stats.free_bytes.max(0) as usize)
                );
            }
            Ok(0)
        }
        Some(Cmd::Db { action: super::DbAction::Vacuum }) => {
            let before = store.stats()?.bytes;
            store.vacuum()?;
            let after = store.stats()?.bytes;
            println!(
                "library compacted from {} to {}",
                human_bytes(before.max(0) as usize),
                human_bytes(after.max(0) as usize)
            );
            Ok(0)
        }
        Some(Cmd::Searches { action: None, json }) => {
            let searches = store.saved_searches()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&searches)?);
            } else if searches.is_empty() {
                println!("no saved searches; `newsdesk searches add NAME QUERY` keeps one");
            } else {
                for s in searches {
                    let (name, query) = (clean_line(&s.name), clean_line(&s.query));
                    println!("{:>7} unread {:>7} stories  {name}  ({query})", s.unread, s.total);
                }
            }
            Ok(0)
        }
        Some(Cmd::Searches { action: Some(super::SearchesAction::Add { name, query }), .. }) => {
            let name = clean_line(&name);
            if name.is_empty() {
                return Err(anyhow!("a saved search needs a name"));
            }
            crate::query::parse(&query)?;
            let replaced = store.save_search(&name, &query)?;
            println!("{} the search “{name}”", if replaced { "replaced" } else { "saved" });
            Ok(0)
        }
        Some(Cmd::Searches { action: Some(super::SearchesAction::Remove { name }), .. }) => {
            if !store.remove_search(&name)? {
                return Err(anyhow!("there is no saved search “{}”", clean_line(&name)));
            }
            println!("removed the search “{}”", clean_line(&name));
            Ok(0)
        }
        Some(Cmd::ExportOpml { output }) => write_or_print(&output, &crate::opml::export(&store.sources()?)),
        Some(
            Cmd::Read { .. }
            | Cmd::Add { .. }
            | Cmd::Remove { .. }
            | Cmd::Rename { .. }
            | Cmd::ImportOpml { .. }
            | Cmd::PreviewSource { .. },
        ) => {
            unreachable!("handled before the library is opened")
        }
    }
}

/// Prints `text` for `-`, else writes it to the new file `output` and prints the path.
fn write_or_print(output: &std::path::Path, text: &str) -> Result<i32> {
    if output.as_os_str() == "-" {
        print!("{text}");
    } else {
        crate::files::write_new(output, text.as_bytes())?;
        println!("{}", output.display());
    }
    Ok(0)
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

/// One source's line in the refresh report.
#[derive(serde::Serialize)]
struct SourceReport {
    id: i64,
    title: String,
    url: String,
    outcome: &'static str,
    status: Option<String>,
    error: Option<String>,
    new: usize,
    updated: usize,
    bytes: usize,
}

#[derive(serde::Serialize, Default)]
struct RefreshReport {
    sources: usize,
    ok: usize,
    not_modified: usize,
    failed: usize,
    held_back: usize,
    new: usize,
    updated: usize,
    bytes: usize,
    pages_extracted: usize,
    pages_failed: usize,
    seconds: f64,
    results: Vec<SourceReport>,
}

fn refresh(config: &Config, store: &mut Store, force: bool, json: bool) -> Result<i32> {
    let started = std::time::Instant::now();
    let due = if force { crate::store::Due::Forced } else { crate::store::Due::All };
    let targets = store.poll_targets(&due)?;
    let sources = store.sources()?;
    let name_of = |id: crate::domain::SourceId| {
        sources
            .iter()
            .find(|s| s.id == id)
            .map(|s| (clean_line(&s.title), crate::net::mask(&s.url)))
            .unwrap_or_default()
    };
    let mut report = RefreshReport { sources: targets.len(), ..RefreshReport::default() };
    let mut out = std::io::stdout().lock();
    let now = chrono::Utc::now();
    for (id, until) in if force { Vec::new() } else { store.held_back(now)? } {
        let (title, url) = name_of(id);
        let local = until.with_timezone(&chrono::Local).format("%H:%M");
        let error = format!("the server asked to wait; next try after {local} (--force polls it now)");
        if !json {
            writeln!(out, "wait   {title}: {error}")?;
        }
        report.held_back += 1;
        report.results.push(SourceReport {
            id: id.0,
            title,
            url,
            outcome: "held back",
            status: None,
            error: Some(error),
            new: 0,
            updated: 0,
            bytes: 0,
        });
    }
    if targets.is_empty() {
        if !json {
            writeln!(out, "no sources to poll")?;
        }
        return finish(report, started, json);
    }
    let fetcher = crate::net::Fetcher::new(config.http.clone()).map_err(|e| anyhow!("{e}"))?;
    let gate = crate::poll::HostGate::new(config.politeness);
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let progress = Progress::new(targets.len(), json);
    runtime.block_on(crate::poll::poll_all(&fetcher, &gate, targets, config.concurrency, |id, outcome| {
        let (title, url) = name_of(id);
        let stored = store.record_poll(id, &outcome, chrono::Utc::now());
        let mut line = SourceReport {
            id: id.0,
            title,
            url,
            outcome: "ok",
            status: None,
            error: None,
            new: 0,
            updated: 0,
            bytes: 0,
        };
        match (&outcome, stored) {
            (_, Err(e)) => {
                line.outcome = "error";
                line.error = Some(e.to_string());
            }
            (PollOutcome::Failed { status, error, .. }, Ok(_)) => {
                line.outcome = "error";
                line.status = Some(clean_line(status));
                line.error = Some(clean_line(error));
            }
            (PollOutcome::NotModified { .. }, Ok(_)) => {
                line.outcome = "not modified";
                line.status = Some("304 Not Modified".into());
            }
            (PollOutcome::Fetched { status, meta, .. }, Ok(changes)) => {
                line.status = Some(clean_line(status));
                line.new = changes.new;
                line.updated = changes.updated;
                line.bytes = meta.bytes;
            }
        }
        match line.outcome {
            "error" => report.failed += 1,
            "not modified" => report.not_modified += 1,
            _ => report.ok += 1,
        }
        report.new += line.new;
        report.updated += line.updated;
        report.bytes += line.bytes;
        progress.step(&line);
        report.results.push(line);
    }));
    progress.done();
    let jobs = store.page_jobs(None, crate::runtime::executor::PAGES_PER_REFRESH)?;
    if !jobs.is_empty() {
        runtime.block_on(crate::poll::fetch_pages(
            &fetcher,
            &gate,
            jobs,
            config.concurrency,
            |id, result| {
                match &result {
                    Ok(_) => report.pages_extracted += 1,
                    Err(e) => {
                        report.pages_failed += 1;
                        if !json {
                            let _ = writeln!(
                                std::io::stdout(),
                                "error  full text of story {}: {}",
                                id.0,
                                clean_line(e)
                            );
                        }
                    }
                }
                if let Err(e) = store.record_full_text(id, &result) {
                    let _ =
                        writeln!(std::io::stderr(), "newsdesk: storing the full text of story {}: {e}", id.0);
                }
            },
        ));
    }
    let removed = store.apply_retention(chrono::Utc::now(), config.retention)?;
    if removed > 0 && !json {
        writeln!(std::io::stdout(), "retention: {removed} old stories removed")?;
    }
    store.optimize()?;
    let everything_failed = report.failed == report.sources;
    finish(report, started, json).map(|code| if everything_failed { 1 } else { code })
}

fn finish(mut report: RefreshReport, started: std::time::Instant, json: bool) -> Result<i32> {
    report.seconds = (started.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(0);
    }
    if report.pages_extracted + report.pages_failed > 0 {
        writeln!(
            out,
            "full text: {} of {} pages extracted, {} failed",
            report.pages_extracted,
            report.pages_extracted + report.pages_failed,
            report.pages_failed
        )?;
    }
    writeln!(
        out,
        "{} of {} sources ok ({} not modified, {} failed{}), {} new and {} updated stories, {}, in {:.1} s",
        report.ok + report.not_modified,
        report.sources,
        report.not_modified,
        report.failed,
        if report.held_back > 0 { format!(", {} held back", report.held_back) } else { String::new() },
        report.new,
        report.updated,
        human_bytes(report.bytes),
        report.seconds
    )?;
    Ok(0)
}

fn human_bytes(bytes: usize) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1_048_576.0),
    }
}

/// The refresh's progress: a bar on a terminal, one line per source otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
}

impl Progress {
    fn new(total: usize, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stdout().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(total as u64);
            let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} sources {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress { bar, quiet }
    }

    fn step(&self, line: &SourceReport) {
        if self.quiet {
            return;
        }
        let text = match (line.outcome, &line.error) {
            ("error", Some(e)) => format!("error  {}: {e}", line.title),
            ("not modified", _) => format!("ok     {}: not modified", line.title),
            _ => format!(
                "ok     {}: {} new, {} updated ({})",
                line.title,
                line.new,
                line.updated,
                line.status.as_deref().unwrap_or("")
            ),
        };
        match &self.bar {
            Some(bar) => {
                if line.outcome == "error" {
                    bar.println(text);
                }
                bar.inc(1);
            }
            None => println!("{text}"),
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
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
    story.summary = story.summary.map(crate::text::into_clean_block);
    story.content = story.content.map(crate::text::into_clean_block);
    story
}

/// Streams the stories: this thread reads the library while another cleans and writes
/// them, so that a long list keeps both cores busy.
fn list(store: &Store, filter: &StoryFilter, json: bool) -> Result<i32> {
    const BATCH: usize = 256;
    let (batches, received) = std::sync::mpsc::sync_channel::<Vec<Story>>(8);
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(move || write_list(received, json));
        let mut batch = Vec::with_capacity(BATCH);
        let read = store.for_each_story(filter, |story| {
            batch.push(story);
            if batch.len() < BATCH {
                return ControlFlow::Continue(());
            }
            // The writer only hangs up when it cannot write any more.
            match batches.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))) {
                Ok(()) => ControlFlow::Continue(()),
                Err(_) => ControlFlow::Break(()),
            }
        });
        let _ = batches.send(batch);
        drop(batches);
        let written = writer.join().unwrap_or_else(|_| Err(std::io::Error::other("the writer crashed")));
        read.map(|()| written)
    })?;
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(0),
    }
}

fn write_list(batches: std::sync::mpsc::Receiver<Vec<Story>>, json: bool) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut first = true;
    if json {
        out.write_all(b"[")?;
    }
    for story in batches.into_iter().flatten() {
        let story = safe_story(story);
        if json {
            out.write_all(if first { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut out, &story).map_err(std::io::Error::from)?;
        } else {
            let date = story
                .published
                .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|| "-".repeat(16));
            let marks =
                format!("{}{}", if story.read { ' ' } else { 'N' }, if story.bookmarked { '*' } else { ' ' });
            writeln!(out, "{:>6} {marks} {date}  {}: {}", story.id.0, story.source, story.title)?;
        }
        first = false;
    }
    if json {
        out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    }
    out.flush()
}

/// The query saved under `name`; only a name that is not there costs counting them all.
fn saved_query(store: &Store, name: &str) -> Result<String> {
    if let Some(query) = store.saved_query(name)? {
        return Ok(query);
    }
    let known: Vec<String> = store.saved_searches()?.iter().map(|s| clean_line(&s.name)).collect();
    let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
    Err(anyhow!("there is no saved search “{}” (saved: {known})", clean_line(name)))
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
    ids: &[i64],
    bookmarks: Option<Option<String>>,
    format: ExportFormat,
    output: Option<PathBuf>,
) -> Result<i32> {
    let mut stories = Vec::new();
    if let Some(tag) = &bookmarks {
        let filter = StoryFilter { bookmarked_only: true, tag: tag.clone(), ..StoryFilter::default() };
        store.for_each_story(&filter, |s| {
            stories.push(s);
            ControlFlow::Continue(())
        })?;
    }
    for id in ids {
        stories.push(get_story(store, *id)?);
    }
    if stories.is_empty() {
        bail!("nothing to export: give story ids, or --bookmarks");
    }
    let format = match format {
        ExportFormat::Md => crate::export::Format::Markdown,
        ExportFormat::Txt => crate::export::Format::Text,
        ExportFormat::Html => crate::export::Format::Html,
        ExportFormat::Json => crate::export::Format::Json,
        ExportFormat::Epub => crate::export::Format::Epub,
    };
    // One EPUB holds every story; the other formats make one file per story.
    let documents: Vec<(String, Vec<u8>)> = if format == crate::export::Format::Epub && stories.len() > 1 {
        let title = match &bookmarks {
            Some(Some(tag)) => format!("newsdesk bookmarks: {}", clean_line(tag)),
            Some(None) => "newsdesk bookmarks".to_string(),
            None => format!("{} stories", stories.len()),
        };
        let name = crate::export::safe_file_name(
            &format!("newsdesk-{}", chrono::Utc::now().format("%Y-%m-%d")),
            "epub",
        );
        vec![(name, crate::export::epub(&stories, &title, chrono::Utc::now()))]
    } else {
        stories
            .iter()
            .map(|s| {
                (
                    crate::export::file_name_from(&config.file_name, s, format),
                    crate::export::render(s, format, config.text_width),
                )
            })
            .collect()
    };
    let mut out = std::io::stdout().lock();
    match output {
        Some(path) if path.as_os_str() == "-" => {
            for (_, body) in &documents {
                out.write_all(body)?;
            }
        }
        Some(path) if path.is_dir() => {
            for (name, body) in &documents {
                writeln!(out, "{}", crate::files::write_new_in_dir(&path, name, body)?.display())?;
            }
        }
        Some(path) if documents.len() == 1 => {
            crate::files::write_new(&path, &documents[0].1)?;
            writeln!(out, "{}", path.display())?;
        }
        Some(path) => bail!(
            "{} stories make {} files: give a directory, not {}",
            stories.len(),
            documents.len(),
            path.display()
        ),
        None => {
            for (name, body) in &documents {
                writeln!(
                    out,
                    "{}",
                    crate::files::write_new_in_dir(&config.export_dir, name, body)?.display()
                )?;
            }
        }
    }
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
