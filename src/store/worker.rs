//! The thread that owns the library: others send it jobs and get answers back, so the
//! event loop never waits on SQLite. Closing it runs every job sent before, then closes the
//! connection, so that a reader that quits (or is told to by a signal) loses no write.

use crate::store::Store;
use std::sync::mpsc;
use std::time::Duration;

type Job = Box<dyn FnOnce(&mut Store) + Send>;

enum Request {
    Run(Job),
    /// Close the library, then say so.
    Close(mpsc::Sender<()>),
}

#[derive(Clone)]
pub struct StoreHandle {
    requests: mpsc::Sender<Request>,
}

impl StoreHandle {
    pub fn spawn(store: Store) -> StoreHandle {
        let (requests, queue) = mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name("store".into())
            .spawn(move || {
                let mut store = store;
                for request in queue {
                    match request {
                        Request::Run(job) => job(&mut store),
                        Request::Close(done) => {
                            drop(store);
                            let _ = done.send(());
                            return;
                        }
                    }
                }
            })
            .unwrap_or_else(|e| panic!("cannot start the store thread: {e}"));
        StoreHandle { requests }
    }

    /// Runs `job` on the store thread; jobs run in the order they were sent.
    pub fn run(&self, job: impl FnOnce(&mut Store) + Send + 'static) {
        let _ = self.requests.send(Request::Run(Box::new(job)));
    }

    /// Runs `job` on the store thread and waits for its answer without blocking the runtime.
    /// `None` once the library is closed.
    pub async fn call<T: Send + 'static>(
        &self,
        job: impl FnOnce(&mut Store) -> T + Send + 'static,
    ) -> Option<T> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.run(move |store| {
            let _ = reply.send(job(store));
        });
        answer.await.ok()
    }

    /// Finishes the jobs already sent and closes the library, waiting at most `patience`.
    /// Jobs sent afterwards are dropped.
    pub fn close(&self, patience: Duration) -> bool {
        let (done, closed) = mpsc::channel();
        self.requests.send(Request::Close(done)).is_ok() && closed.recv_timeout(patience).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_runs_what_was_sent_first() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("lib.db");
        let handle = StoreHandle::spawn(Store::open(&path).expect("open"));
        let spec = crate::domain::SourceSpec { url: "https://a.example/feed".into(), ..Default::default() };
        handle.run(move |s| s.sync_sources(&[spec]).expect("sync"));
        assert!(handle.close(Duration::from_secs(5)));
        assert!(!handle.close(Duration::from_millis(10)), "closed once");
        let reopened = Store::open(&path).expect("reopen");
        assert_eq!(reopened.sources().expect("sources").len(), 1);
    }
}
