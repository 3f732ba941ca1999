//! One file per request or notification. Notification handlers are plain
//! functions that take the state's lock and never `.await` while holding
//! it; request handlers read on a snapshot (`read.rs`).

pub mod did_change;
pub mod did_change_watched_files;
pub mod did_close;
pub mod did_open;
pub mod initialize;
pub mod initialized;
