//! Polling sources: fetch, parse, and hand each outcome back, many sources at once.

use crate::domain::PollOutcome;
use crate::domain::{PollTarget as Target, SourceId};
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
