//! Carries out effects: store jobs, refreshes, exports, config edits, the browser. Every
//! outcome comes back to the event loop as a message.

use crate::app::{Effect, Msg};
use crate::config::Config;
use crate::config::sources_file::SourceEdit;
use crate::domain::safe_text::{clean_line, mask};
use crate::domain::{StoryFilter, StoryId};
use crate::fetch::refresh::Refresher;
use crate::store::Store;
use crate::store::worker::StoreHandle;
use tokio::sync::mpsc::UnboundedSender;

#[derive(Clone)]
pub struct Executor {
    pub store: StoreHandle,
    pub refresher: Refresher,
    pub config: std::sync::Arc<Config>,
    /// The config file that source edits go to; none in the demo.
    pub config_path: Option<std::path::PathBuf>,
    pub tx: UnboundedSender<Msg>,
}

impl Executor {
    pub fn execute(&self, effect: Effect) {
        match effect {
            Effect::Refresh(scope) => self.spawn_refresh(scope),
            Effect::FetchFullText(id) => {
                let this = self.clone();
                tokio::spawn(async move {
                    let result = this.refresher.fetch_one_page(id).await;
                    let _ = this.tx.send(Msg::FullTextFetched { id, result });
                });
            }
            Effect::Export { stories, format, path } => {
                let this = self.clone();
                tokio::spawn(async move {
                    let _ = this.tx.send(Msg::Exported(this.export(stories, format, path).await));
                });
            }
            Effect::AddSource(url) => {
                let this = self.clone();
                tokio::spawn(async move {
                    let msg = this.add_source(&url).await;
                    let _ = this.tx.send(msg);
                });
            }
            Effect::AddFeed { url, title } => self.spawn_edit(SourceEdit::Add { url, title }),
            Effect::RenameSource { url, title } => self.spawn_edit(SourceEdit::Rename { url, title }),
            Effect::RemoveSource(url) => self.spawn_edit(SourceEdit::Remove { url }),
            Effect::OpenUrl(url) => {
                if let Err(e) = open_in_browser(self.config.browser.as_deref(), &url) {
                    let _ = self.tx.send(Msg::Failed(e));
                }
            }
            // The event loop itself steps aside for these; nothing to carry out here.
            Effect::Quit | Effect::Suspend => {}
            store_effect => {
                let tx = self.tx.clone();
                self.store.run(move |s| {
                    if let Some(msg) = run_store_effect(s, store_effect) {
                        let _ = tx.send(msg);
                    }
                });
            }
        }
    }

    /// Runs the one refresh pipeline; its events come back as `Msg::Refresh`.
    fn spawn_refresh(&self, scope: crate::domain::RefreshScope) {
        let (events, mut received) = tokio::sync::mpsc::unbounded_channel();
        let refresher = self.refresher.clone();
        tokio::spawn(async move { refresher.run(scope, events).await });
        let tx = self.tx.clone();
        tokio::spawn(async move {
            while let Some(event) = received.recv().await {
                let _ = tx.send(Msg::Refresh(event));
            }
        });
    }

    /// Looks for the feeds at an address: one is added at once, several are offered.
    async fn add_source(&self, url: &str) -> Msg {
        match crate::fetch::discovery::discover_feeds(&self.refresher.fetcher, url).await {
            Err(e) => Msg::SourcesEdited(Err(e)),
            Ok(feeds) if feeds.is_empty() => {
                Msg::SourcesEdited(Err(format!("no feed found at {}", mask(url))))
            }
            Ok(mut feeds) if feeds.len() == 1 => {
                let feed = feeds.remove(0);
                self.edit_sources(SourceEdit::Add { url: feed.url, title: feed.title }).await
            }
            Ok(feeds) => Msg::FeedChoices(feeds.into_iter().map(|f| (f.url, f.title)).collect()),
        }
    }

    fn spawn_edit(&self, edit: SourceEdit) {
        let this = self.clone();
        tokio::spawn(async move {
            let msg = this.edit_sources(edit).await;
            let _ = this.tx.send(msg);
        });
    }

    /// Changes the sources in the config file, then makes the library's sources match it.
    async fn edit_sources(&self, edit: SourceEdit) -> Msg {
        let Some(path) = self.config_path.clone() else {
            return Msg::SourcesEdited(Err("the demo's sources cannot be changed".into()));
        };
        let edited = tokio::task::spawn_blocking(move || -> Result<_, String> {
            let done = crate::config::sources_file::apply(&path, edit).map_err(|e| e.to_string())?;
            let config = Config::load(&path, true).map_err(|e| e.to_string())?;
            Ok((done, config.sources))
        })
        .await;
        match edited {
            Ok(Ok((done, sources))) => match self.store.call(move |s| s.sync_sources(&sources)).await {
                Some(Ok(())) => Msg::SourcesEdited(Ok(done)),
                Some(Err(e)) => Msg::SourcesEdited(Err(e.to_string())),
                None => Msg::SourcesEdited(Err("the library is closed".into())),
            },
            Ok(Err(e)) => Msg::SourcesEdited(Err(e)),
            Err(_) => Msg::SourcesEdited(Err("editing the config crashed".into())),
        }
    }

    /// Writes the stories by the one export plan that `newsdesk export` uses too.
    async fn export(
        &self,
        ids: Vec<StoryId>,
        format: crate::content::export::Format,
        path: String,
    ) -> Result<std::path::PathBuf, String> {
        let count = ids.len();
        let found =
            self.store.call(move |s| ids.iter().map(|id| s.story(*id)).collect::<Result<Vec<_>, _>>()).await;
        let stories: Vec<crate::domain::Story> = match found {
            Some(Ok(found)) => found.into_iter().flatten().collect(),
            Some(Err(e)) => return Err(e.to_string()),
            None => return Err("the library is closed".into()),
        };
        if stories.len() < count {
            return Err("a story to export is no longer in the library".into());
        }
        let config = std::sync::Arc::clone(&self.config);
        tokio::task::spawn_blocking(move || {
            let target = crate::os::files::export_target(&path);
            let shown = match &target {
                crate::content::export::plan::ExportTarget::Directory(dir) => Some(dir.clone()),
                _ => None,
            };
            let plan = crate::content::export::plan::plan(
                &stories,
                format,
                &config.export_style(None),
                &target,
                chrono::Utc::now(),
            )
            .map_err(|e| e.to_string())?;
            let written =
                crate::os::files::write_plan(&plan, &mut std::io::sink()).map_err(|e| e.to_string())?;
            // One file is named; several in a directory are named by their directory.
            match (written.as_slice(), shown) {
                ([one], _) => Ok(one.clone()),
                (_, Some(dir)) => Ok(dir),
                _ => Err("nothing was written".to_string()),
            }
        })
        .await
        .map_err(|_| "the export crashed".to_string())?
    }
}

/// Effects that are one question to the library, answered by at most one message.
fn run_store_effect(s: &mut Store, effect: Effect) -> Option<Msg> {
    let gone = |id: StoryId| format!("story {} is no longer in the library", id.0);
    Some(match effect {
        Effect::LoadSources => {
            let bookmarks = StoryFilter { bookmarked_only: true, ..StoryFilter::default() };
            match s.sources().and_then(|sources| Ok((sources, s.count(&bookmarks)?))) {
                Ok((sources, bookmarks)) => Msg::SourcesLoaded { sources, bookmarks },
                Err(e) => Msg::Failed(e.to_string()),
            }
        }
        Effect::LoadSearches => match s.saved_searches() {
            Ok(searches) => Msg::SearchesLoaded(searches),
            Err(e) => Msg::Failed(e.to_string()),
        },
        Effect::LoadStories { generation, filter, offset, limit } => {
            match s.count(&filter).and_then(|total| Ok((total, s.stories(&filter, offset, limit)?))) {
                Ok((total, rows)) => Msg::StoriesLoaded { generation, offset, total, rows },
                Err(e) => Msg::Failed(e.to_string()),
            }
        }
        Effect::LoadStory(id) => match s.story(id) {
            Ok(Some(story)) => Msg::StoryLoaded(Box::new(story)),
            Ok(None) => Msg::Failed(gone(id)),
            Err(e) => Msg::Failed(e.to_string()),
        },
        Effect::MarkRead(id, read) => return s.set_read(id, read).err().map(|e| Msg::Failed(e.to_string())),
        Effect::SetBookmark(id, on) => match s.set_bookmarked(id, on, chrono::Utc::now()) {
            Ok(_) => Msg::BookmarkSet { id, on },
            Err(e) => Msg::Failed(e.to_string()),
        },
        Effect::MarkAllRead(filter) => Msg::MarkedRead(s.mark_all_read(&filter).map_err(|e| e.to_string())),
        Effect::SetTags(id, tags) => Msg::BookmarkEdited(match s.set_tags(id, &tags, chrono::Utc::now()) {
            Ok(true) => Ok(id),
            Ok(false) => Err(gone(id)),
            Err(e) => Err(e.to_string()),
        }),
        Effect::SetNote(id, note) => {
            Msg::BookmarkEdited(match s.set_note(id, note.as_deref(), chrono::Utc::now()) {
                Ok(true) => Ok(id),
                Ok(false) => Err(gone(id)),
                Err(e) => Err(e.to_string()),
            })
        }
        Effect::SaveSearch { name, query } => Msg::SourcesEdited(match s.save_search(&name, &query) {
            Ok(_) => Ok(format!("Saved the search “{name}” among the sources")),
            Err(e) => Err(format!("cannot save the search: {e}")),
        }),
        Effect::RemoveSearch(name) => Msg::SourcesEdited(match s.remove_search(&name) {
            Ok(true) => Ok(format!("Removed the saved search “{name}”")),
            Ok(false) => Err(format!("there is no saved search “{name}”")),
            Err(e) => Err(format!("cannot remove the search: {e}")),
        }),
        other => Msg::Failed(format!("the library cannot carry out {other:?}")),
    })
}

/// Starts the browser with the link as one argument; nothing goes through a shell.
pub fn open_in_browser(configured: Option<&str>, url: &str) -> Result<(), String> {
    let command = configured
        .map(str::to_string)
        .or_else(|| std::env::var("BROWSER").ok().filter(|b| !b.trim().is_empty()))
        .unwrap_or_else(|| "xdg-open".into());
    // $BROWSER may hold a list separated by ':'; take the first. Words are arguments.
    let first = command.split(':').next().unwrap_or_default();
    let mut words = first.split_whitespace();
    let program = words.next().ok_or("no browser is configured")?;
    std::process::Command::new(program)
        .args(words)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|mut child| {
            // Reap the child when it exits, so that no zombie is left behind.
            std::thread::spawn(move || child.wait());
        })
        .map_err(|e| format!("cannot start the browser {}: {e}", clean_line(program)))
}
