//! The citation forms `tiaoli explain` accepts: every form the tool prints
//! (`art. 39(1)(8)` in reports, `art39.1.8` in JSON) and the official text
//! uses (`第三十九条第一款第八项`), so that a citation can be pasted back.

/// An article, and optionally one of its paragraphs and one of that
/// paragraph's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cited {
    pub article: u32,
    pub para: Option<u32>,
    pub item: Option<u32>,
}

const FORMS: &str = "an article is cited as art17, art. 17 or 第十七条; a paragraph as art39.1, art. 39(1) or 第三十九条第一款; an item as art39.1.8, art. 39(1)(8) or 第三十九条第一款第八项";

/// `Ok(None)` when `s` is not written as an article (a rule name, say); an
/// error when it starts as one but the rest is not a citation.
pub fn parse(s: &str) -> Result<Option<Cited>, String> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix('第') {
        return chinese(s, rest).map(Some);
    }
    let lower = s.to_lowercase();
    let rest = ["article", "art.", "art"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .unwrap_or(&lower)
        .trim_start();
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return Ok(None);
    }
    let (head, tail) = rest.split_at(digits);
    let article = number(s, head)?;
    let parts = if tail.is_empty() {
        Vec::new()
    } else if let Some(dotted) = tail.strip_prefix('.') {
        dotted.split('.').collect()
    } else if tail.starts_with('(') && tail.ends_with(')') {
        tail[1..tail.len() - 1].split(")(").collect()
    } else if head.len() == rest.len() {
        Vec::new()
    } else {
        // `art17x`, `17abc`: a rule name that starts with digits cannot
        // exist, so this is a mistyped citation.
        return Err(format!("`{s}` is not a citation: {FORMS}"));
    };
    build(s, article, &parts)
}

fn build(s: &str, article: u32, parts: &[&str]) -> Result<Option<Cited>, String> {
    if parts.len() > 2 {
        return Err(format!("`{s}` is not a citation: {FORMS}"));
    }
    let mut nums = Vec::new();
    for (k, p) in parts.iter().enumerate() {
        match p.trim().parse::<u32>() {
            Ok(n) if !p.trim().is_empty() && p.trim().chars().all(|c| c.is_ascii_digit()) => {
                nums.push(n);
            }
            _ => {
                let what = if k == 0 { "a paragraph" } else { "an item" };
                return Err(format!(
                    "`{s}` is not a citation: `{p}` is not {what} number ({FORMS})"
                ));
            }
        }
    }
    Ok(Some(Cited {
        article,
        para: nums.first().copied(),
        item: nums.get(1).copied(),
    }))
}

fn number(s: &str, digits: &str) -> Result<u32, String> {
    digits
        .parse()
        .map_err(|_| format!("`{s}`: article {digits} does not exist"))
}

/// `第17条`, `第十七条`, `第39条第1款第8项`, `第三十九条第一款第八项`
/// (after the first `第`).
fn chinese(s: &str, rest: &str) -> Result<Cited, String> {
    let not = || format!("`{s}` is not a citation: {FORMS}");
    let (art, mut rest) = rest.split_once('条').ok_or_else(not)?;
    let article = zh_number(art).ok_or_else(not)?;
    let mut take = |unit: char| -> Result<Option<u32>, String> {
        let Some(r) = rest.strip_prefix('第') else {
            return Ok(None);
        };
        let (n, after) = r.split_once(unit).ok_or_else(not)?;
        rest = after;
        zh_number(n).map(Some).ok_or_else(not)
    };
    let para = take('款')?;
    let item = if para.is_some() { take('项')? } else { None };
    if !rest.trim().is_empty() {
        return Err(not());
    }
    Ok(Cited {
        article,
        para,
        item,
    })
}

/// `17` or `十七`, `三十九`, `一百零五` (below ten thousand).
fn zh_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok().filter(|n| *n > 0);
    }
    let (mut total, mut digit, mut last_digit) = (0u32, None::<u32>, false);
    for c in s.chars() {
        let d = match c {
            '零' | '〇' => Some(0),
            '一' => Some(1),
            '二' | '两' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        };
        if let Some(d) = d {
            // Two digits in a row (`一二`) is not how a number is written,
            // except after a zero (`一百零五`).
            if last_digit && digit != Some(0) {
                return None;
            }
            digit = Some(d);
            last_digit = true;
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += digit.unwrap_or(1) * unit;
        digit = None;
        last_digit = false;
    }
    let n = total + digit.unwrap_or(0);
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(article: u32, para: Option<u32>, item: Option<u32>) -> Option<Cited> {
        Some(Cited {
            article,
            para,
            item,
        })
    }

    #[test]
    fn every_printed_form_parses() {
        for (form, want) in [
            ("art17", cited(17, None, None)),
            ("art. 17", cited(17, None, None)),
            ("Art17", cited(17, None, None)),
            ("Art. 17", cited(17, None, None)),
            ("article 17", cited(17, None, None)),
            ("17", cited(17, None, None)),
            ("第17条", cited(17, None, None)),
            ("第十七条", cited(17, None, None)),
            ("art39.1.8", cited(39, Some(1), Some(8))),
            ("art. 39(1)(8)", cited(39, Some(1), Some(8))),
            ("art. 39(1)", cited(39, Some(1), None)),
            ("第39条第1款第8项", cited(39, Some(1), Some(8))),
            ("第三十九条第一款第八项", cited(39, Some(1), Some(8))),
            ("第三十九条第一款", cited(39, Some(1), None)),
            ("第一百零五条", cited(105, None, None)),
            ("第十条", cited(10, None, None)),
            ("第二十条", cited(20, None, None)),
        ] {
            assert_eq!(parse(form), Ok(want), "{form}");
        }
    }

    #[test]
    fn rule_names_are_not_citations_and_broken_citations_are_errors() {
        assert_eq!(parse("annual_assessment"), Ok(None));
        assert_eq!(parse("cii"), Ok(None));
        for bad in [
            "art17.x",
            "art17.1.1.1",
            "art. 39(1",
            "第十七",
            "第一二条",
            "第17条第x款",
            "第17条第1款第8项后",
        ] {
            assert!(parse(bad).is_err(), "{bad} accepted");
        }
    }
}
