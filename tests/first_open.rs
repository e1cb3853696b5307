//! Many threads opening their first encrypted connections at the same moment, at the start of a
//! process: SQLite marks itself initialised before SQLCipher's part of the start-up has run, and
//! a connection opened in that window used to fail its `PRAGMA key`. This file holds one test so
//! that it runs first in its own process, where the window is.

use std::sync::{Arc, Barrier};

use campusdesk_tests::test_key;

#[test]
fn connections_opened_at_once_at_start_up_all_take_their_key() {
    const THREADS: usize = 16;
    let dir = tempfile::tempdir().expect("temporary folder");
    let start = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|n| {
            let path = dir.path().join(format!("pc{n}.db"));
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                let conn = campusdesk_core::store::connect(
                    &path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE
                        | rusqlite::OpenFlags::SQLITE_OPEN_CREATE,
                )
                .map_err(|e| e.to_string())?;
                conn.execute_batch(&format!(
                    "PRAGMA key = \"x'{}'\"; CREATE TABLE t (x);",
                    test_key().hex()
                ))
                .map_err(|e| e.to_string())
            })
        })
        .collect();
    let failures: Vec<String> = threads
        .into_iter()
        .filter_map(|t| t.join().expect("thread").err())
        .collect();
    assert!(failures.is_empty(), "{failures:?}");
}
