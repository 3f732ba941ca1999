//! Rename of facts, definitions and rules: every occurrence the checker
//! resolved (declaration, uses in every pack, pack tests' `given` keys and
//! `expect` targets), after checking that the new name is an identifier,
//! not a keyword, and clashes with nothing it could be confused with.

use std::fmt;

use tiaoli_check::{Def, Model, Namespace, SymbolId, SymbolKind};
use tiaoli_db::{Cancellable, Database};
use tiaoli_syntax::ast::Item;
use tiaoli_text::{FileId, TextRange};

use crate::definition::def_at;
use crate::world::World;

/// Replace `range` of `file` by `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TextEdit {
    pub file: FileId,
    pub range: TextRange,
    pub new_text: String,
}

/// The edits of a rename, sorted by file and position, and what the user
/// should know that the edits do not cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    pub edits: Vec<TextEdit>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    /// The cursor is on nothing that resolves.
    NothingHere,
    /// On something that is not a fact, definition or rule.
    NotRenamable(String),
    /// The new name does not parse as an identifier.
    InvalidName(String),
    /// The new name is a word of the language.
    Keyword(String),
    /// Another declaration already has the name.
    Clash {
        name: String,
        kind: &'static str,
        path: String,
    },
}

impl fmt::Display for RenameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenameError::NothingHere => {
                f.write_str("there is no fact, definition or rule here to rename")
            }
            RenameError::NotRenamable(what) => write!(
                f,
                "{what} cannot be renamed here: only facts, definitions and rules can"
            ),
            RenameError::InvalidName(name) => write!(
                f,
                "`{name}` is not an identifier (a letter or `_`, then letters, digits or `_`; not `art` and a digit)"
            ),
            RenameError::Keyword(name) => write!(f, "`{name}` is a keyword of the language"),
            RenameError::Clash { name, kind, path } => {
                let a = a_or_an(kind);
                write!(f, "`{name}` is already the name of {a} {kind} in `{path}`")
            }
        }
    }
}

impl std::error::Error for RenameError {}

fn a_or_an(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// What a renamable definition is, for messages.
fn renamable(model: &Model, def: &Def) -> Result<SymbolId, RenameError> {
    let what = match def {
        Def::Symbol(id) => match model.get(*id).map(|s| s.kind) {
            Some(
                SymbolKind::Fact
                | SymbolKind::Define
                | SymbolKind::Determination
                | SymbolKind::Obligation
                | SymbolKind::Prohibition
                | SymbolKind::Penalty
                | SymbolKind::Exception
                | SymbolKind::Extension,
            ) => return Ok(*id),
            Some(kind) => {
                let kind = kind.describe();
                format!("{} {kind}", a_or_an(kind))
            }
            None => return Err(RenameError::NothingHere),
        },
        Def::Field { .. } => "a record field".to_owned(),
        Def::Variant { .. } => "an enum variant".to_owned(),
        Def::Factor { .. } => "a factor".to_owned(),
        Def::Local { .. } => "a local name".to_owned(),
        Def::Article { .. } | Def::Paragraph { .. } | Def::Item { .. } => {
            "an article, paragraph or item (its number)".to_owned()
        }
        Def::Chapter { .. } => "a chapter".to_owned(),
        Def::Pack(_) => "a pack (its manifest names it)".to_owned(),
    };
    Err(RenameError::NotRenamable(what))
}

pub(crate) fn prepare_rename_in(
    world: &dyn World,
    file: FileId,
    offset: usize,
) -> Result<TextRange, RenameError> {
    let (range, def) = def_at(world, file, offset).ok_or(RenameError::NothingHere)?;
    renamable(&world.checked().model, &def)?;
    Ok(range)
}

pub(crate) fn rename_in(
    world: &dyn World,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Rename, RenameError> {
    let (_, def) = def_at(world, file, offset).ok_or(RenameError::NothingHere)?;
    let checked = world.checked();
    let model = &checked.model;
    let id = renamable(model, &def)?;
    let symbol = model.get(id).ok_or(RenameError::NothingHere)?;
    check_name(new_name)?;
    if new_name == symbol.name {
        return Ok(Rename {
            edits: Vec::new(),
            note: None,
        });
    }
    if let Some(other) = clash(model, id, new_name) {
        let s = model.get(other).ok_or(RenameError::NothingHere)?;
        return Err(RenameError::Clash {
            name: new_name.to_owned(),
            kind: s.kind.describe(),
            path: world.path(s.file),
        });
    }
    let mut edits: Vec<TextEdit> = model
        .occurrences(&def)
        // Only ranges that hold the old name: an edit never lands elsewhere.
        .filter(|o| world.text(o.file).get(o.range.as_range()) == Some(symbol.name.as_str()))
        .map(|o| TextEdit {
            file: o.file,
            range: o.range,
            new_text: new_name.to_owned(),
        })
        .collect();
    edits.sort();
    edits.dedup();
    let note = (symbol.kind == SymbolKind::Fact).then(|| {
        format!(
            "facility files (YAML, JSON, JSON lines), including pack tests' `given file`s, are not edited: rename their key `{}` to `{new_name}` yourself",
            symbol.name
        )
    });
    Ok(Rename { edits, note })
}

/// The new name must parse as a declaration's name, and not be a word of
/// the grammar (`tokens::KEYWORDS`, held equal to it): even one the parser
/// would accept as a name, such as `title`, would read confusingly.
fn check_name(name: &str) -> Result<(), RenameError> {
    let probe = format!("define {name} = 1\n");
    let parsed = tiaoli_syntax::parse(&probe, FileId(0));
    let ok = parsed.diagnostics.is_empty()
        && matches!(parsed.file.items.as_slice(), [Item::Define(d)] if d.name.name == name);
    if !ok {
        return Err(RenameError::InvalidName(name.to_owned()));
    }
    if tiaoli_syntax::tokens::is_keyword(name) {
        return Err(RenameError::Keyword(name.to_owned()));
    }
    Ok(())
}

/// A declaration the new name would collide with: the same namespace in
/// the symbol's pack, a pack it sees or a pack that sees it; for a fact,
/// any fact of any pack (facility keys are one flat namespace).
fn clash(model: &Model, id: SymbolId, new_name: &str) -> Option<SymbolId> {
    let symbol = model.get(id)?;
    let ns = Namespace::of(symbol.kind);
    let related = |p: usize| {
        p == symbol.pack
            || model.visible_packs(symbol.pack).any(|v| v == p)
            || model.visible_packs(p).any(|v| v == symbol.pack)
    };
    model
        .symbols
        .iter()
        .enumerate()
        .find(|(i, s)| {
            *i != id.0 as usize
                && s.name == new_name
                && Namespace::of(s.kind) == ns
                && (ns == Namespace::Facts || related(s.pack))
        })
        .map(|(i, _)| SymbolId(i as u32))
}

/// Where the cursor's name is, if it can be renamed.
pub fn prepare_rename(
    db: &Database,
    file: FileId,
    offset: usize,
) -> Cancellable<Result<TextRange, RenameError>> {
    crate::snapshot::run(db, |world| prepare_rename_in(world, file, offset))
}

/// The edits renaming what is at `offset` to `new_name`, or why not.
pub fn rename(
    db: &Database,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Cancellable<Result<Rename, RenameError>> {
    crate::snapshot::run(db, |world| rename_in(world, file, offset, new_name))
}
