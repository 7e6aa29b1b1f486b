//! Stories from the command line: `list`, `show`, `export`, `bookmarks` and `bookmark`.

use super::context::Library;
use super::output::{output_color, output_width, write_or_print};
use super::{
    BookmarkAction, BookmarkArgs, BookmarksAction, BookmarksArgs, ExportArgs, ExportFormat, ListArgs,
    ShowArgs,
};
use crate::content::export::Format;
use crate::content::export::plan::{ExportTarget, plan};
use crate::domain::safe_text::{clean_line, into_clean_block, mask};
use crate::domain::{Source, Story, StoryFilter, StoryId};
use crate::store::Store;
use anyhow::{Result, anyhow, bail};
use std::io::Write;
use std::ops::ControlFlow;

pub fn list(library: &Library, args: &ListArgs) -> Result<i32> {
    let store = &library.store;
    let query = match &args.saved {
        Some(name) => Some(saved_query(store, name)?),
        None => args.query.clone(),
    };
    let searched = match &query {
        Some(q) => crate::domain::query::parse(q)?.filter(),
        None => StoryFilter::default(),
    };
    let source = match &args.source {
        Some(s) => Some(find_source(store, s)?.id),
        None => None,
    };
    let filter = StoryFilter {
        source: source.or(searched.source),
        unread_only: args.unread || searched.unread_only,
        ..searched
    };
    stream(store, &filter, args.json)
}

pub fn show(library: &Library, args: &ShowArgs) -> Result<i32> {
    let story = get_story(&library.store, args.id)?;
    let width = output_width(args.width);
    let doc = crate::content::render::article(
        &crate::content::render::Header::of(&story),
        story.body_html(),
        width,
    );
    print!("{}", super::output::to_terminal(&doc, output_color()));
    Ok(0)
}

pub fn bookmarks(library: &Library, args: &BookmarksArgs) -> Result<i32> {
    let filter = StoryFilter { bookmarked_only: true, tag: args.tag.clone(), ..StoryFilter::default() };
    match &args.action {
        Some(BookmarksAction::Export { format: _, output }) => {
            let every = StoryFilter { bookmarked_only: true, ..StoryFilter::default() };
            let stories = collect(&library.store, &every)?;
            write_or_print(output, &crate::content::export::netscape(&stories))
        }
        None => stream(&library.store, &filter, args.json),
    }
}

pub fn bookmark(library: &mut Library, args: &BookmarkArgs) -> Result<i32> {
    let (store, id, now) = (&mut library.store, StoryId(args.id), chrono::Utc::now());
    let (found, done) = match args.action {
        BookmarkAction::Add => (store.set_bookmarked(id, true, now)?, "bookmarked"),
        BookmarkAction::Remove => (store.set_bookmarked(id, false, now)?, "removed the bookmark of"),
        BookmarkAction::Tag => (store.set_tags(id, &args.values, now)?, "tagged"),
        BookmarkAction::Note => (store.set_note(id, Some(&args.values.join(" ")), now)?, "wrote the note on"),
    };
    if !found {
        bail!("there is no story {}", args.id);
    }
    println!("{done} story {}", args.id);
    Ok(0)
}

/// Writes stories by the one export plan that the reader's export dialog uses too.
pub fn export(library: &Library, args: &ExportArgs) -> Result<i32> {
    let store = &library.store;
    let mut stories = Vec::new();
    if args.bookmarks {
        let filter = StoryFilter { bookmarked_only: true, tag: args.tag.clone(), ..StoryFilter::default() };
        stories = collect(store, &filter)?;
    }
    for id in &args.ids {
        stories.push(get_story(store, *id)?);
    }
    if stories.is_empty() {
        bail!("nothing to export: give story ids, or --bookmarks");
    }
    let book_title = match (&args.tag, args.bookmarks) {
        (Some(tag), true) => Some(format!("newsdesk bookmarks: {}", clean_line(tag))),
        (None, true) => Some("newsdesk bookmarks".to_string()),
        _ => None,
    };
    let target = match &args.output {
        Some(path) => crate::os::files::export_target(&path.to_string_lossy()),
        None => ExportTarget::Directory(library.config.export_dir.clone()),
    };
    let style = library.config.export_style(book_title);
    let documents = plan(&stories, format_of(args.format), &style, &target, chrono::Utc::now())?;
    let mut out = std::io::stdout().lock();
    for path in crate::os::files::write_plan(&documents, &mut out)? {
        writeln!(out, "{}", path.display())?;
    }
    Ok(0)
}

fn format_of(format: ExportFormat) -> Format {
    match format {
        ExportFormat::Md => Format::Markdown,
        ExportFormat::Txt => Format::Text,
        ExportFormat::Html => Format::Html,
        ExportFormat::Json => Format::Json,
        ExportFormat::Epub => Format::Epub,
    }
}

fn collect(store: &Store, filter: &StoryFilter) -> Result<Vec<Story>> {
    let mut stories = Vec::new();
    store.for_each_story(filter, |s| {
        stories.push(s);
        ControlFlow::Continue(())
    })?;
    Ok(stories)
}

/// The source a `--source` value names: its id, its URL, or its title in any case.
fn find_source(store: &Store, key: &str) -> Result<Source> {
    let sources = store.sources()?;
    sources
        .iter()
        .find(|s| s.id.0.to_string() == key || s.url == key)
        .or_else(|| sources.iter().find(|s| s.title.eq_ignore_ascii_case(key)))
        .cloned()
        .ok_or_else(|| anyhow!("no source matches {}", clean_line(key)))
}

/// The query saved under `name`; only a name that is not there costs counting them all.
fn saved_query(store: &Store, name: &str) -> Result<String> {
    if let Some(query) = store.saved_query(name)? {
        return Ok(query);
    }
    let known: Vec<String> = store.saved_searches()?.into_iter().map(|s| s.name.into_string()).collect();
    let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
    Err(anyhow!("there is no saved search “{}” (saved: {known})", clean_line(name)))
}

fn get_story(store: &Store, id: i64) -> Result<Story> {
    store.story(StoryId(id))?.ok_or_else(|| anyhow!("there is no story {id}"))
}

/// A story fit to print: its titles are safe text already; its link loses any credentials
/// and its HTML bodies lose control characters (JSON keeps the markup).
fn safe_story(mut story: Story) -> Story {
    story.url = story.url.map(|u| mask(&u).into_string());
    story.summary = story.summary.map(into_clean_block);
    story.content = story.content.map(into_clean_block);
    story
}

/// Streams the stories: this thread reads the library while another cleans and writes
/// them, so that a long list keeps both cores busy.
fn stream(store: &Store, filter: &StoryFilter, json: bool) -> Result<i32> {
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
