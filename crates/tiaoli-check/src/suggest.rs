//! "did you mean": the closest candidate by edit distance, if close enough.
//! Callers attach it with `Diagnostic::with_did_you_mean`, which gives the
//! help text and the fix replacing the misspelt name.

pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::osa_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_near_miss() {
        assert_eq!(
            closest("last_assesment_date", ["last_assessment_date", "sector"]),
            Some("last_assessment_date")
        );
        assert_eq!(closest("zzz", ["sector"]), None);
    }
}
