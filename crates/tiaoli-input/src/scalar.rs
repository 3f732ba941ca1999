//! How a scalar's text becomes a [`RawKind`]: the YAML 1.2 core schema for
//! plain YAML scalars (restricted to decimal numbers), the JSON literals for
//! JSON.

use tiaoli_eval::bind::RawKind;

/// A plain (unquoted) YAML scalar, resolved by the YAML 1.2 core schema:
/// `null`, `~` and nothing are null; `true`/`false` (also `True`, `TRUE`…)
/// are booleans; decimal numerals are numbers, kept as written; everything
/// else is a string. Hexadecimal and octal integers and `.inf`/`.nan` are
/// strings: no facility fact is written that way, and keeping them as text
/// gives a clearer message than a number that is not a number.
pub(crate) fn resolve_plain_yaml(text: &str) -> RawKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => RawKind::Null,
        "true" | "True" | "TRUE" => RawKind::Bool(true),
        "false" | "False" | "FALSE" => RawKind::Bool(false),
        _ if is_yaml_number(text) => RawKind::Number(text.to_owned()),
        _ => RawKind::Str(text.to_owned()),
    }
}

/// A plain JSON token: `null`, `true`, `false` or a JSON number; anything
/// else (an unquoted word) is not JSON.
pub(crate) fn resolve_plain_json(text: &str) -> Option<RawKind> {
    match text {
        "null" => Some(RawKind::Null),
        "true" => Some(RawKind::Bool(true)),
        "false" => Some(RawKind::Bool(false)),
        _ if is_json_number(text) => Some(RawKind::Number(text.to_owned())),
        _ => None,
    }
}

/// `[-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?`,
/// the YAML 1.2 core schema's decimal integers and floats.
pub(crate) fn is_yaml_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let int_digits = digits(b, &mut i);
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = digits(b, &mut i);
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    exponent(b, &mut i) && i == b.len()
}

/// `-? (0 | [1-9][0-9]*) (\. [0-9]+)? ([eE] [-+]? [0-9]+)?` (RFC 8259).
pub(crate) fn is_json_number(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'-') {
        i += 1;
    }
    let start = i;
    let int_digits = digits(b, &mut i);
    if int_digits == 0 || (int_digits > 1 && b.get(start) == Some(&b'0')) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(b, &mut i) == 0 {
            return false;
        }
    }
    exponent(b, &mut i) && i == b.len()
}

fn digits(b: &[u8], i: &mut usize) -> usize {
    let start = *i;
    while b.get(*i).is_some_and(u8::is_ascii_digit) {
        *i += 1;
    }
    *i - start
}

/// An optional exponent; false if it is started but malformed.
fn exponent(b: &[u8], i: &mut usize) -> bool {
    if !matches!(b.get(*i), Some(b'e' | b'E')) {
        return true;
    }
    *i += 1;
    if matches!(b.get(*i), Some(b'+' | b'-')) {
        *i += 1;
    }
    digits(b, i) > 0
}

/// `true` for the YAML 1.2 core schema's booleans (for `!!bool`).
pub(crate) fn yaml_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_numbers() {
        for n in [
            "0",
            "12",
            "-3",
            "+4",
            "007",
            "1.5",
            "1.",
            ".5",
            "-.5",
            "1e3",
            "1E-3",
            "2.5e+10",
            "12345678901234567.89",
        ] {
            assert!(is_yaml_number(n), "{n}");
        }
        for n in [
            "",
            "-",
            ".",
            "+.",
            "1e",
            "1e+",
            "0x1F",
            "0o17",
            ".inf",
            ".nan",
            "1_000",
            "1.2.3",
            "2024-03-01",
            "1 ",
            " 1",
            "١٢",
        ] {
            assert!(!is_yaml_number(n), "{n}");
        }
    }

    #[test]
    fn json_numbers() {
        for n in [
            "0", "-0", "12", "-3", "1.5", "0.5", "1e3", "1E-3", "2.5e+10",
        ] {
            assert!(is_json_number(n), "{n}");
        }
        for n in ["", "-", "+4", "007", "01", "1.", ".5", "1e", "NaN", "0x1F"] {
            assert!(!is_json_number(n), "{n}");
        }
    }

    #[test]
    fn plain_yaml_scalars() {
        assert_eq!(resolve_plain_yaml("~"), RawKind::Null);
        assert_eq!(resolve_plain_yaml("NULL"), RawKind::Null);
        assert_eq!(resolve_plain_yaml("True"), RawKind::Bool(true));
        // YAML 1.1 booleans are strings in YAML 1.2.
        assert_eq!(resolve_plain_yaml("yes"), RawKind::Str("yes".into()));
        assert_eq!(resolve_plain_yaml("no"), RawKind::Str("no".into()));
        assert_eq!(
            resolve_plain_yaml("2024-03-01"),
            RawKind::Str("2024-03-01".into())
        );
        assert_eq!(resolve_plain_yaml("1.50"), RawKind::Number("1.50".into()));
    }
}
