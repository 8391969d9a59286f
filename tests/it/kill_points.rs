//! SPEC section 7: a SIGKILL at any moment of a change leaves the book as it was before
//! the change or as it is after it, never in between, and SQLite's integrity check
//! passes. `import_kill` covers an import; this module covers the other three changes:
//! posting a write-off, saving a policy version, and migrating an old book at open.
//!
//! Each change is run through the real binary on a fresh copy of one book, first to the
//! end (which gives its duration and the "after" book), then over and over, killed
//! after delays spread evenly across that duration and a few just after the spawn.
//! After each kill the book must pass `PRAGMA integrity_check` and be exactly the
//! "before" book, or the "after" book up to the times and hashes that differ between
//! any two runs of the same change. How many kills landed where is printed, not
//! asserted: it depends on the machine's load.

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use agebook::Book;
use agebook::Money;
use agebook::domain::writeoff::{ReasonCategory, Transition, WriteOffState};
use agebook::store::SCHEMA_VERSION;
use rusqlite::Connection;

use crate::old_books::{
    agebook, assert_verifies, copy_of_book_v1, differing_tables, exact, rows_of,
    tables_and_columns, whole_book,
};
use crate::support::book_with;

/// Kills per change, beside the three runs to the end.
const TRIALS: usize = 40;
/// Of which this many come within a millisecond of the spawn.
const JUST_AFTER_SPAWN: [Duration; 4] = [
    Duration::ZERO,
    Duration::from_micros(100),
    Duration::from_micros(300),
    Duration::from_millis(1),
];

type Rows = BTreeMap<String, Vec<String>>;

/// Columns that differ between two runs of the same change: the time it was made and
/// the audit hashes computed over that time.
fn times_and_hashes(column: &str) -> bool {
    column == "at" || column.ends_with("_at") || column == "hash" || column == "prev_hash"
}

/// Where a kill left the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Landing {
    Before,
    /// A migration killed between two of its steps: every step is its own transaction.
    BetweenSteps(i64),
    After,
}

fn open(db: &Path) -> Connection {
    Connection::open(db).unwrap()
}

fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .unwrap()
}

fn wal_bytes(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len())
}

/// Each audit row names the one before it by hash (once the log is a chain). The times
/// and hashes are blanked in the comparison with the "after" book, so the chain is
/// checked here instead: a kill cannot leave a row that does not follow its
/// predecessor.
fn audit_rows_are_linked(conn: &Connection) -> bool {
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('audit_log')")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    if !columns.iter().any(|c| c == "prev_hash") {
        return true;
    }
    let broken: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1
             WHERE b.prev_hash IS NOT a.hash OR a.hash IS NULL",
            [],
            |row| row.get(0),
        )
        .unwrap();
    broken == 0
}

/// One change to kill: `pristine` is the book before it, `args` the command after
/// `--db` and `--user`.
struct Change {
    name: &'static str,
    pristine: PathBuf,
    args: Vec<String>,
}

/// What a change was measured to take and to leave.
struct Measured {
    duration: Duration,
    before: Rows,
    after: Rows,
}

fn trial_copy(change: &Change, dir: &Path, label: &str) -> PathBuf {
    let trial = dir.join(label);
    std::fs::create_dir_all(&trial).unwrap();
    let db = trial.join("book.db");
    std::fs::copy(&change.pristine, &db).unwrap();
    db
}

/// Runs the change to the end three times on fresh copies: its median duration, and
/// the book before and after (the same after each run, up to times and hashes).
fn measure(change: &Change, dir: &Path, blank: &dyn Fn(&str) -> bool) -> Measured {
    let before = whole_book(&open(&change.pristine), &exact);
    let mut durations = Vec::new();
    let mut after: Option<Rows> = None;
    for run in 0..3 {
        let db = trial_copy(change, dir, &format!("measure-{run}"));
        let start = Instant::now();
        let output = agebook(&db).args(&change.args).output().unwrap();
        durations.push(start.elapsed());
        assert!(
            output.status.success(),
            "{}: {}",
            change.name,
            String::from_utf8_lossy(&output.stderr)
        );
        let conn = open(&db);
        assert_eq!(integrity(&conn), "ok");
        let rows = whole_book(&conn, blank);
        assert_ne!(rows, before, "{}: the change changed nothing", change.name);
        if let Some(first) = &after {
            assert_eq!(
                &rows,
                first,
                "{}: two runs of the change differ in {:?} beyond times and hashes",
                change.name,
                differing_tables(&rows, first)
            );
        }
        after = Some(rows);
    }
    durations.sort();
    Measured {
        duration: durations[1],
        before,
        after: after.unwrap(),
    }
}

/// The delays to kill after: a few just after the spawn, the rest spread evenly over
/// the change's duration (and a little past it, for kills after the commit).
fn kill_delays(duration: Duration) -> Vec<Duration> {
    let spread = TRIALS - JUST_AFTER_SPAWN.len();
    let span = duration.mul_f64(1.1);
    let mut delays = JUST_AFTER_SPAWN.to_vec();
    delays.extend((0..spread).map(|i| span.mul_f64((i as f64 + 0.5) / spread as f64)));
    delays
}

/// Kills the change at every delay and classifies where each kill left the book with
/// `landing` (which panics on a book that is neither before nor after). Prints the
/// tally.
fn kill_at_every_point(
    change: &Change,
    dir: &Path,
    measured: &Measured,
    landing: &dyn Fn(&Path, &Connection) -> Landing,
) {
    let mut killed = BTreeMap::<Landing, usize>::new();
    let mut torn_wal = 0;
    let mut finished = 0;
    let started = Instant::now();
    for (i, delay) in kill_delays(measured.duration).into_iter().enumerate() {
        let db = trial_copy(change, dir, &format!("trial-{i}"));
        let mut child = agebook(&db)
            .args(&change.args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        // SIGKILL; an error only means the child has already exited.
        let _ = child.kill();
        let output = child.wait_with_output().unwrap();
        let was_killed = !output.status.success();
        if was_killed {
            assert_eq!(
                output.status.signal(),
                Some(9),
                "{} failed on its own: {}",
                change.name,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let wal = wal_bytes(&db);
        let conn = open(&db);
        assert_eq!(
            integrity(&conn),
            "ok",
            "{}: killed after {delay:?}",
            change.name
        );
        let landed = landing(&db, &conn);
        drop(conn);
        if was_killed {
            *killed.entry(landed).or_default() += 1;
            if landed == Landing::Before && wal > 0 {
                torn_wal += 1;
            }
        } else {
            assert_eq!(
                landed,
                Landing::After,
                "{}: finished but not after",
                change.name
            );
            finished += 1;
        }
        std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
    }
    eprintln!(
        "kill points, {}: {TRIALS} tried (a run to the end took {:?}; kills spread over 0..{:?}, \
         {} within 1 ms of spawn); killed with the book as before: {} (of which {torn_wal} \
         with uncommitted frames in the WAL), between migration steps: {:?}, as after: {}; \
         finished before the kill: {finished}; {:?} in all",
        change.name,
        measured.duration,
        measured.duration.mul_f64(1.1),
        JUST_AFTER_SPAWN.len(),
        killed.get(&Landing::Before).copied().unwrap_or(0),
        killed
            .iter()
            .filter_map(|(l, n)| match l {
                Landing::BetweenSteps(v) => Some((*v, *n)),
                _ => None,
            })
            .collect::<Vec<_>>(),
        killed.get(&Landing::After).copied().unwrap_or(0),
        started.elapsed(),
    );
}

/// A change that is one transaction: the book is exactly as before, or as after up to
/// times and hashes (with its audit chain linked).
fn before_or_after(change: &Change, measured: &Measured) -> impl Fn(&Path, &Connection) -> Landing {
    let name = change.name;
    move |db, conn| {
        let exact_rows = whole_book(conn, &exact);
        if exact_rows == measured.before {
            return Landing::Before;
        }
        let rows = whole_book(conn, &times_and_hashes);
        assert!(
            rows == measured.after,
            "{name}: a kill left a book that is neither before nor after; it differs from \
             before in {:?} and from after in {:?}",
            differing_tables(&exact_rows, &measured.before),
            differing_tables(&rows, &measured.after)
        );
        assert!(
            audit_rows_are_linked(conn),
            "{name}: the audit chain is broken"
        );
        assert_verifies(db, name);
        Landing::After
    }
}

#[test]
fn a_kill_at_any_point_of_a_write_off_posting_leaves_it_approved_or_posted() {
    let dir = tempfile::tempdir().unwrap();
    let (pristine, mut book) = book_with(dir.path(), &["ar_2016-11-30.csv", "ar_2016-12-31.csv"]);
    book.set_approver("cfo", Money::parse("100000000").unwrap(), None)
        .unwrap();
    let id = book
        .propose_write_off(
            "C0034",
            "2016-12-31".parse().unwrap(),
            ReasonCategory::Insolvency,
            "In liquidation since November; the liquidator expects nothing for unsecured creditors",
            &[],
        )
        .unwrap();
    book.transition_write_off(id, Transition::Submit).unwrap();
    book.set_user("cfo");
    assert_eq!(
        book.transition_write_off(id, Transition::Approve)
            .unwrap()
            .state,
        WriteOffState::Approved
    );
    drop(book);

    let change = Change {
        name: "writeoff post",
        pristine,
        args: vec!["writeoff".into(), "post".into(), id.to_string()],
    };
    let trials = dir.path().join("trials");
    let measured = measure(&change, &trials, &times_and_hashes);
    let state = |rows: &Rows| {
        rows["write_offs"]
            .iter()
            .map(|r| r.split('|').nth(3).unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(state(&measured.before), ["Text(\"approved\")"]);
    assert_eq!(state(&measured.after), ["Text(\"posted\")"]);
    assert_eq!(
        measured.after["audit_log"].len(),
        measured.before["audit_log"].len() + 1
    );
    kill_at_every_point(
        &change,
        &trials,
        &measured,
        &before_or_after(&change, &measured),
    );
}

#[test]
fn a_kill_at_any_point_of_a_policy_save_leaves_the_old_versions_or_the_new_one_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (pristine, book) = book_with(dir.path(), &["ar_2016-12-31.csv"]);
    drop(book);
    // Many customer types make the save's transaction long: 2,000 types of 9 rates. In
    // a debug build the write transaction is about 40 % of the command's run, after the
    // file is read and parsed and before the checkpoint at close.
    const TYPES: usize = 2_000;
    let policy = dir.path().join("policy-2017.csv");
    let mut csv = String::from(
        "customer_type,current,1-30,31-60,61-90,91-180,181-365,366-730,731-1095,1096+\n",
    );
    for t in 0..TYPES {
        csv.push_str(&format!(
            "segment_{t:04},0.00{},0.01,0.03,0.05,0.10,0.20,0.50,0.80,1.00\n",
            t % 10
        ));
    }
    csv.push_str("*,0.005,0.01,0.03,0.05,0.10,0.20,0.50,0.80,1.00\n");
    std::fs::write(&policy, csv).unwrap();

    let change = Change {
        name: "policy import",
        pristine,
        args: vec![
            "policy".into(),
            "import".into(),
            policy.display().to_string(),
            "--effective".into(),
            "2017-01-01".into(),
        ],
    };
    let trials = dir.path().join("trials");
    let measured = measure(&change, &trials, &times_and_hashes);
    assert_eq!(
        measured.after["policies"].len(),
        measured.before["policies"].len() + 1
    );
    assert_eq!(
        measured.after["policy_rates"].len(),
        measured.before["policy_rates"].len() + (TYPES + 1) * 9
    );
    kill_at_every_point(
        &change,
        &trials,
        &measured,
        &before_or_after(&change, &measured),
    );
}

#[test]
fn a_kill_at_any_point_of_a_migration_leaves_whole_steps_that_the_next_open_completes() {
    let dir = tempfile::tempdir().unwrap();
    let pristine = copy_of_book_v1(dir.path());
    let (v1_tables, v1_rows) = {
        let conn = open(&pristine);
        let tables = tables_and_columns(&conn);
        let rows = rows_of(&conn, &tables, &exact);
        (tables, rows)
    };
    let change = Change {
        name: "migration",
        pristine,
        args: vec!["snapshots".into()],
    };
    let trials = dir.path().join("trials");
    // A migration is deterministic: the book after it is compared exactly.
    let measured = measure(&change, &trials, &exact);
    assert_eq!(measured.before["(user_version)"], ["1"]);
    assert_eq!(
        measured.after["(user_version)"],
        [SCHEMA_VERSION.to_string()]
    );

    let landing = |db: &Path, conn: &Connection| {
        let rows = whole_book(conn, &exact);
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        let landed = if rows == measured.before {
            Landing::Before
        } else if rows == measured.after {
            Landing::After
        } else {
            // Each step commits on its own, so a kill can fall between two steps. Then
            // the steps done are whole (v1's rows untouched) and the next open does the
            // rest; anything else is a torn step.
            assert!(
                (2..SCHEMA_VERSION).contains(&version),
                "migration: a kill left version {version} that is neither before nor after; \
                 it differs from after in {:?}",
                differing_tables(&rows, &measured.after)
            );
            assert_eq!(
                rows_of(conn, &v1_tables, &exact),
                v1_rows,
                "migration: a kill between steps changed v1's rows"
            );
            Landing::BetweenSteps(version)
        };
        // Whatever it left, the next open brings the book to exactly the migrated book.
        drop(Book::open(db, "amy").unwrap());
        assert_eq!(
            whole_book(&open(db), &exact),
            measured.after,
            "migration: the open after a kill at version {version} did not complete it"
        );
        if landed != Landing::Before {
            assert_verifies(db, "a book whose migration was killed");
        }
        landed
    };
    kill_at_every_point(&change, &trials, &measured, &landing);
}
