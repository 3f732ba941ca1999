//! What changed between two packs, or two versions of one: articles and
//! rules added, removed, changed or moved (`structure`), and, for a set of
//! facilities, whose outcomes change and how (`outcomes`). Pure: the CLI
//! loads, checks and evaluates; this compares.

mod outcomes;
mod similarity;
mod snapshot;
mod structure;

pub use outcomes::{Change, FacilityDiff, Side, What, compare};
pub use similarity::alike;
pub use snapshot::{ArticleText, Bilingual, RuleText, Snapshot, normalise, snapshot};
pub use structure::{ArticleChange, MOVED_AT_LEAST, PackDiff, RuleChange, diff};
