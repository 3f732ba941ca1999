//! Skeletons of the common items, as snippets (`$1`, `${1:default}`,
//! `$0` for the last stop). Filled with their defaults, each parses in the
//! block it is offered in (tested).

#[derive(Debug)]
pub(crate) struct Snippet {
    pub label: &'static str,
    pub detail: &'static str,
    pub body: &'static str,
}

const ARTICLE: Snippet = Snippet {
    label: "article",
    detail: "article skeleton: number, title and text",
    body: "article ${1:1} {\n  title zh \"${2:标题}\" en \"${3:Title}\"\n  text zh \"${4:条文}\" en \"${5:Text}\"\n  $0\n}",
};

const TEST: Snippet = Snippet {
    label: "test",
    detail: "pack test skeleton: as_of, given, expect",
    body: "test \"${1:what it shows}\" {\n  as_of ${2:2025-06-01}\n  given {\n    ${3:fact} = ${4:true}\n  }\n  expect ${5:rule} is ${6:satisfied}\n}",
};

const OBLIGATION: Snippet = Snippet {
    label: "obligation",
    detail: "obligation skeleton: title, bearer, requires",
    body: "obligation ${1:name} {\n  title zh \"${2:义务}\" en \"${3:Duty}\"\n  bearer ${4:operator}\n  requires ${0:facility.fact}\n}",
};

const PENALTY: Snippet = Snippet {
    label: "penalty",
    detail: "penalty skeleton: addressee, trigger, fine",
    body: "penalty ${1:name} {\n  title zh \"${2:处罚}\" en \"${3:Penalty}\"\n  addressee ${4:operator}\n  trigger ${5:rule}\n  fine ${6:operator} ${7:10_000} CNY ..= ${8:100_000} CNY\n}",
};

/// The snippets offered at the start of a member of a block (by grammar
/// rule: `file` for the top level).
pub(crate) fn for_block(rule: &str) -> &'static [Snippet] {
    match rule {
        "file" => &[ARTICLE, TEST],
        "article" => &[OBLIGATION, PENALTY],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snippet with each placeholder replaced by its default (or
    /// nothing).
    fn filled(body: &str) -> String {
        let mut out = String::new();
        let mut rest = body;
        while let Some(i) = rest.find('$') {
            out.push_str(&rest[..i]);
            rest = &rest[i + 1..];
            if let Some(inner) = rest.strip_prefix('{') {
                let end = inner.find('}').unwrap_or(inner.len());
                let default = inner[..end].split_once(':').map_or("", |(_, d)| d);
                out.push_str(default);
                rest = inner.get(end + 1..).unwrap_or("");
            } else {
                rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            }
        }
        out.push_str(rest);
        out
    }

    fn parses_clean(text: &str) {
        let p = tiaoli_syntax::parse(text, tiaoli_text::FileId(0));
        assert!(p.diagnostics.is_empty(), "{text}\n{:#?}", p.diagnostics);
        assert_eq!(p.file.items.len(), 1, "{text}");
    }

    #[test]
    fn top_level_snippets_parse() {
        for s in for_block("file") {
            parses_clean(&filled(s.body));
        }
    }

    #[test]
    fn article_member_snippets_parse_inside_an_article() {
        for s in for_block("article") {
            let body = filled(s.body).replace('\n', "\n  ");
            parses_clean(&format!(
                "article 1 {{\n  title zh \"条\" en \"A\"\n  {body}\n}}\n"
            ));
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(filled("a ${1:x} $2 b$0"), "a x  b");
    }
}
