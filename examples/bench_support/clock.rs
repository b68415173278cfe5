//! Timing helpers the `*_timing` examples share, included by path
//! (`#[path = "bench_support/clock.rs"] mod clock;`) so that an example
//! need not build the corpus support of `bench_support/mod.rs`.

// each example uses some of these, not all
#![allow(dead_code)]

use std::time::Duration;

/// CPU time of the calling thread so far, from the scheduler's count (in
/// ticks of a few milliseconds on some kernels); zero where it cannot be
/// read.
pub fn cpu_time() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// The load average over the last minute, from /proc/loadavg.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "?".into())
}

/// The median wall time and the median CPU time of (wall, CPU) samples,
/// each sorted on its own; zero for no samples.
pub fn median(times: &[(Duration, Duration)]) -> (Duration, Duration) {
    let mut wall: Vec<Duration> = times.iter().map(|t| t.0).collect();
    let mut cpu: Vec<Duration> = times.iter().map(|t| t.1).collect();
    wall.sort();
    cpu.sort();
    let middle = |v: &[Duration]| v.get(v.len() / 2).copied().unwrap_or_default();
    (middle(&wall), middle(&cpu))
}
