//! What several test modules need: the fixtures' paths and a demo book on disk.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::AtomicBool;

use agebook::Book;
use agebook::book::BookError;
use agebook::domain::aging::AgingBasis;
use agebook::import::ImportOutcome;
use chrono::NaiveDate;

/// A file of `fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The demo book (every fixture month and the story's events), built in `dir` as the
/// user "amy".
pub fn demo_book(dir: &Path) -> PathBuf {
    let path = dir.join("book.db");
    let mut book = Book::open(&path, "amy").unwrap();
    agebook::demo::build_demo(&mut book, &mut |_, _, _| {}, &AtomicBool::new(false)).unwrap();
    path
}

/// The end of the month `month` months after January 2016 (0: 2016-01-31).
pub fn month_end_of(month: usize) -> NaiveDate {
    agebook::domain::date::month_end(
        NaiveDate::from_ymd_opt(2016, 1, 31)
            .unwrap()
            .checked_add_months(chrono::Months::new(month as u32))
            .unwrap(),
    )
}

/// Proposes a write-off of `document` of `customer` at `date` as amy and takes it
/// through approval (by boss) to posted; false when the book refuses the proposal (a
/// document not open then, say).
pub fn post_write_off(book: &mut Book, customer: &str, document: &str, date: NaiveDate) -> bool {
    use agebook::domain::writeoff::{ReasonCategory, Transition};
    let Ok(id) = book.propose_write_off(
        customer,
        date,
        ReasonCategory::Other,
        "random",
        &[(document.to_string(), None)],
    ) else {
        return false;
    };
    book.transition_write_off(id, Transition::Submit).unwrap();
    book.set_user("boss");
    book.transition_write_off(id, Transition::Approve).unwrap();
    book.set_user("amy");
    book.transition_write_off(id, Transition::Post).unwrap();
    true
}

/// Imports a ledger's bytes under the file name `name` (which gives the as-of date), as
/// a user's plain import does: no replace, never cancelled.
pub fn import_bytes(book: &mut Book, bytes: &[u8], name: &str) -> Result<ImportOutcome, BookError> {
    book.import_reader(
        bytes,
        name,
        None,
        false,
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

/// A book on disk in `dir` with the fixture policy (from 2016-01-01) and the given
/// fixture ledgers, open as "amy".
pub fn book_with(dir: &Path, ledgers: &[&str]) -> (PathBuf, Book) {
    let path = dir.join("book.db");
    let mut book = Book::open(&path, "amy").unwrap();
    let policy = std::fs::read_to_string(fixture("policy.csv")).unwrap();
    let effective = "2016-01-01".parse().unwrap();
    book.import_policy(&policy, "policy.csv", effective, AgingBasis::DueDate)
        .unwrap();
    for name in ledgers {
        book.import_file(
            &fixture(name),
            None,
            false,
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    }
    (path, book)
}

/// The real binary on `db`, acting as amy (through `AGEBOOK_USER`, so that a `--user`
/// among `args` is only ever `audit`'s filter).
pub fn agebook(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agebook"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("AGEBOOK_USER", "amy")
        .output()
        .unwrap()
}

/// Runs the binary and returns its stdout; fails the test with its stderr otherwise.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = agebook(db, args);
    assert!(
        out.status.success(),
        "agebook {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs the binary and parses its stdout as one JSON document.
pub fn json(db: &Path, args: &[&str]) -> serde_json::Value {
    let text = ok(db, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
}

/// SQL that takes a book's open items back to the table of schema 1–9 from the blocks
/// of schema 10 (the view read into the table), for tests that take a book back to an
/// older schema.
pub const UNDO_ITEM_BLOCKS: &str = "
    CREATE TEMP TABLE items_undone AS SELECT * FROM open_items;
    DROP VIEW open_items;
    CREATE TABLE open_items (
        snapshot_id   INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        customer_id   TEXT NOT NULL REFERENCES customers(id),
        document_no   TEXT NOT NULL,
        document_date TEXT NOT NULL,
        due_date      TEXT NOT NULL,
        currency      TEXT NOT NULL,
        disputed      INTEGER NOT NULL,
        amount_minor  INTEGER,
        open_minor    INTEGER NOT NULL,
        line          INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, customer_id, document_no)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO open_items SELECT * FROM temp.items_undone;
    DROP TABLE temp.items_undone;
    DROP TABLE item_blocks;";
