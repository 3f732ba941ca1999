//! `tiaoli`: check, format and explain tiaoli rule packs.

/// `eprintln!` that cannot panic: std's panics when stderr cannot be written
/// (`2>/dev/full`). A message that cannot be shown is dropped; the exit status
/// still says what happened.
macro_rules! stderr {
    ($($arg:tt)*) => {
        $crate::output::to_stderr(&format!($($arg)*))
    };
}

mod citation;
mod cmd_check;
mod cmd_coverage;
mod cmd_diff;
mod cmd_eval;
mod cmd_explain;
mod cmd_fmt;
mod cmd_lock;
mod cmd_lsp;
mod cmd_meta;
mod cmd_new;
mod cmd_pack;
mod cmd_template;
mod cmd_test;
mod colour;
mod config;
mod eval_inputs;
mod eval_piece;
mod eval_summary;
mod eval_totals;
mod explain_more;
mod fix;
mod formats;
mod lang;
mod output;
mod pack_paths;
mod prepare;
mod progress;
mod spool;
mod stdin;

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
    after_help = "Examples:\n  tiaoli check                      check every pack under ./policies\n  tiaoli check policies/decree-745  check one pack (and what it depends on)\n  tiaoli check --format json        machine-readable diagnostics\n  tiaoli fmt --check                list files that are not formatted\n  tiaoli explain N001               what a diagnostic code means\n  tiaoli eval examples/grid-dispatch.yaml --as-of 2026-11-21\n                                    evaluate a facility (./policies, else the bundled packs)\n  tiaoli eval site.yaml --questions the missing facts that would decide the most\n  tiaoli template -o site.yaml      a facility file to fill in, every fact commented\n  tiaoli test policies              run the packs' tests\n  tiaoli explain art17              an article: its text, rules and dependencies\n  tiaoli coverage                   which articles have rules, and which are tested\n  tiaoli new sector-pack water      scaffold a sector pack that checks and tests clean\n  tiaoli lock                       pin what each pack depends on (tiaoli.lock)\n  tiaoli check --lang zh            diagnostics in Chinese (or TIAOLI_LANG=zh)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Language of diagnostics, reports and messages (before or after the
    /// subcommand) [default: $TIAOLI_LANG, else en]
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    /// When to colour human output: auto (a terminal, unless NO_COLOR is
    /// set and not empty), always, never.
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse, resolve and type-check packs, reporting every problem found.
    ///
    /// PATH is a pack folder (with tiaoli.toml), a folder holding packs at
    /// any depth, or a single .tiaoli file. Dependencies named in manifests
    /// are loaded too (from their `path`, or from a sibling folder of that
    /// name). Another file (README.md) is refused. Exit status: 0 no
    /// errors, 1 errors (or warnings with --deny-warnings, or no pack found
    /// under PATH), 2 usage or I/O problems.
    Check(CheckArgs),
    /// Format .tiaoli files in the one canonical layout (comments are kept).
    ///
    /// Files with syntax errors are reported and left untouched. With
    /// --check nothing is written: the files that would change are listed
    /// and the exit status is 1 if there are any; --diff is the same, with
    /// a unified diff of each change instead of the list.
    Fmt(FmtArgs),
    /// Evaluate facilities: is each one CII, which obligations hold, which
    /// are violated or undecided (and which facts would decide them), what
    /// is due when, and which penalties it is exposed to — each answer cited.
    ///
    /// FILE is YAML, JSON, a JSON array or JSON lines (an inventory). Without
    /// --pack, the configuration's packs, else ./policies when it exists, else
    /// the packs bundled into tiaoli at build time are used. A record
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
    /// --deny-warnings, checking the packs warns, or no pack is found).
    Test(TestArgs),
    /// Explain a diagnostic code, an article (`art17`), a rule, a fact or a
    /// pack: what it means, its text in both languages, what it depends on
    /// and what depends on it.
    Explain {
        /// A code such as N001, an article (art17, `art. 17`, 第十七条), a
        /// paragraph or item (art39.1.8, `art. 39(1)(8)`, 第三十九条第一款第八项),
        /// a rule name, a fact (`sector`, `facility.sector`) or a pack
        /// (`energy`); `PACK::` before it looks in that pack only.
        code: String,
        /// Packs to look articles and rules up in [default: ./policies, else the bundled packs]
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
    /// Write a facility file to fill in: every fact of the packs, each
    /// with its type, allowed values and description (Chinese and English)
    /// as comments.
    ///
    /// Every fact's key is commented out, so the file evaluates as it is,
    /// every fact unknown; uncomment a line to state a fact. To stdout, or
    /// to -o FILE (an existing file is refused without --force). Exit
    /// status: 0 written, 1 the packs have errors, 2 usage or I/O problems.
    Template(cmd_template::TemplateArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell, elvish.
    ///
    /// bash: `tiaoli completions bash > ~/.local/share/bash-completion/completions/tiaoli`;
    /// zsh: into a folder of `$fpath` as `_tiaoli`; fish:
    /// `~/.config/fish/completions/tiaoli.fish`.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to stdout: `tiaoli man > tiaoli.1`.
    Man,
}

#[derive(Debug, clap::Args)]
struct EvalArgs {
    /// Facility files: .yaml/.yml, .json (an object or an array), .jsonl;
    /// folders (every such file under them, sorted); `-`: stdin (its format
    /// told by its content)
    #[arg(required = true)]
    files: Vec<std::path::PathBuf>,
    /// The name stdin (`-`) is reported under; its extension, if any, tells
    /// the format [default: <stdin>]
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<std::path::PathBuf>,
    /// Pack folders to evaluate against [default: ./policies, else the bundled packs]
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
    /// Human report of an inventory: each facility's report, and every
    /// record's problems, before the summary (by default an inventory of
    /// more than one facility prints its summary only).
    #[arg(long)]
    detail: bool,
    /// Human report: only the problems and the totals line.
    #[arg(long, short = 'q', conflicts_with_all = ["detail", "verbose"])]
    quiet: bool,
    /// Human report: `-v` is `--detail`, `-vv` adds `--explain`.
    #[arg(long, short = 'v', action = clap::ArgAction::Count)]
    verbose: u8,
    /// Threads evaluating records (1: one at a time) [default: all cores]
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// For each undecided facility, the missing facts that would decide
    /// the most outcomes whichever way they are answered (each tried
    /// value evaluated), best first: at most N [default: 10], and the few
    /// to answer first. Human, json and jsonl formats only.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "10")]
    questions: Option<usize>,
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
    /// Run only the tests whose name (`pack::test`) contains TEXT
    /// (repeatable: any of them).
    #[arg(long, value_name = "TEXT")]
    filter: Vec<String>,
    /// Also run the tests of the packs the given packs depend on (by
    /// default a sector pack's run leaves decree-745's tests out).
    #[arg(long)]
    include_deps: bool,
    /// List every expectation of every test run, met or not, with its value.
    #[arg(long, short = 'v')]
    verbose: bool,
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
    /// Packs, folders of packs or files [default: ./policies]; `-`: stdin
    paths: Vec<std::path::PathBuf>,
    /// With `-`: the path stdin's text stands for. Inside a pack, the pack
    /// is checked with the text in place of that file [default: <stdin>,
    /// a lone file].
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<std::path::PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Treat warnings as errors for the exit status.
    #[arg(long)]
    deny_warnings: bool,
    /// Write the fixes the diagnostics carry (did-you-mean replacements,
    /// ASCII for full-width marks) into the files, then check again.
    #[arg(long)]
    fix: bool,
}

#[derive(Debug, clap::Args)]
struct FmtArgs {
    /// Files or folders to format [default: ./policies]; `-`: stdin, the
    /// formatted text on stdout
    paths: Vec<std::path::PathBuf>,
    /// Do not write; list unformatted files and exit 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Do not write; print a unified diff of what would change and exit 1
    /// if there is any.
    #[arg(long)]
    diff: bool,
    /// The name stdin's text is reported under (with `-`).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<std::path::PathBuf>,
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
    let (mut cli, matches) = match cmd_meta::parse() {
        Ok(parsed) => parsed,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    colour::set(cli.color);
    if let Err(invalid) = config::load() {
        // `check` reports them with the packs'; elsewhere they stop the run.
        if !matches!(cli.command, Command::Check(_)) {
            output::to_stderr(&tiaoli_diagnostics::render_human(
                &invalid.diagnostics,
                &invalid.sources,
                tiaoli_diagnostics::HumanOptions::default(),
            ));
            stderr!(
                "error: the configuration `{}` has errors; `tiaoli check` shows them",
                invalid.file.display()
            );
            return ExitCode::from(2);
        }
    }
    if let Command::Eval(args) = &mut cli.command {
        let given = matches
            .subcommand_matches("eval")
            .and_then(|m| m.value_source("format"))
            .is_some_and(|s| s != clap::parser::ValueSource::DefaultValue);
        if let Some(format) = config::get().and_then(|f| f.config.format.as_deref())
            && !given
            && let Ok(format) = Format::from_str(format, true)
        {
            args.format = format;
        }
    }
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
        Command::Template(args) => cmd_template::run(&args),
        Command::Completions { shell } => cmd_meta::completions(shell),
        Command::Man => cmd_meta::man(),
    };
    ExitCode::from(code)
}
