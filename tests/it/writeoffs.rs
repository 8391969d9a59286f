//! Write-offs through the book: who may approve, limits, posting, closed periods, the
//! audit trail, and that the database refuses to change a posted write-off. Exports
//! read back from XLSX, and formulas neutralised.

use agebook::Book;
use agebook::Money;
use agebook::book::BookError;
use agebook::domain::writeoff::{ReasonCategory, Transition, WriteOffError, WriteOffState};
use calamine::{Data, Reader, open_workbook_auto};
use chrono::NaiveDate;

use crate::support::import_bytes;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

const LEDGER: &str =
    "customer_id,customer_name,customer_type,document_no,document_date,due_date,open_amount
C1,Acme Ltd,private,INV-1,2015-01-10,2015-02-09,1500000.00
C1,Acme Ltd,private,INV-2,2016-10-10,2016-11-09,2000.00
C2,=HYPERLINK(\"http://x\"),private,INV-3,2016-10-10,2016-11-09,300.00
";

fn book() -> Book {
    let mut book = Book::in_memory("amy").unwrap();
    import_bytes(&mut book, LEDGER.as_bytes(), "ar_2016-11-30.csv").unwrap();
    book.set_approver("bob", m("1000000"), None).unwrap();
    book.set_approver("cfo", m("10000000"), None).unwrap();
    book
}

fn propose(book: &mut Book, docs: &[(&str, Option<&str>)]) -> i64 {
    let docs: Vec<(String, Option<Money>)> = docs
        .iter()
        .map(|(d, a)| (d.to_string(), a.map(m)))
        .collect();
    book.propose_write_off(
        "C1",
        d("2016-12-15"),
        ReasonCategory::Insolvency,
        "In liquidation",
        &docs,
    )
    .unwrap()
}

fn act(book: &mut Book, user: &str, id: i64, t: Transition) -> Result<WriteOffState, BookError> {
    let me = book.user().to_string();
    book.set_user(user);
    let result = book.transition_write_off(id, t).map(|w| w.state);
    book.set_user(&me);
    result
}

#[test]
fn the_preparer_cannot_approve_and_a_large_amount_needs_a_higher_approver() {
    let mut book = book();
    let id = propose(&mut book, &[("INV-1", None)]);
    assert_eq!(book.write_off(id).unwrap().amount(), m("1500000.00"));
    assert_eq!(
        act(&mut book, "amy", id, Transition::Submit).unwrap(),
        WriteOffState::Submitted
    );
    assert!(matches!(
        act(&mut book, "amy", id, Transition::Approve),
        Err(BookError::WriteOff(WriteOffError::OwnWriteOff { .. }))
    ));
    assert!(matches!(
        act(&mut book, "eve", id, Transition::Approve),
        Err(BookError::WriteOff(WriteOffError::NotAnApprover { .. }))
    ));
    // bob agrees, but 1.5 million is over his 1 million: it stays submitted.
    assert_eq!(
        act(&mut book, "bob", id, Transition::Approve).unwrap(),
        WriteOffState::Submitted
    );
    assert!(matches!(
        act(&mut book, "bob", id, Transition::Post),
        Err(BookError::WriteOff(WriteOffError::WrongState { .. }))
    ));
    assert_eq!(
        act(&mut book, "cfo", id, Transition::Approve).unwrap(),
        WriteOffState::Approved
    );
    assert_eq!(
        act(&mut book, "amy", id, Transition::Post).unwrap(),
        WriteOffState::Posted
    );
    let w = book.write_off(id).unwrap();
    assert_eq!(
        w.approvals
            .iter()
            .map(|a| a.by.as_str())
            .collect::<Vec<_>>(),
        ["bob", "cfo"]
    );
    assert_eq!(w.posted.as_ref().map(|p| p.0.as_str()), Some("amy"));

    // Every transition is in the audit log, with its user.
    let log = book.store().audit_log().unwrap();
    let trail: Vec<(String, String)> = log
        .iter()
        .filter(|e| e.entity == "write_off" && e.entity_id == id.to_string())
        .map(|e| (e.action.clone(), e.user.clone()))
        .collect();
    let expected = [
        ("writeoff_propose", "amy"),
        ("writeoff_submit", "amy"),
        ("writeoff_approve", "bob"),
        ("writeoff_approve", "cfo"),
        ("writeoff_post", "amy"),
    ];
    assert_eq!(trail, expected.map(|(a, u)| (a.to_string(), u.to_string())));

    // Posted is final: the code refuses, and so does the database.
    assert!(act(&mut book, "cfo", id, Transition::Reject("late".into())).is_err());
    let e = book.store().try_tamper_with_write_off(id).unwrap_err();
    assert!(
        e.to_string()
            .contains("a posted write-off cannot be changed"),
        "{e}"
    );

    // Before the write-off's date the matrix holds: INV-1, 660 days past due, is in
    // 366-730 at 50 % (750,000.00); INV-2, 21 days, in 1-30 at 1 % (20.00).
    let c1 = |book: &Book, as_of: &str| {
        let a = book.assess(d(as_of)).unwrap();
        a.customers
            .into_iter()
            .find(|c| c.customer_id == "C1")
            .unwrap()
    };
    assert_eq!(c1(&book, "2016-11-30").allowance, m("750020.00"));
    // After it, INV-1 lingers in the December ledger but carries no allowance, and is
    // flagged; INV-2, now 52 days past due, is in 31-60 at 3 %: 60.00.
    let december = LEDGER.replace("C2,", "C3,");
    import_bytes(&mut book, december.as_bytes(), "ar_2016-12-31.csv").unwrap();
    let dec = c1(&book, "2016-12-31");
    assert_eq!(dec.allowance, m("60.00"));
    assert_eq!(dec.written_off_documents, vec!["INV-1".to_string()]);
    assert_eq!(dec.written_off_still_open, m("1500000.00"));
}

#[test]
fn a_closed_period_refuses_postings_until_reopened_with_a_reason() {
    let mut book = book();
    let id = propose(&mut book, &[("INV-2", Some("500.00"))]);
    act(&mut book, "amy", id, Transition::Submit).unwrap();
    act(&mut book, "bob", id, Transition::Approve).unwrap();
    book.close_period(d("2016-12-31")).unwrap();
    assert!(matches!(
        act(&mut book, "amy", id, Transition::Post),
        Err(BookError::WriteOff(WriteOffError::PeriodClosed { .. }))
    ));
    let e = book
        .record_recovery("C1", m("10"), d("2016-12-01"), "cheque")
        .unwrap_err();
    assert!(e.to_string().contains("closed through 2016-12-31"), "{e}");
    assert!(
        book.record_adjustment("C1", m("10"), d("2016-12-01"), "opening")
            .is_err()
    );
    assert!(
        book.reopen_period(d("2016-12-31"), "  ").is_err(),
        "a reason is required"
    );
    book.reopen_period(
        d("2016-12-31"),
        "Late write-off approved by the audit committee",
    )
    .unwrap();
    assert_eq!(book.closed_through().unwrap(), Some(d("2016-11-30")));
    assert_eq!(
        act(&mut book, "amy", id, Transition::Post).unwrap(),
        WriteOffState::Posted
    );
    let actions: Vec<String> = book
        .store()
        .audit_log()
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"period_close".to_string()));
    assert!(actions.contains(&"period_reopen".to_string()));
}

#[test]
fn proposals_are_checked_against_the_ledger() {
    let mut book = book();
    let bad = |book: &mut Book, doc: &str, amount: Option<&str>| {
        book.propose_write_off(
            "C1",
            d("2016-12-15"),
            ReasonCategory::Dispute,
            "x",
            &[(doc.to_string(), amount.map(m))],
        )
        .unwrap_err()
        .to_string()
    };
    assert!(bad(&mut book, "NOPE", None).contains("is not open in the snapshot as of 2016-11-30"));
    assert!(bad(&mut book, "INV-2", Some("2000.01")).contains("at most its open amount 2000.00"));
    let id = propose(&mut book, &[("INV-2", None)]);
    assert!(bad(&mut book, "INV-2", None).contains(&format!("already in write-off {id}")));
    let e = book
        .propose_write_off("C1", d("2016-10-31"), ReasonCategory::Dispute, "x", &[])
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("no snapshot on or before 2016-10-31"),
        "{e}"
    );
}

#[test]
fn an_xlsx_export_reads_back_with_the_same_numbers_and_no_formulas() {
    let book = book();
    let dir = tempfile::tempdir().unwrap();
    let assessment = book.assess(d("2016-11-30")).unwrap();
    let report = agebook::report::aging::AgingReport::build(
        &assessment,
        agebook::report::aging::Measure::Amounts,
        agebook::report::aging::GroupBy::Customer,
    );
    let sheet = agebook::report::export::aging_sheet(&report);
    let xlsx = dir.path().join("aging.xlsx");
    sheet.write(&xlsx).unwrap();
    let mut wb = open_workbook_auto(&xlsx).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let balance_col = header.iter().position(|h| h == "Balance").unwrap();
    for (row, expected) in range
        .rows()
        .skip(1)
        .zip(report.rows.iter().chain(std::iter::once(&report.total)))
    {
        let Data::Float(value) = row[balance_col] else {
            panic!("balance is a number: {:?}", row[balance_col])
        };
        let read = Money::parse(&format!("{value:.2}")).unwrap();
        assert_eq!(read, expected.balance, "{}", expected.key);
    }
    // The customer named like a formula is text with a leading apostrophe, never run.
    let names: Vec<String> = range.rows().map(|r| r[1].to_string()).collect();
    assert!(
        names.contains(&"'=HYPERLINK(\"http://x\")".to_string()),
        "{names:?}"
    );
    assert!(
        wb.worksheet_formula(&name)
            .unwrap()
            .used_cells()
            .all(|(_, _, f)| f.is_empty())
    );
    let csv = sheet.to_csv();
    assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
}
