//! One file per request or notification.

pub mod did_change;
pub mod did_close;
pub mod did_open;
pub mod initialize;
