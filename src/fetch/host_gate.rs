//! Politeness per host: how many requests may be in flight to one host, and how far apart
//! their starts are. Every fetch of a refresh passes through one `HostGate`.

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
pub fn interleave_by_host<T>(items: Vec<T>, url: impl Fn(&T) -> &str) -> Vec<T> {
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
