//! Hover: what the thing under the cursor is, in Markdown. A citation or
//! an article number shows the article (paragraph, item) in both
//! languages with its chapter; a fact its type, description and
//! vocabulary source; a rule what it requires, its bearer, its citation
//! and the penalties sanctioning it; a type, variant, party or measure its
//! declaration and labels.

mod markdown;
mod provision;
mod symbol;

use tiaoli_db::{Cancellable, Database};
use tiaoli_text::{FileId, TextRange};

use crate::at_offset::{Target, at_offset};
use crate::world::World;

/// The hover's text, and the range of the name it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    pub markdown: String,
}

pub(crate) fn hover_in(world: &dyn World, file: FileId, offset: usize) -> Option<Hover> {
    let found = at_offset(world, file, offset)?;
    let markdown = match found.target {
        Target::Provision {
            pack,
            article,
            para,
            item,
        } => provision::markdown(world, pack, article, para, item)?,
        Target::Chapter { pack, number } => provision::chapter_markdown(world, pack, number)?,
        Target::Symbol(id) => symbol::markdown(world, id)?,
        Target::Member(id, index) => symbol::member_markdown(world, id, index)?,
    };
    Some(Hover {
        range: found.range,
        markdown,
    })
}

/// The hover at `offset` in `file`, if the offset is on something known.
pub fn hover(db: &Database, file: FileId, offset: usize) -> Cancellable<Option<Hover>> {
    crate::snapshot::run(db, |world| hover_in(world, file, offset))
}
