//! "Did you mean" suggestions and English list formatting for help texts.

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo: at most one edit for short words, a third of the length for longer
/// ones, or one is a prefix of the other (`package` for `pack`). Ties go to
/// the earlier candidate.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let lower = word.to_ascii_lowercase();
        let prefix =
            lower.len() >= 3 && (candidate.starts_with(&lower) || lower.starts_with(candidate));
        let distance = if candidate.eq_ignore_ascii_case(word) {
            0
        } else if prefix {
            limit
        } else {
            distance(&lower, candidate)
        };
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance in characters, counting an insertion, a deletion, a
/// substitution or a swap of two neighbours as one edit (optimal string
/// alignment distance).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        d[i * width] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * width + j] + 1)
                .min(d[i * width + j - 1] + 1)
                .min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = best;
        }
    }
    d[a.len() * width + b.len()]
}

/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` `` (or `or` as the last
/// joiner).
pub(crate) fn list<S: AsRef<str>>(items: &[S], joiner: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {joiner} {last}", rest.join(", ")),
    }
}

/// [`list`] in Chinese: `` `a`、`b` 和 `c` `` (`joiner` is `和` or `或`).
pub(crate) fn list_zh<S: AsRef<str>>(items: &[S], joiner: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {joiner} {last}", rest.join("、")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("运营者", "运营"), 1);
        assert_eq!(distance("nmae", "name"), 1);
    }

    #[test]
    fn suggests_close_names_only() {
        let fields = ["name", "version", "kind", "effective"];
        assert_eq!(closest("nmae", fields), Some("name"));
        assert_eq!(closest("verison", fields), Some("version"));
        assert_eq!(closest("Kind", fields), Some("kind"));
        assert_eq!(closest("description", fields), None);
        assert_eq!(closest("package", ["pack", "dependencies"]), Some("pack"));
        assert_eq!(
            closest("dep", ["pack", "dependencies"]),
            Some("dependencies")
        );
        assert_eq!(closest("na", ["name"]), None);
        assert_eq!(closest("name", fields), None);
    }

    #[test]
    fn lists_read_as_english() {
        assert_eq!(list::<&str>(&[], "and"), "");
        assert_eq!(list(&["a"], "and"), "`a`");
        assert_eq!(list(&["a", "b"], "or"), "`a` or `b`");
        assert_eq!(list(&["a", "b", "c"], "and"), "`a`, `b` and `c`");
        assert_eq!(list_zh(&["a", "b", "c"], "和"), "`a`、`b` 和 `c`");
        assert_eq!(list_zh(&["a"], "或"), "`a`");
    }
}
