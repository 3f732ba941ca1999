//! What the navigation features read of a database snapshot: files, their
//! parses and texts, the checked model. One small trait, so that the
//! features are written once over it and the database (or a test fixture)
//! supplies it.

use std::sync::Arc;

use tiaoli_check::Checked;
use tiaoli_syntax::Parse;
use tiaoli_text::FileId;

pub(crate) trait World {
    /// Every `.tiaoli` file of the loaded packs, in a stable order.
    fn files(&self) -> Vec<FileId>;
    fn text(&self, file: FileId) -> Arc<str>;
    fn parse(&self, file: FileId) -> Arc<Parse>;
    fn checked(&self) -> Arc<Checked>;
    /// The index of the file's pack in the model (`Model::packs`).
    fn pack_of(&self, file: FileId) -> Option<usize>;
    /// The file's path as shown to people (`policies/decree-745/facts.tiaoli`).
    fn path(&self, file: FileId) -> String;
}
