//! Arguments shared by the commands that read documents, and how their load errors are shown.

use crate::workspace::{LoadError, LoadOptions};
use chrono::NaiveDate;
use std::io::{self, Write};
use std::path::PathBuf;

/// Which documents to read, with which config, at which date.
#[derive(Debug, clap::Args)]
pub struct InputArgs {
    /// Files or directories [default: ./okrs].
    pub paths: Vec<PathBuf>,
    /// Treat this date (YYYY-MM-DD) as today, for repeatable runs.
    #[arg(long, value_parser = super::parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// Use this config file instead of the closest okr.yaml.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

impl InputArgs {
    /// The options for [`crate::workspace::analyse`].
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            paths: self.paths.clone(),
            config: self.config.clone(),
        }
    }
}

/// Prints each distinct load error once, to stderr.
pub fn report_load_errors(errors: &[LoadError]) -> io::Result<()> {
    let mut stderr = anstream::stderr();
    let mut reported: Vec<String> = Vec::new();
    for e in errors {
        let message = e.to_string();
        if !reported.contains(&message) {
            writeln!(stderr, "okr: error: {message}")?;
            reported.push(message);
        }
    }
    Ok(())
}
