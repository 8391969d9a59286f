//! Old books open (SPEC section 4: "schema versioned with migrations applied at open";
//! ARCHITECTURE: "a newer schema is refused, never guessed at"). `tests/data/book_v1.db`
//! was written by the first schema version (commit b021144) and the `book_v1.*.json`
//! files beside it are what that program printed about it (`tests/data/README.md`). The
//! current program migrates a copy and must print the same figures on every key the old
//! one printed; a book one version newer than this build is refused and left untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use agebook::Book;
use agebook::book::BookError;
use agebook::store::{SCHEMA_VERSION, StoreError};
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// A file of `tests/data/`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("data")
        .join(name)
}

/// A copy of `tests/data/book_v1.db` in `dir`, named `book.db`.
pub fn copy_of_book_v1(dir: &Path) -> PathBuf {
    let path = dir.join("book.db");
    std::fs::copy(data("book_v1.db"), &path).unwrap();
    path
}

/// The real binary on the book at `db`, as the user "amy".
pub fn agebook(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_agebook"));
    command.arg("--db").arg(db).args(["--user", "amy"]);
    command
}

fn run_ok(command: &mut Command) -> Output {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `PRAGMA user_version` of the file, read without changing it.
pub fn user_version(db: &Path) -> i64 {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap()
}

/// The tables of a book and the columns each has, in the book's own order.
pub fn tables_and_columns(conn: &Connection) -> Vec<(String, Vec<String>)> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    names
        .into_iter()
        .map(|table| {
            let columns = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |row| row.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            (table, columns)
        })
        .collect()
}

/// Every row of the given tables in the given columns, as text, sorted: what a book
/// holds, independent of page layout and row order. A column for which `blank` says
/// true is written as `_` (times and the hashes made from them, which differ between
/// two runs of the same change).
pub fn rows_of(
    conn: &Connection,
    tables: &[(String, Vec<String>)],
    blank: &dyn Fn(&str) -> bool,
) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (table, columns) in tables {
        let list: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
        let mut stmt = conn
            .prepare(&format!("SELECT {} FROM \"{table}\"", list.join(", ")))
            .unwrap();
        let mut rows: Vec<String> = stmt
            .query_map([], |row| {
                let mut cells = Vec::with_capacity(columns.len());
                for (i, column) in columns.iter().enumerate() {
                    if blank(column) {
                        cells.push("_".to_string());
                    } else {
                        let value: rusqlite::types::Value = row.get(i)?;
                        cells.push(format!("{value:?}"));
                    }
                }
                Ok(cells.join("|"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        out.insert(table.clone(), rows);
    }
    out
}

/// The whole book as comparable text: its user_version, its schema (every table, index
/// and trigger, as SQL) and every row of every table.
pub fn whole_book(
    conn: &Connection,
    blank: &dyn Fn(&str) -> bool,
) -> BTreeMap<String, Vec<String>> {
    let mut out = rows_of(conn, &tables_and_columns(conn), blank);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    out.insert("(user_version)".into(), vec![version.to_string()]);
    let schema: Vec<String> = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
        .unwrap()
        .query_map([], |row| {
            Ok(format!(
                "{}|{}|{}|{:?}",
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    out.insert("(schema)".into(), schema);
    out
}

/// Nothing blanked.
pub fn exact(_: &str) -> bool {
    false
}

/// The tables whose rows differ between two books (for failure messages).
pub fn differing_tables(
    a: &BTreeMap<String, Vec<String>>,
    b: &BTreeMap<String, Vec<String>>,
) -> Vec<String> {
    let mut names: Vec<&String> = a.keys().chain(b.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| a.get(*n) != b.get(*n))
        .cloned()
        .collect()
}

fn sha256_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    format!("{:x}", Sha256::digest(bytes))
}

fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Where the current JSON departs from the old: a key the old printed that is missing
/// now, a value that differs, an array of another length. Keys the old did not print
/// are ignored. Rows are named by their "key" in the path.
fn departures(old: &Value, new: &Value, path: &str, out: &mut Vec<String>) {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (k, v) in o {
                let here = format!("{path}.{k}");
                match n.get(k) {
                    None => out.push(format!("{here}: printed by v1, missing now")),
                    Some(nv) => departures(v, nv, &here, out),
                }
            }
        }
        (Value::Array(o), Value::Array(n)) => {
            if o.len() != n.len() {
                out.push(format!(
                    "{path}: {} entries in v1, {} now",
                    o.len(),
                    n.len()
                ));
            }
            for (i, (ov, nv)) in o.iter().zip(n).enumerate() {
                let here = match ov.get("key").and_then(Value::as_str) {
                    Some(key) => format!("{path}[{key}]"),
                    None => format!("{path}[{i}]"),
                };
                departures(ov, nv, &here, out);
            }
        }
        _ => {
            if old != new {
                out.push(format!("{path}: v1 {old}, now {new}"));
            }
        }
    }
}

/// The v1 oracle files and the current command that prints the same document.
fn oracle() -> Vec<(&'static str, Vec<&'static str>)> {
    let report =
        |measure, by, as_of| vec![measure, "--as-of", as_of, "--by", by, "--format", "json"];
    vec![
        (
            "book_v1.aging.type.2016-12-31.json",
            report("aging", "type", "2016-12-31"),
        ),
        (
            "book_v1.aging.customer.2016-12-31.json",
            report("aging", "customer", "2016-12-31"),
        ),
        (
            "book_v1.allowance.type.2016-12-31.json",
            report("allowance", "type", "2016-12-31"),
        ),
        (
            "book_v1.allowance.customer.2016-12-31.json",
            report("allowance", "customer", "2016-12-31"),
        ),
        (
            "book_v1.allowance.customer.2016-10-31.json",
            report("allowance", "customer", "2016-10-31"),
        ),
        (
            "book_v1.allowance.type.2016-11-30.json",
            report("allowance", "type", "2016-11-30"),
        ),
        (
            "book_v1.snapshots.json",
            vec!["snapshots", "--format", "json"],
        ),
        (
            "book_v1.policy.2016-12-31.json",
            vec![
                "policy",
                "show",
                "--as-of",
                "2016-12-31",
                "--format",
                "json",
            ],
        ),
    ]
}

#[test]
fn a_first_schema_book_migrates_to_the_current_version_keeping_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_book_v1(dir.path());
    assert_eq!(
        user_version(&db),
        1,
        "the book is of the first schema version"
    );
    let (v1_tables, v1_rows) = {
        let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let tables = tables_and_columns(&conn);
        let rows = rows_of(&conn, &tables, &exact);
        (tables, rows)
    };
    assert!(v1_rows["audit_log"].len() == 11 && v1_rows["open_items"].len() == 2148);

    let book = Book::open(&db, "amy").unwrap();
    assert_eq!(book.snapshots().unwrap().len(), 4);
    drop(book);
    assert_eq!(user_version(&db), SCHEMA_VERSION);

    // Every table of v1 is still there, and in v1's columns every row is as it was: the
    // migration adds, it never rewrites what the old program wrote.
    let conn = Connection::open(&db).unwrap();
    assert_eq!(rows_of(&conn, &v1_tables, &exact), v1_rows);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    // The pages of the table the items were moved out of are given back (VACUUM).
    let free: i64 = conn
        .query_row("PRAGMA freelist_count", [], |row| row.get(0))
        .unwrap();
    assert_eq!(free, 0, "no free pages left by the migration");
    let foreign: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(foreign, 0, "no dangling references");
    drop(conn);

    // A second open has nothing left to do.
    let migrated = {
        let conn = Connection::open(&db).unwrap();
        whole_book(&conn, &exact)
    };
    drop(Book::open(&db, "amy").unwrap());
    let conn = Connection::open(&db).unwrap();
    assert_eq!(whole_book(&conn, &exact), migrated);
    drop(conn);

    // The audit log of the migrated book verifies.
    assert_verifies(&db, "the migrated v1 book");
}

/// `agebook verify` passes on the book (when this build has the command; it came after
/// the first tests of this module).
pub fn assert_verifies(db: &Path, what: &str) {
    let output = agebook(db).arg("verify").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("unrecognized subcommand") {
        eprintln!("`agebook verify` does not exist in this build; not run on {what}");
    } else {
        assert!(
            output.status.success(),
            "verify failed on {what}: {stderr}{}",
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
fn a_migrated_first_schema_book_gives_the_figures_the_first_version_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_book_v1(dir.path());
    drop(Book::open(&db, "amy").unwrap());
    assert_eq!(user_version(&db), SCHEMA_VERSION);

    let mut all = Vec::new();
    for (file, args) in oracle() {
        let old: Value =
            serde_json::from_str(&std::fs::read_to_string(data(file)).unwrap()).unwrap();
        let output = run_ok(agebook(&db).args(args));
        let new: Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut found = Vec::new();
        departures(&old, &new, "", &mut found);
        all.extend(found.into_iter().map(|d| format!("{file}: {d}")));
    }
    assert!(
        all.is_empty(),
        "{} departures from v1:\n{}",
        all.len(),
        all.join("\n")
    );
}

#[test]
fn a_book_of_a_newer_schema_is_refused_and_left_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_book_v1(dir.path());
    drop(Book::open(&db, "amy").unwrap());
    {
        let conn = Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    assert!(!sidecar(&db, "-wal").exists() && !sidecar(&db, "-shm").exists());
    let hash = sha256_of(&db);
    let expected = format!(
        "this book has schema version {}, newer than this Agebook knows ({SCHEMA_VERSION}); \
         open it with a newer Agebook",
        SCHEMA_VERSION + 1
    );

    // Through the library.
    match Book::open(&db, "amy") {
        Err(BookError::Store(e @ StoreError::NewerSchema { found, known })) => {
            assert_eq!((found, known), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
            assert_eq!(e.to_string(), expected);
        }
        Err(e) => panic!("refused for the wrong reason: {e}"),
        Ok(_) => panic!("a newer book was opened"),
    }
    assert_eq!(sha256_of(&db), hash);

    // Through the binary: a read and a write are both refused, with the message.
    for args in [
        vec!["snapshots"],
        vec![
            "policy",
            "import",
            "fixtures/policy.csv",
            "--effective",
            "2017-01-01",
        ],
    ] {
        let output = agebook(&db)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(&args)
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?} ran on a newer book");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(&expected), "{args:?}: {stderr}");
    }
    assert_eq!(sha256_of(&db), hash, "the refused book was changed");
    assert!(
        !sidecar(&db, "-wal").exists() && !sidecar(&db, "-shm").exists(),
        "the refused book was left with a -wal or -shm file"
    );
    assert_eq!(user_version(&db), SCHEMA_VERSION + 1);
}

#[test]
fn a_newer_book_in_a_rollback_journal_is_refused_before_its_journal_is_switched() {
    // Found by hand: the open used to switch the journal to WAL before reading the
    // version, so a refused book written by another tool still changed on disk.
    let dir = tempfile::tempdir().unwrap();
    let db = copy_of_book_v1(dir.path());
    {
        let conn = Connection::open(&db).unwrap();
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "DELETE", |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
    }
    let hash = sha256_of(&db);
    assert!(matches!(
        Book::open(&db, "amy"),
        Err(BookError::Store(StoreError::NewerSchema { .. }))
    ));
    assert_eq!(sha256_of(&db), hash, "the refused book was changed");
    assert!(!sidecar(&db, "-wal").exists());
}
