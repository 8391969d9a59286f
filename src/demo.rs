//! The demo book: the bundled fixtures imported month by month, with the story's
//! specific allowances, so a newcomer sees every feature on real-looking data.
//!
//! The fixture files under `fixtures/` are written by [`crate::generate`]; a test keeps
//! them byte-identical, so the demo builds them from the generator and needs no files.

use std::sync::atomic::AtomicBool;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::{Book, BookError};
use crate::domain::aging::AgingBasis;
use crate::domain::policy::SpecificBasis;
use crate::generate::{self, CUSTOMER_A, RELATED_PARTY};

/// What the demo built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    /// Snapshots imported.
    pub snapshots: usize,
    /// Open items imported, all snapshots together.
    pub items: i64,
}

/// The date the story's provision matrix takes effect: the first fixture month.
pub fn demo_policy_effective() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default()
}

/// Builds the demo into an empty book. `progress(done, total, what)` is called per file.
pub fn build_demo(
    book: &mut Book,
    progress: &mut dyn FnMut(usize, usize, &str),
    cancel: &AtomicBool,
) -> Result<DemoSummary, BookError> {
    let existing = book.snapshots()?;
    if !existing.is_empty() {
        return Err(BookError::NotEmpty(existing.len()));
    }
    let mut files = generate::fixture_files();
    // The matrix first, so every snapshot is assessed under the story's policy.
    files.sort_by_key(|f| f.name != generate::POLICY_FILE_NAME);
    let total = files.len();
    let mut summary = DemoSummary {
        snapshots: 0,
        items: 0,
    };
    for (done, file) in files.iter().enumerate() {
        progress(done, total, &file.name);
        if file.name == generate::POLICY_FILE_NAME {
            book.import_policy(
                &file.contents,
                &file.name,
                demo_policy_effective(),
                AgingBasis::DueDate,
            )?;
            continue;
        }
        let outcome = book.import_reader(
            file.contents.as_bytes(),
            &file.name,
            None,
            false,
            &mut |_| {},
            cancel,
        )?;
        summary.snapshots += 1;
        summary.items += outcome.snapshot.row_count;
    }
    // Customer A disputes its balance from March 2016: fully reserved from then on.
    book.set_specific(
        CUSTOMER_A,
        SpecificBasis::Percent(Decimal::ONE),
        "Disputes the whole balance after its 2015 change of management; no payment since mid-2015",
        NaiveDate::from_ymd_opt(2016, 3, 31).unwrap_or_default(),
    )?;
    // The related-party loan has been overdue since 2015: fully reserved.
    book.set_specific(
        RELATED_PARTY,
        SpecificBasis::Percent(Decimal::ONE),
        "Related-party loan overdue since June 2015; the borrower has no means to repay",
        NaiveDate::from_ymd_opt(2016, 1, 31).unwrap_or_default(),
    )?;
    progress(total, total, "done");
    Ok(summary)
}
