//! Aging summaries: each snapshot's customers summed by bucket under a matrix's basis
//! and buckets (its `aging_key`), so an aging reads one row a customer instead of every
//! open item.
//!
//! A summary is derived from the stored rows, never edited: the import writes it from
//! the rows it stores, in its transaction; a policy save and the migration that brought
//! summaries write the missing ones from the stored items ([`summarise_missing`]); it
//! goes with its snapshot (`ON DELETE CASCADE`). It holds no rates, types or specific
//! allowances, so changing those leaves it true; a matrix with other buckets or another
//! basis has a key of its own. What a posted write-off sets apart is not in it: the
//! book assesses a customer a write-off touches from its items.
//!
//! `customer_aging.buckets` holds the net and positive amount of each bucket in minor
//! units, `net:positive` pairs joined by commas.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::items::{self, Item};
use super::{StoreError, parse_stored_date, policy_versions_of};
use crate::domain::allowance::{CustomerAging, aging_key};
use crate::domain::money::Money;
use crate::domain::policy::{PolicyHistory, ProvisionMatrix};

/// The summary of a snapshot's customers under `aging_key`, by customer id, if one was
/// written.
pub(super) fn read(
    conn: &Connection,
    snapshot_id: i64,
    aging_key: &str,
) -> Result<Option<Vec<(String, CustomerAging)>>, StoreError> {
    let complete: Option<i64> = conn
        .prepare_cached(
            "SELECT customers FROM aging_summaries WHERE snapshot_id = ?1 AND aging_key = ?2",
        )?
        .query_row(params![snapshot_id, aging_key], |r| r.get(0))
        .optional()?;
    let Some(customers) = complete else {
        return Ok(None);
    };
    let corrupt = |value: String| StoreError::Corrupt {
        what: "aging summary",
        value,
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {AGING_COLUMNS} FROM customer_aging WHERE snapshot_id = ?1 AND aging_key = ?2
         ORDER BY customer_id"
    ))?;
    let mut rows = stmt.query(params![snapshot_id, aging_key])?;
    let mut out = Vec::with_capacity(usize::try_from(customers).unwrap_or(0));
    while let Some(r) = rows.next()? {
        out.push((r.get(0)?, aging_of(r)?));
    }
    if out.len() as i64 != customers {
        return Err(corrupt(format!(
            "{} customers where {customers} were summed",
            out.len()
        )));
    }
    Ok(Some(out))
}

/// What [`aging_of`] reads, the customer first.
const AGING_COLUMNS: &str =
    "customer_id, items, net_minor, disputed_minor, over_one_year_minor, oldest_days, buckets";

/// A customer's summed aging from a row of [`AGING_COLUMNS`].
fn aging_of(r: &rusqlite::Row<'_>) -> Result<CustomerAging, StoreError> {
    let buckets = r.get_ref(6)?.as_str().map_err(rusqlite::Error::from)?;
    let (amounts, base) = decode_buckets(buckets)?;
    let items: i64 = r.get(1)?;
    Ok(CustomerAging {
        items: usize::try_from(items).map_err(|_| StoreError::Corrupt {
            what: "aging summary",
            value: format!("{items} items"),
        })?,
        amounts,
        base,
        net: Money::from_minor(r.get(2)?),
        disputed: Money::from_minor(r.get(3)?),
        over_one_year: Money::from_minor(r.get(4)?),
        oldest_days: r.get(5)?,
    })
}

/// One customer's row of the summary under `aging_key` (see [`super::Store::customer_aging`]).
pub(super) fn read_customer(
    conn: &Connection,
    snapshot_id: i64,
    aging_key: &str,
    customer_id: &str,
) -> Result<Option<Option<CustomerAging>>, StoreError> {
    let complete: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM aging_summaries WHERE snapshot_id = ?1 AND aging_key = ?2)",
        )?
        .query_row(params![snapshot_id, aging_key], |r| r.get(0))?;
    if !complete {
        return Ok(None);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {AGING_COLUMNS} FROM customer_aging
         WHERE snapshot_id = ?1 AND aging_key = ?2 AND customer_id = ?3"
    ))?;
    let mut rows = stmt.query(params![snapshot_id, aging_key, customer_id])?;
    Ok(Some(match rows.next()? {
        Some(r) => Some(aging_of(r)?),
        None => None,
    }))
}

/// Writes the summary of a snapshot's customers under `aging_key`, in the caller's
/// transaction.
pub(super) fn write<'a>(
    conn: &Connection,
    snapshot_id: i64,
    aging_key: &str,
    customers: impl ExactSizeIterator<Item = (&'a str, &'a CustomerAging)>,
) -> Result<(), StoreError> {
    write_header(conn, snapshot_id, aging_key, customers.len())?;
    for (customer, aging) in customers {
        write_customer(conn, snapshot_id, aging_key, customer, aging)?;
    }
    Ok(())
}

/// Says a snapshot's summary under `aging_key` is complete, with `customers` rows.
pub(super) fn write_header(
    conn: &Connection,
    snapshot_id: i64,
    aging_key: &str,
    customers: usize,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO aging_summaries (snapshot_id, aging_key, customers) VALUES (?1, ?2, ?3)",
        params![snapshot_id, aging_key, customers as i64],
    )?;
    Ok(())
}

/// Writes one customer's row of a snapshot's summary under `aging_key`.
pub(super) fn write_customer(
    conn: &Connection,
    snapshot_id: i64,
    aging_key: &str,
    customer: &str,
    aging: &CustomerAging,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO customer_aging (snapshot_id, aging_key, customer_id, items, net_minor,
             disputed_minor, over_one_year_minor, oldest_days, buckets)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        snapshot_id,
        aging_key,
        customer,
        aging.items as i64,
        aging.net.to_minor(),
        aging.disputed.to_minor(),
        aging.over_one_year.to_minor(),
        aging.oldest_days,
        encode_buckets(aging),
    ])?;
    Ok(())
}

/// A snapshot's summary under a matrix, written a customer at a time as the import
/// writes each customer's items (see `SnapshotWriter`).
pub(super) struct RunningSummary {
    snapshot_id: i64,
    rule: Summing,
    key: String,
    customers: usize,
}

/// How a summary sums a customer's items: under a matrix at an as-of date. Apart from
/// the summary, so the sums can be done on another thread than the writing.
#[derive(Debug, Clone)]
pub(super) struct Summing {
    as_of: NaiveDate,
    matrix: ProvisionMatrix,
}

impl Summing {
    /// One customer's items summed.
    pub(super) fn sum(&self, items: &[Item<'_>]) -> CustomerAging {
        summed(self.as_of, &self.matrix, items)
    }
}

impl RunningSummary {
    pub(super) fn new(snapshot_id: i64, as_of: NaiveDate, matrix: ProvisionMatrix) -> Self {
        RunningSummary {
            snapshot_id,
            key: aging_key(&matrix),
            rule: Summing { as_of, matrix },
            customers: 0,
        }
    }

    /// How it sums a customer's items.
    pub(super) fn summing(&self) -> &Summing {
        &self.rule
    }

    /// Writes `customer`'s row, `aging` its items summed ([`Summing::sum`]). `again`
    /// when its row was written before (the ledger's rows came back to it): the new row
    /// replaces that one.
    pub(super) fn customer(
        &mut self,
        conn: &Connection,
        customer: &str,
        aging: &CustomerAging,
        again: bool,
    ) -> Result<(), StoreError> {
        if again {
            conn.prepare_cached(
                "DELETE FROM customer_aging
                 WHERE snapshot_id = ?1 AND aging_key = ?2 AND customer_id = ?3",
            )?
            .execute(params![self.snapshot_id, self.key, customer])?;
        } else {
            self.customers += 1;
        }
        write_customer(conn, self.snapshot_id, &self.key, customer, aging)
    }

    /// Says the summary is complete.
    pub(super) fn finish(self, conn: &Connection) -> Result<(), StoreError> {
        write_header(conn, self.snapshot_id, &self.key, self.customers)
    }
}

/// Writes, for every snapshot, the summary under the matrix in force at its date when
/// there is none: after a policy save (a matrix with other buckets) and when a book
/// from before summaries is opened. Runs in the caller's transaction.
pub(super) fn summarise_missing(conn: &Connection) -> Result<(), StoreError> {
    let policies = PolicyHistory::new(
        policy_versions_of(conn)?
            .into_iter()
            .map(|v| v.matrix)
            .collect(),
    );
    let snapshots: Vec<(i64, String)> = conn
        .prepare("SELECT id, as_of FROM snapshots ORDER BY as_of")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, as_of) in snapshots {
        let as_of = parse_stored_date(&as_of)?;
        let Some(matrix) = policies.in_force(as_of) else {
            continue;
        };
        let key = aging_key(matrix);
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM aging_summaries WHERE snapshot_id = ?1 AND aging_key = ?2)",
            params![id, key],
            |r| r.get(0),
        )?;
        if !exists {
            let customers = summarise(conn, id, as_of, matrix)?;
            write(
                conn,
                id,
                &key,
                customers.iter().map(|(c, a)| (c.as_str(), a)),
            )?;
        }
    }
    Ok(())
}

/// Figures the book derives from its open items (each snapshot's totals and its aging
/// summaries), recomputed from them: what `agebook verify` holds them to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DerivedCheck {
    /// True when every figure agrees with the items.
    pub ok: bool,
    /// Snapshots whose totals were recomputed.
    pub snapshots: usize,
    /// Aging summaries recomputed.
    pub summaries: usize,
    /// Periods whose movements were recomputed.
    pub movements: usize,
    /// What disagrees (at most [`super::audit_log::MAX_FAILURES`]).
    pub failures: Vec<DerivedFailure>,
}

/// A derived figure that disagrees with the items it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DerivedFailure {
    /// The snapshot.
    pub as_of: NaiveDate,
    /// What disagrees, in words.
    pub detail: String,
}

impl std::fmt::Display for DerivedFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "snapshot {}: {}", self.as_of, self.detail)
    }
}

/// Recomputes every snapshot's totals and every aging summary from the open items, in
/// the caller's (read) transaction.
pub(super) fn check(conn: &Connection) -> Result<DerivedCheck, StoreError> {
    let matrices: Vec<ProvisionMatrix> = policy_versions_of(conn)?
        .into_iter()
        .map(|v| v.matrix)
        .collect();
    let snapshots: Vec<(i64, String, i64, i64, i64)> = conn
        .prepare(
            "SELECT id, as_of, row_count, debit_minor, credit_minor FROM snapshots ORDER BY as_of",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut out = DerivedCheck {
        ok: true,
        snapshots: 0,
        summaries: 0,
        movements: 0,
        failures: Vec::new(),
    };
    for (id, as_of, rows, debits, credits) in snapshots {
        let as_of = parse_stored_date(&as_of)?;
        let mut fail = |detail: String| out.failures.push(DerivedFailure { as_of, detail });
        let mut counted = (0i64, Money::ZERO, Money::ZERO);
        let walked = items::for_each_block(conn, id, &mut |_, block| {
            for item in block {
                counted.0 += 1;
                if item.open.is_negative() {
                    counted.2 += item.open;
                } else {
                    counted.1 += item.open;
                }
            }
            Ok(())
        });
        // A block that cannot be read is a finding about this snapshot; its figures
        // cannot be checked.
        if let Err(e) = items::unreadable(walked)? {
            fail(e.to_string());
            out.snapshots += 1;
            continue;
        }
        let (debits, credits) = (Money::from_minor(debits), Money::from_minor(credits));
        if counted != (rows, debits, credits) {
            fail(format!(
                "its totals say {rows} items, debits {debits} and credits {credits}; its \
                 items are {}, {} and {}",
                counted.0, counted.1, counted.2
            ));
        }
        let keys: Vec<String> = conn
            .prepare("SELECT aging_key FROM aging_summaries WHERE snapshot_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        for key in keys {
            let Some(matrix) = matrices.iter().find(|m| aging_key(m) == key) else {
                fail(format!(
                    "an aging summary under buckets no policy has ({key})"
                ));
                continue;
            };
            let stored = read(conn, id, &key)?.unwrap_or_default();
            let items = summarise(conn, id, as_of, matrix)?;
            if stored != items {
                let first = first_disagreement(
                    stored.iter().map(|(c, a)| (c.as_str(), a)),
                    items.iter().map(|(c, a)| (c.as_str(), a)),
                );
                let labels = matrix.buckets.labels();
                fail(format!(
                    "its aging summary (by {}, {} buckets from {} to {}) disagrees with its \
                     items, from customer {first}",
                    matrix.basis,
                    labels.len(),
                    labels.first().map_or("", String::as_str),
                    labels.last().map_or("", String::as_str),
                ));
            }
            out.summaries += 1;
        }
        out.snapshots += 1;
        if out.failures.len() >= super::audit_log::MAX_FAILURES {
            break;
        }
    }
    if out.failures.len() < super::audit_log::MAX_FAILURES {
        let failures = &mut out.failures;
        out.movements = super::movements::check(conn, &mut |as_of, detail| {
            let failure = DerivedFailure { as_of, detail };
            // An unreadable block is said once, though both checks found it.
            if failures.len() < super::audit_log::MAX_FAILURES && !failures.contains(&failure) {
                failures.push(failure);
            }
        })?;
    }
    out.ok = out.failures.is_empty();
    Ok(out)
}

/// The key of the first entry where two lists in key order disagree (an entry that
/// differs, or the first that only the longer one has), for a check's message.
pub(super) fn first_disagreement<'a, V: PartialEq + 'a>(
    kept: impl Iterator<Item = (&'a str, &'a V)>,
    found: impl Iterator<Item = (&'a str, &'a V)>,
) -> String {
    let (mut kept, mut found) = (kept, found);
    loop {
        match (kept.next(), found.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (Some((key, _)), _) | (None, Some((key, _))) => return key.to_string(),
            (None, None) => return String::new(),
        }
    }
}

/// A snapshot's customers summed from its stored items under `matrix`.
fn summarise(
    conn: &Connection,
    snapshot_id: i64,
    as_of: NaiveDate,
    matrix: &ProvisionMatrix,
) -> Result<Vec<(String, CustomerAging)>, StoreError> {
    let mut out = Vec::new();
    items::for_each_block(conn, snapshot_id, &mut |customer, items| {
        out.push((customer.to_string(), summed(as_of, matrix, items)));
        Ok(())
    })?;
    Ok(out)
}

/// One customer's items summed under `matrix` at `as_of`: what the import writes and
/// what `verify` recomputes.
fn summed(as_of: NaiveDate, matrix: &ProvisionMatrix, items: &[Item<'_>]) -> CustomerAging {
    let mut aging = CustomerAging::new(matrix.buckets.len());
    for item in items {
        aging.add_document(
            as_of,
            matrix,
            item.document_date,
            item.due_date,
            item.open,
            item.disputed,
        );
    }
    aging
}

/// A summary's buckets as stored.
fn encode_buckets(aging: &CustomerAging) -> String {
    let mut out = String::with_capacity(aging.amounts.len() * 12);
    for (i, (net, positive)) in aging.amounts.iter().zip(&aging.base).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&net.to_minor().to_string());
        out.push(':');
        out.push_str(&positive.to_minor().to_string());
    }
    out
}

/// The net and positive amounts of each bucket, from [`encode_buckets`]' text.
fn decode_buckets(text: &str) -> Result<(Vec<Money>, Vec<Money>), StoreError> {
    let corrupt = || StoreError::Corrupt {
        what: "aging summary",
        value: text.to_string(),
    };
    let mut amounts = Vec::new();
    let mut base = Vec::new();
    for pair in text.split(',') {
        let (net, positive) = pair.split_once(':').ok_or_else(corrupt)?;
        amounts.push(Money::from_minor(net.parse().map_err(|_| corrupt())?));
        base.push(Money::from_minor(positive.parse().map_err(|_| corrupt())?));
    }
    Ok((amounts, base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_read_back_as_written_credits_and_all() {
        let mut aging = CustomerAging::new(3);
        aging.amounts = vec![
            Money::from_minor(-1250),
            Money::ZERO,
            Money::from_minor(99_999_999_999_999),
        ];
        aging.base = vec![
            Money::ZERO,
            Money::ZERO,
            Money::from_minor(99_999_999_999_999),
        ];
        let text = encode_buckets(&aging);
        assert_eq!(text, "-1250:0,0:0,99999999999999:99999999999999");
        assert_eq!(decode_buckets(&text).unwrap(), (aging.amounts, aging.base));
        assert!(decode_buckets("12:3,4").is_err());
        assert!(decode_buckets("1.5:0").is_err());
    }
}
