//! One test per kind of import error: each checks the message names the file, line and
//! column, and that the book is exactly as it was.

use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::book::BookError;
use agebook::import::{ImportError, Problem};

use crate::support::import_bytes;

const HEADER: &str = "customer_id,customer_name,customer_type,document_no,document_date,due_date,currency,disputed,amount,open_amount\n";

fn good_row(no: u32) -> String {
    format!("C1,Acme Ltd,private,INV-{no},2016-11-15,2016-12-15,CNY,no,1000.00,1000.00\n")
}

/// A book with one good snapshot, to prove a failed import leaves it alone.
fn book() -> Book {
    let mut book = Book::in_memory("tester").unwrap();
    let text = format!("{HEADER}{}{}", good_row(1), good_row(2));
    import_bytes(&mut book, text.as_bytes(), "ar_2016-11-30.csv").unwrap();
    book
}

/// Everything a user could see of the book.
fn state(book: &Book) -> (Vec<agebook::store::SnapshotInfo>, usize, usize) {
    (
        book.snapshots().unwrap(),
        book.store().audit_log().unwrap().len(),
        book.store().customers().unwrap().len(),
    )
}

fn import(book: &mut Book, name: &str, text: &str) -> Result<(), BookError> {
    import_bytes(book, text.as_bytes(), name).map(|_| ())
}

/// Imports `text`, expects it refused with exactly one problem, checks the message and
/// that the book is unchanged; returns the problem.
fn refused(text: &str, expected_message: &str) -> Problem {
    let mut b = book();
    let before = state(&b);
    let err = import(&mut b, "ar_2016-12-31.csv", text).unwrap_err();
    assert_eq!(state(&b), before, "the book is unchanged");
    let BookError::Import(ImportError::Invalid { problems, .. }) = &err else {
        panic!("expected an invalid file, got {err}");
    };
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(messages, vec![expected_message.to_string()]);
    assert!(err.to_string().contains(expected_message));
    problems[0].kind.clone()
}

#[test]
fn a_missing_required_column_is_named() {
    let text = "customer_id,customer_name,document_no,document_date,open_amount\n"
        .replace("document_no,", "");
    let p = refused(
        &format!("{text}C1,Acme,2016-01-01,1.00\n"),
        "ar_2016-12-31.csv:1: the header has no column for 'document_no' (required); its \
         columns are 'customer_id', 'customer_name', 'document_date', 'open_amount'; the \
         closest is 'document_date': map it with --map document_no=\"document_date\"",
    );
    assert!(
        matches!(&p, Problem::MissingColumn { field, .. } if field == "document_no"),
        "{p:?}"
    );
}

#[test]
fn a_column_named_twice_is_refused() {
    let text = "customer_id,customer_name,document_no,document_date,open_amount,OPEN_AMOUNT\nC1,A,1,2016-01-01,1,1\n";
    refused(
        text,
        "ar_2016-12-31.csv:1:6 (OPEN_AMOUNT): the header names 'OPEN_AMOUNT' twice",
    );
}

#[test]
fn a_blank_required_field_names_line_and_column() {
    let text = format!(
        "{HEADER}{}C1,Acme Ltd,private,,2016-11-15,,CNY,no,,5.00\n",
        good_row(1)
    );
    refused(
        &text,
        "ar_2016-12-31.csv:3:4 (document_no): 'document_no' is required and blank",
    );
}

#[test]
fn an_unparseable_date_names_line_and_column() {
    let text = format!(
        "{HEADER}{}{}C1,Acme Ltd,private,INV-9,2016-13-01,,CNY,no,,5.00\n",
        good_row(1),
        good_row(2)
    );
    refused(
        &text,
        "ar_2016-12-31.csv:4:5 (document_date): '2016-13-01' is not a date: there is no such day",
    );
}

#[test]
fn an_unparseable_amount_names_line_and_column() {
    let text = format!("{HEADER}C1,Acme Ltd,private,INV-9,2016-11-01,,CNY,no,,12.3.4\n");
    refused(
        &text,
        "ar_2016-12-31.csv:2:10 (open_amount): '12.3.4' is not an amount: it has two decimal separators",
    );
}

#[test]
fn an_amount_with_three_decimals_is_rounded_half_away_from_zero_with_one_warning() {
    let text = format!(
        "{HEADER}C1,Acme Ltd,private,INV-9,2016-11-01,,CNY,no,1.005,1.005\n\
         C1,Acme Ltd,private,INV-10,2016-11-01,,CNY,no,,-2.345\n"
    );
    let mut b = book();
    let outcome = import_bytes(&mut b, text.as_bytes(), "ar_2016-12-31.csv").unwrap();
    assert_eq!(outcome.snapshot.total.to_string(), "-1.34", "1.01 - 2.35");
    let rounded: Vec<String> = outcome
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|w| w.contains("rounded"))
        .collect();
    assert_eq!(rounded.len(), 1, "one warning for the file: {rounded:?}");
    assert!(rounded[0].contains("3 amount(s)"), "{}", rounded[0]);
    assert!(rounded[0].contains("lines 2, 3"), "{}", rounded[0]);
}

#[test]
fn a_disputed_flag_that_is_not_yes_or_no_is_refused() {
    let text = format!("{HEADER}C1,Acme Ltd,private,INV-9,2016-11-01,,CNY,maybe,,1.00\n");
    refused(
        &text,
        "ar_2016-12-31.csv:2:8 (disputed): 'maybe' is not yes or no",
    );
}

#[test]
fn a_duplicate_document_names_both_lines() {
    let text = format!("{HEADER}{}{}{}", good_row(1), good_row(2), good_row(1));
    let p = refused(
        &text,
        "ar_2016-12-31.csv:4:4 (document_no): document 'INV-1' of customer 'C1' already appears on line 2",
    );
    assert!(matches!(
        p,
        Problem::DuplicateDocument { first_line: 2, .. }
    ));
}

/// The duplicate check moved from a set of every document the reader had seen (memory
/// that grew with the file) to the snapshot's primary key: a ledger whose customers
/// come back is written through a staging table, and its duplicates are found when the
/// staged rows are settled, against the rows written before staging began and among
/// themselves, each named with both lines, in line order, with the other errors.
#[test]
fn duplicates_in_a_ledger_not_grouped_by_customer_name_both_lines() {
    let row = |c: &str, no: u32| {
        format!("{c},Acme Ltd,private,INV-{no},2016-11-15,2016-12-15,CNY,no,1000.00,1000.00\n")
    };
    let text = [
        HEADER.to_string(),
        row("C1", 1),                                                     // line 2
        row("C2", 7),                                                     // line 3
        row("C1", 2),                                                     // 4: C1 comes back
        row("C2", 8),                                                     // 5
        row("C1", 1),                                                     // 6: line 2 again
        "C3,Acme Ltd,private,INV-3,2016-11-15,,CNY,maybe,,1.00\n".into(), // 7: bad flag
        row("C2", 8),                                                     // 8: line 5 again
    ]
    .concat();
    let mut b = book();
    let before = state(&b);
    let err = import(&mut b, "ar_2016-12-31.csv", &text).unwrap_err();
    assert_eq!(state(&b), before, "the book is unchanged");
    let BookError::Import(ImportError::Invalid { problems, .. }) = &err else {
        panic!("expected an invalid file, got {err}");
    };
    let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "ar_2016-12-31.csv:6:4 (document_no): document 'INV-1' of customer 'C1' already appears on line 2",
            "ar_2016-12-31.csv:7:8 (disputed): 'maybe' is not yes or no",
            "ar_2016-12-31.csv:8:4 (document_no): document 'INV-8' of customer 'C2' already appears on line 5",
        ]
    );
}

#[test]
fn a_date_far_in_the_future_is_refused() {
    let text = format!("{HEADER}C1,Acme Ltd,private,INV-9,2026-11-01,,CNY,no,,1.00\n");
    refused(
        &text,
        "ar_2016-12-31.csv:2:5 (document_date): 2026-11-01 is far after the as-of date 2016-12-31",
    );
}

/// Found on screen: an EUR ledger opened in a CNY book listed the same error on each
/// of its 48 lines.
#[test]
fn a_file_in_another_currency_is_refused_once_not_once_per_line() {
    let mut text = String::from(HEADER);
    for n in 1..=3 {
        text.push_str(&format!(
            "C1,Acme Ltd,private,INV-{n},2016-11-01,,EUR,no,,1.00\n"
        ));
    }
    refused(
        &text,
        "ar_2016-12-31.csv:2:7 (currency): currency EUR is not the book's currency CNY; this \
         book has no exchange rates, so documents in other currencies cannot be imported (a \
         ledger kept in EUR goes into a book of its own: agebook new --currency EUR)",
    );
}

#[test]
fn a_foreign_currency_names_the_currency_and_line() {
    let text = format!(
        "{HEADER}{}C1,Acme Ltd,private,INV-9,2016-11-01,,USD,no,,1.00\n",
        good_row(1)
    );
    refused(
        &text,
        "ar_2016-12-31.csv:3:7 (currency): currency USD is not the book's currency CNY; this book has no exchange rates, so documents in other currencies cannot be imported (a \
         ledger kept in USD goes into a book of its own: agebook new --currency USD)",
    );
}

#[test]
fn a_row_with_missing_fields_is_refused() {
    let text = format!("{HEADER}{}C1,Acme Ltd,private,INV-9\n", good_row(1));
    refused(
        &text,
        "ar_2016-12-31.csv:3: the row has 4 fields, the header has 10",
    );
}

/// The finding: a GBK file was refused as "not UTF-8".
#[test]
fn a_gbk_file_is_read_as_gbk_not_refused_as_not_utf8() {
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(
        b"C9,\xd6\xd0\xb9\xfa\xd6\xd8\xb9\xa4,private,INV-9,2016-11-01,,CNY,no,,1.00\n",
    );
    let mut b = book();
    let outcome = import_bytes(&mut b, &bytes[..], "ar_2016-12-31.csv").unwrap();
    let layout = outcome.layout.unwrap();
    assert_eq!(layout.source.encoding.as_deref(), Some("gb18030"));
    let names: Vec<String> = b
        .store()
        .customers()
        .unwrap()
        .into_values()
        .map(|c| c.name)
        .collect();
    assert!(names.contains(&"中国重工".to_string()), "{names:?}");
}

#[test]
fn a_file_with_only_a_header_is_refused() {
    refused(HEADER, "ar_2016-12-31.csv:1: the file has no data rows");
}

#[test]
fn every_error_of_a_file_is_listed_at_once() {
    let text = format!(
        "{HEADER}C1,Acme,private,A,2016-02-30,,CNY,no,,1.00\nC1,Acme,private,B,2016-02-01,,CNY,no,,x\n"
    );
    let mut b = book();
    let err = import(&mut b, "ar_2016-12-31.csv", &text).unwrap_err();
    let BookError::Import(ImportError::Invalid { problems, .. }) = err else {
        panic!()
    };
    let lines: Vec<u64> = problems.iter().map(|p| p.at.line).collect();
    assert_eq!(lines, vec![2, 3]);
}

#[test]
fn a_file_without_a_date_in_its_name_needs_as_of() {
    let mut b = book();
    let before = state(&b);
    let text = format!("{HEADER}{}", good_row(1));
    let err = import(&mut b, "export.csv", &text).unwrap_err();
    assert_eq!(state(&b), before);
    assert_eq!(
        err.to_string(),
        "export.csv: no as-of date; give --as-of YYYY-MM-DD or name the file like ar_2016-12-31.csv"
    );
}

#[test]
fn a_second_snapshot_for_a_date_needs_replace() {
    let mut b = book();
    let before = state(&b);
    let text = format!("{HEADER}{}", good_row(7));
    let err = import(&mut b, "ar_2016-11-30.csv", &text).unwrap_err();
    assert_eq!(state(&b), before);
    assert_eq!(
        err.to_string(),
        "the book already has a snapshot as of 2016-11-30 (from ar_2016-11-30.csv); use --replace to replace it"
    );
    // With --replace it takes the place of the old one.
    let outcome = b
        .import_reader(
            text.as_bytes(),
            "ar_2016-11-30.csv",
            None,
            true,
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(outcome.snapshot.row_count, 1);
    assert!(outcome.replaced.is_some());
    assert_eq!(b.snapshots().unwrap().len(), 1);
}

#[test]
fn the_same_content_twice_is_refused() {
    let mut b = book();
    let before = state(&b);
    // The same bytes as the first import, under another date.
    let text = format!("{HEADER}{}{}", good_row(1), good_row(2));
    let err = b
        .import_reader(
            text.as_bytes(),
            "copy.csv",
            chrono::NaiveDate::from_ymd_opt(2016, 12, 31),
            false,
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap_err();
    assert_eq!(state(&b), before);
    assert_eq!(
        err.to_string(),
        "copy.csv has the same content as the snapshot as of 2016-11-30 (from ar_2016-11-30.csv); use --replace to import it again"
    );
}

#[test]
fn a_cancelled_import_leaves_the_book_as_it_was() {
    let mut b = book();
    let before = state(&b);
    let mut text = String::from(HEADER);
    for i in 0..10_000 {
        text.push_str(&good_row(i + 100));
    }
    let err = b
        .import_reader(
            text.as_bytes(),
            "ar_2016-12-31.csv",
            None,
            false,
            &mut |_| {},
            &AtomicBool::new(true),
        )
        .unwrap_err();
    assert!(
        matches!(err, BookError::Import(ImportError::Cancelled)),
        "{err}"
    );
    assert_eq!(state(&b), before);
}

#[test]
fn warnings_do_not_stop_an_import() {
    let mut b = book();
    let text = format!(
        "{HEADER}C1,Acme Ltd,distributor,INV-5,2016-12-01,2016-11-01,CNY,no,,1.00\nC2,Bolt,SOE,INV-6,2016-12-01,,CNY,no,,2.00\n"
    );
    let outcome = import_bytes(&mut b, text.as_bytes(), "ar_2016-12-31.csv").unwrap();
    let warnings: Vec<String> = outcome.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        vec![
            "ar_2016-12-31.csv:2:3 (customer_type): unknown customer type 'distributor'; the customer is kept as its current type (or 'other')".to_string(),
            "ar_2016-12-31.csv:2:6 (due_date): due date 2016-11-01 is before the document date 2016-12-01".to_string(),
        ]
    );
    let customers = b.store().customers().unwrap();
    let as_of = chrono::NaiveDate::from_ymd_opt(2016, 12, 31).unwrap();
    assert_eq!(
        customers["C1"].type_at(as_of).as_str(),
        "private",
        "kept its type"
    );
    assert_eq!(
        customers["C2"].type_at(as_of).as_str(),
        "state_owned",
        "SOE is a synonym"
    );
}

#[test]
fn a_file_of_broken_rows_stops_at_the_error_limit() {
    let mut text = String::from(HEADER);
    for n in 0..1000 {
        text.push_str(&format!(
            "C1,Acme Ltd,private,INV-{n},2016-13-45,,CNY,no,,12..30\n"
        ));
    }
    let mut b = book();
    let err = import(&mut b, "ar_2016-12-31.csv", &text).unwrap_err();
    let BookError::Import(ImportError::Invalid { problems, .. }) = err else {
        panic!()
    };
    assert_eq!(problems.len(), agebook::import::MAX_ERRORS);
    assert!(err_text_mentions_stop(&problems));
}

fn err_text_mentions_stop(problems: &[agebook::import::Finding<Problem>]) -> bool {
    let e = ImportError::Invalid {
        file: "f.csv".into(),
        problems: problems.to_vec(),
    };
    e.to_string()
        .ends_with("(stopped reading after this many errors)")
}

#[test]
fn one_amount_bricks_a_book_thirty_trillion_is_refused_with_its_line() {
    let text = format!(
        "{HEADER}{}C2,Big Co,private,INV-9,2016-11-15,2016-12-15,CNY,no,,30000000000000.00\n",
        good_row(1)
    );
    refused(
        &text,
        "ar_2016-12-31.csv:3:10 (open_amount): '30000000000000.00' is larger than the largest \
         amount a book accepts (999,999,999,999.99)",
    );
}

#[test]
fn one_date_bricks_an_import_a_date_past_2199_is_refused_with_its_line() {
    let text = format!(
        "{HEADER}{}C1,Acme Ltd,private,INV-9,+262142-12-31,,CNY,no,,5.00\n",
        good_row(1)
    );
    refused(
        &text,
        "ar_2016-12-31.csv:3:5 (document_date): '+262142-12-31' is not a date: it holds '+', \
         which no date form uses",
    );
    refused(
        &text.replace("+262142-12-31", "2200-01-01"),
        "ar_2016-12-31.csv:3:5 (document_date): '2200-01-01' is 2200-01-01, outside the \
         dates a book accepts (1900-01-01 to 2199-12-31)",
    );
}

#[test]
fn a_nul_byte_in_a_customer_name_is_refused_with_line_and_column() {
    let text = format!(
        "{HEADER}{}C1,Acme\0 Ltd,private,INV-9,2016-11-15,2016-12-15,CNY,no,,5.00\n",
        good_row(1)
    );
    let p = refused(
        &text,
        "ar_2016-12-31.csv:3:2 (customer_name): the field holds the control character U+0000 \
         at character 5; the file is damaged or was not exported as text",
    );
    assert_eq!(
        p,
        Problem::ControlCharacter {
            code: "U+0000".into(),
            position: 5
        }
    );
    // An escape in a document number, or a line break inside a quoted field, likewise.
    let text =
        format!("{HEADER}C1,Acme Ltd,private,\"INV\n9\",2016-11-15,2016-12-15,CNY,no,,5.00\n");
    refused(
        &text,
        "ar_2016-12-31.csv:2:4 (document_no): the field holds the control character U+000A \
         at character 4; the file is damaged or was not exported as text",
    );
}

#[test]
fn a_ledger_whose_amounts_exceed_what_a_book_holds_is_refused() {
    // 1,001 documents of the largest amount: just over 10^15.
    let mut text = HEADER.to_string();
    for i in 0..1001 {
        text.push_str(&format!(
            "C1,Acme Ltd,private,INV-{i},2016-11-15,2016-12-15,CNY,no,,999999999999.99\n"
        ));
    }
    refused(
        &text,
        "ar_2016-12-31.csv:1002:10 (open_amount): the open amounts add up to more than the \
         999,999,999,999,999.99 one ledger may hold (from this line on); split the ledger or \
         check its amounts",
    );
}
