//! Who runs the library's jobs. The reader gives it a thread of its own, so that the event
//! loop never waits on SQLite; a command such as `newsdesk refresh`, which has nothing else
//! for its thread to do, runs each job at once where it is sent. Either way jobs run in the
//! order they were sent, and closing runs every job sent before, then closes the connection,
//! so that a reader that quits (or is told to by a signal) loses no write.

use crate::store::Store;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

type Job = Box<dyn FnOnce(&mut Store) + Send>;

enum Request {
    Run(Job),
    /// Close the library, then say so.
    Close(mpsc::Sender<()>),
}

#[derive(Clone)]
enum Runner {
    Thread(mpsc::Sender<Request>),
    /// Jobs run on the sender's thread; `None` once closed.
    Inline(Arc<Mutex<Option<Store>>>),
}

#[derive(Clone)]
pub struct StoreHandle {
    runner: Runner,
}

impl StoreHandle {
    /// The library on a thread of its own (the reader's way).
    pub fn spawn(store: Store) -> StoreHandle {
        let (requests, queue) = mpsc::channel::<Request>();
        std::thread::Builder::new()
            .name("store".into())
            .spawn(move || serve(store, queue))
            .unwrap_or_else(|e| panic!("cannot start the store thread: {e}"));
        StoreHandle { runner: Runner::Thread(requests) }
    }

    /// The library run where each job is sent: a job's allocations stay with the thread
    /// that made them, as a plain call's would (a separate thread costs a third more memory
    /// in a refresh), and the sender waits while it runs.
    pub fn inline(store: Store) -> StoreHandle {
        StoreHandle { runner: Runner::Inline(Arc::new(Mutex::new(Some(store)))) }
    }

    /// Runs `job` on the library; jobs run in the order they were sent.
    pub fn run(&self, job: impl FnOnce(&mut Store) + Send + 'static) {
        match &self.runner {
            Runner::Thread(requests) => {
                let _ = requests.send(Request::Run(Box::new(job)));
            }
            Runner::Inline(store) => {
                if let Ok(mut store) = store.lock()
                    && let Some(store) = store.as_mut()
                {
                    job(store);
                }
            }
        }
    }

    /// Runs `job` and waits for its answer without blocking the runtime. `None` once the
    /// library is closed.
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
        match &self.runner {
            Runner::Thread(requests) => {
                let (done, closed) = mpsc::channel();
                requests.send(Request::Close(done)).is_ok() && closed.recv_timeout(patience).is_ok()
            }
            Runner::Inline(store) => store.lock().is_ok_and(|mut store| store.take().is_some()),
        }
    }
}

fn serve(mut store: Store, queue: mpsc::Receiver<Request>) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_runs_what_was_sent_first() {
        for inline in [false, true] {
            let dir = tempfile::tempdir().expect("tmp");
            let path = dir.path().join("lib.db");
            let store = Store::open(&path).expect("open");
            let handle = if inline { StoreHandle::inline(store) } else { StoreHandle::spawn(store) };
            let spec =
                crate::domain::SourceSpec { url: "https://a.example/feed".into(), ..Default::default() };
            handle.run(move |s| s.sync_sources(&[spec]).expect("sync"));
            assert!(handle.close(Duration::from_secs(5)));
            assert!(!handle.close(Duration::from_millis(10)), "closed once");
            assert!(!dir.path().join("lib.db-wal").exists(), "the connection is closed");
            let reopened = Store::open(&path).expect("reopen");
            assert_eq!(reopened.sources().expect("sources").len(), 1);
        }
    }
}
