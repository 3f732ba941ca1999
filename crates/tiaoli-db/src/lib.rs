//! The incremental database (salsa): source files and the workspace's packs
//! are inputs; the scan of a file, the parse of each of its items, the
//! file's assembled parse and the check of every pack are tracked queries.
//! An edit inside an item re-parses only that item. The language server
//! (and, through the same queries, the CLI) answer from it.

mod database;
mod inputs;
mod log;
mod queries;

pub use database::{Cancellable, Database};
pub use inputs::Pack;
pub use salsa::Cancelled;
pub use tiaoli_check::Checked;
