//! Versioned schema migrations on `PRAGMA user_version`, applied at open, one
//! transaction per step. A book written by a newer Agebook is refused, never guessed at.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::StoreError;

/// The migrations in order; the book's `user_version` is how many have been applied.
const MIGRATIONS: &[&str] = &[
    // 1: the book.
    r#"
    CREATE TABLE book_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE customer_types (
        name     TEXT PRIMARY KEY,
        built_in INTEGER NOT NULL DEFAULT 0
    ) STRICT;

    CREATE TABLE customers (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        first_seen TEXT NOT NULL
    ) STRICT;

    -- The type in force at an as-of date is the newest row whose effective_from is on
    -- or before it; before the first row, the first row's type.
    CREATE TABLE customer_type_history (
        id             INTEGER PRIMARY KEY,
        customer_id    TEXT NOT NULL REFERENCES customers(id),
        customer_type  TEXT NOT NULL REFERENCES customer_types(name),
        effective_from TEXT NOT NULL,
        source         TEXT NOT NULL CHECK (source IN ('import', 'user')),
        set_by         TEXT NOT NULL,
        set_at         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX customer_type_history_by_customer
        ON customer_type_history(customer_id, effective_from);

    CREATE TABLE snapshots (
        id           INTEGER PRIMARY KEY,
        as_of        TEXT NOT NULL UNIQUE,
        source_name  TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        row_count    INTEGER NOT NULL,
        total_minor  INTEGER NOT NULL,
        debit_minor  INTEGER NOT NULL,
        credit_minor INTEGER NOT NULL,
        imported_at  TEXT NOT NULL,
        imported_by  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX snapshots_by_hash ON snapshots(content_hash);

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
    -- A document's history across snapshots (activity, write-off checks).
    CREATE INDEX open_items_by_document ON open_items(customer_id, document_no);

    CREATE TABLE policies (
        id         INTEGER PRIMARY KEY,
        effective  TEXT NOT NULL,
        basis      TEXT NOT NULL CHECK (basis IN ('due_date', 'document_date')),
        buckets    TEXT NOT NULL,
        source     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    ) STRICT;

    -- customer_type '*' is the row for every type not listed.
    CREATE TABLE policy_rates (
        policy_id     INTEGER NOT NULL REFERENCES policies(id),
        customer_type TEXT NOT NULL,
        bucket        INTEGER NOT NULL,
        rate          TEXT NOT NULL,
        PRIMARY KEY (policy_id, customer_type, bucket)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE specific_allowances (
        id             INTEGER PRIMARY KEY,
        customer_id    TEXT NOT NULL REFERENCES customers(id),
        percent        TEXT,
        amount_minor   INTEGER,
        reason         TEXT NOT NULL,
        effective_from TEXT NOT NULL,
        effective_to   TEXT,
        set_by         TEXT NOT NULL,
        set_at         TEXT NOT NULL,
        CHECK ((percent IS NULL) <> (amount_minor IS NULL))
    ) STRICT;
    CREATE INDEX specific_allowances_by_customer ON specific_allowances(customer_id);

    CREATE TABLE write_offs (
        id          INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        date        TEXT NOT NULL,
        state       TEXT NOT NULL
            CHECK (state IN ('draft', 'submitted', 'approved', 'rejected', 'posted')),
        reason      TEXT NOT NULL,
        narrative   TEXT NOT NULL,
        prepared_by TEXT NOT NULL,
        created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX write_offs_by_customer ON write_offs(customer_id, state, date);

    CREATE TABLE write_off_documents (
        write_off_id INTEGER NOT NULL REFERENCES write_offs(id),
        document_no  TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        PRIMARY KEY (write_off_id, document_no)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE audit_log (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        user      TEXT NOT NULL,
        action    TEXT NOT NULL,
        entity    TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        before    TEXT,
        after     TEXT
    ) STRICT;
    CREATE INDEX audit_log_by_entity ON audit_log(entity, entity_id);
    CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
    CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
    "#,
    // 2: collection notes.
    r#"
    CREATE TABLE collection_notes (
        id          INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        date        TEXT NOT NULL,
        author      TEXT NOT NULL,
        action      TEXT NOT NULL
            CHECK (action IN ('call', 'letter', 'email', 'visit', 'legal', 'other')),
        outcome     TEXT NOT NULL,
        text        TEXT NOT NULL,
        created_at  TEXT NOT NULL
    ) STRICT;
    CREATE INDEX collection_notes_by_customer ON collection_notes(customer_id, date);
    "#,
    // 3: approvals, postings, period closes, recoveries and other adjustments.
    r#"
    ALTER TABLE write_offs ADD COLUMN rejected_by TEXT;
    ALTER TABLE write_offs ADD COLUMN rejected_reason TEXT;
    ALTER TABLE write_offs ADD COLUMN posted_by TEXT;
    ALTER TABLE write_offs ADD COLUMN posted_at TEXT;

    CREATE TABLE write_off_approvals (
        write_off_id INTEGER NOT NULL REFERENCES write_offs(id),
        approver     TEXT NOT NULL,
        limit_minor  INTEGER NOT NULL,
        at           TEXT NOT NULL,
        PRIMARY KEY (write_off_id, approver)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE approvers (
        name        TEXT NOT NULL,
        currency    TEXT NOT NULL,
        limit_minor INTEGER NOT NULL CHECK (limit_minor >= 0),
        set_by      TEXT NOT NULL,
        set_at      TEXT NOT NULL,
        PRIMARY KEY (name, currency)
    ) STRICT, WITHOUT ROWID;

    -- Closes and reopens in order; the closed-through date is replayed from them.
    CREATE TABLE period_events (
        id     INTEGER PRIMARY KEY,
        date   TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),
        reason TEXT NOT NULL,
        by     TEXT NOT NULL,
        at     TEXT NOT NULL
    ) STRICT;

    CREATE TABLE recoveries (
        id          INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        date        TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
        note        TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE adjustments (
        id          INTEGER PRIMARY KEY,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        date        TEXT NOT NULL,
        amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
        reason      TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    ) STRICT;

    -- A posted write-off is final: the database refuses to change it or its documents.
    CREATE TRIGGER posted_write_offs_are_final BEFORE UPDATE ON write_offs
    WHEN OLD.state = 'posted'
    BEGIN
        SELECT RAISE(ABORT, 'a posted write-off cannot be changed');
    END;
    CREATE TRIGGER posted_write_offs_are_not_deleted BEFORE DELETE ON write_offs
    WHEN OLD.state = 'posted'
    BEGIN
        SELECT RAISE(ABORT, 'a posted write-off cannot be changed');
    END;
    CREATE TRIGGER write_off_documents_change_only_in_draft_update BEFORE UPDATE ON write_off_documents
    WHEN (SELECT state FROM write_offs WHERE id = OLD.write_off_id) <> 'draft'
    BEGIN
        SELECT RAISE(ABORT, 'only a draft write-off can be edited');
    END;
    CREATE TRIGGER write_off_documents_change_only_in_draft_delete BEFORE DELETE ON write_off_documents
    WHEN (SELECT state FROM write_offs WHERE id = OLD.write_off_id) <> 'draft'
    BEGIN
        SELECT RAISE(ABORT, 'only a draft write-off can be edited');
    END;
    CREATE TRIGGER write_off_documents_change_only_in_draft_insert BEFORE INSERT ON write_off_documents
    WHEN (SELECT state FROM write_offs WHERE id = NEW.write_off_id) <> 'draft'
    BEGIN
        SELECT RAISE(ABORT, 'only a draft write-off can be edited');
    END;
    "#,
    // 4: what a write-off leaves open of each document, so a partial write-off's
    // remainder stays an open item. Earlier write-offs get it from the ledger they were
    // taken from (the latest snapshot on or before their date); the guard against
    // editing posted documents is lifted for that one update and put back.
    r#"
    ALTER TABLE write_off_documents
        ADD COLUMN left_open_minor INTEGER NOT NULL DEFAULT 0 CHECK (left_open_minor >= 0);

    DROP TRIGGER write_off_documents_change_only_in_draft_update;
    UPDATE write_off_documents SET left_open_minor = MAX(0, COALESCE((
        SELECT o.open_minor
        FROM write_offs w
        JOIN open_items o ON o.customer_id = w.customer_id
                         AND o.document_no = write_off_documents.document_no
        JOIN snapshots s ON s.id = o.snapshot_id AND s.as_of <= w.date
        WHERE w.id = write_off_documents.write_off_id
        ORDER BY s.as_of DESC LIMIT 1
    ), 0) - amount_minor);
    CREATE TRIGGER write_off_documents_change_only_in_draft_update BEFORE UPDATE ON write_off_documents
    WHEN (SELECT state FROM write_offs WHERE id = OLD.write_off_id) <> 'draft'
    BEGIN
        SELECT RAISE(ABORT, 'only a draft write-off can be edited');
    END;
    "#,
    // 5: the audit log as a hash chain; see `AUDIT_CHAIN`.
    AUDIT_CHAIN,
    // 6: named import profiles (column maps and reading overrides, as the importer's
    // JSON). Old books read ambiguous dates day-first, as they always did, with no
    // `date_order` setting written for them.
    r#"
    CREATE TABLE import_profiles (
        name     TEXT PRIMARY KEY CHECK (length(name) > 0),
        profile  TEXT NOT NULL,
        saved_by TEXT NOT NULL,
        saved_at TEXT NOT NULL
    ) STRICT;
    "#,
    // 7: aging summaries; see `AGING_SUMMARIES`.
    AGING_SUMMARIES,
    // 8: no index of open items by document. Every read names its snapshot (a
    // document's sightings are read by its key in each one, and since schema 9 the
    // activity reads the movements kept per period); the index made each import
    // maintain a second b-tree that grew with every month and was written at random.
    r#"
    DROP INDEX IF EXISTS open_items_by_document;
    "#,
    // 9: period movements; see `PERIOD_MOVEMENTS`.
    PERIOD_MOVEMENTS,
    // 10: open items one row a customer; see `ITEM_BLOCKS`.
    ITEM_BLOCKS,
];

/// A snapshot's open items one row a customer (`store::items`): the customer's
/// documents a JSON array in document order. The rows of `open_items` are moved into
/// blocks, and `open_items` becomes a view listing them a row an item in the columns
/// and types the table had, so every row of it reads as before.
const ITEM_BLOCKS: &str = r#"
    CREATE TABLE item_blocks (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        customer_id TEXT NOT NULL REFERENCES customers(id),
        items       TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, customer_id)
    ) STRICT;
    INSERT INTO item_blocks (snapshot_id, customer_id, items)
    SELECT snapshot_id, customer_id,
           json_group_array(json_array(document_no, document_date, due_date, currency,
                                       disputed, amount_minor, open_minor, line)
                            ORDER BY document_no)
    FROM open_items GROUP BY snapshot_id, customer_id;
    DROP TABLE open_items;
    CREATE VIEW open_items AS
    SELECT b.snapshot_id AS snapshot_id,
           b.customer_id AS customer_id,
           json_extract(i.value, '$[0]') AS document_no,
           json_extract(i.value, '$[1]') AS document_date,
           json_extract(i.value, '$[2]') AS due_date,
           json_extract(i.value, '$[3]') AS currency,
           json_extract(i.value, '$[4]') AS disputed,
           json_extract(i.value, '$[5]') AS amount_minor,
           json_extract(i.value, '$[6]') AS open_minor,
           json_extract(i.value, '$[7]') AS line
    FROM item_blocks b, json_each(b.items) i;
"#;

/// Each snapshot's movements since the snapshot before it by date, per customer
/// (`store::movements`). `period_movements` says a snapshot's are complete and names
/// the snapshot they were computed against (a customer with no row moved nothing).
/// The step's Rust part writes those of the snapshots already in the book.
const PERIOD_MOVEMENTS: &str = r#"
    CREATE TABLE period_movements (
        snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots(id) ON DELETE CASCADE,
        prior_id    INTEGER
    ) STRICT;
    CREATE TABLE customer_movements (
        snapshot_id       INTEGER NOT NULL REFERENCES period_movements(snapshot_id)
                              ON DELETE CASCADE,
        customer_id       TEXT NOT NULL,
        billings_minor    INTEGER NOT NULL,
        collections_minor INTEGER NOT NULL,
        adjustments_minor INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, customer_id)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE customer_billings (
        snapshot_id   INTEGER NOT NULL REFERENCES period_movements(snapshot_id)
                          ON DELETE CASCADE,
        customer_id   TEXT NOT NULL,
        document_date TEXT NOT NULL,
        amount_minor  INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, customer_id, document_date)
    ) STRICT, WITHOUT ROWID;
"#;

/// Each snapshot's customers summed by bucket under a matrix's basis and buckets
/// (`store::summaries`). `aging_summaries` says a snapshot's summary under a key is
/// complete (a customer with no row has no items). The step's Rust part writes the
/// summaries of the snapshots already in the book from their items.
const AGING_SUMMARIES: &str = r#"
    CREATE TABLE aging_summaries (
        snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
        aging_key   TEXT NOT NULL,
        customers   INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, aging_key)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE customer_aging (
        snapshot_id         INTEGER NOT NULL,
        aging_key           TEXT NOT NULL,
        customer_id         TEXT NOT NULL,
        items               INTEGER NOT NULL,
        net_minor           INTEGER NOT NULL,
        disputed_minor      INTEGER NOT NULL,
        over_one_year_minor INTEGER NOT NULL,
        oldest_days         INTEGER,
        buckets             TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, aging_key, customer_id),
        FOREIGN KEY (snapshot_id, aging_key)
            REFERENCES aging_summaries(snapshot_id, aging_key) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;
"#;

/// The step that chains the audit log (`store::audit_log`). SQL cannot compute SHA-256,
/// and the append-only triggers forbid the UPDATE that fills in the hashes, so this
/// step drops the triggers and adds the columns here, then [`chain_existing_rows`]
/// chains the rows already there, in id order, and puts the triggers back — all in the
/// step's one transaction, so an old book either opens chained and verified or is left
/// as it was.
const AUDIT_CHAIN: &str = r#"
    DROP TRIGGER audit_log_is_append_only_update;
    DROP TRIGGER audit_log_is_append_only_delete;
    ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
    ALTER TABLE audit_log ADD COLUMN hash TEXT;
"#;

/// The triggers [`AUDIT_CHAIN`] puts back once the rows are chained, and one more: a
/// row must come with its id (the last plus one), its hash and the last row's hash as
/// its `prev_hash`, so no code path can append an unchained row by mistake. (SQLite
/// cannot check the hash itself; `Store::verify` does.)
const AUDIT_CHAIN_TRIGGERS: &str = r#"
    CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
    CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
    CREATE TRIGGER audit_log_rows_are_chained BEFORE INSERT ON audit_log
    WHEN NEW.hash IS NULL OR length(NEW.hash) <> 64
      OR NEW.id IS NOT (SELECT COALESCE(MAX(id), 0) + 1 FROM audit_log)
      OR NEW.prev_hash IS NOT COALESCE(
             (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
             '0000000000000000000000000000000000000000000000000000000000000000')
    BEGIN
        SELECT RAISE(ABORT, 'an audit row must be chained to the last one');
    END;
"#;

/// Work a step does in Rust after its SQL, in the same transaction.
///
/// The parts that read open items (the summaries', the movements') run after every
/// pending step's SQL: they read the items as this build keeps them, which a later
/// step may have moved (schema 10 moved them into blocks).
type RustPart = fn(&Transaction<'_>) -> Result<(), StoreError>;

/// The Rust part of the step whose SQL is `sql`, if it has one. Matched on the step's
/// SQL rather than its number, so the pairing survives steps added before it.
/// The second value says whether it reads the open items (and so runs after the last
/// step's SQL).
fn rust_part(sql: &str) -> Option<(RustPart, bool)> {
    if sql == AUDIT_CHAIN {
        Some((chain_existing_rows as RustPart, false))
    } else if sql == AGING_SUMMARIES {
        Some((summarise_existing_snapshots as RustPart, true))
    } else if sql == PERIOD_MOVEMENTS {
        Some((move_existing_snapshots as RustPart, true))
    } else {
        None
    }
}

/// The Rust part of [`AGING_SUMMARIES`].
fn summarise_existing_snapshots(tx: &Transaction<'_>) -> Result<(), StoreError> {
    super::summaries::summarise_missing(tx)
}

/// The Rust part of [`PERIOD_MOVEMENTS`].
fn move_existing_snapshots(tx: &Transaction<'_>) -> Result<(), StoreError> {
    super::movements::write_missing(tx)
}

/// The Rust part of [`AUDIT_CHAIN`].
fn chain_existing_rows(tx: &Transaction<'_>) -> Result<(), StoreError> {
    super::audit_log::backfill(tx)?;
    tx.execute_batch(AUDIT_CHAIN_TRIGGERS)?;
    Ok(())
}

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the book up to [`SCHEMA_VERSION`], every pending step in one `IMMEDIATE`
/// transaction, so a crash leaves the book as it was or fully migrated, and a second
/// process opening the same old book waits and then finds it done. A new (empty) book
/// gets `new_book`'s defaults in that same transaction. Returns true when the book was
/// new.
pub fn migrate(
    conn: &mut Connection,
    new_book: impl FnOnce(&Transaction<'_>) -> Result<(), StoreError>,
) -> Result<bool, StoreError> {
    // An up-to-date book (the usual case) is opened without taking the write lock, so
    // a reader never waits for another process's long import.
    let current: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current == SCHEMA_VERSION {
        return Ok(false);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again inside the lock: another process may have migrated the book meanwhile.
    let found: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            known: SCHEMA_VERSION,
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(false);
    }
    let mut reading_items = Vec::new();
    for sql in MIGRATIONS.iter().skip(found.max(0) as usize) {
        tx.execute_batch(sql)?;
        match rust_part(sql) {
            Some((part, true)) => reading_items.push(part),
            Some((part, false)) => part(&tx)?,
            None => {}
        }
    }
    for part in reading_items {
        part(&tx)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    if found == 0 {
        new_book(&tx)?;
    }
    tx.commit()?;
    // Moving an old book's items into blocks leaves the old table's pages free: the
    // file would stay about twice its size until later imports filled them. VACUUM
    // gives them back, once. Best effort: the book is whole and migrated either way (a
    // VACUUM is a transaction of its own), and one that cannot run now (another process
    // reading) leaves only the free pages.
    let moved_items = MIGRATIONS
        .iter()
        .skip(found.max(0) as usize)
        .any(|sql| *sql == ITEM_BLOCKS);
    if found > 0 && moved_items {
        let _ = conn.execute_batch("VACUUM");
    }
    Ok(found == 0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use rusqlite::{Connection, params};

    use super::{AUDIT_CHAIN, MIGRATIONS, migrate};
    use crate::store::{ChainProblem, Store};

    /// A book as the build before the audit chain left it, with `ids` in its log.
    fn old_book(ids: &[i64]) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        let before_chain = MIGRATIONS.iter().position(|m| *m == AUDIT_CHAIN).unwrap();
        for sql in &MIGRATIONS[..before_chain] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", before_chain as i64)
            .unwrap();
        for id in ids {
            conn.execute(
                "INSERT INTO audit_log (id, at, user, action, entity, entity_id, before, after)
                 VALUES (?1, '2016-01-31T09:00:00Z', 'amy', 'set_type', 'customer', 'C0001',
                         NULL, ?2)",
                params![id, format!("{{\"type\":\"private\",\"n\":{id}}}")],
            )
            .unwrap();
        }
        conn
    }

    #[test]
    fn an_old_books_log_is_chained_when_it_is_opened() {
        let mut conn = old_book(&[1, 2, 3]);
        migrate(&mut conn, |_| Ok(())).unwrap();
        let mut store = Store { conn };
        let report = store.verify().unwrap();
        assert!(report.ok, "{:?}", report.problems());
        assert_eq!(report.audit_chain.rows, 3);
        assert_eq!(report.audit_chain.head.as_ref().map(|h| h.id), Some(3));
        // New rows continue the chain, and the triggers are back.
        store
            .set_currency("USD", "amy")
            .expect("an audited change after the migration");
        let report = store.verify().unwrap();
        assert!(report.ok, "{:?}", report.problems());
        assert_eq!(report.audit_chain.head.map(|h| h.id), Some(4));
        assert!(store.try_tamper_with_audit_log().is_err());
        assert!(store.try_delete_audit_log().is_err());
    }

    #[test]
    fn a_gap_left_before_the_chain_still_shows_after_it() {
        let mut conn = old_book(&[1, 2, 4]);
        migrate(&mut conn, |_| Ok(())).unwrap();
        let report = Store { conn }.verify().unwrap();
        assert!(!report.ok);
        let first = &report.audit_chain.failures[0];
        assert_eq!((first.id, first.problem), (3, ChainProblem::Missing));
    }

    #[test]
    fn an_unchained_row_is_refused_by_the_database() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, |_| Ok(())).unwrap();
        let e = conn
            .execute(
                "INSERT INTO audit_log (at, user, action, entity, entity_id)
                 VALUES ('2016-01-31T09:00:00Z', 'mallory', 'x', 'book', 'book')",
                [],
            )
            .unwrap_err();
        assert!(e.to_string().contains("chained"), "{e}");
    }
}
