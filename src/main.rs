//! The `okr` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    okr::cli::main()
}
