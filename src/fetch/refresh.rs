//! The one refresh: poll the sources in scope, store what each brought, fetch the pages of
//! stories that want their full text, apply retention and tidy the search index. The
//! reader's executor and `newsdesk refresh` both run this; progress goes out as
//! `RefreshEvent`s on one channel, in the order the library stored things.

use crate::domain::{
    PageText, PollChanges, PollFailure, PollOutcome, RefreshEvent, RefreshScope, Retention, SourceOutcome,
    StoryId,
};
use crate::fetch::host_gate::HostGate;
use crate::fetch::http::Fetcher;
use crate::fetch::poll;
use crate::store::worker::StoreHandle;
use futures_util::StreamExt;
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::sync::mpsc::UnboundedSender;

/// At most this many pages are fetched for full text after one refresh; the rest wait
/// for the next one.
pub const PAGES_PER_REFRESH: usize = 100;

/// At most this many fetched feeds or pages wait for the library at once: fetching runs
/// ahead of storing only so far, which bounds the memory a refresh holds.
const QUEUED_WRITES: usize = 4;

/// What a refresh needs: the library, the HTTP client, the per-host gate and the limits.
#[derive(Clone)]
pub struct Refresher {
    pub store: StoreHandle,
    pub fetcher: Fetcher,
    pub gate: Arc<HostGate>,
    /// Requests in flight at once over all hosts.
    pub concurrency: usize,
    /// Retention for sources that set none.
    pub retention: Retention,
}

type Events = UnboundedSender<RefreshEvent>;

impl Refresher {
    /// Runs one refresh of `scope`. Every event is sent from the library's thread once what
    /// it reports is stored, so `Finished` comes after everything else. The channel closes
    /// when the last event is sent.
    pub async fn run(&self, scope: RefreshScope, events: Events) {
        let targets = match self.store.call(move |s| s.poll_targets(&scope, chrono::Utc::now())).await {
            Some(Ok(targets)) => targets,
            Some(Err(e)) => {
                let _ = events.send(RefreshEvent::Problem(format!("cannot list the sources: {e}")));
                let _ = events.send(RefreshEvent::Finished { removed: 0 });
                return;
            }
            None => return,
        };
        let _ = events.send(RefreshEvent::Started { sources: targets.len() });
        let queue = Arc::new(Semaphore::new(QUEUED_WRITES));
        let mut polls = std::pin::pin!(poll::polls(&self.fetcher, &self.gate, targets, self.concurrency));
        while let Some((id, outcome)) = polls.next().await {
            let Ok(place) = Arc::clone(&queue).acquire_owned().await else { return };
            let events = events.clone();
            self.store.run(move |s| {
                let stored = s.record_poll(id, &outcome, chrono::Utc::now());
                drop(place);
                let outcome = source_outcome(outcome, stored.map_err(|e| e.to_string()));
                log_outcome(id, &outcome);
                let _ = events.send(RefreshEvent::Source { id, outcome });
            });
        }
        self.fetch_pages(&events).await;
        let retention = self.retention;
        self.store.run(move |s| {
            let removed = s.apply_retention(chrono::Utc::now(), retention).unwrap_or_else(|e| {
                let _ = events.send(RefreshEvent::Problem(format!("retention: {e}")));
                0
            });
            if let Err(e) = s.optimize() {
                let _ = events.send(RefreshEvent::Problem(format!("tidying the search index: {e}")));
            }
            let _ = events.send(RefreshEvent::Finished { removed });
        });
    }

    /// Fetches the pages of the stories that want their full text, after the polls.
    async fn fetch_pages(&self, events: &Events) {
        let jobs = match self.store.call(|s| s.page_jobs(None, PAGES_PER_REFRESH)).await {
            Some(Ok(jobs)) => jobs,
            Some(Err(e)) => {
                let _ = events.send(RefreshEvent::Problem(format!("cannot list the pages to fetch: {e}")));
                return;
            }
            None => return,
        };
        if jobs.is_empty() {
            return;
        }
        let _ = events.send(RefreshEvent::PagesStarted { pages: jobs.len() });
        let queue = Arc::new(Semaphore::new(QUEUED_WRITES));
        let mut pages = std::pin::pin!(poll::page_fetches(&self.fetcher, &self.gate, jobs, self.concurrency));
        while let Some((story, result)) = pages.next().await {
            let Ok(place) = Arc::clone(&queue).acquire_owned().await else { return };
            let events = events.clone();
            self.store.run(move |s| {
                let result = store_page(s, story, result, &events);
                drop(place);
                let _ = events.send(RefreshEvent::Page { story, result });
            });
        }
    }

    /// Fetches one story's page now (the reader's `F`), stores it, and returns its body.
    pub async fn fetch_one_page(&self, story: StoryId) -> Result<String, String> {
        let job = match self.store.call(move |s| s.page_jobs(Some(&[story]), 1)).await {
            Some(Ok(mut jobs)) if !jobs.is_empty() => jobs.remove(0),
            Some(Err(e)) => return Err(e.to_string()),
            _ => return Err("this story has no link to fetch".into()),
        };
        let result = poll::fetch_page(&self.fetcher, &job).await;
        let (events, _) = tokio::sync::mpsc::unbounded_channel();
        let stored = self.store.call(move |s| store_page(s, story, result, &events)).await;
        stored.unwrap_or_else(|| Err("the library is closed".into()))
    }
}

/// Records a fetched page (or why it failed) and hands back its body.
fn store_page(
    store: &mut crate::store::Store,
    story: StoryId,
    result: Result<PageText, String>,
    events: &Events,
) -> Result<String, String> {
    if let Err(e) = &result {
        tracing::info!(story = story.0, error = %e, "full text not extracted");
    }
    if let Err(e) = store.record_full_text(story, &result) {
        let _ =
            events.send(RefreshEvent::Problem(format!("storing the full text of story {}: {e}", story.0)));
    }
    result.map(|page| page.body)
}

/// How a poll ended once the library had its say: a failed fetch is what the user needs to
/// read, even when recording it failed too.
fn source_outcome(outcome: PollOutcome, stored: Result<PollChanges, String>) -> SourceOutcome {
    match (outcome, stored) {
        (PollOutcome::Failed { failure, error, .. }, _) => SourceOutcome::Failed { failure, error },
        (_, Err(error)) => SourceOutcome::Failed { failure: PollFailure::NotStored, error },
        (PollOutcome::NotModified { .. }, Ok(_)) => SourceOutcome::NotModified,
        (PollOutcome::Fetched { status, meta, .. }, Ok(changes)) => {
            SourceOutcome::Fetched { status, changes, bytes: meta.bytes }
        }
    }
}

fn log_outcome(id: crate::domain::SourceId, outcome: &SourceOutcome) {
    match outcome {
        SourceOutcome::Fetched { status, changes, bytes } => tracing::info!(
            source = id.0,
            status = %status.text,
            new = changes.new,
            updated = changes.updated,
            bytes,
            "polled"
        ),
        SourceOutcome::NotModified => tracing::debug!(source = id.0, "not modified"),
        SourceOutcome::Failed { failure, error } => {
            tracing::warn!(source = id.0, status = failure.label(), error = %error, "poll failed")
        }
    }
}
