//! When to colour: the global `--color auto|always|never`, and for `auto`
//! whether the output is a terminal and NO_COLOR (https://no-color.org).

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::sync::OnceLock;

use crate::Color;

static CHOICE: OnceLock<Color> = OnceLock::new();

/// Records `--color` for the run (set once, in `main`).
pub fn set(choice: Color) {
    let _ = CHOICE.set(choice);
}

/// Whether to colour what goes to stdout. `requested` is what the caller
/// asks for; `auto` defers to `--color`.
pub fn stdout(requested: Color) -> bool {
    let choice = match requested {
        Color::Auto => CHOICE.get().copied().unwrap_or(Color::Auto),
        other => other,
    };
    decide(
        choice,
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    )
}

/// `always` and `never` are what they say; `auto` colours a terminal
/// unless NO_COLOR is set to a non-empty value (an empty NO_COLOR is as if
/// unset, as the convention says).
pub fn decide(choice: Color, terminal: bool, no_color: Option<&OsStr>) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && no_color.is_none_or(OsStr::is_empty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_non_empty_no_color_turns_colour_off() {
        let on = |v: Option<&str>| decide(Color::Auto, true, v.map(OsStr::new));
        assert!(on(None));
        assert!(on(Some("")), "an empty NO_COLOR must not disable colour");
        assert!(!on(Some("1")));
        assert!(!on(Some("0")), "any non-empty value disables colour");
        assert!(!decide(Color::Auto, false, None), "not a terminal");
        assert!(decide(Color::Always, false, Some(OsStr::new("1"))));
        assert!(!decide(Color::Never, true, None));
    }
}
