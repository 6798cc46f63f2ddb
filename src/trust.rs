//! What the person running okr allows, as opposed to what a repository asks for. A
//! repository is untrusted input: its `okr.yaml` cannot make okr run a program or read
//! a file outside it. Only the user can, through a flag, an environment variable or
//! their own config file (`$XDG_CONFIG_HOME/okr/config.yaml`, else
//! `~/.config/okr/config.yaml`), which no repository carries.

use serde::Deserialize;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The environment variable that lets `command` metrics run (`1`, `true` or `yes`).
pub const ALLOW_COMMAND_ENV: &str = "OKR_ALLOW_COMMAND";

/// The environment variable that lets file and SQLite metrics read outside the repository.
pub const ALLOW_OUTSIDE_ENV: &str = "OKR_ALLOW_OUTSIDE_FILES";

/// What the user allows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Trust {
    /// `command` metrics may run their program.
    pub allow_command: bool,
    /// File and SQLite metrics may read files outside the repository.
    pub allow_outside_files: bool,
}

/// The user's config file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct UserConfig {
    pull: UserPull,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct UserPull {
    allow_command: bool,
    allow_outside_files: bool,
}

static TRUST: OnceLock<Trust> = OnceLock::new();

/// The user's trust for this process: set once from the command line (see [`set`]),
/// else read from the environment and the user's config file.
pub fn current() -> Trust {
    *TRUST.get_or_init(|| from_user(Trust::default()).unwrap_or_default())
}

/// Sets this process's trust: `flags` (from the command line) joined with the
/// environment and the user's config file. An unreadable user config is an error.
pub fn set(flags: Trust) -> Result<Trust, String> {
    let trust = from_user(flags)?;
    Ok(*TRUST.get_or_init(|| trust))
}

fn from_user(flags: Trust) -> Result<Trust, String> {
    let file = user_config()?;
    Ok(Trust {
        allow_command: flags.allow_command
            || env_says(ALLOW_COMMAND_ENV)
            || file.pull.allow_command,
        allow_outside_files: flags.allow_outside_files
            || env_says(ALLOW_OUTSIDE_ENV)
            || file.pull.allow_outside_files,
    })
}

fn env_says(name: &str) -> bool {
    std::env::var(name)
        .is_ok_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"))
}

/// The user's own config file's path.
pub fn user_config_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("okr").join("config.yaml"))
}

fn user_config() -> Result<UserConfig, String> {
    let Some(path) = user_config_path() else {
        return Ok(UserConfig::default());
    };
    let text = match crate::files::read_regular(&path, crate::files::CONFIG_LIMIT) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(UserConfig::default()),
        Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
    };
    if text.trim().is_empty() {
        return Ok(UserConfig::default());
    }
    serde_saphyr::from_str(&text).map_err(|e| format!("{}: invalid config: {e}", path.display()))
}

/// How to allow what `what` needs, for messages.
pub fn how_to_allow_command() -> String {
    format!(
        "a repository's okr.yaml cannot allow this; pass --allow-command, set {ALLOW_COMMAND_ENV}=1, \
         or put `pull: {{allow_command: true}}` in your own {}",
        user_config_name()
    )
}

/// How to allow reads outside the repository, for messages.
pub fn how_to_allow_outside() -> String {
    format!(
        "a repository's okr.yaml cannot allow this; pass --allow-outside-files, set \
         {ALLOW_OUTSIDE_ENV}=1, or put `pull: {{allow_outside_files: true}}` in your own {}",
        user_config_name()
    )
}

fn user_config_name() -> String {
    user_config_path().map_or_else(
        || "~/.config/okr/config.yaml".to_string(),
        |p| p.display().to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_config_is_read_strictly() {
        let parsed: UserConfig = serde_saphyr::from_str("pull:\n  allow_command: true\n").unwrap();
        assert!(parsed.pull.allow_command && !parsed.pull.allow_outside_files);
        assert!(serde_saphyr::from_str::<UserConfig>("pull:\n  alow_command: true\n").is_err());
    }
}
