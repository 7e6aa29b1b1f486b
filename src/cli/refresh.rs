//! `newsdesk refresh`: the reader's own refresh pipeline, reported line by line or as JSON.

use super::RefreshArgs;
use super::context::Library;
use super::output::human_bytes;
use crate::domain::safe_text::{clean_line, mask};
use crate::domain::{RefreshEvent, RefreshScope, SourceId, SourceOutcome};
use anyhow::Result;
use std::collections::HashMap;
use std::io::{IsTerminal, Write};

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
    /// Items of the feed the library could not store.
    skipped: usize,
    /// Items beyond the most one poll takes.
    cut: usize,
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

pub fn run(library: Library, args: &RefreshArgs) -> Result<i32> {
    let started = std::time::Instant::now();
    let Library { config, store, .. } = library;
    let now = chrono::Utc::now();
    let names: HashMap<SourceId, (String, String)> = store
        .sources()?
        .into_iter()
        .map(|s| (s.id, (s.title.into_string(), mask(&s.url).into_string())))
        .collect();
    let mut report = RefreshReport::default();
    for (id, until) in if args.force { Vec::new() } else { store.held_back(now)? } {
        report_held_back(&mut report, id, until, names.get(&id).cloned().unwrap_or_default(), args.json);
    }
    let scope = if args.force { RefreshScope::Forced } else { RefreshScope::All };
    let refresher = config
        .refresher(crate::store::worker::StoreHandle::inline(store))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let mut progress = Progress::new(args.json);
    // The refresh runs on this thread, as one future with the report, and the library's writes
    // with it: its buffers come and go in one allocator arena (spread over the runtime's and a
    // store thread, they took a third more memory).
    runtime.block_on(async {
        let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
        let reporting = async {
            while let Some(event) = received.recv().await {
                on_event(&mut report, &mut progress, &names, event);
            }
        };
        tokio::join!(refresher.run(scope, events), reporting);
    });
    progress.done();
    let everything_failed = report.sources > 0 && report.failed == report.sources;
    finish(report, started, args.json).map(|code| if everything_failed { 1 } else { code })
}

/// A source its server asked to wait is not polled, and the report says until when.
fn report_held_back(
    report: &mut RefreshReport,
    id: SourceId,
    until: chrono::DateTime<chrono::Utc>,
    (title, url): (String, String),
    json: bool,
) {
    let local = until.with_timezone(&chrono::Local).format("%H:%M");
    let error = format!("the server asked to wait; next try after {local} (--force polls it now)");
    if !json {
        println!("wait   {title}: {error}");
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
        skipped: 0,
        cut: 0,
        bytes: 0,
    });
}

fn on_event(
    report: &mut RefreshReport,
    progress: &mut Progress,
    names: &HashMap<SourceId, (String, String)>,
    event: RefreshEvent,
) {
    match event {
        RefreshEvent::Started { sources: 0 } => progress.say("no sources to poll"),
        RefreshEvent::Started { sources } => {
            report.sources = sources;
            progress.start(sources);
        }
        RefreshEvent::Source { id, outcome } => {
            let line = source_line(id, names.get(&id).cloned().unwrap_or_default(), outcome);
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
        }
        RefreshEvent::PagesStarted { .. } => {}
        RefreshEvent::Page { result: Ok(_), .. } => report.pages_extracted += 1,
        RefreshEvent::Page { story, result: Err(e) } => {
            report.pages_failed += 1;
            progress.say(&format!("error  full text of story {}: {}", story.0, clean_line(&e)));
        }
        RefreshEvent::Problem(problem) => {
            let _ = writeln!(std::io::stderr(), "newsdesk: {}", clean_line(&problem));
        }
        RefreshEvent::Finished { removed } if removed > 0 => {
            progress.say(&format!("retention: {removed} old stories removed"));
        }
        RefreshEvent::Finished { .. } => {}
    }
}

fn source_line(id: SourceId, (title, url): (String, String), outcome: SourceOutcome) -> SourceReport {
    let mut line = SourceReport {
        id: id.0,
        title,
        url,
        outcome: "ok",
        status: None,
        error: None,
        new: 0,
        updated: 0,
        skipped: 0,
        cut: 0,
        bytes: 0,
    };
    match outcome {
        SourceOutcome::Failed { failure, error } => {
            line.outcome = "error";
            line.status = Some(failure.label().to_string());
            line.error = Some(clean_line(&error));
        }
        SourceOutcome::NotModified => {
            line.outcome = "not modified";
            line.status = Some("304 Not Modified".into());
        }
        SourceOutcome::Fetched { status, changes, bytes } => {
            line.status = Some(clean_line(&status.text));
            line.new = changes.new;
            line.updated = changes.updated;
            line.skipped = changes.skipped;
            line.cut = changes.cut;
            line.bytes = bytes;
        }
    }
    line
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
    let held_back =
        if report.held_back > 0 { format!(", {} held back", report.held_back) } else { String::new() };
    writeln!(
        out,
        "{} of {} sources ok ({} not modified, {} failed{held_back}), {} new and {} updated stories, {}, in {:.1} s",
        report.ok + report.not_modified,
        report.sources,
        report.not_modified,
        report.failed,
        report.new,
        report.updated,
        human_bytes(report.bytes),
        report.seconds
    )?;
    Ok(0)
}

/// What was left out of a source's poll, if anything.
fn notes(line: &SourceReport) -> String {
    let mut notes = String::new();
    if line.skipped > 0 {
        notes.push_str(&format!(", {} not stored", line.skipped));
    }
    if line.cut > 0 {
        notes.push_str(&format!(
            ", {} beyond the first {} left out",
            line.cut,
            crate::content::feed::MAX_ITEMS
        ));
    }
    notes
}

/// The refresh's progress: a bar on a terminal, one line per source otherwise; nothing
/// for JSON, which reports at the end.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    quiet: bool,
}

impl Progress {
    fn new(quiet: bool) -> Progress {
        Progress { bar: None, quiet }
    }

    fn start(&mut self, total: usize) {
        if self.quiet || !std::io::stdout().is_terminal() {
            return;
        }
        let bar = indicatif::ProgressBar::new(total as u64);
        let style = indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} sources {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        bar.set_style(style);
        self.bar = Some(bar);
    }

    /// A line that stays, printed above the bar when there is one.
    fn say(&self, text: &str) {
        match (&self.bar, self.quiet) {
            (_, true) => {}
            (Some(bar), false) => bar.println(text),
            (None, false) => println!("{text}"),
        }
    }

    fn step(&self, line: &SourceReport) {
        let text = match (line.outcome, &line.error) {
            ("error", Some(e)) => format!("error  {}: {e}", line.title),
            ("not modified", _) => format!("ok     {}: not modified", line.title),
            _ => format!(
                "ok     {}: {} new, {} updated{} ({})",
                line.title,
                line.new,
                line.updated,
                notes(line),
                line.status.as_deref().unwrap_or("")
            ),
        };
        match &self.bar {
            Some(bar) if !self.quiet => {
                if line.outcome == "error" {
                    bar.println(text);
                }
                bar.inc(1);
            }
            _ => self.say(&text),
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
