//! The counter: a thread, with its own connection to the store, that
//! counts the list for the App off the key path ([`crate::app::counting`]).
//! Of the jobs waiting it counts the newest only: the App takes no older
//! answer. It ends when no job has come for [`IDLE`] (a TUI at rest keeps
//! no thread and no connection for it), and the next job starts another.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use crate::app::Notice;
use crate::app::counting::{self, CountJob, Counted};
use crate::catalog::Catalog;
use crate::store::{Store, StorePaths};

/// How long the counter waits for another job before it ends.
const IDLE: Duration = Duration::from_secs(2);

/// The inbox of the counter running, if one is. Sending a job and the
/// counter deciding to end both hold its lock, so no job is left unread.
pub(super) type Slot = Arc<Mutex<Option<Sender<CountJob>>>>;

fn lock(slot: &Slot) -> MutexGuard<'_, Option<Sender<CountJob>>> {
    slot.lock().unwrap_or_else(|p| p.into_inner())
}

/// Hand `job` to the counter, starting one if none runs.
pub(super) fn ask(
    slot: &Slot,
    job: CountJob,
    paths: &StorePaths,
    data: &Path,
    tx: &Sender<Notice>,
) {
    let mut inbox = lock(slot);
    let job = match inbox.as_ref() {
        Some(running) => match running.send(job) {
            Ok(()) => return,
            // it ended (its App went away once): start another
            Err(unsent) => unsent.0,
        },
        None => job,
    };
    let (jobs_tx, jobs) = mpsc::channel();
    // cannot fail: the receiver is alive until the thread below ends
    let _ = jobs_tx.send(job);
    *inbox = Some(jobs_tx);
    let (slot, paths, data, tx) = (
        Arc::clone(slot),
        paths.clone(),
        data.to_path_buf(),
        tx.clone(),
    );
    thread::spawn(move || run(&slot, &paths, &data, &jobs, &tx));
}

/// Count the jobs from `inbox` until none comes for [`IDLE`], or the App
/// (`tx`) is gone.
fn run(
    slot: &Slot,
    paths: &StorePaths,
    data: &Path,
    inbox: &Receiver<CountJob>,
    tx: &Sender<Notice>,
) {
    let mut store = Store::open(paths, data).map(|(store, _)| store);
    if let Ok(store) = &mut store {
        // a reader's smaller page cache: a count walks an index once
        store.indexing(true);
    }
    loop {
        let mut job = match inbox.recv_timeout(IDLE) {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) => {
                let mut running = lock(slot);
                match inbox.try_recv() {
                    Ok(job) => job,
                    Err(_) => {
                        *running = None;
                        return;
                    }
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        while let Ok(newer) = inbox.try_recv() {
            job = newer;
        }
        let notice = match &mut store {
            Ok(store) => counting::count(store, &job),
            Err(e) => Notice::Counted(Counted {
                ticket: job.ticket,
                counts: Err(e.to_string()),
            }),
        };
        if tx.send(notice).is_err() {
            // the App is gone: a later job starts another counter
            *lock(slot) = None;
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Counts, Filter};

    #[test]
    fn a_job_after_the_counter_ended_starts_another() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let paths = StorePaths {
            index: dir.path().join("index.sqlite"),
            state: dir.path().join("state.sqlite"),
        };
        crate::store::sync(&paths, &data, false, &mut |_| {}).unwrap();
        // a counter that ended: its inbox's receiver is gone
        let (ended, gone) = mpsc::channel();
        drop(gone);
        let slot: Slot = Arc::new(Mutex::new(Some(ended)));
        let (tx, rx) = mpsc::channel();
        let job = CountJob {
            ticket: 3,
            filter: Filter::default(),
        };
        ask(&slot, job, &paths, &data, &tx);
        let answer = rx.recv_timeout(Duration::from_secs(30)).unwrap();
        let expected = Counted {
            ticket: 3,
            counts: Ok(Counts::default()),
        };
        assert_eq!(answer, Notice::Counted(expected));
    }
}
