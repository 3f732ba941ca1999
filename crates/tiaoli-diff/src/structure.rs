//! Articles and rules added, removed, changed or moved between two
//! snapshots. Articles are matched by number, except where an article's
//! text turns up under another number (a renumbering, as from the 2017
//! draft to Decree 745): then the two are paired as moved. Rules are
//! matched by name.

use std::collections::BTreeSet;

use crate::similarity::alike;
use crate::snapshot::{ArticleText, Bilingual, Snapshot};

/// How alike two articles' Chinese texts must be for one to count as the
/// other moved (Dice coefficient over character pairs).
pub const MOVED_AT_LEAST: f64 = 0.5;

#[derive(Clone, Debug, PartialEq)]
pub enum ArticleChange {
    Added {
        number: u32,
        title: Bilingual,
    },
    Removed {
        number: u32,
        title: Bilingual,
    },
    /// The same number, with a different title or text.
    Changed {
        number: u32,
        title: Bilingual,
        title_changed: bool,
        text_changed: bool,
        /// How alike the old and new Chinese texts are, 0 to 1.
        alike: f64,
    },
    /// An article's text under another number (changed, too, unless
    /// `alike` is 1).
    Moved {
        from: u32,
        to: u32,
        title: Bilingual,
        alike: f64,
    },
}

impl ArticleChange {
    /// The new number (or the old one, for a removed article): the order
    /// changes are listed in.
    pub fn number(&self) -> u32 {
        match self {
            ArticleChange::Added { number, .. }
            | ArticleChange::Removed { number, .. }
            | ArticleChange::Changed { number, .. } => *number,
            ArticleChange::Moved { to, .. } => *to,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleChange {
    Added {
        name: String,
        kind: &'static str,
        article: Option<u32>,
    },
    Removed {
        name: String,
        kind: &'static str,
        article: Option<u32>,
    },
    Changed {
        name: String,
        kind: &'static str,
        /// The article that owns it, before and after (they differ when the
        /// rule moved).
        article: (Option<u32>, Option<u32>),
        /// Its source differs (beyond comments and layout).
        body_changed: bool,
    },
}

/// What changed, and how many articles and rules stayed the same.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PackDiff {
    pub articles: Vec<ArticleChange>,
    pub rules: Vec<RuleChange>,
    pub same_articles: usize,
    pub same_rules: usize,
}

pub fn diff(old: &Snapshot, new: &Snapshot) -> PackDiff {
    let mut out = PackDiff::default();
    let (moves, moved_old, moved_new) = moves(old, new);
    out.articles.extend(moves);
    for (&n, after) in &new.articles {
        if moved_new.contains(&n) {
            continue;
        }
        match old.articles.get(&n).filter(|_| !moved_old.contains(&n)) {
            None => out.articles.push(ArticleChange::Added {
                number: n,
                title: after.title.clone(),
            }),
            Some(before) if before == after => out.same_articles += 1,
            Some(before) => out.articles.push(ArticleChange::Changed {
                number: n,
                title: after.title.clone(),
                title_changed: before.title != after.title,
                text_changed: before.text != after.text,
                alike: alike(&before.text.zh, &after.text.zh),
            }),
        }
    }
    for (&n, before) in &old.articles {
        let kept = new.articles.contains_key(&n) && !moved_new.contains(&n);
        if !moved_old.contains(&n) && !kept {
            out.articles.push(ArticleChange::Removed {
                number: n,
                title: before.title.clone(),
            });
        }
    }
    out.articles
        .sort_by_key(|c| (c.number(), matches!(c, ArticleChange::Removed { .. })));
    for (name, after) in &new.rules {
        match old.rules.get(name) {
            None => out.rules.push(RuleChange::Added {
                name: name.clone(),
                kind: after.kind,
                article: after.article,
            }),
            Some(before) if before == after => out.same_rules += 1,
            Some(before) => out.rules.push(RuleChange::Changed {
                name: name.clone(),
                kind: after.kind,
                article: (before.article, after.article),
                body_changed: before.source != after.source || before.kind != after.kind,
            }),
        }
    }
    for (name, before) in &old.rules {
        if !new.rules.contains_key(name) {
            out.rules.push(RuleChange::Removed {
                name: name.clone(),
                kind: before.kind,
                article: before.article,
            });
        }
    }
    out
}

/// Pairs of articles whose text moved to another number: each new article
/// takes the old article its Chinese text is most like, if that is another
/// number, alike enough, and clearly more alike than the old article of
/// its own number; best pairs first, each article in one pair at most.
fn moves(old: &Snapshot, new: &Snapshot) -> (Vec<ArticleChange>, BTreeSet<u32>, BTreeSet<u32>) {
    let mut candidates: Vec<(f64, u32, u32)> = Vec::new();
    for (&to, after) in &new.articles {
        let own = old.articles.get(&to).map_or(0.0, |b| alike_texts(b, after));
        for (&from, before) in &old.articles {
            if from == to {
                continue;
            }
            let a = alike_texts(before, after);
            if a >= MOVED_AT_LEAST && a > own + 0.1 {
                candidates.push((a, from, to));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut from_used, mut to_used) = (BTreeSet::new(), BTreeSet::new());
    let mut out = Vec::new();
    for (a, from, to) in candidates {
        if from_used.contains(&from) || to_used.contains(&to) {
            continue;
        }
        from_used.insert(from);
        to_used.insert(to);
        let title = new
            .articles
            .get(&to)
            .map(|t| t.title.clone())
            .unwrap_or_default();
        out.push(ArticleChange::Moved {
            from,
            to,
            title,
            alike: a,
        });
    }
    (out, from_used, to_used)
}

/// The Chinese texts' likeness; an article with no Chinese text is
/// compared by its English.
fn alike_texts(a: &ArticleText, b: &ArticleText) -> f64 {
    if a.text.zh.is_empty() && b.text.zh.is_empty() {
        alike(&a.text.en, &b.text.en)
    } else {
        alike(&a.text.zh, &b.text.zh)
    }
}
