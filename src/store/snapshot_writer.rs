//! Writing one snapshot in one transaction: all of it or nothing.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{
    Connection, OptionalExtension, Statement, Transaction, TransactionBehavior, params,
};

use super::{
    CustomerRecord, DateText, SNAPSHOT_COLUMNS, SnapshotInfo, StoreError, TypeChange, audit,
    date_text, now, read_snapshot,
};
use crate::domain::customer_type::CustomerType;
use crate::domain::money::Money;
use crate::domain::policy::ProvisionMatrix;

/// The temporary table items are appended to until commit (see [`SnapshotWriter::begin`]).
const STAGING_TABLE: &str = "
    CREATE TEMP TABLE IF NOT EXISTS staged_items (
        customer_id   TEXT NOT NULL,
        document_no   TEXT NOT NULL,
        document_date TEXT NOT NULL,
        due_date      TEXT NOT NULL,
        currency      TEXT NOT NULL,
        disputed      INTEGER NOT NULL,
        amount_minor  INTEGER,
        open_minor    INTEGER NOT NULL,
        line          INTEGER NOT NULL,
        -- Unused by the copy (the snapshot is known at commit); it lets both inserts in
        -- `item` bind the same ten parameters.
        snapshot_id   INTEGER
    );
    DELETE FROM temp.staged_items;";

/// One open item to write.
#[derive(Debug, Clone)]
pub struct NewOpenItem<'r> {
    /// Customer code.
    pub customer_id: &'r str,
    /// Document number.
    pub document_no: &'r str,
    /// Document date.
    pub document_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// Currency code.
    pub currency: &'r str,
    /// In dispute.
    pub disputed: bool,
    /// Original amount.
    pub amount: Option<Money>,
    /// Outstanding amount.
    pub open_amount: Money,
    /// Line in the source file.
    pub line: u64,
}

/// What writing one open item found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// The item was written (or staged).
    Item,
    /// The snapshot already has this customer's document, from `first_line`.
    Duplicate {
        /// The line the document was first written from.
        first_line: u64,
    },
}

/// A document a ledger lists twice, as the snapshot's key found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateItem {
    /// Customer code.
    pub customer_id: String,
    /// Document number.
    pub document_no: String,
    /// The line that lists it again.
    pub line: u64,
    /// The line that listed it first.
    pub first_line: u64,
}

/// True when `e` is a write refused by a primary key.
fn is_primary_key_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY)
}

/// Totals of a written snapshot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SnapshotTotals {
    /// Number of items.
    pub rows: i64,
    /// Sum of positive items.
    pub debits: Money,
    /// Sum of negative items.
    pub credits: Money,
}

/// What writing a customer did to the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerChange {
    /// Nothing new.
    Unchanged,
    /// A customer the book had not seen.
    New,
    /// The file's type differs and the import set it.
    TypeChanged {
        /// The type before.
        from: CustomerType,
    },
    /// The file's type differs from one a user set; the user's type was kept.
    TypeKept {
        /// The user's type.
        book: CustomerType,
    },
}

/// A snapshot being written. Dropping it without [`SnapshotWriter::commit`] rolls back.
pub struct SnapshotWriter<'c> {
    /// The two ways an item is written, prepared once: looking a statement up in the
    /// connection's cache hashed its text on every row.
    insert_item: Statement<'c>,
    stage_item: Statement<'c>,
    tx: Transaction<'c>,
    customers: HashMap<String, CustomerRecord>,
    snapshot_id: Option<i64>,
    latest_as_of: Option<NaiveDate>,
    /// The customers whose items were written so far, the last one, and whether items
    /// now go to the staging table (see [`SnapshotWriter::begin`]).
    written: HashSet<String>,
    last_customer: String,
    staging: bool,
    /// Rows came back to a customer already written at some point (`staging` goes back
    /// to false once the staged rows are settled).
    came_back: bool,
    /// The aging summary summed as grouped rows go in (see
    /// [`SnapshotWriter::summarise_under`]), until rows come back to a customer.
    summary: Option<super::summaries::RunningSummary>,
    /// Declared after `tx`, so dropped after it: foreign keys come back on once the
    /// transaction has committed or rolled back.
    _foreign_keys: ForeignKeysOff<'c>,
}

/// Foreign-key enforcement off for the life of an import's transaction, on again when
/// dropped. SQLite checks each new open item against `customers` and `snapshots`, two
/// lookups a row that cost more than the row's own insert; the writer keeps those
/// promises itself instead: it refuses an item whose customer it has not written
/// ([`SnapshotWriter::item`]), creates the snapshot before any item, and removes a
/// replaced snapshot's rows by hand ([`SnapshotWriter::remove`]).
struct ForeignKeysOff<'c>(&'c Connection);

impl<'c> ForeignKeysOff<'c> {
    /// Must run outside a transaction: SQLite ignores the pragma inside one.
    fn new(conn: &'c Connection) -> Result<ForeignKeysOff<'c>, StoreError> {
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        Ok(ForeignKeysOff(conn))
    }
}

impl Drop for ForeignKeysOff<'_> {
    fn drop(&mut self) {
        // Outside any transaction by now (the writer's was dropped first), so this
        // cannot be refused but by a broken connection, which the next use reports.
        let _ = self.0.pragma_update(None, "foreign_keys", "ON");
    }
}

impl<'c> SnapshotWriter<'c> {
    pub(super) fn begin(conn: &'c mut Connection) -> Result<SnapshotWriter<'c>, StoreError> {
        let conn: &'c Connection = conn;
        let foreign_keys = ForeignKeysOff::new(conn)?;
        // The customers are read inside the transaction, which holds the write lock: a
        // customer another process adds meanwhile cannot be missed and inserted twice.
        // (`new_unchecked` because the connection is shared with the guard above; the
        // caller's `&mut` borrow is what keeps this the only transaction on it.)
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        // Rows grouped by customer go straight into `open_items`: each customer's keys
        // touch a few neighbouring pages. From the first customer that comes back after
        // another, the rest are appended to a temporary table and copied in key order at
        // commit: inserting rows not grouped by customer straight into the keyed table
        // and its index touched pages at random, far more than the page cache holds
        // (3.5 times slower), while the detour costs a grouped file a third more.
        tx.execute_batch(STAGING_TABLE)?;
        let stage_item = conn.prepare(
            "INSERT INTO temp.staged_items (customer_id, document_no, document_date,
                 due_date, currency, disputed, amount_minor, open_minor, line, snapshot_id)
             VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?1)",
        )?;
        let insert_item = conn.prepare(
            "INSERT INTO open_items (snapshot_id, customer_id, document_no, document_date,
                 due_date, currency, disputed, amount_minor, open_minor, line)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let customers = super::Store::customers_of(&tx)?;
        let latest: Option<String> =
            tx.query_row("SELECT max(as_of) FROM snapshots", [], |r| r.get(0))?;
        let latest_as_of = latest
            .as_deref()
            .map(super::parse_stored_date)
            .transpose()?;
        Ok(SnapshotWriter {
            insert_item,
            stage_item,
            tx,
            customers,
            snapshot_id: None,
            latest_as_of,
            written: HashSet::new(),
            last_customer: String::new(),
            staging: false,
            came_back: false,
            summary: None,
            _foreign_keys: foreign_keys,
        })
    }

    /// Refuses the snapshot when `as_of` falls in a closed period, read inside this
    /// transaction.
    pub fn refuse_closed(&self, as_of: NaiveDate, what: &str) -> Result<(), StoreError> {
        super::writeoffs::refuse_closed(&self.tx, as_of, what)
    }

    /// The snapshot already in the book at `as_of`, if any.
    pub fn existing(&self, as_of: NaiveDate) -> Result<Option<SnapshotInfo>, StoreError> {
        self.find("as_of", &date_text(as_of))
    }

    /// A snapshot with the same content hash, if any.
    pub fn with_hash(&self, hash: &str) -> Result<Option<SnapshotInfo>, StoreError> {
        self.find("content_hash", hash)
    }

    fn find(&self, column: &str, value: &str) -> Result<Option<SnapshotInfo>, StoreError> {
        let sql = format!(
            "SELECT {SNAPSHOT_COLUMNS} FROM snapshots WHERE {column} = ?1 AND id IS NOT ?2 LIMIT 1"
        );
        let row = self
            .tx
            .query_row(&sql, params![value, self.snapshot_id], read_snapshot)
            .optional()?;
        row.transpose()
    }

    /// Removes the snapshot at `as_of` (its items go with it), to replace it.
    pub fn remove(&mut self, snapshot: &SnapshotInfo, user: &str) -> Result<(), StoreError> {
        // By hand: foreign keys, and so their cascades, are off in this transaction.
        self.tx.execute_batch(&format!(
            "DELETE FROM customer_aging WHERE snapshot_id = {id};
             DELETE FROM aging_summaries WHERE snapshot_id = {id};
             DELETE FROM customer_billings WHERE snapshot_id = {id};
             DELETE FROM customer_movements WHERE snapshot_id = {id};
             DELETE FROM period_movements WHERE snapshot_id = {id};
             DELETE FROM open_items WHERE snapshot_id = {id};
             DELETE FROM snapshots WHERE id = {id};",
            id = snapshot.id
        ))?;
        audit(
            &self.tx,
            user,
            "snapshot_replace",
            "snapshot",
            &date_text(snapshot.as_of),
            Some(&serde_json::to_value(snapshot).unwrap_or_default()),
            None,
        )?;
        Ok(())
    }

    /// Creates the snapshot row; items can be written after this.
    pub fn create(
        &mut self,
        as_of: NaiveDate,
        source_name: &str,
        user: &str,
    ) -> Result<(), StoreError> {
        self.tx.execute(
            "INSERT INTO snapshots (as_of, source_name, content_hash, row_count, total_minor,
                                    debit_minor, credit_minor, imported_at, imported_by)
             VALUES (?1, ?2, '', 0, 0, 0, 0, ?3, ?4)",
            params![date_text(as_of), source_name, now(), user],
        )?;
        self.snapshot_id = Some(self.tx.last_insert_rowid());
        Ok(())
    }

    /// Records a customer seen in the ledger at `as_of`: new customers are created; a
    /// type from the file is recorded unless a user has set the customer's type.
    pub fn customer(
        &mut self,
        id: &str,
        name: &str,
        file_type: Option<&CustomerType>,
        as_of: NaiveDate,
        user: &str,
    ) -> Result<CustomerChange, StoreError> {
        let newest = self.latest_as_of.is_none_or(|l| as_of >= l);
        let Some(record) = self.customers.get_mut(id) else {
            let t = file_type.cloned().unwrap_or_else(CustomerType::other);
            self.tx
                .prepare_cached("INSERT INTO customers (id, name, first_seen) VALUES (?1, ?2, ?3)")?
                .execute(params![id, name, date_text(as_of)])?;
            insert_type(&self.tx, id, &t, as_of, user)?;
            self.customers.insert(
                id.to_string(),
                CustomerRecord {
                    id: id.to_string(),
                    name: name.to_string(),
                    types: vec![TypeChange {
                        effective_from: as_of,
                        customer_type: t,
                        set_by_user: false,
                    }],
                },
            );
            return Ok(CustomerChange::New);
        };
        if newest && record.name != name {
            self.tx
                .prepare_cached("UPDATE customers SET name = ?2 WHERE id = ?1")?
                .execute(params![id, name])?;
            record.name = name.to_string();
        }
        let Some(file_type) = file_type else {
            return Ok(CustomerChange::Unchanged);
        };
        let current = record.type_at(as_of);
        if &current == file_type {
            return Ok(CustomerChange::Unchanged);
        }
        if record.types.iter().any(|t| t.set_by_user) {
            return Ok(CustomerChange::TypeKept { book: current });
        }
        insert_type(&self.tx, id, file_type, as_of, user)?;
        record.types.push(TypeChange {
            effective_from: as_of,
            customer_type: file_type.clone(),
            set_by_user: false,
        });
        record.types.sort_by_key(|t| t.effective_from);
        Ok(CustomerChange::TypeChanged { from: current })
    }

    /// Writes one open item: into `open_items` while the rows come grouped by customer,
    /// else to the staging table that [`SnapshotWriter::settle_items`] copies in key
    /// order. A document the snapshot already has is not written: the snapshot's
    /// primary key is the ledger's duplicate check, so an import keeps no set of every
    /// document it has read. (Staged items are checked when they are settled.)
    pub fn item(&mut self, item: &NewOpenItem<'_>) -> Result<Written, StoreError> {
        // What the foreign key would check, were it on (see `ForeignKeysOff`).
        if !self.customers.contains_key(item.customer_id) {
            return Err(StoreError::Corrupt {
                what: "open item",
                value: format!(
                    "{} of customer {}, who was not written before it",
                    item.document_no, item.customer_id
                ),
            });
        }
        if !self.staging && item.customer_id != self.last_customer {
            if self.written.contains(item.customer_id) {
                self.staging = true;
                self.came_back = true;
                self.summary = None;
                self.written = HashSet::new();
            } else {
                self.written.insert(item.customer_id.to_string());
                self.last_customer.clear();
                self.last_customer.push_str(item.customer_id);
            }
        }
        let stmt = if self.staging {
            &mut self.stage_item
        } else {
            &mut self.insert_item
        };
        let written = stmt.execute(params![
            self.snapshot_id,
            item.customer_id,
            item.document_no,
            DateText::new(item.document_date),
            DateText::new(item.due_date),
            item.currency,
            item.disputed as i64,
            item.amount.map(Money::to_minor),
            item.open_amount.to_minor(),
            item.line as i64,
        ]);
        match written {
            Ok(_) => {
                if let Some(summary) = &mut self.summary {
                    summary.add(
                        &self.tx,
                        item.customer_id,
                        item.document_date,
                        item.due_date,
                        item.open_amount,
                        item.disputed,
                    )?;
                }
                Ok(Written::Item)
            }
            Err(e) if is_primary_key_violation(&e) => {
                let first_line: i64 = self
                    .tx
                    .prepare_cached(
                        "SELECT line FROM open_items
                         WHERE snapshot_id = ?1 AND customer_id = ?2 AND document_no = ?3",
                    )?
                    .query_row(
                        params![self.snapshot_id, item.customer_id, item.document_no],
                        |r| r.get(0),
                    )?;
                Ok(Written::Duplicate {
                    first_line: u64::try_from(first_line).unwrap_or(0),
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Copies the staged items into `open_items` in key order (nothing to do when the
    /// rows came grouped by customer). When the ledger lists a document twice the copy
    /// is refused by the key, and the documents listed twice are returned instead (at
    /// most `limit`, by line), the book unchanged by the copy.
    pub fn settle_items(&mut self, limit: usize) -> Result<Vec<DuplicateItem>, StoreError> {
        if !self.staging {
            return Ok(Vec::new());
        }
        let id = self.snapshot_id.ok_or(StoreError::Corrupt {
            what: "snapshot",
            value: "items before create".to_string(),
        })?;
        // Sorted by the table's key, the copy appends to `open_items` in order.
        let copied = self.tx.execute(
            "INSERT INTO open_items (snapshot_id, customer_id, document_no, document_date,
                                     due_date, currency, disputed, amount_minor,
                                     open_minor, line)
             SELECT ?1, customer_id, document_no, document_date, due_date, currency,
                    disputed, amount_minor, open_minor, line
             FROM temp.staged_items ORDER BY customer_id, document_no",
            [id],
        );
        match copied {
            Ok(_) => {
                self.tx.execute("DELETE FROM temp.staged_items", [])?;
                self.staging = false;
                Ok(Vec::new())
            }
            Err(e) if is_primary_key_violation(&e) => {
                let mut stmt = self.tx.prepare(
                    "WITH listed AS (
                         SELECT customer_id, document_no, line FROM main.open_items
                         WHERE snapshot_id = ?1
                         UNION ALL
                         SELECT customer_id, document_no, line FROM temp.staged_items)
                     SELECT l.customer_id, l.document_no, l.line, d.first_line
                     FROM listed l
                     JOIN (SELECT customer_id, document_no, min(line) AS first_line
                           FROM listed GROUP BY customer_id, document_no
                           HAVING count(*) > 1) d
                       ON d.customer_id = l.customer_id AND d.document_no = l.document_no
                     WHERE l.line > d.first_line
                     ORDER BY l.line LIMIT ?2",
                )?;
                let rows = stmt.query_map(params![id, limit as i64], |r| {
                    Ok(DuplicateItem {
                        customer_id: r.get(0)?,
                        document_no: r.get(1)?,
                        line: r.get::<_, i64>(2)?.try_into().unwrap_or(0),
                        first_line: r.get::<_, i64>(3)?.try_into().unwrap_or(0),
                    })
                })?;
                Ok(rows.collect::<Result<_, _>>()?)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The snapshot being written.
    fn id(&self, what: &str) -> Result<i64, StoreError> {
        self.snapshot_id.ok_or_else(|| StoreError::Corrupt {
            what: "snapshot",
            value: format!("{what} before create"),
        })
    }

    /// Sums this snapshot's customers under `matrix` (see [`super::summaries`]) as the
    /// items go in, a customer at a time while they come grouped by customer; call once,
    /// after [`SnapshotWriter::create`], then [`SnapshotWriter::finish_summary`].
    pub fn summarise_under(
        &mut self,
        as_of: NaiveDate,
        matrix: ProvisionMatrix,
    ) -> Result<(), StoreError> {
        self.summary = Some(super::summaries::RunningSummary::new(
            self.id("summary")?,
            as_of,
            matrix,
        ));
        Ok(())
    }

    /// Writes the rest of the summary: the last customer's row, or, when rows came back
    /// to a customer already written, the whole summary from the items once they are
    /// settled. Nothing when the snapshot is not summed.
    pub fn finish_summary(
        &mut self,
        as_of: NaiveDate,
        matrix: Option<&ProvisionMatrix>,
    ) -> Result<(), StoreError> {
        let Some(matrix) = matrix else {
            return Ok(());
        };
        match self.summary.take() {
            Some(summary) if !self.came_back => summary.finish(&self.tx),
            _ => super::summaries::write_from_items(&self.tx, self.id("summary")?, as_of, matrix),
        }
    }

    /// Finishes the snapshot and commits: the import becomes visible at once, whole.
    pub fn commit(
        mut self,
        totals: SnapshotTotals,
        content_hash: &str,
        user: &str,
    ) -> Result<SnapshotInfo, StoreError> {
        let id = self.snapshot_id.ok_or(StoreError::Corrupt {
            what: "snapshot",
            value: "commit before create".to_string(),
        })?;
        if let Some(first) = self.settle_items(1)?.into_iter().next() {
            return Err(StoreError::Corrupt {
                what: "open item",
                value: format!(
                    "{} of customer {} listed twice (lines {} and {})",
                    first.document_no, first.customer_id, first.first_line, first.line
                ),
            });
        }
        let total = totals.debits + totals.credits;
        self.tx.execute(
            "UPDATE snapshots SET content_hash = ?2, row_count = ?3, total_minor = ?4,
                                  debit_minor = ?5, credit_minor = ?6
             WHERE id = ?1",
            params![
                id,
                content_hash,
                totals.rows,
                total.to_minor(),
                totals.debits.to_minor(),
                totals.credits.to_minor()
            ],
        )?;
        let (as_of, source_name, imported_at): (String, String, String) = self.tx.query_row(
            "SELECT as_of, source_name, imported_at FROM snapshots WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let info = SnapshotInfo {
            id,
            as_of: super::parse_stored_date(&as_of)?,
            source_name,
            content_hash: content_hash.to_string(),
            row_count: totals.rows,
            total,
            debits: totals.debits,
            credits: totals.credits,
            imported_at,
            imported_by: user.to_string(),
        };
        // This period's movements, and the next snapshot's, whose predecessor this
        // one now is.
        super::movements::refresh_around(&self.tx, id)?;
        audit(
            &self.tx,
            user,
            "import",
            "snapshot",
            &as_of,
            None,
            Some(&serde_json::to_value(&info).unwrap_or_default()),
        )?;
        self.tx.commit()?;
        Ok(info)
    }
}

fn insert_type(
    tx: &Transaction<'_>,
    id: &str,
    t: &CustomerType,
    as_of: NaiveDate,
    user: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR IGNORE INTO customer_types (name, built_in) VALUES (?1, 0)")?
        .execute([t.as_str()])?;
    tx.prepare_cached(
        "INSERT INTO customer_type_history
             (customer_id, customer_type, effective_from, source, set_by, set_at)
         VALUES (?1, ?2, ?3, 'import', ?4, ?5)",
    )?
    .execute(params![id, t.as_str(), date_text(as_of), user, now()])?;
    Ok(())
}
