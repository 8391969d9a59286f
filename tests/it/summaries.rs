//! The aging summaries the import keeps (one row a customer and snapshot) give exactly
//! the figures the open items give: the same book reported with its summaries and with
//! them removed, where the book falls back to the items.

use std::path::Path;

use agebook::Book;
use agebook::domain::aging::AgingBasis;
use rusqlite::Connection;

use crate::support::{UNDO_ITEM_BLOCKS, demo_book, fixture, json};

/// Every report the summaries feed, as JSON: the aging and the allowance at each
/// snapshot, and the roll-forward over the whole book by customer.
fn reports(db: &Path) -> Vec<serde_json::Value> {
    let dates: Vec<String> = json(db, &["snapshots", "--format", "json"])["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["as_of"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(dates.len(), 18, "the demo's months");
    let mut out = Vec::new();
    for d in &dates {
        out.push(json(
            db,
            &[
                "aging", "--as-of", d, "--by", "customer", "--format", "json",
            ],
        ));
        out.push(json(
            db,
            &[
                "allowance",
                "--as-of",
                d,
                "--by",
                "customer",
                "--format",
                "json",
            ],
        ));
    }
    out.push(json(
        db,
        &[
            "rollforward",
            "--from",
            &dates[0],
            "--to",
            &dates[dates.len() - 1],
            "--by",
            "customer",
            "--format",
            "json",
        ],
    ));
    out
}

fn summaries(db: &Path) -> Vec<(String, String, i64)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT s.as_of, a.aging_key, a.customers FROM aging_summaries a
             JOIN snapshots s ON s.id = a.snapshot_id ORDER BY 1, 2",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The text of each row `sql` selects (one text column) from the book at `db`.
fn text_rows(db: &Path, sql: &str) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every customer's summary row, as text.
fn summary_rows(db: &Path) -> Vec<String> {
    text_rows(
        db,
        "SELECT snapshot_id || ' ' || aging_key || ' ' || customer_id || ' ' || items || ' '
                    || net_minor || ' ' || disputed_minor || ' ' || over_one_year_minor || ' '
                    || coalesce(oldest_days, '-') || ' ' || buckets
             FROM customer_aging ORDER BY snapshot_id, aging_key, customer_id",
    )
}

fn remove_summaries(db: &Path) {
    Connection::open(db)
        .unwrap()
        .execute_batch("PRAGMA foreign_keys = ON; DELETE FROM aging_summaries;")
        .unwrap();
    assert!(summaries(db).is_empty());
}

#[test]
fn the_demo_reported_from_its_summaries_is_the_demo_reported_from_its_items() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let kept = summaries(&db);
    assert_eq!(kept.len(), 18, "one summary a snapshot: {kept:?}");
    assert!(
        kept.iter().all(|(_, key, _)| key
            == "due_date|current,1-30,31-60,61-90,91-180,181-365,366-730,731-1095,1096+"),
        "{kept:?}"
    );
    let from_summaries = reports(&db);
    remove_summaries(&db);
    let from_items = reports(&db);
    assert_eq!(from_summaries, from_items);
}

#[test]
fn a_policy_with_other_buckets_sums_the_snapshots_it_governs_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let mut book = Book::open(&db, "amy").unwrap();
    let policy = std::fs::read_to_string(fixture("policy.csv")).unwrap();
    // Aged by document date from May 2017: the last two snapshots, in an open period.
    book.import_policy(
        &policy,
        "by_document_date.csv",
        "2017-05-01".parse().unwrap(),
        AgingBasis::DocumentDate,
    )
    .unwrap();
    drop(book);
    let kept = summaries(&db);
    let by_document: Vec<&str> = kept
        .iter()
        .filter(|(_, key, _)| key.starts_with("document_date|"))
        .map(|(d, _, _)| d.as_str())
        .collect();
    assert_eq!(by_document, ["2017-05-31", "2017-06-30"]);
    assert_eq!(kept.len(), 20, "the due-date summaries stay: {kept:?}");
    let from_summaries = reports(&db);
    remove_summaries(&db);
    assert_eq!(from_summaries, reports(&db));
}

#[test]
fn a_book_from_before_summaries_gets_them_when_it_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let written_by_imports = (summaries(&db), summary_rows(&db));
    assert!(
        written_by_imports.1.len() > 18 * 5,
        "{:?}",
        written_by_imports.1
    );
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TABLE customer_billings; DROP TABLE customer_movements;
         DROP TABLE period_movements; DROP TABLE customer_aging; DROP TABLE aging_summaries;
         PRAGMA user_version = 6;",
    )
    .unwrap();
    conn.execute_batch(UNDO_ITEM_BLOCKS).unwrap();
    drop(conn);
    Book::open(&db, "amy").unwrap();
    assert_eq!((summaries(&db), summary_rows(&db)), written_by_imports);
}

/// Every kept movement and billing, as text, by as-of date.
fn movement_rows(db: &Path) -> Vec<String> {
    text_rows(
        db,
        "SELECT s.as_of || ' ' || coalesce(p.as_of, '-') || ' ' || coalesce(m.customer_id, '')
                    || ' ' || coalesce(m.billings_minor, '') || ' '
                    || coalesce(m.collections_minor, '') || ' '
                    || coalesce(m.adjustments_minor, '')
             FROM period_movements k
             JOIN snapshots s ON s.id = k.snapshot_id
             LEFT JOIN snapshots p ON p.id = k.prior_id
             LEFT JOIN customer_movements m ON m.snapshot_id = k.snapshot_id
             UNION ALL
             SELECT s.as_of || ' ' || b.customer_id || ' ' || b.document_date || ' '
                    || b.amount_minor
             FROM customer_billings b JOIN snapshots s ON s.id = b.snapshot_id
             ORDER BY 1",
    )
}

/// A book from before period movements gets every period's when it is opened, the
/// same rows its imports would have written, and the same activity.
#[test]
fn a_book_from_before_period_movements_gets_them_when_it_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let written_by_imports = movement_rows(&db);
    assert!(
        written_by_imports.len() > 17 * 50,
        "{}",
        written_by_imports.len()
    );
    assert!(written_by_imports[0].starts_with("2016-01-31 - "));
    let activity = agebook::report::activity::activity_output(
        &Book::open(&db, "amy").unwrap(),
        "C0002",
        agebook::report::Format::Json,
    )
    .unwrap();
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TABLE customer_billings; DROP TABLE customer_movements;
         DROP TABLE period_movements; PRAGMA user_version = 8;",
    )
    .unwrap();
    conn.execute_batch(UNDO_ITEM_BLOCKS).unwrap();
    drop(conn);
    let book = Book::open(&db, "amy").unwrap();
    assert_eq!(movement_rows(&db), written_by_imports);
    assert_eq!(
        agebook::report::activity::activity_output(&book, "C0002", agebook::report::Format::Json)
            .unwrap(),
        activity
    );
}

/// The summary rows of every snapshot, as text, without the snapshot's id.
fn summary_rows_by_date(db: &Path) -> Vec<String> {
    text_rows(
        db,
        "SELECT s.as_of || ' ' || a.aging_key || ' ' || a.customer_id || ' ' || a.items
                    || ' ' || a.net_minor || ' ' || a.disputed_minor || ' '
                    || a.over_one_year_minor || ' ' || coalesce(a.oldest_days, '-') || ' '
                    || a.buckets
             FROM customer_aging a JOIN snapshots s ON s.id = a.snapshot_id
             UNION ALL
             SELECT s.as_of || ' ' || h.aging_key || ' customers ' || h.customers
             FROM aging_summaries h JOIN snapshots s ON s.id = h.snapshot_id
             ORDER BY 1",
    )
}

/// An import sums rows grouped by customer a customer at a time, and sums a ledger
/// whose customers come back (sorted by date, or one row moved to the end, after every
/// customer was summed) from its stored items: the summary is the same either way.
#[test]
fn a_ledger_in_any_row_order_gets_the_summary_of_the_same_ledger_grouped() {
    let text = std::fs::read_to_string(fixture("ar_2016-12-31.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let policy = std::fs::read_to_string(fixture("policy.csv")).unwrap();
    let summary_of = |rows: &[&str]| -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("book.db");
        let mut book = Book::open(&db, "amy").unwrap();
        book.import_policy(
            &policy,
            "policy.csv",
            "2016-01-01".parse().unwrap(),
            AgingBasis::DueDate,
        )
        .unwrap();
        let mut file = format!("{header}\n");
        for r in rows {
            file.push_str(r);
            file.push('\n');
        }
        crate::support::import_bytes(&mut book, file.as_bytes(), "ar_2016-12-31.csv").unwrap();
        drop(book);
        summary_rows_by_date(&db)
    };
    let grouped = summary_of(&lines);
    assert!(grouped.len() > 50, "{}", grouped.len());
    assert!(grouped.iter().any(|r| r.contains(" customers ")));
    // C0002's first row moved to the end: the customer comes back after every
    // customer was summed and written.
    let mut moved = lines.clone();
    assert!(moved[1].starts_with("C0002,") && moved[2].starts_with("C0002,"));
    let first = moved.remove(1);
    moved.push(first);
    assert_eq!(summary_of(&moved), grouped);
    // Sorted by document date (the fifth column): customers interleaved throughout.
    let mut by_date = lines.clone();
    by_date.sort_by_key(|l| l.split(',').nth(4).unwrap_or_default().to_string());
    assert_eq!(summary_of(&by_date), grouped);
}
