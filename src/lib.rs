//! Agebook: accounts-receivable aging, the allowance for doubtful accounts and its
//! roll-forward, kept month by month in a local SQLite book.
//!
//! The crate is a library with one binary. [`domain`] holds the rules as pure code,
//! [`store`] is the only module that speaks SQL, [`import`] reads ledgers, [`report`]
//! turns domain results into tables, [`cli`] is the scripting interface and [`gui`] the
//! window. The CLI and the GUI call the same [`book::Book`] functions, so a figure on
//! screen and in `--format json` cannot differ.

// First, so that `t!` is in scope in every module after it.
#[macro_use]
pub mod i18n;
pub mod book;
pub mod book_watch;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod generate;
pub mod gui;
pub mod import;
pub mod integrity;
pub mod jobs;
pub mod postings;
pub mod report;
pub mod store;

pub use book::Book;
pub use domain::money::Money;
