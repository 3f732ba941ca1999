//! Go to definition: from any name, citation or qualifier to the name (or
//! number) in its declaration, in whatever file and pack declares it (a
//! sector pack's `facility.x` goes to the decree's `facts.tiaoli`).

use tiaoli_db::{Cancellable, Database};
use tiaoli_text::FileId;

use crate::definition::{Location, declaration, def_at};
use crate::world::World;

pub(crate) fn goto_definition_in(world: &dyn World, file: FileId, offset: usize) -> Vec<Location> {
    let Some((_, def)) = def_at(world, file, offset) else {
        return Vec::new();
    };
    declaration(&world.checked().model, &def)
        .into_iter()
        .collect()
}

/// The declarations of what is at `offset` (none, or one).
pub fn goto_definition(db: &Database, file: FileId, offset: usize) -> Cancellable<Vec<Location>> {
    crate::snapshot::run(db, |world| goto_definition_in(world, file, offset))
}
