//! Work spread over every core: each index handed to exactly one worker.

use rustc_hash::FxHashMap;
use std::borrow::Borrow;
use std::hash::Hash;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Runs `work(i)` for each `i` in `0..len` on up to one thread per core. A worker that
/// returns [`ControlFlow::Break`] stops every worker from taking further indices.
pub fn for_each_index(len: usize, work: impl Fn(usize) -> ControlFlow<()> + Sync) {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let workers = cores().min(len.max(1));
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

/// How many cores this process may use, asked once (the answer reads cgroup files).
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `f` applied to every item on every core; the results in the items' order.
pub fn map<'a, T: Sync, R: Send>(items: &'a [T], f: impl Fn(&'a T) -> R + Sync) -> Vec<R> {
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    for_each_index(items.len(), |i| {
        let result = f(&items[i]);
        *slots[i].lock().expect("no worker panics holding a slot") = Some(result);
        ControlFlow::Continue(())
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .expect("workers have finished")
                .expect("every index ran")
        })
        .collect()
}

/// `f` applied to every item, which it may change, on every core; the results in the
/// items' order.
pub fn map_mut<T: Send, R: Send>(items: &mut [T], f: impl Fn(&mut T) -> R + Sync) -> Vec<R> {
    let slots: Vec<Mutex<&mut T>> = items.iter_mut().map(Mutex::new).collect();
    let indices: Vec<usize> = (0..slots.len()).collect();
    map(&indices, |&i| {
        f(&mut slots[i].lock().expect("no worker panics holding an item"))
    })
}

/// A map shared by the workers, filled on demand by [`cached`]. Its keys are paths and
/// names looked up once per document, so it hashes with rustc's fast hash, not SipHash.
pub type Cache<K, V> = Mutex<FxHashMap<K, V>>;

/// The value `cache` holds for `key`, made by `make` (with the lock held, so it is made
/// once) and stored on a miss. The key is copied into the map only on a miss.
pub fn cached<K, Q, V>(cache: &Cache<K, V>, key: &Q, make: impl FnOnce() -> V) -> V
where
    K: Borrow<Q> + Hash + Eq,
    Q: ToOwned<Owned = K> + Hash + Eq + ?Sized,
    V: Clone,
{
    let mut map = cache.lock().expect("no worker panics holding a cache");
    if let Some(found) = map.get(key) {
        return found.clone();
    }
    let value = make();
    map.insert(key.to_owned(), value.clone());
    value
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

    #[test]
    fn cached_makes_each_value_once() {
        let cache: Cache<String, usize> = Mutex::default();
        let made = AtomicUsize::new(0);
        let make = || made.fetch_add(1, Ordering::Relaxed) + 10;
        assert_eq!(cached(&cache, "a", make), 10);
        assert_eq!(cached(&cache, "a", make), 10);
        assert_eq!(cached(&cache, "b", make), 11);
        assert_eq!(made.into_inner(), 2);
    }

    #[test]
    fn map_keeps_the_items_order() {
        let items: Vec<u64> = (0..5000).collect();
        assert_eq!(
            map(&items, |x| x * 2),
            (0..5000).map(|x| x * 2).collect::<Vec<_>>()
        );
    }

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
