//! SPEC section 4: "Two processes may open one book: one writes, the other waits or says
//! the book is busy." The real binary runs beside another connection to the same file:
//! a writer waits for the write lock (up to `AGEBOOK_BUSY_TIMEOUT_MS`) and then either
//! goes through or says the book is busy, never half-writes; readers are not held up by
//! a long import (WAL) and see the book as it was before it.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use agebook::Book;
use agebook::generate::{CUSTOMER_A, LedgerSpec, write_ledger};
use agebook::store::BUSY_TIMEOUT_ENV;
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::support::book_with;

const BUSY: &str = "the book is busy: another Agebook (window or command) is writing to it; \
                    try again when it has finished";

fn agebook(db: &Path, busy_timeout_ms: u64) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_agebook"));
    command
        .arg("--db")
        .arg(db)
        .args(["--user", "amy"])
        .env(BUSY_TIMEOUT_ENV, busy_timeout_ms.to_string());
    command
}

fn integrity(db: &Path) -> String {
    Connection::open(db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap()
}

fn notes(db: &Path) -> Vec<String> {
    Book::open(db, "amy")
        .unwrap()
        .notes(CUSTOMER_A)
        .unwrap()
        .into_iter()
        .map(|n| n.text)
        .collect()
}

/// Another connection holding the write lock: a plain `BEGIN IMMEDIATE` on the file,
/// with a write in it so that the transaction is a real writer's.
fn hold_the_write_lock(db: &Path) -> Connection {
    let holder = Connection::open(db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    holder
        .execute(
            "UPDATE customers SET name = name WHERE id = ?1",
            [CUSTOMER_A],
        )
        .unwrap();
    holder
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_command_that_cannot_get_the_write_lock_says_the_book_is_busy_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (db, book) = book_with(dir.path(), &["ar_2016-11-30.csv"]);
    drop(book);
    let before = notes(&db);
    let holder = hold_the_write_lock(&db);

    let started = Instant::now();
    let output = agebook(&db, 200)
        .args(["customer", "note", CUSTOMER_A, "called the CFO"])
        .output()
        .unwrap();
    let waited = started.elapsed();
    assert!(!output.status.success(), "the note cannot be written");
    assert!(stderr(&output).contains(BUSY), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "no note id printed");
    assert!(
        waited >= Duration::from_millis(200),
        "it waited for the lock first ({waited:?})"
    );

    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    assert_eq!(integrity(&db), "ok");
    assert_eq!(notes(&db), before, "nothing was written");
}

#[test]
fn a_command_that_waits_for_the_write_lock_goes_through_once_it_is_released() {
    let dir = tempfile::tempdir().unwrap();
    let (db, book) = book_with(dir.path(), &["ar_2016-11-30.csv"]);
    drop(book);
    let holder = hold_the_write_lock(&db);

    let child = agebook(&db, 30_000)
        .args(["customer", "note", CUSTOMER_A, "called the CFO"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Long enough for the command to open the book and be waiting on the lock.
    std::thread::sleep(Duration::from_millis(700));
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);
    let released = Instant::now();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        released.elapsed() < Duration::from_secs(20),
        "it went on once the lock was released"
    );
    let id = String::from_utf8_lossy(&output.stdout);
    assert!(id.trim().parse::<i64>().is_ok(), "the new note's id: {id}");

    assert_eq!(integrity(&db), "ok");
    assert!(notes(&db).contains(&"called the CFO".to_string()));
}

#[test]
fn a_book_busy_for_the_library_is_a_typed_error() {
    let dir = tempfile::tempdir().unwrap();
    let (db, book) = book_with(dir.path(), &["ar_2016-11-30.csv"]);
    drop(book);
    // In this process the busy timeout is the default (5 s): the call waits that long.
    let mut book = Book::open(&db, "amy").unwrap();
    let holder = hold_the_write_lock(&db);
    let date = NaiveDate::from_ymd_opt(2016, 12, 1).unwrap();
    let started = Instant::now();
    let error = book
        .add_note(
            CUSTOMER_A,
            date,
            agebook::domain::collection::NoteAction::Call,
            "",
            "called",
        )
        .unwrap_err();
    assert!(
        matches!(
            error,
            agebook::book::BookError::Store(agebook::store::StoreError::Busy)
        ),
        "{error:?}"
    );
    assert_eq!(error.to_string(), BUSY);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "it waited first"
    );
    drop(holder);
    // Once the lock is gone the same call goes through.
    book.add_note(
        CUSTOMER_A,
        date,
        agebook::domain::collection::NoteAction::Call,
        "",
        "called",
    )
    .unwrap();
}

#[test]
fn a_long_import_does_not_hold_up_readers_in_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let (db, book) = book_with(dir.path(), &["ar_2016-11-30.csv"]);
    drop(book);

    let snapshots_before = agebook(&db, 30_000).arg("snapshots").output().unwrap();
    assert!(snapshots_before.status.success());
    let aging = || {
        agebook(&db, 30_000)
            .args(["aging", "--as-of", "2016-11-30", "--format", "json"])
            .output()
            .unwrap()
    };
    let aging_before = aging();
    assert!(aging_before.status.success(), "{}", stderr(&aging_before));

    let big = dir.path().join("ar_2016-12-31.csv");
    let spec = LedgerSpec {
        customers: 3_000,
        items: 300_000,
        as_of: NaiveDate::from_ymd_opt(2016, 12, 31).unwrap(),
        seed: 7,
    };
    write_ledger(
        &spec,
        std::io::BufWriter::new(std::fs::File::create(&big).unwrap()),
    )
    .unwrap();
    let mut import = agebook(&db, 30_000)
        .arg("import")
        .arg(&big)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // Wait until the import is writing its transaction (its pages reach the WAL).
    let wal = {
        let mut name = db.as_os_str().to_owned();
        name.push("-wal");
        std::path::PathBuf::from(name)
    };
    let wal_size = || std::fs::metadata(&wal).map_or(0, |m| m.len());
    let start_size = wal_size();
    let deadline = Instant::now() + Duration::from_secs(120);
    while wal_size() < start_size + (2 << 20) {
        assert!(
            import.try_wait().unwrap().is_none(),
            "the import finished before the readers ran; the test needs a larger ledger"
        );
        assert!(Instant::now() < deadline, "the import never wrote");
        std::thread::sleep(Duration::from_millis(5));
    }

    // The readers get the book as it was, at once, while the import still runs (with a
    // 30 s busy timeout, a reader that waited for the writer would show in the time).
    let started = Instant::now();
    let snapshots_during = agebook(&db, 30_000).arg("snapshots").output().unwrap();
    let aging_during = aging();
    let took = started.elapsed();
    let still_importing = import.try_wait().unwrap().is_none();
    assert!(
        snapshots_during.status.success(),
        "{}",
        stderr(&snapshots_during)
    );
    assert!(aging_during.status.success(), "{}", stderr(&aging_during));
    assert_eq!(
        snapshots_during.stdout, snapshots_before.stdout,
        "the old months"
    );
    assert_eq!(aging_during.stdout, aging_before.stdout, "the old figures");
    assert!(
        still_importing,
        "the readers returned while the import held its transaction open ({took:?})"
    );
    assert!(took < Duration::from_secs(10), "promptly: {took:?}");

    let status = import.wait().unwrap();
    assert!(status.success(), "the import went through afterwards");
    assert_eq!(integrity(&db), "ok");
    let book = Book::open(&db, "amy").unwrap();
    let months = book.snapshots().unwrap();
    assert_eq!(months.len(), 2);
    assert_eq!(months.last().unwrap().row_count, 300_000);
}
