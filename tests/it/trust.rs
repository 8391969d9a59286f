//! The rules an auditor relies on, each pinned by the defect it once had: a closed
//! period that moved, a partial write-off that took the whole document, recoveries
//! without a write-off, written-off documents counted in the balance. On the demo book
//! and on small ledgers whose figures are worked out by hand below.

use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::Money;
use agebook::book::BookError;
use agebook::domain::aging::AgingBasis;
use agebook::domain::customer_type::CustomerType;
use agebook::domain::policy::SpecificBasis;
use agebook::domain::writeoff::{ReasonCategory, RecoveryError, Transition};
use chrono::NaiveDate;

use crate::support::{agebook, demo_book, fixture, import_bytes, json, ok};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn closing_2016(book: &Book) -> Money {
    book.rollforward(d("2016-01-31"), d("2016-12-31"))
        .unwrap()
        .total()
        .closing
}

fn refused_as_closed(result: Result<impl std::fmt::Debug, BookError>) -> String {
    match result {
        Err(e @ BookError::Closed(_)) => e.to_string(),
        other => panic!("expected a refusal naming the close, got {other:?}"),
    }
}

#[test]
fn closing_a_period_freezes_specific_allowances_policies_types_and_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_book(dir.path());
    let mut book = Book::open(&path, "amy").unwrap();
    assert_eq!(book.closed_through().unwrap(), Some(d("2016-12-31")));
    // The closing the issue saw before the closed year was changed.
    assert_eq!(closing_2016(&book), m("40258410.42"));
    let audit_rows = book.store().audit_log().unwrap().len();

    let half = SpecificBasis::Percent("0.5".parse().unwrap());
    let e = refused_as_closed(book.set_specific("C0034", half, "dispute", d("2016-06-30")));
    assert_eq!(
        e,
        "a specific allowance dated 2016-06-30 falls in a closed period: the book is closed \
         through 2016-12-31; reopen that period, with a reason, to change it"
    );
    refused_as_closed(book.clear_specific("C0001", d("2016-06-30")));
    let policy = std::fs::read_to_string(fixture("policy.csv")).unwrap();
    let e = refused_as_closed(book.import_policy(
        &policy,
        "policy.csv",
        d("2016-03-01"),
        AgingBasis::DueDate,
    ));
    assert!(e.starts_with("a policy version dated 2016-03-01"), "{e}");
    let related = CustomerType::parse("related_party").unwrap();
    refused_as_closed(book.set_customer_type("C0034", &related, Some(d("2016-12-31"))));
    let e = refused_as_closed(book.import_file(
        &fixture("ar_2016-06-30.csv"),
        None,
        true,
        &mut |_| {},
        &AtomicBool::new(false),
    ));
    assert!(
        e.starts_with("an import replacing the snapshot dated 2016-06-30"),
        "{e}"
    );

    assert_eq!(
        closing_2016(&book),
        m("40258410.42"),
        "nothing closed moved"
    );
    assert_eq!(book.store().audit_log().unwrap().len(), audit_rows);

    // After the close, the same changes are taken.
    book.set_specific("C0034", half, "dispute", d("2017-01-31"))
        .unwrap();
    book.set_customer_type("C0034", &related, Some(d("2017-01-31")))
        .unwrap();
    assert_eq!(closing_2016(&book), m("40258410.42"));

    // Reopened with a reason, the closed year can change again.
    book.reopen_period(d("2016-01-01"), "restatement agreed with the auditor")
        .unwrap();
    book.set_specific("C0034", half, "dispute", d("2016-06-30"))
        .unwrap();
    assert_ne!(closing_2016(&book), m("40258410.42"));
}

#[test]
fn closing_a_period_refuses_a_specific_allowance_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_book(dir.path());
    let out = agebook(
        &path,
        &[
            "specific",
            "set",
            "C0034",
            "--percent",
            "50",
            "--reason",
            "dispute",
            "--from",
            "2016-06-30",
        ],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("falls in a closed period: the book is closed through 2016-12-31"),
        "{stderr}"
    );
}

const HEADER: &str =
    "customer_id,customer_name,customer_type,document_no,document_date,due_date,open_amount\n";

/// A private customer's invoice of 1,000.00 due 2012 (over 1,095 days: 100 % under the
/// default matrix) and a current one of 200.00 (0.5 %), in three month ends; `inv_1`
/// is what each ledger lists of the old invoice.
fn small_book(inv_1: [&str; 3]) -> Book {
    let mut book = Book::in_memory("amy").unwrap();
    for (as_of, open) in ["2016-11-30", "2016-12-31", "2017-01-31"].iter().zip(inv_1) {
        let mut text = HEADER.to_string();
        if !open.is_empty() {
            text.push_str(&format!(
                "C1,Acme Ltd,private,INV-1,2011-12-01,2012-01-01,{open}\n"
            ));
        }
        text.push_str(&format!(
            "C1,Acme Ltd,private,INV-{as_of},{as_of},{as_of},200.00\n"
        ));
        text.push_str("C2,Other Co,private,X-1,2016-11-01,2016-12-01,50.00\n");
        import_bytes(&mut book, text.as_bytes(), &format!("ar_{as_of}.csv")).unwrap();
    }
    book.set_approver("bob", m("1000000"), None).unwrap();
    book
}

/// Writes off `amount` of INV-1 on 2016-12-15 (from the 2016-11-30 ledger) and posts it.
fn post_partial(book: &mut Book, amount: &str) -> i64 {
    let id = book
        .propose_write_off(
            "C1",
            d("2016-12-15"),
            ReasonCategory::Dispute,
            "Settled in court for 40 %",
            &[("INV-1".to_string(), Some(m(amount)))],
        )
        .unwrap();
    book.transition_write_off(id, Transition::Submit).unwrap();
    book.set_user("bob");
    book.transition_write_off(id, Transition::Approve).unwrap();
    book.set_user("amy");
    book.transition_write_off(id, Transition::Post).unwrap();
    id
}

fn c1(book: &Book, as_of: &str) -> agebook::domain::allowance::CustomerAssessment {
    book.assess(d(as_of))
        .unwrap()
        .customers
        .into_iter()
        .find(|c| c.customer_id == "C1")
        .unwrap()
}

#[test]
fn partial_write_offs_leave_the_remainder_open_with_its_allowance() {
    // The ERP has not booked the write-off in December and lists all 1,000.00; it has in
    // January, and lists the 400.00 left.
    let mut book = small_book(["1000.00", "1000.00", "400.00"]);
    post_partial(&mut book, "600.00");
    let w = book.write_off(1).unwrap();
    assert_eq!(w.left_open, vec![m("400.00")]);

    let dec = c1(&book, "2016-12-31");
    assert_eq!(dec.written_off_still_open, m("600.00"));
    assert_eq!(dec.written_off_documents, vec!["INV-1".to_string()]);
    assert_eq!(
        dec.balance,
        m("600.00"),
        "400.00 left of INV-1 and the 200.00 invoice"
    );
    // 400.00 at 100 % and 200.00 at 0.5 %.
    assert_eq!(dec.allowance, m("401.00"));
    assert_eq!(dec.over_one_year, m("400.00"));
    assert_eq!(dec.items, 2);

    let jan = c1(&book, "2017-01-31");
    assert!(jan.written_off_documents.is_empty(), "not flagged forever");
    assert_eq!(jan.written_off_still_open, Money::ZERO);
    assert_eq!(jan.balance, m("600.00"));
    assert_eq!(jan.allowance, m("401.00"));

    // Activity: the 600.00 leaves the balance in December, the write-off's period, as a
    // write-off, not a collection; when the ERP books it in January nothing moves; the
    // invoices paid off each month are collected.
    let history = book.history(&mut |_, _| {}).unwrap();
    let periods = &history.activity.periods["C1"];
    assert_eq!(periods[1].write_offs, m("600.00"));
    assert_eq!(periods[1].collections, m("200.00"));
    assert_eq!(periods[2].write_offs, Money::ZERO);
    assert_eq!(periods[2].collections, m("200.00"));
    for t in 1..3 {
        assert_eq!(
            c1(&book, ["2016-11-30", "2016-12-31", "2017-01-31"][t]).balance,
            c1(&book, ["2016-11-30", "2016-12-31", "2017-01-31"][t - 1]).balance
                + periods[t].net_change(),
            "the activity moves the balance the assessment shows"
        );
    }

    // The remainder can be written off in turn; the part already written off cannot.
    let e = book
        .propose_write_off(
            "C1",
            d("2017-02-10"),
            ReasonCategory::Dispute,
            "rest",
            &[("INV-1".to_string(), Some(m("400.01")))],
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("at most its open amount 400.00"),
        "{e}"
    );
    let rest = book
        .propose_write_off("C1", d("2017-02-10"), ReasonCategory::Dispute, "rest", &[])
        .unwrap();
    assert_eq!(
        book.write_off(rest).unwrap().documents,
        vec![
            ("INV-1".to_string(), m("400.00")),
            ("INV-2017-01-31".to_string(), m("200.00"))
        ]
    );
}

#[test]
fn a_whole_write_off_still_listed_by_the_erp_is_set_apart() {
    let mut book = small_book(["1000.00", "1000.00", ""]);
    post_partial(&mut book, "1000.00");
    let dec = c1(&book, "2016-12-31");
    assert_eq!(dec.written_off_still_open, m("1000.00"));
    assert_eq!(dec.balance, m("200.00"));
    assert_eq!(dec.buckets.iter().copied().sum::<Money>(), m("200.00"));
    assert_eq!(dec.allowance, m("1.00"));
    assert_eq!(dec.items, 1);
    let history = book.history(&mut |_, _| {}).unwrap();
    let periods = &history.activity.periods["C1"];
    assert_eq!(
        periods[1].write_offs,
        m("1000.00"),
        "written off in December"
    );
    assert_eq!(
        periods[2].write_offs,
        Money::ZERO,
        "gone from the ledger in January"
    );
}

#[test]
fn recoveries_need_an_earlier_posted_write_off_and_stay_within_it() {
    let mut book = small_book(["1000.00", "1000.00", "400.00"]);
    let e = book
        .record_recovery("C1", m("10.00"), d("2017-01-10"), "cheque")
        .unwrap_err();
    assert!(
        matches!(
            e,
            BookError::Recovery(RecoveryError::NothingWrittenOff { .. })
        ),
        "{e}"
    );
    post_partial(&mut book, "600.00");
    assert!(
        book.record_recovery("C1", m("10.00"), d("2016-12-01"), "before the write-off")
            .is_err()
    );
    assert!(
        book.record_recovery("C2", m("10.00"), d("2017-01-10"), "another customer")
            .is_err()
    );
    let e = book
        .record_recovery("C1", m("600.01"), d("2017-01-10"), "cheque")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "customer 'C1' had 600.00 written off and 0.00 recovered by 2017-01-10; a recovery \
         of 600.01 exceeds the 600.00 left to recover"
    );
    book.record_recovery("C1", m("400.00"), d("2017-01-10"), "cheque")
        .unwrap();
    assert!(
        book.record_recovery("C1", m("200.01"), d("2017-01-20"), "cheque")
            .is_err()
    );
    book.record_recovery("C1", m("200.00"), d("2017-01-20"), "cheque")
        .unwrap();
    assert_eq!(book.recoveries().unwrap().len(), 2);
}

#[test]
fn written_off_documents_the_erp_still_lists_count_in_no_balance() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_book(dir.path());
    // Customer A was written off on 2016-12-20; the 2016-12-31 ledger still lists one of
    // its invoices, INV-2015-01234 of 948,027.60.
    let doc = json(
        &path,
        &[
            "aging",
            "--as-of",
            "2016-12-31",
            "--by",
            "customer",
            "--format",
            "json",
        ],
    );
    let rows = doc["rows"].as_array().unwrap();
    let a = rows.iter().find(|r| r["key"] == "C0001").unwrap();
    assert_eq!(a["balance"], "0.00");
    assert_eq!(a["allowance"], "0.00");
    assert_eq!(a["written_off_in_ledger"], "948027.60");
    assert!(
        a["buckets"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v == "0.00")
    );
    assert_eq!(
        doc["written_off_in_ledger"],
        serde_json::json!([{
            "customer_id": "C0001",
            "name": "中原重型机械集团有限公司",
            "documents": ["INV-2015-01234"],
            "amount": "948027.60",
        }])
    );
    assert_eq!(doc["total"]["written_off_in_ledger"], "948027.60");
    // The total is the ledger's total less the invoice set apart.
    let ledger = std::fs::read_to_string(fixture("ar_2016-12-31.csv")).unwrap();
    let ledger_total: Money = ledger
        .lines()
        .skip(1)
        .map(|l| m(l.rsplit(',').next().unwrap()))
        .sum();
    let total = m(doc["total"]["balance"].as_str().unwrap());
    assert_eq!(total + m("948027.60"), ledger_total);

    // The table says so below the figures.
    let table = ok(&path, &["aging", "--as-of", "2016-12-31"]);
    assert!(
        table.contains(
            "Written off, still in the ledger: 948,027.60 (in none of the figures above)"
        ),
        "{table}"
    );
    assert!(table.contains("INV-2015-01234"), "{table}");
}
