//! The evaluator on facilities built from the fuzz bytes against the
//! Decree 745 schema: each fact given or not, with a value of its type
//! (money up to and past `Decimal::MAX`, dates from year 0 to 9999,
//! durations of any length, records and lists), now and then a value of
//! the wrong type, evaluated as of any day. Binding, evaluation, the JSON
//! report and the human report never panic, and every exposure is a range
//! (min ≤ max ≤ possible max, when known).

#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use tiaoli_check::Type;
use tiaoli_eval::bind::{RawKey, RawKind, RawNode, bind};
use tiaoli_eval::human::{Lang, render};
use tiaoli_eval::ir::Whose;
use tiaoli_eval::{Exposure, Schema, evaluate, facility_json};
use tiaoli_fuzz_targets::decree;
use tiaoli_text::{FileId, TextRange};

/// Nesting of records and lists: the schema's own is shallow.
const MAX_DEPTH: u32 = 4;

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});

fn run(u: &mut Unstructured) -> Result<()> {
    let program = decree();
    let schema = &program.schema;
    let as_of = date(u)?;
    let mut entries = Vec::new();
    for (name, info) in &schema.facts {
        if u.ratio(1, 2)? {
            entries.push((key(name), value(u, schema, &info.ty, 0)?));
        }
    }
    let record = node(RawKind::Map(entries));
    let (facility, _diagnostics) = bind(schema, FileId(0), &record, "fuzz");
    let evaluation = evaluate(program, &facility, as_of);
    for whose in [Whose::Operator, Whose::OperatorPersons, Whose::ThirdParty] {
        assert_range(&evaluation.exposure_of(whose), whose);
    }
    let json = facility_json(program, &facility, &evaluation, None);
    assert!(json.is_object());
    // One report per input, in either language, with or without the
    // explanations: rendering both costs half the runs.
    let lang = if u.arbitrary()? { Lang::En } else { Lang::Zh };
    let text = render(program, &facility, &evaluation, None, lang, u.arbitrary()?);
    assert!(!text.is_empty());
    Ok(())
}

/// An exposure is a range: what is certain is at most what is known, and
/// that at most what is possible.
fn assert_range(x: &Exposure, whose: Whose) {
    assert!(
        x.min <= x.max,
        "{whose:?}: exposure min {} > max {}",
        x.min,
        x.max
    );
    if let Some(possible) = x.possible_max {
        assert!(
            x.max <= possible,
            "{whose:?}: exposure max {} > possible max {possible}",
            x.max
        );
    }
}

fn node(kind: RawKind) -> RawNode {
    RawNode {
        kind,
        span: TextRange::default(),
    }
}

fn key(name: &str) -> RawKey {
    RawKey {
        name: name.to_owned(),
        span: TextRange::default(),
    }
}

/// A value for a fact of type `ty`; one time in sixteen, anything at all.
fn value(u: &mut Unstructured, schema: &Schema, ty: &Type, depth: u32) -> Result<RawNode> {
    if u.ratio(1, 16)? {
        return wild(u, depth);
    }
    let kind = match ty {
        Type::Bool => RawKind::Bool(u.arbitrary()?),
        Type::Int => RawKind::Number(int(u)?),
        Type::Decimal => RawKind::Number(decimal(u)?),
        Type::Money => {
            let amount = money(u)?;
            if u.arbitrary()? {
                RawKind::Str(amount)
            } else {
                RawKind::Number(amount)
            }
        }
        Type::Date => {
            let d = date(u)?;
            RawKind::Str(d.to_string())
        }
        Type::Duration => {
            let n: i32 = if u.arbitrary()? {
                u.int_in_range(0..=400)?
            } else {
                u.arbitrary()?
            };
            let unit = u.choose(&[
                "day", "days", "week", "weeks", "month", "months", "year", "years",
            ])?;
            RawKind::Str(format!("{n} {unit}"))
        }
        Type::Text => RawKind::Str(u.arbitrary()?),
        Type::Enum(id) => match schema.enums.get(id) {
            Some(e) if !e.variants.is_empty() => RawKind::Str(u.choose(&e.variants)?.name.clone()),
            _ => RawKind::Str(u.arbitrary()?),
        },
        Type::Record(id) => match schema.records.get(id) {
            Some(r) if depth < MAX_DEPTH => {
                let mut fields = Vec::new();
                for f in &r.fields {
                    if u.ratio(2, 3)? {
                        fields.push((key(&f.name), value(u, schema, &f.ty, depth + 1)?));
                    }
                }
                RawKind::Map(fields)
            }
            _ => RawKind::Map(Vec::new()),
        },
        Type::List(inner) => {
            let mut items = Vec::new();
            if depth < MAX_DEPTH {
                let n = u.int_in_range(0..=6)?;
                for _ in 0..n {
                    items.push(value(u, schema, inner, depth + 1)?);
                }
            }
            RawKind::List(items)
        }
        Type::Optional(inner) => {
            if u.ratio(1, 4)? {
                RawKind::Null
            } else {
                return value(u, schema, inner, depth);
            }
        }
        Type::Any | Type::Error => return wild(u, depth),
    };
    Ok(node(kind))
}

/// A value of any shape.
fn wild(u: &mut Unstructured, depth: u32) -> Result<RawNode> {
    let kind = match u.int_in_range(0..=5)? {
        0 => RawKind::Null,
        1 => RawKind::Bool(u.arbitrary()?),
        2 => RawKind::Number(decimal(u)?),
        3 => RawKind::Str(u.arbitrary()?),
        4 if depth < MAX_DEPTH => {
            let n = u.int_in_range(0..=3)?;
            let mut items = Vec::new();
            for _ in 0..n {
                items.push(wild(u, depth + 1)?);
            }
            RawKind::List(items)
        }
        _ => RawKind::Map(Vec::new()),
    };
    Ok(node(kind))
}

fn int(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=3)? {
        0 => u.int_in_range(0..=10)?.to_string(),
        1 => u.int_in_range(0..=100_000_000i64)?.to_string(),
        2 => u.arbitrary::<i64>()?.to_string(),
        _ => u.arbitrary::<i128>()?.to_string(),
    })
}

/// Digits and a fraction: up to 40 significant digits, past what a
/// `Decimal` holds (28–29).
fn decimal(u: &mut Unstructured) -> Result<String> {
    let whole: u128 = u.arbitrary()?;
    let scale = u.int_in_range(0..=12)?;
    let negative = u.ratio(1, 8)?;
    let digits = whole.to_string();
    let (int_part, frac) = if scale < digits.len() {
        digits.split_at(digits.len() - scale)
    } else {
        (digits.as_str(), "")
    };
    let sign = if negative { "-" } else { "" };
    Ok(if frac.is_empty() {
        format!("{sign}{int_part}")
    } else {
        format!("{sign}{int_part}.{frac}")
    })
}

/// An amount in CNY: small, large, at the edge of `Decimal` (about
/// 7.9e28), or beyond it.
fn money(u: &mut Unstructured) -> Result<String> {
    Ok(match u.int_in_range(0..=5)? {
        0 => u.int_in_range(0..=10_000_000u64)?.to_string(),
        1 => format!(
            "{}.{:02}",
            u.int_in_range(0..=1_000_000_000u64)?,
            u.int_in_range(0..=99u8)?
        ),
        2 => "79228162514264337593543950335".to_owned(),
        3 => format!("{}000000000000000000000000000", u.int_in_range(1..=79u8)?),
        4 => decimal(u)?,
        _ => u.arbitrary::<u128>()?.to_string(),
    })
}

/// A day from 0000-01-01 to 9999-12-31, mostly near the present.
fn date(u: &mut Unstructured) -> Result<jiff::civil::Date> {
    let year: i16 = if u.ratio(3, 4)? {
        u.int_in_range(2015..=2035)?
    } else {
        u.int_in_range(0..=9999)?
    };
    let month: i8 = u.int_in_range(1..=12)?;
    let day: i8 = u.int_in_range(1..=31)?;
    Ok(jiff::civil::Date::new(year, month, day)
        .unwrap_or_else(|_| jiff::civil::date(year, month, 28)))
}
