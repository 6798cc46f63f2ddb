//! The `okr` binary: everything lives in the library.

/// Linting allocates many small strings per document on every core; mimalloc's
/// per-thread free lists make that measurably cheaper than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    okr::cli::main()
}
