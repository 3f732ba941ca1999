//! What the tool says about itself: shell completions, the man page, and the
//! long `--version` (the bundled packs, by version and content digest).

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches};

use crate::{Cli, output};

/// The command line, parsed. The long version is computed only when asked
/// for: it digests every bundled pack.
pub fn parse() -> Result<(Cli, clap::ArgMatches), clap::Error> {
    let mut cmd = Cli::command();
    if std::env::args_os().any(|a| a == "--version") {
        // Leaked once: clap keeps `&'static str`, and the process prints it
        // and exits.
        cmd = cmd.long_version(&*long_version().leak());
    }
    let matches = cmd.try_get_matches()?;
    Cli::from_arg_matches(&matches).map(|cli| (cli, matches))
}

/// `0.1.0` and then one line per bundled pack: name, version, and the
/// SHA-256 of its archive, the digest `tiaoli pack build` prints and a
/// lockfile records (so an edited pack is told apart from a release).
fn long_version() -> String {
    let mut out = env!("CARGO_PKG_VERSION").to_owned();
    out.push_str("\nbundled packs:");
    let root = PathBuf::from(tiaoli_workspace::BUNDLED_ROOT);
    let layout = match tiaoli_workspace::discover(&tiaoli_workspace::Bundled, &[root]) {
        Ok(layout) => layout,
        Err(e) => {
            out.push_str(&format!(" cannot be listed: {e}"));
            return out;
        }
    };
    for j in 0..layout.packs.len() {
        match tiaoli_workspace::lock_entry(&layout, j) {
            Ok(p) => out.push_str(&format!("\n  {} {} sha256:{}", p.name, p.version, p.sha256)),
            Err(e) => out.push_str(&format!("\n  {e}")),
        }
    }
    out
}

/// `tiaoli completions SHELL`: the completion script on stdout.
pub fn completions(shell: clap_complete::Shell) -> u8 {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "tiaoli", &mut buf);
    output::emit(&String::from_utf8_lossy(&buf));
    0
}

/// The page with its `.TH` line first, as man(7) has it and as `whatis`
/// and lintian expect; clap_mangen puts its string definitions (`.ds Aq`)
/// before it, which may as well follow.
fn th_first(page: &str) -> String {
    let Some(at) = page.find("\n.TH ").map(|i| i + 1) else {
        return page.to_owned();
    };
    let end = page[at..].find('\n').map_or(page.len(), |i| at + i + 1);
    format!("{}{}{}", &page[at..end], &page[..at], &page[end..])
}

/// `tiaoli man`: the man page (roff) on stdout.
pub fn man() -> u8 {
    let mut buf = Vec::new();
    if let Err(e) = clap_mangen::Man::new(Cli::command()).render(&mut buf) {
        stderr!("error: cannot render the man page: {e}");
        return 2;
    }
    output::emit(&th_first(&String::from_utf8_lossy(&buf)));
    0
}
