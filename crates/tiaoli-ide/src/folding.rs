//! Folding ranges: every item and article member that spans lines (its
//! paragraphs and their items, a test's `given` block, a penalty's
//! `escalate` block), and runs of line comments.

use tiaoli_db::{Cancellable, Database};
use tiaoli_syntax::ast::{ArticleMember, Given, Item, Rule};
use tiaoli_text::{FileId, TextRange};

use crate::world::World;

/// A foldable byte range (the server turns it into lines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// A declaration or a block inside one.
    Block,
    /// Consecutive `//` lines.
    Comment,
}

pub(crate) fn folding_in(world: &dyn World, file: FileId) -> Vec<Fold> {
    let text = world.text(file);
    let parse = world.parse(file);
    let mut ranges = Vec::new();
    for item in &parse.file.items {
        ranges.push(item.span());
        match item {
            Item::Article(a) => {
                for m in &a.members {
                    ranges.push(m.span());
                    match m {
                        ArticleMember::Para(p) => {
                            ranges.extend(p.items.iter().map(|i| i.span));
                        }
                        ArticleMember::Rule(Rule::Penalty(p)) => {
                            ranges.extend(p.escalate.iter().map(|e| e.span));
                        }
                        _ => {}
                    }
                }
            }
            Item::Test(t) => {
                if let Some(Given::Inline { span, .. }) = &t.given {
                    ranges.push(*span);
                }
            }
            _ => {}
        }
    }
    let mut folds: Vec<Fold> = ranges
        .into_iter()
        .filter(|r| spans_lines(&text, *r))
        .map(|range| Fold {
            range,
            kind: FoldKind::Block,
        })
        .collect();
    folds.extend(
        comment_runs(&text, &parse.comments)
            .into_iter()
            .filter(|r| spans_lines(&text, *r))
            .map(|range| Fold {
                range,
                kind: FoldKind::Comment,
            }),
    );
    folds.sort_by_key(|f| (f.range.start(), std::cmp::Reverse(f.range.end())));
    folds
}

fn spans_lines(text: &str, range: TextRange) -> bool {
    text.get(range.as_range()).is_some_and(|s| s.contains('\n'))
}

/// Comments alone on consecutive lines merged (a comment after code on
/// its line folds with nothing).
fn comment_runs(text: &str, comments: &[TextRange]) -> Vec<TextRange> {
    let mut runs: Vec<TextRange> = Vec::new();
    let starts_line = |c: &TextRange| {
        let before = text.get(..c.start()).unwrap_or("");
        let line = before.rsplit('\n').next().unwrap_or("");
        line.trim().is_empty()
    };
    for &c in comments.iter().filter(|c| starts_line(c)) {
        match runs.last_mut() {
            Some(last)
                if text
                    .get(last.end()..c.start())
                    .is_some_and(|gap| gap.trim().is_empty() && gap.matches('\n').count() == 1) =>
            {
                *last = last.cover(c);
            }
            _ => runs.push(c),
        }
    }
    runs
}

/// The foldable ranges of `file`, by start (outer before inner).
pub fn folding_ranges(db: &Database, file: FileId) -> Cancellable<Vec<Fold>> {
    crate::snapshot::run(db, |world| folding_in(world, file))
}
