//! Carries out effects: store jobs, polls, exports, the browser. Every outcome comes back
//! to the event loop as a message.

use super::store_worker::StoreHandle;
use crate::app::{Effect, Msg, RefreshScope};
use crate::config::Config;
use crate::domain::{StoryFilter, StoryId};
use crate::net::Fetcher;
use crate::store::Due;
use tokio::sync::mpsc::UnboundedSender;

/// A change to the sources in the config file.
enum Edit {
    Add { url: String, title: Option<String> },
    Rename { url: String, title: String },
    Remove { url: String },
}

/// At most this many pages are fetched for full text after one refresh; the rest wait
/// for the next one.
pub const PAGES_PER_REFRESH: usize = 100;

#[derive(Clone)]
pub struct Executor {
    pub store: StoreHandle,
    pub fetcher: Fetcher,
    pub gate: std::sync::Arc<crate::poll::HostGate>,
    pub config: std::sync::Arc<Config>,
    /// The config file that source edits go to; none in the demo.
    pub config_path: Option<std::path::PathBuf>,
    pub tx: UnboundedSender<Msg>,
}

impl Executor {
    pub fn execute(&self, effect: Effect) {
        let tx = self.tx.clone();
        match effect {
            Effect::LoadSources => self.store.run(move |s| {
                let bookmarks = StoryFilter { bookmarked_only: true, ..StoryFilter::default() };
                let loaded = s.sources().and_then(|sources| Ok((sources, s.count(&bookmarks)?)));
                let _ = tx.send(match loaded {
                    Ok((sources, bookmarks)) => Msg::SourcesLoaded { sources, bookmarks },
                    Err(e) => Msg::Failed(e.to_string()),
                });
            }),
            Effect::LoadSearches => self.store.run(move |s| {
                let _ = tx.send(match s.saved_searches() {
                    Ok(searches) => Msg::SearchesLoaded(searches),
                    Err(e) => Msg::Failed(e.to_string()),
                });
            }),
            Effect::LoadStories { generation, filter, offset, limit } => self.store.run(move |s| {
                let loaded =
                    s.count(&filter).and_then(|total| Ok((total, s.stories(&filter, offset, limit)?)));
                let _ = tx.send(match loaded {
                    Ok((total, rows)) => Msg::StoriesLoaded { generation, offset, total, rows },
                    Err(e) => Msg::Failed(e.to_string()),
                });
            }),
            Effect::LoadStory(id) => self.store.run(move |s| {
                let _ = tx.send(match s.story(id) {
                    Ok(Some(story)) => Msg::StoryLoaded(Box::new(story)),
                    Ok(None) => Msg::Failed(format!("story {} is no longer in the library", id.0)),
                    Err(e) => Msg::Failed(e.to_string()),
                });
            }),
            Effect::MarkRead(id, read) => self.store.run(move |s| {
                if let Err(e) = s.set_read(id, read) {
                    let _ = tx.send(Msg::Failed(e.to_string()));
                }
            }),
            Effect::SetBookmark(id, on) => self.store.run(move |s| {
                let _ = tx.send(match s.set_bookmarked(id, on, chrono::Utc::now()) {
                    Ok(_) => Msg::BookmarkSet { id, on },
                    Err(e) => Msg::Failed(e.to_string()),
                });
            }),
            Effect::Refresh(only) => {
                let this = self.clone();
                tokio::spawn(async move { this.refresh(only).await });
            }
            Effect::Export { stories, format, path } => {
                let this = self.clone();
                tokio::spawn(async move {
                    let _ = tx.send(Msg::Exported(this.export(stories, format, path).await));
                });
            }
            Effect::MarkAllRead(filter) => self.store.run(move |s| {
                let _ = tx.send(Msg::MarkedRead(s.mark_all_read(&filter).map_err(|e| e.to_string())));
            }),
            Effect::SetTags(id, tags) => self.store.run(move |s| {
                let _ = tx.send(Msg::BookmarkEdited(match s.set_tags(id, &tags, chrono::Utc::now()) {
                    Ok(true) => Ok(id),
                    Ok(false) => Err(format!("story {} is no longer in the library", id.0)),
                    Err(e) => Err(e.to_string()),
                }));
            }),
            Effect::SetNote(id, note) => self.store.run(move |s| {
                let _ =
                    tx.send(Msg::BookmarkEdited(match s.set_note(id, note.as_deref(), chrono::Utc::now()) {
                        Ok(true) => Ok(id),
                        Ok(false) => Err(format!("story {} is no longer in the library", id.0)),
                        Err(e) => Err(e.to_string()),
                    }));
            }),
            Effect::OpenUrl(url) => {
                if let Err(e) = open_in_browser(self.config.browser.as_deref(), &url) {
                    let _ = tx.send(Msg::Failed(e));
                }
            }
            Effect::FetchFullText(id) => {
                let this = self.clone();
                tokio::spawn(async move { this.fetch_one_page(id).await });
            }
            Effect::AddSource(url) => {
                let this = self.clone();
                tokio::spawn(async move {
                    let msg = match crate::poll::discover_feeds(&this.fetcher, &url).await {
                        Err(e) => Msg::SourcesEdited(Err(e)),
                        Ok(feeds) if feeds.is_empty() => {
                            Msg::SourcesEdited(Err(format!("no feed found at {}", crate::net::mask(&url))))
                        }
                        Ok(mut feeds) if feeds.len() == 1 => {
                            let feed = feeds.remove(0);
                            this.edit_sources(Edit::Add { url: feed.url, title: feed.title }).await
                        }
                        Ok(feeds) => Msg::FeedChoices(feeds.into_iter().map(|f| (f.url, f.title)).collect()),
                    };
                    let _ = this.tx.send(msg);
                });
            }
            Effect::AddFeed { url, title } => self.spawn_edit(Edit::Add { url, title }),
            Effect::RenameSource { url, title } => self.spawn_edit(Edit::Rename { url, title }),
            Effect::RemoveSource(url) => self.spawn_edit(Edit::Remove { url }),
            Effect::SaveSearch { name, query } => self.store.run(move |s| {
                let _ = tx.send(Msg::SourcesEdited(match s.save_search(&name, &query) {
                    Ok(_) => {
                        Ok(format!("Saved the search “{}” among the sources", crate::text::clean_line(&name)))
                    }
                    Err(e) => Err(format!("cannot save the search: {e}")),
                }));
            }),
            Effect::RemoveSearch(name) => self.store.run(move |s| {
                let _ = tx.send(Msg::SourcesEdited(match s.remove_search(&name) {
                    Ok(true) => Ok(format!("Removed the saved search “{}”", crate::text::clean_line(&name))),
                    Ok(false) => {
                        Err(format!("there is no saved search “{}”", crate::text::clean_line(&name)))
                    }
                    Err(e) => Err(format!("cannot remove the search: {e}")),
                }));
            }),
            Effect::Quit => {}
        }
    }

    async fn refresh(&self, scope: RefreshScope) {
        let due = match scope {
            RefreshScope::All => Due::All,
            RefreshScope::Due => Due::Now(chrono::Utc::now()),
            RefreshScope::Only(ids) => Due::Only(ids),
        };
        let targets = self.store.call(move |s| s.poll_targets(&due)).await;
        let targets = match targets {
            Some(Ok(t)) => t,
            Some(Err(e)) => {
                let _ = self.tx.send(Msg::Failed(e.to_string()));
                let _ = self.tx.send(Msg::RefreshFinished);
                return;
            }
            None => return,
        };
        let _ = self.tx.send(Msg::RefreshStarted { total: targets.len() });
        crate::poll::poll_all(&self.fetcher, &self.gate, targets, self.config.concurrency, |id, outcome| {
            let tx = self.tx.clone();
            self.store.run(move |s| {
                let stored = s.record_poll(id, &outcome, chrono::Utc::now()).map_err(|e| e.to_string());
                // A failed fetch is what the user needs to read, even when recording it also failed.
                let result = match &outcome {
                    crate::domain::PollOutcome::Failed { error, .. } => Err(error.clone()),
                    _ => stored,
                };
                let _ = tx.send(Msg::SourceRefreshed { id, result });
            });
        })
        .await;
        self.fetch_pages().await;
        let tx = self.tx.clone();
        let retention = self.config.retention;
        self.store.run(move |s| {
            if let Err(e) = s.apply_retention(chrono::Utc::now(), retention) {
                let _ = tx.send(Msg::Failed(e.to_string()));
            }
            let _ = s.optimize();
            let _ = tx.send(Msg::RefreshFinished);
        });
    }

    fn spawn_edit(&self, edit: Edit) {
        let this = self.clone();
        tokio::spawn(async move {
            let msg = this.edit_sources(edit).await;
            let _ = this.tx.send(msg);
        });
    }

    /// Changes the sources in the config file, then makes the library's sources match it.
    async fn edit_sources(&self, edit: Edit) -> Msg {
        let Some(path) = self.config_path.clone() else {
            return Msg::SourcesEdited(Err("the demo's sources cannot be changed".into()));
        };
        let edited = tokio::task::spawn_blocking(
            move || -> Result<(String, Vec<crate::domain::SourceSpec>), String> {
                let done = match edit {
                    Edit::Add { url, title } => {
                        let spec = crate::domain::SourceSpec {
                            url: url.clone(),
                            title: title.map(|t| crate::text::clean_line(&t)),
                            folder: None,
                            ..Default::default()
                        };
                        crate::sources_file::add(&path, &spec).map_err(|e| e.to_string())?;
                        format!("Added {}; press r to fetch it", crate::net::mask(&url))
                    }
                    Edit::Rename { url, title } => {
                        crate::sources_file::rename(&path, &url, &title).map_err(|e| e.to_string())?;
                        format!("Renamed to {}", crate::text::clean_line(&title))
                    }
                    Edit::Remove { url } => {
                        crate::sources_file::remove(&path, &url).map_err(|e| e.to_string())?;
                        format!("Removed {}; its bookmarks stay", crate::net::mask(&url))
                    }
                };
                let config = Config::load(&path, true).map_err(|e| e.to_string())?;
                Ok((done, config.sources))
            },
        )
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

    /// Fetches the pages of the stories that want their full text, after a refresh.
    async fn fetch_pages(&self) {
        let jobs = match self.store.call(|s| s.page_jobs(None, PAGES_PER_REFRESH)).await {
            Some(Ok(jobs)) => jobs,
            _ => return,
        };
        if jobs.is_empty() {
            return;
        }
        let _ = self.tx.send(Msg::PagesStarted { total: jobs.len() });
        crate::poll::fetch_pages(&self.fetcher, &self.gate, jobs, self.config.concurrency, |id, result| {
            let tx = self.tx.clone();
            self.store.run(move |s| {
                let _ = s.record_full_text(id, &result);
                let result = result.map(|page| page.body);
                let _ = tx.send(Msg::FullTextFetched { id, result, on_demand: false });
            });
        })
        .await;
    }

    async fn fetch_one_page(&self, id: StoryId) {
        let job = match self.store.call(move |s| s.page_jobs(Some(&[id]), 1)).await {
            Some(Ok(mut jobs)) if !jobs.is_empty() => jobs.remove(0),
            _ => {
                let result = Err("this story has no link to fetch".to_string());
                let _ = self.tx.send(Msg::FullTextFetched { id, result, on_demand: true });
                return;
            }
        };
        let result = crate::poll::fetch_page(&self.fetcher, &job).await;
        let tx = self.tx.clone();
        self.store.run(move |s| {
            let _ = s.record_full_text(id, &result);
            let result = result.map(|page| page.body);
            let _ = tx.send(Msg::FullTextFetched { id, result, on_demand: true });
        });
    }

    async fn export(
        &self,
        ids: Vec<StoryId>,
        format: crate::export::Format,
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
        tokio::task::spawn_blocking(move || match stories.as_slice() {
            [story] => export_to(story, &config, format, &path),
            _ => export_many(&stories, &config, format, &path),
        })
        .await
        .map_err(|_| "the export crashed".to_string())?
    }
}

/// Writes a story into the configured export directory in the configured format.
/// Writes a story in `format` to `path`: a new file, or, for an existing directory, a file
/// in it named by the template. Never over an existing file.
pub fn export_to(
    story: &crate::domain::Story,
    config: &Config,
    format: crate::export::Format,
    path: &str,
) -> Result<std::path::PathBuf, String> {
    let body = crate::export::render(story, format, config.text_width);
    let path = crate::paths::expand_home(path);
    if path.is_dir() {
        let name = crate::export::file_name_from(&config.file_name, story, format);
        return crate::files::write_new_in_dir(&path, &name, &body).map_err(|e| e.to_string());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create directory {}: {e}", dir.display()))?;
    }
    crate::files::write_new(&path, &body).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Writes several stories: one EPUB book (into `path` if it is a directory, else at `path`),
/// or, for the other formats, one file each in the directory `path`. Returns what was written:
/// the book, or the directory.
pub fn export_many(
    stories: &[crate::domain::Story],
    config: &Config,
    format: crate::export::Format,
    path: &str,
) -> Result<std::path::PathBuf, String> {
    let path = crate::paths::expand_home(path);
    if format == crate::export::Format::Epub {
        let now = chrono::Utc::now();
        let book = crate::export::epub(stories, &format!("newsdesk: {} stories", stories.len()), now);
        if path.is_dir() {
            let name = crate::export::safe_file_name(&format!("newsdesk-{}", now.format("%Y-%m-%d")), "epub");
            return crate::files::write_new_in_dir(&path, &name, &book).map_err(|e| e.to_string());
        }
        crate::files::write_new(&path, &book).map_err(|e| e.to_string())?;
        return Ok(path);
    }
    for story in stories {
        let name = crate::export::file_name_from(&config.file_name, story, format);
        let body = crate::export::render(story, format, config.text_width);
        crate::files::write_new_in_dir(&path, &name, &body).map_err(|e| e.to_string())?;
    }
    Ok(path)
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
        .map_err(|e| format!("cannot start the browser {}: {e}", crate::text::clean_line(program)))
}
