//! `tiaoli`: check, format and explain tiaoli rule packs.

mod cmd_check;
mod cmd_explain;
mod cmd_fmt;
mod load;
mod output;

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// tiaoli (条例) — policy as code for China's Critical Information
/// Infrastructure regulation (State Council Decree 745).
///
/// Rules are written article by article in the tiaoli language and grouped
/// into packs: a folder with a `tiaoli.toml` manifest and `.tiaoli` files.
#[derive(Debug, Parser)]
#[command(name = "tiaoli", version, propagate_version = true)]
#[command(
    after_help = "Examples:\n  tiaoli check                      check every pack under ./policies\n  tiaoli check policies/decree-745  check one pack (and what it depends on)\n  tiaoli check --format json        machine-readable diagnostics\n  tiaoli fmt --check                list files that are not formatted\n  tiaoli explain N001               what a diagnostic code means"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse, resolve and type-check packs, reporting every problem found.
    ///
    /// PATH is a pack folder (with tiaoli.toml), a folder holding packs at
    /// any depth, or a single .tiaoli file. Dependencies named in manifests
    /// are loaded too (from their `path`, or from a sibling folder of that
    /// name). Exit status: 0 no errors, 1 errors (or warnings with
    /// --deny-warnings), 2 usage or I/O problems.
    Check(CheckArgs),
    /// Format .tiaoli files in the one canonical layout (comments are kept).
    ///
    /// Files with syntax errors are reported and left untouched. With
    /// --check nothing is written: the files that would change are listed
    /// and the exit status is 1 if there are any.
    Fmt(FmtArgs),
    /// Explain a diagnostic code: what it means, why, an example and the fix.
    Explain {
        /// A code such as N001 (case does not matter).
        code: String,
    },
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Packs, folders of packs or files [default: ./policies]
    paths: Vec<std::path::PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Treat warnings as errors for the exit status.
    #[arg(long)]
    deny_warnings: bool,
    /// When to use colours in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, clap::Args)]
struct FmtArgs {
    /// Files or folders to format [default: ./policies]
    paths: Vec<std::path::PathBuf>,
    /// Do not write; list unformatted files and exit 1 if there are any.
    #[arg(long)]
    check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    let code = match cli.command {
        Command::Check(args) => cmd_check::run(&args),
        Command::Fmt(args) => cmd_fmt::run(&args),
        Command::Explain { code } => cmd_explain::run(&code),
    };
    ExitCode::from(code)
}
