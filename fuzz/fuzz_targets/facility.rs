//! The facility reader and the binder, on YAML, JSON and JSON lines (the
//! first byte picks the format, the rest is the file): reading and binding
//! never panic, every diagnostic has a label inside the text, and the fast
//! path `tiaoli eval` takes (`bound_records`) gives the same facilities
//! and diagnostics as reading then binding (`records` + `bind`).

#![no_main]

use libfuzzer_sys::fuzz_target;
use tiaoli_eval::bind::bind;
use tiaoli_fuzz_targets::{assert_labels_in, decree, render_both, session};
use tiaoli_input::{Format, bound_records, records};

/// Records looked at per input: enough for every reader state, few enough
/// to keep runs fast.
const MAX_RECORDS: usize = 64;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let format = match selector % 3 {
        0 => Format::Yaml,
        1 => Format::Json,
        _ => Format::JsonLines,
    };
    let schema = &decree().schema;
    let (sources, file) = session("fuzz.facility", text);
    let fallback = |i: usize| format!("fuzz#{}", i + 1);

    let mut slow = Vec::new();
    for record in records(text, file, format).take(MAX_RECORDS) {
        let outcome = match &record.node {
            Ok(node) => {
                let (facility, diagnostics) = bind(schema, file, node, &fallback(record.index));
                assert_eq!(facility.facts.len(), schema.facts.len());
                Ok((format!("{facility:?}"), diagnostics))
            }
            Err(diagnostics) => {
                assert!(
                    !diagnostics.is_empty(),
                    "an unreadable record without a diagnostic"
                );
                Err(diagnostics.clone())
            }
        };
        let diagnostics = match &outcome {
            Ok((_, d)) | Err(d) => d,
        };
        assert_labels_in(text, file, diagnostics);
        render_both(diagnostics, &sources);
        slow.push((record.index, outcome));
    }

    let fast: Vec<_> = bound_records(text, file, format, schema, fallback)
        .take(MAX_RECORDS)
        .map(|r| {
            let outcome = r.result.map(|(f, d)| (format!("{f:?}"), d));
            (r.index, outcome)
        })
        .collect();
    assert_eq!(fast, slow, "bound_records disagrees with records + bind");
});
