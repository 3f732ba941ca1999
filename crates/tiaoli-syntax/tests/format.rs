//! The formatter: canonical layout, idempotence, the tree survives, no
//! comment is lost, broken files are left alone.

#![expect(clippy::panic)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use tiaoli_syntax::{format, parse};
use tiaoli_text::FileId;

/// The tree's Debug form without spans (`12..34`), so that trees of two
/// layouts of one file compare equal.
fn shape(text: &str) -> String {
    let debug = format!("{:?}", parse(text, FileId(0)).file);
    strip_spans(&debug)
}

fn strip_spans(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_digit()) {
            let mut j = i;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            if s[j..].starts_with("..") {
                let mut k = j + 2;
                while k < b.len() && b[k].is_ascii_digit() {
                    k += 1;
                }
                if k > j + 2 {
                    out.push('_');
                    i = k;
                    continue;
                }
            }
            out.push_str(&s[i..j]);
            i = j;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\0');
        out.push(c);
        i += c.len_utf8().max(1);
    }
    out
}

fn comment_count(text: &str) -> usize {
    parse(text, FileId(0)).comments.len()
}

/// Formats `text` and checks every promise: no errors before or after,
/// the same tree, the same comments, and a second pass changes nothing.
fn check(text: &str, what: &str) -> String {
    let parsed = parse(text, FileId(0));
    if let Some(d) = parsed.diagnostics.iter().find(|d| d.is_error()) {
        panic!("{what}: does not parse: {}\n{text}", d.message);
    }
    let Some(out) = format(text, &parsed) else {
        panic!("{what}: format returned None");
    };
    let reparsed = parse(&out, FileId(0));
    if let Some(d) = reparsed.diagnostics.iter().find(|d| d.is_error()) {
        panic!(
            "{what}: formatted text does not parse: {}\n--- input\n{text}\n--- output\n{out}",
            d.message
        );
    }
    assert_eq!(
        shape(text),
        shape(&out),
        "{what}: the tree changed\n--- input\n{text}\n--- output\n{out}"
    );
    assert_eq!(
        comment_count(text),
        comment_count(&out),
        "{what}: comments were lost or duplicated\n--- output\n{out}"
    );
    let Some(again) = format(&out, &reparsed) else {
        panic!("{what}: second format returned None");
    };
    assert_eq!(
        out, again,
        "{what}: not idempotent\n--- input\n{text}\n--- first\n{out}"
    );
    assert!(
        out.is_empty() || (out.ends_with('\n') && !out.ends_with("\n\n")),
        "{what}: must end with exactly one newline"
    );
    out
}

fn tiaoli_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        panic!("cannot read {}", dir.display());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            tiaoli_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "tiaoli") {
            out.push(path);
        }
    }
}

#[test]
fn every_policy_file_formats() {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../policies"));
    let mut files = Vec::new();
    tiaoli_files(root, &mut files);
    files.sort();
    assert!(!files.is_empty(), "no .tiaoli files under {}", root.display());
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            panic!("cannot read {}", path.display());
        };
        let out = check(&text, &path.display().to_string());
        if out != text {
            println!("{} would be reformatted", path.display());
        }
    }
}

const MESSY: &str = r#"// 文件头注释：混乱的输入
party   operator{zh "运营者"   en "operator"}   // 运营者
measure warning { zh "警告"
  en "warning" }
enum Level { title zh "等级" en "Level" low { zh "低" en "low" } // 低
  high {zh "高" // 高
  en "high"}
}
   // 事实
fact level : Level{zh "等级" en "level" cite art2}
fact count: int in 1 ..= 5 { zh "数量" // 数量说明
en "count" }
define total: money = (a + b) * c - (d - e)
define redundant = ((a and b)) or (c) and ((d))
article 7 { title zh "标题" en "Title" text zh "正文" en "Body"


  // 规则
  obligation keep_records { bearer operator applies when not (a and b)
    requires x.y > as_of - 1   year and (p or q)
    unless a - (b - c) > 0 cite art7 } // 义务结束
  penalty p { trigger keep_records cite art7.1 measures warning , fine
    fine entity 100_000CNY..=1_000_000   CNY
    escalate when a or (b // 在表达式中
     and -x.y < 0) { fine person 1 ..= 2 times x * 3 }
    // 罚则的最后
  }
}
// 文件结束"#;

#[test]
fn messy_input_gets_the_canonical_layout() {
    let out = check(MESSY, "messy");
    insta::assert_snapshot!(out, @r#"
// 文件头注释：混乱的输入
party operator { zh "运营者" en "operator" }  // 运营者

measure warning { zh "警告" en "warning" }

enum Level {
  title zh "等级" en "Level"
  low { zh "低" en "low" }  // 低
  // 高
  high { zh "高" en "high" }
}

// 事实
fact level: Level {
  zh "等级"
  en "level"
  cite art2
}

fact count: int in 1..=5 {
  zh "数量"  // 数量说明
  en "count"
}

define total: money = (a + b) * c - (d - e)

define redundant = a and b or c and d

article 7 {
  title zh "标题" en "Title"
  text zh "正文" en "Body"

  // 规则
  obligation keep_records {
    bearer operator
    applies when not (a and b)
    requires x.y > as_of - 1 year and (p or q)
    unless a - (b - c) > 0 cite art7
  }  // 义务结束
  penalty p {
    trigger keep_records cite art7.1
    measures warning, fine
    fine entity 100_000 CNY ..= 1_000_000 CNY
    // 在表达式中
    escalate when a or b and -x.y < 0 {
      fine person 1 ..= 2 times x * 3
    }
    // 罚则的最后
  }
}
// 文件结束
"#);
}

#[test]
fn comments_are_kept() {
    let out = check(MESSY, "messy");
    assert_eq!(out.matches("//").count(), MESSY.matches("//").count());
    assert_eq!(comment_count(&out), 11);
}

#[test]
fn broken_files_are_not_formatted() {
    for text in [
        "party x { zh \"a\" ",
        "define x = a +\n",
        "article 1 { title zh \"a\" en }\n",
        "fact x: int { zh \"a\" zh \"b\" }\n",
    ] {
        let parsed = parse(text, FileId(0));
        assert!(parsed.diagnostics.iter().any(|d| d.is_error()), "{text}");
        assert_eq!(format(text, &parsed), None, "{text}");
    }
}
