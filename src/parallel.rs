//! Work spread over every core: each index handed to exactly one worker.

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Runs `work(i)` for each `i` in `0..len` on up to one thread per core. A worker that
/// returns [`ControlFlow::Break`] stops every worker from taking further indices.
pub fn for_each_index(len: usize, work: impl Fn(usize) -> ControlFlow<()> + Sync) {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(len.max(1));
    let run = || {
        while !stop.load(Ordering::Relaxed) {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= len {
                break;
            }
            if work(i).is_break() {
                stop.store(true, Ordering::Relaxed);
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..workers {
            scope.spawn(run);
        }
        run();
    });
}

/// Whether `test` holds for any item, checked on every core; stops at the first hit.
pub fn any<T: Sync>(items: &[T], test: impl Fn(&T) -> bool + Sync) -> bool {
    let found = AtomicBool::new(false);
    for_each_index(items.len(), |i| {
        if test(&items[i]) {
            found.store(true, Ordering::Relaxed);
            return ControlFlow::Break(());
        }
        ControlFlow::Continue(())
    });
    found.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn every_index_runs_exactly_once() {
        let seen = Mutex::new(Vec::new());
        for_each_index(1000, |i| {
            seen.lock().unwrap().push(i);
            ControlFlow::Continue(())
        });
        let mut seen = seen.into_inner().unwrap();
        seen.sort_unstable();
        assert_eq!(seen, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn any_finds_a_hit_and_reports_a_miss() {
        let items: Vec<u32> = (0..500).collect();
        assert!(any(&items, |&x| x == 499));
        assert!(!any(&items, |&x| x > 1000));
        assert!(!any(&[] as &[u32], |_| true));
    }

    #[test]
    fn a_break_stops_further_work() {
        let done = AtomicUsize::new(0);
        for_each_index(100_000, |_| {
            done.fetch_add(1, Ordering::Relaxed);
            ControlFlow::Break(())
        });
        assert!(done.into_inner() < 100);
    }
}
