//! `tiaoli`: check, format and explain tiaoli rule packs.

/// `eprintln!` that cannot panic: std's panics when stderr cannot be written
/// (`2>/dev/full`). A message that cannot be shown is dropped; the exit status
/// still says what happened.
macro_rules! stderr {
    ($($arg:tt)*) => {
        $crate::output::to_stderr(&format!($($arg)*))
    };
}

mod cmd_check;
mod cmd_coverage;
mod cmd_diff;
mod cmd_eval;
mod cmd_explain;
mod cmd_fmt;
mod cmd_lock;
mod cmd_lsp;
mod cmd_new;
mod cmd_pack;
mod cmd_test;
mod eval_piece;
mod eval_totals;
mod formats;
mod lang;
mod output;
mod prepare;
mod spool;

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
    after_help = "Examples:\n  tiaoli check                      check every pack under ./policies\n  tiaoli check policies/decree-745  check one pack (and what it depends on)\n  tiaoli check --format json        machine-readable diagnostics\n  tiaoli fmt --check                list files that are not formatted\n  tiaoli explain N001               what a diagnostic code means\n  tiaoli eval examples/grid-dispatch.yaml --as-of 2026-11-21\n                                    evaluate a facility against the bundled packs\n  tiaoli test policies              run the packs' tests\n  tiaoli explain art17              an article: its text, rules and dependencies\n  tiaoli coverage                   which articles have rules, and which are tested\n  tiaoli new sector-pack water      scaffold a sector pack that checks and tests clean\n  tiaoli lock                       pin what each pack depends on (tiaoli.lock)\n  tiaoli check --lang zh            diagnostics in Chinese (or TIAOLI_LANG=zh)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of diagnostics, reports and messages (before or after the
    /// subcommand) [default: $TIAOLI_LANG, else en]
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
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
    /// Evaluate facilities: is each one CII, which obligations hold, which
    /// are violated or undecided (and which facts would decide them), what
    /// is due when, and which penalties it is exposed to — each answer cited.
    ///
    /// FILE is YAML, JSON, a JSON array or JSON lines (an inventory). Without
    /// --pack, the packs bundled into tiaoli at build time are used. A record
    /// with bad facts is reported and the others are still evaluated; the
    /// exit status is then 1. JSON lines and JSON arrays are read record by
    /// record, in bounded memory, and evaluated on all cores (--jobs); the
    /// output is in input order, the same for any --jobs.
    ///
    /// Exit status: 0 done; 1 a record could not be evaluated, or what
    /// --fail-on names was found (or there were no records at all); 2
    /// usage or I/O problems; 141 the reader closed the pipe.
    Eval(EvalArgs),
    /// Run the packs' tests: the facts each test gives, and the outcomes it
    /// expects. A failure shows expected against actual, with the
    /// explanation. Exit status 1 if any test fails (or, with
    /// --deny-warnings, checking the packs warns).
    Test(TestArgs),
    /// Explain a diagnostic code, an article (`art17`) or a rule: what it
    /// means, its text in both languages, what it depends on and what
    /// depends on it.
    Explain {
        /// A code such as N001, an article such as art17, or a rule name.
        code: String,
        /// Packs to look articles and rules up in [default: the bundled packs]
        #[arg(long)]
        pack: Vec<std::path::PathBuf>,
        /// The date whose text of an amended article to show (YYYY-MM-DD)
        /// [default: today, in China]
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Run the language server (for editors) over stdin and stdout.
    ///
    /// Editors start it themselves (see editors/ for VS Code, Neovim and
    /// Helix): diagnostics as you type, hover and the other editor features
    /// for the packs of the folder the editor opens. It writes only protocol
    /// messages to stdout and exits after `shutdown` and `exit`, or when
    /// stdin closes. Exit status: 0 after `shutdown`, 1 without it.
    Lsp(cmd_lsp::LspArgs),
    /// What changed between two packs, or two versions of one: articles
    /// and rules added, removed, changed or moved (an article's text found
    /// under another number), and with --facilities, whose outcomes change
    /// and how (each facility evaluated under both).
    ///
    /// Exit status: 0, or 1 when some facility record could not be read, 2
    /// for usage or I/O problems.
    Diff(cmd_diff::DiffArgs),
    /// Publish a pack: build its reproducible archive, digests and filing
    /// summary; make keys; sign; verify; unpack an archive safely.
    ///
    /// A signed pack keeps its signature in `tiaoli.sig` beside its
    /// `tiaoli.toml`; every command that loads it refuses it (M014) once
    /// its files differ from the ones signed. Exit status: 0 done, 1
    /// refused, 2 usage or I/O problems.
    #[command(subcommand)]
    Pack(cmd_pack::PackCommand),
    /// For every article of the packs: text only, encoded as rules (which,
    /// citing which paragraph or item), or exercised by the packs' tests —
    /// and which tests touch which rules; totals per chapter and pack.
    ///
    /// The tests are run as `tiaoli test` runs them. A test touches the
    /// rules its expectations name and every rule evaluating them for its
    /// facility reads (an extension point through the implementation for
    /// the facility's key only). Exit status: 0, 1 if the packs have
    /// errors, 2 for usage or I/O problems.
    #[command(
        after_help = "Examples:\n  tiaoli coverage                            every pack under ./policies\n  tiaoli coverage policies/sectors/energy    one pack (and what it depends on)\n  tiaoli coverage --format json | jq '.packs[] | {name, totals}'"
    )]
    Coverage(cmd_coverage::CoverageArgs),
    /// Create something new from a template: `tiaoli new sector-pack NAME`.
    New(cmd_new::NewArgs),
    /// Write each pack's lockfile (`tiaoli.lock`): every pack it depends
    /// on, with its version and the digests of its contents.
    ///
    /// Every command that loads a pack with a lockfile (check, eval, test,
    /// explain, the language server) refuses it (M015) when what it depends
    /// on is not what was locked: another version, a changed file, a
    /// dependency added or dropped. Run `tiaoli lock` after an intended
    /// change; `--check` in CI. Exit status: 0 done (or, with --check, all
    /// up to date), 1 a lockfile to write or the packs have loading errors,
    /// 2 usage or I/O problems.
    Lock(cmd_lock::LockArgs),
}

#[derive(Debug, clap::Args)]
struct EvalArgs {
    /// Facility files: .yaml/.yml, .json (an object or an array), .jsonl
    #[arg(required = true)]
    files: Vec<std::path::PathBuf>,
    /// Pack folders to evaluate against [default: the bundled packs]
    #[arg(long)]
    pack: Vec<std::path::PathBuf>,
    /// The date to evaluate as of (YYYY-MM-DD) [default: today, in China]
    #[arg(long)]
    as_of: Option<String>,
    /// Output format (docs/output.md describes each).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 when any evaluated facility has a violated outcome
    /// (`violated`), an undecided one (`undecided`), or a certain fine on
    /// its operator (`exposure`: the certain exposure's upper bound is not
    /// zero). Several may be given (`violated,undecided`, or repeated). With
    /// any of them, an input with no records fails too.
    #[arg(long, value_enum, value_delimiter = ',')]
    fail_on: Vec<FailOn>,
    /// Print each outcome's explanation: the facts and rules it used (in
    /// the human report, and as `explanation` trees in json and jsonl).
    #[arg(long)]
    explain: bool,
    /// Threads evaluating records (1: one at a time) [default: all cores]
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// The most bytes read whole: a YAML or single-object JSON document, one
    /// JSON line, one element of a JSON array (F015 past it).
    #[arg(long, default_value_t = tiaoli_input::stream::DEFAULT_MAX_DOCUMENT)]
    max_document_bytes: usize,
    /// A trust file (keys trusted per issuer): a signed `--pack` whose key
    /// it does not trust for the pack's issuer is refused.
    #[arg(long)]
    trust: Option<std::path::PathBuf>,
    /// Refuse `--pack` folders that are not signed by a key of the
    /// `--trust` file (the bundled packs are part of tiaoli and pass).
    #[arg(long, requires = "trust")]
    require_signed: bool,
}

#[derive(Debug, clap::Args)]
struct TestArgs {
    /// Packs or folders of packs [default: ./policies]
    paths: Vec<std::path::PathBuf>,
    /// The date tests without `as_of` are evaluated as of [default: today]
    #[arg(long)]
    as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    format: TestFormat,
    /// Fail (exit 1) when checking the packs gives warnings.
    #[arg(long)]
    deny_warnings: bool,
}

/// What `tiaoli eval --fail-on` fails on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Violated,
    Undecided,
    Exposure,
}

/// `tiaoli test`'s output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TestFormat {
    Human,
    /// One document: every test, its result and mismatches, the totals.
    Json,
    /// One JSON object per test, then the totals.
    Jsonl,
    /// JUnit XML: one testcase per pack test.
    Junit,
}

/// `tiaoli check`'s output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    /// One diagnostic per line.
    Jsonl,
    /// SARIF 2.1.0 (GitHub code scanning and other viewers).
    Sarif,
    /// JUnit XML: one testcase per file, a failure per error.
    Junit,
    /// GitHub Actions workflow commands (`::error file=…::…`).
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Packs, folders of packs or files [default: ./policies]
    paths: Vec<std::path::PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
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
    /// JSON lines: one JSON object per line (`tiaoli eval`: a header, each
    /// facility and diagnostic, a summary).
    Jsonl,
    /// SARIF 2.1.0: violated and undecided outcomes, bad records.
    Sarif,
    /// JUnit XML: a testsuite per facility, a testcase per outcome.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A Markdown report (an inventory's summary table first).
    Markdown,
    /// A self-contained HTML report (an inventory's summary table first).
    Html,
    /// iCalendar: each due date an all-day event.
    Ics,
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
    match lang::resolve(cli.lang) {
        Ok(chosen) => lang::set(chosen),
        Err(msg) => {
            stderr!("error: {msg}");
            return ExitCode::from(2);
        }
    }
    let code = match cli.command {
        Command::Check(args) => cmd_check::run(&args),
        Command::Fmt(args) => cmd_fmt::run(&args),
        Command::Eval(args) => cmd_eval::run(&args),
        Command::Test(args) => cmd_test::run(&args),
        Command::Explain { code, pack, as_of } => cmd_explain::run(&code, &pack, as_of.as_deref()),
        Command::Lsp(args) => cmd_lsp::run(&args),
        Command::Diff(args) => cmd_diff::run(&args),
        Command::Pack(cmd) => cmd_pack::run(&cmd),
        Command::Coverage(args) => cmd_coverage::run(&args),
        Command::New(args) => cmd_new::run(&args),
        Command::Lock(args) => cmd_lock::run(&args),
    };
    ExitCode::from(code)
}
