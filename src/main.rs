//! The `okr` binary: everything lives in the library.

/// Linting allocates many small strings per document on every core; mimalloc's
/// per-thread free lists make that measurably cheaper than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (15 in both of its vendored headers; the crate
/// exports the options on either side of it, 14 and 16, but not this one).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long freed memory waits before it goes back to the system, in milliseconds.
/// At 0 every purge is an `madvise` that interrupts the other core to flush its TLB
/// (lint 5% slower); at mimalloc's default a lint of 100,000 documents peaks at up to
/// 182 MB instead of 127 MB. 3 ms keeps both: measured in `benches/scale.sh`.
const PURGE_DELAY_MS: std::ffi::c_long = 3;

fn main() -> std::process::ExitCode {
    // SAFETY: sets an integer option; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, PURGE_DELAY_MS) };
    okr::cli::main()
}
