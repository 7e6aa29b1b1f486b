//! Polling sources and fetching pages: many at once, few per host, a slow one never holding
//! the others back. Every fetch goes through one `HostGate`.

use crate::domain::{PageJob, PollOutcome, PollTarget as Target, SourceId, StoryId};
use crate::net::{FetchError, Fetched, Fetcher};
use futures_util::StreamExt;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// How politely to treat one host: requests in flight, and time between their starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Politeness {
    pub per_host: usize,
    pub spacing: Duration,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness { per_host: 2, spacing: Duration::from_millis(25) }
    }
}

struct HostState {
    slots: Arc<Semaphore>,
    next_start: tokio::sync::Mutex<Instant>,
}

/// Limits per host (host and port, as browsers key origins).
pub struct HostGate {
    politeness: Politeness,
    hosts: Mutex<HashMap<String, Arc<HostState>>>,
}

impl HostGate {
    pub fn new(politeness: Politeness) -> HostGate {
        HostGate { politeness, hosts: Mutex::new(HashMap::new()) }
    }

    fn key(url: &str) -> String {
        url::Url::parse(url)
            .ok()
            .map(|u| format!("{}:{}", u.host_str().unwrap_or(""), u.port_or_known_default().unwrap_or(0)))
            .unwrap_or_default()
    }

    /// Waits for a slot on `url`'s host and for its spacing; the slot is held until dropped.
    pub async fn enter(&self, url: &str) -> Option<OwnedSemaphorePermit> {
        let state = {
            let mut hosts = self.hosts.lock().ok()?;
            Arc::clone(hosts.entry(Self::key(url)).or_insert_with(|| {
                Arc::new(HostState {
                    slots: Arc::new(Semaphore::new(self.politeness.per_host.max(1))),
                    next_start: tokio::sync::Mutex::new(Instant::now()),
                })
            }))
        };
        let permit = Arc::clone(&state.slots).acquire_owned().await.ok()?;
        let mut next = state.next_start.lock().await;
        let now = Instant::now();
        if *next > now {
            tokio::time::sleep_until(*next).await;
        }
        *next = Instant::now() + self.politeness.spacing;
        Some(permit)
    }
}

/// Orders work so that consecutive items go to different hosts: a burst for one host must
/// not fill every global slot while its own limit lets only two through.
fn interleave_by_host<T>(items: Vec<T>, url: impl Fn(&T) -> &str) -> Vec<T> {
    let mut by_host: Vec<(String, std::collections::VecDeque<T>)> = Vec::new();
    for item in items {
        let key = HostGate::key(url(&item));
        match by_host.iter_mut().find(|(k, _)| *k == key) {
            Some((_, queue)) => queue.push_back(item),
            None => by_host.push((key, std::collections::VecDeque::from([item]))),
        }
    }
    let mut out = Vec::new();
    loop {
        let mut any = false;
        for (_, queue) in by_host.iter_mut() {
            if let Some(item) = queue.pop_front() {
                out.push(item);
                any = true;
            }
        }
        if !any {
            return out;
        }
    }
}

/// Polls one source: never fails, a failure is an outcome like any other.
pub async fn poll_one(fetcher: &Fetcher, target: &Target) -> PollOutcome {
    match fetcher.get_with(&target.url, &target.validators, &target.headers).await {
        Ok(Fetched::NotModified { validators, meta }) => PollOutcome::NotModified { validators, meta },
        Ok(Fetched::Body { bytes, content_type, validators, status, meta }) => {
            let url = target.url.clone();
            let html = target.html.clone();
            let parsed = tokio::task::spawn_blocking(move || match html {
                Some(rules) => index_page(&bytes, content_type.as_deref(), &url, &rules),
                None => crate::feed::parse(&bytes, content_type.as_deref(), &url).map_err(|e| e.to_string()),
            })
            .await;
            match parsed {
                Ok(Ok(feed)) => PollOutcome::Fetched { feed, validators, status, meta },
                Ok(Err(e)) => {
                    PollOutcome::Failed { status: "not a feed".into(), error: e, retry_after: None }
                }
                Err(_) => PollOutcome::Failed {
                    status: "error".into(),
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
    rules: &crate::links::LinkRules,
) -> Result<crate::domain::ParsedFeed, String> {
    let charset = content_type.and_then(crate::feed::charset_of_content_type);
    let html = crate::extract::decode_html(bytes, charset.as_deref());
    let links = crate::links::discover(&html, url, rules).map_err(|e| e.to_string())?;
    let title = dom_query::Document::from(crate::text::truncate_bytes(&html, 1 << 20))
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
        title: Some(crate::text::clean_line(&title)).filter(|t| !t.is_empty()),
        site_url: Some(url.to_string()),
        items,
        hints: Default::default(),
    })
}

fn failed(e: &FetchError) -> PollOutcome {
    PollOutcome::Failed { status: e.status(), error: e.to_string(), retry_after: e.retry_after() }
}

/// Polls every target with at most `concurrency` requests in flight and the gate's limits per
/// host, calling `done` as each finishes, in completion order.
pub async fn poll_all(
    fetcher: &Fetcher,
    gate: &HostGate,
    targets: Vec<Target>,
    concurrency: usize,
    mut done: impl FnMut(SourceId, PollOutcome),
) {
    let targets = interleave_by_host(targets, |t| t.url.as_str());
    let mut results = futures_util::stream::iter(targets)
        .map(|t| async move {
            let _slot = gate.enter(&t.url).await;
            let outcome = poll_one(fetcher, &t).await;
            (t.id, outcome)
        })
        .buffer_unordered(concurrency.max(1));
    while let Some((id, outcome)) = results.next().await {
        done(id, outcome);
    }
}

/// Fetches one story's page and extracts the article: the clean HTML, or a short reason.
pub async fn fetch_page(fetcher: &Fetcher, job: &PageJob) -> Result<crate::domain::PageText, String> {
    match fetcher.get(&job.url, &crate::domain::Validators::default()).await {
        Ok(Fetched::Body { bytes, content_type, .. }) => {
            let url = job.url.clone();
            tokio::task::spawn_blocking(move || {
                let charset = content_type.as_deref().and_then(crate::feed::charset_of_content_type);
                let html = crate::extract::decode_html(&bytes, charset.as_deref());
                crate::extract::extract(&html, Some(&url))
                    .map(|a| crate::domain::PageText {
                        body: a.body,
                        title: a.title,
                        byline: a.byline,
                        published: a.published,
                    })
                    .map_err(|e| e.to_string())
            })
            .await
            .unwrap_or_else(|_| Err("the extractor crashed".into()))
        }
        Ok(Fetched::NotModified { .. }) => Err("the server answered 304 Not Modified".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Fetches the pages of `jobs` within the same limits, calling `done` as each finishes.
pub async fn fetch_pages(
    fetcher: &Fetcher,
    gate: &HostGate,
    jobs: Vec<PageJob>,
    concurrency: usize,
    mut done: impl FnMut(StoryId, Result<crate::domain::PageText, String>),
) {
    let jobs = interleave_by_host(jobs, |j| j.url.as_str());
    let mut results = futures_util::stream::iter(jobs)
        .map(|job| async move {
            let _slot = gate.enter(&job.url).await;
            (job.story, fetch_page(fetcher, &job).await)
        })
        .buffer_unordered(concurrency.max(1));
    while let Some((id, outcome)) = results.next().await {
        done(id, outcome);
    }
}

/// What an address turned out to be.
enum Found {
    Feed(Option<String>),
    Page(String),
}

async fn probe(fetcher: &Fetcher, url: &str) -> Result<Found, String> {
    match fetcher.get(url, &crate::domain::Validators::default()).await {
        Ok(Fetched::Body { bytes, content_type, .. }) => {
            match crate::feed::parse(&bytes, content_type.as_deref(), url) {
                Ok(feed) => Ok(Found::Feed(feed.title)),
                Err(_) => {
                    let charset = content_type.as_deref().and_then(crate::feed::charset_of_content_type);
                    Ok(Found::Page(crate::extract::decode_html(&bytes, charset.as_deref())))
                }
            }
        }
        Ok(Fetched::NotModified { .. }) => {
            Err(format!("{}: the server answered 304 Not Modified", crate::net::mask(url)))
        }
        Err(e) => Err(format!("{}: {e}", crate::net::mask(url))),
    }
}

/// The feeds behind `url`: itself when it is a feed, else the ones its page announces,
/// else the first of the common feed paths that answers with a feed.
pub async fn discover_feeds(fetcher: &Fetcher, url: &str) -> Result<Vec<crate::discover::FeedLink>, String> {
    let page = match probe(fetcher, url).await? {
        Found::Feed(title) => return Ok(vec![crate::discover::FeedLink { url: url.to_string(), title }]),
        Found::Page(html) => html,
    };
    let announced = crate::discover::announced(&page, url);
    if !announced.is_empty() {
        return Ok(announced);
    }
    for guess in crate::discover::common_paths(url) {
        if let Ok(Found::Feed(title)) = probe(fetcher, &guess).await {
            return Ok(vec![crate::discover::FeedLink { url: guess, title }]);
        }
    }
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_is_spread_over_hosts() {
        let urls = ["http://a/1", "http://a/2", "http://a/3", "http://b/1", "http://b/2", "http://c/1"];
        let order = interleave_by_host(urls.to_vec(), |u| u);
        assert_eq!(
            order,
            vec!["http://a/1", "http://b/1", "http://c/1", "http://a/2", "http://b/2", "http://a/3"]
        );
    }
}
