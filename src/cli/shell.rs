//! `okr completions` and `okr man`: shell completion scripts and a man page, generated
//! from the same definitions as `--help`.

use super::{exit, Cli};
use clap::CommandFactory;

/// Arguments for `okr completions`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  okr completions bash > ~/.local/share/bash-completion/completions/okr\n  okr completions zsh > \"${fpath[1]}/_okr\"\n  okr completions fish > ~/.config/fish/completions/okr.fish"
)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

/// Prints the completion script for one shell.
pub fn completions(args: CompletionsArgs) -> anyhow::Result<u8> {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "okr", &mut std::io::stdout());
    Ok(exit::CLEAN)
}

/// Prints the man page in roff.
pub fn man() -> anyhow::Result<u8> {
    clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
    Ok(exit::CLEAN)
}
