//! Property tests: the reconciliation an import counts as it writes each customer's
//! items, and the period movements it writes alongside, are what the walk of the two
//! stored snapshots gives, whatever the order of the rows (grouped, customers coming
//! back, shuffled), the order the months are imported in (a month imported before the
//! book's latest one is the next one's new prior), replaced months, and write-offs
//! posted between imports (documents gone under one, and ones still listed).

use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use chrono::Duration;
use proptest::prelude::*;

use crate::support::{month_end_of as as_of, post_write_off};

const MONTHS: usize = 3;

#[derive(Debug, Clone)]
struct Case {
    /// Per customer, per document: its open amount in fen at each month end (0: not
    /// listed).
    documents: Vec<Vec<[i64; MONTHS]>>,
    /// The months in the order they are imported.
    imports: Vec<usize>,
    /// Per month, how its rows come: 0 grouped by customer, 1 grouped with the first
    /// row moved to the end (its customer comes back), else shuffled with that seed.
    row_orders: [u64; MONTHS],
    /// Write-offs posted after that many imports: (after, customer, document).
    write_offs: Vec<(usize, usize, usize)>,
    /// A month imported again at the end, replacing itself, its rows reversed.
    replace: Option<usize>,
}

fn case() -> impl Strategy<Value = Case> {
    let open = prop_oneof![2 => Just(0i64), 5 => 1i64..5_000_000, 1 => -200_000i64..0];
    let document = prop::array::uniform3(open);
    (
        prop::collection::vec(prop::collection::vec(document, 1..5), 1..5),
        Just((0..MONTHS).collect::<Vec<_>>()).prop_shuffle(),
        prop::array::uniform3(0u64..6),
        prop::collection::vec((1..MONTHS, 0usize..5, 0usize..5), 0..3),
        prop::option::of(0..MONTHS),
    )
        .prop_map(
            |(documents, imports, row_orders, write_offs, replace)| Case {
                documents,
                imports,
                row_orders,
                write_offs,
                replace,
            },
        )
}

/// The month's ledger, its rows in the case's order (reversed when `reversed`).
fn ledger(case: &Case, month: usize, reversed: bool) -> String {
    let mut rows = Vec::new();
    for (c, documents) in case.documents.iter().enumerate() {
        for (n, opens) in documents.iter().enumerate() {
            if opens[month] != 0 {
                let date = as_of(0) - Duration::days(40 * n as i64 + 3);
                rows.push(format!(
                    "C{c},Customer {c},D{n},{date},{},{month}\n",
                    Money::from_minor(opens[month])
                ));
            }
        }
    }
    if rows.is_empty() {
        rows.push(format!("Z,Filler,F,2016-01-01,1.00,{month}\n"));
    }
    match case.row_orders[month] {
        0 => {}
        1 => rows.rotate_left(1),
        seed => fastrand::Rng::with_seed(seed).shuffle(&mut rows),
    }
    if reversed {
        rows.reverse();
    }
    let mut csv =
        String::from("customer_id,customer_name,document_no,document_date,open_amount,period\n");
    csv.extend(rows);
    csv
}

/// Imports the month and checks its reconciliation against the book's walk.
fn import(book: &mut Book, case: &Case, month: usize, replace: bool) -> Result<(), TestCaseError> {
    let outcome = book
        .import_reader(
            ledger(case, month, replace).as_bytes(),
            &format!("ar_{}.csv", as_of(month)),
            None,
            replace,
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    let walked = book.reconcile(as_of(month)).unwrap();
    prop_assert_eq!(&outcome.reconciliation, &walked);
    prop_assert!(walked.holds());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn an_imports_reconciliation_and_movements_are_those_of_the_stored_snapshots(c in case()) {
        let mut book = Book::in_memory("amy").unwrap();
        book.set_approver("boss", Money::parse("1000000000").unwrap(), None).unwrap();
        for (done, &month) in c.imports.iter().enumerate() {
            for &(after, customer, document) in &c.write_offs {
                if after == done {
                    let latest = c.imports[..done].iter().max().copied().unwrap_or(0);
                    // Refused for a document not open then.
                    let date = as_of(latest) + Duration::days(5);
                    post_write_off(&mut book, &format!("C{customer}"), &format!("D{document}"), date);
                }
            }
            import(&mut book, &c, month, false)?;
        }
        if let Some(month) = c.replace {
            import(&mut book, &c, month, true)?;
        }
        // The movements written with each import are the ones the items give.
        let report = book.verify().unwrap();
        prop_assert!(report.ok, "{:?}", report.problems());
    }
}
