//! Write-offs, approvers, period closes, recoveries and other adjustments in the book.
//! Every change writes its audit row in the same transaction; the database itself
//! refuses to change a posted write-off (triggers, migration 3).

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use super::{Store, StoreError, audit, date_text, now, parse_stored_date};
use crate::domain::money::Money;
use crate::domain::writeoff::{
    Adjustment, Approval, Approver, ReasonCategory, Recovery, WriteOff, WriteOffState,
    closed_through,
};

/// The two manual movements of the allowance, kept in tables of the same shape: a
/// customer, a date, an amount and a line of text.
#[derive(Debug, Clone, Copy)]
enum ManualMovement {
    Recovery,
    Adjustment,
}

impl ManualMovement {
    /// Its table, the name of its text column and its audit action.
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            ManualMovement::Recovery => ("recoveries", "note", "recovery"),
            ManualMovement::Adjustment => ("adjustments", "reason", "adjustment"),
        }
    }
}

/// One row of either movement table.
struct MovementRow {
    id: i64,
    customer_id: String,
    date: NaiveDate,
    amount: Money,
    text: String,
    recorded_by: String,
}

/// What a write-off step is decided on, read inside the step's transaction (see
/// [`Store::write_off_step`]).
#[derive(Debug, Clone)]
pub struct StepInputs {
    /// The write-off as it stands, with its approvals.
    pub write_off: WriteOff,
    /// The book's approvers.
    pub approvers: Vec<Approver>,
    /// The book's functional currency.
    pub currency: String,
    /// The last closed date, if any period is closed.
    pub closed_through: Option<NaiveDate>,
}

/// What a decided write-off step records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOffStep {
    /// The state after the step.
    pub state: WriteOffState,
    /// An approval to record, if any.
    pub approval: Option<Approval>,
    /// The reason of a rejection.
    pub rejection: Option<String>,
}

fn corrupt(what: &'static str, value: String) -> StoreError {
    StoreError::Corrupt { what, value }
}

impl Store {
    /// The book's approvers.
    pub fn approvers(&self) -> Result<Vec<Approver>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, currency, limit_minor FROM approvers ORDER BY name, currency")?;
        let rows = stmt.query_map([], |r| {
            Ok(Approver {
                name: r.get(0)?,
                currency: r.get(1)?,
                limit: Money::from_minor(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Sets (or changes) an approver's limit. Audited.
    pub fn set_approver(&mut self, approver: &Approver, user: &str) -> Result<(), StoreError> {
        let before = self
            .approvers()?
            .into_iter()
            .find(|a| a.name == approver.name && a.currency == approver.currency);
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO approvers (name, currency, limit_minor, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(name, currency) DO UPDATE SET limit_minor = excluded.limit_minor,
                 set_by = excluded.set_by, set_at = excluded.set_at",
            params![approver.name, approver.currency, approver.limit.to_minor(), user, now()],
        )?;
        audit(
            &tx,
            user,
            "approver_set",
            "approver",
            &approver.name,
            before
                .map(|b| serde_json::to_value(b).unwrap_or_default())
                .as_ref(),
            Some(&serde_json::to_value(approver).unwrap_or_default()),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The last closed date, if any period is closed.
    pub fn closed_through(&self) -> Result<Option<NaiveDate>, StoreError> {
        closed_through_of(&self.conn)
    }

    /// Closes the periods through `date`, or reopens `date`'s period. Audited.
    pub fn period_event(
        &mut self,
        date: NaiveDate,
        close: bool,
        reason: &str,
        user: &str,
    ) -> Result<(), StoreError> {
        let tx = self.write_transaction()?;
        let before = self.closed_through()?;
        tx.execute(
            "INSERT INTO period_events (date, action, reason, by, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                date_text(date),
                if close { "close" } else { "reopen" },
                reason,
                user,
                now()
            ],
        )?;
        audit(
            &tx,
            user,
            if close {
                "period_close"
            } else {
                "period_reopen"
            },
            "period",
            &date_text(date),
            Some(&serde_json::json!({ "closed_through": before })),
            Some(&serde_json::json!({ "date": date, "reason": reason })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Saves a new draft write-off. Audited. Returns its id.
    pub fn insert_write_off(&mut self, w: &WriteOff) -> Result<i64, StoreError> {
        let tx = self.write_transaction()?;
        tx.execute(
            "INSERT INTO write_offs (customer_id, date, state, reason, narrative, prepared_by, created_at)
             VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6)",
            params![w.customer_id, date_text(w.date), w.reason.as_str(), w.narrative, w.prepared_by, now()],
        )?;
        let id = tx.last_insert_rowid();
        for (i, (doc, amount)) in w.documents.iter().enumerate() {
            let left_open = w.left_open.get(i).copied().unwrap_or(Money::ZERO);
            tx.execute(
                "INSERT INTO write_off_documents (write_off_id, document_no, amount_minor, left_open_minor)
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, doc, amount.to_minor(), left_open.to_minor()],
            )?;
        }
        let mut saved = w.clone();
        saved.id = id;
        audit(
            &tx,
            &w.prepared_by,
            "writeoff_propose",
            "write_off",
            &id.to_string(),
            None,
            Some(&serde_json::to_value(&saved).unwrap_or_default()),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Write-offs, newest first, optionally in one state.
    pub fn write_offs(&self, state: Option<WriteOffState>) -> Result<Vec<WriteOff>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, customer_id, date, state, reason, narrative, prepared_by, created_at,
                    rejected_by, rejected_reason, posted_by, posted_at
             FROM write_offs WHERE ?1 IS NULL OR state = ?1 ORDER BY date DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([state.map(WriteOffState::as_str)], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    (
                        r.get::<_, Option<String>>(8)?,
                        r.get::<_, Option<String>>(9)?,
                    ),
                    (
                        r.get::<_, Option<String>>(10)?,
                        r.get::<_, Option<String>>(11)?,
                    ),
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let mut doc_stmt = self.conn.prepare_cached(
            "SELECT document_no, amount_minor, left_open_minor FROM write_off_documents
             WHERE write_off_id = ?1 ORDER BY document_no",
        )?;
        let mut approval_stmt = self.conn.prepare_cached(
            "SELECT approver, limit_minor, at FROM write_off_approvals WHERE write_off_id = ?1
             ORDER BY at, limit_minor, approver",
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for (
            id,
            customer_id,
            date,
            st,
            reason,
            narrative,
            prepared_by,
            created_at,
            rejected,
            posted,
        ) in rows
        {
            let (documents, left_open): (Vec<(String, Money)>, Vec<Money>) = doc_stmt
                .query_map([id], |r| {
                    Ok((
                        (r.get::<_, String>(0)?, Money::from_minor(r.get(1)?)),
                        Money::from_minor(r.get(2)?),
                    ))
                })?
                .collect::<Result<Vec<_>, _>>()?
                .into_iter()
                .unzip();
            let approvals = approval_stmt
                .query_map([id], |r| {
                    Ok(Approval {
                        by: r.get(0)?,
                        limit: Money::from_minor(r.get(1)?),
                        at: r.get(2)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            out.push(WriteOff {
                id,
                customer_id,
                date: parse_stored_date(&date)?,
                state: WriteOffState::parse(&st)
                    .ok_or_else(|| corrupt("write-off state", st.clone()))?,
                reason: ReasonCategory::parse(&reason)
                    .ok_or_else(|| corrupt("write-off reason", reason.clone()))?,
                narrative,
                documents,
                left_open,
                prepared_by,
                approvals,
                rejected: match rejected {
                    (Some(by), reason) => Some((by, reason.unwrap_or_default())),
                    _ => None,
                },
                posted: match posted {
                    (Some(by), at) => Some((by, at.unwrap_or_default())),
                    _ => None,
                },
                created_at,
            });
        }
        Ok(out)
    }

    /// One write-off.
    pub fn write_off(&self, id: i64) -> Result<Option<WriteOff>, StoreError> {
        let exists: Option<i64> = self
            .conn
            .query_row("SELECT id FROM write_offs WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        if exists.is_none() {
            return Ok(None);
        }
        Ok(self.write_offs(None)?.into_iter().find(|w| w.id == id))
    }

    /// Takes one step of a write-off's life (submit, approve, reject, post) as one
    /// `IMMEDIATE` transaction: the write lock is taken before anything is read, the
    /// write-off, its approvals, the approvers, the currency and the closed date are read
    /// inside it and handed to `decide` (the rules), and what it decides is written, with
    /// its audit row, before any other step can begin. `seen` is the state the caller
    /// saw the write-off in; if another user moved it on meanwhile the step is refused
    /// with [`StoreError::WriteOffMoved`], naming who. The update is guarded by the state
    /// it leaves as well (`... WHERE id = ? AND state = ?`), so two steps from one state
    /// can never both land.
    pub fn write_off_step<E: From<StoreError>>(
        &mut self,
        id: i64,
        seen: WriteOffState,
        action: &str,
        user: &str,
        decide: impl FnOnce(&StepInputs) -> Result<WriteOffStep, E>,
    ) -> Result<(), E> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let inputs = self.step_inputs(id, seen)?;
        let step = decide(&inputs)?;
        self.record_step(&tx, &inputs.write_off, &step, action, user)?;
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    /// What a step is decided on, read in the step's transaction; refused when the
    /// write-off is no longer in the state `seen`.
    fn step_inputs(&self, id: i64, seen: WriteOffState) -> Result<StepInputs, StoreError> {
        let write_off = self.write_off(id)?.ok_or(StoreError::NoWriteOff(id))?;
        if write_off.state != seen {
            return Err(self.moved(id, seen, write_off.state)?);
        }
        Ok(StepInputs {
            write_off,
            approvers: self.approvers()?,
            currency: self.settings()?.currency,
            closed_through: self.closed_through()?,
        })
    }

    /// The refusal of a step on a write-off that left `seen` for `found`, naming who
    /// moved it and when from its newest audit row.
    fn moved(
        &self,
        id: i64,
        seen: WriteOffState,
        found: WriteOffState,
    ) -> Result<StoreError, StoreError> {
        let last: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT user, at FROM audit_log WHERE entity = 'write_off' AND entity_id = ?1
                 ORDER BY id DESC LIMIT 1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (by, at) =
            last.unwrap_or_else(|| ("another user".to_string(), "an unknown time".to_string()));
        Ok(StoreError::WriteOffMoved {
            id,
            seen,
            found,
            by,
            at,
        })
    }

    /// Writes a decided step inside `tx`: the approval, the new state (only if the
    /// write-off is still in the state it was decided from) and the audit row. The post
    /// row repeats the customer, date, documents and amounts posted, so that
    /// [`Store::verify`] can hold the posted write-off to them.
    fn record_step(
        &self,
        tx: &Transaction<'_>,
        w: &WriteOff,
        step: &WriteOffStep,
        action: &str,
        user: &str,
    ) -> Result<(), StoreError> {
        if let Some(a) = &step.approval {
            tx.execute(
                "INSERT INTO write_off_approvals (write_off_id, approver, limit_minor, at) VALUES (?1, ?2, ?3, ?4)",
                params![w.id, a.by, a.limit.to_minor(), a.at],
            )?;
        }
        let from = w.state.as_str();
        let changed = match step.state {
            WriteOffState::Rejected => tx.execute(
                "UPDATE write_offs SET state = 'rejected', rejected_by = ?2, rejected_reason = ?3
                 WHERE id = ?1 AND state = ?4",
                params![
                    w.id,
                    user,
                    step.rejection.as_deref().unwrap_or_default(),
                    from
                ],
            )?,
            WriteOffState::Posted => tx.execute(
                "UPDATE write_offs SET state = 'posted', posted_by = ?2, posted_at = ?3
                 WHERE id = ?1 AND state = ?4",
                params![w.id, user, now(), from],
            )?,
            other => tx.execute(
                "UPDATE write_offs SET state = ?2 WHERE id = ?1 AND state = ?3",
                params![w.id, other.as_str(), from],
            )?,
        };
        if changed != 1 {
            let found: Option<String> = tx
                .query_row("SELECT state FROM write_offs WHERE id = ?1", [w.id], |r| {
                    r.get(0)
                })
                .optional()?;
            let found = found.as_deref().and_then(WriteOffState::parse);
            return Err(match found {
                Some(found) => self.moved(w.id, w.state, found)?,
                None => StoreError::NoWriteOff(w.id),
            });
        }
        let mut after = serde_json::json!({
            "state": step.state,
            "approval": step.approval,
            "reason": step.rejection,
        });
        if step.state == WriteOffState::Posted {
            after["customer_id"] = serde_json::json!(w.customer_id);
            after["date"] = serde_json::json!(w.date);
            after["documents"] = serde_json::json!(w.documents);
            after["amount"] = serde_json::json!(w.amount());
        }
        audit(
            tx,
            user,
            action,
            "write_off",
            &w.id.to_string(),
            Some(&serde_json::json!({ "state": w.state, "approvals": w.approvals.len() })),
            Some(&after),
        )?;
        Ok(())
    }

    /// Records a recovery. Audited. Returns its id.
    pub fn insert_recovery(&mut self, r: &Recovery) -> Result<i64, StoreError> {
        self.insert_recovery_checked(r, |_| Ok::<(), StoreError>(()))
    }

    /// Saves a recovery once `check` passes on the book as it stands inside the write
    /// transaction (holding the write lock), so no other process can record a posting
    /// between the check and the write. Audited. Returns its id.
    pub fn insert_recovery_checked<E: From<StoreError>>(
        &mut self,
        r: &Recovery,
        check: impl FnOnce(&Store) -> Result<(), E>,
    ) -> Result<i64, E> {
        let row = MovementRow {
            id: r.id,
            customer_id: r.customer_id.clone(),
            date: r.date,
            amount: r.amount,
            text: r.note.clone(),
            recorded_by: r.recorded_by.clone(),
        };
        self.insert_movement(
            ManualMovement::Recovery,
            &row,
            serde_json::to_value(r),
            check,
        )
    }

    /// Every recovery, by date.
    pub fn recoveries(&self) -> Result<Vec<Recovery>, StoreError> {
        Ok(self
            .movements(ManualMovement::Recovery)?
            .into_iter()
            .map(|m| Recovery {
                id: m.id,
                customer_id: m.customer_id,
                date: m.date,
                amount: m.amount,
                note: m.text,
                recorded_by: m.recorded_by,
            })
            .collect())
    }

    /// Records an other adjustment. Audited. Returns its id.
    pub fn insert_adjustment(&mut self, a: &Adjustment) -> Result<i64, StoreError> {
        self.insert_adjustment_checked(a, |_| Ok::<(), StoreError>(()))
    }

    /// Saves an adjustment once `check` passes inside the write transaction, as
    /// [`Store::insert_recovery_checked`] does. Audited. Returns its id.
    pub fn insert_adjustment_checked<E: From<StoreError>>(
        &mut self,
        a: &Adjustment,
        check: impl FnOnce(&Store) -> Result<(), E>,
    ) -> Result<i64, E> {
        let row = MovementRow {
            id: a.id,
            customer_id: a.customer_id.clone(),
            date: a.date,
            amount: a.amount,
            text: a.reason.clone(),
            recorded_by: a.recorded_by.clone(),
        };
        self.insert_movement(
            ManualMovement::Adjustment,
            &row,
            serde_json::to_value(a),
            check,
        )
    }

    /// Every other adjustment, by date.
    pub fn adjustments(&self) -> Result<Vec<Adjustment>, StoreError> {
        Ok(self
            .movements(ManualMovement::Adjustment)?
            .into_iter()
            .map(|m| Adjustment {
                id: m.id,
                customer_id: m.customer_id,
                date: m.date,
                amount: m.amount,
                reason: m.text,
                recorded_by: m.recorded_by,
            })
            .collect())
    }

    /// Inserts one recovery or adjustment and its audit row (`audited` is the record as
    /// the caller knows it) in one transaction. Returns its id.
    fn insert_movement<E: From<StoreError>>(
        &mut self,
        kind: ManualMovement,
        row: &MovementRow,
        audited: serde_json::Result<serde_json::Value>,
        check: impl FnOnce(&Store) -> Result<(), E>,
    ) -> Result<i64, E> {
        let (table, text_column, action) = kind.names();
        let tx = self.write_transaction()?;
        check(self)?;
        tx.execute(
            &format!(
                "INSERT INTO {table} (customer_id, date, amount_minor, {text_column}, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
            ),
            params![
                row.customer_id,
                date_text(row.date),
                row.amount.to_minor(),
                row.text,
                row.recorded_by,
                now()
            ],
        )
        .map_err(StoreError::from)?;
        let id = tx.last_insert_rowid();
        audit(
            &tx,
            &row.recorded_by,
            action,
            "customer",
            &row.customer_id,
            None,
            Some(&audited.unwrap_or_default()),
        )?;
        tx.commit().map_err(StoreError::from)?;
        Ok(id)
    }

    /// Every recovery or every adjustment, by date.
    fn movements(&self, kind: ManualMovement) -> Result<Vec<MovementRow>, StoreError> {
        let (table, text_column, _) = kind.names();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, customer_id, date, amount_minor, {text_column}, recorded_by FROM {table} ORDER BY date, id"
        ))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get::<_, String>(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<Result<Vec<(i64, String, String, i64, String, String)>, _>>()?;
        rows.into_iter()
            .map(|(id, customer_id, date, amount, text, recorded_by)| {
                Ok(MovementRow {
                    id,
                    customer_id,
                    date: parse_stored_date(&date)?,
                    amount: Money::from_minor(amount),
                    text,
                    recorded_by,
                })
            })
            .collect()
    }

    /// Tries to change a posted write-off behind the code's back, for the test that
    /// proves the database refuses.
    #[doc(hidden)]
    pub fn try_tamper_with_write_off(&self, id: i64) -> Result<usize, StoreError> {
        Ok(self.conn.execute(
            "UPDATE write_offs SET narrative = 'edited' WHERE id = ?1",
            [id],
        )?)
    }
}

/// The last closed date, read on `conn` (inside a write transaction, the state it writes
/// to).
pub(super) fn closed_through_of(
    conn: &rusqlite::Connection,
) -> Result<Option<NaiveDate>, StoreError> {
    let mut stmt = conn.prepare_cached("SELECT date, action FROM period_events ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    let mut events = Vec::with_capacity(rows.len());
    for (date, action) in rows {
        events.push((parse_stored_date(&date)?, action == "close"));
    }
    Ok(closed_through(&events))
}

/// Refuses `what`, dated or effective `date`, in a closed period, reading the closes on
/// `conn`: called inside the write transaction, so a close committed by another process
/// just before is seen.
pub(super) fn refuse_closed(
    conn: &rusqlite::Connection,
    date: NaiveDate,
    what: &str,
) -> Result<(), StoreError> {
    crate::domain::writeoff::check_open(date, closed_through_of(conn)?, what)
        .map_err(StoreError::Closed)
}
