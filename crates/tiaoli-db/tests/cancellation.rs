//! A snapshot read on another thread while the main database is edited
//! returns `Err(Cancelled)` instead of unwinding; the edit then proceeds.

mod common;

use std::time::{Duration, Instant};

use tiaoli_db::Database;

#[test]
fn a_stale_snapshot_answers_cancelled() {
    let mut db = Database::new();
    common::policies(&mut db);
    let file = common::file(&db, "ch3-operator-duties.tiaoli");
    assert!(db.checked().is_ok());
    let snapshot = db.clone();
    let reader = std::thread::spawn(move || {
        // Reads until the pending edit cancels them; the snapshot is then
        // dropped, which lets the edit go on.
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if snapshot.file_diagnostics(file).is_err() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        false
    });
    let text = db.text(file).expect("text");
    db.set_file_text(file, format!("{text}\n// edited\n").as_str());
    assert!(reader.join().expect("no panic escapes"), "never cancelled");
    assert!(db.file_diagnostics(file).expect("fresh").is_empty());
}
