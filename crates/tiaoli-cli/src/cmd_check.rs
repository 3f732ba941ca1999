//! `tiaoli check`: discovery, then the language server's database answers
//! (parse, check, every diagnostic), so that the command line and the editor
//! cannot report differently.

use tiaoli_db::Database;

use crate::prepare::default_paths;
use crate::{CheckArgs, Format, output};

pub fn run(args: &CheckArgs) -> u8 {
    let layout =
        match tiaoli_workspace::discover(&tiaoli_workspace::Disk, &default_paths(&args.paths)) {
            Ok(layout) => layout,
            Err(msg) => {
                stderr!("error: {msg}");
                return 2;
            }
        };
    let (packs, files) = (layout.packs.len(), layout.file_count());
    let db = Database::from_layout(layout);
    // Nothing edits this database: a read cannot be cancelled.
    let (Ok(diagnostics), Ok(sources)) = (db.diagnostics(), db.sources()) else {
        stderr!("error: the check was cancelled");
        return 2;
    };
    output::print(&diagnostics, &sources, args.format, args.color);
    if args.format == Format::Human {
        output::emit(&format!(
            "checked {packs} pack{} ({files} file{}): {}\n",
            if packs == 1 { "" } else { "s" },
            if files == 1 { "" } else { "s" },
            output::tally(&diagnostics)
        ));
    }
    let failed = diagnostics.iter().any(|d| {
        d.is_error() || (args.deny_warnings && d.severity == tiaoli_diagnostics::Severity::Warning)
    });
    u8::from(failed)
}
