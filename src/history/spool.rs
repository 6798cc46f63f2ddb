//! Closed-cycle records kept on disk until the history page is written, so the dashboard
//! holds only each team's name and where its latest records are, not the records.

use super::cycles::{team_history, CycleRecord, TeamHistories, TeamHistory};
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

/// Where one record lies in the spool file.
#[derive(Clone, Copy, Debug)]
struct Span {
    offset: u64,
    len: u32,
}

/// Team histories whose records are spooled to an anonymous temporary file.
#[derive(Debug)]
pub struct SpooledHistories {
    file: BufWriter<File>,
    written: u64,
    kept: TeamHistories<Span>,
}

impl SpooledHistories {
    /// Keeps the last `cycles` closed cycles of each team, spooled to a temporary file.
    pub fn new(cycles: usize) -> io::Result<Self> {
        Ok(Self {
            file: BufWriter::new(tempfile::tempfile()?),
            written: 0,
            kept: TeamHistories::new(cycles),
        })
    }

    /// Spools one record. A record displaced by later cycles stays in the file unread.
    pub fn add(&mut self, record: &CycleRecord) -> io::Result<()> {
        let bytes = serde_json::to_vec(record)?;
        let len = u32::try_from(bytes.len()).map_err(io::Error::other)?;
        self.file.write_all(&bytes)?;
        let span = Span {
            offset: self.written,
            len,
        };
        self.written += u64::from(len);
        self.kept.add(&record.team, record.period.start, span);
        Ok(())
    }

    /// Whether no team has a closed cycle.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Each team's history, by team name, read back one team at a time.
    pub fn finish(self) -> io::Result<impl Iterator<Item = io::Result<TeamHistory>>> {
        let mut file = self.file.into_inner().map_err(|e| e.into_error())?;
        let mut buffer = Vec::new();
        Ok(self.kept.into_teams().map(move |(team, spans)| {
            let records = spans
                .into_iter()
                .map(|span| read(&mut file, span, &mut buffer))
                .collect::<io::Result<Vec<_>>>()?;
            Ok(team_history(team, records))
        }))
    }
}

fn read(file: &mut File, span: Span, buffer: &mut Vec<u8>) -> io::Result<CycleRecord> {
    buffer.resize(span.len as usize, 0);
    file.seek(SeekFrom::Start(span.offset))?;
    file.read_exact(buffer)?;
    Ok(serde_json::from_slice(buffer)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::cycle::Period;
    use crate::history::cycles::KrFinal;
    use chrono::NaiveDate;

    fn record(team: &str, month: u32, score: f64) -> CycleRecord {
        let day = |m| NaiveDate::from_ymd_opt(2025, m, 1).unwrap();
        CycleRecord {
            path: format!("{team}-{month}.md"),
            team: team.to_string(),
            cycle: format!("2025-{month:02}"),
            period: Period {
                start: day(month),
                end: day(month + 2),
            },
            objectives: vec![("O1".to_string(), Some(score))],
            key_results: vec![KrFinal {
                id: "O1-KR1".to_string(),
                statement: "Grow \"weekly\" readers from 10 to 20 ✓".to_string(),
                score: Some(score),
                starting_confidence: None,
            }],
        }
    }

    #[test]
    fn spooled_histories_equal_the_ones_kept_in_memory() {
        let records: Vec<CycleRecord> = [("b", 7, 0.2), ("a", 1, 0.9), ("b", 1, 0.4)]
            .iter()
            .chain(&[("a", 4, 0.5), ("b", 4, 0.1), ("a", 7, 0.3)])
            .map(|(t, m, s)| record(t, *m, *s))
            .collect();
        let mut spool = SpooledHistories::new(2).unwrap();
        records.iter().for_each(|r| spool.add(r).unwrap());
        let spooled: Vec<TeamHistory> = spool.finish().unwrap().map(Result::unwrap).collect();
        let mut kept = TeamHistories::new(2);
        records.into_iter().for_each(|r| kept.push(r));
        let in_memory = kept.finish();
        assert_eq!(spooled, in_memory);
        assert_eq!(spooled[1].cycles[0].record.cycle, "2025-04");
    }
}
