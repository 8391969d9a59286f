//! The rules of Agebook as pure code: money, dates, customer types, aging buckets, the
//! provision matrix and the required allowance.
//!
//! Architecture invariant: nothing under `domain` does I/O. It never imports rusqlite,
//! egui or `std::fs`; the store and the importer hand it plain values.

pub mod activity;
pub mod aging;
pub mod alerts;
pub mod allowance;
pub mod collection;
pub mod currency;
pub mod customer_type;
pub mod date;
pub mod money;
pub mod policy;
pub mod reconcile;
pub mod rollforward;
pub mod writeoff;
