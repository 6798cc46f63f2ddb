//! `okr clean`: removes the lint cache.

use super::exit;
use std::io::Write;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  okr clean                         Remove .okr_cache/ at this repository's root
  OKR_CACHE_DIR=/tmp/okr okr clean  Remove the cache kept under $OKR_CACHE_DIR";

/// Arguments for `okr clean`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct CleanArgs {
    /// A directory in the repository whose cache to remove [default: .].
    dir: Option<PathBuf>,
}

/// Runs `okr clean` and returns its exit status.
pub fn run(args: CleanArgs) -> anyhow::Result<u8> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let removed =
        crate::cache::clean(&dir).map_err(|e| anyhow::anyhow!("cannot remove the cache: {e}"))?;
    let mut out = super::stdout();
    if removed.is_empty() {
        writeln!(out, "okr: no cache to remove")?;
    }
    for path in removed {
        writeln!(out, "okr: removed {}", path.display())?;
    }
    out.flush()?;
    Ok(exit::CLEAN)
}
