//! What the no-panic property files share: their case count and a fresh
//! folder per case. Included with `#[path]` by the files that use it (not
//! in `common`, where an unused helper would warn in every other file).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::ProptestConfig;

/// `default` cases, or `PROPTEST_CASES` when set.
pub fn cases(default: u32) -> ProptestConfig {
    ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(default),
    )
}

/// A fresh folder for one case: `tiaoli-{suite}-{what}-{pid}-{n}`.
pub fn scratch(suite: &str, what: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir =
        std::env::temp_dir().join(format!("tiaoli-{suite}-{what}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}
