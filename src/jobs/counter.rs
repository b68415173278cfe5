//! The counter: one thread, with its own connection to the store, that
//! counts the list for the App off the key path ([`crate::app::counting`]).
//! Of the jobs waiting it counts the newest only: the App takes no older
//! answer.

use std::path::Path;
use std::sync::mpsc::{Receiver, Sender};

use crate::app::Notice;
use crate::app::counting::{self, CountJob, Counted};
use crate::catalog::Catalog;
use crate::store::{Store, StorePaths};

/// Count the jobs from `inbox` until the App (`tx`) or the asker is gone.
pub(super) fn run(
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
    while let Ok(mut job) = inbox.recv() {
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
            return;
        }
    }
}
