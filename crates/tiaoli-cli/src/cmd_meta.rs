//! What the tool says about itself: shell completions and the man page.

use clap::{CommandFactory, Parser};

use crate::{Cli, output};

/// The command line, parsed.
pub fn parse() -> Result<Cli, clap::Error> {
    Cli::try_parse()
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
