//! Inlay hints: the cited article's title, in the language asked for,
//! after each citation (`cite art12` ▸ 同步规划建设使用). The citations and
//! the articles they name are the checker's resolution table's, so a hint
//! names what goto definition goes to.

use std::collections::HashMap;

use tiaoli_check::{Def, Role};
use tiaoli_db::{Cancellable, Database};
use tiaoli_syntax::ast::Lang;
use tiaoli_text::{FileId, TextRange};

use crate::pack_ast;
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
    let checked = world.checked();
    let text = world.text(file);
    let occurrences = checked.model.resolutions.in_file(file);
    // The occurrences that may touch `range` (sorted by start).
    let from = occurrences.partition_point(|o| o.range.end() < range.start());
    // Titles already looked up, by (pack, article): a file cites a few
    // articles many times.
    let mut titles: HashMap<(usize, u32), Option<String>> = HashMap::new();
    let mut hints = Vec::new();
    for o in occurrences.get(from..).unwrap_or_default() {
        if o.range.start() > range.end() {
            break;
        }
        let (Def::Article { pack, article }
        | Def::Paragraph { pack, article, .. }
        | Def::Item { pack, article, .. }) = o.def
        else {
            continue;
        };
        // Citations (`art12`, `art39.1.2`), not a chapter's article
        // numbers nor an article's own.
        let written = text.get(o.range.start()..o.range.end()).unwrap_or("");
        if o.role != Role::Use || !written.starts_with("art") {
            continue;
        }
        let title = titles.entry((pack, article)).or_insert_with(|| {
            let (_, a) = pack_ast::article(world, pack, article)?;
            a.title()?.get(lang).map(str::to_owned)
        });
        if let Some(title) = title {
            hints.push(InlayHint {
                offset: o.range.end(),
                label: title.clone(),
            });
        }
    }
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
