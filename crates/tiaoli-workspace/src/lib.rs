//! Finding and loading packs: the host (disk, the bundle built into the
//! binary, memory, an editor's open documents over another host), discovery
//! under the given paths, the one definition of which files make a pack,
//! manifests and dependencies. Used by the CLI, the language server, tests
//! and benches.
//!
//! [`discover`] reads and does not parse: its [`Layout`] is the input of the
//! language server's database. [`load`] is discovery plus parsing, for the
//! batch commands.

mod bundled;
mod discover;
mod disk;
pub mod given_file;
mod host;
mod load;
mod locked;
mod memory;
mod overlay;
pub mod pack_files;
mod signed;

use std::path::{Path, PathBuf};

pub use bundled::{BUNDLED_ROOT, Bundled};
pub use discover::{Layout, PackLayout, authority, discover, pack_root_of};
pub use disk::Disk;
pub use host::{Contents, Entry, Host, IoError, NotUtf8};
pub use load::{Workspace, load, parse};
pub use locked::{LockView, closure, entry as lock_entry_of, lock_diagnostics, lock_entry};
pub use memory::Memory;
pub use overlay::Overlay;
pub use signed::{pack_entries, signature_path};

/// The files of the pack in `dir` (its manifest, lockfile and `.tiaoli` files, sorted;
/// nested packs and `source/` excluded): see [`pack_files`](mod@pack_files).
pub fn pack_files(host: &dyn Host, dir: &Path) -> Result<Vec<PathBuf>, IoError> {
    pack_files::pack_files(host, dir)
}
