//! Property tests over random histories (ledgers, specific allowances, posted
//! write-offs, recoveries, adjustments) run through the real book: the roll-forward
//! identity on every row, reconciliation to the required allowance at both ends, and
//! that splitting a range at any snapshot and adding the two gives the whole.

use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::domain::policy::SpecificBasis;
use chrono::Duration;
use proptest::prelude::*;

use crate::support::{month_end_of as as_of, post_write_off};

#[derive(Debug, Clone)]
struct History {
    snapshots: usize,
    /// Per customer, per document: (age of the document in days at the first snapshot,
    /// open amount in fen per snapshot; 0 = absent).
    documents: Vec<Vec<(i64, Vec<i64>)>>,
    specifics: Vec<(usize, usize, i64)>,
    write_offs: Vec<(usize, usize, usize)>,
    recoveries: Vec<(usize, usize, i64)>,
    adjustments: Vec<(usize, usize, i64)>,
}

fn history() -> impl Strategy<Value = History> {
    (2usize..6, 1usize..4).prop_flat_map(|(snapshots, customers)| {
        let document = (
            0i64..1500,
            prop::collection::vec(
                prop_oneof![2 => Just(0i64), 5 => 1i64..5_000_000, 1 => -200_000i64..0],
                snapshots,
            ),
        );
        (
            Just(snapshots),
            prop::collection::vec(prop::collection::vec(document, 1..4), customers),
            prop::collection::vec((0..customers, 0..snapshots, 0i64..=100), 0..3),
            prop::collection::vec((0..customers, 0usize..4, 0..snapshots), 0..3),
            prop::collection::vec((0..customers, 1..snapshots, 1i64..1_000_000), 0..2),
            prop::collection::vec((0..customers, 1..snapshots, -500_000i64..500_000), 0..2),
        )
            .prop_map(
                |(snapshots, documents, specifics, write_offs, recoveries, adjustments)| History {
                    snapshots,
                    documents,
                    specifics,
                    write_offs,
                    recoveries,
                    adjustments,
                },
            )
    })
}

fn build(h: &History) -> Book {
    let mut book = Book::in_memory("amy").unwrap();
    book.set_approver("boss", Money::parse("1000000000").unwrap(), None)
        .unwrap();
    for s in 0..h.snapshots {
        // The unused `period` column keeps months with identical items from reading as the
        // same file imported twice.
        let mut csv = String::from(
            "customer_id,customer_name,document_no,document_date,open_amount,period\n",
        );
        let mut rows = 0;
        for (c, docs) in h.documents.iter().enumerate() {
            for (n, (age, opens)) in docs.iter().enumerate() {
                if opens[s] != 0 {
                    let date = as_of(0) - Duration::days(*age);
                    csv.push_str(&format!(
                        "C{c},Customer {c},D{n},{date},{},{s}\n",
                        Money::from_minor(opens[s])
                    ));
                    rows += 1;
                }
            }
        }
        if rows == 0 {
            csv.push_str(&format!("Z,Filler,F,2016-01-01,1.00,{s}\n"));
        }
        book.import_reader(
            csv.as_bytes(),
            &format!("ar_{}.csv", as_of(s)),
            None,
            false,
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    }
    let customers = book.store().customers().unwrap();
    for (c, s, percent) in &h.specifics {
        if customers.contains_key(&format!("C{c}")) {
            let basis = SpecificBasis::Percent(rust_decimal::Decimal::new(*percent, 2));
            book.set_specific(&format!("C{c}"), basis, "assessed", as_of(*s))
                .unwrap();
        }
    }
    for (c, n, s) in &h.write_offs {
        // Write off a document open at snapshot s, dated a few days after it.
        let Some((_, opens)) = h.documents[*c].get(*n) else {
            continue;
        };
        if opens[*s] <= 0 || *s + 1 >= h.snapshots {
            continue;
        }
        let date = as_of(*s) + Duration::days(5);
        post_write_off(&mut book, &format!("C{c}"), &format!("D{n}"), date);
    }
    for (c, s, fen) in &h.recoveries {
        if customers.contains_key(&format!("C{c}")) {
            // A recovery needs earlier write-offs and stays within them: the rule
            // refuses the others, and only those.
            match book.record_recovery(
                &format!("C{c}"),
                Money::from_minor(*fen),
                as_of(*s) - Duration::days(3),
                "r",
            ) {
                Ok(_) | Err(agebook::book::BookError::Recovery(_)) => {}
                Err(e) => panic!("{e}"),
            }
        }
    }
    for (c, s, fen) in &h.adjustments {
        if customers.contains_key(&format!("C{c}")) && *fen != 0 {
            book.record_adjustment(
                &format!("C{c}"),
                Money::from_minor(*fen),
                as_of(*s) - Duration::days(1),
                "adj",
            )
            .unwrap();
        }
    }
    book
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_roll_forward_reconciles_on_every_row_and_splits_exactly(h in history(), a in 0usize..6, b in 0usize..6, m in 0usize..6) {
        let book = build(&h);
        let history = book.history(&mut |_, _| {}).unwrap();
        let n = history.snapshots.len();
        let (mut i0, mut i1) = (a % n, b % n);
        if i0 > i1 {
            std::mem::swap(&mut i0, &mut i1);
        }
        let (from, to) = (history.snapshots[i0].as_of, history.snapshots[i1].as_of);
        let rf = book.rollforward_of(&history, from, to).unwrap();
        let total = rf.total();
        prop_assert!(total.reconciles(), "{total:?}");
        prop_assert_eq!(total.opening, history.assessments[i0].total_allowance());
        prop_assert_eq!(total.closing, history.assessments[i1].total_allowance());
        for c in &rf.customers {
            prop_assert!(c.line.reconciles(), "{}: {:?}", c.customer_id, c.line);
            prop_assert!(c.line.provisions >= Money::ZERO && c.line.write_backs >= Money::ZERO);
        }
        for (t, line) in rf.by_type() {
            prop_assert!(line.reconciles(), "{t}");
        }
        let mid = i0 + m % (i1 - i0 + 1);
        let first = book.rollforward_of(&history, from, history.snapshots[mid].as_of).unwrap();
        let second = book.rollforward_of(&history, history.snapshots[mid].as_of, to).unwrap();
        prop_assert_eq!(first.total().then(&second.total()), total);
    }
}
