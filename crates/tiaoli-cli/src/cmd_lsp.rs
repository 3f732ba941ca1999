//! `tiaoli lsp`: the language server, over stdin and stdout.

#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Talk over stdin and stdout (the default and only transport; accepted
    /// because vscode-languageclient passes it).
    #[arg(long)]
    stdio: bool,
}

pub fn run(args: &LspArgs) -> u8 {
    let _ = args.stdio;
    tiaoli_lsp::run_stdio()
}
