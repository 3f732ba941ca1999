//! The resolution table: every name occurrence the checker resolved,
//! declarations included, indexed by position (sorted per file, found by
//! binary search) and by definition.

use std::collections::HashMap;

use tiaoli_text::{FileId, TextRange};

use crate::defs::{Def, Occurrence, Role};

#[derive(Debug, Default, Clone)]
pub struct Resolutions {
    /// Per file, sorted by start; no two share a range.
    by_file: HashMap<FileId, Vec<Occurrence>>,
    /// Per definition, its occurrences as (file, index into `by_file`).
    by_def: HashMap<Def, Vec<(FileId, u32)>>,
}

impl Resolutions {
    /// Sorts and indexes what the checker found. The same name may be
    /// resolved more than once (an article's `applies when` is checked as
    /// part of each duty); a declaration wins over a use of the same range.
    pub(crate) fn build(mut all: Vec<Occurrence>) -> Self {
        all.sort_by_key(|o| (o.file, o.range.start(), o.range.end(), o.role == Role::Use));
        all.dedup_by_key(|o| (o.file, o.range));
        let mut by_file: HashMap<FileId, Vec<Occurrence>> = HashMap::new();
        for o in all {
            by_file.entry(o.file).or_default().push(o);
        }
        let mut by_def: HashMap<Def, Vec<(FileId, u32)>> = HashMap::new();
        let mut files: Vec<&FileId> = by_file.keys().collect();
        files.sort();
        for file in files {
            for (i, o) in by_file[file].iter().enumerate() {
                by_def.entry(o.def).or_default().push((*file, i as u32));
            }
        }
        Self { by_file, by_def }
    }

    /// The occurrence at `offset`: the name containing it, or the one that
    /// ends there (a cursor just after a name is on it). When one name
    /// ends where another starts, the one starting there.
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let list = self.by_file.get(&file)?;
        let after = list.partition_point(|o| o.range.start() <= offset);
        let o = list.get(after.checked_sub(1)?)?;
        (offset <= o.range.end()).then_some(o)
    }

    /// Every occurrence of `def` (its declaration included), by file and
    /// position.
    pub fn of(&self, def: &Def) -> impl Iterator<Item = &Occurrence> + '_ {
        self.by_def
            .get(def)
            .into_iter()
            .flatten()
            .filter_map(|(file, i)| self.by_file.get(file)?.get(*i as usize))
    }

    /// Where `def` is declared, if an occurrence declares it.
    pub fn declaration(&self, def: &Def) -> Option<(FileId, TextRange)> {
        self.of(def)
            .find(|o| o.role == Role::Declaration)
            .map(|o| (o.file, o.range))
    }

    /// A file's occurrences, in order.
    pub fn in_file(&self, file: FileId) -> &[Occurrence] {
        self.by_file.get(&file).map_or(&[], Vec::as_slice)
    }
}
