//! SPEC section 7: "a kill in the middle of an import leaves the book as it was". The
//! real binary imports a large generated ledger into a book on disk and is killed
//! (SIGKILL, no chance to clean up) while its transaction is being written; the book
//! then opens with the months it had, passes SQLite's integrity check, and takes the
//! same file again.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use agebook::Book;
use agebook::generate::{LedgerSpec, write_ledger};
use chrono::NaiveDate;

use crate::support::fixture;

fn agebook(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_agebook"));
    command.arg("--db").arg(db).args(["--user", "amy"]);
    command
}

fn wal_size(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len())
}

#[test]
fn a_kill_in_the_middle_of_an_import_leaves_the_book_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let first = fixture("ar_2016-11-30.csv");
    let output = agebook(&db).arg("import").arg(&first).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let before = Book::open(&db, "amy").unwrap();
    let snapshots = before.snapshots().unwrap();
    let audit = before.store().audit_log().unwrap().len();
    let customers = before.store().customers().unwrap().len();
    drop(before);

    // Large enough that the import's pages spill into the WAL long before it commits.
    let big = dir.path().join("ar_2016-12-31.csv");
    let spec = LedgerSpec {
        customers: 3_000,
        items: 300_000,
        as_of: NaiveDate::from_ymd_opt(2016, 12, 31).unwrap(),
        seed: 11,
    };
    write_ledger(
        &spec,
        std::io::BufWriter::new(std::fs::File::create(&big).unwrap()),
    )
    .unwrap();

    let mut child = agebook(&db)
        .arg("import")
        .arg(&big)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the import finished before it could be killed; the test needs a larger ledger"
        );
        if wal_size(&db) > 4 << 20 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the import never wrote to the book"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "the import was killed, not finished");

    let integrity: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let after = Book::open(&db, "amy").unwrap();
    assert_eq!(after.snapshots().unwrap(), snapshots, "no half month");
    assert_eq!(
        after.store().audit_log().unwrap().len(),
        audit,
        "no audit entry for it"
    );
    assert_eq!(
        after.store().customers().unwrap().len(),
        customers,
        "no customers from it"
    );
    drop(after);

    // Nothing of the killed import is remembered: the same file is not "already imported".
    let output = agebook(&db).arg("import").arg(&big).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let book = Book::open(&db, "amy").unwrap();
    let months = book.snapshots().unwrap();
    assert_eq!(months.len(), snapshots.len() + 1);
    assert_eq!(months.last().unwrap().row_count, 300_000);
}
