//! `tiaoli_syntax::parse` never panics, and every diagnostic, comment and
//! item span lies inside the text, on character boundaries. The
//! diagnostics are rendered too (human and JSON), as `tiaoli check` does.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tiaoli_fuzz_targets::{assert_labels_in, assert_range_in, render_both, session};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (sources, file) = session("fuzz.tiaoli", text);
    let parsed = tiaoli_syntax::parse(text, file);
    assert_labels_in(text, file, &parsed.diagnostics);
    for c in &parsed.comments {
        assert_range_in(text, c.start(), c.end(), "comment");
    }
    for item in &parsed.file.items {
        let s = item.span();
        assert_range_in(text, s.start(), s.end(), "item");
    }
    render_both(&parsed.diagnostics, &sources);
});
