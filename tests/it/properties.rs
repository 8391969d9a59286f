//! Invariants over random ledgers: bucket totals and the written-off part set apart sum
//! to the ledger's total, and no customer's allowance exceeds its net positive balance.

use agebook::Money;
use agebook::domain::aging::AgingBasis;
use agebook::domain::allowance::{CustomerInput, OpenItem, WrittenOff, assess_customer};
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
