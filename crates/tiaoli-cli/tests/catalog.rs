//! Keeps the diagnostic catalog (`docs/diagnostics/`) honest:
//!
//! - every code in [`Code::ALL`] has a page `CODE.md`, every page is a code,
//!   and `README.md` indexes every code;
//! - every page has the same structure: `# CODE: slug`, a paragraph saying
//!   what the code means, then `## Why`, `## Example` and `## Fix`;
//! - every page's Example, run through the real `tiaoli check --format json`
//!   (a facility example, for the `F` codes: `tiaoli eval --format json`),
//!   produces a diagnostic with that code (for the codes only `tiaoli test`
//!   reports, `Code::only_in_pack_tests`, the Example's pack folder goes
//!   through `tiaoli test`, whose report must name the code);
//! - `tiaoli explain CODE` prints the page, and exits 2 for an unknown code.
//!
//! An Example is either one unlabelled ```` ```tiaoli ```` block (written as
//! `example.tiaoli` and checked as a pack of its own), or several blocks that
//! each name their file in the info string (```` ```toml file=a/tiaoli.toml ````),
//! written into a temporary folder that is then checked as a whole. The
//! pages of the facility-input codes (`F`) give facility files instead
//! (```` ```yaml file=facility.yaml ````), evaluated against the bundled packs,
//! or against a pack of the page's own when the Example also gives one
//! (```` ```toml file=pack/tiaoli.toml ```` and ```` ```tiaoli file=pack/x.tiaoli ````,
//! one folder, loaded with `--pack`).

#![expect(clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::str::FromStr;

use tiaoli_diagnostics::{Code, Phase};

/// Pages whose Example does not (yet) produce their code because of a known
/// bug in the checker or the loader: (code, what goes wrong). The test
/// expects these to keep failing, and fails once one is fixed, so that the
/// entry is removed.
const KNOWN_BUGS: &[(&str, &str)] = &[];

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics")
}

fn tiaoli() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tiaoli"));
    cmd.env_remove("TIAOLI_LANG");
    cmd
}

/// The pages in docs/diagnostics other than README.md: (file stem, path).
fn page_files() -> Vec<(String, PathBuf)> {
    let mut pages: Vec<(String, PathBuf)> = fs::read_dir(docs_dir())
        .expect("docs/diagnostics exists")
        .map(|e| e.expect("readable entry").path())
        // `zh/` holds the Chinese pages (checked by
        // every_code_has_a_chinese_page_like_its_english_one).
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md" && n != "zh"))
        .map(|p| {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (stem, p)
        })
        .collect();
    pages.sort();
    pages
}

fn read_page(code: Code) -> String {
    let path = docs_dir().join(format!("{code}.md"));
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A fenced code block: its language, its `file=` attribute, its text.
#[derive(Clone, Debug)]
struct Block {
    lang: String,
    file: Option<String>,
    /// `args=A,B`: more arguments for `tiaoli eval` (a facility Example).
    args: Vec<String>,
    text: String,
    /// The info string says `escapes`: `\xNN` in the text is the byte NN,
    /// so an Example can hold a file that is not UTF-8 (S009).
    escapes: bool,
}

impl Block {
    /// The bytes of the file the block stands for.
    fn bytes(&self) -> Vec<u8> {
        if !self.escapes {
            return self.text.clone().into_bytes();
        }
        let mut out = Vec::with_capacity(self.text.len());
        let mut rest = self.text.as_bytes();
        while let Some((&b, tail)) = rest.split_first() {
            let byte = (b == b'\\' && tail.first() == Some(&b'x'))
                .then(|| tail.get(1..3))
                .flatten()
                .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
            match byte {
                Some(byte) => {
                    out.push(byte);
                    rest = &tail[3..];
                }
                None => {
                    out.push(b);
                    rest = tail;
                }
            }
        }
        out
    }
}

/// A page split into its parts. Headings inside code blocks are not
/// headings.
#[derive(Debug, Default)]
struct Page {
    title: String,
    /// The text between the title and the first `##` heading.
    intro: String,
    /// (`##` heading, text, code blocks) in order.
    sections: Vec<(String, String, Vec<Block>)>,
    /// Structural problems found while splitting (unclosed fence, `#` title
    /// not first…).
    problems: Vec<String>,
}

fn parse_page(text: &str) -> Page {
    let mut page = Page::default();
    let mut lines = text.lines();
    page.title = lines.next().unwrap_or_default().to_owned();
    let mut fence: Option<Block> = None;
    for line in lines {
        if let Some(block) = &mut fence {
            if line.trim_end() == "```" {
                let block = fence.take().expect("open fence");
                match page.sections.last_mut() {
                    Some((_, _, blocks)) => blocks.push(block),
                    None => page.problems.push(format!(
                        "a ```{} block before the first `##` section",
                        block.lang
                    )),
                }
            } else {
                block.text.push_str(line);
                block.text.push('\n');
            }
            continue;
        }
        if let Some(info) = line.strip_prefix("```") {
            let mut words = info.split_whitespace();
            let lang = words.next().unwrap_or_default().to_owned();
            let attrs: Vec<&str> = words.collect();
            let file = attrs
                .iter()
                .find_map(|w| w.strip_prefix("file="))
                .map(str::to_owned);
            let args = attrs
                .iter()
                .find_map(|w| w.strip_prefix("args="))
                .map(|a| a.split(',').map(str::to_owned).collect())
                .unwrap_or_default();
            fence = Some(Block {
                lang,
                file,
                args,
                text: String::new(),
                escapes: attrs.contains(&"escapes"),
            });
            continue;
        }
        if let Some(heading) = line.strip_prefix("## ") {
            page.sections
                .push((heading.trim().to_owned(), String::new(), Vec::new()));
            continue;
        }
        if line.starts_with('#') {
            page.problems
                .push(format!("unexpected heading `{line}` (only `##` sections)"));
        }
        let target = match page.sections.last_mut() {
            Some((_, body, _)) => body,
            None => &mut page.intro,
        };
        target.push_str(line);
        target.push('\n');
    }
    if let Some(block) = fence {
        page.problems
            .push(format!("a ```{} block is never closed", block.lang));
    }
    page
}

/// Structural problems of one page.
fn structure_problems(code: Code, text: &str) -> Vec<String> {
    let page = parse_page(text);
    let mut problems = page.problems.clone();
    let title = format!("# {code}: {}", code.slug());
    if page.title != title {
        problems.push(format!(
            "the first line is `{}`, expected `{title}`",
            page.title
        ));
    }
    let intro = page.intro.trim();
    if intro.is_empty() {
        problems.push("no paragraph saying what the code means before `## Why`".to_owned());
    } else if intro.contains("\n\n") {
        problems.push("the text before `## Why` must be one paragraph".to_owned());
    }
    let headings: Vec<&str> = page.sections.iter().map(|(h, _, _)| h.as_str()).collect();
    if headings != ["Why", "Example", "Fix"] {
        problems.push(format!(
            "the sections are {headings:?}, expected [\"Why\", \"Example\", \"Fix\"] in this order"
        ));
        return problems;
    }
    let (_, why, why_blocks) = &page.sections[0];
    if why.trim().is_empty() && why_blocks.is_empty() {
        problems.push("`## Why` is empty".to_owned());
    }
    let (_, _, example) = &page.sections[1];
    match (example_files(example), code.phase() == Phase::Facility) {
        (Err(e), _) => problems.push(e),
        (Ok(Example::Facilities(..)), false) => problems.push(
            "the Example is a facility file, but only the facility-input (F) codes are found in facility files"
                .to_owned(),
        ),
        (Ok(Example::File(_) | Example::Folder(_)), true) => problems.push(
            "the Example of a facility-input code must be a facility file (```yaml file=facility.yaml)"
                .to_owned(),
        ),
        (Ok(_), _) => {}
    }
    let (_, fix, fix_blocks) = &page.sections[2];
    if fix.trim().is_empty() {
        problems.push("`## Fix` does not say how to fix it".to_owned());
    }
    if fix_blocks.is_empty() {
        problems.push("`## Fix` has no corrected snippet (a code block)".to_owned());
    }
    problems
}

/// What the Example section asks to check: one lone file, or a folder, or
/// facility files to evaluate.
enum Example {
    File(Vec<u8>),
    Folder(Vec<(String, Vec<u8>)>),
    /// Facility files, and the files of a pack to evaluate them against
    /// (empty: the bundled packs), and more arguments for `tiaoli eval`.
    Facilities(Vec<(String, String)>, Vec<(String, Vec<u8>)>, Vec<String>),
}

/// The languages of facility files, as code block info strings.
const FACILITY_LANGS: &[&str] = &["yaml", "json", "jsonl"];

fn example_files(blocks: &[Block]) -> Result<Example, String> {
    if blocks.is_empty() {
        return Err("`## Example` has no code block".to_owned());
    }
    if blocks
        .iter()
        .any(|b| FACILITY_LANGS.contains(&b.lang.as_str()))
    {
        let (facilities, pack): (Vec<Block>, Vec<Block>) = blocks
            .iter()
            .cloned()
            .partition(|b| FACILITY_LANGS.contains(&b.lang.as_str()));
        let pack = match example_files(&pack) {
            _ if pack.is_empty() => Vec::new(),
            Ok(Example::Folder(files))
                if files.iter().all(|(f, _)| {
                    Path::new(f).components().count() == 2
                        && f.split('/').next() == files[0].0.split('/').next()
                }) =>
            {
                files
            }
            _ => {
                return Err(
                    "a facility Example's pack blocks must name files in one folder (```toml file=pack/tiaoli.toml)"
                        .to_owned(),
                );
            }
        };
        let args = facilities.iter().flat_map(|b| b.args.clone()).collect();
        return facility_files(&facilities).map(|f| Example::Facilities(f, pack, args));
    }
    for b in blocks {
        if b.lang != "tiaoli" && b.lang != "toml" {
            return Err(format!(
                "an Example block is ```{}; use ```tiaoli or ```toml",
                b.lang
            ));
        }
    }
    match blocks {
        [one] if one.file.is_none() => {
            if one.lang == "tiaoli" {
                Ok(Example::File(one.bytes()))
            } else {
                Err("a lone Example block must be ```tiaoli (a manifest needs `file=`)".to_owned())
            }
        }
        _ => {
            let mut files = Vec::new();
            for b in blocks {
                let Some(f) = &b.file else {
                    return Err(
                        "an Example with several blocks must name each file (```tiaoli file=dir/x.tiaoli)"
                            .to_owned(),
                    );
                };
                let path = Path::new(f);
                if !path.components().all(|c| matches!(c, Component::Normal(_))) {
                    return Err(format!(
                        "`file={f}` must be a relative path inside the example"
                    ));
                }
                files.push((f.clone(), b.bytes()));
            }
            Ok(Example::Folder(files))
        }
    }
}

/// The files of a facility Example: every block is a facility file that
/// names itself (```` ```yaml file=facility.yaml ````).
fn facility_files(blocks: &[Block]) -> Result<Vec<(String, String)>, String> {
    let mut files = Vec::new();
    for b in blocks {
        if !FACILITY_LANGS.contains(&b.lang.as_str()) {
            return Err(format!(
                "an Example block is ```{}; a facility Example has only ```yaml, ```json or ```jsonl blocks",
                b.lang
            ));
        }
        let Some(f) = &b.file else {
            return Err(format!(
                "a facility Example block must name its file (```{} file=facility.{})",
                b.lang, b.lang
            ));
        };
        let path = Path::new(f);
        if path.components().count() != 1
            || !path.components().all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(format!("`file={f}` must be a plain file name"));
        }
        files.push((f.clone(), b.text.clone()));
    }
    Ok(files)
}

/// A fresh, empty temporary folder for one test.
fn temp_folder(what: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tiaoli-catalog-{}-{what}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create temp folder");
    dir
}

/// Runs `tiaoli check --format json` (for facility examples `tiaoli eval
/// --format json`) on the page's Example; returns the codes reported (with
/// their messages) or a description of what went wrong.
fn check_example(code: Code, example: &Example) -> Result<Vec<(String, String)>, String> {
    let dir = temp_folder(code.as_str());
    let target = match example {
        Example::File(text) => {
            let file = dir.join("example.tiaoli");
            fs::write(&file, text).expect("write example");
            file
        }
        Example::Folder(files) => {
            for (name, text) in files {
                let path = dir.join(name);
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent).expect("create example folder");
                }
                fs::write(&path, text).expect("write example file");
            }
            if code.only_in_pack_tests() {
                let output = tiaoli()
                    .arg("test")
                    .arg(&dir)
                    .env("NO_COLOR", "1")
                    .output()
                    .expect("run tiaoli test");
                let _ = fs::remove_dir_all(&dir);
                return tested_codes(code, &output);
            }
            dir.clone()
        }
        Example::Facilities(files, pack, args) => {
            let mut command = tiaoli();
            command.args(["eval", "--format", "json"]).args(args);
            if let Some((first, _)) = pack.first() {
                for (name, text) in pack {
                    let path = dir.join(name);
                    if let Some(parent) = path.parent() {
                        fs::create_dir_all(parent).expect("create example pack folder");
                    }
                    fs::write(&path, text).expect("write example pack file");
                }
                let folder = first.split('/').next().unwrap_or("pack");
                command.arg("--pack").arg(dir.join(folder));
            }
            for (name, text) in files {
                let path = dir.join(name);
                fs::write(&path, raw_bytes(text)).expect("write facility file");
                command.arg(path);
            }
            let output = command.output().expect("run tiaoli eval");
            let _ = fs::remove_dir_all(&dir);
            return reported_codes("eval", &output);
        }
    };
    // Run in the example's folder, where a `.tiaoli.toml` is found (M017).
    let output = tiaoli()
        .args(["check", "--format", "json"])
        .arg(&target)
        .current_dir(&dir)
        .output()
        .expect("run tiaoli");
    let _ = fs::remove_dir_all(&dir);
    reported_codes("check", &output)
}

/// `code` with the line after it (its message) if the human report of a
/// `tiaoli test` run that failed names it.
fn tested_codes(
    code: Code,
    output: &std::process::Output,
) -> Result<Vec<(String, String)>, String> {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.code() != Some(1) {
        return Err(format!(
            "`tiaoli test` exited with {:?}: {text}",
            output.status.code()
        ));
    }
    let mut lines = text.lines().skip_while(|l| l.trim() != code.as_str());
    Ok(match (lines.next(), lines.find(|l| !l.trim().is_empty())) {
        (Some(_), message) => vec![(
            code.as_str().to_owned(),
            message.unwrap_or_default().trim().to_owned(),
        )],
        (None, _) => Vec::new(),
    })
}

/// The diagnostics (code, message) of a `tiaoli SUBCOMMAND --format json`
/// run, which exits 0 or 1 and prints an object with a `diagnostics` array.
fn reported_codes(
    subcommand: &str,
    output: &std::process::Output,
) -> Result<Vec<(String, String)>, String> {
    let status = output.status.code();
    if !matches!(status, Some(0 | 1)) {
        return Err(format!(
            "`tiaoli {subcommand}` exited with {status:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("`tiaoli {subcommand} --format json` printed invalid JSON: {e}"))?;
    Ok(json["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect())
}

#[test]
fn every_code_has_a_page_and_every_page_is_a_code() {
    let pages = page_files();
    let mut problems = Vec::new();
    for &code in Code::ALL {
        if !pages.iter().any(|(stem, _)| stem == code.as_str()) {
            problems.push(format!(
                "{code} ({}) has no page docs/diagnostics/{code}.md",
                code.slug()
            ));
        }
    }
    for (stem, path) in &pages {
        let is_md = path.extension().is_some_and(|e| e == "md");
        let is_code = Code::from_str(stem).is_ok_and(|c| c.as_str() == stem);
        if !is_md || !is_code {
            problems.push(format!(
                "docs/diagnostics/{} is not the page of a code (pages are named CODE.md, e.g. N001.md)",
                path.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
    }
    let readme =
        fs::read_to_string(docs_dir().join("README.md")).expect("docs/diagnostics/README.md");
    for &code in Code::ALL {
        let row = format!("| [{code}]({code}.md) | `{}` |", code.slug());
        if !readme.contains(&row) {
            problems.push(format!("README.md has no index row starting `{row}`"));
        }
    }
    assert!(
        problems.is_empty(),
        "the catalog does not match the codes:\n  {}",
        problems.join("\n  ")
    );
}

/// The Chinese pages (`docs/diagnostics/zh/CODE.md`, what `tiaoli explain
/// CODE --lang zh` prints): one per code, with the English page's title,
/// its code blocks byte for byte and in order (the examples are tested once,
/// through the English page), and as many sections; a Chinese index.
#[test]
fn every_code_has_a_chinese_page_like_its_english_one() {
    let zh = docs_dir().join("zh");
    let mut problems = Vec::new();
    for &code in Code::ALL {
        let Ok(text) = fs::read_to_string(zh.join(format!("{code}.md"))) else {
            problems.push(format!("{code} has no page docs/diagnostics/zh/{code}.md"));
            continue;
        };
        let (en, zh) = (parse_page(&read_page(code)), parse_page(&text));
        problems.extend(zh.problems.iter().map(|p| format!("zh/{code}.md: {p}")));
        if zh.title != en.title {
            problems.push(format!(
                "zh/{code}.md: the first line is not `{}`",
                en.title
            ));
        }
        if zh.sections.len() != en.sections.len() {
            problems.push(format!(
                "zh/{code}.md: {} sections, the English page has {}",
                zh.sections.len(),
                en.sections.len()
            ));
        }
        let blocks = |p: &Page| -> Vec<String> {
            p.sections
                .iter()
                .flat_map(|(_, _, b)| b.iter().map(|b| b.text.clone()))
                .collect()
        };
        if blocks(&zh) != blocks(&en) {
            problems.push(format!(
                "zh/{code}.md: its code blocks are not the English page's, in order"
            ));
        }
        if !zh
            .intro
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        {
            problems.push(format!("zh/{code}.md: its introduction is not in Chinese"));
        }
    }
    for entry in fs::read_dir(&zh).expect("docs/diagnostics/zh exists") {
        let path = entry.expect("readable entry").path();
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        if stem != "README" && Code::from_str(&stem).is_err() {
            problems.push(format!("{} is not the page of a code", path.display()));
        }
    }
    let readme = fs::read_to_string(zh.join("README.md")).expect("docs/diagnostics/zh/README.md");
    for &code in Code::ALL {
        let row = format!("| [{code}]({code}.md) | `{}` |", code.slug());
        if !readme.contains(&row) {
            problems.push(format!("zh/README.md has no index row starting `{row}`"));
        }
    }
    assert!(
        problems.is_empty(),
        "the Chinese catalog does not match the English one:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_page_has_the_catalog_structure() {
    let mut problems = Vec::new();
    for &code in Code::ALL {
        let path = docs_dir().join(format!("{code}.md"));
        let Ok(text) = fs::read_to_string(&path) else {
            continue; // reported by every_code_has_a_page_and_every_page_is_a_code
        };
        for p in structure_problems(code, &text) {
            problems.push(format!("{code}.md: {p}"));
        }
    }
    assert!(
        problems.is_empty(),
        "pages do not follow the catalog structure (see docs/diagnostics/README.md):\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_example_produces_its_code() {
    let mut problems = Vec::new();
    let mut known = Vec::new();
    for &code in Code::ALL {
        let path = docs_dir().join(format!("{code}.md"));
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let page = parse_page(&text);
        let Some((_, _, blocks)) = page.sections.iter().find(|(h, _, _)| h == "Example") else {
            continue; // reported by every_page_has_the_catalog_structure
        };
        let Ok(example) = example_files(blocks) else {
            continue;
        };
        let bug = KNOWN_BUGS.iter().find(|(c, _)| *c == code.as_str());
        match (check_example(code, &example), bug) {
            (Err(e), _) => problems.push(format!("{code}: {e}")),
            (Ok(found), None) => {
                if !found.iter().any(|(c, _)| c == code.as_str()) {
                    problems.push(format!(
                        "{code}: the Example does not produce {code}; `tiaoli {}` reported {}",
                        subcommand(code, &example),
                        describe(&found)
                    ));
                }
            }
            (Ok(found), Some((_, why))) => {
                if found.iter().any(|(c, _)| c == code.as_str()) {
                    problems.push(format!(
                        "{code}: the Example now produces {code}: the known bug is fixed, \
                         remove {code} from KNOWN_BUGS in crates/tiaoli-cli/tests/catalog.rs"
                    ));
                } else {
                    known.push(format!("{code}: {why} (reported: {})", describe(&found)));
                }
            }
        }
    }
    for k in &known {
        eprintln!("known bug, still failing as expected: {k}");
    }
    assert!(
        problems.is_empty(),
        "catalog examples:\n  {}",
        problems.join("\n  ")
    );
}

/// The subcommand an Example is run through.
fn subcommand(code: Code, example: &Example) -> &'static str {
    match example {
        _ if code.only_in_pack_tests() => "test",
        Example::Facilities(..) => "eval",
        Example::File(_) | Example::Folder(_) => "check",
    }
}

fn describe(found: &[(String, String)]) -> String {
    if found.is_empty() {
        "no problems".to_owned()
    } else {
        found
            .iter()
            .map(|(c, m)| format!("{c} `{m}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[test]
fn explain_prints_the_page() {
    let mut problems = Vec::new();
    for &code in Code::ALL {
        let page = read_page(code);
        for arg in [code.as_str().to_owned(), code.as_str().to_ascii_lowercase()] {
            let output = tiaoli()
                .args(["explain", &arg])
                .output()
                .expect("run tiaoli explain");
            if output.status.code() != Some(0) {
                problems.push(format!(
                    "`tiaoli explain {arg}` exited with {:?}",
                    output.status.code()
                ));
            } else if String::from_utf8_lossy(&output.stdout) != page {
                problems.push(format!(
                    "`tiaoli explain {arg}` does not print docs/diagnostics/{code}.md \
                     (rebuild: the pages are embedded at build time)"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// `explain CODE --lang zh`: the Chinese page where there is one
/// (`docs/diagnostics/zh/CODE.md`), else the English page, with a notice on
/// stderr that it has no Chinese page yet. True before and after the
/// Chinese pages land, one by one.
#[test]
fn explain_in_chinese_prints_the_chinese_page_or_says_there_is_none() {
    let mut problems = Vec::new();
    for &code in Code::ALL {
        let output = tiaoli()
            .args(["explain", code.as_str(), "--lang", "zh"])
            .output()
            .expect("run tiaoli explain");
        let (out, err) = (
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        if output.status.code() != Some(0) {
            problems.push(format!("{code}: exited with {:?}", output.status.code()));
            continue;
        }
        if !out.starts_with(&format!("# {code}")) {
            problems.push(format!("{code}: the page does not start with `# {code}`"));
        }
        let zh = docs_dir().join("zh").join(format!("{code}.md"));
        match fs::read_to_string(&zh) {
            Ok(page) => {
                if out != page {
                    problems.push(format!(
                        "{code}: does not print {} (rebuild: pages are embedded)",
                        zh.display()
                    ));
                }
                if !err.is_empty() {
                    problems.push(format!("{code}: a notice although the page exists: {err}"));
                }
            }
            Err(_) => {
                if out != read_page(code) {
                    problems.push(format!(
                        "{code}: without a Chinese page, not the English one"
                    ));
                }
                let notice = format!("注：{code} 尚无中文说明页，以下为英文说明页。\n");
                if err != notice {
                    problems.push(format!("{code}: stderr is {err:?}, not the notice"));
                }
            }
        }
    }
    // English: never the notice.
    let output = tiaoli()
        .args(["explain", "N001"])
        .output()
        .expect("run tiaoli explain");
    assert!(output.stderr.is_empty(), "{output:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn explain_rejects_an_unknown_code() {
    for arg in ["X999", "N999", "unresolved-name", ""] {
        let output = tiaoli()
            .args(["explain", arg])
            .output()
            .expect("run tiaoli explain");
        assert_eq!(
            output.status.code(),
            Some(2),
            "`tiaoli explain {arg:?}` should exit 2, printed {}",
            String::from_utf8_lossy(&output.stdout)
        );
        assert!(
            output.stdout.is_empty(),
            "`tiaoli explain {arg:?}` should print nothing on stdout"
        );
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(
                "is not a diagnostic code, an article (art17) or a rule name, nor a fact or a pack"
            ),
            "`tiaoli explain {arg:?}` should say why on stderr"
        );
    }
}

/// A facility Example's text as bytes, with each `\xHH` written as the
/// byte it names (so that a page can show a file that is not UTF-8).
fn raw_bytes(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("\\x") {
        out.extend_from_slice(&rest.as_bytes()[..at]);
        let hex = rest.get(at + 2..at + 4).unwrap_or_default();
        match u8::from_str_radix(hex, 16) {
            Ok(b) if hex.len() == 2 => {
                out.push(b);
                rest = &rest[at + 4..];
            }
            _ => {
                out.extend_from_slice(b"\\x");
                rest = &rest[at + 2..];
            }
        }
    }
    out.extend_from_slice(rest.as_bytes());
    out
}
