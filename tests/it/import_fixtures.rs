//! Every bundled fixture imports, and the book's totals equal sums this test computes
//! from the CSV text itself, independently of the importer.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::domain::aging::AgingBasis;
use agebook::report::aging::{AgingReport, GroupBy, Measure};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Sums straight from the CSV: (rows, net, debits, credits, net per customer).
fn sums(text: &str) -> (i64, Money, Money, Money, BTreeMap<String, Money>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (c_customer, c_open) = (col("customer_id"), col("open_amount"));
    let (mut rows, mut net, mut debits, mut credits) = (0, Money::ZERO, Money::ZERO, Money::ZERO);
    let mut per_customer = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let amount = Money::parse(&record[c_open]).unwrap();
        rows += 1;
        net += amount;
        if amount.is_negative() {
            credits += amount;
        } else {
            debits += amount;
        }
        *per_customer
            .entry(record[c_customer].to_string())
            .or_insert(Money::ZERO) += amount;
    }
    (rows, net, debits, credits, per_customer)
}

#[test]
fn every_fixture_imports_with_the_totals_of_its_csv() {
    let mut book = Book::in_memory("tester").unwrap();
    let policy = std::fs::read_to_string(fixtures().join("policy.csv")).unwrap();
    let effective = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    book.import_policy(&policy, "policy.csv", effective, AgingBasis::DueDate)
        .unwrap();
    let mut names: Vec<_> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("ar_"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 18);
    let cancel = AtomicBool::new(false);
    for name in &names {
        let path = fixtures().join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        let (rows, net, debits, credits, per_customer) = sums(&text);
        let outcome = book
            .import_file(&path, None, false, &mut |_| {}, &cancel)
            .unwrap();
        let s = &outcome.snapshot;
        assert_eq!(s.source_name, *name);
        assert_eq!(s.row_count, rows, "{name}");
        assert_eq!(s.total, net, "{name}");
        assert_eq!(s.debits, debits, "{name}");
        assert_eq!(s.credits, credits, "{name}");

        // The aging of the snapshot: customers' balances as in the CSV, bucket totals
        // summing to the snapshot total.
        let assessment = book.assess(s.as_of).unwrap();
        let balances: BTreeMap<String, Money> = assessment
            .customers
            .iter()
            .map(|c| (c.customer_id.clone(), c.balance))
            .collect();
        assert_eq!(balances, per_customer, "{name}");
        let report = AgingReport::build(&assessment, Measure::Amounts, GroupBy::Type);
        let bucket_sum: Money = report.total.buckets.0.iter().map(|(_, m)| *m).sum();
        assert_eq!(bucket_sum, net, "{name}: buckets sum to the total");
        let by_type: Money = report.rows.iter().map(|r| r.balance).sum();
        assert_eq!(by_type, net, "{name}: types sum to the total");
        let allowance = AgingReport::build(&assessment, Measure::Allowance, GroupBy::Type);
        let allowance_sum: Money = allowance.total.buckets.0.iter().map(|(_, m)| *m).sum();
        assert_eq!(allowance_sum, assessment.total_allowance(), "{name}");
    }
    assert_eq!(book.snapshots().unwrap().len(), 18);
}

#[test]
fn the_related_party_loan_is_aged_over_one_year_and_reserved_by_the_matrix() {
    // 2016-12-31: the loan (due 2015-06-30) is 550 days past due, in 366-730, where the
    // fixture policy's related_party rate applies.
    let mut book = Book::in_memory("tester").unwrap();
    let policy = std::fs::read_to_string(fixtures().join("policy.csv")).unwrap();
    let effective = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap();
    let matrix = book
        .import_policy(&policy, "policy.csv", effective, AgingBasis::DueDate)
        .unwrap();
    let path = fixtures().join("ar_2016-12-31.csv");
    book.import_file(&path, None, false, &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2016, 12, 31).unwrap();
    let a = book.assess(as_of).unwrap();
    let rp = a
        .customers
        .iter()
        .find(|c| c.customer_id == "R0001")
        .unwrap();
    let loan = Money::parse("37900000.00").unwrap();
    assert_eq!(rp.buckets[6], loan, "366-730 holds the loan");
    assert_eq!(rp.over_one_year, loan);
    assert_eq!(rp.oldest_days, Some(550));
    // Every other R0001 item is younger than a year; the loan's own allowance is its
    // rate times 37.9 million, exactly.
    let rate = matrix.rate(&rp.customer_type, 6);
    assert_eq!(rp.allowance_buckets[6], Money::round(loan.times(rate)));
}
