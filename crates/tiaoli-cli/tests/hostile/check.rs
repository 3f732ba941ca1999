//! Comparing a run's outcome with what its case expects. Every run is
//! also held to what no input may do: panic, hang, or die by a signal.

use std::collections::BTreeSet;

use super::run::Outcome;
use super::spec::{JsonShape, Run};

/// What is wrong with `out`, one line each (empty: as expected).
pub fn mismatches(run: &Run, out: &Outcome) -> Vec<String> {
    let mut bad = Vec::new();
    if out.hung {
        bad.push(format!(
            "hung: killed after {} s",
            run.timeout.unwrap_or(60)
        ));
        return bad;
    }
    if out.stderr.contains("panicked at") || out.code == Some(101) {
        bad.push(format!("panicked: {}", first_lines(&out.stderr, 3)));
    }
    match out.code {
        Some(c) if c == run.exit => {}
        Some(c) => bad.push(format!(
            "exit {c}, expected {}; stderr: {}",
            run.exit,
            first_lines(&out.stderr, 4)
        )),
        None => bad.push("killed by a signal".to_owned()),
    }
    let found = codes(&out.stdout)
        .union(&codes(&out.stderr))
        .cloned()
        .collect::<BTreeSet<_>>();
    if let Some(expected) = &run.codes {
        let expected: BTreeSet<String> = expected.iter().cloned().collect();
        if expected != found {
            bad.push(format!("codes {found:?}, expected {expected:?}"));
        }
    }
    for c in &run.codes_include {
        if !found.contains(c) {
            bad.push(format!("code {c} not reported (found {found:?})"));
        }
    }
    for c in &run.codes_exclude {
        if found.contains(c) {
            bad.push(format!("code {c} reported"));
        }
    }
    let texts = [
        ("stdout", &out.stdout, &run.stdout_has, &run.stdout_lacks),
        ("stderr", &out.stderr, &run.stderr_has, &run.stderr_lacks),
    ];
    for (name, text, has, lacks) in texts {
        for s in has {
            if !text.contains(s.as_str()) {
                bad.push(format!("{name} lacks {s:?}: {}", first_lines(text, 4)));
            }
        }
        for s in lacks {
            if text.contains(s.as_str()) {
                bad.push(format!("{name} has {s:?}"));
            }
        }
    }
    match run.stdout_json {
        Some(JsonShape::Document) => {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&out.stdout) {
                bad.push(format!("stdout is not one JSON document: {e}"));
            }
        }
        Some(JsonShape::Lines) => {
            for (i, line) in out.stdout.lines().enumerate() {
                if let Err(e) = serde_json::from_str::<serde_json::Value>(line) {
                    bad.push(format!("stdout line {} is not JSON: {e}", i + 1));
                    break;
                }
            }
        }
        None => {}
    }
    bad
}

/// The diagnostic codes in a report: a line that is only a code (the human
/// renderer's header), `[CODE]` (its plain fallback) or `"code": "CODE"`
/// (JSON, compact or pretty).
pub fn codes(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let t = line.trim();
        if is_code(t) {
            found.insert(t.to_owned());
        }
    }
    let mut push = |rest: &str, close: &str| {
        if let Some(cand) = rest.get(..4)
            && is_code(cand)
            && rest[4..].starts_with(close)
        {
            found.insert(cand.to_owned());
        }
    };
    for (i, _) in text.match_indices('[') {
        push(&text[i + 1..], "]");
    }
    for (i, m) in text.match_indices("\"code\":") {
        let value = text[i + m.len()..].trim_start();
        if let Some(rest) = value.strip_prefix('"') {
            push(rest, "\"");
        }
    }
    found
}

fn is_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 4 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

fn first_lines(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().filter(|l| !l.trim().is_empty()).take(n).collect();
    let mut out = lines.join(" ⏎ ");
    if out.len() > 400 {
        let mut cut = 400;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push('…');
    }
    out
}
