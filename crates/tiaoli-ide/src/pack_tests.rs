//! Running pack tests over the database, for the test lens
//! ([`crate::run_test`]) and `tiaoli test` alike, so that the editor and the
//! command line cannot disagree: the program compiled from the database's
//! checked packs, and the facility a test gives — inline, or a `given file`
//! read through a [`Host`] (the disk for `tiaoli test`, the editor's open
//! documents over it for the language server) with
//! `tiaoli_workspace::given_file`'s bounds.

use std::path::Path;
use std::sync::Arc;

use tiaoli_check::CheckPack;
use tiaoli_db::{Cancellable, Database};
use tiaoli_diagnostics::Diagnostic;
use tiaoli_eval::pack_tests::given_node;
use tiaoli_eval::{CompileError, Facility, Program};
use tiaoli_syntax::ast::{self, TestDecl};
use tiaoli_text::{FileId, Sources};
use tiaoli_workspace::Host;
use tiaoli_workspace::given_file::{self, Unusable};

/// Why the database's packs give no program to run tests on.
#[derive(Debug)]
pub enum NotRunnable {
    /// The packs have errors (sorted, as `tiaoli check` reports them).
    Errors(Vec<Diagnostic>),
    /// They check but cannot be compiled.
    Compile(CompileError),
}

/// The program of the database's packs (each pack's days in force and
/// citation style set from its manifest), or why there is none.
pub fn program(db: &Database) -> Cancellable<Result<Program, NotRunnable>> {
    let mut errors = db.diagnostics()?;
    errors.retain(Diagnostic::is_error);
    if !errors.is_empty() {
        return Ok(Err(NotRunnable::Errors(errors)));
    }
    let checked = db.checked()?;
    let packs = db.packs();
    let mut check_packs = Vec::with_capacity(packs.len());
    for p in &packs {
        let mut files = Vec::with_capacity(p.files.len());
        for &f in &p.files {
            files.push((f, Arc::new(db.parse(f)?.file.clone())));
        }
        check_packs.push(CheckPack {
            ident: p.ident.clone(),
            is_sector: p.is_sector,
            authority: p.authority,
            model: p.model,
            deps: p.deps.clone(),
            files,
            has_syntax_errors: false,
        });
    }
    let texts: Vec<(FileId, Arc<str>)> = packs
        .iter()
        .flat_map(|p| p.files.iter().copied())
        .filter_map(|f| db.text(f).map(|t| (f, t)))
        .collect();
    let text = |f: FileId| -> &str {
        texts
            .iter()
            .find(|(id, _)| *id == f)
            .map_or("", |(_, t)| &**t)
    };
    let mut program = match tiaoli_eval::compile(&check_packs, &checked.model, &text) {
        Ok(p) => p,
        Err(e) => return Ok(Err(NotRunnable::Compile(e))),
    };
    configure(
        &mut program,
        packs.iter().filter_map(|p| p.manifest.as_ref()),
    );
    Ok(Ok(program))
}

/// What the manifests say that evaluation needs: each pack's days in
/// force, its citation style, and whether it is a draft (whose fines count
/// in no exposure). `tiaoli eval`, `tiaoli test` and the test lens all
/// configure their programs here.
pub fn configure<'m>(
    program: &mut Program,
    manifests: impl Iterator<Item = &'m tiaoli_pack::Manifest> + Clone,
) {
    let windows = manifests.clone().map(|m| {
        let (from, until) = m.window();
        tiaoli_eval::PackInForce {
            ident: m.ident(),
            name: m.name.clone(),
            window: tiaoli_eval::Window { from, until },
        }
    });
    program.set_packs_in_force(windows.collect());
    for m in manifests {
        let style = match m.citation {
            tiaoli_pack::CitationStyle::Articles => tiaoli_eval::CiteStyle::Articles,
            tiaoli_pack::CitationStyle::Parts => tiaoli_eval::CiteStyle::Parts,
        };
        program.set_citation_style(&m.ident(), style);
        if m.status == tiaoli_pack::PackStatus::Draft {
            program.set_draft(&m.ident());
        }
    }
}

/// The facility a test gives, and every diagnostic found on the way
/// (warnings too, when there is a facility).
#[derive(Debug)]
pub struct Given {
    pub facility: Result<Facility, NoFacility>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a test gives no facility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoFacility {
    /// The test has no `given`.
    NoFacts,
    /// Its `given file` cannot be used: T010 (among the diagnostics).
    Unusable,
    /// Its facts (inline or in the file) do not fit the schema, or the
    /// file does not read as a facility: the diagnostics say where.
    Unfit,
}

/// The facility `test` (written in `file`) gives: inline, or from its
/// `given file` read through `host` relative to the test's file (whose
/// name in `sources` is its path). A file read is added to `sources`, so
/// its diagnostics can be shown.
pub fn facility(
    host: &dyn Host,
    sources: &mut Sources,
    file: FileId,
    test: &TestDecl,
    program: &Program,
) -> Given {
    let mut diagnostics = Vec::new();
    let (node, node_file) = match &test.given {
        Some(ast::Given::Inline { facts, span }) => (given_node(facts, *span), file),
        Some(ast::Given::File(path)) => {
            let unusable = |why: Unusable| Given {
                facility: Err(NoFacility::Unusable),
                diagnostics: vec![given_file::diagnostic(&why, &path.value, file, path.span)],
            };
            let test_file = Path::new(sources.name(file)).to_path_buf();
            let (full, text) = match given_file::read_given(host, &test_file, &path.value) {
                Ok(read) => read,
                Err(why) => return unusable(why),
            };
            let name = full.display().to_string();
            let format = tiaoli_input::detect(&name, &text);
            let id = sources.add(name, text);
            let mut records = tiaoli_input::records(sources.text(id), id, format);
            let Some(record) = records.next() else {
                return unusable(Unusable::NoRecord);
            };
            if records.next().is_some() {
                return unusable(Unusable::SeveralRecords);
            }
            match record.node {
                Ok(n) => (n, id),
                Err(diags) => {
                    return Given {
                        facility: Err(NoFacility::Unfit),
                        diagnostics: diags,
                    };
                }
            }
        }
        None => {
            return Given {
                facility: Err(NoFacility::NoFacts),
                diagnostics,
            };
        }
    };
    let (facility, diags) =
        tiaoli_eval::bind::bind(&program.schema, node_file, &node, &test.name.value);
    let bad = diags.iter().any(Diagnostic::is_error);
    diagnostics.extend(diags);
    Given {
        facility: if bad {
            Err(NoFacility::Unfit)
        } else {
            Ok(facility)
        },
        diagnostics,
    }
}
