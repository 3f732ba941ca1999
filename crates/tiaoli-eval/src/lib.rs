//! Evaluation of checked tiaoli packs against facilities.
//!
//! [`compile`] turns checked packs into a [`Program`] (names resolved to
//! slots, rules in dependency order); [`evaluate`] runs it for one
//! [`Facility`] as of a given date, in three-valued logic, and returns an
//! [`Evaluation`]: every duty's status, due date and missing facts, every
//! penalty's trigger, fines and exemptions. No I/O, no clock.

pub mod bind;
pub mod calendar;
mod compile;
pub mod coverage;
mod eval;
pub mod human;
pub mod ir;
mod outcome;
pub mod pack_tests;
pub mod questions;
mod report;
mod schema;
mod value;

pub use compile::{CompileError, compile};
pub use eval::{Facility, evaluate, evaluate_into, missing_names};
pub use ir::{CiteStyle, PackInForce, Program, Window};
pub use outcome::{
    DutyOutcome, Evaluation, Exempted, Exposure, FineOutcome, FineStatus, OutOfRange,
    PenaltyOutcome, Status,
};
pub use report::{
    JsonOptions, duty_explanation, exposure_json, facility_json, tri_json, value_json,
    write_exposure, write_facility,
};
pub use schema::{EnumInfo, FactInfo, FastHash, FastHasher, RecordInfo, Schema};
pub use value::{Dur, FactSet, Missing, Reason, Tri, Value, money_max};
