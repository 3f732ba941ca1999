//! The formatter on anything that parses without errors: its output
//! parses without errors, and formatting that output changes nothing
//! (format → parse → format is stable).

#![no_main]

use libfuzzer_sys::fuzz_target;
use tiaoli_diagnostics::Diagnostic;
use tiaoli_text::FileId;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = tiaoli_syntax::parse(text, FileId(0));
    let Some(once) = tiaoli_syntax::format(text, &parsed) else {
        assert!(parsed.diagnostics.iter().any(Diagnostic::is_error));
        return;
    };
    let reparsed = tiaoli_syntax::parse(&once, FileId(0));
    let errors: Vec<_> = reparsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code.as_str(), d.message))
        .collect();
    assert!(
        errors.is_empty(),
        "formatted text does not parse: {errors:?}\n--- input\n{text}\n--- formatted\n{once}"
    );
    assert_eq!(
        reparsed.comments.len(),
        parsed.comments.len(),
        "comments lost or gained\n--- input\n{text}\n--- formatted\n{once}"
    );
    let twice = tiaoli_syntax::format(&once, &reparsed);
    assert_eq!(
        twice.as_deref(),
        Some(once.as_str()),
        "format is not idempotent\n--- input\n{text}"
    );
});
