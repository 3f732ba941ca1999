//! Hover: what the thing under the cursor is, in Markdown. A citation or
//! an article number shows the article (paragraph, item) in both
//! languages with its chapter; a fact its type, description and
//! vocabulary source; a rule what it requires, its bearer, its citation
//! and the penalties sanctioning it; a type, variant, party or measure its
//! declaration and labels; a local where it is declared.
//!
//! What is under the cursor comes from the checker's resolution table, as
//! for goto, references and rename: one answer to "what does this name
//! mean".

mod markdown;
mod provision;
mod symbol;

use tiaoli_check::Def;
use tiaoli_db::{Cancellable, Database};
use tiaoli_text::{FileId, TextRange};

use crate::definition::def_at;
use crate::world::World;

/// The hover's text, and the range of the name it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub range: TextRange,
    pub markdown: String,
}

pub(crate) fn hover_in(world: &dyn World, file: FileId, offset: usize) -> Option<Hover> {
    let (range, def) = def_at(world, file, offset)?;
    let markdown = match def {
        Def::Article { pack, article } => provision::markdown(world, pack, article, None, None)?,
        Def::Paragraph {
            pack,
            article,
            para,
        } => provision::markdown(world, pack, article, Some(para), None)?,
        Def::Item {
            pack,
            article,
            para,
            item,
        } => provision::markdown(world, pack, article, Some(para), Some(item))?,
        Def::Chapter { pack, chapter } => provision::chapter_markdown(world, pack, chapter)?,
        Def::Symbol(id) => symbol::markdown(world, id)?,
        Def::Field { record: id, index } | Def::Variant { enum_id: id, index } => {
            symbol::member_markdown(world, id, index as usize)?
        }
        Def::Factor { extension, index } => {
            symbol::factor_markdown(world, extension, index as usize)?
        }
        Def::Local { file, decl } => symbol::local_markdown(world, file, decl)?,
        Def::Pack(pack) => symbol::pack_markdown(world, pack)?,
    };
    Some(Hover { range, markdown })
}

/// The hover at `offset` in `file`, if the offset is on something known.
pub fn hover(db: &Database, file: FileId, offset: usize) -> Cancellable<Option<Hover>> {
    crate::snapshot::run(db, |world| hover_in(world, file, offset))
}
