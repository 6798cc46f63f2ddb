//! The `okr` binary: everything lives in the library.

/// Many small allocations per document: mimalloc keeps them cheap on every core.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    okr::cli::main()
}
