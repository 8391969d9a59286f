//! The book's postings: write-offs through their approval, recoveries, other
//! adjustments, period closes, and the roll-forward they feed. The rules are in
//! [`crate::domain::writeoff`] and [`crate::domain::rollforward`]; this module loads
//! what they need, asks them, and records the answer.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::book::{Book, BookError, BookHistory, Refusal};
use crate::domain::allowance::OpenItem;
use crate::domain::money::Money;
use crate::domain::writeoff::{
    Adjustment, Approver, ReasonCategory, Recovery, Transition, WriteOff, WriteOffState,
    check_open, check_recovery, decide,
};
use crate::report::rollforward::{Assessed, RollForward};
use crate::store::WriteOffStep;

/// One document a write-off could take, as proposing one sees it
/// ([`Book::write_off_candidates`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOffCandidate {
    /// The document as the ledger lists it.
    pub item: OpenItem,
    /// What posted write-offs already took of it.
    pub taken: Money,
    /// What is left to write off: its open amount less `taken`.
    pub open: Money,
    /// A write-off still on its way (neither rejected nor posted) that holds it.
    pub pending: Option<i64>,
}

/// The documents a write-off of one customer at one date is taken from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteOffCandidates {
    /// The ledger they come from: the latest snapshot on or before the date.
    pub ledger_as_of: NaiveDate,
    /// Every item of the customer in that ledger, in the ledger's order.
    pub documents: Vec<WriteOffCandidate>,
}

impl Book {
    /// Proposes a draft write-off of a customer's documents as they stand in the latest
    /// snapshot on or before `date`. `documents` are (number, amount); a missing amount
    /// means the whole open amount; no documents means every positive document.
    pub fn propose_write_off(
        &mut self,
        customer_id: &str,
        date: NaiveDate,
        reason: ReasonCategory,
        narrative: &str,
        documents: &[(String, Option<Money>)],
    ) -> Result<i64, BookError> {
        if narrative.trim().is_empty() {
            return Err(Refusal::NoNarrative.into());
        }
        let candidates = self.write_off_candidates(customer_id, date)?;
        let ledger_as_of = candidates.ledger_as_of;
        let mut chosen = Vec::new();
        let mut left_open = Vec::new();
        let wanted: Vec<(String, Option<Money>)> = if documents.is_empty() {
            candidates
                .documents
                .iter()
                .filter(|c| c.item.open_amount.is_positive())
                .map(|c| (c.item.document_no.clone(), None))
                .collect()
        } else {
            documents.to_vec()
        };
        for (doc, amount) in wanted {
            let candidate = candidates
                .documents
                .iter()
                .find(|c| c.item.document_no == doc)
                .ok_or_else(|| {
                    BookError::from(Refusal::DocumentNotOpen {
                        document: doc.clone(),
                        customer: customer_id.to_string(),
                        as_of: ledger_as_of,
                    })
                })?;
            if let Some(id) = candidate.pending {
                return Err(Refusal::DocumentPending {
                    document: doc.clone(),
                    id,
                }
                .into());
            }
            let (taken, open) = (candidate.taken, candidate.open);
            if !open.is_positive() && documents.is_empty() {
                continue;
            }
            let amount = amount.unwrap_or(open);
            if !amount.is_positive() || amount > open {
                return Err(Refusal::AmountOutOfRange {
                    document: doc.clone(),
                    open,
                    taken,
                }
                .into());
            }
            left_open.push(open - amount);
            chosen.push((doc, amount));
        }
        let w = WriteOff {
            id: 0,
            customer_id: customer_id.to_string(),
            date,
            state: WriteOffState::Draft,
            reason,
            narrative: narrative.trim().to_string(),
            documents: chosen,
            left_open,
            prepared_by: self.user.clone(),
            approvals: Vec::new(),
            rejected: None,
            posted: None,
            created_at: String::new(),
        };
        if w.documents.is_empty() {
            return Err(Refusal::NoDocuments.into());
        }
        Ok(self.store.insert_write_off(&w)?)
    }

    /// The documents a write-off of `customer_id` dated `date` is taken from, as
    /// [`Book::propose_write_off`] checks them: the customer's items in the latest
    /// snapshot on or before `date`, each with what posted write-offs already took of it,
    /// what is left to write off, and the write-off still on its way that holds it.
    pub fn write_off_candidates(
        &self,
        customer_id: &str,
        date: NaiveDate,
    ) -> Result<WriteOffCandidates, BookError> {
        let snapshot = self
            .store
            .snapshots()?
            .into_iter()
            .rev()
            .find(|s| s.as_of <= date)
            .ok_or_else(|| BookError::from(Refusal::NoLedger { date }))?;
        let items = self.store.customer_items(snapshot.id, customer_id)?;
        if items.is_empty() {
            return Err(Refusal::NoOpenItems {
                customer: customer_id.to_string(),
                as_of: snapshot.as_of,
            }
            .into());
        }
        // Documents in a write-off of this customer still on its way, with its id: one
        // write-off at a time per document. A posted one may have left part open,
        // which a later write-off can take.
        let pending: HashMap<String, i64> = self
            .store
            .write_offs(None)?
            .into_iter()
            .filter(|w| {
                w.customer_id == customer_id
                    && !matches!(w.state, WriteOffState::Rejected | WriteOffState::Posted)
            })
            .flat_map(|w| {
                let id = w.id;
                w.documents.into_iter().map(move |(d, _)| (d, id))
            })
            .collect();
        let posted = self.store.posted_write_off_documents()?;
        let written_off = crate::domain::writeoff::written_off_at(&posted, NaiveDate::MAX);
        let earlier = written_off.get(customer_id).map(|w| &w.0);
        let documents = items
            .into_iter()
            .map(|item| {
                // What earlier write-offs took and the ledger still lists is not open.
                let taken = earlier
                    .and_then(|e| e.get(item.document_no.as_str()))
                    .map_or(Money::ZERO, |w| w.part_of(item.open_amount));
                WriteOffCandidate {
                    open: item.open_amount - taken,
                    taken,
                    pending: pending.get(&item.document_no).copied(),
                    item,
                }
            })
            .collect();
        Ok(WriteOffCandidates {
            ledger_as_of: snapshot.as_of,
            documents,
        })
    }

    /// The book's approvers and their limits.
    pub fn approvers(&self) -> Result<Vec<Approver>, BookError> {
        Ok(self.store.approvers()?)
    }

    /// Write-offs, newest first, optionally in one state.
    pub fn write_offs(&self, state: Option<WriteOffState>) -> Result<Vec<WriteOff>, BookError> {
        Ok(self.store.write_offs(state)?)
    }

    /// One write-off.
    pub fn write_off(&self, id: i64) -> Result<WriteOff, BookError> {
        self.store
            .write_off(id)?
            .ok_or(BookError::UnknownWriteOff(id))
    }

    /// Moves a write-off on (submit, approve, reject, post) as the current user, from
    /// the state it is in now; see [`Book::transition_write_off_from`].
    pub fn transition_write_off(
        &mut self,
        id: i64,
        transition: Transition,
    ) -> Result<WriteOff, BookError> {
        let seen = self.write_off(id)?.state;
        self.transition_write_off_from(id, seen, transition)
    }

    /// Moves a write-off on as the current user, from the state `seen` the user saw it
    /// in (a list on screen, a script's earlier read). The step is one `IMMEDIATE`
    /// transaction: the write-off and its approvals are read again inside it, the rules
    /// decide on what is there, and the state is changed only from the state decided on.
    /// If another user moved the write-off on meanwhile — approved it while this user
    /// was rejecting it — the step is refused with
    /// [`StoreError::WriteOffMoved`](crate::store::StoreError::WriteOffMoved), naming
    /// who, and nothing is written.
    pub fn transition_write_off_from(
        &mut self,
        id: i64,
        seen: WriteOffState,
        transition: Transition,
    ) -> Result<WriteOff, BookError> {
        let user = self.user.clone();
        let now = crate::store::now();
        let rejection = match &transition {
            Transition::Reject(reason) => Some(reason.clone()),
            _ => None,
        };
        self.store
            .write_off_step(id, seen, transition.action(), &user, |inputs| {
                let outcome = decide(
                    &inputs.write_off,
                    &transition,
                    &user,
                    &now,
                    &inputs.approvers,
                    &inputs.currency,
                    inputs.closed_through,
                )?;
                Ok::<_, BookError>(WriteOffStep {
                    state: outcome.state,
                    approval: outcome.approval,
                    rejection,
                })
            })?;
        self.write_off(id)
    }

    /// Sets an approver's limit (in the book's currency unless given).
    pub fn set_approver(
        &mut self,
        name: &str,
        limit: Money,
        currency: Option<&str>,
    ) -> Result<Approver, BookError> {
        if limit.is_negative() {
            return Err(Refusal::NegativeLimit.into());
        }
        let currency = match currency {
            Some(c) => c.trim().to_uppercase(),
            None => self.store.settings()?.currency,
        };
        let approver = Approver {
            name: name.trim().to_string(),
            limit,
            currency,
        };
        self.store.set_approver(&approver, &self.user)?;
        Ok(approver)
    }

    /// Closes every period through `date`.
    pub fn close_period(&mut self, date: NaiveDate) -> Result<(), BookError> {
        Ok(self.store.period_event(date, true, "", &self.user)?)
    }

    /// Reopens `date`'s period (and every later one) with a reason.
    pub fn reopen_period(&mut self, date: NaiveDate, reason: &str) -> Result<(), BookError> {
        if reason.trim().is_empty() {
            return Err(Refusal::ReopenNeedsReason.into());
        }
        Ok(self
            .store
            .period_event(date, false, reason.trim(), &self.user)?)
    }

    /// The last closed date.
    pub fn closed_through(&self) -> Result<Option<NaiveDate>, BookError> {
        Ok(self.store.closed_through()?)
    }

    /// Records cash recovered on a balance written off earlier.
    pub fn record_recovery(
        &mut self,
        customer_id: &str,
        amount: Money,
        date: NaiveDate,
        note: &str,
    ) -> Result<i64, BookError> {
        if self.store.customer(customer_id)?.is_none() {
            return Err(crate::store::StoreError::UnknownCustomer(customer_id.to_string()).into());
        }
        let r = Recovery {
            id: 0,
            customer_id: customer_id.to_string(),
            date,
            amount,
            note: note.trim().to_string(),
            recorded_by: self.user.clone(),
        };
        // Checked under the write lock, so two processes cannot both recover the last
        // of a write-off or post into a period being closed.
        self.store.insert_recovery_checked(&r, |store| {
            check_open(date, store.closed_through()?, "a recovery")?;
            let written_off: Vec<(NaiveDate, Money)> = store
                .posted_write_off_documents()?
                .into_iter()
                .filter(|d| d.customer_id == customer_id)
                .map(|d| (d.date, d.amount))
                .collect();
            let recovered: Vec<Money> = store
                .recoveries()?
                .into_iter()
                .filter(|r| r.customer_id == customer_id)
                .map(|r| r.amount)
                .collect();
            check_recovery(customer_id, amount, date, &written_off, &recovered)?;
            Ok::<(), BookError>(())
        })
    }

    /// Every recovery.
    pub fn recoveries(&self) -> Result<Vec<Recovery>, BookError> {
        Ok(self.store.recoveries()?)
    }

    /// Records an other adjustment of the allowance, with a reason.
    pub fn record_adjustment(
        &mut self,
        customer_id: &str,
        amount: Money,
        date: NaiveDate,
        reason: &str,
    ) -> Result<i64, BookError> {
        if amount.is_zero() {
            return Err(Refusal::ZeroAdjustment.into());
        }
        if reason.trim().is_empty() {
            return Err(Refusal::AdjustmentNeedsReason.into());
        }
        if self.store.customer(customer_id)?.is_none() {
            return Err(crate::store::StoreError::UnknownCustomer(customer_id.to_string()).into());
        }
        let a = Adjustment {
            id: 0,
            customer_id: customer_id.to_string(),
            date,
            amount,
            reason: reason.trim().to_string(),
            recorded_by: self.user.clone(),
        };
        self.store.insert_adjustment_checked(&a, |store| {
            Ok::<(), BookError>(check_open(date, store.closed_through()?, "an adjustment")?)
        })
    }

    /// The roll-forward of the allowance from the snapshot at `from` to the one at `to`.
    /// Only the snapshots are assessed: a roll-forward needs no activity, notes or
    /// alerts, so it does not build a whole [`BookHistory`].
    pub fn rollforward(&self, from: NaiveDate, to: NaiveDate) -> Result<RollForward, BookError> {
        let (currency, snapshots, assessments) = self.assess_all()?;
        self.rollforward_over(
            Assessed {
                currency: &currency,
                snapshots: &snapshots,
                assessments: &assessments,
            },
            from,
            to,
        )
    }

    /// The roll-forward over an already assessed history.
    pub fn rollforward_of(
        &self,
        history: &BookHistory,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<RollForward, BookError> {
        self.rollforward_over(history.into(), from, to)
    }

    fn rollforward_over(
        &self,
        history: Assessed<'_>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<RollForward, BookError> {
        let index = |d: NaiveDate| {
            history.snapshots.iter().position(|s| s.as_of == d).ok_or_else(|| BookError::NoSnapshot {
                as_of: d,
                hint: " (a roll-forward runs between two snapshot dates; `agebook snapshots` lists them)".into(),
            })
        };
        let (i0, i1) = (index(from)?, index(to)?);
        if i0 > i1 {
            return Err(Refusal::FromAfterTo { from, to }.into());
        }
        let posted = self.store.posted_write_off_documents()?;
        let recoveries = self.store.recoveries()?;
        let adjustments = self.store.adjustments()?;
        let customers = self.store.customers()?;
        let mut names: HashMap<String, (String, String)> = HashMap::new();
        for (id, c) in &customers {
            names.insert(id.clone(), (c.name.clone(), c.type_at(to).to_string()));
        }
        Ok(RollForward::build(
            history,
            i0,
            i1,
            &posted,
            &recoveries,
            &adjustments,
            &names,
        ))
    }
}
