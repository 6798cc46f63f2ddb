//! Writing the dashboard: each document's objective pages as it arrives, then the index,
//! history and metric pages from what was gathered, all through one atomic [`Batch`].

use super::ReportDocument;
use crate::edit::Batch;
use crate::history::cycles::{CycleRecord, DEFAULT_CYCLES};
use crate::history::spool::SpooledHistories;
use crate::render::history_html::write_history_page;
use crate::render::html::{objective_file, objective_page};
use crate::render::index_html::IndexPage;
use crate::render::metrics_html::MetricsPage;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A dashboard being written into one directory.
#[derive(Debug)]
pub struct Site {
    pages: Pages,
    index: IndexPage,
    metrics: MetricsPage,
    teams: SpooledHistories,
    documents: usize,
}

impl Site {
    /// A dashboard for `dir`, which is created when the first page is written.
    pub fn new(dir: &Path) -> io::Result<Self> {
        Ok(Self {
            pages: Pages {
                dir: dir.to_path_buf(),
                created: false,
                batch: Batch::new(),
            },
            index: IndexPage::new()?,
            metrics: MetricsPage::default(),
            teams: SpooledHistories::new(usize::from(DEFAULT_CYCLES))?,
            documents: 0,
        })
    }

    /// Writes `doc`'s objective pages and keeps what the shared pages need of it.
    pub fn add(&mut self, doc: &ReportDocument, record: Option<&CycleRecord>) -> io::Result<()> {
        let index = self.documents;
        self.documents += 1;
        for objective in &doc.score.objectives {
            let html = objective_page(doc, objective);
            self.pages.write(&objective_file(index, objective), |f| {
                f.write_all(html.as_bytes())
            })?;
        }
        self.index.add(index, doc)?;
        self.metrics.add(index, doc);
        if let Some(record) = record {
            self.teams.add(record)?;
        }
        Ok(())
    }

    /// How many pages have been written or staged so far.
    pub fn pages(&self) -> usize {
        self.pages.batch.staged()
    }

    /// Writes the index, history and metric pages and puts every page in place. Returns
    /// the path of the index and how many pages the site has.
    pub fn finish(self) -> io::Result<(PathBuf, usize)> {
        let Site {
            mut pages,
            index,
            metrics,
            teams,
            ..
        } = self;
        let history = !teams.is_empty();
        let wanted = metrics.is_wanted();
        pages.write("index.html", |f| {
            let mut out = BufWriter::new(f);
            index.write(history, wanted, &mut out)?;
            out.flush()
        })?;
        if history {
            let teams = teams.finish()?;
            pages.write("history.html", |f| {
                let mut out = BufWriter::new(f);
                write_history_page(teams, &mut out)?;
                out.flush()
            })?;
        }
        if wanted {
            let html = metrics.render();
            pages.write("metrics.html", |f| f.write_all(html.as_bytes()))?;
        }
        let written = pages.batch.finish()?;
        Ok((pages.dir.join("index.html"), written))
    }
}

/// The directory's pages, staged in one batch.
#[derive(Debug)]
struct Pages {
    dir: PathBuf,
    created: bool,
    batch: Batch,
}

impl Pages {
    fn write(
        &mut self,
        name: &str,
        write: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
    ) -> io::Result<()> {
        if !self.created {
            std::fs::create_dir_all(&self.dir).map_err(|e| context(&self.dir, "create", e))?;
            self.created = true;
        }
        let path = self.dir.join(name);
        self.batch
            .write(&path, write)
            .map_err(|e| context(&path, "write", e))
    }
}

fn context(path: &Path, what: &str, e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("{}: cannot {what}: {e}", path.display()))
}
