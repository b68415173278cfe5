//! Giving memory the program no longer uses back to the system.
//!
//! The C allocator keeps what a thread freed for that thread's next
//! allocation. After a sync (whose threads allocate tens of MB while an
//! index is built), that memory would stay counted against xemtin for as
//! long as it runs, and the reader's page cache, growing afterwards, would
//! add to it.

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
