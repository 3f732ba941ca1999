//! Evaluation throughput: the engine against a hand-written baseline of
//! the same rules (Decree 745 with the energy sector's identification
//! rules), on 10,000 synthetic facilities in the canonical vocabulary.
//!
//! * `eval/engine`: evaluate pre-bound facilities (`tiaoli_eval::evaluate`).
//! * `eval/baseline`: the hand-written rules on pre-deserialized structs.
//! * `e2e/engine`: JSON lines text → `tiaoli_input::records` →
//!   `tiaoli_eval::bind::bind` → `evaluate`.
//! * `e2e/baseline`: JSON lines text → `serde_json::from_str` per line →
//!   the hand-written rules.
//!
//! Before timing, engine and baseline are checked to agree on every
//! facility (every duty's status, missing facts and due date, penalties,
//! fines and exposure). The `eval_summary` bench prints the comparison
//! table (facilities per second, ratios).
//!
//! Quick run: `cargo bench -p tiaoli-eval --bench eval -- --warm-up-time 1 --measurement-time 3`

mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn benches(c: &mut Criterion) {
    let setup = common::Setup::new(common::N);
    let cov = common::assert_agreement(&setup);
    eprintln!(
        "{} facilities, {} bytes of JSON lines; engine and baseline agree ({cov:?})",
        common::N,
        setup.text.len()
    );
    let n = common::N as u64;

    let mut group = c.benchmark_group("eval");
    group.throughput(Throughput::Elements(n));
    group.sample_size(20);
    group.bench_function("engine", |b| {
        b.iter(|| common::engine_eval(&setup.program, black_box(&setup.bound), false))
    });
    group.bench_function("engine-fresh", |b| {
        b.iter(|| common::engine_eval_fresh(&setup.program, black_box(&setup.bound), false))
    });
    group.bench_function("baseline", |b| {
        b.iter(|| common::baseline_eval(black_box(&setup.parsed), false))
    });
    group.finish();

    let mut group = c.benchmark_group("e2e");
    group.throughput(Throughput::Elements(n));
    group.sample_size(10);
    group.bench_function("engine", |b| {
        b.iter(|| common::engine_e2e(&setup.program, black_box(&setup.text), false))
    });
    group.bench_function("engine-tree", |b| {
        b.iter(|| common::engine_e2e_tree(&setup.program, black_box(&setup.text), false))
    });
    group.bench_function("baseline", |b| {
        b.iter(|| common::baseline_e2e(black_box(&setup.text), false))
    });
    group.finish();
}

criterion_group!(eval, benches);
criterion_main!(eval);
