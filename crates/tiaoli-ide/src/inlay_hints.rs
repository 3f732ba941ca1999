//! Inlay hints: the cited article's title, in the language asked for,
//! after each citation (`cite art12` ▸ 同步规划建设使用).

use std::collections::HashMap;
use tiaoli_db::{Cancellable, Database};

use tiaoli_syntax::ast::Lang;
use tiaoli_text::{FileId, TextRange};

use crate::cited::cited_pack;
use crate::pack_ast;
use crate::visit::each_citation;
use crate::world::World;

/// A hint shown at `offset` (the end of the citation it explains).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
}

pub(crate) fn inlay_hints_in(
    world: &dyn World,
    file: FileId,
    range: TextRange,
    lang: Lang,
) -> Vec<InlayHint> {
    let Some(pack) = world.pack_of(file) else {
        return Vec::new();
    };
    let checked = world.checked();
    let parse = world.parse(file);
    // Titles already looked up, by (pack, article): a file cites a few
    // articles many times.
    let mut titles: HashMap<(usize, u32), Option<String>> = HashMap::new();
    let mut hints = Vec::new();
    each_citation(&parse.file, &mut |c| {
        if c.span.end() < range.start() || c.span.start() > range.end() {
            return;
        }
        let Some(target) = cited_pack(&checked.model, pack, c) else {
            return;
        };
        let title = titles.entry((target, c.article)).or_insert_with(|| {
            let (_, article) = pack_ast::article(world, target, c.article)?;
            article.title()?.get(lang).map(str::to_owned)
        });
        if let Some(title) = title {
            hints.push(InlayHint {
                offset: c.span.end(),
                label: title.clone(),
            });
        }
    });
    hints.sort_by_key(|h| h.offset);
    hints
}

/// The citation hints of `file` within `range`, titles in `lang`.
pub fn inlay_hints(
    db: &Database,
    file: FileId,
    range: TextRange,
    lang: Lang,
) -> Cancellable<Vec<InlayHint>> {
    crate::snapshot::run(db, |world| inlay_hints_in(world, file, range, lang))
}
