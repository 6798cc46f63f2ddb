//! `okr lsp`: the language server, on stdio.

use super::exit;

const EXAMPLES: &str = "\
Examples:
  okr lsp                 Started by the editor; see the README for Neovim, Helix, VS Code and Zed";

/// Arguments for `okr lsp`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct LspArgs {}

/// Runs the server until the client exits. Exit status 1 means the client went away
/// without `shutdown` (as the protocol asks); a broken message stream is an error (2).
pub fn run(_args: LspArgs) -> anyhow::Result<u8> {
    if crate::lsp::serve_stdio()? {
        return Ok(exit::CLEAN);
    }
    eprintln!("okr lsp: the client went away without shutting the server down");
    Ok(exit::FINDINGS)
}
