//! Binds a facility record, read from YAML or JSON into a [`RawNode`]
//! tree (with spans), to the fact schema: every value is checked against
//! its fact's type, and every problem is a diagnostic at its line and
//! column. A record with problems still yields the facts that were valid.

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use tiaoli_check::Type;
use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_text::{FileId, TextRange};

use crate::eval::Facility;
use crate::schema::{FactInfo, Schema};
use crate::value::Value;

/// A value as a facility file wrote it, before typing.
#[derive(Clone, Debug, PartialEq)]
pub struct RawNode {
    pub kind: RawKind,
    pub span: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RawKind {
    Null,
    Bool(bool),
    /// A number as written, so decimals stay exact.
    Number(String),
    Str(String),
    List(Vec<RawNode>),
    Map(Vec<(RawKey, RawNode)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct RawKey {
    pub name: String,
    pub span: TextRange,
}

impl RawKind {
    fn describe(&self) -> &'static str {
        match self {
            RawKind::Null => "null",
            RawKind::Bool(_) => "a boolean",
            RawKind::Number(_) => "a number",
            RawKind::Str(_) => "a string",
            RawKind::List(_) => "a list",
            RawKind::Map(_) => "a mapping",
        }
    }
}

/// Binds one record. `fallback_id` names the facility when it has no `id`.
pub fn bind(
    schema: &Schema,
    file: FileId,
    root: &RawNode,
    fallback_id: &str,
) -> (Facility, Vec<Diagnostic>) {
    let mut b = Binder {
        schema,
        file,
        diagnostics: Vec::new(),
    };
    let mut facility = Facility {
        id: fallback_id.to_owned(),
        facts: vec![None; schema.facts.len()],
    };
    let RawKind::Map(entries) = &root.kind else {
        b.diagnostics.push(
            Diagnostic::new(
                Code::F002,
                format!(
                    "expected a mapping of fact names to values, found {}",
                    root.kind.describe()
                ),
            )
            .with_primary(file, root.span, "not a facility record")
            .with_help("write each fact as `name: value`, e.g. `sector: energy`"),
        );
        return (facility, b.diagnostics);
    };
    for (key, node) in entries {
        let Some((slot, _, info)) = schema.facts.get_full(&key.name) else {
            b.unknown_fact(key);
            continue;
        };
        let value = b.value(node, &info.ty, info);
        if key.name == "id"
            && let Some(Value::Text(t)) = &value
        {
            facility.id = t.to_string();
        }
        facility.facts[slot] = value;
    }
    (facility, b.diagnostics)
}

struct Binder<'a> {
    schema: &'a Schema,
    file: FileId,
    diagnostics: Vec<Diagnostic>,
}

impl Binder<'_> {
    fn unknown_fact(&mut self, key: &RawKey) {
        let mut d = Diagnostic::new(Code::F003, format!("unknown fact `{}`", key.name))
            .with_primary(self.file, key.span, "no pack declares this fact");
        if let Some(best) = closest(&key.name, self.schema.facts.keys().map(String::as_str)) {
            d = d.with_help(format!("did you mean `{best}`?"));
        }
        self.diagnostics.push(d);
    }

    fn wrong(&mut self, node: &RawNode, expected: &str, info: &FactInfo) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::F004,
                format!(
                    "`{}` must be {expected}, found {}",
                    info.name,
                    node.kind.describe()
                ),
            )
            .with_primary(self.file, node.span, format!("expected {expected}")),
        );
    }

    /// The typed value, or None (unknown) after reporting why.
    fn value(&mut self, node: &RawNode, ty: &Type, info: &FactInfo) -> Option<Value> {
        if node.kind == RawKind::Null {
            // null is "not known", unless the fact is optional: then absent.
            return matches!(ty, Type::Optional(_)).then_some(Value::Absent);
        }
        match (ty, &node.kind) {
            (Type::Optional(inner), _) => self.value(node, inner, info),
            (Type::Bool, RawKind::Bool(b)) => Some(Value::Bool(*b)),
            (Type::Int, RawKind::Number(n)) => match whole_number(n) {
                Ok(i) => {
                    if let Some((lo, hi)) = info.bounds.filter(|(lo, hi)| i < *lo || i > *hi) {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Code::F007,
                                format!("`{}` is {i}, outside {lo}..={hi}", info.name),
                            )
                            .with_primary(
                                self.file,
                                node.span,
                                format!("must be between {lo} and {hi}"),
                            ),
                        );
                        return None;
                    }
                    Some(Value::Int(i))
                }
                Err(too_large) => {
                    let what = if too_large {
                        "a whole number that fits in 64 bits"
                    } else {
                        "a whole number"
                    };
                    self.wrong(node, what, info);
                    None
                }
            },
            (Type::Decimal | Type::Money, RawKind::Number(n) | RawKind::Str(n)) => {
                match Decimal::from_str(n.trim()) {
                    Ok(d) if *ty == Type::Money => Some(Value::Money(d)),
                    Ok(d) => Some(Value::Decimal(d)),
                    Err(_) => {
                        self.wrong(
                            node,
                            if *ty == Type::Money {
                                "an amount in CNY (a number or a decimal string)"
                            } else {
                                "a decimal number"
                            },
                            info,
                        );
                        None
                    }
                }
            }
            (Type::Date, RawKind::Str(s)) => self.date(node, s, info),
            (Type::Text, RawKind::Str(s)) => Some(Value::Text(Arc::from(s.as_str()))),
            (Type::Text, RawKind::Number(n)) => Some(Value::Text(Arc::from(n.as_str()))),
            (Type::Enum(id), RawKind::Str(s)) => {
                let e = self.schema.enums.get(id)?;
                match e
                    .variants
                    .iter()
                    .position(|v| v.name == *s || v.label.zh == *s)
                {
                    Some(i) => Some(Value::Enum(i as u32)),
                    None => {
                        let names: Vec<&str> = e.variants.iter().map(|v| v.name.as_str()).collect();
                        let mut d = Diagnostic::new(
                            Code::F006,
                            format!("`{s}` is not a value of `{}`", e.name),
                        )
                        .with_primary(
                            self.file,
                            node.span,
                            format!(
                                "`{}` is one of the {} values of `{}`",
                                info.name,
                                names.len(),
                                e.name
                            ),
                        );
                        d = match closest(s, names.iter().copied()) {
                            Some(best) => d.with_help(format!("did you mean `{best}`?")),
                            None => d.with_help(format!("the values are: {}", names.join(", "))),
                        };
                        self.diagnostics.push(d);
                        None
                    }
                }
            }
            (Type::List(elem), RawKind::List(items)) => {
                let values: Vec<Option<Value>> =
                    items.iter().map(|i| self.value(i, elem, info)).collect();
                // A list with an invalid element is not known as a whole.
                values
                    .into_iter()
                    .collect::<Option<Vec<Value>>>()
                    .map(|v| Value::List(Arc::from(v)))
            }
            (Type::Record(id), RawKind::Map(entries)) => {
                let record = self.schema.records.get(id)?;
                let mut fields: Vec<Option<Value>> = vec![None; record.fields.len()];
                let mut ok = true;
                for (key, value) in entries {
                    match record.fields.iter().position(|f| f.name == key.name) {
                        Some(i) => {
                            let f = &record.fields[i];
                            fields[i] = self.value(value, &f.ty, f);
                            ok &= fields[i].is_some() || value.kind == RawKind::Null;
                        }
                        None => {
                            let mut d = Diagnostic::new(
                                Code::F008,
                                format!("`{}` has no field `{}`", record.name, key.name),
                            )
                            .with_primary(
                                self.file,
                                key.span,
                                "unknown field",
                            );
                            if let Some(best) =
                                closest(&key.name, record.fields.iter().map(|f| f.name.as_str()))
                            {
                                d = d.with_help(format!("did you mean `{best}`?"));
                            }
                            self.diagnostics.push(d);
                            ok = false;
                        }
                    }
                }
                ok.then(|| Value::Record(Arc::from(fields)))
            }
            (Type::Duration, RawKind::Str(s)) => match parse_duration(s) {
                Some(d) => Some(Value::Duration(d)),
                None => {
                    self.wrong(node, "a duration such as `3 months` or `30 days`", info);
                    None
                }
            },
            (Type::Any | Type::Error, _) => None,
            (_, _) => {
                let expected = match ty {
                    Type::Bool => "`true` or `false`",
                    Type::Int => "a whole number",
                    Type::Decimal => "a decimal number",
                    Type::Money => "an amount in CNY (a number or a decimal string)",
                    Type::Date => "a date (YYYY-MM-DD)",
                    Type::Text => "a string",
                    Type::Enum(_) => "one of the enum's values",
                    Type::List(_) => "a list",
                    Type::Record(_) => "a mapping of field names to values",
                    _ => "a value of another type",
                };
                self.wrong(node, expected, info);
                None
            }
        }
    }

    fn date(&mut self, node: &RawNode, s: &str, info: &FactInfo) -> Option<Value> {
        match jiff::civil::Date::from_str(s.trim()) {
            Ok(d) if s.trim().len() == 10 => Some(Value::Date(d)),
            Ok(_) | Err(_) => {
                let reason = match jiff::civil::Date::from_str(s.trim()) {
                    Err(e) if s.trim().len() == 10 => e.to_string(),
                    _ => "dates are written YYYY-MM-DD".to_owned(),
                };
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::F005,
                        format!("`{s}` is not a valid date for `{}`", info.name),
                    )
                    .with_primary(self.file, node.span, "expected YYYY-MM-DD")
                    .with_note(reason),
                );
                None
            }
        }
    }
}

/// An integer written as digits, or as a decimal with no fraction (`5.0`).
/// `Err(true)` when it is whole but too large.
fn whole_number(n: &str) -> Result<i64, bool> {
    if let Ok(i) = n.parse::<i64>() {
        return Ok(i);
    }
    match Decimal::from_str(n).or_else(|_| Decimal::from_scientific(n)) {
        Ok(d) if d.fract().is_zero() => i64::try_from(d).map_err(|_| true),
        Ok(_) => Err(false),
        Err(_) => Err(n.chars().all(|c| c.is_ascii_digit() || c == '-')),
    }
}

/// `3 months`, `1 year`, `30 days`, `2 weeks`.
fn parse_duration(s: &str) -> Option<crate::value::Dur> {
    let mut parts = s.split_whitespace();
    let n: i32 = parts.next()?.parse().ok()?;
    let unit = parts.next()?;
    if parts.next().is_some() {
        return None;
    }
    let d = crate::value::Dur::default();
    Some(match unit.trim_end_matches('s') {
        "day" => crate::value::Dur { days: n, ..d },
        "week" => crate::value::Dur {
            days: n.checked_mul(7)?,
            ..d
        },
        "month" => crate::value::Dur { months: n, ..d },
        "year" => crate::value::Dur {
            months: n.checked_mul(12)?,
            ..d
        },
        _ => return None,
    })
}

fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}
