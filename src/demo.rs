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
use crate::domain::collection::NoteAction;
use crate::domain::money::Money;
use crate::domain::policy::SpecificBasis;
use crate::domain::writeoff::{ReasonCategory, Transition};
use crate::generate::{self, CUSTOMER_A, CUSTOMER_B, RELATED_PARTY};

/// The demo's credit manager: approves up to RMB 1 million.
pub const MANAGER: &str = "zhang.wei";
/// The demo's CFO: approves up to RMB 50 million.
pub const CFO: &str = "li.na";

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
    record_story(book)?;
    progress(total, total, "done");
    Ok(summary)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The events of the story: approvers, collection efforts, Customer A's write-off through
/// two approvers, the 2016 year-end close, the 2017 clean-up and a recovery. The preparer
/// is the book's user; `zhang.wei` (credit manager) and `li.na` (CFO) approve.
fn record_story(book: &mut Book) -> Result<(), BookError> {
    let preparer = book.user().to_string();
    book.set_approver(MANAGER, Money::parse("1000000").unwrap_or_default(), None)?;
    book.set_approver(CFO, Money::parse("50000000").unwrap_or_default(), None)?;

    let notes: [(&str, NaiveDate, NoteAction, &str, &str); 8] = [
        (
            CUSTOMER_A,
            date(2016, 1, 18),
            NoteAction::Call,
            "No commitment",
            "Called the new finance director: the 2015 invoices are 'under review' after the change of management.",
        ),
        (
            CUSTOMER_A,
            date(2016, 3, 22),
            NoteAction::Letter,
            "Disputed",
            "Dunning letter for RMB 12.4 million; reply disputes every invoice signed by the former management.",
        ),
        (
            CUSTOMER_A,
            date(2016, 6, 14),
            NoteAction::Visit,
            "Refused",
            "Visited Zhengzhou with sales: the customer will not pay and will not confirm the balance.",
        ),
        (
            CUSTOMER_A,
            date(2016, 9, 5),
            NoteAction::Legal,
            "Advised against suit",
            "Counsel's opinion: recovery through the courts is unlikely and would take years; costs exceed the likely yield.",
        ),
        (
            CUSTOMER_B,
            date(2016, 2, 26),
            NoteAction::Visit,
            "Payment plan agreed",
            "Agreed four instalments for the 2014 balance of RMB 8.0 million, the last by November.",
        ),
        (
            CUSTOMER_B,
            date(2016, 11, 25),
            NoteAction::Call,
            "Settled",
            "Final instalment received; the 2014 balance is cleared.",
        ),
        (
            RELATED_PARTY,
            date(2016, 6, 30),
            NoteAction::Letter,
            "No means to repay",
            "Confirmation received for RMB 37.9 million; the borrower states it has no means to repay this year.",
        ),
        (
            "C0045",
            date(2016, 12, 12),
            NoteAction::Call,
            "Promised to pay",
            "Promised to pay the 2014 invoice after its own customer pays; no date given.",
        ),
    ];
    for (customer, when, action, outcome, text) in notes {
        book.add_note(customer, when, action, outcome, text)?;
    }

    // Customer A: proposed, approved by the credit manager (over her limit) and the CFO,
    // posted on 2016-12-20.
    let a = book.propose_write_off(
        CUSTOMER_A,
        date(2016, 12, 20),
        ReasonCategory::ChangeOfManagement,
        "The 2015 invoices have been disputed since the customer's change of management; a year of \
         collection efforts (calls, letters, a visit) failed and counsel advises that a suit would \
         not recover the debt. The balance has carried a 100% specific allowance since March 2016.",
        &[],
    )?;
    story_approval(book, a, &preparer, &[MANAGER, CFO])?;
    book.close_period(date(2016, 12, 31))?;

    // The 2017 H1 clean-up of small long-aging balances, one write-off per customer and date.
    let mut batches: Vec<Batch> = Vec::new();
    for w in generate::story_write_offs()
        .into_iter()
        .filter(|w| w.customer_id != CUSTOMER_A)
    {
        let amount = Money::try_from_decimal(w.amount).ok();
        match batches
            .iter_mut()
            .find(|(c, d, _)| *c == w.customer_id && *d == w.date)
        {
            Some(batch) => batch.2.push((w.document_no, amount)),
            None => batches.push((w.customer_id, w.date, vec![(w.document_no, amount)])),
        }
    }
    for (customer, when, documents) in batches {
        let id = book.propose_write_off(
            customer,
            when,
            ReasonCategory::UneconomicToPursue,
            "Long-aging balance over two years past due; the customer no longer trades with us and \
             further collection would cost more than it recovers.",
            &documents,
        )?;
        story_approval(book, id, &preparer, &[MANAGER])?;
    }
    // A customer cleaned up in February pays part of its old balance in May.
    book.record_recovery(
        "C0040",
        Money::parse("5000.00").unwrap_or_default(),
        date(2017, 5, 15),
        "Bank transfer after the write-off notice",
    )?;
    Ok(())
}

/// One write-off of the clean-up: customer, date, documents and amounts.
type Batch = (&'static str, NaiveDate, Vec<(String, Option<Money>)>);

/// Submits, approves (by each approver in turn) and posts a write-off, then acts as the
/// preparer again.
fn story_approval(
    book: &mut Book,
    id: i64,
    preparer: &str,
    approvers: &[&str],
) -> Result<(), BookError> {
    book.transition_write_off(id, Transition::Submit)?;
    for approver in approvers {
        book.set_user(approver);
        book.transition_write_off(id, Transition::Approve)?;
    }
    book.set_user(preparer);
    book.transition_write_off(id, Transition::Post)?;
    Ok(())
}
