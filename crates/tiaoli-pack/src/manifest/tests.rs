use proptest::prelude::*;
use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_text::FileId;

use super::*;

const GOOD: &str = r#"# The regulation pack.
[pack]
name = "decree-745"
version = "1.0.0"
kind = "regulation"
effective = "2021-09-01"
model = true

[pack.title]
zh = "关键信息基础设施安全保护条例"
en = "Regulation on Protecting the Security of Critical Information Infrastructure"

[pack.issuer]
zh = "国务院"
en = "State Council"

[dependencies]
zeta = "^1.0"
alpha = { version = ">=1.2, <2", path = "../alpha" }
"#;

/// The header and required fields of a pack, for tests that vary the rest.
const HEAD: &str = r#"[pack]
name = "p"
version = "1.0.0"
kind = "regulation"
effective = "2021-09-01"
title = { zh = "题", en = "Title" }
issuer = { zh = "国务院", en = "State Council" }
"#;

fn good(text: &str) -> Manifest {
    match parse_manifest(text, FileId(3)) {
        Ok(m) => m,
        Err(diags) => panic!("unexpected diagnostics: {diags:#?}"),
    }
}

fn bad(text: &str) -> Vec<Diagnostic> {
    match parse_manifest(text, FileId(3)) {
        Ok(m) => panic!("expected diagnostics, parsed {m:#?}"),
        Err(diags) => {
            assert!(!diags.is_empty());
            for d in &diags {
                assert!(!d.labels.is_empty(), "{d:#?}");
                assert!(d.labels.iter().all(|l| l.file == FileId(3)));
                assert!(!d.message.ends_with('.'), "{}", d.message);
                assert!(d.message.starts_with(|c: char| !c.is_ascii_uppercase()));
                // Every message reads in Chinese too (`--lang zh`).
                let zh = d.message.zh();
                assert!(
                    zh != d.message.en()
                        && zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "no Chinese text: {:?}",
                    d.message
                );
            }
            diags
        }
    }
}

/// The one diagnostic of a bad manifest.
fn one(text: &str) -> Diagnostic {
    let diags = bad(text);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    diags.into_iter().next().unwrap_or_else(|| unreachable!())
}

/// (text under the label, label message) of each label.
fn labels<'t>(text: &'t str, d: &Diagnostic) -> Vec<(&'t str, String)> {
    d.labels
        .iter()
        .map(|l| (&text[l.range.as_range()], l.message.en().to_owned()))
        .collect()
}

fn primary<'t>(text: &'t str, d: &Diagnostic) -> (&'t str, String) {
    let l = d.primary().unwrap_or_else(|| unreachable!());
    (&text[l.range.as_range()], l.message.en().to_owned())
}

fn with_pack_field(old: &str, new: &str) -> String {
    assert!(HEAD.contains(old));
    HEAD.replacen(old, new, 1)
}

#[test]
fn good_manifest() {
    let m = good(GOOD);
    assert_eq!(m.name, "decree-745");
    assert_eq!(m.ident(), "decree_745");
    assert_eq!(&GOOD[m.name_span.as_range()], "\"decree-745\"");
    assert_eq!(m.version, Version::new(1, 0, 0));
    assert_eq!(&GOOD[m.version_span.as_range()], "\"1.0.0\"");
    assert_eq!(m.kind, PackKind::Regulation);
    assert_eq!(&GOOD[m.kind_span.as_range()], "\"regulation\"");
    assert_eq!(m.effective, jiff::civil::date(2021, 9, 1));
    assert!(m.model);
    assert_eq!(m.title.zh, "关键信息基础设施安全保护条例");
    assert_eq!(
        m.title.en,
        "Regulation on Protecting the Security of Critical Information Infrastructure"
    );
    assert_eq!(
        m.issuer,
        Bilingual {
            zh: "国务院".into(),
            en: "State Council".into()
        }
    );
    assert_eq!(m.file, FileId(3));

    // In the order written, not sorted.
    let names: Vec<&str> = m.dependencies.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["zeta", "alpha"]);
    let zeta = &m.dependencies[0];
    assert_eq!(zeta.req, VersionReq::parse("^1.0").unwrap_or_default());
    assert_eq!(zeta.path, None);
    assert_eq!(&GOOD[zeta.name_span.as_range()], "zeta");
    assert_eq!(&GOOD[zeta.req_span.as_range()], "\"^1.0\"");
    assert_eq!(&GOOD[zeta.span.as_range()], "zeta = \"^1.0\"");
    let alpha = m.dependency("alpha").unwrap_or_else(|| unreachable!());
    assert_eq!(alpha.path.as_deref(), Some("../alpha"));
    assert_eq!(&GOOD[alpha.req_span.as_range()], "\">=1.2, <2\"");
    assert_eq!(
        &GOOD[alpha.span.as_range()],
        "alpha = { version = \">=1.2, <2\", path = \"../alpha\" }"
    );
}

#[test]
fn citation_style_parts_and_its_default() {
    assert_eq!(good(HEAD).citation, CitationStyle::Articles);
    let text = with_pack_field("kind", "citation = \"parts\"\nkind");
    assert_eq!(good(&text).citation, CitationStyle::Parts);
    let text = with_pack_field("kind", "citation = \"part\"\nkind");
    let d = one(&text);
    assert_eq!(d.code, Code::M001);
    assert_eq!(d.message, "unknown citation style `part`");
    assert_eq!(d.help.as_deref(), Some("did you mean `parts`?"));
}

#[test]
fn minimal_manifest_defaults() {
    let m = good(HEAD);
    assert!(!m.model);
    assert!(m.dependencies.is_empty());
    assert_eq!(m.ident(), "p");
}

#[test]
fn dependency_as_a_table_header() {
    let text = format!("{HEAD}\n[dependencies.decree-745]\nversion = \"^1.0\"\npath = \"../x\"\n");
    let m = good(&text);
    assert_eq!(m.dependencies.len(), 1);
    assert_eq!(m.dependencies[0].name, "decree-745");
    assert_eq!(m.dependencies[0].path.as_deref(), Some("../x"));
    assert_eq!(&text[m.dependencies[0].req_span.as_range()], "\"^1.0\"");
}

#[test]
fn the_repository_manifest_parses() {
    let text = include_str!("../../../../policies/decree-745/tiaoli.toml");
    let m = good(text);
    assert_eq!(m.name, "decree-745");
    assert_eq!(m.kind, PackKind::Regulation);
    assert_eq!(m.version, Version::new(1, 0, 0));
    assert_eq!(m.effective, jiff::civil::date(2021, 9, 1));
    assert!(!m.model);
    assert_eq!(m.issuer.en, "State Council");
    assert!(m.dependencies.is_empty());
}

#[test]
fn kinds_round_trip() {
    for kind in PackKind::ALL {
        assert_eq!(kind.as_str().parse::<PackKind>(), Ok(kind));
        assert_eq!(kind.to_string(), kind.as_str());
    }
    assert_eq!("Sector".parse::<PackKind>(), Err(()));
}

// ---- M001: TOML syntax ----

#[test]
fn m001_invalid_toml() {
    let text = "[pack]\nname = \"decree-745\nversion = \"1.0.0\"\n";
    let diags = bad(text);
    let d = &diags[0];
    assert_eq!(d.code, Code::M001);
    assert_eq!(d.message, "invalid TOML: invalid basic string");
    let (_, label) = primary(text, d);
    assert_eq!(label, "expected `\"`");
    let at = d.labels[0].range.start();
    assert_eq!(&text[..at], "[pack]\nname = \"decree-745");
}

#[test]
fn m001_unclosed_table_header() {
    let text = "[pack\nname = \"p\"\n";
    let d = &bad(text)[0];
    assert_eq!(d.code, Code::M001);
    assert_eq!(d.message, "invalid TOML: unclosed table");
    assert_eq!(primary(text, d).1, "expected `]`");
}

#[test]
fn m001_duplicate_key() {
    let text = with_pack_field("name = \"p\"\n", "name = \"p\"\nname = \"q\"\n");
    let d = one(&text);
    assert_eq!(d.code, Code::M001);
    assert_eq!(d.message, "duplicate key `name`");
    assert_eq!(
        labels(&text, &d),
        [("name", "this key is already set above".to_owned())]
    );
    let second = text.rfind("name").unwrap_or_default();
    assert_eq!(d.labels[0].range.start(), second);
}

// ---- M001: fields ----

#[test]
fn m001_unknown_field_with_suggestion() {
    let text = with_pack_field("name = \"p\"", "nmae = \"p\"");
    let diags = bad(&text);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    // Reading order: the missing `name` is labelled on `[pack]` (offset 0).
    assert_eq!(diags[0].message, "missing field `name` in `[pack]`");
    assert_eq!(
        labels(&text, &diags[0]),
        [("[pack]", "this table has no `name`".to_owned())]
    );
    assert_eq!(
        diags[0].help.as_deref(),
        Some("add `name = \"decree-745\"`")
    );
    let d = &diags[1];
    assert_eq!(d.code, Code::M001);
    assert_eq!(d.message, "unknown field `nmae` in `[pack]`");
    assert_eq!(labels(&text, d), [("nmae", "unknown field".to_owned())]);
    assert_eq!(d.help.as_deref(), Some("did you mean `name`?"));
}

#[test]
fn m001_unknown_field_lists_fields() {
    let text = with_pack_field("kind", "description = \"x\"\nkind");
    let d = one(&text);
    assert_eq!(d.message, "unknown field `description` in `[pack]`");
    assert_eq!(
        d.help.as_deref(),
        Some(
            "the fields of `[pack]` are `name`, `version`, `kind`, `effective`, `expires`, \
             `status`, `published`, `model`, `citation`, `title` and `issuer`"
        )
    );
}

#[test]
fn m001_unknown_fields_everywhere() {
    let text = format!(
        "{}\n[dependencies]\nx = {{ verison = \"1\" }}\n[package]\n",
        HEAD.replace("en = \"Title\"", "en = \"Title\", fr = \"Titre\"")
    );
    let diags = bad(&text);
    let got: Vec<(&str, &str, Option<&str>)> = diags
        .iter()
        .map(|d| (d.message.as_str(), primary(&text, d).0, d.help.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "unknown field `fr` in `[pack.title]`",
                "fr",
                Some("the fields of `[pack.title]` are `zh` and `en`")
            ),
            (
                "missing field `version` in the dependency `x`",
                "{ verison = \"1\" }",
                Some("add `version = \"^1.0\"`")
            ),
            (
                "unknown field `verison` in the dependency `x`",
                "verison",
                Some("did you mean `version`?")
            ),
            (
                "unknown field `package` in the manifest",
                "package",
                Some("did you mean `pack`?")
            ),
        ]
    );
}

#[test]
fn m001_missing_pack_table() {
    let text = "[dependencies]\n";
    let d = one(text);
    assert_eq!(d.code, Code::M001);
    assert_eq!(d.message, "missing table `[pack]`");
    assert_eq!(
        labels(text, &d),
        [("", "the manifest has no `[pack]` table".to_owned())]
    );
    assert_eq!(one("").message, "missing table `[pack]`");
}

#[test]
fn m001_every_missing_field_is_reported() {
    let text = "[pack]\nname = \"p\"\n";
    let diags = bad(text);
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "missing field `version` in `[pack]`",
            "missing field `kind` in `[pack]`",
            "missing field `effective` in `[pack]`",
            "missing field `title` in `[pack]`",
            "missing field `issuer` in `[pack]`",
        ]
    );
    assert!(diags.iter().all(|d| d.code == Code::M001));
    assert!(diags.iter().all(|d| primary(text, d).0 == "[pack]"));
}

#[test]
fn m001_wrong_types() {
    let text = with_pack_field("version = \"1.0.0\"", "version = 1").replace(
        "[pack]\n",
        "dependencies = [\"x\"]\n[pack]\nmodel = \"yes\"\n",
    );
    let diags = bad(&text);
    let got: Vec<(Code, &str, (&str, String))> = diags
        .iter()
        .map(|d| (d.code, d.message.as_str(), primary(&text, d)))
        .collect();
    assert_eq!(
        got,
        [
            (
                Code::M001,
                "`dependencies` must be a table",
                ("[\"x\"]", "found an array".to_owned())
            ),
            (
                Code::M001,
                "`pack.model` must be a boolean",
                ("\"yes\"", "found a string".to_owned())
            ),
            (
                Code::M001,
                "`pack.version` must be a string",
                ("1", "found an integer".to_owned())
            ),
        ]
    );
    assert_eq!(
        diags[1].help.as_deref(),
        Some("write `model = true` or `model = false`, without quotes")
    );
}

#[test]
fn m001_title_must_be_bilingual() {
    let text = HEAD.replace(
        "title = { zh = \"题\", en = \"Title\" }",
        "title = \"Title\"",
    );
    let d = one(&text);
    assert_eq!(d.message, "`pack.title` must be a table");
    assert_eq!(
        primary(&text, &d),
        ("\"Title\"", "found a string".to_owned())
    );

    let text = HEAD.replace("en = \"Title\"", "en = \"  \"");
    let d = one(&text);
    assert_eq!(d.message, "`pack.title.en` is empty");
    assert_eq!(
        primary(&text, &d),
        ("\"  \"", "the English text is empty".to_owned())
    );

    let text = HEAD.replace(
        "{ zh = \"国务院\", en = \"State Council\" }",
        "{ en = \"SC\" }",
    );
    let d = one(&text);
    assert_eq!(d.message, "missing field `zh` in `[pack.issuer]`");
    assert_eq!(
        primary(&text, &d),
        ("{ en = \"SC\" }", "this table has no `zh`".to_owned())
    );
    assert_eq!(
        d.help.as_deref(),
        Some("add the Chinese text: `zh = \"…\"`")
    );
}

#[test]
fn m001_unknown_kind_lists_kinds() {
    let text = with_pack_field("\"regulation\"", "\"sectr\"");
    let d = one(&text);
    assert_eq!(d.code, Code::M001);
    assert_eq!(d.message, "unknown pack kind `sectr`");
    assert_eq!(
        labels(&text, &d),
        [(
            "\"sectr\"",
            "expected `regulation`, `sector`, `guidance` or `advisory`".to_owned()
        )]
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `sector`?"));

    let text = with_pack_field("\"regulation\"", "\"law\"");
    assert_eq!(one(&text).help, None);
}

#[test]
fn m001_effective_date_must_exist() {
    let cases = [
        (
            "\"2021-02-30\"",
            "effective date `2021-02-30` does not exist",
            "2021-02 has only 28 days",
        ),
        (
            "\"2021-13-01\"",
            "effective date `2021-13-01` does not exist",
            "there is no month 13",
        ),
        (
            "\"2021-09-00\"",
            "effective date `2021-09-00` does not exist",
            "there is no day 0",
        ),
        (
            "\"2021/09/01\"",
            "invalid effective date `2021/09/01`",
            "expected a date written `YYYY-MM-DD`",
        ),
        (
            "\"20210901\"",
            "invalid effective date `20210901`",
            "expected a date written `YYYY-MM-DD`",
        ),
        (
            "\"2021-9-1\"",
            "invalid effective date `2021-9-1`",
            "expected a date written `YYYY-MM-DD`",
        ),
        (
            "\"2021-09-01T00:00\"",
            "invalid effective date `2021-09-01T00:00`",
            "expected a date written `YYYY-MM-DD`",
        ),
        (
            "\"２０２１-09-01\"",
            "invalid effective date `２０２１-09-01`",
            "expected a date written `YYYY-MM-DD`",
        ),
        (
            "2021-09-01T08:00:00",
            "`pack.effective` must be a date",
            "found a date-time",
        ),
        (
            "20210901",
            "`pack.effective` must be a date",
            "found an integer",
        ),
    ];
    for (value, message, label) in cases {
        let text = with_pack_field("\"2021-09-01\"", value);
        let d = one(&text);
        assert_eq!(d.code, Code::M001, "{value}");
        assert_eq!(d.message, message);
        assert_eq!(labels(&text, &d), [(value, label.to_owned())]);
    }
}

#[test]
fn effective_dates_that_exist() {
    let leap = with_pack_field("\"2021-09-01\"", "\"2024-02-29\"");
    assert_eq!(good(&leap).effective, jiff::civil::date(2024, 2, 29));
    let literal = with_pack_field("\"2021-09-01\"", "2021-09-01");
    assert_eq!(good(&literal).effective, jiff::civil::date(2021, 9, 1));
}

// ---- M003 ----

#[test]
fn m003_invalid_pack_name() {
    let cases = [
        (
            "\"Decree_745\"",
            "invalid pack name `Decree_745`",
            "`D` is not allowed in a pack name",
            "a pack name uses lowercase letters, digits and `-`, and starts with a letter: \
             write `decree-745`",
        ),
        (
            "\"745-decree\"",
            "invalid pack name `745-decree`",
            "a pack name must start with a letter",
            "a pack name uses lowercase letters, digits and `-`, and starts with a letter",
        ),
        (
            "\"\"",
            "invalid pack name ``",
            "the name is empty",
            "a pack name uses lowercase letters, digits and `-`, and starts with a letter",
        ),
        (
            "\"条例\"",
            "invalid pack name `条例`",
            "`条` is not allowed in a pack name",
            "a pack name uses lowercase letters, digits and `-`, and starts with a letter",
        ),
    ];
    for (value, message, label, help) in cases {
        let text = with_pack_field("\"p\"", value);
        let d = one(&text);
        assert_eq!(d.code, Code::M003, "{value}");
        assert_eq!(d.message, message);
        assert_eq!(labels(&text, &d), [(value, label.to_owned())]);
        assert_eq!(d.help.as_deref(), Some(help));
    }
}

#[test]
fn m003_invalid_version() {
    let text = with_pack_field("\"1.0.0\"", "\"1.0\"");
    let d = one(&text);
    assert_eq!(d.code, Code::M003);
    assert_eq!(d.message, "invalid pack version `1.0`");
    assert_eq!(
        labels(&text, &d),
        [(
            "\"1.0\"",
            "unexpected end of input while parsing minor version number".to_owned()
        )]
    );
    assert_eq!(
        d.help.as_deref(),
        Some("write a semantic version with three numbers, like `1.0.0`")
    );
}

#[test]
fn m003_invalid_dependency_name_and_requirement() {
    let text = format!("{HEAD}[dependencies]\ndecree_745 = \"^1.0\"\nother = \"one\"\n");
    let diags = bad(&text);
    assert_eq!(diags.len(), 2, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d.code, Code::M003);
    assert_eq!(d.message, "invalid dependency name `decree_745`");
    assert_eq!(
        labels(&text, d),
        [("decree_745", "`_` is not allowed in a pack name".to_owned())]
    );
    assert_eq!(
        d.help.as_deref(),
        Some(
            "a pack name uses lowercase letters, digits and `-`, and starts with a letter: \
             write `decree-745`"
        )
    );
    let d = &diags[1];
    assert_eq!(d.code, Code::M003);
    assert_eq!(d.message, "invalid version requirement `one` for `other`");
    assert_eq!(primary(&text, d).0, "\"one\"");
    assert_eq!(
        d.help.as_deref(),
        Some("write a requirement like `^1.0`, `~1.2.3` or `>=1.0, <2`")
    );
}

#[test]
fn m001_dependency_of_the_wrong_type() {
    let text = format!("{HEAD}[dependencies]\nx = 1\ny = {{ version = \"1\", path = 2 }}\n");
    let diags = bad(&text);
    let got: Vec<(&str, (&str, String))> = diags
        .iter()
        .map(|d| (d.message.as_str(), primary(&text, d)))
        .collect();
    assert_eq!(
        got,
        [
            (
                "dependency `x` must be a version requirement or a table",
                ("1", "found an integer".to_owned())
            ),
            (
                "`dependencies.y.path` must be a string",
                ("2", "found an integer".to_owned())
            ),
        ]
    );
    assert_eq!(
        diags[0].help.as_deref(),
        Some("write `x = \"^1.0\"` or `x = { version = \"^1.0\", path = \"../x\" }`")
    );
}

#[test]
fn many_problems_are_reported_in_reading_order() {
    let text = "[pack]\nname = \"P\"\nversion = \"x\"\nkind = \"law\"\neffective = \"2021-02-29\"\n\
                title = { zh = \"\", en = \"T\" }\nissuer = { zh = \"国\", en = \"S\" }\n";
    let codes: Vec<(Code, &str)> = bad(text)
        .iter()
        .map(|d| (d.code, primary(text, d).0))
        .collect();
    assert_eq!(
        codes,
        [
            (Code::M003, "\"P\""),
            (Code::M003, "\"x\""),
            (Code::M001, "\"law\""),
            (Code::M001, "\"2021-02-29\""),
            (Code::M001, "\"\""),
        ]
    );
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(text in "\\PC{0,80}") {
        let _ = parse_manifest(&text, FileId(0));
    }

    #[test]
    fn never_panics_on_damaged_manifests(cut in 0usize..GOOD.len(), insert in "[\\[\\]{}=\"'.,#\n a-z0-9-]{0,4}") {
        let mut text = GOOD.to_owned();
        let mut at = cut;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert_str(at, &insert);
        if let Err(diags) = parse_manifest(&text, FileId(0)) {
            prop_assert!(!diags.is_empty());
            for d in &diags {
                prop_assert!(d.labels.iter().all(|l| l.range.end() <= text.len()));
            }
        }
    }
}

#[test]
fn expires_is_optional_and_read() {
    let m = parse_manifest(HEAD, FileId(0)).expect("valid");
    assert_eq!(m.expires, None);
    let text = with_pack_field("kind", "expires = \"2027-01-01\"\nkind");
    let m = parse_manifest(&text, FileId(0)).expect("valid");
    assert_eq!(m.expires, Some(jiff::civil::date(2027, 1, 1)));
}

#[test]
fn m009_expires_not_after_effective() {
    for date in ["2021-09-01", "2020-01-01"] {
        let text = with_pack_field("kind", &format!("expires = \"{date}\"\nkind"));
        let d = one(&text);
        assert_eq!(d.code, Code::M009);
        assert_eq!(
            d.message,
            format!("`expires` ({date}) is not after `effective` (2021-09-01)")
        );
        assert_eq!(
            labels(&text, &d),
            [(
                format!("\"{date}\"").as_str(),
                "the pack would be in force on no day".to_owned()
            )]
        );
    }
    let text = with_pack_field("kind", "expires = \"2021-02-30\"\nkind");
    assert_eq!(
        one(&text).message,
        "expires date `2021-02-30` does not exist"
    );
}

/// A draft: `status = "draft"` with the day it was published, no days in
/// force.
fn draft(fields: &str) -> String {
    HEAD.replacen("effective = \"2021-09-01\"\n", fields, 1)
}

#[test]
fn a_draft_gives_its_publication_day_and_no_days_in_force() {
    assert_eq!(good(HEAD).status, PackStatus::Issued);
    let m = good(&draft("status = \"draft\"\npublished = \"2017-07-10\"\n"));
    assert_eq!(m.status, PackStatus::Draft);
    // Its rules are evaluated (as a draft's) from the day it was published.
    assert_eq!(m.effective, jiff::civil::date(2017, 7, 10));
    assert_eq!(m.expires, None);
    let m = good(&draft("status = \"issued\"\neffective = \"2021-09-01\"\n"));
    assert_eq!(m.status, PackStatus::Issued);
}

#[test]
fn a_draft_that_claims_days_in_force_is_m013() {
    for field in ["effective = \"2017-07-10\"", "expires = \"2031-01-01\""] {
        let text = draft(&format!(
            "status = \"draft\"\npublished = \"2017-07-10\"\n{field}\n"
        ));
        let d = one(&text);
        assert_eq!(d.code, Code::M013, "{d:#?}");
        let name = field.split(' ').next().unwrap_or_default();
        assert_eq!(
            d.message,
            format!("a draft pack gives `{name}`, but a draft never came into force")
        );
        let value = field.split(" = ").nth(1).unwrap_or_default();
        assert_eq!(
            primary(&text, &d),
            (value, "a draft has no days in force".to_owned())
        );
    }
    // `effective` does not stand in for `published`: both are reported.
    let diags = bad(&draft("status = \"draft\"\neffective = \"2017-07-10\"\n"));
    let codes: Vec<Code> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::M001, Code::M013], "{diags:#?}");
    assert_eq!(diags[0].message, "missing field `published` in `[pack]`");
}

#[test]
fn published_in_an_issued_pack_is_m013() {
    let text = with_pack_field("kind", "published = \"2017-07-10\"\nkind");
    let d = one(&text);
    assert_eq!(d.code, Code::M013);
    assert_eq!(
        primary(&text, &d),
        (
            "\"2017-07-10\"",
            "only a draft gives `published`".to_owned()
        )
    );
}

#[test]
fn an_unknown_status_is_m001_with_a_suggestion() {
    let d = one(&draft("status = \"drat\"\npublished = \"2017-07-10\"\n"));
    assert_eq!(d.code, Code::M001);
    assert_eq!(d.message, "unknown pack status `drat`");
    assert_eq!(d.help.as_deref(), Some("did you mean `draft`?"));
}

#[test]
fn diagnostics_read_in_chinese() {
    let d = one(&HEAD.replace("kind = \"regulation\"", "kind = \"regulaton\""));
    assert_eq!(d.message.en(), "unknown pack kind `regulaton`");
    assert_eq!(d.message.zh(), "未知的规则包类型 `regulaton`");
    let label = &d.primary().unwrap_or_else(|| unreachable!()).message;
    assert_eq!(
        label.zh(),
        "应为 `regulation`、`sector`、`guidance` 或 `advisory` 之一"
    );
    let help = d.help.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!(help.zh(), "您是否想写 `regulation`？");

    let d = one(&format!("{HEAD}colour = \"red\"\n"));
    assert_eq!(d.message.zh(), "`[pack]` 中的未知字段 `colour`");
    let d = one(&HEAD.replace("version = \"1.0.0\"\n", ""));
    assert_eq!(d.message.zh(), "`[pack]` 缺少字段 `version`");
    assert_eq!(
        d.help.as_ref().unwrap_or_else(|| unreachable!()).zh(),
        "请添加 `version = \"1.0.0\"`"
    );
}
