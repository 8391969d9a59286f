//! The allowance roll-forward on the demo book: figures the test derives from the
//! fixtures' story, the identity on every row, reconciliation to the required allowance
//! at both ends, and that a range split at any snapshot adds back to the whole.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::domain::rollforward::RollForwardLine;
use agebook::generate::{self, CUSTOMER_A, CUSTOMER_B, RELATED_PARTY};
use agebook::report::rollforward::{LINES, RollForward};
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn demo() -> Book {
    let mut book = Book::in_memory("amy").unwrap();
    agebook::demo::build_demo(&mut book, &mut |_, _, _| {}, &AtomicBool::new(false)).unwrap();
    book
}

fn line<'a>(rf: &'a RollForward, id: &str) -> &'a RollForwardLine {
    &rf.customers
        .iter()
        .find(|c| c.customer_id == id)
        .unwrap()
        .line
}

fn story_total(customer: Option<&str>, year: i32) -> Money {
    generate::story_write_offs()
        .iter()
        .filter(|w| customer.is_none_or(|c| w.customer_id == c))
        .filter(|w| chrono::Datelike::year(&w.date) == year)
        .map(|w| Money::try_from_decimal(w.amount).unwrap())
        .sum()
}

/// Open amounts of one customer in a fixture file, summed from the CSV text.
fn csv_balance(file: &str, customer: &str) -> Money {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(file);
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| &r[0] == customer)
        .map(|r| Money::parse(&r[9]).unwrap())
        .sum()
}

#[test]
fn the_2016_roll_forward_tells_the_story() {
    let book = demo();
    let rf = book.rollforward(d("2016-01-31"), d("2016-12-31")).unwrap();
    let opening = book.assess(d("2016-01-31")).unwrap();
    let closing = book.assess(d("2016-12-31")).unwrap();

    // Reconciles to the required allowance at both ends.
    let total = rf.total();
    assert_eq!(total.opening, opening.total_allowance());
    assert_eq!(total.closing, closing.total_allowance());
    assert!(total.reconciles());

    // Customer A: provided for through 2016, then written off for the story's amount.
    let a = line(&rf, CUSTOMER_A);
    let written_off = story_total(Some(CUSTOMER_A), 2016);
    assert_eq!(written_off, Money::parse("12378044.00").unwrap());
    assert_eq!(a.write_offs, written_off);
    let a_opening = opening
        .customers
        .iter()
        .find(|c| c.customer_id == CUSTOMER_A)
        .unwrap()
        .allowance;
    assert_eq!(a.opening, a_opening);
    assert_eq!(
        a.closing,
        Money::ZERO,
        "its lingering document is written off: no allowance"
    );
    assert_eq!(a.net_charge(), written_off - a_opening);
    assert!(a.reconciles());

    // Customer B: paying off its 2014 balance released allowance.
    let b = line(&rf, CUSTOMER_B);
    assert!(b.write_backs > b.provisions, "{b:?}");
    assert!(b.closing < b.opening);

    // The related party is fully reserved: its allowance is its balance in the CSV.
    let rp = line(&rf, RELATED_PARTY);
    assert_eq!(rp.closing, csv_balance("ar_2016-12-31.csv", RELATED_PARTY));
    assert_eq!(rp.opening, csv_balance("ar_2016-01-31.csv", RELATED_PARTY));

    // The net increase came from Customer A, offset by the write-back on Customer B.
    let provisions = rf.drivers(LINES[0].1, 1);
    assert_eq!(provisions[0].customer_id, CUSTOMER_A);
    let write_backs = rf.drivers(LINES[1].1, 1);
    assert_eq!(write_backs[0].customer_id, CUSTOMER_B);

    // By type: only state-owned wrote anything off in 2016; every row reconciles.
    for (t, l) in rf.by_type() {
        assert!(l.reconciles(), "{t}");
        let expected = if t == "state_owned" {
            written_off
        } else {
            Money::ZERO
        };
        assert_eq!(l.write_offs, expected, "{t}");
    }
    for c in &rf.customers {
        assert!(c.line.reconciles(), "{}", c.customer_id);
    }
}

#[test]
fn the_2017_clean_up_and_the_recovery_show_in_their_lines() {
    let book = demo();
    let rf = book.rollforward(d("2016-12-31"), d("2017-06-30")).unwrap();
    let total = rf.total();
    assert_eq!(total.write_offs, story_total(None, 2017));
    assert_eq!(total.recoveries, Money::parse("5000.00").unwrap());
    assert_eq!(
        line(&rf, "C0040").recoveries,
        Money::parse("5000.00").unwrap()
    );
    assert!(total.reconciles());
    assert_eq!(
        total.closing,
        book.assess(d("2017-06-30")).unwrap().total_allowance()
    );
}

#[test]
fn a_range_split_at_any_snapshot_adds_back_to_the_whole() {
    let book = demo();
    let history = book.history(&mut |_, _| {}).unwrap();
    let (from, to) = (d("2016-01-31"), d("2017-06-30"));
    let whole = book.rollforward_of(&history, from, to).unwrap();
    for s in &history.snapshots {
        let first = book.rollforward_of(&history, from, s.as_of).unwrap();
        let second = book.rollforward_of(&history, s.as_of, to).unwrap();
        assert_eq!(
            first.total().then(&second.total()),
            whole.total(),
            "split at {}",
            s.as_of
        );
        for c in &whole.customers {
            let find = |rf: &RollForward| {
                rf.customers
                    .iter()
                    .find(|x| x.customer_id == c.customer_id)
                    .map_or(RollForwardLine::default(), |x| x.line)
            };
            let joined = find(&first).then(&find(&second));
            assert_eq!(joined, c.line, "{} split at {}", c.customer_id, s.as_of);
        }
    }
}
