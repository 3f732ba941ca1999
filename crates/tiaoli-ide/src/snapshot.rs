//! The database as the features' [`World`]. A query the database answers
//! with `Cancelled` (an edit made the snapshot stale) unwinds out of the
//! feature, as salsa's own queries do, and [`run`] turns it back into
//! `Err(Cancelled)`: features are written without threading it through.

use std::panic::{AssertUnwindSafe, resume_unwind};
use std::sync::Arc;

use tiaoli_check::Checked;
use tiaoli_db::{Cancellable, Cancelled, Database};
use tiaoli_syntax::Parse;
use tiaoli_text::FileId;

use crate::world::World;

struct Snapshot<'a>(&'a Database);

/// Runs a feature over the database; a stale snapshot gives `Err(Cancelled)`.
pub(crate) fn run<T>(db: &Database, feature: impl FnOnce(&dyn World) -> T) -> Cancellable<T> {
    Cancelled::catch(AssertUnwindSafe(|| feature(&Snapshot(db))))
}

fn answer<T>(r: Cancellable<T>) -> T {
    match r {
        Ok(t) => t,
        Err(cancelled) => resume_unwind(Box::new(cancelled)),
    }
}

impl World for Snapshot<'_> {
    fn files(&self) -> Vec<FileId> {
        let packs = self.0.packs();
        let mut files: Vec<FileId> = packs.iter().flat_map(|p| p.files.iter().copied()).collect();
        files.sort();
        files.dedup();
        files
    }

    fn text(&self, file: FileId) -> Arc<str> {
        self.0.text(file).unwrap_or_else(|| Arc::from(""))
    }

    fn parse(&self, file: FileId) -> Arc<Parse> {
        answer(self.0.parse(file))
    }

    fn checked(&self) -> Arc<Checked> {
        answer(self.0.checked())
    }

    fn pack_of(&self, file: FileId) -> Option<usize> {
        self.0.pack_of(file)
    }

    fn path(&self, file: FileId) -> String {
        self.0.path(file).unwrap_or_default()
    }
}
