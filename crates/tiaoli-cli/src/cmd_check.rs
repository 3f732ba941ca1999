use crate::{CheckArgs, Format, load, output};

pub fn run(args: &CheckArgs) -> u8 {
    let paths = load::default_paths(&args.paths);
    let mut ws = match load::load(&crate::fs::Disk, &paths) {
        Ok(ws) => ws,
        Err(msg) => {
            stderr!("error: {msg}");
            return 2;
        }
    };
    let checked = tiaoli_check::check(&ws.packs);
    ws.diagnostics.extend(checked.diagnostics);
    ws.diagnostics
        .sort_by_key(tiaoli_diagnostics::Diagnostic::sort_key);
    output::print(&ws.diagnostics, &ws.sources, args.format, args.color);
    if args.format == Format::Human {
        let packs = ws.packs.len();
        output::emit(&format!(
            "checked {packs} pack{} ({} file{}): {}\n",
            if packs == 1 { "" } else { "s" },
            ws.files,
            if ws.files == 1 { "" } else { "s" },
            output::tally(&ws.diagnostics)
        ));
    }
    let failed = ws.diagnostics.iter().any(|d| {
        d.is_error() || (args.deny_warnings && d.severity == tiaoli_diagnostics::Severity::Warning)
    });
    u8::from(failed)
}
