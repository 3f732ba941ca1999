use tiaoli_text::{Sources, TextRange};

use crate::{Code, Diagnostic, HumanOptions, Msg, render_human};

fn render(sources: &Sources, d: Diagnostic) -> String {
    render_human(&[d], sources, HumanOptions::default())
}

#[test]
fn a_label_past_column_65535_is_drawn_in_a_window_with_its_true_column() {
    let text = format!("{}}}\n", " ".repeat(70_000));
    let mut sources = Sources::new();
    let file = sources.add("wide.tiaoli", text);
    let d = Diagnostic::new(Code::S003, Msg::verbatim("unexpected `}`")).with_primary(
        file,
        TextRange::new(70_000, 70_001),
        Msg::verbatim("nothing is open here"),
    );
    let out = render(&sources, d);
    assert!(out.contains("[wide.tiaoli:1:70001]"), "{out}");
    assert!(out.contains("│ …"), "the clipping is marked: {out}");
    assert!(out.contains("nothing is open here"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
}

#[test]
fn a_clipped_line_shows_the_labelled_text() {
    let text = format!("define x: bool = {}facility.nope\n", "a + ".repeat(5_000));
    let at = text.find("facility.nope").unwrap_or_default();
    let mut sources = Sources::new();
    let file = sources.add("long.tiaoli", text);
    let d = Diagnostic::new(Code::N001, Msg::verbatim("unknown fact `nope`")).with_primary(
        file,
        TextRange::new(at + 9, at + 13),
        Msg::verbatim("here"),
    );
    let out = render(&sources, d);
    assert!(
        out.contains(&format!("[long.tiaoli:1:{}]", at + 10)),
        "{out}"
    );
    assert!(out.contains("facility.nope"), "{out}");
    assert!(out.contains("─┬─"), "{out}");
}

#[test]
fn a_fragment_shows_the_files_line_numbers() {
    let whole = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\",\"sector\":\"nope\"}\n";
    let start = whole.rfind("{\"id\":\"c\"").unwrap_or_default();
    let at = whole.find("\"nope\"").unwrap_or_default();
    let mut sources = Sources::new();
    let file = sources.add_fragment("inv.jsonl", &whole[start..], start, 2);
    let d = Diagnostic::new(Code::F004, Msg::verbatim("unknown sector")).with_primary(
        file,
        TextRange::new(at, at + 6),
        Msg::verbatim("not a sector"),
    );
    let out = render(&sources, d);
    assert!(out.contains("[inv.jsonl:3:20]"), "{out}");
    assert!(
        out.contains(" 3 │ {\"id\":\"c\",\"sector\":\"nope\"}"),
        "{out}"
    );
    assert!(!out.contains("\"a\""), "only the fragment is shown: {out}");
}

#[test]
fn labels_far_apart_get_their_own_snippets_with_true_line_numbers() {
    let mut text = String::from("define a: bool = true\n");
    for i in 0..1000 {
        text.push_str(&format!("// line {i}\n"));
    }
    let second = text.len();
    text.push_str("define a: bool = false\n");
    let mut sources = Sources::new();
    let file = sources.add("dup.tiaoli", text);
    let d = Diagnostic::new(Code::N002, Msg::verbatim("`a` is declared twice"))
        .with_primary(
            file,
            TextRange::new(second + 7, second + 8),
            Msg::verbatim("again here"),
        )
        .with_secondary(file, TextRange::new(7, 8), Msg::verbatim("first here"));
    let out = render(&sources, d);
    assert!(out.contains("[dup.tiaoli:1002:8]"), "{out}");
    assert!(out.contains("1002 │ define a: bool = false"), "{out}");
    assert!(out.contains(" 1 │ define a: bool = true"), "{out}");
    assert!(
        !out.contains("line 500"),
        "the lines between are left out: {out}"
    );
}

#[test]
fn control_characters_in_the_snippet_are_masked() {
    let text = "define a: bool = \u{1b}[2J\u{0}x\r\n";
    let mut sources = Sources::new();
    let file = sources.add("c.tiaoli", text);
    let d = Diagnostic::new(Code::S001, Msg::verbatim("bad")).with_primary(
        file,
        TextRange::new(17, 18),
        Msg::verbatim("here"),
    );
    let out = render(&sources, d);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{0}') && !out.contains('\r'),
        "{out:?}"
    );
    assert!(out.contains("define a: bool = ?[2J?x"), "{out}");
}

#[test]
fn crlf_lines_keep_their_columns() {
    let text = "define a: bool = true\r\ndefine b: bool = facility.nope\r\n";
    let at = text.find("nope").unwrap_or_default();
    let mut sources = Sources::new();
    let file = sources.add("crlf.tiaoli", text);
    let d = Diagnostic::new(Code::N001, Msg::verbatim("unknown fact `nope`")).with_primary(
        file,
        TextRange::new(at, at + 4),
        Msg::verbatim("here"),
    );
    let out = render(&sources, d);
    assert!(out.contains("[crlf.tiaoli:2:27]"), "{out}");
    assert!(
        out.contains(" 2 │ define b: bool = facility.nope\n"),
        "{out}"
    );
}

#[test]
fn in_chinese_the_message_label_help_and_notes_are_the_chinese_texts() {
    use crate::{Lang, msg};
    let mut sources = Sources::new();
    let file = sources.add("a.tiaoli", "value facility.levle\n".to_owned());
    let d = Diagnostic::new(
        Code::N001,
        msg!(en: "unknown fact `{}`", zh: "未知的事实 `{}`", "levle"),
    )
    .with_primary(
        file,
        TextRange::new(15, 20),
        msg!(en: "no such fact", zh: "没有这个事实"),
    )
    .with_did_you_mean(file, TextRange::new(15, 20), "level")
    .with_note(msg!(en: "facts are declared", zh: "事实需先声明"));
    for (color, unicode) in [(false, true), (true, true), (false, false)] {
        let opts = HumanOptions {
            color,
            unicode,
            lang: Lang::Zh,
            ..HumanOptions::default()
        };
        let out = without_colours(&render_human(std::slice::from_ref(&d), &sources, opts));
        for text in [
            "未知的事实 `levle`",
            "没有这个事实",
            "帮助：您是否想写 `level`？",
            "注：事实需先声明",
        ] {
            assert!(out.contains(text), "{text}: {out}");
        }
        assert!(
            !out.contains("help:") && !out.contains("unknown fact"),
            "{out}"
        );
    }
    let en = render(&sources, d);
    assert!(en.contains("help: did you mean `level`?"), "{en}");
    assert!(en.contains("unknown fact `levle`"), "{en}");
}

#[test]
fn json_keeps_the_english_texts_and_adds_the_chinese_ones_in_chinese() {
    use crate::{Lang, msg, render_json, render_json_in};
    let mut sources = Sources::new();
    let file = sources.add("a.tiaoli", "value facility.levle\n".to_owned());
    let d = Diagnostic::new(Code::N001, msg!(en: "unknown fact", zh: "未知的事实"))
        .with_primary(file, TextRange::new(15, 20), msg!(en: "here", zh: "此处"))
        .with_help(msg!(en: "declare it", zh: "请声明它"));
    let en: serde_json::Value =
        serde_json::from_str(&render_json(std::slice::from_ref(&d), &sources)).unwrap_or_default();
    let d0 = &en["diagnostics"][0];
    assert_eq!(d0["message"], "unknown fact");
    assert!(d0.get("message_zh").is_none(), "{d0}");
    let zh: serde_json::Value =
        serde_json::from_str(&render_json_in(&[d], &sources, Lang::Zh)).unwrap_or_default();
    let d0 = &zh["diagnostics"][0];
    assert_eq!(d0["message"], "unknown fact");
    assert_eq!(d0["message_zh"], "未知的事实");
    assert_eq!(d0["help"], "declare it");
    assert_eq!(d0["help_zh"], "请声明它");
    assert_eq!(d0["labels"][0]["message"], "here");
    assert_eq!(d0["labels"][0]["message_zh"], "此处");
}

fn without_colours(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        rest = rest.find('m').map_or("", |m| &rest[m + 1..]);
    }
    out.push_str(rest);
    out
}
