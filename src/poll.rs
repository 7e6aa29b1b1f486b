//! Polling sources: fetch, parse, and hand each outcome back, many sources at once.

use crate::domain::PollOutcome;
use crate::domain::{PageJob, PollTarget as Target, SourceId, StoryId};
use crate::net::{FetchError, Fetched, Fetcher};
use futures_util::StreamExt;

/// Polls one source: never fails, a failure is an outcome like any other.
pub async fn poll_one(fetcher: &Fetcher, target: &Target) -> PollOutcome {
    match fetcher.get(&target.url, &target.validators).await {
        Ok(Fetched::NotModified { validators }) => PollOutcome::NotModified { validators },
        Ok(Fetched::Body { bytes, content_type, validators, status }) => {
            let url = target.url.clone();
            let parsed = tokio::task::spawn_blocking(move || {
                crate::feed::parse(&bytes, content_type.as_deref(), &url)
            })
            .await;
            match parsed {
                Ok(Ok(feed)) => PollOutcome::Fetched { feed, validators, status },
                Ok(Err(e)) => PollOutcome::Failed { status: "not a feed".into(), error: e.to_string() },
                Err(_) => {
                    PollOutcome::Failed { status: "error".into(), error: "the feed parser crashed".into() }
                }
            }
        }
        Err(e) => failed(&e),
    }
}

fn failed(e: &FetchError) -> PollOutcome {
    PollOutcome::Failed { status: e.status(), error: e.to_string() }
}

/// Polls every target with at most `concurrency` requests in flight, calling `done` as
/// each finishes, in completion order: a slow source never holds the others back.
pub async fn poll_all(
    fetcher: &Fetcher,
    targets: Vec<Target>,
    concurrency: usize,
    mut done: impl FnMut(SourceId, PollOutcome),
) {
    let mut results = futures_util::stream::iter(targets)
        .map(|t| async move {
            let outcome = poll_one(fetcher, &t).await;
            (t.id, outcome)
        })
        .buffer_unordered(concurrency.max(1));
    while let Some((id, outcome)) = results.next().await {
        done(id, outcome);
    }
}

/// At most this many requests to one host at a time, for pages fetched for full text.
pub const PER_HOST: usize = 2;

/// Fetches one story's page and extracts the article: the clean HTML, or a short reason.
pub async fn fetch_page(fetcher: &Fetcher, job: &PageJob) -> Result<String, String> {
    match fetcher.get(&job.url, &crate::domain::Validators::default()).await {
        Ok(Fetched::Body { bytes, content_type, .. }) => {
            let url = job.url.clone();
            tokio::task::spawn_blocking(move || {
                let charset = content_type.as_deref().and_then(crate::feed::charset_of_content_type);
                let html = crate::extract::decode_html(&bytes, charset.as_deref());
                crate::extract::extract(&html, Some(&url)).map(|a| a.body).map_err(|e| e.to_string())
            })
            .await
            .unwrap_or_else(|_| Err("the extractor crashed".into()))
        }
        Ok(Fetched::NotModified { .. }) => Err("the server answered 304 Not Modified".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Fetches the pages of `jobs`, at most `concurrency` at once and `PER_HOST` per host,
/// calling `done` as each finishes.
pub async fn fetch_pages(
    fetcher: &Fetcher,
    jobs: Vec<PageJob>,
    concurrency: usize,
    mut done: impl FnMut(StoryId, Result<String, String>),
) {
    let hosts = std::sync::Mutex::new(std::collections::HashMap::<
        String,
        std::sync::Arc<tokio::sync::Semaphore>,
    >::new());
    let hosts = &hosts;
    let mut results = futures_util::stream::iter(jobs)
        .map(|job| async move {
            let host = url::Url::parse(&job.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_default();
            let limit = hosts
                .lock()
                .map(|mut h| {
                    std::sync::Arc::clone(
                        h.entry(host)
                            .or_insert_with(|| std::sync::Arc::new(tokio::sync::Semaphore::new(PER_HOST))),
                    )
                })
                .ok();
            let _permit = match &limit {
                Some(semaphore) => semaphore.acquire().await.ok(),
                None => None,
            };
            (job.story, fetch_page(fetcher, &job).await)
        })
        .buffer_unordered(concurrency.max(1));
    while let Some((id, outcome)) = results.next().await {
        done(id, outcome);
    }
}
