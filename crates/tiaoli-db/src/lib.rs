//! The incremental database (salsa): source files and the workspace's packs
//! are inputs; the scan of a file, the parse of each of its items, the
//! file's assembled parse and the check — declared once per edit, each item
//! checked on its own against a scope without positions, then placed and
//! finished — are tracked queries. An edit inside an item re-parses and
//! re-checks only that item. The language server (and, through the same
//! queries, the CLI) answer from it.

mod database;
mod inputs;
mod log;
mod queries;

pub use database::{Cancellable, Database};
pub use inputs::Pack;
pub use salsa::Cancelled;
pub use tiaoli_check::Checked;
