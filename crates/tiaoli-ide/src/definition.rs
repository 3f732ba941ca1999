//! The definition a position names, from the checker's resolution table
//! (every name it resolved, declarations included), and where a
//! definition is declared.

use tiaoli_check::{Def, Model};
use tiaoli_text::{FileId, TextRange};

use crate::world::World;

/// The name at `offset` and what it means.
pub(crate) fn def_at(world: &dyn World, file: FileId, offset: usize) -> Option<(TextRange, Def)> {
    let checked = world.checked();
    let occurrence = checked.model.resolution_at(file, offset)?;
    Some((occurrence.range, occurrence.def))
}

/// A place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: FileId,
    pub range: TextRange,
}

/// Where `def` is declared: the name (or number) in its declaration.
pub(crate) fn declaration(model: &Model, def: &Def) -> Option<Location> {
    model
        .declaration(def)
        .map(|(file, range)| Location { file, range })
}
