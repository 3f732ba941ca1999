//! Binds a facility record, read from YAML or JSON into a [`RawNode`]
//! tree (with spans), to the fact schema: every value is checked against
//! its fact's type, and every problem is a diagnostic at its line and
//! column. A record with problems still yields the facts that were valid.

use std::str::FromStr;
use std::sync::Arc;

use rust_decimal::Decimal;
use tiaoli_check::Type;
use tiaoli_diagnostics::{Code, Diagnostic, Msg, msg};
use tiaoli_text::{FileId, TextRange};

use crate::eval::Facility;
use crate::schema::{FactInfo, Schema};
use crate::value::{Value, is_whole_fen, money_max};

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

/// F002: a record that is not a mapping of facts (the reader adds the help
/// its file format calls for).
pub fn not_a_mapping(file: FileId, node: &RawNode) -> Diagnostic {
    let (en, zh) = node.kind.describe();
    Diagnostic::new(
        Code::F002,
        Msg::new(
            format!("expected a mapping of fact names to values, found {en}"),
            format!("应为事实名称到值的映射，实际为{zh}"),
        ),
    )
    .with_primary(
        file,
        node.span,
        msg!(en: "not a facility record", zh: "不是设施记录"),
    )
}

impl RawKind {
    /// What the value is, for messages: English, Chinese.
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            RawKind::Null => ("null", "null"),
            RawKind::Bool(_) => ("a boolean", "布尔值"),
            RawKind::Number(_) => ("a number", "数字"),
            RawKind::Str(_) => ("a string", "字符串"),
            RawKind::List(_) => ("a list", "列表"),
            RawKind::Map(_) => ("a mapping", "映射"),
        }
    }
}

/// The facts of `facility` dated after `as_of` (date facts only, by slot),
/// now withheld: each becomes unknown. As of `as_of` the event had not
/// happened yet, so using the date would be wrong, and so would reading
/// its absence as "never happened"; rules that need the fact list it as
/// missing. The caller reports each (F013).
pub fn withhold_future_facts(facility: &mut Facility, as_of: jiff::civil::Date) -> Vec<u32> {
    let mut withheld = Vec::new();
    for (slot, fact) in facility.facts.iter_mut().enumerate() {
        if let Some(Value::Date(d)) = fact
            && *d > as_of
        {
            *fact = None;
            withheld.push(slot as u32);
        }
    }
    withheld
}

/// The most diagnostics a record reports one by one; past it, callers say
/// how many more there are (`F016`), and [`bind`] no longer looks for a
/// did-you-mean for unknown facts (its cost would grow with the record).
pub const MAX_DIAGNOSTICS_PER_RECORD: usize = 100;

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
        b.diagnostics.push(not_a_mapping(file, root).with_help(msg!(
            en: "write each fact as `name: value`, e.g. `sector: energy`",
            zh: "请将每个事实写作 `name: value`，如 `sector: energy`"
        )));
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

/// One token of a record read in a single pass (a JSON line, say) into a
/// flat list instead of a [`RawNode`] tree: nothing is allocated for it,
/// and [`bind_tokens`] binds the list directly. A collection is followed
/// by its entries (a map's as a key, then its value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token<'a> {
    pub kind: TokenKind<'a>,
    /// The token as written (a collection: its brackets and all inside).
    pub span: TextRange,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TokenKind<'a> {
    Null,
    Bool(bool),
    /// A number as written.
    Number(&'a str),
    /// A string: the text between its quotes, which is its value unless
    /// `escaped` (it has escape sequences, not decoded here).
    Str {
        raw: &'a str,
        escaped: bool,
    },
    /// A map key, as a string.
    Key {
        raw: &'a str,
        escaped: bool,
    },
    /// A list of `len` values, whose tokens end before token `end`.
    List {
        len: u32,
        end: u32,
    },
    /// A map of `len` entries, whose tokens end before token `end`.
    Map {
        len: u32,
        end: u32,
    },
}

/// Binds a record given as [`Token`]s, if it binds cleanly: the facility
/// `bind` gives for the same record as a [`RawNode`] tree, when `bind`
/// gives it with no diagnostic at all (and the reader would have found no
/// problem, such as a duplicate key). `None` for anything else — a problem
/// to report, or something this does not decide (an escaped string) —
/// and the caller binds the record the usual way, which reports it.
/// `fallback_id` names the facility when it has no `id`.
pub fn bind_tokens(
    schema: &Schema,
    tokens: &[Token<'_>],
    fallback_id: impl FnOnce() -> String,
) -> Option<Facility> {
    let TokenKind::Map { len, end } = tokens.first()?.kind else {
        return None;
    };
    if end as usize != tokens.len() {
        return None;
    }
    let mut seen = Seen::new(schema.facts.len())?;
    let mut facts = Vec::with_capacity(schema.facts.len());
    facts.resize_with(schema.facts.len(), || None);
    let mut id = None;
    let mut i = 1;
    // Where the next fact is likely declared: files tend to list facts in
    // the packs' order (leaving some out), so a look a few slots ahead
    // usually finds it without hashing.
    let mut next = 0;
    for _ in 0..len {
        let TokenKind::Key {
            raw: name,
            escaped: false,
        } = tokens.get(i)?.kind
        else {
            return None;
        };
        i += 1;
        let ahead = (next..schema.facts.len().min(next + 4)).find_map(|k| {
            let (n, info) = schema.facts.get_index(k)?;
            (n == name).then_some((k, info))
        });
        let (slot, info) = match ahead {
            Some(found) => found,
            None => schema.facts.get_full(name).map(|(k, _, info)| (k, info))?,
        };
        next = slot + 1;
        if !seen.insert(slot) {
            return None;
        }
        // Booleans are most facts: read them here.
        let value = match (&info.ty, tokens.get(i)?.kind) {
            (Type::Bool, TokenKind::Bool(b)) => {
                i += 1;
                Some(Value::Bool(b))
            }
            _ => quiet_value(schema, tokens, &mut i, &info.ty, info).ok()?,
        };
        if name == "id"
            && let Some(Value::Text(t)) = &value
        {
            id = Some(t.to_string());
        }
        facts[slot] = value;
    }
    Some(Facility {
        id: id.unwrap_or_else(fallback_id),
        facts,
    })
}

/// Which of up to 256 slots have been given.
struct Seen([u64; 4]);

impl Seen {
    fn new(len: usize) -> Option<Seen> {
        (len <= 256).then_some(Seen([0; 4]))
    }

    /// False if already given.
    fn insert(&mut self, slot: usize) -> bool {
        let (word, bit) = (slot / 64, 1u64 << (slot % 64));
        let fresh = self.0[word] & bit == 0;
        self.0[word] |= bit;
        fresh
    }
}

/// [`Binder::value`] for the value at token `*i` (and `*i` moved past
/// it), if it binds without a diagnostic; `Err` otherwise.
fn quiet_value(
    schema: &Schema,
    tokens: &[Token<'_>],
    i: &mut usize,
    ty: &Type,
    info: &FactInfo,
) -> Result<Option<Value>, ()> {
    let kind = tokens.get(*i).ok_or(())?.kind;
    if kind == TokenKind::Null {
        *i += 1;
        // As `bind`: absent for an optional fact, a diagnostic (so the
        // slow path) for any other.
        return match ty {
            Type::Optional(_) => Ok(Some(Value::Absent)),
            Type::Any | Type::Error => Ok(None),
            _ => Err(()),
        };
    }
    match (ty, kind) {
        (Type::Optional(inner), _) => quiet_value(schema, tokens, i, inner, info),
        (Type::List(elem), TokenKind::List { len, .. }) => {
            *i += 1;
            let mut values = Vec::with_capacity(len as usize);
            let mut known = true;
            for _ in 0..len {
                match quiet_value(schema, tokens, i, elem, info)? {
                    Some(v) => values.push(v),
                    None => known = false,
                }
            }
            // A list with an unknown element is not known as a whole.
            Ok(known.then(|| Value::List(Arc::from(values))))
        }
        (Type::Record(id), TokenKind::Map { len, .. }) => {
            let record = schema.records.get(id).ok_or(())?;
            let mut seen = Seen::new(record.fields.len()).ok_or(())?;
            *i += 1;
            let mut fields: Vec<Option<Value>> = vec![None; record.fields.len()];
            let mut ok = true;
            for _ in 0..len {
                let TokenKind::Key {
                    raw: name,
                    escaped: false,
                } = tokens.get(*i).ok_or(())?.kind
                else {
                    return Err(());
                };
                *i += 1;
                let k = record
                    .fields
                    .iter()
                    .position(|f| f.name == name)
                    .ok_or(())?;
                if !seen.insert(k) {
                    return Err(());
                }
                let null = tokens.get(*i).ok_or(())?.kind == TokenKind::Null;
                let f = &record.fields[k];
                fields[k] = quiet_value(schema, tokens, i, &f.ty, f)?;
                ok &= fields[k].is_some() || null;
            }
            Ok(ok.then(|| Value::Record(Arc::from(fields))))
        }
        // What `bind` takes without looking inside: a collection here may
        // hide what the reader reports (a duplicate key).
        (_, TokenKind::List { .. } | TokenKind::Map { .. } | TokenKind::Key { .. }) => Err(()),
        (_, scalar) => {
            *i += 1;
            quiet_scalar(schema, ty, info, scalar)
        }
    }
}

/// [`Binder::value`] for a scalar other than null (not a collection).
fn quiet_scalar(
    schema: &Schema,
    ty: &Type,
    info: &FactInfo,
    kind: TokenKind<'_>,
) -> Result<Option<Value>, ()> {
    use TokenKind as K;
    let plain = |escaped: bool| if escaped { Err(()) } else { Ok(()) };
    Ok(match (ty, kind) {
        (Type::Optional(inner), _) => return quiet_scalar(schema, inner, info, kind),
        (Type::Bool, K::Bool(b)) => Some(Value::Bool(b)),
        (Type::Int, K::Number(n)) => {
            let i = whole_number(n).map_err(|_| ())?;
            if info.bounds.is_some_and(|(lo, hi)| i < lo || i > hi) {
                return Err(());
            }
            Some(Value::Int(i))
        }
        (
            Type::Money,
            K::Number(n)
            | K::Str {
                raw: n,
                escaped: false,
            },
        ) => Some(Value::Money(money(n).map_err(|_| ())?)),
        (
            Type::Decimal,
            K::Number(n)
            | K::Str {
                raw: n,
                escaped: false,
            },
        ) => Some(Value::Decimal(decimal(n).map_err(|_| ())?)),
        (Type::Date, K::Str { raw, escaped }) => {
            plain(escaped)?;
            match iso_date(raw) {
                Some(d) => Some(Value::Date(d)),
                None => match jiff::civil::Date::from_str(raw.trim()) {
                    Ok(d) if raw.trim().len() == 10 => Some(Value::Date(d)),
                    _ => return Err(()),
                },
            }
        }
        (Type::Text, K::Str { raw, escaped }) => {
            plain(escaped)?;
            Some(Value::Text(Arc::from(raw)))
        }
        (Type::Text, K::Number(n)) => Some(Value::Text(Arc::from(n))),
        (Type::Enum(id), K::Str { raw, escaped }) => {
            plain(escaped)?;
            let Some(e) = schema.enums.get(id) else {
                return Ok(None);
            };
            let i = e
                .variants
                .iter()
                .position(|v| v.name == raw || v.label.zh == raw)
                .ok_or(())?;
            Some(Value::Enum(i as u32))
        }
        (Type::Duration, K::Str { raw, escaped }) => {
            plain(escaped)?;
            Some(Value::Duration(parse_duration(raw).ok_or(())?))
        }
        (Type::Any | Type::Error, _) => None,
        _ => return Err(()),
    })
}

struct Binder<'a> {
    schema: &'a Schema,
    file: FileId,
    diagnostics: Vec<Diagnostic>,
}

impl Binder<'_> {
    fn unknown_fact(&mut self, key: &RawKey) {
        let mut d = Diagnostic::new(
            Code::F003,
            msg!(en: "unknown fact `{}`", zh: "未知的事实 `{}`", key.name),
        )
        .with_primary(
            self.file,
            key.span,
            msg!(en: "no pack declares this fact", zh: "没有规则包声明此事实"),
        );
        // Past the cap the diagnostic is only counted, never shown.
        let shown = self.diagnostics.len() < MAX_DIAGNOSTICS_PER_RECORD;
        if shown
            && let Some(best) = closest(&key.name, self.schema.facts.keys().map(String::as_str))
        {
            d = d.with_help(did_you_mean(best));
        }
        self.diagnostics.push(d);
    }

    /// F004: `expected` is what the fact takes, in English and Chinese.
    fn wrong(&mut self, node: &RawNode, (expected, expected_zh): (&str, &str), info: &FactInfo) {
        let (found, found_zh) = node.kind.describe();
        let sep = spaced(expected_zh);
        self.diagnostics.push(
            Diagnostic::new(
                Code::F004,
                msg!(
                    en: "`{}` must be {expected}, found {found}",
                    zh: "`{}` 必须是{sep}{expected_zh}，实际为{found_zh}",
                    info.name
                ),
            )
            .with_primary(
                self.file,
                node.span,
                msg!(en: "expected {expected}", zh: "应为{sep}{expected_zh}"),
            ),
        );
    }

    /// The typed value, or None (unknown) after reporting why.
    fn value(&mut self, node: &RawNode, ty: &Type, info: &FactInfo) -> Option<Value> {
        if node.kind == RawKind::Null {
            // null is "known to be absent" (never happened, none), which
            // only an optional fact can be. For any other fact it is a
            // mistake: reported, and the fact stays unknown.
            return match ty {
                Type::Optional(_) => Some(Value::Absent),
                Type::Any | Type::Error => None,
                _ => {
                    self.null_for_required(node, ty, info);
                    None
                }
            };
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
                                msg!(
                                    en: "`{}` is {i}, outside {lo}..={hi}",
                                    zh: "`{}` 为 {i}，超出 {lo}..={hi}",
                                    info.name
                                ),
                            )
                            .with_primary(
                                self.file,
                                node.span,
                                msg!(
                                    en: "must be between {lo} and {hi}",
                                    zh: "必须在 {lo} 到 {hi} 之间"
                                ),
                            ),
                        );
                        return None;
                    }
                    Some(Value::Int(i))
                }
                Err(too_large) => {
                    let what = if too_large {
                        ("a whole number that fits in 64 bits", "64 位以内的整数")
                    } else {
                        ("a whole number", "整数")
                    };
                    self.wrong(node, what, info);
                    None
                }
            },
            (Type::Money, RawKind::Number(n) | RawKind::Str(n)) => self.money(node, n, info),
            (Type::Decimal, RawKind::Number(n) | RawKind::Str(n)) => match decimal(n) {
                Ok(d) => Some(Value::Decimal(d)),
                // A numeral that does not fit is out of range, not
                // something other than a number.
                Err(()) if matches!(node.kind, RawKind::Number(_)) || plain_decimal(n.trim()) => {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::F014,
                            msg!(
                                en: "`{}` is {}, outside the range of decimal numbers",
                                zh: "`{}` 为 {}，超出十进制数的范围",
                                info.name,
                                n.trim()
                            ),
                        )
                        .with_primary(
                            self.file,
                            node.span,
                            msg!(
                                en: "must be at most {} in size",
                                zh: "绝对值最大为 {}",
                                Decimal::MAX
                            ),
                        )
                        .with_help(msg!(
                            en: "check the unit and the number of digits: a decimal fact holds at most 28 significant digits exactly",
                            zh: "请检查单位和位数：十进制事实最多可精确保存 28 位有效数字"
                        )),
                    );
                    None
                }
                Err(()) => {
                    self.wrong(node, ("a decimal number", "十进制数"), info);
                    None
                }
            },
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
                            msg!(
                                en: "`{s}` is not a value of `{}`",
                                zh: "`{s}` 不是 `{}` 的取值",
                                e.name
                            ),
                        )
                        .with_primary(
                            self.file,
                            node.span,
                            msg!(
                                en: "`{}` is one of the {} values of `{}`",
                                zh: "`{0}` 是 `{2}` 的 {1} 个取值之一",
                                info.name,
                                names.len(),
                                e.name
                            ),
                        );
                        d = match closest(s, names.iter().copied()) {
                            Some(best) => d.with_help(did_you_mean(best)),
                            None => d.with_help(Msg::new(
                                format!("the values are: {}", names.join(", ")),
                                format!("取值为：{}", names.join("、")),
                            )),
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
                                msg!(
                                    en: "`{}` has no field `{}`",
                                    zh: "`{}` 没有字段 `{}`",
                                    record.name,
                                    key.name
                                ),
                            )
                            .with_primary(
                                self.file,
                                key.span,
                                msg!(en: "unknown field", zh: "未知字段"),
                            );
                            if let Some(best) =
                                closest(&key.name, record.fields.iter().map(|f| f.name.as_str()))
                            {
                                d = d.with_help(did_you_mean(best));
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
                    self.wrong(
                        node,
                        (
                            "a duration such as `3 months` or `30 days`",
                            "期限（如 `3 months` 或 `30 days`）",
                        ),
                        info,
                    );
                    None
                }
            },
            (Type::Any | Type::Error, _) => None,
            (_, _) => {
                let expected = match ty {
                    Type::Bool => ("`true` or `false`", "`true` 或 `false`"),
                    Type::Int => ("a whole number", "整数"),
                    Type::Decimal => ("a decimal number", "十进制数"),
                    Type::Money => AMOUNT,
                    Type::Date => ("a date (YYYY-MM-DD)", "日期（YYYY-MM-DD）"),
                    Type::Text => ("a string", "字符串"),
                    Type::Enum(_) => ("one of the enum's values", "该枚举的取值之一"),
                    Type::List(_) => ("a list", "列表"),
                    Type::Record(_) => ("a mapping of field names to values", "字段名称到值的映射"),
                    _ => ("a value of another type", "其他类型的值"),
                };
                self.wrong(node, expected, info);
                None
            }
        }
    }

    fn null_for_required(&mut self, node: &RawNode, ty: &Type, info: &FactInfo) {
        let (shown, shown_zh) = match ty {
            Type::Bool => ("bool", "bool"),
            Type::Int => ("int", "int"),
            Type::Decimal => ("decimal", "decimal"),
            Type::Money => ("money", "money"),
            Type::Date => ("date", "date"),
            Type::Duration => ("duration", "duration"),
            Type::Text => ("text", "text"),
            Type::Enum(_) => ("an enum", "枚举"),
            Type::List(_) => ("a list", "列表"),
            Type::Record(_) => ("a record", "记录"),
            _ => ("a value", "值"),
        };
        let sep = spaced(shown_zh);
        self.diagnostics.push(
            Diagnostic::new(
                Code::F009,
                msg!(
                    en: "`{}` is null, but it is not an optional fact",
                    zh: "`{}` 为 null，但它不是可选事实",
                    info.name
                ),
            )
            .with_primary(
                self.file,
                node.span,
                msg!(
                    en: "`{}` is {shown}, never absent",
                    zh: "`{}` 的类型是{sep}{shown_zh}，不会为“已知不存在”",
                    info.name
                ),
            )
            .with_help(msg!(
                en: "leave `{}` out if it is not known; null means \"known to be absent\", which only an `optional` fact can be",
                zh: "如果 `{}` 未知，请省略它；null 表示“已知不存在”，只有 `optional` 事实才能如此",
                info.name
            ))
            .with_note(msg!(
                en: "the rest of the record is evaluated, with this fact unknown",
                zh: "记录的其余部分照常评估，此事实视为未知"
            )),
        );
    }

    /// An amount in CNY: a whole number of fen, from 0 to
    /// [`money_max`] (F010 for a fraction of a fen, F011 out of range).
    fn money(&mut self, node: &RawNode, n: &str, info: &FactInfo) -> Option<Value> {
        match money(n) {
            Ok(d) => Some(Value::Money(d)),
            Err(MoneyError::NotANumber) => {
                self.wrong(node, AMOUNT, info);
                None
            }
            Err(MoneyError::Precision) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::F010,
                        msg!(
                            en: "`{}` is {}, finer than the fen",
                            zh: "`{}` 为 {}，精度细于分",
                            info.name,
                            n.trim()
                        ),
                    )
                    .with_primary(
                        self.file,
                        node.span,
                        msg!(en: "more than two decimal places", zh: "小数超过两位"),
                    )
                    .with_help(msg!(
                        en: "amounts in CNY are whole fen (分): give at most two decimal places, as the amount was booked",
                        zh: "人民币金额以分为最小单位：请按入账金额给出，最多两位小数"
                    ))
                    .with_note(msg!(
                        en: "tiaoli never rounds an input amount: a value finer than the fen is a mistake in the file, not a number to guess at",
                        zh: "tiaoli 从不对输入的金额取整：细于分的值是文件中的错误，而不是可以猜测的数字"
                    )),
                );
                None
            }
            Err(MoneyError::Range) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::F011,
                        msg!(
                            en: "`{}` is {}, outside the range of amounts",
                            zh: "`{}` 为 {}，超出金额的范围",
                            info.name,
                            n.trim()
                        ),
                    )
                    .with_primary(
                        self.file,
                        node.span,
                        msg!(
                            en: "must be between 0 and {} CNY",
                            zh: "必须在 0 到 {} 元之间",
                            money_max()
                        ),
                    )
                    .with_help(msg!(
                        en: "give the amount in CNY (yuan, not fen or another currency); amounts are never negative",
                        zh: "请以人民币元（而不是分或其他货币）给出金额；金额不能为负数"
                    )),
                );
                None
            }
        }
    }

    fn date(&mut self, node: &RawNode, s: &str, info: &FactInfo) -> Option<Value> {
        match jiff::civil::Date::from_str(s.trim()) {
            Ok(d) if s.trim().len() == 10 => Some(Value::Date(d)),
            Ok(_) | Err(_) => {
                let d = Diagnostic::new(
                    Code::F005,
                    msg!(
                        en: "`{s}` is not a valid date for `{}`",
                        zh: "`{s}` 不是 `{}` 的有效日期",
                        info.name
                    ),
                );
                self.diagnostics
                    .push(match tiaoli_diagnostics::no_such_date(s.trim()) {
                        // Written right, but no such day: why, in words
                        // (not the date library's parameter ranges).
                        Some(why) => d.with_primary(self.file, node.span, why),
                        None => d
                            .with_primary(
                                self.file,
                                node.span,
                                msg!(en: "expected YYYY-MM-DD", zh: "应为 YYYY-MM-DD"),
                            )
                            .with_note(msg!(
                                en: "dates are written YYYY-MM-DD",
                                zh: "日期写作 YYYY-MM-DD"
                            )),
                    });
                None
            }
        }
    }
}

/// What a money fact takes, for F004.
const AMOUNT: (&str, &str) = (
    "an amount in CNY (a number or a decimal string)",
    "以人民币元计的金额（数字或十进制数字符串）",
);

fn did_you_mean(best: &str) -> Msg {
    msg!(en: "did you mean `{best}`?", zh: "您是否想写 `{best}`？")
}

/// The space that goes between a Chinese word and `zh` when `zh` starts
/// with code or a Latin word (`必须是 `true``), none before Chinese.
fn spaced(zh: &str) -> &'static str {
    if zh.starts_with(|c: char| c.is_ascii()) {
        " "
    } else {
        ""
    }
}

enum MoneyError {
    NotANumber,
    /// More than two decimal places (not a whole number of fen).
    Precision,
    /// Negative, or above [`money_max`] (or too large for a decimal).
    Range,
}

/// A facility's amount, as written: a whole number of fen in
/// `0 ..= money_max()`.
fn money(n: &str) -> Result<Decimal, MoneyError> {
    let n = without_trailing_zeros(n.trim());
    let d = match Decimal::from_str_exact(n) {
        Ok(d) => d,
        Err(_) => match Decimal::from_str(n) {
            // Plain digits parsed only by rounding (more than a decimal
            // holds, D13): finer than the fen, never a number to round.
            Ok(_) if plain_decimal(n) => return Err(MoneyError::Precision),
            // The lenient forms only `from_str` reads (`1e5`, `1_000`).
            Ok(d) => d,
            // Digits that do not fit in a decimal are an amount out of
            // range, not something other than a number.
            Err(_) if plain_decimal(n) => return Err(MoneyError::Range),
            Err(_) => return Err(MoneyError::NotANumber),
        },
    };
    if d.is_sign_negative() && !d.is_zero() || d > money_max() {
        return Err(MoneyError::Range);
    }
    if !is_whole_fen(d) {
        return Err(MoneyError::Precision);
    }
    Ok(d)
}

/// A facility's decimal, exactly as written (`12.5`, `-3`, `1.5e3`); an
/// error for anything that is not a numeral or does not fit a decimal.
fn decimal(n: &str) -> Result<Decimal, ()> {
    let n = without_trailing_zeros(n.trim());
    // Exact: more significant digits than a decimal holds are an error
    // (F014), never silently rounded (D13).
    Decimal::from_str_exact(n)
        .or_else(|e| {
            if plain_decimal(n) {
                Err(e)
            } else {
                Decimal::from_str(n)
            }
        })
        .or_else(|e| {
            if n.contains(['e', 'E']) {
                Decimal::from_scientific(n)
            } else {
                Err(e)
            }
        })
        .map_err(|_| ())
}

/// `12.500` → `12.5`, `3.000` → `3`: zeros after the last significant
/// fractional digit add no precision, so they cannot make a number inexact.
fn without_trailing_zeros(n: &str) -> &str {
    if !plain_decimal(n) || !n.contains('.') {
        return n;
    }
    n.trim_end_matches('0').trim_end_matches('.')
}

/// `-?[0-9]+(\.[0-9]+)?`
fn plain_decimal(n: &str) -> bool {
    let digits = n.strip_prefix('-').unwrap_or(n);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// `YYYY-MM-DD` exactly, a valid date: what jiff parses it as, without
/// jiff's general parser. Anything else (other forms, invalid dates):
/// `None`, for jiff to judge.
fn iso_date(s: &str) -> Option<jiff::civil::Date> {
    let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
    let digit = |i: usize| b[i].is_ascii_digit().then(|| i16::from(b[i] - b'0'));
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digit(0)? * 1000 + digit(1)? * 100 + digit(2)? * 10 + digit(3)?;
    let month = digit(5)? * 10 + digit(6)?;
    let day = digit(8)? * 10 + digit(9)?;
    jiff::civil::Date::new(year, month as i8, day as i8).ok()
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

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;
    use tiaoli_check::SymbolId;

    use super::*;
    use crate::ir::{Named, Text2};
    use crate::schema::{EnumInfo, RecordInfo};

    fn fact(name: &str, ty: Type, bounds: Option<(i64, i64)>) -> FactInfo {
        FactInfo {
            name: name.to_owned(),
            ty,
            bounds,
            label: Text2::default(),
            cite: None,
        }
    }

    /// Every kind of fact, an enum and a record, and an enum and a record
    /// the schema does not have.
    fn schema() -> Schema {
        let opt = |t: Type| Type::Optional(Box::new(t));
        let list = |t: Type| Type::List(Box::new(t));
        let mut s = Schema::default();
        for f in [
            fact("id", Type::Text, None),
            fact("b", Type::Bool, None),
            fact("n", Type::Int, Some((1, 5))),
            fact("i", Type::Int, None),
            fact("d", Type::Decimal, None),
            fact("m", Type::Money, None),
            fact("date", Type::Date, None),
            fact("t", Type::Text, None),
            fact("e", Type::Enum(SymbolId(1)), None),
            fact("e_gone", Type::Enum(SymbolId(99)), None),
            fact("dur", Type::Duration, None),
            fact("o", opt(Type::Int), None),
            fact("ob", opt(Type::Bool), None),
            fact("ol", opt(list(Type::Int)), None),
            fact("l", list(Type::Int), None),
            fact("r", Type::Record(SymbolId(2)), None),
            fact("rl", list(Type::Record(SymbolId(2))), None),
            fact("r_gone", Type::Record(SymbolId(98)), None),
            fact("any", Type::Any, None),
        ] {
            s.facts.insert(f.name.clone(), f);
        }
        let named = |name: &str, zh: &str| Named {
            name: name.to_owned(),
            label: Text2 {
                zh: zh.to_owned(),
                en: String::new(),
            },
        };
        s.enums.insert(
            SymbolId(1),
            EnumInfo {
                name: "E".into(),
                variants: vec![named("a", "甲"), named("b", "乙")],
            },
        );
        s.records.insert(
            SymbolId(2),
            RecordInfo {
                name: "R".into(),
                fields: vec![
                    fact("x", Type::Money, None),
                    fact("y", Type::Bool, None),
                    fact("z", opt(Type::Text), None),
                    fact("w", Type::Any, None),
                ],
            },
        );
        s
    }

    const NUMBERS: &[&str] = &[
        "1",
        "3",
        "7",
        "-2",
        "0",
        "5.0",
        "1e3",
        "1.5",
        "99999999999999999999",
        "0x1",
        "abc",
    ];
    const STRINGS: &[&str] = &[
        "a",
        "甲",
        "b",
        "乙",
        "c",
        "2024-02-29",
        "2023-02-29",
        "2024-1-1",
        " 2024-01-01",
        "1.50",
        " 7 ",
        "3 months",
        "2 weeks",
        "1 fortnight",
        "",
        "12",
    ];
    const KEYS: &[&str] = &[
        "id", "b", "n", "i", "d", "m", "date", "t", "e", "e_gone", "dur", "o", "ob", "ol", "l",
        "r", "rl", "r_gone", "any", "nope", "x", "y", "z", "w",
    ];

    fn node(kind: RawKind) -> RawNode {
        RawNode {
            kind,
            span: TextRange::default(),
        }
    }

    fn raw_tree() -> impl Strategy<Value = RawNode> {
        let leaf = prop_oneof![
            Just(RawKind::Null),
            any::<bool>().prop_map(RawKind::Bool),
            prop::sample::select(NUMBERS).prop_map(|n| RawKind::Number(n.to_owned())),
            prop::sample::select(STRINGS).prop_map(|s| RawKind::Str(s.to_owned())),
        ]
        .prop_map(node);
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(|v| node(RawKind::List(v))),
                prop::collection::vec((prop::sample::select(KEYS), inner), 0..4).prop_map(
                    |entries| {
                        node(RawKind::Map(
                            entries
                                .into_iter()
                                .map(|(k, v)| {
                                    (
                                        RawKey {
                                            name: k.to_owned(),
                                            span: TextRange::default(),
                                        },
                                        v,
                                    )
                                })
                                .collect(),
                        ))
                    }
                ),
            ]
        })
    }

    fn record() -> impl Strategy<Value = RawNode> {
        prop::collection::vec((prop::sample::select(KEYS), raw_tree()), 0..10).prop_map(|entries| {
            node(RawKind::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| {
                        (
                            RawKey {
                                name: k.to_owned(),
                                span: TextRange::default(),
                            },
                            v,
                        )
                    })
                    .collect(),
            ))
        })
    }

    fn tokens<'a>(n: &'a RawNode, out: &mut Vec<Token<'a>>) {
        let at = out.len();
        let kind = match &n.kind {
            RawKind::Null => TokenKind::Null,
            RawKind::Bool(b) => TokenKind::Bool(*b),
            RawKind::Number(s) => TokenKind::Number(s),
            RawKind::Str(s) => TokenKind::Str {
                raw: s,
                escaped: false,
            },
            RawKind::List(items) => {
                out.push(Token {
                    kind: TokenKind::Null,
                    span: n.span,
                });
                for i in items {
                    tokens(i, out);
                }
                out[at].kind = TokenKind::List {
                    len: items.len() as u32,
                    end: out.len() as u32,
                };
                return;
            }
            RawKind::Map(entries) => {
                out.push(Token {
                    kind: TokenKind::Null,
                    span: n.span,
                });
                for (k, v) in entries {
                    out.push(Token {
                        kind: TokenKind::Key {
                            raw: &k.name,
                            escaped: false,
                        },
                        span: k.span,
                    });
                    tokens(v, out);
                }
                out[at].kind = TokenKind::Map {
                    len: entries.len() as u32,
                    end: out.len() as u32,
                };
                return;
            }
        };
        out.push(Token { kind, span: n.span });
    }

    fn distinct_keys(n: &RawNode) -> bool {
        match &n.kind {
            RawKind::List(items) => items.iter().all(distinct_keys),
            RawKind::Map(entries) => {
                let mut seen = HashMap::new();
                entries
                    .iter()
                    .all(|(k, v)| seen.insert(k.name.as_str(), ()).is_none() && distinct_keys(v))
            }
            _ => true,
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// Where `bind_tokens` binds a record, `bind` binds it the same,
        /// with no diagnostic, and the record has no duplicate key.
        #[test]
        fn bind_tokens_agrees_with_bind(root in record()) {
            let schema = schema();
            let mut toks = Vec::new();
            tokens(&root, &mut toks);
            let quick = bind_tokens(&schema, &toks, || "fallback".to_owned());
            let (slow, diags) = bind(&schema, FileId(0), &root, "fallback");
            if let Some(quick) = quick {
                prop_assert!(diags.is_empty(), "{diags:?}");
                prop_assert!(distinct_keys(&root));
                prop_assert_eq!(quick.id, slow.id);
                prop_assert_eq!(quick.facts, slow.facts);
            }
        }
    }

    /// The quick date reading agrees with jiff wherever it reads a date.
    #[test]
    fn iso_dates_read_as_jiff_reads_them() {
        let mut d = jiff::civil::date(2023, 12, 25);
        for _ in 0..900 {
            let s = d.to_string();
            assert_eq!(iso_date(&s), Some(d));
            d = d.tomorrow().unwrap_or(d);
        }
        for s in [
            "2023-02-29",
            "2024-02-30",
            "2024-13-01",
            "2024-00-10",
            "2024-01-00",
            "2024-1-01",
            "0000-01-01",
            "9999-12-31",
            "2024/01/01",
            "２０２４-01-01",
            "2024-01-01 ",
        ] {
            if let Some(d) = iso_date(s) {
                assert_eq!(jiff::civil::Date::from_str(s).ok(), Some(d), "{s}");
            } else {
                assert!(
                    s.len() != 10 || jiff::civil::Date::from_str(s).is_err() || !s.is_ascii(),
                    "{s}"
                );
            }
        }
    }

    /// Clean records take the quick way.
    #[test]
    fn clean_records_bind_quickly() {
        let schema = schema();
        let s = |v: &str| node(RawKind::Str(v.to_owned()));
        let n = |v: &str| node(RawKind::Number(v.to_owned()));
        let key = |k: &str| RawKey {
            name: k.to_owned(),
            span: TextRange::default(),
        };
        let root = node(RawKind::Map(vec![
            (key("id"), s("f-1")),
            (key("b"), node(RawKind::Bool(true))),
            (key("n"), n("3")),
            (key("m"), s("1.50")),
            (key("date"), s("2024-02-29")),
            (key("e"), s("乙")),
            (key("o"), node(RawKind::Null)),
            (
                key("rl"),
                node(RawKind::List(vec![node(RawKind::Map(vec![
                    (key("x"), n("100")),
                    (key("z"), node(RawKind::Null)),
                ]))])),
            ),
        ]));
        let mut toks = Vec::new();
        tokens(&root, &mut toks);
        let quick = bind_tokens(&schema, &toks, || "fallback".to_owned());
        let (slow, diags) = bind(&schema, FileId(0), &root, "fallback");
        assert!(diags.is_empty());
        let Some(quick) = quick else {
            unreachable!("a clean record is bound quickly")
        };
        assert_eq!(quick.id, "f-1");
        assert_eq!(quick.facts, slow.facts);
    }
}
