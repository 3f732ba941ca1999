//! Find references: every occurrence of what is at the cursor, in every
//! loaded file, with or without its declaration.

use tiaoli_check::Role;
use tiaoli_db::{Cancellable, Database};
use tiaoli_text::FileId;

use crate::definition::{Location, def_at};
use crate::world::World;

pub(crate) fn references_in(
    world: &dyn World,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let Some((_, def)) = def_at(world, file, offset) else {
        return Vec::new();
    };
    let checked = world.checked();
    let mut out: Vec<Location> = checked
        .model
        .occurrences(&def)
        .filter(|o| include_declaration || o.role != Role::Declaration)
        .map(|o| Location {
            file: o.file,
            range: o.range,
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Every occurrence of what is at `offset`, by file and position.
pub fn references(
    db: &Database,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Cancellable<Vec<Location>> {
    crate::snapshot::run(db, |world| {
        references_in(world, file, offset, include_declaration)
    })
}
