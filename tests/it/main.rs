//! The integration tests, one binary: each module drives the library, the command line
//! or the window as a user would. One binary links the crate's dependencies once, which
//! keeps a fresh build's disk use and link time down.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly"
)]

mod audit_chain;
mod cli;
mod cli_contract;
mod export_safety;
mod fixtures_are_generated;
mod gui_audit;
mod gui_customer;
mod gui_import;
mod gui_jobs;
mod gui_language;
mod gui_policy;
mod gui_review;
mod gui_rollforward;
mod gui_support;
mod gui_writeoffs;
mod history;
mod import_errors;
mod import_fixtures;
mod import_fuzz;
mod import_kill;
mod kill_points;
mod ledgers;
mod memo;
mod old_books;
mod properties;
mod reconcile;
mod reconcile_properties;
mod rollforward;
mod rollforward_properties;
mod store;
mod summaries;
mod support;
mod trust;
mod two_processes;
mod writeoffs;
