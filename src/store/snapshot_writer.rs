//! Writing one snapshot in one transaction: all of it or nothing.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::mpsc;

use chrono::NaiveDate;
use rusqlite::{
    Connection, OptionalExtension, Statement, Transaction, TransactionBehavior, params,
};

use super::items::Item;
use super::movements::ImportPairs;
use super::row_customers::{FirstRow, RowCustomers};
use super::summaries::{RunningSummary, Summing};
use super::{
    CustomerRecord, SNAPSHOT_COLUMNS, SnapshotInfo, StoreError, TypeChange, audit, date_text, now,
    read_snapshot,
};
use crate::domain::allowance::CustomerAging;
use crate::domain::customer_type::CustomerType;
use crate::domain::money::Money;
use crate::domain::policy::ProvisionMatrix;
use crate::domain::reconcile::{Reconciliation, written_off_documents};

/// The temporary table a ledger's items are spilled to, a chunk per customer, once its
/// rows stop coming grouped by customer (see [`SnapshotWriter::item`]).
const STAGING_TABLE: &str = "
    CREATE TEMP TABLE IF NOT EXISTS staged_blocks (
        customer_id TEXT NOT NULL,
        items       TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS temp.staged_blocks_by_customer ON staged_blocks(customer_id);
    DELETE FROM temp.staged_blocks;";

/// How many staged items are held before they are spilled to the staging table: about
/// 100 MB with the customers' vectors, whatever the ledger's size.
const STAGED_ITEMS: usize = 1_000_000;

/// How many documents listed twice are kept (the lowest lines).
const DUPLICATES_KEPT: usize = 1_000;

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

/// A document a ledger lists twice.
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

/// A customer's items gathered at settle, to be made ready: (customer, items, whether
/// a block of it was written before).
type Gathered<'a> = (String, Vec<Item<'a>>, bool);

/// How many blocks the thread making them ready at settle runs ahead of the writing.
const READY_AHEAD: usize = 16;

/// A customer's block made ready to write, with no access to the book (so at settle it
/// is made on a thread of its own while the blocks before it are written): its items in
/// document order (and, for the same document, by line), each document once; the
/// documents listed again, left out; its items summed, when the snapshot is; its text.
struct Ready<'a> {
    customer: String,
    items: Vec<Item<'a>>,
    again: bool,
    duplicates: Vec<DuplicateItem>,
    aging: Option<CustomerAging>,
    text: String,
}

impl<'a> Ready<'a> {
    fn new(
        customer: String,
        mut items: Vec<Item<'a>>,
        again: bool,
        summing: Option<&Summing>,
    ) -> Ready<'a> {
        fn key<'k>(i: &'k Item<'_>) -> (&'k str, u64) {
            (&i.document_no, i.line)
        }
        if !items.is_sorted_by(|a, b| key(a) < key(b)) {
            items.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
        }
        // A document listed again is noted and left out: a block lists each once (the
        // import is refused, but a block merged later is read back first).
        let mut duplicates = Vec::new();
        items.dedup_by(|again, first| {
            if again.document_no != first.document_no {
                return false;
            }
            duplicates.push(DuplicateItem {
                customer_id: customer.clone(),
                document_no: again.document_no.to_string(),
                line: again.line,
                first_line: first.line,
            });
            true
        });
        Ready {
            aging: summing.map(|s| s.sum(&items)),
            text: super::items::encode(&items),
            customer,
            items,
            again,
            duplicates,
        }
    }
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

/// What [`SnapshotWriter::customer`] found of a row's customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerSeen {
    /// What writing the customer did to the book.
    pub change: CustomerChange,
    /// The row names the customer otherwise than its first row in the file did, for
    /// the first time: the first name is kept.
    pub named_otherwise: bool,
}

/// A snapshot being written. Dropping it without [`SnapshotWriter::commit`] rolls back.
///
/// Items are written a customer's block at a time (see [`super::items`]). While the
/// ledger's rows come grouped by customer, each customer's block is written when the
/// next customer starts. From the first row that comes back to a customer already
/// written, the rest are staged: held in one arena with their customers' indices,
/// spilled to a temporary table a chunk per customer every [`STAGED_ITEMS`], and merged
/// into whole blocks, in customer order, by [`SnapshotWriter::settle_items`].
pub struct SnapshotWriter<'c> {
    /// Prepared once: looking a statement up in the connection's cache hashed its text
    /// on every block.
    insert_block: Statement<'c>,
    conn: &'c Connection,
    tx: Transaction<'c>,
    /// The book's customers, each once, and their indices by id: a row names its
    /// customer once ([`SnapshotWriter::customer`]); its items find it by index.
    records: Vec<CustomerRecord>,
    index: foldhash::HashMap<String, usize>,
    /// How many of `records` the book has: those after are the ledger's new
    /// customers, written with their types by [`SnapshotWriter::save_new_customers`].
    saved: usize,
    /// Who imports (as [`SnapshotWriter::create`] was told): the new customers' types
    /// are set by them.
    user: String,
    snapshot_id: Option<i64>,
    latest_as_of: Option<NaiveDate>,
    /// The customer whose rows are coming, and its items so far.
    gathering: Option<(usize, Held)>,
    /// By customer: its block is written.
    written: Vec<bool>,
    /// The customers the ledger's rows named so far, as their first rows did.
    rows: RowCustomers,
    /// The customer the last [`SnapshotWriter::customer`] named, among them.
    current_row: Option<FirstRow>,
    /// The rows held since rows came back to a customer, if they have.
    staged: Option<Staged>,
    /// How many staged items are held before they are spilled ([`STAGED_ITEMS`]).
    spill_at: usize,
    /// Documents the ledger lists twice, found as blocks are written.
    duplicates: Vec<DuplicateItem>,
    /// The aging summary, written a customer at a time with the blocks (see
    /// [`SnapshotWriter::summarise_under`]).
    summary: Option<RunningSummary>,
    /// Each block paired with the prior snapshot's as it is written: the period's
    /// movements and the import's reconciliation (see [`super::movements::ImportPairs`]).
    pairs: Option<ImportPairs>,
    /// Declared after `tx`, so dropped after it: foreign keys come back on once the
    /// transaction has committed or rolled back.
    _foreign_keys: ForeignKeysOff<'c>,
}

/// Rows held once they stopped coming grouped by customer: one arena for every
/// customer's items, each with its customer's index, so what is held grows with the
/// items, not with the customers.
#[derive(Default)]
struct Staged {
    items: Held,
    customers: Vec<u32>,
    spilled: bool,
}

/// Items held until their blocks are written, compact: their texts in one buffer
/// rather than two strings an item.
#[derive(Default)]
struct Held {
    text: String,
    currencies: Vec<String>,
    items: Vec<Pending>,
}

/// An item held in a [`Held`]: its document number a range of the text, its currency
/// an index into the currencies.
struct Pending {
    document: (u32, u32),
    currency: u16,
    document_date: NaiveDate,
    due_date: NaiveDate,
    disputed: bool,
    /// Amounts in minor units (two integers take less room than two decimals).
    has_amount: bool,
    amount: i64,
    open: i64,
    line: u64,
}

impl Held {
    fn push(&mut self, item: &NewOpenItem<'_>) -> Result<(), StoreError> {
        let too_long = || StoreError::Corrupt {
            what: "open item",
            value: format!(
                "{} of customer {}: too long",
                item.document_no, item.customer_id
            ),
        };
        let start = u32::try_from(self.text.len()).map_err(|_| too_long())?;
        let len = u32::try_from(item.document_no.len()).map_err(|_| too_long())?;
        start.checked_add(len).ok_or_else(too_long)?;
        self.text.push_str(item.document_no);
        let currency = match self.currencies.iter().position(|c| c == item.currency) {
            Some(i) => i,
            None => {
                self.currencies.push(item.currency.to_string());
                self.currencies.len() - 1
            }
        };
        self.items.push(Pending {
            document: (start, len),
            currency: u16::try_from(currency).map_err(|_| too_long())?,
            document_date: item.document_date,
            due_date: item.due_date,
            disputed: item.disputed,
            has_amount: item.amount.is_some(),
            amount: item.amount.map_or(0, Money::to_minor),
            open: item.open_amount.to_minor(),
            line: item.line,
        });
        Ok(())
    }

    /// The held items as a block's items, borrowing their texts.
    fn items(&self) -> impl Iterator<Item = Item<'_>> {
        (0..self.items.len()).map(|j| self.item(j))
    }

    /// The `j`th item held.
    fn item(&self, j: usize) -> Item<'_> {
        let p = &self.items[j];
        let (start, len) = (p.document.0 as usize, p.document.1 as usize);
        Item {
            document_no: Cow::Borrowed(self.text.get(start..start + len).unwrap_or_default()),
            document_date: p.document_date,
            due_date: p.due_date,
            currency: Cow::Borrowed(
                self.currencies
                    .get(usize::from(p.currency))
                    .map_or("", String::as_str),
            ),
            disputed: p.disputed,
            amount: p.has_amount.then(|| Money::from_minor(p.amount)),
            open: Money::from_minor(p.open),
            line: p.line,
        }
    }
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

impl Staged {
    fn hold(&mut self, customer: usize, item: &NewOpenItem<'_>) -> Result<(), StoreError> {
        let customer = u32::try_from(customer).map_err(|_| StoreError::Corrupt {
            what: "customer",
            value: format!("{} of more than 4 billion", item.customer_id),
        })?;
        self.items.push(item)?;
        self.customers.push(customer);
        Ok(())
    }

    /// How many items are held.
    fn len(&self) -> usize {
        self.customers.len()
    }

    /// The held items grouped by customer: their positions, and for each customer with
    /// items, in id order, its index and its run of those positions (its items in the
    /// order held). A counting sort by each customer's place in id order: the ids are
    /// compared once a customer, not once an item.
    fn by_customer(&self, records: &[CustomerRecord]) -> (Vec<u32>, Vec<(usize, Range<usize>)>) {
        let mut next = vec![0u32; records.len()];
        for &c in &self.customers {
            next[c as usize] += 1;
        }
        let mut present: Vec<usize> = (0..records.len()).filter(|&i| next[i] > 0).collect();
        present.sort_unstable_by(|&a, &b| records[a].id.cmp(&records[b].id));
        let mut runs = Vec::with_capacity(present.len());
        let mut at = 0u32;
        for i in present {
            let n = next[i];
            runs.push((i, at as usize..(at + n) as usize));
            next[i] = at;
            at += n;
        }
        let mut order = vec![0u32; self.customers.len()];
        for (j, &c) in (0u32..).zip(&self.customers) {
            let slot = &mut next[c as usize];
            order[*slot as usize] = j;
            *slot += 1;
        }
        (order, runs)
    }

    /// The items at `positions`.
    fn items<'a>(&'a self, order: &'a [u32]) -> impl Iterator<Item = Item<'a>> {
        order.iter().map(|&j| self.items.item(j as usize))
    }

    /// Lets go of the items held (their buffers kept for the next ones).
    fn clear(&mut self) {
        self.items.text.clear();
        self.items.items.clear();
        self.customers.clear();
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
        let insert_block = conn.prepare(
            "INSERT INTO item_blocks (snapshot_id, customer_id, items) VALUES (?1, ?2, ?3)",
        )?;
        let mut records: Vec<CustomerRecord> =
            super::Store::customers_of(&tx)?.into_values().collect();
        records.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let index = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let latest: Option<String> =
            tx.query_row("SELECT max(as_of) FROM snapshots", [], |r| r.get(0))?;
        let latest_as_of = latest
            .as_deref()
            .map(super::parse_stored_date)
            .transpose()?;
        Ok(SnapshotWriter {
            insert_block,
            conn,
            tx,
            written: vec![false; records.len()],
            rows: RowCustomers::default(),
            current_row: None,
            saved: records.len(),
            user: String::new(),
            records,
            index,
            snapshot_id: None,
            latest_as_of,
            gathering: None,
            staged: None,
            spill_at: STAGED_ITEMS,
            duplicates: Vec::new(),
            summary: None,
            pairs: None,
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
             DELETE FROM item_blocks WHERE snapshot_id = {id};
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
        let id = self.tx.last_insert_rowid();
        self.snapshot_id = Some(id);
        self.user = user.to_string();
        let posted = super::posted_documents(&self.tx)?;
        self.pairs = Some(ImportPairs::new(
            &self.tx,
            id,
            as_of,
            written_off_documents(&posted, as_of),
        )?);
        Ok(())
    }

    /// Records a customer seen in the ledger at `as_of`: new customers are created; a
    /// type from the file is recorded unless a user has set the customer's type. A
    /// customer takes the name its first row in the ledger gives; a row that names it
    /// otherwise is said once.
    pub fn customer(
        &mut self,
        id: &str,
        name: &str,
        file_type: Option<&CustomerType>,
        as_of: NaiveDate,
        user: &str,
    ) -> Result<CustomerSeen, StoreError> {
        // A row that repeats its customer's first row has nothing new to say.
        if let Some(first) = self.rows.find(id) {
            self.current_row = Some(first);
            let i = self.rows.customer(first);
            if self.rows.same_as_first(first, name, file_type) {
                return Ok(CustomerSeen {
                    change: CustomerChange::Unchanged,
                    named_otherwise: false,
                });
            }
            let named_otherwise = self.rows.named_otherwise(first, name);
            let change = self.type_from_file(i, id, file_type, as_of, user)?;
            return Ok(CustomerSeen {
                change,
                named_otherwise,
            });
        }
        // The customer's first row in the ledger.
        let newest = self.latest_as_of.is_none_or(|l| as_of >= l);
        let Some(i) = self.known(id) else {
            // Written with the others before the items settle, in id order.
            let t = file_type.cloned().unwrap_or_else(CustomerType::other);
            let i = self.records.len();
            self.current_row = Some(self.rows.add(id, name, file_type, i)?);
            self.index.insert(id.to_string(), i);
            self.records.push(CustomerRecord {
                id: id.to_string(),
                name: name.to_string(),
                types: vec![TypeChange {
                    effective_from: as_of,
                    customer_type: t,
                    set_by_user: false,
                }],
            });
            self.written.push(false);
            return Ok(CustomerSeen {
                change: CustomerChange::New,
                named_otherwise: false,
            });
        };
        self.current_row = Some(self.rows.add(id, name, file_type, i)?);
        let record = &mut self.records[i];
        if newest && record.name != name {
            self.tx
                .prepare_cached("UPDATE customers SET name = ?2 WHERE id = ?1")?
                .execute(params![id, name])?;
            record.name = name.to_string();
        }
        let change = self.type_from_file(i, id, file_type, as_of, user)?;
        Ok(CustomerSeen {
            change,
            named_otherwise: false,
        })
    }

    /// Records the type the file gives customer `i` at `as_of`, unless a user has set
    /// its type.
    fn type_from_file(
        &mut self,
        i: usize,
        id: &str,
        file_type: Option<&CustomerType>,
        as_of: NaiveDate,
        user: &str,
    ) -> Result<CustomerChange, StoreError> {
        let record = &mut self.records[i];
        let Some(file_type) = file_type else {
            return Ok(CustomerChange::Unchanged);
        };
        let same = match record.type_ref_at(as_of) {
            Some(t) => t == file_type,
            None => *file_type == CustomerType::other(),
        };
        if same {
            return Ok(CustomerChange::Unchanged);
        }
        let current = record.type_at(as_of);
        if record.types.iter().any(|t| t.set_by_user) {
            return Ok(CustomerChange::TypeKept { book: current });
        }
        // A new customer's types are written with it.
        if i < self.saved {
            insert_type(&self.tx, id, file_type, as_of, user)?;
        }
        record.types.push(TypeChange {
            effective_from: as_of,
            customer_type: file_type.clone(),
            set_by_user: false,
        });
        record.types.sort_by_key(|t| t.effective_from);
        Ok(CustomerChange::TypeChanged { from: current })
    }

    /// Takes one open item of the snapshot (see [`SnapshotWriter`] for where it goes). A
    /// document the ledger lists twice is found when its customer's block is written;
    /// [`SnapshotWriter::duplicates`] says how many so far, [`SnapshotWriter::settle_items`]
    /// which.
    pub fn item(&mut self, item: &NewOpenItem<'_>) -> Result<(), StoreError> {
        // What the foreign key would check, were it on (see `ForeignKeysOff`). The
        // item is the last named customer's, found without a lookup, whose id is in
        // the cache by now.
        let last_row = self
            .current_row
            .filter(|&first| self.rows.id(first) == item.customer_id)
            .map(|first| self.rows.customer(first));
        let Some(i) = last_row.or_else(|| self.known(item.customer_id)) else {
            return Err(StoreError::Corrupt {
                what: "open item",
                value: format!(
                    "{} of customer {}, who was not written before it",
                    item.document_no, item.customer_id
                ),
            });
        };
        if let Some(staged) = &mut self.staged {
            staged.hold(i, item)?;
            return self.spill_if_full();
        }
        match &mut self.gathering {
            Some((customer, held)) if *customer == i => held.push(item)?,
            _ => {
                self.write_gathered()?;
                if self.written[i] {
                    let mut staged = Staged::default();
                    staged.hold(i, item)?;
                    self.staged = Some(staged);
                } else {
                    let mut held = Held::default();
                    held.push(item)?;
                    self.gathering = Some((i, held));
                }
            }
        }
        Ok(())
    }

    /// The index of customer `id`, if the book has it.
    fn known(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Spills staged rows every `items` instead of every [`STAGED_ITEMS`], so a test's
    /// small ledger goes through the staging table.
    #[cfg(test)]
    pub(crate) fn spill_every(&mut self, items: usize) {
        self.spill_at = items;
    }

    /// How many documents listed twice were found so far.
    pub fn duplicates(&self) -> usize {
        self.duplicates.len()
    }

    /// Writes the block of the customer being gathered, if any.
    fn write_gathered(&mut self) -> Result<(), StoreError> {
        if let Some((i, held)) = self.gathering.take() {
            let customer = self.records[i].id.clone();
            self.write_block(customer, held.items().collect(), false)?;
            self.written[i] = true;
        }
        Ok(())
    }

    /// Makes one customer's whole block ready on this thread and writes it (see
    /// [`Ready`]). `again` when a block was written for the customer before and has
    /// been merged into `items` (its rows came back).
    fn write_block(
        &mut self,
        customer: String,
        items: Vec<Item<'_>>,
        again: bool,
    ) -> Result<(), StoreError> {
        let summing = self.summary.as_ref().map(RunningSummary::summing);
        let ready = Ready::new(customer, items, again, summing);
        self.write_ready(ready)
    }

    /// Writes a block made ready: the documents listed twice noted, its summary row,
    /// its movements and reconciliation against the prior snapshot, and the block.
    fn write_ready(&mut self, ready: Ready<'_>) -> Result<(), StoreError> {
        self.duplicates.extend(ready.duplicates);
        if self.duplicates.len() > 2 * DUPLICATES_KEPT {
            self.duplicates.sort_by_key(|d| d.line);
            self.duplicates.truncate(DUPLICATES_KEPT);
        }
        if let (Some(summary), Some(aging)) = (&mut self.summary, &ready.aging) {
            summary.customer(&self.tx, &ready.customer, aging, ready.again)?;
        }
        if let Some(pairs) = &mut self.pairs {
            pairs.customer(&self.tx, &ready.customer, &ready.items, ready.again)?;
        }
        let id = self.id("items")?;
        self.insert_block
            .execute(params![id, ready.customer, ready.text])?;
        Ok(())
    }

    /// Writes the customers the ledger's rows named first since the last call, with
    /// their types, in id order. Called while the writer waits for rows, and at the
    /// latest when the items settle: a writer kept busy by the rows (a ledger of many
    /// customers) writes them all at settle, and then each of their tables' keys grows
    /// at its end, where a ledger by date or by name had SQLite look up a page at random
    /// for every new customer (most of the import of a ledger of 250,000 customers,
    /// whose keys outgrow the page cache). A writer that waits writes them as they
    /// come, in its spare time, rather than add them to the settle's.
    pub fn save_new_customers(&mut self) -> Result<(), StoreError> {
        let mut new: Vec<usize> = (self.saved..self.records.len()).collect();
        if new.is_empty() {
            return Ok(());
        }
        new.sort_unstable_by(|&a, &b| self.records[a].id.cmp(&self.records[b].id));
        let mut insert_customer = self
            .tx
            .prepare_cached("INSERT INTO customers (id, name, first_seen) VALUES (?1, ?2, ?3)")?;
        let mut types_known: foldhash::HashSet<&str> = foldhash::HashSet::default();
        let set_at = now();
        for i in new {
            let record = &self.records[i];
            // A new customer's first type is in force from its first snapshot.
            let first_seen = record.types.first().map(|t| t.effective_from);
            insert_customer.execute(params![record.id, record.name, first_seen.map(date_text)])?;
            for t in &record.types {
                let name = t.customer_type.as_str();
                if types_known.insert(name) {
                    register_type(&self.tx, name)?;
                }
                insert_type_history(
                    &self.tx,
                    &record.id,
                    name,
                    t.effective_from,
                    &self.user,
                    &set_at,
                )?;
            }
        }
        self.saved = self.records.len();
        Ok(())
    }

    /// Spills the staged rows to the staging table once there are
    /// [`STAGED_ITEMS`] of them.
    fn spill_if_full(&mut self) -> Result<(), StoreError> {
        let spill_at = self.spill_at;
        let Some(staged) = self.staged.as_mut().filter(|s| s.len() >= spill_at) else {
            return Ok(());
        };
        if !staged.spilled {
            self.tx.execute_batch(STAGING_TABLE)?;
            staged.spilled = true;
        }
        let records = &self.records;
        let (order, runs) = staged.by_customer(records);
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO temp.staged_blocks (customer_id, items) VALUES (?1, ?2)",
        )?;
        for (i, run) in runs {
            let items: Vec<Item<'_>> = staged.items(&order[run]).collect();
            insert.execute(params![records[i].id, super::items::encode(&items)])?;
        }
        staged.clear();
        Ok(())
    }

    /// Writes the blocks of the customers whose rows were staged, each merged whole
    /// (with the block written before its rows came back, if any), in customer order;
    /// nothing to do when the rows came grouped by customer. Returns the documents the
    /// ledger lists twice (at most `limit`, by line).
    pub fn settle_items(&mut self, limit: usize) -> Result<Vec<DuplicateItem>, StoreError> {
        self.save_new_customers()?;
        self.write_gathered()?;
        if let Some(staged) = self.staged.take() {
            // The customers with rows held, in id order, and their items.
            let (order, runs) = staged.by_customer(&self.records);
            let mut held = runs.into_iter().peekable();
            let conn = self.conn;
            let mut chunks_stmt = if staged.spilled {
                Some(conn.prepare(
                    "SELECT customer_id, items FROM temp.staged_blocks ORDER BY customer_id",
                )?)
            } else {
                None
            };
            let mut chunks = match &mut chunks_stmt {
                Some(stmt) => Some(stmt.query([])?),
                None => None,
            };
            let read_chunk = |chunks: &mut Option<rusqlite::Rows<'_>>| -> Result<_, StoreError> {
                let Some(rows) = chunks else {
                    return Ok(None);
                };
                Ok(match rows.next()? {
                    Some(r) => Some((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
                    None => None,
                })
            };
            // The next spilled chunk, read ahead.
            let mut next_chunk = read_chunk(&mut chunks)?;
            // Each customer's items are gathered here, made ready (sorted, summed,
            // encoded) by a second thread, and written here, in customer order.
            let summing = self.summary.as_ref().map(|s| s.summing().clone());
            let staged = &staged;
            std::thread::scope(|scope| -> Result<(), StoreError> {
                let (to_make, to_be_made) = mpsc::sync_channel::<Gathered<'_>>(READY_AHEAD);
                let (to_write, made) = mpsc::sync_channel::<Ready<'_>>(READY_AHEAD);
                let maker = move || {
                    for (customer, items, again) in to_be_made {
                        let ready = Ready::new(customer, items, again, summing.as_ref());
                        if to_write.send(ready).is_err() {
                            break;
                        }
                    }
                };
                // Without a second thread, each block is made ready here (below).
                let _ = std::thread::Builder::new()
                    .name("block maker".to_string())
                    .spawn_scoped(scope, maker);
                let gone = || StoreError::Corrupt {
                    what: "block of open items",
                    value: "the thread making blocks ready stopped".to_string(),
                };
                loop {
                    // The next customer in id order, of the held runs or the chunks: one
                    // held is known by its index, one only spilled is looked up.
                    let held_next = match (held.peek(), &next_chunk) {
                        (None, None) => break,
                        (Some(&(i, _)), Some((c, _))) => (self.records[i].id <= *c).then_some(i),
                        (held_next, _) => held_next.map(|&(i, _)| i),
                    };
                    let i = match (held_next, &next_chunk) {
                        (Some(i), _) => i,
                        (None, Some((c, _))) => {
                            self.known(c).ok_or_else(|| StoreError::Corrupt {
                                what: "block of open items",
                                value: format!("staged for customer {c}, who was not written"),
                            })?
                        }
                        (None, None) => break,
                    };
                    let customer = self.records[i].id.clone();
                    let mut chunk_texts = Vec::new();
                    while let Some((_, text)) = next_chunk.take_if(|(c, _)| *c == customer) {
                        chunk_texts.push(text);
                        next_chunk = read_chunk(&mut chunks)?;
                    }
                    let held_run = held.next_if(|&(j, _)| j == i).map_or(0..0, |(_, run)| run);
                    let again = self.written[i];
                    let mut items: Vec<Item<'_>> = staged.items(&order[held_run]).collect();
                    for text in &chunk_texts {
                        let chunk = super::items::decode_unordered(&customer, text)?;
                        items.extend(chunk.into_iter().map(Item::into_owned));
                    }
                    if again {
                        let id = self.id("items")?;
                        let text: String = self.tx.query_row(
                            "DELETE FROM item_blocks WHERE snapshot_id = ?1 AND customer_id = ?2
                             RETURNING items",
                            params![id, customer],
                            |r| r.get(0),
                        )?;
                        let earlier = super::items::decode(&customer, &text)?;
                        if let Some(pairs) = &mut self.pairs {
                            pairs.undo(&self.tx, &customer, &earlier)?;
                        }
                        items.extend(earlier.into_iter().map(Item::into_owned));
                    }
                    self.written[i] = true;
                    // Keeps the maker busy, and writes what it has made meanwhile.
                    let mut job = Some((customer, items, again));
                    while let Some(gathered) = job.take() {
                        match to_make.try_send(gathered) {
                            Ok(()) => {}
                            Err(mpsc::TrySendError::Full(gathered)) => {
                                job = Some(gathered);
                                self.write_ready(made.recv().map_err(|_| gone())?)?;
                            }
                            Err(mpsc::TrySendError::Disconnected((customer, items, again))) => {
                                self.write_block(customer, items, again)?;
                            }
                        }
                    }
                    while let Ok(ready) = made.try_recv() {
                        self.write_ready(ready)?;
                    }
                }
                drop(to_make);
                for ready in made {
                    self.write_ready(ready)?;
                }
                Ok(())
            })?;
            drop(chunks);
            if staged.spilled {
                self.tx.execute("DELETE FROM temp.staged_blocks", [])?;
            }
        }
        let mut duplicates = std::mem::take(&mut self.duplicates);
        duplicates.sort_by_key(|d| d.line);
        duplicates.truncate(limit);
        Ok(duplicates)
    }

    /// The snapshot being written.
    fn id(&self, what: &str) -> Result<i64, StoreError> {
        self.snapshot_id.ok_or_else(|| StoreError::Corrupt {
            what: "snapshot",
            value: format!("{what} before create"),
        })
    }

    /// Sums this snapshot's customers under `matrix` (see [`super::summaries`]) as
    /// their blocks are written; call once, after [`SnapshotWriter::create`], then
    /// [`SnapshotWriter::finish_summary`] once the items are settled.
    pub fn summarise_under(
        &mut self,
        as_of: NaiveDate,
        matrix: ProvisionMatrix,
    ) -> Result<(), StoreError> {
        self.summary = Some(RunningSummary::new(self.id("summary")?, as_of, matrix));
        Ok(())
    }

    /// Says the summary is complete (nothing when the snapshot is not summed).
    pub fn finish_summary(&mut self) -> Result<(), StoreError> {
        self.write_gathered()?;
        match self.summary.take() {
            Some(summary) => summary.finish(&self.tx),
            None => Ok(()),
        }
    }

    /// Finishes the snapshot and commits: the import becomes visible at once, whole.
    /// Returns it and its reconciliation against the snapshot before it by date.
    pub fn commit(
        mut self,
        totals: SnapshotTotals,
        content_hash: &str,
        user: &str,
    ) -> Result<(SnapshotInfo, Reconciliation), StoreError> {
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
        // The prior snapshot's customers this one does not list, the period's row, and
        // the next snapshot's movements, whose predecessor this one now is.
        let reconciliation = self
            .pairs
            .take()
            .ok_or_else(|| StoreError::Corrupt {
                what: "snapshot",
                value: "commit before create".to_string(),
            })?
            .finish(&self.tx)?;
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
        Ok((info, reconciliation))
    }
}

/// Records that the file gives customer `id` type `t` from `as_of`, set by `user` now.
fn insert_type(
    tx: &Transaction<'_>,
    id: &str,
    t: &CustomerType,
    as_of: NaiveDate,
    user: &str,
) -> Result<(), StoreError> {
    register_type(tx, t.as_str())?;
    insert_type_history(tx, id, t.as_str(), as_of, user, &now())
}

/// Adds type `name` to the book's types, unless it has it.
fn register_type(tx: &Transaction<'_>, name: &str) -> Result<(), StoreError> {
    tx.prepare_cached("INSERT OR IGNORE INTO customer_types (name, built_in) VALUES (?1, 0)")?
        .execute([name])?;
    Ok(())
}

/// One row of a customer's type history, from the file: type `name` from
/// `effective_from`, set by `user` at `set_at`.
fn insert_type_history(
    tx: &Transaction<'_>,
    id: &str,
    name: &str,
    effective_from: NaiveDate,
    user: &str,
    set_at: &str,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO customer_type_history
             (customer_id, customer_type, effective_from, source, set_by, set_at)
         VALUES (?1, ?2, ?3, 'import', ?4, ?5)",
    )?
    .execute(params![id, name, date_text(effective_from), user, set_at])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use super::*;
    use crate::store::Store;

    fn d(day: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(day)
    }

    /// The first column of every row `sql` selects, as text.
    fn texts(tx: &Transaction<'_>, sql: &str) -> Vec<String> {
        let mut stmt = tx.prepare(sql).unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// Writes `rows` (customer, document, open amount in fen, line; dated by line) as
    /// the snapshot of 2024-01-31, spilling staged rows every `spill` items, and returns
    /// every block and summary row as text, and the documents listed twice.
    fn write(rows: &[(&str, &str, i64, u64)], spill: usize) -> (Vec<String>, Vec<DuplicateItem>) {
        let mut store = Store::open_in_memory().unwrap();
        let as_of = d(30);
        let matrix = store.policies().unwrap().in_force(as_of).cloned().unwrap();
        let mut writer = store.begin_snapshot().unwrap();
        writer.spill_every(spill);
        writer.create(as_of, "t.csv", "amy").unwrap();
        writer.summarise_under(as_of, matrix).unwrap();
        for (customer, document, open, line) in rows {
            writer
                .customer(customer, customer, None, as_of, "amy")
                .unwrap();
            writer
                .item(&NewOpenItem {
                    customer_id: customer,
                    document_no: document,
                    document_date: d(*line),
                    due_date: d(line + 10),
                    currency: "CNY",
                    disputed: false,
                    amount: None,
                    open_amount: Money::from_minor(*open),
                    line: *line,
                })
                .unwrap();
        }
        let duplicates = writer.settle_items(10).unwrap();
        writer.finish_summary().unwrap();
        let text = |sql: &str| texts(&writer.tx, sql);
        let mut out = text("SELECT customer_id || ' ' || items FROM item_blocks ORDER BY 1");
        out.extend(text(
            "SELECT customer_id || ' ' || items || ' ' || net_minor || ' ' || buckets
             FROM customer_aging ORDER BY 1",
        ));
        out.extend(text(
            "SELECT customers || ' customers' FROM aging_summaries",
        ));
        (out, duplicates)
    }

    #[test]
    fn new_customers_are_written_in_id_order_with_their_types_in_the_rows_order() {
        let mut store = Store::open_in_memory().unwrap();
        let t = |name: &str| CustomerType::parse(name).unwrap();
        let mut writer = store.begin_snapshot().unwrap();
        writer.create(d(30), "t.csv", "amy").unwrap();
        // As a ledger by date names them: C2 first, then C1, whose type changes.
        for (id, name, customer_type) in [
            ("C2", "Beta", "private"),
            ("C1", "Acme", "private"),
            ("C1", "Acme", "state_owned"),
        ] {
            writer
                .customer(id, name, Some(&t(customer_type)), d(30), "amy")
                .unwrap();
        }
        writer.settle_items(10).unwrap();
        let rows = |sql: &str| texts(&writer.tx, sql);
        assert_eq!(
            rows("SELECT id || ' ' || name || ' ' || first_seen FROM customers ORDER BY rowid"),
            ["C1 Acme 2024-01-31", "C2 Beta 2024-01-31"]
        );
        assert_eq!(
            rows(
                "SELECT customer_id || ' ' || customer_type || ' ' || effective_from || ' '
                        || source || ' ' || set_by
                 FROM customer_type_history ORDER BY id"
            ),
            [
                "C1 private 2024-01-31 import amy",
                "C1 state_owned 2024-01-31 import amy",
                "C2 private 2024-01-31 import amy",
            ]
        );
    }

    #[test]
    fn rows_that_come_back_to_customers_make_the_blocks_of_the_same_rows_grouped() {
        // A is written whole, then comes back; B and C interleave. Spilled every item,
        // every two, or never.
        let interleaved = [
            ("A", "A2", 200, 2),
            ("A", "A1", 100, 3),
            ("B", "B1", 10, 4),
            ("A", "A4", 400, 5),
            ("C", "C1", -5, 6),
            ("B", "B2", 20, 7),
            ("A", "A3", 300, 8),
            ("C", "C2", 7, 9),
        ];
        let mut grouped = interleaved;
        grouped.sort_by_key(|r| r.0);
        let (written, duplicates) = write(&grouped, 1);
        assert!(duplicates.is_empty());
        assert_eq!(written.len(), 3 + 3 + 1, "{written:#?}");
        assert!(
            written[0].starts_with(
                r#"A [["A1","2024-01-04","2024-01-14","CNY",0,null,100,3],["A2","2024-01-03""#
            ),
            "{}",
            written[0]
        );
        assert!(written[0].ends_with(r#"["A4","2024-01-06","2024-01-16","CNY",0,null,400,5]]"#));
        assert!(written[2].starts_with(r#"C [["C1","2024-01-07""#));
        // Customer, items, net, buckets.
        assert!(written[3].starts_with("A 4 1000 "), "{}", written[3]);
        assert!(written[5].starts_with("C 2 2 "), "{}", written[5]);
        assert_eq!(written[6], "3 customers");
        for spill in [1, 2, 100] {
            assert_eq!(
                write(&interleaved, spill).0,
                written,
                "spilled every {spill}"
            );
        }
    }

    #[test]
    fn a_document_listed_twice_is_named_with_both_lines_across_spills() {
        let rows = [
            ("A", "D1", 1, 2),
            ("B", "X", 2, 3),
            ("A", "D1", 3, 4),
            ("B", "Y", 4, 5),
            ("B", "X", 5, 6),
            ("A", "D1", 6, 7),
        ];
        for spill in [1, 2, 100] {
            let (_, duplicates) = write(&rows, spill);
            let found: Vec<_> = duplicates
                .iter()
                .map(|d| {
                    (
                        d.customer_id.as_str(),
                        d.document_no.as_str(),
                        d.first_line,
                        d.line,
                    )
                })
                .collect();
            assert_eq!(
                found,
                [("A", "D1", 2, 4), ("B", "X", 3, 6), ("A", "D1", 2, 7)],
                "spilled every {spill}"
            );
        }
    }

    /// Found by the import fuzzer: a customer's block written with a document listed
    /// twice, read back when the customer's rows came back, was taken for a corrupt
    /// book instead of a ledger listing a document twice.
    #[test]
    fn a_document_listed_twice_before_its_customer_comes_back_is_named_not_corrupt() {
        let rows = [
            ("A", "D1", 1, 2),
            ("A", "D1", 2, 3),
            ("B", "X", 3, 4),
            ("A", "D2", 4, 5),
        ];
        for spill in [1, 100] {
            let (_, duplicates) = write(&rows, spill);
            assert_eq!(duplicates.len(), 1);
            assert_eq!((duplicates[0].first_line, duplicates[0].line), (2, 3));
        }
    }
}
