//! The ledger reader, end to end: any bytes imported as `ar_2016-12-31.csv` into a new
//! book are either refused with an error or taken whole; a taken ledger is assessed, its
//! aging and allowance reports are built and rendered, and the figures keep their
//! invariants. An error is an answer; a panic (or an overflow, under `-a`) is a bug.

#![no_main]

use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::domain::aging::AgingBasis;
use agebook::report::Format;
use agebook::report::aging::{AgingReport, GroupBy, Measure};
use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

/// The fixture matrix, so the assessment uses the buckets and rates a real book has.
const POLICY: &str = include_str!("../../fixtures/policy.csv");

fuzz_target!(|data: &[u8]| {
    let Ok(mut book) = Book::in_memory("fuzz") else {
        return;
    };
    let Some(effective) = NaiveDate::from_ymd_opt(2016, 1, 1) else {
        return;
    };
    if book
        .import_policy(POLICY, "policy.csv", effective, AgingBasis::DueDate)
        .is_err()
    {
        return;
    }
    let imported = book.import_reader(
        data,
        "ar_2016-12-31.csv",
        None,
        false,
        &mut |_| {},
        &AtomicBool::new(false),
    );
    let Ok(outcome) = imported else {
        return;
    };
    let as_of = outcome.snapshot.as_of;
    let assessment = book
        .assess(as_of)
        .expect("a ledger the book took can be assessed");
    for c in &assessment.customers {
        let aged: Money = c.buckets.iter().sum();
        assert_eq!(
            aged, c.balance,
            "{}: the buckets sum to the balance",
            c.customer_id
        );
        let spread: Money = c.allowance_buckets.iter().sum();
        assert_eq!(
            spread, c.allowance,
            "{}: the allowance buckets sum to the allowance",
            c.customer_id
        );
        assert!(
            !c.allowance.is_negative(),
            "{}: the allowance {} is not negative",
            c.customer_id,
            c.allowance
        );
        assert!(
            c.allowance <= c.balance.max_zero(),
            "{}: the allowance {} is at most the positive balance {}",
            c.customer_id,
            c.allowance,
            c.balance
        );
    }
    for measure in [Measure::Amounts, Measure::Allowance] {
        for by in [GroupBy::Type, GroupBy::Customer] {
            let report = AgingReport::build(&assessment, measure, by);
            let json = report.render(Format::Json);
            serde_json::from_str::<serde_json::Value>(&json).expect("the JSON report is JSON");
            let _ = report.render(Format::Csv);
            let _ = report.render(Format::Table);
        }
    }
});
