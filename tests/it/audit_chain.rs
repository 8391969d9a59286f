//! A book an auditor can rely on: the audit log's hash chain and `agebook verify`
//! catching changes made with other tools, the readable `agebook audit`, backups taken
//! while the book is open and restores that refuse a tampered file, and write-off steps
//! that cannot both land when two users race (defect 7).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Barrier;

use agebook::Book;
use agebook::Money;
use agebook::book::BookError;
use agebook::domain::writeoff::{ReasonCategory, Transition, WriteOffError, WriteOffState};
use agebook::store::{ChainProblem, StoreError, WriteOffProblem};
use chrono::NaiveDate;
use rusqlite::Connection;

use crate::support::{UNDO_ITEM_BLOCKS, agebook, demo_book, import_bytes, json, ok};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Opens the file with plain rusqlite, as any other tool would, and runs `sql`.
fn tamper(db: &Path, sql: &str) {
    Connection::open(db).unwrap().execute_batch(sql).unwrap();
}

/// The id of the one audit row with `action` on write-off `id`.
fn step_row(book: &Book, action: &str, id: i64) -> i64 {
    let rows: Vec<i64> = book
        .store()
        .audit_log()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == action && e.entity_id == id.to_string())
        .map(|e| e.id)
        .collect();
    assert_eq!(rows.len(), 1, "{action} rows of write-off {id}: {rows:?}");
    rows[0]
}

#[test]
fn a_fresh_demo_book_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let book = Book::open(&db, "amy").unwrap();
    let report = book.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems());
    let log = book.store().audit_log().unwrap();
    assert_eq!(report.audit_chain.rows, log.len() as i64);
    let last = log.last().unwrap();
    let head = report.audit_chain.head.unwrap();
    assert_eq!((head.id, Some(head.hash)), (last.id, last.hash.clone()));
    // Every row links to the one before it, from the genesis hash on.
    assert_eq!(
        log[0].prev_hash.as_deref(),
        Some(agebook::store::GENESIS_HASH)
    );
    for pair in log.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
        assert_eq!(pair[1].id, pair[0].id + 1);
    }
    let posted = book.write_offs(Some(WriteOffState::Posted)).unwrap();
    assert_eq!(report.write_offs.checked, posted.len());
    assert!(!posted.is_empty());

    let out = ok(&db, &["verify"]);
    assert!(out.contains("The book verifies."), "{out}");
    let doc = json(&db, &["verify", "--format", "json"]);
    assert_eq!(doc["ok"], true);
    assert_eq!(doc["integrity"]["messages"][0], "ok");
    assert_eq!(doc["audit_chain"]["head"]["id"], last.id);
}

#[test]
fn an_audit_row_edited_after_dropping_its_trigger_is_named_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    // li.na's approval of write-off 1 (the CFO's, over the manager's limit).
    let row = Book::open(&db, "amy")
        .unwrap()
        .store()
        .audit_log()
        .unwrap()
        .into_iter()
        .find(|e| e.action == "writeoff_approve" && e.user == "li.na")
        .unwrap()
        .id;
    tamper(
        &db,
        &format!(
            "DROP TRIGGER audit_log_is_append_only_update;
             UPDATE audit_log SET after = replace(after, '50000000.00', '99000000.00')
             WHERE id = {row};"
        ),
    );
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    assert!(!report.ok);
    let first = &report.audit_chain.failures[0];
    assert_eq!(
        (first.id, first.problem),
        (row, ChainProblem::ContentChanged)
    );
    assert_eq!(report.audit_chain.failures.len(), 1, "only that row fails");

    let out = agebook(&db, &["verify"]);
    assert!(!out.status.success(), "verify exits non-zero on a failure");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains(&format!("row {row} (writeoff_approve by li.na")),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not verify"));
    let doc: serde_json::Value =
        serde_json::from_slice(&agebook(&db, &["verify", "--format", "json"]).stdout).unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["audit_chain"]["failures"][0]["id"], row);
    assert_eq!(
        doc["audit_chain"]["failures"][0]["problem"],
        "content_changed"
    );
}

#[test]
fn a_deleted_audit_row_is_caught_as_missing() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    tamper(
        &db,
        "DROP TRIGGER audit_log_is_append_only_delete;
         DELETE FROM audit_log WHERE id = 30;",
    );
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    assert!(!report.ok);
    let first = &report.audit_chain.failures[0];
    assert_eq!((first.id, first.problem), (30, ChainProblem::Missing));
    assert_eq!(
        report.audit_chain.failures.len(),
        1,
        "{:?}",
        report.problems()
    );

    // The first row too: ids start at 1.
    tamper(&db, "DELETE FROM audit_log WHERE id = 1;");
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    let first = &report.audit_chain.failures[0];
    assert_eq!((first.id, first.problem), (1, ChainProblem::Missing));
}

#[test]
fn a_replaced_hash_breaks_the_link_to_the_next_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    tamper(
        &db,
        &format!(
            "DROP TRIGGER audit_log_is_append_only_update;
             UPDATE audit_log SET hash = '{}' WHERE id = 12;",
            "ab".repeat(32)
        ),
    );
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    let found: Vec<(i64, ChainProblem)> = report
        .audit_chain
        .failures
        .iter()
        .map(|f| (f.id, f.problem))
        .collect();
    assert_eq!(
        found,
        [
            (12, ChainProblem::ContentChanged),
            (13, ChainProblem::PrevHashMismatch)
        ]
    );
}

#[test]
fn a_posted_write_off_whose_amount_is_edited_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let (post_row, doc) = {
        let book = Book::open(&db, "amy").unwrap();
        let w = book.write_off(1).unwrap();
        (
            step_row(&book, "writeoff_post", 1),
            w.documents[0].0.clone(),
        )
    };
    tamper(
        &db,
        &format!(
            "DROP TRIGGER write_off_documents_change_only_in_draft_update;
             UPDATE write_off_documents SET amount_minor = amount_minor - 100000
             WHERE write_off_id = 1 AND document_no = '{doc}';"
        ),
    );
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    assert!(!report.ok);
    assert!(report.audit_chain.ok, "the log itself is untouched");
    let f = &report.write_offs.failures[0];
    assert_eq!(
        (f.write_off_id, f.audit_id, f.problem),
        (1, Some(post_row), WriteOffProblem::DocumentsDiffer)
    );
    assert!(f.detail.contains(&doc), "{}", f.detail);
    assert!(!agebook(&db, &["verify"]).status.success());
}

#[test]
fn a_posted_write_off_set_back_to_approved_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    tamper(
        &db,
        "DROP TRIGGER posted_write_offs_are_final;
         UPDATE write_offs SET state = 'approved' WHERE id = 2;",
    );
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    let f = &report.write_offs.failures[0];
    assert_eq!((f.write_off_id, f.problem), (2, WriteOffProblem::NotPosted));
}

#[test]
fn a_book_from_before_the_chain_opens_with_the_same_chain_as_one_written_live() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let live = Book::open(&db, "amy").unwrap().store().audit_log().unwrap();
    // Take the book back to the schema before the chain (version 5 added it): no hash
    // columns, the old triggers, and none of the later steps (6: import profiles, 7:
    // aging summaries, 8: the document index dropped, 9: period movements, 10: items in
    // blocks).
    const CHAIN_VERSION: i64 = 5;
    let version: i64 = Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 10, "a new step: undo it here too");
    tamper(&db, UNDO_ITEM_BLOCKS);
    tamper(
        &db,
        &format!(
            "DROP TABLE customer_billings;
             DROP TABLE customer_movements;
             DROP TABLE period_movements;
             CREATE INDEX open_items_by_document ON open_items(customer_id, document_no);
             DROP TABLE customer_aging;
             DROP TABLE aging_summaries;
             DROP TABLE import_profiles;
             DROP TRIGGER audit_log_is_append_only_update;
             DROP TRIGGER audit_log_is_append_only_delete;
             DROP TRIGGER audit_log_rows_are_chained;
             ALTER TABLE audit_log DROP COLUMN hash;
             ALTER TABLE audit_log DROP COLUMN prev_hash;
             CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
             CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
             BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
             PRAGMA user_version = {};",
            CHAIN_VERSION - 1
        ),
    );
    let book = Book::open(&db, "amy").unwrap();
    let report = book.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems());
    assert_eq!(book.store().audit_log().unwrap(), live);
}

/// Runs `agebook audit` with `args` and returns its JSON rows.
fn audit_rows(db: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["audit"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    json(db, &all)["rows"].as_array().unwrap().clone()
}

#[test]
fn audit_for_li_na_is_her_approval_of_customer_as_write_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let rows = audit_rows(&db, &["--user", "li.na"]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let r = &rows[0];
    assert_eq!(r["user"], "li.na");
    assert_eq!(r["action"], "writeoff_approve");
    assert_eq!(r["entity"], "write_off");
    assert_eq!(r["entity_id"], "1");
    assert_eq!(r["after"]["state"], "approved");
    assert_eq!(r["after"]["approval"]["limit"], "50000000.00");
    assert_eq!(r["before"]["approvals"], 1, "zhang.wei approved first");
    assert_eq!(
        r["summary"],
        "state: submitted → approved; approval: {by li.na, limit 50000000.00}"
    );
    assert_eq!(r["hash"].as_str().unwrap().len(), 64);

    let table = ok(&db, &["audit", "--user", "li.na"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "header, rule, one row:\n{table}");
    for column in [
        "Id",
        "At",
        "User",
        "Action",
        "Entity",
        "Entity id",
        "Change",
    ] {
        assert!(lines[0].contains(column), "{table}");
    }
    assert!(lines[2].contains("li.na") && lines[2].contains("writeoff_approve"));
    assert!(lines[2].contains("state: submitted → approved"), "{table}");
}

#[test]
fn the_acting_user_before_audit_does_not_filter_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let all = Book::open(&db, "amy").unwrap().store().audit_log().unwrap();
    let json: serde_json::Value = serde_json::from_slice(
        &agebook(&db, &["--user", "li.na", "audit", "--format", "json"]).stdout,
    )
    .unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), all.len());
}

#[test]
fn audit_of_the_postings_records_write_off_1_as_posted() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let w = Book::open(&db, "amy").unwrap().write_off(1).unwrap();
    let rows = audit_rows(&db, &["--action", "writeoff_post"]);
    let posted = Book::open(&db, "amy")
        .unwrap()
        .write_offs(Some(WriteOffState::Posted))
        .unwrap();
    assert_eq!(rows.len(), posted.len());
    let r = &rows[0];
    assert_eq!(r["entity_id"], "1");
    assert_eq!(r["user"], "amy");
    assert_eq!(r["after"]["state"], "posted");
    assert_eq!(r["after"]["customer_id"], "C0001");
    assert_eq!(r["after"]["date"], "2016-12-20");
    assert_eq!(r["after"]["amount"], "12378044.00");
    assert_eq!(w.amount(), Money::parse("12378044.00").unwrap());
    assert_eq!(
        r["after"]["documents"].as_array().unwrap().len(),
        w.documents.len()
    );
}

#[test]
fn audit_for_a_customer_holds_its_own_rows_and_its_write_offs_steps() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let rows = audit_rows(&db, &["--customer", "C0001"]);
    let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
    for action in [
        "specific_set",
        "note_add",
        "writeoff_propose",
        "writeoff_submit",
        "writeoff_approve",
        "writeoff_post",
    ] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }
    assert_eq!(
        actions.iter().filter(|a| **a == "writeoff_approve").count(),
        2,
        "zhang.wei and li.na"
    );
    for r in &rows {
        let about_c0001 = (r["entity"] == "customer" && r["entity_id"] == "C0001")
            || (r["entity"] == "write_off" && r["entity_id"] == "1");
        assert!(about_c0001, "{r}");
    }
    // And the other filters, in SQL: nothing is written before 2000 or by nobody.
    assert!(audit_rows(&db, &["--to", "2000-01-01"]).is_empty());
    assert!(audit_rows(&db, &["--user", "nobody"]).is_empty());
    let today = chrono::Utc::now().date_naive().to_string();
    let all = Book::open(&db, "amy").unwrap().store().audit_log().unwrap();
    assert_eq!(
        audit_rows(&db, &["--from", &today, "--to", &today]).len(),
        all.len()
    );
}

#[test]
fn audit_csv_neutralises_formula_like_cells() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_agebook"))
        .arg("--db")
        .arg(&db)
        .args(["--user", "=2+5", "customer", "note", "C0003", "Called"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = ok(&db, &["audit", "--user", "=2+5", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(&headers[2], "user");
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1);
    assert_eq!(&records[0][2], "'=2+5");
    assert_eq!(&records[0][3], "note_add");
}

#[test]
fn backup_while_the_book_is_open_restores_to_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    // The window, say: a Book holding the file open in this process.
    let mut open = Book::open(&db, "amy").unwrap();
    let figures = |book: &Book| {
        ["2016-12-31", "2017-06-30"].map(|date| {
            let a = book.assess(d(date)).unwrap();
            (a.total_balance(), a.total_allowance())
        })
    };
    let before = figures(&open);
    let copy = dir.path().join("copy.db");
    let stdout = ok(&db, &["backup", "--out", copy.to_str().unwrap()]);
    assert_eq!(stdout.trim(), copy.to_str().unwrap());
    assert!(Book::open(&copy, "amy").unwrap().verify().unwrap().ok);

    // A change after the backup moves the figures of June 2017.
    let customer = open
        .assess(d("2017-06-30"))
        .unwrap()
        .customers
        .iter()
        .find(|c| c.balance.is_positive() && c.allowance < c.balance)
        .unwrap()
        .customer_id
        .clone();
    open.set_specific(
        &customer,
        agebook::domain::policy::SpecificBasis::Percent(rust_decimal::Decimal::ONE),
        "Fully reserved after the backup",
        d("2017-06-30"),
    )
    .unwrap();
    let changed = figures(&open);
    assert_ne!(changed[1], before[1]);

    let stdout = ok(&db, &["restore", copy.to_str().unwrap()]);
    let kept = stdout
        .lines()
        .find_map(|l| l.strip_prefix("the book it replaced is kept as "))
        .map(PathBuf::from)
        .unwrap();
    assert!(kept.exists(), "{stdout}");
    assert!(
        kept.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("book.db.replaced-")
    );
    // The Book still open sees the restored book (it was copied in, not renamed under
    // its connection), and so does a new one.
    assert_eq!(figures(&open), before);
    assert_eq!(figures(&Book::open(&db, "amy").unwrap()), before);
    let restored = Book::open(&db, "amy").unwrap();
    let report = restored.verify().unwrap();
    assert!(report.ok, "{:?}", report.problems());
    let last = restored.store().audit_log().unwrap().pop().unwrap();
    assert_eq!(
        (last.action.as_str(), last.user.as_str()),
        ("restore", "amy")
    );
    // The book it replaced, change included, is kept whole.
    let old = Book::open(&kept, "amy").unwrap();
    assert!(old.verify().unwrap().ok);
    assert_eq!(figures(&old), changed);
}

#[test]
fn backup_under_an_uncommitted_write_copies_the_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let rows = Book::open(&db, "amy")
        .unwrap()
        .store()
        .audit_log()
        .unwrap()
        .len();
    let writer = Connection::open(&db).unwrap();
    writer
        .execute_batch(
            "BEGIN IMMEDIATE;
             INSERT INTO collection_notes (customer_id, date, author, action, outcome, text,
                                           created_at)
             VALUES ('C0003', '2017-06-30', 'x', 'call', '', 'uncommitted', '');",
        )
        .unwrap();
    let copy = dir.path().join("copy.db");
    ok(&db, &["backup", "--out", copy.to_str().unwrap()]);
    writer.execute_batch("ROLLBACK").unwrap();
    let copied = Book::open(&copy, "amy").unwrap();
    assert_eq!(copied.store().audit_log().unwrap().len(), rows);
    assert!(
        copied
            .notes("C0003")
            .unwrap()
            .iter()
            .all(|n| n.text != "uncommitted")
    );
}

#[test]
fn backup_refuses_to_overwrite_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let copy = dir.path().join("copy.db");
    std::fs::write(&copy, "precious").unwrap();
    let out = agebook(&db, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read(&copy).unwrap(), b"precious");
    ok(&db, &["backup", "--out", copy.to_str().unwrap(), "--force"]);
    assert!(Book::open(&copy, "amy").unwrap().verify().unwrap().ok);
}

/// The book's files in `dir` whose names start with `prefix`.
fn files_named(dir: &Path, prefix: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect()
}

#[test]
fn restore_of_a_tampered_backup_is_refused_and_the_book_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let copy = dir.path().join("copy.db");
    ok(&db, &["backup", "--out", copy.to_str().unwrap()]);
    tamper(
        &copy,
        "DROP TRIGGER audit_log_is_append_only_update;
         UPDATE audit_log SET user = 'mallory' WHERE id = 5;",
    );
    let log = Book::open(&db, "amy").unwrap().store().audit_log().unwrap();
    let out = agebook(&db, &["restore", copy.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot be restored"), "{stderr}");
    assert!(stderr.contains("row 5"), "{stderr}");
    assert!(stderr.contains("untouched"), "{stderr}");
    let book = Book::open(&db, "amy").unwrap();
    assert_eq!(book.store().audit_log().unwrap(), log);
    assert!(book.verify().unwrap().ok);
    assert!(files_named(dir.path(), "book.db.replaced-").is_empty());
    assert!(files_named(dir.path(), ".book.db.restoring-").is_empty());

    // Nor is a file that is not a book at all.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, "not a database, just some text in a file").unwrap();
    let out = agebook(&db, &["restore", junk.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an Agebook book"));
    assert_eq!(
        Book::open(&db, "amy").unwrap().store().audit_log().unwrap(),
        log
    );
}

/// A book on disk with `n` small customers (one invoice each, well under every
/// approver's limit) and two approvers, `zhang.wei` and `li.na`; amy prepares.
fn race_book(dir: &Path, n: usize) -> PathBuf {
    let path = dir.join("race.db");
    let mut book = Book::open(&path, "amy").unwrap();
    let mut ledger =
        String::from("customer_id,customer_name,document_no,document_date,due_date,open_amount\n");
    for i in 0..n {
        ledger += &format!(
            "R{i:03},Customer {i},INV-{i},2015-01-10,2015-02-09,{}.00\n",
            1000 + i
        );
    }
    import_bytes(&mut book, ledger.as_bytes(), "ar_2016-11-30.csv").unwrap();
    for name in ["zhang.wei", "li.na"] {
        book.set_approver(name, Money::parse("1000000").unwrap(), None)
            .unwrap();
    }
    path
}

/// Proposes and submits a write-off of customer `R<i>` as amy; returns its id.
fn submitted(book: &mut Book, i: usize) -> i64 {
    let id = book
        .propose_write_off(
            &format!("R{i:03}"),
            d("2016-12-15"),
            ReasonCategory::UneconomicToPursue,
            "Too small to chase",
            &[],
        )
        .unwrap();
    book.transition_write_off(id, Transition::Submit).unwrap();
    id
}

/// The approve and reject rows of write-off `id`.
fn decisions(book: &Book, id: i64) -> Vec<String> {
    book.store()
        .audit_log()
        .unwrap()
        .into_iter()
        .filter(|e| {
            e.entity_id == id.to_string()
                && matches!(e.action.as_str(), "writeoff_approve" | "writeoff_reject")
        })
        .map(|e| e.action)
        .collect()
}

#[test]
fn concurrent_approve_and_reject_cannot_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = race_book(dir.path(), 1);
    let mut amy = Book::open(&path, "amy").unwrap();
    let id = submitted(&mut amy, 0);
    let mut cfo = Book::open(&path, "li.na").unwrap();
    let mut manager = Book::open(&path, "zhang.wei").unwrap();
    // Both see the write-off submitted.
    let seen_by_cfo = cfo.write_off(id).unwrap();
    let seen_by_manager = manager.write_off(id).unwrap();
    assert_eq!(seen_by_cfo.state, WriteOffState::Submitted);
    assert_eq!(seen_by_manager.state, WriteOffState::Submitted);

    let approved = cfo
        .transition_write_off_from(id, seen_by_cfo.state, Transition::Approve)
        .unwrap();
    assert_eq!(approved.state, WriteOffState::Approved);
    let e = manager
        .transition_write_off_from(
            id,
            seen_by_manager.state,
            Transition::Reject("Not convinced".into()),
        )
        .unwrap_err();
    match &e {
        BookError::Store(StoreError::WriteOffMoved {
            id: moved,
            seen,
            found,
            by,
            ..
        }) => {
            assert_eq!(*moved, id);
            assert_eq!(*seen, WriteOffState::Submitted);
            assert_eq!(*found, WriteOffState::Approved);
            assert_eq!(by, "li.na");
        }
        other => panic!("expected WriteOffMoved, got {other:?}"),
    }
    let message = e.to_string();
    assert!(
        message.starts_with(&format!("write-off {id} was approved by li.na meanwhile")),
        "{message}"
    );
    assert!(message.ends_with("it is no longer submitted"), "{message}");
    assert_eq!(decisions(&amy, id), ["writeoff_approve"]);
    assert_eq!(amy.write_off(id).unwrap().state, WriteOffState::Approved);
    assert!(amy.verify().unwrap().ok);

    // Asked again without a state seen, the rules say why.
    let e = manager
        .transition_write_off(id, Transition::Reject("Still not".into()))
        .unwrap_err();
    assert!(matches!(
        e,
        BookError::WriteOff(WriteOffError::WrongState { .. })
    ));
    assert_eq!(decisions(&amy, id), ["writeoff_approve"]);
}

#[test]
fn racing_approvers_and_rejecters_never_both_win() {
    const ROUNDS: usize = 16;
    let dir = tempfile::tempdir().unwrap();
    let path = race_book(dir.path(), ROUNDS);
    let mut amy = Book::open(&path, "amy").unwrap();
    let mut cfo = Book::open(&path, "li.na").unwrap();
    let mut manager = Book::open(&path, "zhang.wei").unwrap();
    for round in 0..ROUNDS {
        let id = submitted(&mut amy, round);
        // Alternate who approves, so both orders of locking are raced.
        let (approver, rejecter) = if round % 2 == 0 {
            (&mut cfo, &mut manager)
        } else {
            (&mut manager, &mut cfo)
        };
        let barrier = Barrier::new(2);
        let (approve, reject) = std::thread::scope(|s| {
            let a = s.spawn(|| {
                barrier.wait();
                approver.transition_write_off(id, Transition::Approve)
            });
            let r = s.spawn(|| {
                barrier.wait();
                rejecter.transition_write_off(id, Transition::Reject("No".into()))
            });
            (a.join().unwrap(), r.join().unwrap())
        });
        let lost = |e: &BookError| {
            matches!(
                e,
                BookError::Store(StoreError::WriteOffMoved { .. })
                    | BookError::WriteOff(WriteOffError::WrongState { .. })
            )
        };
        let (state, expected) = match (&approve, &reject) {
            (Ok(w), Err(e)) if lost(e) => (w.state, "writeoff_approve"),
            (Err(e), Ok(w)) if lost(e) => (w.state, "writeoff_reject"),
            other => panic!("round {round}: exactly one must win, got {other:?}"),
        };
        assert_eq!(decisions(&amy, id), [expected], "round {round}");
        assert_eq!(amy.write_off(id).unwrap().state, state, "round {round}");
    }
    assert!(amy.verify().unwrap().ok);
}

/// The aging summaries and each snapshot's totals are derived from the open items and
/// read instead of them; `verify` recomputes them, so a summary or a total changed
/// behind the book's back (an amount moved between buckets, a total nudged by a fen)
/// is named, with its snapshot, by the CLI and by the book.
#[test]
fn a_summary_or_a_total_that_disagrees_with_its_items_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    assert!(report.ok, "{:?}", report.problems());
    assert_eq!(report.derived.snapshots, 18);
    assert!(
        report.derived.summaries >= 18,
        "{}",
        report.derived.summaries
    );
    assert!(ok(&db, &["verify"]).contains("derived figures"));

    // C0002's summed aging of 2017-06-30, its net one fen higher.
    tamper(
        &db,
        "UPDATE customer_aging SET net_minor = net_minor + 1
         WHERE customer_id = 'C0002'
           AND snapshot_id = (SELECT id FROM snapshots WHERE as_of = '2017-06-30')",
    );
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    assert!(!report.ok);
    let f = &report.derived.failures;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].as_of.to_string(), "2017-06-30");
    assert!(
        f[0].detail.contains("from customer C0002"),
        "{}",
        f[0].detail
    );
    let out = agebook(&db, &["verify"]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("snapshot 2017-06-30: its aging summary"),
        "{text}"
    );

    // A snapshot's stored debits, one fen off.
    tamper(
        &db,
        "UPDATE snapshots SET debit_minor = debit_minor - 1 WHERE as_of = '2016-03-31'",
    );
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    let dates: Vec<String> = report
        .derived
        .failures
        .iter()
        .map(|f| f.as_of.to_string())
        .collect();
    assert_eq!(dates, ["2016-03-31", "2017-06-30"]);
    assert!(report.derived.failures[0].detail.contains("its totals say"));
}

/// Each period's movements (billings, collections, adjustments per customer) are kept
/// at import and read instead of every document's sightings; `verify` recomputes them
/// from the items, so one changed by a fen behind the book's back is named with its
/// period and customer.
#[test]
fn a_kept_movement_that_disagrees_with_its_items_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    assert!(report.ok, "{:?}", report.problems());
    assert_eq!(report.derived.movements, 18);
    assert!(
        ok(&db, &["verify"]).contains("18 periods' movements"),
        "{}",
        ok(&db, &["verify"])
    );

    // C0002's collections in the month to 2016-04-30, one fen more.
    tamper(
        &db,
        "UPDATE customer_movements SET collections_minor = collections_minor + 1
         WHERE customer_id = 'C0002'
           AND snapshot_id = (SELECT id FROM snapshots WHERE as_of = '2016-04-30')",
    );
    let report = Book::open(&db, "amy").unwrap().verify().unwrap();
    assert!(!report.ok);
    let f = &report.derived.failures;
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].as_of.to_string(), "2016-04-30");
    assert!(
        f[0].detail.contains("movements") && f[0].detail.contains("from customer C0002"),
        "{}",
        f[0].detail
    );
    let out = agebook(&db, &["verify"]);
    assert!(!out.status.success());
}

/// What `verify` finds wrong with the book's derived figures, each as "as-of detail";
/// asserts the book does not verify.
fn derived_failures(db: &Path) -> Vec<String> {
    let report = Book::open(db, "amy").unwrap().verify().unwrap();
    assert!(!report.ok);
    report
        .derived
        .failures
        .iter()
        .map(|f| format!("{} {}", f.as_of, f.detail))
        .collect()
}

/// A document's open amount changed by a fen in its customer's block of items: the
/// snapshot's totals, its aging summary and its movements disagree with the items, each
/// named; a block whose documents are out of order is a finding about its snapshot,
/// naming the customer.
#[test]
fn an_open_item_changed_in_its_block_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_book(dir.path());
    let latest = "(SELECT id FROM snapshots WHERE as_of = '2017-06-30')";
    // INV-2016-01111 of C0028 is open at 793,438.57 on 2017-06-30.
    tamper(
        &db,
        &format!(
            "UPDATE item_blocks SET items = replace(items, ',79343857,79343857,', ',79343857,79343858,')
             WHERE customer_id = 'C0028' AND snapshot_id = {latest}"
        ),
    );
    let f = derived_failures(&db);
    assert_eq!(f.len(), 3, "{f:#?}");
    assert!(f[0].starts_with("2017-06-30 its totals say 518 items, debits 114161594.50"));
    assert!(
        f[0].ends_with("its items are 518, 114161594.51 and -188380.56"),
        "{}",
        f[0]
    );
    assert!(f[1].contains("aging summary") && f[1].ends_with("from customer C0028"));
    assert!(f[2].contains("movements") && f[2].ends_with("from customer C0028"));

    // The block's first two documents swapped.
    tamper(
        &db,
        &format!(
            "UPDATE item_blocks SET items = json_array(items -> 1, items -> 0)
             WHERE customer_id = 'C0028' AND snapshot_id = {latest}"
        ),
    );
    // A finding about that snapshot, not an error that stops the check.
    let f = derived_failures(&db);
    let unreadable = "the book holds an unreadable block of open items: 'of customer C0028: \
                      document INV-2016-01111 listed after INV-2017-00049'";
    assert_eq!(f, [format!("2017-06-30 {unreadable}")], "{f:#?}");
    let out = agebook(&db, &["verify"]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(unreadable), "{text}");
}
