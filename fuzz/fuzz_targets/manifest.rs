//! `tiaoli_pack::parse_manifest` (a pack's `tiaoli.toml`) never panics,
//! and every problem it reports has a label inside the text.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tiaoli_fuzz_targets::{assert_labels_in, render_both, session};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (sources, file) = session("tiaoli.toml", text);
    match tiaoli_pack::parse_manifest(text, file) {
        Ok(m) => {
            assert!(!m.name.is_empty(), "a valid manifest has a name");
            let _ = m.ident();
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "an error without a diagnostic");
            assert_labels_in(text, file, &diagnostics);
            render_both(&diagnostics, &sources);
        }
    }
});
