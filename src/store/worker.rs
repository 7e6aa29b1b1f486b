//! The thread that owns the library: others send it jobs and get answers back, so the
//! event loop never waits on SQLite.

use crate::store::Store;
use std::sync::mpsc;

type Job = Box<dyn FnOnce(&mut Store) + Send>;

#[derive(Clone)]
pub struct StoreHandle {
    jobs: mpsc::Sender<Job>,
}

impl StoreHandle {
    pub fn spawn(mut store: Store) -> StoreHandle {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("store".into())
            .spawn(move || {
                for job in queue {
                    job(&mut store);
                }
            })
            .unwrap_or_else(|e| panic!("cannot start the store thread: {e}"));
        StoreHandle { jobs }
    }

    /// Runs `job` on the store thread; jobs run in the order they were sent.
    pub fn run(&self, job: impl FnOnce(&mut Store) + Send + 'static) {
        let _ = self.jobs.send(Box::new(job));
    }

    /// Runs `job` on the store thread and waits for its answer without blocking the runtime.
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
}
