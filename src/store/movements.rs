//! Period movements: for each snapshot, what each customer's documents moved since the
//! snapshot before it by date (billings, collections, adjustments, and the billings
//! summed by document date), so the window's activity reads a row a customer and
//! period instead of every sighting of every document.
//!
//! They are derived from the stored rows, never edited, with the same rule as the
//! whole-document walk ([`crate::domain::activity::period_movement`]). The import writes
//! the new snapshot's movements in its transaction, and those of the snapshot after it
//! by date, whose predecessor it now is ([`refresh_around`]); the migration that
//! brought them writes every snapshot's. `period_movements.prior_id` names the
//! snapshot they were computed against: a reader that finds another predecessor there
//! computes that period from the items instead of trusting the row. Posted write-offs
//! are not in them: the book replaces the movements of a written-off document with its
//! whole-document walk.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::items::{self, Blocks, Item, Walked};
use super::{StoreError, parse_stored_date};
use crate::domain::activity::{PeriodActivity, period_movement};
use crate::domain::money::Money;
use crate::domain::reconcile::{Reconciler, Reconciliation, WrittenOffDocuments};

/// One customer's movements in one period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerMovement {
    /// Billings, collections and adjustments (no write-offs: see the module's note).
    pub activity: PeriodActivity,
    /// What was billed, summed by document date.
    pub billed: BTreeMap<NaiveDate, Money>,
}

/// One period's movements, by customer.
pub type PeriodMovements = BTreeMap<String, CustomerMovement>;

/// What the book keeps: per snapshot, the snapshot its movements were computed
/// against and the movements.
#[derive(Debug, Default)]
pub struct StoredMovements {
    /// Snapshot id → (the predecessor they were computed against, the movements).
    pub periods: HashMap<i64, (Option<i64>, PeriodMovements)>,
}

/// A document as the pair walk sees it: its open amount in the earlier snapshot, and
/// its open amount, original amount and date in the later one.
#[derive(Debug, Clone, Copy)]
pub struct DocumentPair<'r> {
    /// Customer.
    pub customer_id: &'r str,
    /// Document.
    pub document_no: &'r str,
    /// Open amount in the earlier snapshot.
    pub before: Option<Money>,
    /// Open amount in the later snapshot.
    pub now: Option<Money>,
    /// Original amount, as the later snapshot gives it.
    pub amount: Option<Money>,
    /// Document date, as the later snapshot gives it.
    pub document_date: Option<NaiveDate>,
}

/// Walks the snapshots `prior` and `current` side by side in customer and document
/// order, calling `each` once for every document in either. Both are read a customer's
/// block at a time, so only one customer's items of each are in memory. The later
/// snapshot's original amounts and document dates are given only when `later` asks for
/// them.
pub(super) fn for_each_document_pair(
    conn: &Connection,
    prior: Option<i64>,
    current: i64,
    later: bool,
    each: &mut dyn FnMut(DocumentPair<'_>),
) -> Result<(), StoreError> {
    let mut before_stmt = conn.prepare(items::BLOCKS_OF_SNAPSHOT)?;
    let mut now_stmt = conn.prepare(items::BLOCKS_OF_SNAPSHOT)?;
    let mut before = Blocks::new(&mut before_stmt, prior)?;
    let mut now = Blocks::new(&mut now_stmt, Some(current))?;
    let (mut more_before, mut more_now) = (before.advance()?, now.advance()?);
    fn gone<'a>(customer_id: &'a str, b: &'a Walked<'_>) -> DocumentPair<'a> {
        DocumentPair {
            customer_id,
            document_no: &b.0,
            before: Some(Money::from_minor(b.6)),
            now: None,
            amount: None,
            document_date: None,
        }
    }
    fn seen<'a>(
        customer_id: &'a str,
        b: Option<&Walked<'_>>,
        n: &'a Walked<'_>,
        later: bool,
    ) -> Result<DocumentPair<'a>, StoreError> {
        Ok(DocumentPair {
            customer_id,
            document_no: &n.0,
            before: b.map(|b| Money::from_minor(b.6)),
            now: Some(Money::from_minor(n.6)),
            amount: if later {
                n.5.map(Money::from_minor)
            } else {
                None
            },
            document_date: if later {
                Some(parse_stored_date(&n.1)?)
            } else {
                None
            },
        })
    }
    loop {
        use std::cmp::Ordering::{Greater, Less};
        let order = match (more_before, more_now) {
            (false, false) => return Ok(()),
            (true, false) => Less,
            (false, true) => Greater,
            (true, true) => before.customer.cmp(&now.customer),
        };
        {
            // A customer in one snapshot only is merged with nothing.
            let b_items = if order == Greater {
                Vec::new()
            } else {
                before.walked()?
            };
            let n_items = if order == Less {
                Vec::new()
            } else {
                now.walked()?
            };
            let customer = if order == Less {
                before.customer.as_str()
            } else {
                now.customer.as_str()
            };
            merge_by_document(
                &b_items,
                &n_items,
                |b| &b.0,
                |n| &n.0,
                |b, n| {
                    match n {
                        Some(n) => each(seen(customer, b, n, later)?),
                        None => b.into_iter().for_each(|b| each(gone(customer, b))),
                    }
                    Ok(())
                },
            )?;
        }
        if order != Greater {
            more_before = before.advance()?;
        }
        if order != Less {
            more_now = now.advance()?;
        }
    }
}

/// Calls `each(before, now)` once for every document of two lists in strictly ascending
/// document order (a customer's items in two snapshots), with the entry each list has
/// of it.
fn merge_by_document<'b, 'n, B, N>(
    before: &'b [B],
    now: &'n [N],
    before_no: impl Fn(&B) -> &str,
    now_no: impl Fn(&N) -> &str,
    mut each: impl FnMut(Option<&'b B>, Option<&'n N>) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    use std::cmp::Ordering::{Greater, Less};
    let (mut b, mut n) = (before.iter().peekable(), now.iter().peekable());
    loop {
        let order = match (b.peek(), n.peek()) {
            (None, None) => return Ok(()),
            (Some(_), None) => Less,
            (None, Some(_)) => Greater,
            (Some(x), Some(y)) => before_no(x).cmp(now_no(y)),
        };
        each(
            b.next_if(|_| order != Greater),
            n.next_if(|_| order != Less),
        )?;
    }
}

/// The movements of the period from `prior` to `current`, from their items.
pub(super) fn compute(
    conn: &Connection,
    prior: Option<i64>,
    current: i64,
) -> Result<PeriodMovements, StoreError> {
    let mut out = PeriodMovements::new();
    let Some(prior) = prior else {
        // The book's first snapshot: its balances are the opening.
        return Ok(out);
    };
    let mut customer: Option<(String, CustomerMovement)> = None;
    for_each_document_pair(conn, Some(prior), current, true, &mut |pair| {
        if customer.as_ref().is_none_or(|(c, _)| c != pair.customer_id) {
            if let Some((c, m)) = customer.take() {
                keep(&mut out, c, m);
            }
            customer = Some((pair.customer_id.to_string(), CustomerMovement::default()));
        }
        let Some((_, m)) = customer.as_mut() else {
            return;
        };
        if let Some(billed) = period_movement(pair.before, pair.now, pair.amount, &mut m.activity)
            && let Some(date) = pair.document_date
        {
            *m.billed.entry(date).or_insert(Money::ZERO) += billed;
        }
    })?;
    if let Some((c, m)) = customer {
        keep(&mut out, c, m);
    }
    Ok(out)
}

/// Keeps a customer's movement unless nothing moved.
fn keep(out: &mut PeriodMovements, customer: String, movement: CustomerMovement) {
    if movement != CustomerMovement::default() {
        out.insert(customer, movement);
    }
}

/// Writes the movements of `snapshot_id` against `prior_id`, replacing any it had.
pub(super) fn write(
    conn: &Connection,
    snapshot_id: i64,
    prior_id: Option<i64>,
) -> Result<(), StoreError> {
    let movements = compute(conn, prior_id, snapshot_id)?;
    delete(conn, snapshot_id)?;
    write_period(conn, snapshot_id, prior_id)?;
    for (customer_id, m) in &movements {
        write_customer(conn, snapshot_id, customer_id, m)?;
    }
    Ok(())
}

/// Says the movements of `snapshot_id` are computed against `prior_id`.
fn write_period(
    conn: &Connection,
    snapshot_id: i64,
    prior_id: Option<i64>,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO period_movements (snapshot_id, prior_id) VALUES (?1, ?2)",
        params![snapshot_id, prior_id],
    )?;
    Ok(())
}

/// Writes one customer's movements in `snapshot_id`'s period.
fn write_customer(
    conn: &Connection,
    snapshot_id: i64,
    customer_id: &str,
    m: &CustomerMovement,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO customer_movements
             (snapshot_id, customer_id, billings_minor, collections_minor, adjustments_minor)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        snapshot_id,
        customer_id,
        m.activity.billings.to_minor(),
        m.activity.collections.to_minor(),
        m.activity.adjustments.to_minor()
    ])?;
    let mut billed = conn.prepare_cached(
        "INSERT INTO customer_billings (snapshot_id, customer_id, document_date, amount_minor)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (date, amount) in &m.billed {
        billed.execute(params![
            snapshot_id,
            customer_id,
            super::date_text(*date),
            amount.to_minor()
        ])?;
    }
    Ok(())
}

/// Deletes a snapshot's movements (by hand: an import runs with foreign keys off).
pub(super) fn delete(conn: &Connection, snapshot_id: i64) -> Result<(), StoreError> {
    for table in [
        "customer_billings",
        "customer_movements",
        "period_movements",
    ] {
        conn.execute(
            &format!("DELETE FROM {table} WHERE snapshot_id = ?1"),
            [snapshot_id],
        )?;
    }
    Ok(())
}

/// The snapshots in date order: (id, as-of date).
fn snapshots_by_date(conn: &Connection) -> Result<Vec<(i64, NaiveDate)>, StoreError> {
    let rows: Vec<(i64, String)> = conn
        .prepare("SELECT id, as_of FROM snapshots ORDER BY as_of")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(id, as_of)| Ok((id, parse_stored_date(&as_of)?)))
        .collect()
}

/// Writes the movements of the snapshot after `snapshot_id` by date, if any, against
/// it: an import dated before the book's latest snapshot is that one's new predecessor.
fn refresh_next(conn: &Connection, snapshot_id: i64) -> Result<(), StoreError> {
    let snapshots = snapshots_by_date(conn)?;
    let Some(at) = snapshots.iter().position(|(id, _)| *id == snapshot_id) else {
        return Ok(());
    };
    if let Some((next, _)) = snapshots.get(at + 1) {
        write(conn, *next, Some(snapshot_id))?;
    }
    Ok(())
}

/// An import's pairing of each customer's items with the prior snapshot's (the one
/// before it by date), done as each customer's block is written: the period's movements
/// are written a customer at a time and every document is counted in the import's
/// reconciliation, so neither reads the snapshot back. The pairs are the ones
/// [`for_each_document_pair`] walks from the stored snapshots.
pub(super) struct ImportPairs {
    snapshot_id: i64,
    prior: Option<i64>,
    reconciler: Reconciler,
}

impl ImportPairs {
    /// Pairs the snapshot `snapshot_id`, being written at `as_of`, with the one before
    /// it; `written_off` is what posted write-offs dated on or before `as_of` took.
    pub(super) fn new(
        conn: &Connection,
        snapshot_id: i64,
        as_of: NaiveDate,
        written_off: WrittenOffDocuments,
    ) -> Result<ImportPairs, StoreError> {
        let prior: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, as_of FROM snapshots WHERE as_of < ?1 AND id <> ?2
                 ORDER BY as_of DESC LIMIT 1",
                params![super::date_text(as_of), snapshot_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let prior_as_of = prior
            .as_ref()
            .map(|(_, as_of)| parse_stored_date(as_of))
            .transpose()?;
        Ok(ImportPairs {
            snapshot_id,
            prior: prior.map(|(id, _)| id),
            reconciler: Reconciler::new(as_of, prior_as_of, written_off),
        })
    }

    /// `customer`'s block, just written with `items` (in document order). `again` when
    /// a block of it was written before: its movements replace that one's, whose
    /// documents [`ImportPairs::undo`] counted out.
    pub(super) fn customer(
        &mut self,
        conn: &Connection,
        customer: &str,
        items: &[Item<'_>],
        again: bool,
    ) -> Result<(), StoreError> {
        if again && self.prior.is_some() {
            delete_customer(conn, self.snapshot_id, customer)?;
        }
        let prior = self.prior;
        with_prior_items(conn, prior, customer, |before| {
            self.count(conn, customer, before, items)
        })
    }

    /// Counts one customer's documents in the reconciliation, `before` its items in
    /// the prior snapshot and `items` its items now, and writes its movement.
    fn count(
        &mut self,
        conn: &Connection,
        customer: &str,
        before: &[Walked<'_>],
        items: &[Item<'_>],
    ) -> Result<(), StoreError> {
        // The book's first snapshot has no movements: its balances are the opening.
        let moved = self.prior.is_some();
        let mut movement = CustomerMovement::default();
        let reconciler = &mut self.reconciler;
        pair_documents(before, items, |document_no, before, n| {
            let now = n.map(|n| n.open);
            reconciler.document(customer, document_no, before, now);
            if !moved {
                return;
            }
            let amount = n.and_then(|n| n.amount);
            if let Some(billed) = period_movement(before, now, amount, &mut movement.activity)
                && let Some(n) = n
            {
                *movement
                    .billed
                    .entry(n.document_date)
                    .or_insert(Money::ZERO) += billed;
            }
        })?;
        if moved && movement != CustomerMovement::default() {
            write_customer(conn, self.snapshot_id, customer, &movement)?;
        }
        Ok(())
    }

    /// Counts out the documents of `customer`'s block written before (`items`), which
    /// is being rewritten whole.
    pub(super) fn undo(
        &mut self,
        conn: &Connection,
        customer: &str,
        items: &[Item<'_>],
    ) -> Result<(), StoreError> {
        let prior = self.prior;
        let reconciler = &mut self.reconciler;
        with_prior_items(conn, prior, customer, |before| {
            pair_documents(before, items, |document_no, before, n| {
                reconciler.undo(customer, document_no, before, n.map(|n| n.open));
            })
        })
    }

    /// Once every block is written: the prior snapshot's customers this one does not
    /// list are gone whole. Writes the period's row and returns the reconciliation.
    pub(super) fn finish(mut self, conn: &Connection) -> Result<Reconciliation, StoreError> {
        if let Some(prior) = self.prior {
            let mut stmt = conn.prepare(
                "SELECT p.customer_id, p.items FROM item_blocks p
                 WHERE p.snapshot_id = ?1 AND NOT EXISTS (
                     SELECT 1 FROM item_blocks c
                     WHERE c.snapshot_id = ?2 AND c.customer_id = p.customer_id)
                 ORDER BY p.customer_id",
            )?;
            let mut rows = stmt.query(params![prior, self.snapshot_id])?;
            while let Some(r) = rows.next()? {
                let text = |i| r.get_ref(i)?.as_str().map_err(rusqlite::Error::from);
                let customer = text(0)?;
                let before = items::decode_walked(customer, text(1)?)?;
                self.count(conn, customer, &before, &[])?;
            }
        }
        write_period(conn, self.snapshot_id, self.prior)?;
        refresh_next(conn, self.snapshot_id)?;
        Ok(self.reconciler.finish())
    }
}

/// Calls `f` with `customer`'s items in the `prior` snapshot (none without one, or
/// when it does not list the customer), as the pair walk reads them.
fn with_prior_items<R>(
    conn: &Connection,
    prior: Option<i64>,
    customer: &str,
    f: impl FnOnce(&[Walked<'_>]) -> Result<R, StoreError>,
) -> Result<R, StoreError> {
    let text = match prior {
        Some(prior) => items::block_text(conn, prior, customer)?,
        None => None,
    };
    match &text {
        Some(text) => f(&items::decode_walked(customer, text)?),
        None => f(&[]),
    }
}

/// Calls `each(document, open before, item now)` for every document of a customer's
/// items in the prior snapshot (`before`) and now (`items`), both in document order.
fn pair_documents(
    before: &[Walked<'_>],
    items: &[Item<'_>],
    mut each: impl FnMut(&str, Option<Money>, Option<&Item<'_>>),
) -> Result<(), StoreError> {
    merge_by_document(
        before,
        items,
        |b| &b.0,
        |n| &n.document_no,
        |b, n| {
            let open_before = b.map(|b| Money::from_minor(b.6));
            match (b, n) {
                (_, Some(n)) => each(&n.document_no, open_before, Some(n)),
                (Some(b), None) => each(&b.0, open_before, None),
                (None, None) => {}
            }
            Ok(())
        },
    )
}

/// Deletes one customer's movements in `snapshot_id`'s period.
fn delete_customer(conn: &Connection, snapshot_id: i64, customer: &str) -> Result<(), StoreError> {
    for table in ["customer_billings", "customer_movements"] {
        conn.prepare_cached(&format!(
            "DELETE FROM {table} WHERE snapshot_id = ?1 AND customer_id = ?2"
        ))?
        .execute(params![snapshot_id, customer])?;
    }
    Ok(())
}

/// Writes every snapshot's movements that are missing or were computed against
/// another predecessor (the migration that brought them).
pub(super) fn write_missing(conn: &Connection) -> Result<(), StoreError> {
    let snapshots = snapshots_by_date(conn)?;
    let stored = read(conn)?;
    for (at, (id, _)) in snapshots.iter().enumerate() {
        let prior = at.checked_sub(1).map(|i| snapshots[i].0);
        if stored.periods.get(id).map(|(p, _)| *p) != Some(prior) {
            write(conn, *id, prior)?;
        }
    }
    Ok(())
}

/// Every snapshot's stored movements.
pub(super) fn read(conn: &Connection) -> Result<StoredMovements, StoreError> {
    let mut out = StoredMovements::default();
    let mut stmt = conn.prepare("SELECT snapshot_id, prior_id FROM period_movements")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.periods
            .insert(r.get(0)?, (r.get(1)?, PeriodMovements::new()));
    }
    let mut stmt = conn.prepare(
        "SELECT snapshot_id, customer_id, billings_minor, collections_minor, adjustments_minor
         FROM customer_movements ORDER BY snapshot_id, customer_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some((_, period)) = out.periods.get_mut(&r.get::<_, i64>(0)?) else {
            continue;
        };
        period.insert(
            r.get(1)?,
            CustomerMovement {
                activity: PeriodActivity {
                    billings: Money::from_minor(r.get(2)?),
                    collections: Money::from_minor(r.get(3)?),
                    write_offs: Money::ZERO,
                    adjustments: Money::from_minor(r.get(4)?),
                },
                billed: BTreeMap::new(),
            },
        );
    }
    let mut stmt = conn.prepare(
        "SELECT snapshot_id, customer_id, document_date, amount_minor
         FROM customer_billings ORDER BY snapshot_id, customer_id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let Some((_, period)) = out.periods.get_mut(&r.get::<_, i64>(0)?) else {
            continue;
        };
        let customer = r.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
        let date = parse_stored_date(r.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?)?;
        let amount = Money::from_minor(r.get(3)?);
        match period.get_mut(customer) {
            Some(m) => {
                m.billed.insert(date, amount);
            }
            None => {
                period.insert(
                    customer.to_string(),
                    CustomerMovement {
                        activity: PeriodActivity::default(),
                        billed: BTreeMap::from([(date, amount)]),
                    },
                );
            }
        }
    }
    Ok(out)
}

/// Recomputes every snapshot's movements from the items, in date order, and says where
/// the stored ones disagree: (as-of date, what disagrees). Returns how many periods
/// were checked.
pub(super) fn check(
    conn: &Connection,
    fail: &mut dyn FnMut(NaiveDate, String),
) -> Result<usize, StoreError> {
    let snapshots = snapshots_by_date(conn)?;
    let stored = read(conn)?;
    for (at, (id, as_of)) in snapshots.iter().enumerate() {
        let prior = at.checked_sub(1).map(|i| snapshots[i].0);
        let Some((against, kept)) = stored.periods.get(id) else {
            fail(
                *as_of,
                "its movements since the ledger before it are missing".into(),
            );
            continue;
        };
        if *against != prior {
            fail(
                *as_of,
                "its movements were computed against another ledger than the one before it".into(),
            );
            continue;
        }
        let items = match compute(conn, prior, *id) {
            Ok(items) => items,
            Err(e) => {
                // A block that cannot be read is a finding about this period.
                if let Err(e) = items::unreadable(Err(e))? {
                    fail(*as_of, e.to_string());
                }
                continue;
            }
        };
        if *kept != items {
            let first = super::summaries::first_disagreement(
                kept.iter().map(|(c, m)| (c.as_str(), m)),
                items.iter().map(|(c, m)| (c.as_str(), m)),
            );
            fail(
                *as_of,
                format!(
                    "its movements since the ledger before it disagree with the items, \
                     from customer {first}"
                ),
            );
        }
    }
    Ok(snapshots.len())
}
