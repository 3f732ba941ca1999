//! Code actions over a range of a file: the diagnostics' own fixes (a
//! did-you-mean), declaring an undeclared fact, and citing a paragraph in
//! a rule that cites nothing.

use tiaoli_check::Model;
use tiaoli_db::{Cancellable, Database};
use tiaoli_diagnostics::{Code, Diagnostic};
use tiaoli_syntax::ast::{ArticleMember, Item, Rule};
use tiaoli_syntax::tokens::{TokenKind, tokens};
use tiaoli_text::{FileId, TextRange};

/// One action: a title for the menu and the edits it makes (replace each
/// range with the text; an empty range inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub edits: Vec<(FileId, TextRange, String)>,
}

/// The actions that apply at `range` in `file`.
pub fn code_actions(db: &Database, file: FileId, range: TextRange) -> Cancellable<Vec<Action>> {
    let Some(text) = db.text(file) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let diagnostics = db.file_diagnostics(file)?;
    let checked = db.checked()?;
    for d in diagnostics.iter().filter(|d| touches(d, file, range)) {
        out.extend(d.fixes.iter().map(|f| Action {
            title: f.title.clone(),
            edits: f.edits.clone(),
        }));
        if let Some(action) = declare_fact(db, &checked.model, &text, file, d)? {
            out.push(action);
        }
    }
    let parse = db.parse(file)?;
    out.extend(cite_paragraph(
        &text,
        file,
        &parse.file.items,
        &checked.model,
        db,
        range,
    ));
    Ok(out)
}

fn touches(d: &Diagnostic, file: FileId, range: TextRange) -> bool {
    d.primary().is_some_and(|l| {
        l.file == file && l.range.start() <= range.end() && range.start() <= l.range.end()
    })
}

/// N001 on `facility.NAME`: declare `fact NAME` in the pack's facts file
/// (the file declaring most of its facts), its type guessed from the use.
fn declare_fact(
    db: &Database,
    model: &Model,
    text: &str,
    file: FileId,
    d: &Diagnostic,
) -> Cancellable<Option<Action>> {
    if d.code != Code::N001 || !d.message.starts_with("unknown fact ") {
        return Ok(None);
    }
    let Some(label) = d.primary() else {
        return Ok(None);
    };
    let Some(name) = text.get(label.range.start()..label.range.end()) else {
        return Ok(None);
    };
    let Some(pack) = db.pack_of(file) else {
        return Ok(None);
    };
    let target = facts_file(model, pack).unwrap_or(file);
    let Some(target_text) = db.text(target) else {
        return Ok(None);
    };
    let ty = guess_type(text, label.range);
    let newline = if target_text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let lead = if target_text.is_empty() {
        ""
    } else if target_text.ends_with('\n') {
        newline
    } else {
        // No line end after the last item: one, then the empty line.
        "\n\n"
    };
    let decl = format!(
        "{lead}fact {name}: {ty} {{{newline}  zh \"待补充\"{newline}  en \"to be described\"{newline}}}{newline}"
    );
    let decl = if lead == "\n\n" {
        decl.replacen("\n\n", &format!("{newline}{newline}"), 1)
    } else {
        decl
    };
    let end = target_text.len();
    Ok(Some(Action {
        title: format!("declare `fact {name}: {ty}`"),
        edits: vec![(target, TextRange::new(end, end), decl)],
    }))
}

/// The file of the pack that declares most of its facts.
fn facts_file(model: &Model, pack: usize) -> Option<FileId> {
    let pm = model.packs.get(pack)?;
    let mut counts: Vec<(FileId, usize)> = Vec::new();
    for id in pm.facts.values() {
        let Some(s) = model.symbols.get(id.0 as usize) else {
            continue;
        };
        match counts.iter_mut().find(|(f, _)| *f == s.file) {
            Some((_, n)) => *n += 1,
            None => counts.push((s.file, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(f, n)| (n, std::cmp::Reverse(f)))
        .map(|(f, _)| f)
}

/// A fact's type from what it is compared or combined with on its line:
/// an amount, a date (or `as_of`, or after `after`), a number, a text;
/// else `bool`.
fn guess_type(text: &str, name: TextRange) -> &'static str {
    let line_start = text[..name.start()].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[name.end()..]
        .find('\n')
        .map_or(text.len(), |i| name.end() + i);
    let toks: Vec<_> = tokens(&text[line_start..line_end])
        .into_iter()
        .filter(|t| !matches!(t.kind, TokenKind::Whitespace | TokenKind::Comment))
        .collect();
    let at = toks
        .iter()
        .position(|t| t.range.start() + line_start == name.start());
    let Some(at) = at else {
        return "bool";
    };
    let word = |i: usize| {
        toks.get(i).map(|t| {
            (
                t.kind,
                &text[line_start + t.range.start()..line_start + t.range.end()],
            )
        })
    };
    // `facility . NAME`: what is before `facility` and after NAME.
    let before = at.checked_sub(3).and_then(word);
    let before2 = at.checked_sub(4).and_then(word);
    let after = word(at + 1);
    let after2 = word(at + 2);
    let neighbours = [after2, before, after, before2];
    for (kind, w) in neighbours.into_iter().flatten() {
        match kind {
            TokenKind::Money => return "money",
            TokenKind::Date => return "date",
            TokenKind::String => return "text",
            TokenKind::Keyword if matches!(w, "as_of" | "after" | "since") => return "date",
            _ => {}
        }
    }
    let compares = |o: Option<(TokenKind, &str)>| {
        o.is_some_and(|(k, w)| {
            k == TokenKind::Operator && matches!(w, "<" | ">" | "<=" | ">=" | "+" | "-" | "*" | "/")
        })
    };
    if compares(after) || compares(before) {
        for (kind, w) in [after2, before2].into_iter().flatten() {
            if kind == TokenKind::Number {
                return if w.contains('.') { "decimal" } else { "int" };
            }
        }
        return "int";
    }
    "bool"
}

/// In a rule with no `cite` whose article has several paragraphs (or
/// items): one action per provision, inserting `cite artN.P` after the
/// rule's title. (Citing the whole article is W008: redundant.)
fn cite_paragraph(
    text: &str,
    file: FileId,
    items: &[Item],
    model: &Model,
    db: &Database,
    range: TextRange,
) -> Vec<Action> {
    let Some(pack) = db.pack_of(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        let Item::Article(a) = item else { continue };
        if !(a.span.start() <= range.start() && range.start() <= a.span.end()) {
            continue;
        }
        for m in &a.members {
            let ArticleMember::Rule(rule) = m else {
                continue;
            };
            let span = rule.span();
            if !(span.start() <= range.start() && range.start() <= span.end()) {
                continue;
            }
            let (title, cite) = match rule {
                Rule::Duty(d) => (d.title.as_ref(), d.cite.is_some()),
                Rule::Penalty(p) => (p.title.as_ref(), p.cite.is_some()),
                Rule::Determination(d) => (d.title.as_ref(), d.cite.is_some()),
                _ => continue,
            };
            if cite {
                continue;
            }
            let Some(info) = model
                .packs
                .get(pack)
                .and_then(|p| p.articles.get(&a.number.value))
            else {
                continue;
            };
            // After the title (or the rule's first line), at its indentation.
            let anchor = title.map_or(span.start(), |t| t.span.end());
            let line_end = text[anchor..].find('\n').map_or(text.len(), |i| anchor + i);
            let line_end = if text[..line_end].ends_with('\r') {
                line_end - 1
            } else {
                line_end
            };
            let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
            let rule_line = text[..span.start()].rfind('\n').map_or(0, |i| i + 1);
            let indent: String = text[rule_line..]
                .chars()
                .take_while(|c| *c == ' ')
                .chain("  ".chars())
                .collect();
            let n = a.number.value;
            let mut provisions = Vec::new();
            for (&para, items) in &info.paras {
                if info.paras.len() > 1 {
                    provisions.push(format!("art{n}.{para}"));
                }
                provisions.extend(items.iter().map(|i| format!("art{n}.{para}.{i}")));
            }
            for p in provisions {
                out.push(Action {
                    title: format!("cite `{p}` in `{}`", rule.name().name),
                    edits: vec![(
                        file,
                        TextRange::new(line_end, line_end),
                        format!("{newline}{indent}cite {p}"),
                    )],
                });
            }
        }
    }
    out
}
