//! `okr lsp`: the language server, on stdio.

use super::exit;

const EXAMPLES: &str = "\
Examples:
  okr lsp                 Started by the editor; see the README for Neovim, Helix, VS Code and Zed";

/// Arguments for `okr lsp`.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct LspArgs {}

/// Runs the server until the client exits; a client that vanishes ends it cleanly.
pub fn run(_args: LspArgs) -> anyhow::Result<u8> {
    crate::lsp::serve_stdio()?;
    Ok(exit::CLEAN)
}
