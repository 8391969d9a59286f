//! Invariants over random ledgers: bucket totals and the written-off part set apart sum
//! to the ledger's total, and no customer's allowance exceeds its net positive balance;
//! and ledgers imported as text, with values up to and past the bounds, are refused
//! with a line or assessed, reported and rolled forward within those rules.

use agebook::Money;
use agebook::domain::aging::AgingBasis;
use agebook::domain::allowance::{
    CustomerAging, CustomerInput, OpenItem, WrittenOff, assess_customer, assess_summed,
};
use agebook::domain::customer_type::CustomerType;
use agebook::domain::policy::{ProvisionMatrix, SpecificAllowance, SpecificBasis};
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 12, 31).unwrap()
}

fn item() -> impl Strategy<Value = OpenItem> {
    (
        -2000i64..400,             // document date offset from as-of, days
        0i64..120,                 // terms
        -5_000_000i64..50_000_000, // open amount in fen
        any::<bool>(),
    )
        .prop_map(|(doc_offset, terms, minor, disputed)| {
            let document_date = as_of() + Duration::days(doc_offset.min(0) - doc_offset.max(0) / 4);
            OpenItem {
                document_no: String::new(),
                document_date,
                due_date: document_date + Duration::days(terms),
                disputed,
                amount: None,
                open_amount: Money::from_minor(minor),
            }
        })
}

fn specific() -> impl Strategy<Value = Option<SpecificBasis>> {
    prop_oneof![
        Just(None),
        (0i64..=1000).prop_map(|p| Some(SpecificBasis::Percent(rust_decimal::Decimal::new(p, 3)))),
        (0i64..100_000_000).prop_map(|a| Some(SpecificBasis::Amount(Money::from_minor(a)))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_customer_assessed_from_its_summed_aging_is_the_customer_assessed_from_its_items(
        items in prop::collection::vec(item(), 0..40),
        type_index in 0usize..6,
        basis in specific(),
        document_basis in any::<bool>(),
    ) {
        let mut matrix = ProvisionMatrix::default_matrix(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap());
        matrix.basis = if document_basis { AgingBasis::DocumentDate } else { AgingBasis::DueDate };
        let customer_type = CustomerType::parse(CustomerType::BUILT_IN[type_index]).unwrap();
        let specific = basis.map(|basis| SpecificAllowance {
            customer_id: "C1".into(),
            basis,
            reason: "test".into(),
            effective_from: as_of(),
            effective_to: None,
            set_by: "p".into(),
        });
        let input = CustomerInput {
            customer_id: "C1",
            name: "Name",
            customer_type: &customer_type,
            items: &items,
            specific: specific.as_ref(),
            last_write_off: None,
        };
        let from_items = assess_customer(as_of(), &matrix, &input, &|_| None);
        let mut aging = CustomerAging::new(matrix.buckets.len());
        // Summed in reverse: a summary cannot depend on the order rows came in.
        for item in items.iter().rev() {
            aging.add_item(as_of(), &matrix, item);
        }
        let summed = assess_summed(&matrix, &CustomerInput { items: &[], ..input }, aging);
        prop_assert_eq!(summed, from_items);
    }

    #[test]
    fn buckets_sum_to_the_total_and_the_allowance_stays_under_the_net_balance(
        customers in prop::collection::vec(
            (prop::collection::vec(item(), 0..25), 0usize..6, specific(), any::<bool>()),
            1..8,
        ),
    ) {
        let mut matrix = ProvisionMatrix::default_matrix(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap());
        let mut ledger_total = Money::ZERO;
        let mut set_apart_total = Money::ZERO;
        let mut bucket_totals = vec![Money::ZERO; matrix.buckets.len()];
        for (i, (mut items, type_index, basis, document_basis)) in customers.into_iter().enumerate() {
            matrix.basis = if document_basis { AgingBasis::DocumentDate } else { AgingBasis::DueDate };
            for (n, item) in items.iter_mut().enumerate() {
                item.document_no = format!("D{n}");
            }
            let customer_type = CustomerType::parse(CustomerType::BUILT_IN[type_index]).unwrap();
            let specific = basis.map(|basis| SpecificAllowance {
                customer_id: format!("C{i}"),
                basis,
                reason: "test".into(),
                effective_from: as_of(),
                effective_to: None,
                set_by: "p".into(),
            });
            let id = format!("C{i}");
            let input = CustomerInput {
                customer_id: &id,
                name: "",
                customer_type: &customer_type,
                items: &items,
                specific: specific.as_ref(),
                last_write_off: None,
            };
            // Documents ending in 3 had 5,000.00 written off, leaving 1,000.00 open.
            let written = WrittenOff {
                amount: Money::from_minor(500_000),
                left_open: Money::from_minor(100_000),
            };
            let a = assess_customer(as_of(), &matrix, &input, &|no| {
                no.ends_with('3').then_some(written)
            });
            let net: Money = items.iter().map(|i| i.open_amount).sum();
            let set_apart: Money = items
                .iter()
                .filter(|i| i.document_no.ends_with('3'))
                .map(|i| (i.open_amount - written.left_open).max_zero().min(written.amount))
                .sum();
            prop_assert_eq!(a.written_off_still_open, set_apart);
            prop_assert_eq!(a.balance, net - set_apart);
            prop_assert_eq!(a.buckets.iter().copied().sum::<Money>(), a.balance);
            prop_assert_eq!(a.allowance_buckets.iter().copied().sum::<Money>(), a.allowance);
            prop_assert!(a.allowance >= Money::ZERO);
            prop_assert!(a.allowance <= a.balance.max_zero());
            prop_assert!(a.allowance_buckets.iter().all(|b| *b >= Money::ZERO));
            ledger_total += net;
            set_apart_total += a.written_off_still_open;
            for (t, b) in bucket_totals.iter_mut().zip(&a.buckets) {
                *t += *b;
            }
        }
        prop_assert_eq!(
            bucket_totals.iter().copied().sum::<Money>() + set_apart_total,
            ledger_total
        );
    }

    #[test]
    fn rounding_is_half_away_from_zero_at_the_fen(minor in -1_000_000_000i64..1_000_000_000, thousandth in 0i64..10) {
        // value = minor fen + thousandth / 10 fen
        let value = rust_decimal::Decimal::new(minor * 10 + thousandth * minor.signum().max(1), 3);
        let rounded = Money::round(value);
        let diff = (value - rounded.amount()).abs();
        prop_assert!(diff <= rust_decimal::Decimal::new(5, 3));
        if diff == rust_decimal::Decimal::new(5, 3) {
            prop_assert!(rounded.amount().abs() > value.abs(), "ties go away from zero");
        }
    }
}

/// One ledger line as text: amounts anywhere in the range a book accepts and just beyond
/// it, dates anywhere from 1900 to past 2199, so what the importer accepts is then
/// assessed, reported and rolled forward.
fn ledger_line() -> impl Strategy<Value = (u8, i64, i32, u32, i64)> {
    (
        0u8..6, // customer
        prop_oneof![
            6 => -5_000_000i64..50_000_000, // everyday amounts, in fen
            3 => -MAX_FEN..=MAX_FEN,        // anywhere in the range
            1 => Just(MAX_FEN),
            1 => prop_oneof![Just(MAX_FEN + 1), Just(-MAX_FEN - 1)], // just past it
        ],
        prop_oneof![9 => 2010i32..2017, 1 => 1899i32..2201], // document year
        0u32..365,                                           // day of the year
        prop_oneof![9 => 0i64..120, 1 => 0i64..40_000],      // terms in days
    )
}

const MAX_FEN: i64 = agebook::domain::money::MAX_AMOUNT_MINOR;

fn ledger_text(lines: &[(u8, i64, i32, u32, i64)]) -> String {
    let mut text = String::from(
        "customer_id,customer_name,customer_type,document_no,document_date,due_date,open_amount\n",
    );
    for (n, (customer, fen, year, day, terms)) in lines.iter().enumerate() {
        let date = NaiveDate::from_yo_opt(*year, 1).unwrap() + Duration::days(i64::from(*day));
        let due = date + Duration::days(*terms);
        let types = [
            "state_owned",
            "private",
            "individual",
            "related_party",
            "government",
            "other",
        ];
        text.push_str(&format!(
            "C{customer},Customer {customer},{},D{n},{date},{due},{}\n",
            types[usize::from(*customer)],
            Money::from_minor(*fen)
        ));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn what_an_import_accepts_assesses_reports_and_rolls_forward_within_the_rules(
        first in prop::collection::vec(ledger_line(), 1..12),
        second in prop::collection::vec(ledger_line(), 1..12),
    ) {
        let mut book = agebook::Book::in_memory("p").unwrap();
        let mut accepted = Vec::new();
        for (name, lines) in [("ar_2016-11-30.csv", &first), ("ar_2016-12-31.csv", &second)] {
            let text = ledger_text(lines);
            let within_bounds = lines.iter().all(|(_, fen, year, _, _)| {
                fen.abs() <= MAX_FEN && (1900..=2199).contains(year)
            });
            match crate::support::import_bytes(&mut book, text.as_bytes(), name) {
                Ok(outcome) => {
                    prop_assert!(within_bounds, "a value beyond the bounds was accepted");
                    accepted.push(outcome.snapshot);
                }
                Err(e) => {
                    // Refused only for a reason in the file, with its line.
                    prop_assert!(e.to_string().contains(&format!("{name}:")), "{e}");
                }
            }
        }
        for snapshot in &accepted {
            let assessment = book.assess(snapshot.as_of).unwrap();
            let mut ledger = Money::ZERO;
            for c in &assessment.customers {
                prop_assert_eq!(c.buckets.iter().copied().sum::<Money>(), c.balance);
                prop_assert!(c.allowance >= Money::ZERO && c.allowance <= c.balance.max_zero());
                prop_assert_eq!(c.allowance_buckets.iter().copied().sum::<Money>(), c.allowance);
                ledger += c.balance + c.written_off_still_open;
            }
            prop_assert_eq!(ledger, snapshot.total);
            for by in [agebook::report::aging::GroupBy::Type, agebook::report::aging::GroupBy::Customer] {
                let report = agebook::report::aging::AgingReport::build(
                    &assessment,
                    agebook::report::aging::Measure::Allowance,
                    by,
                );
                let json: serde_json::Value =
                    serde_json::from_str(&report.render(agebook::report::Format::Json)).unwrap();
                let total = assessment.total_allowance().to_string();
                prop_assert_eq!(json["total"]["allowance"].as_str(), Some(total.as_str()));
            }
        }
        if let [a, b] = accepted.as_slice() {
            let rf = book.rollforward(a.as_of, b.as_of).unwrap();
            let total = rf.total();
            prop_assert!(total.reconciles(), "{total:?}");
            prop_assert_eq!(total.closing, book.assess(b.as_of).unwrap().total_allowance());
        }
    }
}
