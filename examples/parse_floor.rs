//! The parse floor: read every Markdown file under a directory and parse it with
//! pulldown-cmark (every event, with offsets) on all cores. `okr lint` is measured
//! against this: it cannot be faster than reading and parsing its input once.
//!
//! Run: `cargo run --release --example parse_floor -- DIR`

use pulldown_cmark::{Options, Parser};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor DIR");
        std::process::exit(2);
    };
    let files: Vec<PathBuf> = ignore::WalkBuilder::new(&root)
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let next = AtomicUsize::new(0);
    let events = AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(path) = files.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let text = std::fs::read_to_string(path).unwrap_or_default();
                    let count = Parser::new_ext(&text, Options::ENABLE_TABLES)
                        .into_offset_iter()
                        .count();
                    events.fetch_add(count, Ordering::Relaxed);
                }
            });
        }
    });
    println!("{} files, {} events", files.len(), events.into_inner());
}
