//! What the TUI's background work asks of the system: less of the CPU
//! than the screen's thread, and its freed memory given back.
//!
//! The C allocator keeps what a thread freed for that thread's next
//! allocation. After a sync (whose threads allocate tens of MB while an
//! index is built), that memory would stay counted against xemtin for as
//! long as it runs, and the reader's page cache, growing afterwards, would
//! add to it.

// Three C calls with no safe wrapper in std or libc; see their SAFETY notes.
#![allow(unsafe_code)]

/// Hand the memory freed so far back to the system (glibc's `malloc_trim`;
/// nothing elsewhere).
pub fn give_back_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim takes no pointer and only walks the allocator's
    // own free lists, under the allocator's locks; any thread may call it
    // at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Keep the C allocator to one pool of memory for the whole process
/// (glibc's `M_ARENA_MAX`; nothing elsewhere), to be called first thing,
/// before any thread starts. By default each thread that allocates at the
/// same time as another gets a pool of its own (up to eight a core), and
/// what a pool frees it keeps for that pool: the text stage's threads (the
/// sync, tantivy's indexer and its merges) held some 20 MB that way at
/// 100,000 articles (`index_timing`: 72-75 MB peak, 53 MB with one pool,
/// for about 5 % more CPU time; two pools saved nothing).
pub fn few_allocator_pools() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt takes no pointer; it sets a number in the allocator's
    // parameters under its lock. A value it refuses leaves them as they
    // were.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Let the calling thread, and the threads it starts from now on, yield the
/// CPU to the rest of the process (Linux: a niceness of 10 for this thread;
/// nothing elsewhere). A sync uses every core for seconds; the screen's
/// thread then still answers a key at once.
pub fn yield_cpu_to_the_screen() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes no pointer; on Linux, PRIO_PROCESS with id 0
    // names the calling thread alone, and threads it starts inherit its
    // niceness. A failure (not permitted) only leaves the priority as it was.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    /// This thread's niceness, from /proc (field 19 of its stat line).
    fn niceness() -> i64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        // fields after the command name, which is in parentheses
        let rest = &stat[stat.rfind(')').unwrap() + 2..];
        rest.split(' ').nth(16).unwrap().parse().unwrap()
    }

    #[test]
    fn a_yielding_thread_and_the_threads_it_starts_run_at_lower_priority() {
        let before = niceness();
        let (own, child) = std::thread::spawn(|| {
            super::yield_cpu_to_the_screen();
            let own = niceness();
            (own, std::thread::spawn(niceness).join().unwrap())
        })
        .join()
        .unwrap();
        assert!(own >= 10, "{own}");
        assert_eq!(child, own);
        // the calling thread is left as it was
        assert_eq!(niceness(), before);
    }
}
