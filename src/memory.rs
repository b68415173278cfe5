//! What the TUI's background work asks of the system: less of the CPU
//! than the screen's thread, and its freed memory given back.
//!
//! The C allocator keeps what a thread freed for that thread's next
//! allocation. After a sync (whose threads allocate tens of MB while an
//! index is built), that memory would stay counted against xemtin for as
//! long as it runs, and the reader's page cache, growing afterwards, would
//! add to it.

// Two C calls with no safe wrapper in std or libc; see their SAFETY notes.
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
