//! The library itself from the command line: `db stats`, `db vacuum` and saved `searches`.

use super::context::Library;
use super::output::human_bytes;
use super::{DbAction, DbArgs, SearchesAction, SearchesArgs};
use crate::domain::safe_text::clean_line;
use anyhow::{Result, bail};

pub fn db(library: &Library, args: &DbArgs) -> Result<i32> {
    let store = &library.store;
    let size = |bytes: i64| human_bytes(bytes.max(0) as usize);
    match args.action {
        DbAction::Stats { json: true } => println!("{}", serde_json::to_string_pretty(&store.stats()?)?),
        DbAction::Stats { json: false } => {
            let stats = store.stats()?;
            println!(
                "{} sources, {} stories ({} unread, {} bookmarked, {} with full text), {} on disk ({} free)",
                stats.sources,
                stats.stories,
                stats.unread,
                stats.bookmarks,
                stats.full_texts,
                size(stats.bytes),
                size(stats.free_bytes)
            );
        }
        DbAction::Vacuum => {
            let before = store.stats()?.bytes;
            store.vacuum()?;
            let after = store.stats()?.bytes;
            println!("library compacted from {} to {}", size(before), size(after));
        }
    }
    Ok(0)
}

pub fn searches(library: &mut Library, args: &SearchesArgs) -> Result<i32> {
    let store = &mut library.store;
    match &args.action {
        None => {
            let searches = store.saved_searches()?;
            if args.json {
                println!("{}", serde_json::to_string_pretty(&searches)?);
            } else if searches.is_empty() {
                println!("no saved searches; `newsdesk searches add NAME QUERY` keeps one");
            }
            for s in searches.iter().filter(|_| !args.json) {
                let (name, query) = (&s.name, clean_line(&s.query));
                println!("{:>7} unread {:>7} stories  {name}  ({query})", s.unread, s.total);
            }
        }
        Some(SearchesAction::Add { name, query }) => {
            let name = clean_line(name);
            if name.is_empty() {
                bail!("a saved search needs a name");
            }
            crate::domain::query::parse(query)?;
            let replaced = store.save_search(&name, query)?;
            println!("{} the search “{name}”", if replaced { "replaced" } else { "saved" });
        }
        Some(SearchesAction::Remove { name }) => {
            if !store.remove_search(name)? {
                bail!("there is no saved search “{}”", clean_line(name));
            }
            println!("removed the search “{}”", clean_line(name));
        }
    }
    Ok(0)
}
