//! Polling sources and fetching pages: many at once, few per host, a slow one never holding
//! the others back. Every fetch goes through one `HostGate`.

use super::host_gate::{HostGate, interleave_by_host};
use crate::domain::{PageJob, PollFailure, PollOutcome, PollTarget as Target, SourceId, StoryId};
use crate::fetch::http::{FetchError, Fetched, Fetcher};
use futures_util::StreamExt;

/// Polls one source: never fails, a failure is an outcome like any other.
pub async fn poll_one(fetcher: &Fetcher, target: &Target) -> PollOutcome {
    match fetcher.get_with(&target.url, &target.validators, &target.headers).await {
        Ok(Fetched::NotModified { validators, meta }) => PollOutcome::NotModified { validators, meta },
        Ok(Fetched::Body { bytes, content_type, base: url, validators, status, meta }) => {
            let html = target.html.clone();
            let parsed = tokio::task::spawn_blocking(move || match html {
                Some(rules) => index_page(&bytes, content_type.as_deref(), &url, &rules),
                None => crate::content::feed::parse(&bytes, content_type.as_deref(), &url)
                    .map_err(|e| e.to_string()),
            })
            .await;
            match parsed {
                Ok(Ok(feed)) => PollOutcome::Fetched { feed, validators, status, meta },
                Ok(Err(e)) => {
                    PollOutcome::Failed { failure: PollFailure::NotAFeed, error: e, retry_after: None }
                }
                Err(_) => PollOutcome::Failed {
                    failure: PollFailure::Other,
                    error: "the feed parser crashed".into(),
                    retry_after: None,
                },
            }
        }
        Err(e) => failed(&e),
    }
}

/// A front or section page read as a feed: its story links become items, titled by their
/// anchor text until their pages are fetched.
fn index_page(
    bytes: &[u8],
    content_type: Option<&str>,
    url: &str,
    rules: &crate::content::story_links::LinkRules,
) -> Result<crate::domain::ParsedFeed, String> {
    let charset = content_type.and_then(crate::content::html_text::charset_of_content_type);
    let html = crate::content::extract::decode_html(bytes, charset.as_deref());
    let links = crate::content::story_links::discover(&html, url, rules).map_err(|e| e.to_string())?;
    let title = dom_query::Document::from(crate::domain::safe_text::truncate_bytes(&html, 1 << 20))
        .select("title")
        .first()
        .text()
        .to_string();
    let items = links
        .into_iter()
        .map(|link| crate::domain::FeedItem {
            guid: None,
            url: Some(link.url),
            title: link.title,
            teaser: true,
            ..Default::default()
        })
        .collect();
    Ok(crate::domain::ParsedFeed {
        title: Some(crate::domain::SafeText::from(title)).filter(|t| !t.is_empty()),
        site_url: Some(url.to_string()),
        items,
        ..Default::default()
    })
}

fn failed(e: &FetchError) -> PollOutcome {
    PollOutcome::Failed { failure: e.failure(), error: e.to_string(), retry_after: e.retry_after() }
}

/// Polls every target with at most `concurrency` requests in flight and the gate's limits per
/// host; outcomes come in completion order.
pub fn polls<'a>(
    fetcher: &'a Fetcher,
    gate: &'a HostGate,
    targets: Vec<Target>,
    concurrency: usize,
) -> impl futures_util::Stream<Item = (SourceId, PollOutcome)> + 'a {
    let targets = interleave_by_host(targets, |t| t.url.as_str());
    futures_util::stream::iter(targets)
        .map(move |t| async move {
            let _slot = gate.enter(&t.url).await;
            let outcome = poll_one(fetcher, &t).await;
            (t.id, outcome)
        })
        .buffer_unordered(concurrency.max(1))
}

/// `polls`, calling `done` as each finishes.
pub async fn poll_all(
    fetcher: &Fetcher,
    gate: &HostGate,
    targets: Vec<Target>,
    concurrency: usize,
    mut done: impl FnMut(SourceId, PollOutcome),
) {
    let mut results = std::pin::pin!(polls(fetcher, gate, targets, concurrency));
    while let Some((id, outcome)) = results.next().await {
        done(id, outcome);
    }
}

/// Fetches one story's page and extracts the article: the clean HTML, or a short reason.
pub async fn fetch_page(fetcher: &Fetcher, job: &PageJob) -> Result<crate::domain::PageText, String> {
    match fetcher.get(&job.url, &crate::domain::Validators::default()).await {
        Ok(Fetched::Body { bytes, content_type, base: url, .. }) => tokio::task::spawn_blocking(move || {
            let charset =
                content_type.as_deref().and_then(crate::content::html_text::charset_of_content_type);
            let html = crate::content::extract::decode_html(&bytes, charset.as_deref());
            crate::content::extract::extract(&html, Some(&url))
                .map(|a| crate::domain::PageText {
                    body: a.body,
                    title: a.title,
                    byline: a.byline,
                    published: a.published,
                })
                .map_err(|e| e.to_string())
        })
        .await
        .unwrap_or_else(|_| Err("the extractor crashed".into())),
        Ok(Fetched::NotModified { .. }) => Err("the server answered 304 Not Modified".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Fetches the pages of `jobs` within the same limits, in completion order.
pub fn page_fetches<'a>(
    fetcher: &'a Fetcher,
    gate: &'a HostGate,
    jobs: Vec<PageJob>,
    concurrency: usize,
) -> impl futures_util::Stream<Item = (StoryId, Result<crate::domain::PageText, String>)> + 'a {
    let jobs = interleave_by_host(jobs, |j| j.url.as_str());
    futures_util::stream::iter(jobs)
        .map(move |job| async move {
            let _slot = gate.enter(&job.url).await;
            (job.story, fetch_page(fetcher, &job).await)
        })
        .buffer_unordered(concurrency.max(1))
}
