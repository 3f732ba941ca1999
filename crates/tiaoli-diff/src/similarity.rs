//! How alike two texts are: the Dice coefficient over their pairs of
//! adjacent characters, letters and digits only (so punctuation and layout
//! do not count), which suits Chinese, where words are not spaced.

use std::collections::HashMap;

/// 1 for the same words, 0 for nothing in common.
pub fn alike(a: &str, b: &str) -> f64 {
    let (x, y) = (pairs(a), pairs(b));
    let total: usize = x.values().sum::<usize>() + y.values().sum::<usize>();
    if total == 0 {
        return if a.trim() == b.trim() { 1.0 } else { 0.0 };
    }
    let shared: usize = x
        .iter()
        .map(|(p, n)| (*n).min(y.get(p).copied().unwrap_or(0)))
        .sum();
    2.0 * shared as f64 / total as f64
}

fn pairs(s: &str) -> HashMap<(char, char), usize> {
    let chars: Vec<char> = s
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let mut out = HashMap::new();
    for w in chars.windows(2) {
        if let [a, b] = w {
            *out.entry((*a, *b)).or_insert(0) += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::alike;

    #[test]
    fn the_same_words_are_alike_whatever_the_punctuation() {
        assert!((alike("运营者应当，建立制度。", "运营者应当建立制度") - 1.0).abs() < 1e-9);
        assert!(
            alike(
                "运营者应当建立健全网络安全保护制度",
                "运营者应当建立网络安全保护制度"
            ) > 0.8
        );
        assert!(alike("运营者应当建立制度", "国家鼓励网络安全产业发展") < 0.2);
        assert_eq!(alike("", ""), 1.0);
        assert_eq!(alike("甲乙", ""), 0.0);
    }
}
