//! `tiaoli eval`'s progress bar: on stderr, only when stderr is a terminal
//! (indicatif hides it otherwise, so a redirected or piped run writes no
//! escape codes), and only once a run has taken a second — a small file
//! never flashes one. `TIAOLI_PROGRESS=never` turns it off, `always` draws
//! it from the start (still only on a terminal); `-q` turns it off.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes before its bar is drawn.
const DELAY: Duration = Duration::from_secs(1);

pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    drawn: bool,
    delay: Duration,
}

impl Progress {
    /// A bar over `total` bytes of input (hidden until [`DELAY`]).
    pub fn new(total: u64, quiet: bool) -> Self {
        let setting = std::env::var("TIAOLI_PROGRESS").unwrap_or_default();
        let delay = if setting == "always" {
            Duration::ZERO
        } else {
            DELAY
        };
        let bar = (!quiet && setting != "never").then(|| {
            let style = ProgressStyle::with_template(
                "{spinner} [{bar:30}] {bytes}/{total_bytes} · {msg} · {elapsed}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
                .with_style(style)
        });
        Progress {
            bar,
            started: Instant::now(),
            drawn: false,
            delay,
        }
    }

    /// `bytes` of the input read and `records` evaluated so far.
    pub fn update(&mut self, bytes: u64, records: usize) {
        let Some(bar) = &self.bar else { return };
        if !self.drawn && self.started.elapsed() >= self.delay {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            self.drawn = true;
        }
        bar.set_position(bytes);
        bar.set_message(format!("{records} records"));
    }

    /// Clears the bar, before the report's last lines.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
