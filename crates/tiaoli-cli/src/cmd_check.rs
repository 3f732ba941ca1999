use crate::prepare::{default_paths, load};
use crate::{CheckArgs, Format, output};

pub fn run(args: &CheckArgs) -> u8 {
    let ws = match load(&tiaoli_workspace::Disk, &default_paths(&args.paths)) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let diagnostics = ws.all_diagnostics(&ws.check());
    output::print(&diagnostics, &ws.sources, args.format, args.color);
    if args.format == Format::Human {
        let packs = ws.packs.len();
        output::emit(&format!(
            "checked {packs} pack{} ({} file{}): {}\n",
            if packs == 1 { "" } else { "s" },
            ws.files,
            if ws.files == 1 { "" } else { "s" },
            output::tally(&diagnostics)
        ));
    }
    let failed = diagnostics.iter().any(|d| {
        d.is_error() || (args.deny_warnings && d.severity == tiaoli_diagnostics::Severity::Warning)
    });
    u8::from(failed)
}
