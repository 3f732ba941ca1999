//! Which keywords may start a member of each kind of block, read from
//! `grammar/tiaoli.pest` itself (with pest's own grammar parser) rather
//! than listed by hand: a member added to the grammar is offered at once.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use pest_meta::ast::{Expr, Rule};

const GRAMMAR: &str = include_str!("../../../grammar/tiaoli.pest");

/// Grammar rule name → its expression.
fn rules() -> &'static BTreeMap<String, Expr> {
    static RULES: OnceLock<BTreeMap<String, Expr>> = OnceLock::new();
    RULES.get_or_init(|| {
        let parsed = pest_meta::parser::parse(pest_meta::parser::Rule::grammar_rules, GRAMMAR)
            .ok()
            .and_then(|pairs| pest_meta::parser::consume_rules(pairs).ok())
            .unwrap_or_default();
        parsed
            .into_iter()
            .map(|Rule { name, expr, .. }| (name, expr))
            .collect()
    })
}

/// The keywords that may begin a member of the block a grammar rule
/// opens with `{` (`"obligation"` → `bearer`, `requires`, `in force` …;
/// `"file"` for the top level: item keywords), sorted.
pub(crate) fn member_keywords(rule: &str) -> Vec<String> {
    let rules = rules();
    let Some(expr) = rules.get(rule) else {
        return Vec::new();
    };
    let mut members = Vec::new();
    repeated(expr, &mut members);
    let mut out = BTreeSet::new();
    for m in members {
        first_words(m, rules, 0, &mut out);
    }
    out.into_iter().collect()
}

/// The expressions under a repetition (`(a | b)*`): a block's members.
fn repeated<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
    match expr {
        Expr::Rep(inner) | Expr::RepOnce(inner) => out.push(inner),
        Expr::Seq(a, b) | Expr::Choice(a, b) => {
            repeated(a, out);
            repeated(b, out);
        }
        Expr::Opt(inner) => repeated(inner, out),
        _ => {}
    }
}

/// The word literals an expression can begin with (`depth` bounds the walk
/// through rules: pest nests each `~` and `|`). A keyword made of two
/// words (`in force`, `is absent`) is given whole.
fn first_words(
    expr: &Expr,
    rules: &BTreeMap<String, Expr>,
    depth: u32,
    out: &mut BTreeSet<String>,
) {
    if depth > 64 {
        return;
    }
    match expr {
        Expr::Str(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic() || c == '_') => {
            out.insert(s.clone());
        }
        Expr::Ident(name) => match name.as_str() {
            "in_force_kw" => {
                out.insert("in force".to_owned());
            }
            "ident" | "path_name" | "expr" => {}
            _ => {
                if let Some(e) = rules.get(name) {
                    first_words(e, rules, depth + 1, out);
                }
            }
        },
        Expr::Seq(a, b) => {
            first_words(a, rules, depth + 1, out);
            if nullable(a, rules, depth + 1) {
                first_words(b, rules, depth + 1, out);
            }
        }
        Expr::Choice(a, b) => {
            first_words(a, rules, depth + 1, out);
            first_words(b, rules, depth + 1, out);
        }
        Expr::Opt(e) | Expr::Rep(e) | Expr::RepOnce(e) | Expr::Push(e) => {
            first_words(e, rules, depth + 1, out);
        }
        _ => {}
    }
}

fn nullable(expr: &Expr, rules: &BTreeMap<String, Expr>, depth: u32) -> bool {
    if depth > 64 {
        return false;
    }
    match expr {
        Expr::Opt(_) | Expr::Rep(_) | Expr::PosPred(_) | Expr::NegPred(_) => true,
        Expr::Seq(a, b) => nullable(a, rules, depth + 1) && nullable(b, rules, depth + 1),
        Expr::Choice(a, b) => nullable(a, rules, depth + 1) || nullable(b, rules, depth + 1),
        Expr::Ident(name) => rules
            .get(name)
            .is_some_and(|e| nullable(e, rules, depth + 1)),
        _ => false,
    }
}

/// The words after which an expression starts (`requires`, `when`, `and`,
/// `then`, `in` …): every word the grammar writes just before an
/// expression, found in each rule's sequences. Sorted.
pub(crate) fn before_expression() -> &'static [String] {
    static WORDS: OnceLock<Vec<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let rules = rules();
        let mut out = BTreeSet::new();
        for e in rules.values() {
            before_expr_in(e, rules, &mut out);
        }
        out.into_iter().collect()
    })
}

fn before_expr_in(expr: &Expr, rules: &BTreeMap<String, Expr>, out: &mut BTreeSet<String>) {
    match expr {
        Expr::Seq(a, b) => {
            if starts_expression(b, rules, 0) {
                last_words(a, rules, 0, out);
            }
            before_expr_in(a, rules, out);
            before_expr_in(b, rules, out);
        }
        Expr::Choice(a, b) => {
            before_expr_in(a, rules, out);
            before_expr_in(b, rules, out);
        }
        Expr::Opt(e) | Expr::Rep(e) | Expr::RepOnce(e) | Expr::Push(e) => {
            before_expr_in(e, rules, out);
        }
        _ => {}
    }
}

/// Whether `expr` begins with an expression (or with what an expression
/// begins with, inside the `expr` rule: a prefix operator, a primary).
fn starts_expression(expr: &Expr, rules: &BTreeMap<String, Expr>, depth: u32) -> bool {
    if depth > 64 {
        return false;
    }
    match expr {
        Expr::Ident(name) => match name.as_str() {
            "expr" | "primary" | "prefix" => true,
            "ident" | "path_name" => false,
            _ => rules
                .get(name)
                .is_some_and(|e| starts_expression(e, rules, depth + 1)),
        },
        Expr::Seq(a, b) => {
            starts_expression(a, rules, depth + 1)
                || (nullable(a, rules, depth + 1) && starts_expression(b, rules, depth + 1))
        }
        Expr::Choice(a, b) => {
            starts_expression(a, rules, depth + 1) || starts_expression(b, rules, depth + 1)
        }
        Expr::Opt(e) | Expr::Rep(e) | Expr::RepOnce(e) | Expr::Push(e) => {
            starts_expression(e, rules, depth + 1)
        }
        _ => false,
    }
}

/// The words `expr` can end with (a keyword rule's word: `op_and` ends
/// with `and`), not looking into expressions or names.
fn last_words(expr: &Expr, rules: &BTreeMap<String, Expr>, depth: u32, out: &mut BTreeSet<String>) {
    if depth > 64 {
        return;
    }
    match expr {
        Expr::Str(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphabetic() || c == '_') => {
            out.insert(s.clone());
        }
        Expr::Ident(name) => match name.as_str() {
            "expr" | "primary" | "ident" | "path_name" => {}
            _ => {
                if let Some(e) = rules.get(name) {
                    last_words(e, rules, depth + 1, out);
                }
            }
        },
        // `"and" ~ !XID_CONTINUE`: a predicate matches nothing.
        Expr::Seq(a, b) if matches!(**b, Expr::NegPred(_) | Expr::PosPred(_)) => {
            last_words(a, rules, depth + 1, out);
        }
        Expr::Seq(a, b) => {
            last_words(b, rules, depth + 1, out);
            if nullable(b, rules, depth + 1) {
                last_words(a, rules, depth + 1, out);
            }
        }
        Expr::Choice(a, b) => {
            last_words(a, rules, depth + 1, out);
            last_words(b, rules, depth + 1, out);
        }
        Expr::Opt(e) | Expr::Rep(e) | Expr::RepOnce(e) | Expr::Push(e) => {
            last_words(e, rules, depth + 1, out);
        }
        _ => {}
    }
}

/// The grammar rule of the block that a keyword opens with `{`.
pub(crate) fn block_rule(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "chapter" => "chapter",
        "article" => "article",
        "para" => "para",
        "item" => "para_item",
        "fact" | "meta" => "fact_decl",
        "enum" => "enum_decl",
        "record" => "record_decl",
        "field" => "field_decl",
        "party" => "party_decl",
        "measure" => "measure_decl",
        "determination" => "determination",
        "obligation" => "obligation",
        "prohibition" => "prohibition",
        "penalty" => "penalty",
        "escalate" => "escalate",
        "exception" => "exception",
        "extension" => "extension",
        "factor" => "factor_decl",
        "implement" => "implement",
        "test" => "test_decl",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_come_from_the_grammar() {
        assert_eq!(
            member_keywords("obligation"),
            [
                "applies", "bearer", "cite", "due", "in force", "reading", "requires", "title",
                "unless"
            ]
        );
        let top = member_keywords("file");
        for k in [
            "article",
            "chapter",
            "fact",
            "meta",
            "enum",
            "test",
            "implement",
        ] {
            assert!(top.iter().any(|t| t == k), "{k} in {top:?}");
        }
        let article = member_keywords("article");
        for k in [
            "title",
            "text",
            "para",
            "obligation",
            "penalty",
            "in force",
            "applies",
        ] {
            assert!(article.iter().any(|t| t == k), "{k} in {article:?}");
        }
        assert!(member_keywords("penalty").iter().any(|k| k == "may"));
        assert_eq!(member_keywords("test_decl"), ["as_of", "expect", "given"]);
    }

    #[test]
    fn the_words_before_an_expression_come_from_the_grammar() {
        // Each member keyword or operator an expression follows, and no
        // other word (`applies` is followed by `when`, not an expression);
        // a clause added to the grammar joins at once.
        assert_eq!(
            before_expression(),
            [
                "after",
                "and",
                "decide",
                "default",
                "due",
                "else",
                "every",
                "forbids",
                "if",
                "in",
                "key",
                "not",
                "or",
                "otherwise",
                "requires",
                "since",
                "then",
                "times",
                "unless",
                "value",
                "when",
                "where",
            ]
        );
    }
}
