//! Write-offs (SPEC section 2): derecognising documents judged uncollectible, against
//! the allowance, after approval.
//!
//! States: draft → submitted → approved or rejected → posted. The approver must be a
//! different user from the preparer; each approver has a limit per currency, and an
//! amount above the first approver's limit needs a second, higher approver (as Oracle
//! Receivables' approval limits do). Posting records the movement in the period of the
//! write-off's date; a closed period takes no postings. A posted write-off cannot be
//! changed.

use std::collections::HashMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::allowance::WrittenOff;
use super::money::{Money, NegativeStyle};

/// Where a write-off is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WriteOffState {
    /// Being prepared; can be edited.
    Draft,
    /// Waiting for approval.
    Submitted,
    /// Approved; can be posted.
    Approved,
    /// Rejected by an approver.
    Rejected,
    /// Posted: the documents are derecognised. Final.
    Posted,
}

impl WriteOffState {
    /// Every state.
    pub const ALL: [WriteOffState; 5] = [
        WriteOffState::Draft,
        WriteOffState::Submitted,
        WriteOffState::Approved,
        WriteOffState::Rejected,
        WriteOffState::Posted,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            WriteOffState::Draft => "draft",
            WriteOffState::Submitted => "submitted",
            WriteOffState::Approved => "approved",
            WriteOffState::Rejected => "rejected",
            WriteOffState::Posted => "posted",
        }
    }

    /// Reads a stored name.
    pub fn parse(text: &str) -> Option<WriteOffState> {
        WriteOffState::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim().to_lowercase())
    }
}

impl fmt::Display for WriteOffState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a balance is written off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCategory {
    /// The customer disputes the debt.
    Dispute,
    /// The customer is insolvent or in liquidation.
    Insolvency,
    /// A change of management repudiates the debt.
    ChangeOfManagement,
    /// Collection would cost more than it brings.
    UneconomicToPursue,
    /// The limitation period has passed.
    TimeBarred,
    /// Anything else (the narrative says what).
    Other,
}

impl ReasonCategory {
    /// Every category.
    pub const ALL: [ReasonCategory; 6] = [
        ReasonCategory::Dispute,
        ReasonCategory::Insolvency,
        ReasonCategory::ChangeOfManagement,
        ReasonCategory::UneconomicToPursue,
        ReasonCategory::TimeBarred,
        ReasonCategory::Other,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCategory::Dispute => "dispute",
            ReasonCategory::Insolvency => "insolvency",
            ReasonCategory::ChangeOfManagement => "change_of_management",
            ReasonCategory::UneconomicToPursue => "uneconomic_to_pursue",
            ReasonCategory::TimeBarred => "time_barred",
            ReasonCategory::Other => "other",
        }
    }

    /// Reads a name (`change-of-management` and `change of management` too).
    pub fn parse(text: &str) -> Option<ReasonCategory> {
        let key = text.trim().to_lowercase().replace(['-', ' '], "_");
        ReasonCategory::ALL.into_iter().find(|r| r.as_str() == key)
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            ReasonCategory::Dispute => "Dispute",
            ReasonCategory::Insolvency => "Insolvency",
            ReasonCategory::ChangeOfManagement => "Change of management",
            ReasonCategory::UneconomicToPursue => "Uneconomic to pursue",
            ReasonCategory::TimeBarred => "Time-barred",
            ReasonCategory::Other => "Other",
        }
    }
}

impl fmt::Display for ReasonCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An approver and the most they may approve alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approver {
    /// User name.
    pub name: String,
    /// Limit.
    pub limit: Money,
    /// Currency of the limit.
    pub currency: String,
}

/// One approval given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    /// Who approved.
    pub by: String,
    /// Their limit when they approved.
    pub limit: Money,
    /// When (RFC 3339).
    pub at: String,
}

/// A write-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteOff {
    /// Id.
    pub id: i64,
    /// Customer.
    pub customer_id: String,
    /// The write-off date: the period it is posted in.
    pub date: NaiveDate,
    /// State.
    pub state: WriteOffState,
    /// Reason category.
    pub reason: ReasonCategory,
    /// Narrative.
    pub narrative: String,
    /// Documents and the amounts written off.
    pub documents: Vec<(String, Money)>,
    /// What the write-off leaves open of each document, in the order of `documents`:
    /// its open amount in the ledger it was taken from less the amount written off
    /// (zero when written off whole).
    #[serde(default)]
    pub left_open: Vec<Money>,
    /// Who prepared it.
    pub prepared_by: String,
    /// Approvals given, in order.
    pub approvals: Vec<Approval>,
    /// Who rejected it and why.
    pub rejected: Option<(String, String)>,
    /// Who posted it and when.
    pub posted: Option<(String, String)>,
    /// When it was created (RFC 3339).
    pub created_at: String,
}

impl WriteOff {
    /// The total written off.
    pub fn amount(&self) -> Money {
        self.documents.iter().map(|(_, a)| *a).sum()
    }
}

/// A step in a write-off's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// Send for approval.
    Submit,
    /// Approve (by the acting user).
    Approve,
    /// Reject with a reason.
    Reject(String),
    /// Post.
    Post,
}

impl Transition {
    /// The audit action name.
    pub fn action(&self) -> &'static str {
        match self {
            Transition::Submit => "writeoff_submit",
            Transition::Approve => "writeoff_approve",
            Transition::Reject(_) => "writeoff_reject",
            Transition::Post => "writeoff_post",
        }
    }
}

/// Why a transition is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteOffError {
    /// The state does not allow it.
    #[error("write-off {id} is {state}; it cannot be {verb}")]
    WrongState {
        /// Id.
        id: i64,
        /// Its state.
        state: WriteOffState,
        /// What was asked ("approved").
        verb: &'static str,
    },
    /// The preparer cannot approve or reject their own write-off.
    #[error("{user} prepared write-off {id} and cannot also approve or reject it")]
    OwnWriteOff {
        /// Id.
        id: i64,
        /// The preparer.
        user: String,
    },
    /// The user is not an approver.
    #[error("{user} is not an approver (agebook approver set {user} --limit AMOUNT)")]
    NotAnApprover {
        /// The user.
        user: String,
    },
    /// The user approved already.
    #[error("{user} has already approved write-off {id}; a second approver must be someone else")]
    AlreadyApproved {
        /// Id.
        id: i64,
        /// The user.
        user: String,
    },
    /// A second approval from someone whose limit is also too low.
    #[error(
        "write-off {id} of {amount} {currency} is over {user}'s limit of {limit}; \
         it needs an approver with a limit of at least {amount}"
    )]
    OverLimit {
        /// Id.
        id: i64,
        /// Amount.
        amount: Money,
        /// Currency.
        currency: String,
        /// The approver.
        user: String,
        /// Their limit.
        limit: Money,
    },
    /// The period of the date is closed.
    #[error("the period of {date} is closed (closed through {closed_through}); reopen it to post")]
    PeriodClosed {
        /// The write-off date.
        date: NaiveDate,
        /// Closed through.
        closed_through: NaiveDate,
    },
    /// Nothing to write off.
    #[error("a write-off needs at least one document with a positive amount")]
    NoDocuments,
}

/// What a transition leads to: the new state and, for an approval, the approval to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The state after.
    pub state: WriteOffState,
    /// An approval to record, if any.
    pub approval: Option<Approval>,
}

/// Decides a transition by `user` at time `now`. `approvers` are the book's approvers;
/// `closed_through` is the last closed date, if any. Pure: the store records the result.
pub fn decide(
    w: &WriteOff,
    transition: &Transition,
    user: &str,
    now: &str,
    approvers: &[Approver],
    currency: &str,
    closed_through: Option<NaiveDate>,
) -> Result<Outcome, WriteOffError> {
    let wrong = |verb| WriteOffError::WrongState {
        id: w.id,
        state: w.state,
        verb,
    };
    match transition {
        Transition::Submit => {
            if w.state != WriteOffState::Draft {
                return Err(wrong("submitted"));
            }
            if w.documents.is_empty() || !w.amount().is_positive() {
                return Err(WriteOffError::NoDocuments);
            }
            Ok(Outcome {
                state: WriteOffState::Submitted,
                approval: None,
            })
        }
        Transition::Approve | Transition::Reject(_) => {
            let verb = if *transition == Transition::Approve {
                "approved"
            } else {
                "rejected"
            };
            if w.state != WriteOffState::Submitted {
                return Err(wrong(verb));
            }
            if w.prepared_by == user {
                return Err(WriteOffError::OwnWriteOff {
                    id: w.id,
                    user: user.to_string(),
                });
            }
            let approver = approvers
                .iter()
                .find(|a| a.name == user && a.currency == currency)
                .ok_or_else(|| WriteOffError::NotAnApprover {
                    user: user.to_string(),
                })?;
            if let Transition::Reject(_) = transition {
                return Ok(Outcome {
                    state: WriteOffState::Rejected,
                    approval: None,
                });
            }
            if w.approvals.iter().any(|a| a.by == user) {
                return Err(WriteOffError::AlreadyApproved {
                    id: w.id,
                    user: user.to_string(),
                });
            }
            let amount = w.amount();
            let approval = Approval {
                by: user.to_string(),
                limit: approver.limit,
                at: now.to_string(),
            };
            if approver.limit >= amount {
                Ok(Outcome {
                    state: WriteOffState::Approved,
                    approval: Some(approval),
                })
            } else if w.approvals.is_empty() {
                // The first approver agrees but their limit is too low: recorded, and a
                // higher approver is needed.
                Ok(Outcome {
                    state: WriteOffState::Submitted,
                    approval: Some(approval),
                })
            } else {
                Err(WriteOffError::OverLimit {
                    id: w.id,
                    amount,
                    currency: currency.to_string(),
                    user: user.to_string(),
                    limit: approver.limit,
                })
            }
        }
        Transition::Post => {
            if w.state != WriteOffState::Approved {
                return Err(wrong("posted"));
            }
            if let Some(closed) = closed_through
                && w.date <= closed
            {
                return Err(WriteOffError::PeriodClosed {
                    date: w.date,
                    closed_through: closed,
                });
            }
            Ok(Outcome {
                state: WriteOffState::Posted,
                approval: None,
            })
        }
    }
}

/// One posted write-off's document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedDocument {
    /// Customer.
    pub customer_id: String,
    /// Document.
    pub document_no: String,
    /// The write-off's date.
    pub date: NaiveDate,
    /// Amount written off.
    pub amount: Money,
    /// What the write-off left open of the document.
    pub left_open: Money,
}

/// Per customer, what posted write-offs dated on or before `as_of` took of each of its
/// documents, and the date of its latest one. `posted` is in posting order (date, then
/// id), so the latest write-off of a document says what is left open of it.
pub fn written_off_at(
    posted: &[PostedDocument],
    as_of: NaiveDate,
) -> HashMap<&str, (HashMap<&str, WrittenOff>, NaiveDate)> {
    let mut out: HashMap<&str, (HashMap<&str, WrittenOff>, NaiveDate)> = HashMap::new();
    for d in posted.iter().filter(|d| d.date <= as_of) {
        let (documents, latest) = out
            .entry(d.customer_id.as_str())
            .or_insert_with(|| (HashMap::new(), d.date));
        let entry = documents
            .entry(d.document_no.as_str())
            .or_insert(WrittenOff {
                amount: Money::ZERO,
                left_open: Money::ZERO,
            });
        entry.amount += d.amount;
        entry.left_open = d.left_open;
        *latest = (*latest).max(d.date);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn draft(amount: &str) -> WriteOff {
        WriteOff {
            id: 7,
            customer_id: "C0001".into(),
            date: NaiveDate::from_ymd_opt(2016, 12, 20).unwrap(),
            state: WriteOffState::Draft,
            reason: ReasonCategory::Dispute,
            narrative: "n".into(),
            documents: vec![("INV-1".into(), m(amount))],
            left_open: vec![Money::ZERO],
            prepared_by: "amy".into(),
            approvals: vec![],
            rejected: None,
            posted: None,
            created_at: String::new(),
        }
    }

    fn approvers() -> Vec<Approver> {
        vec![
            Approver {
                name: "bob".into(),
                limit: m("1000000"),
                currency: "CNY".into(),
            },
            Approver {
                name: "cfo".into(),
                limit: m("50000000"),
                currency: "CNY".into(),
            },
            Approver {
                name: "amy".into(),
                limit: m("50000000"),
                currency: "CNY".into(),
            },
        ]
    }

    fn step(w: &mut WriteOff, t: Transition, user: &str) -> Result<(), WriteOffError> {
        let outcome = decide(w, &t, user, "now", &approvers(), "CNY", None)?;
        w.state = outcome.state;
        w.approvals.extend(outcome.approval);
        Ok(())
    }

    #[test]
    fn the_preparer_cannot_approve() {
        let mut w = draft("100");
        step(&mut w, Transition::Submit, "amy").unwrap();
        assert_eq!(
            step(&mut w, Transition::Approve, "amy"),
            Err(WriteOffError::OwnWriteOff {
                id: 7,
                user: "amy".into()
            })
        );
        step(&mut w, Transition::Approve, "bob").unwrap();
        assert_eq!(w.state, WriteOffState::Approved);
    }

    #[test]
    fn over_the_first_limit_a_higher_approver_is_needed() {
        let mut w = draft("12378044.00");
        step(&mut w, Transition::Submit, "amy").unwrap();
        step(&mut w, Transition::Approve, "bob").unwrap();
        assert_eq!(
            w.state,
            WriteOffState::Submitted,
            "bob's 1m limit is not enough"
        );
        assert_eq!(w.approvals.len(), 1);
        assert!(matches!(
            step(&mut w, Transition::Approve, "bob"),
            Err(WriteOffError::AlreadyApproved { .. })
        ));
        assert!(matches!(
            step(&mut w, Transition::Post, "bob"),
            Err(WriteOffError::WrongState { .. })
        ));
        step(&mut w, Transition::Approve, "cfo").unwrap();
        assert_eq!(w.state, WriteOffState::Approved);
        step(&mut w, Transition::Post, "bob").unwrap();
        assert_eq!(w.state, WriteOffState::Posted);
        assert!(matches!(
            step(&mut w, Transition::Submit, "amy"),
            Err(WriteOffError::WrongState { .. })
        ));
    }

    #[test]
    fn non_approvers_and_closed_periods_are_refused() {
        let mut w = draft("100");
        step(&mut w, Transition::Submit, "amy").unwrap();
        assert_eq!(
            step(&mut w, Transition::Approve, "eve"),
            Err(WriteOffError::NotAnApprover { user: "eve".into() })
        );
        step(&mut w, Transition::Approve, "bob").unwrap();
        let closed = NaiveDate::from_ymd_opt(2016, 12, 31);
        let e = decide(
            &w,
            &Transition::Post,
            "bob",
            "now",
            &approvers(),
            "CNY",
            closed,
        )
        .unwrap_err();
        assert!(matches!(e, WriteOffError::PeriodClosed { .. }));
        assert!(
            decide(
                &w,
                &Transition::Post,
                "bob",
                "now",
                &approvers(),
                "CNY",
                NaiveDate::from_ymd_opt(2016, 11, 30)
            )
            .is_ok()
        );
    }

    #[test]
    fn a_rejected_write_off_stays_rejected() {
        let mut w = draft("100");
        step(&mut w, Transition::Submit, "amy").unwrap();
        step(&mut w, Transition::Reject("not yet".into()), "bob").unwrap();
        assert_eq!(w.state, WriteOffState::Rejected);
        assert!(step(&mut w, Transition::Approve, "cfo").is_err());
        assert!(step(&mut w, Transition::Post, "cfo").is_err());
    }
}

/// Cash collected on a balance written off earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovery {
    /// Id.
    pub id: i64,
    /// Customer.
    pub customer_id: String,
    /// Date received.
    pub date: NaiveDate,
    /// Amount.
    pub amount: Money,
    /// Note.
    pub note: String,
    /// Who recorded it.
    pub recorded_by: String,
}

/// Why a recovery is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecoveryError {
    /// A recovery must bring cash.
    #[error("a recovery must be above zero")]
    NotPositive,
    /// Nothing of the customer was written off by the recovery's date.
    #[error(
        "customer '{customer}' has no posted write-off on or before {date}; a recovery is cash \
         collected on a balance written off earlier"
    )]
    NothingWrittenOff {
        /// The customer.
        customer: String,
        /// The recovery's date.
        date: NaiveDate,
    },
    /// More than is left to recover.
    #[error(
        "customer '{customer}' had {written} written off and {back} recovered by {date}; \
         a recovery of {asked} exceeds the {rest} left to recover",
        written = written_off.grouped(NegativeStyle::Minus),
        back = recovered.grouped(NegativeStyle::Minus),
        asked = amount.grouped(NegativeStyle::Minus),
        rest = left.grouped(NegativeStyle::Minus),
    )]
    TooMuch {
        /// The customer.
        customer: String,
        /// The recovery's date.
        date: NaiveDate,
        /// The recovery asked for.
        amount: Money,
        /// Posted write-offs on or before the date.
        written_off: Money,
        /// Recoveries already recorded (any date).
        recovered: Money,
        /// What is left.
        left: Money,
    },
}

/// Checks a recovery of `amount` on `date` against the customer's posted write-offs
/// (`written_off`: (date, amount) of each) and the recoveries already recorded
/// (`recovered`): it needs write-offs dated on or before it, and may not exceed what they
/// wrote off less everything already recovered. Pure.
pub fn check_recovery(
    customer: &str,
    amount: Money,
    date: NaiveDate,
    written_off: &[(NaiveDate, Money)],
    recovered: &[Money],
) -> Result<(), RecoveryError> {
    if !amount.is_positive() {
        return Err(RecoveryError::NotPositive);
    }
    let written: Money = written_off
        .iter()
        .filter(|(d, _)| *d <= date)
        .map(|(_, a)| *a)
        .sum();
    if !written.is_positive() {
        return Err(RecoveryError::NothingWrittenOff {
            customer: customer.to_string(),
            date,
        });
    }
    let already: Money = recovered.iter().copied().sum();
    let left = (written - already).max_zero();
    if amount > left {
        return Err(RecoveryError::TooMuch {
            customer: customer.to_string(),
            date,
            amount,
            written_off: written,
            recovered: already,
            left,
        });
    }
    Ok(())
}

/// A manual movement of the allowance with a reason (an opening balance, an accounting
/// standard's adoption, an acquisition). Signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    /// Id.
    pub id: i64,
    /// Customer.
    pub customer_id: String,
    /// Date.
    pub date: NaiveDate,
    /// Amount (positive increases the allowance).
    pub amount: Money,
    /// Why.
    pub reason: String,
    /// Who recorded it.
    pub recorded_by: String,
}

/// A change dated in a closed period (SPEC 2, closed periods): refused, naming the close.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{what} dated {date} falls in a closed period: the book is closed through \
     {closed_through}; reopen that period, with a reason, to change it"
)]
pub struct PeriodClosed {
    /// What was refused: "a specific allowance", "an import", ...
    pub what: String,
    /// The date the change is effective or dated.
    pub date: NaiveDate,
    /// The last closed date.
    pub closed_through: NaiveDate,
}

/// Refuses `what`, dated or effective `date`, when that date is on or before the last
/// closed date: closing a period freezes every figure dated in it.
pub fn check_open(
    date: NaiveDate,
    closed_through: Option<NaiveDate>,
    what: &str,
) -> Result<(), PeriodClosed> {
    match closed_through {
        Some(closed) if date <= closed => Err(PeriodClosed {
            what: what.to_string(),
            date,
            closed_through: closed,
        }),
        _ => Ok(()),
    }
}

/// The last closed date after replaying closes and reopens in order: closing D closes
/// everything through D; reopening D reopens D's month and everything after it.
pub fn closed_through(events: &[(NaiveDate, bool)]) -> Option<NaiveDate> {
    let mut through: Option<NaiveDate> = None;
    for (date, close) in events {
        if *close {
            through = Some(through.map_or(*date, |t| t.max(*date)));
        } else if through.is_some_and(|t| t >= *date) {
            through = date.with_day(1).and_then(|first| first.pred_opt());
        }
    }
    through
}

#[cfg(test)]
mod recovery_tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn d(y: i32, mo: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, day).unwrap()
    }

    #[test]
    fn recoveries_need_an_earlier_posted_write_off() {
        let e = check_recovery("C0007", m("10"), d(2017, 5, 1), &[], &[]).unwrap_err();
        assert!(matches!(e, RecoveryError::NothingWrittenOff { .. }));
        // A write-off dated after the recovery is no ground for it.
        let later = [(d(2017, 6, 1), m("100"))];
        assert!(check_recovery("C0007", m("10"), d(2017, 5, 1), &later, &[]).is_err());
        assert_eq!(
            check_recovery("C0007", m("10"), d(2017, 6, 1), &later, &[]),
            Ok(())
        );
    }

    #[test]
    fn recoveries_cannot_exceed_what_was_written_off_less_what_was_recovered() {
        let written = [(d(2017, 2, 1), m("8000")), (d(2017, 3, 1), m("2000"))];
        assert_eq!(
            check_recovery("C", m("10000"), d(2017, 5, 1), &written, &[]),
            Ok(())
        );
        let e =
            check_recovery("C", m("5000.01"), d(2017, 5, 1), &written, &[m("5000")]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "customer 'C' had 10,000.00 written off and 5,000.00 recovered by 2017-05-01; \
             a recovery of 5,000.01 exceeds the 5,000.00 left to recover"
        );
        assert_eq!(
            check_recovery("C", m("5000"), d(2017, 5, 1), &written, &[m("5000")]),
            Ok(())
        );
        assert_eq!(
            check_recovery("C", Money::ZERO, d(2017, 5, 1), &written, &[]),
            Err(RecoveryError::NotPositive)
        );
    }
}

#[cfg(test)]
mod closed_tests {
    use super::*;

    #[test]
    fn a_date_on_or_before_the_close_is_refused_naming_the_close() {
        let closed = NaiveDate::from_ymd_opt(2016, 12, 31);
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let e = check_open(day(2016, 6, 30), closed, "a specific allowance").unwrap_err();
        assert_eq!(
            e.to_string(),
            "a specific allowance dated 2016-06-30 falls in a closed period: the book is \
             closed through 2016-12-31; reopen that period, with a reason, to change it"
        );
        assert!(check_open(day(2016, 12, 31), closed, "x").is_err());
        assert_eq!(check_open(day(2017, 1, 1), closed, "x"), Ok(()));
        assert_eq!(check_open(day(2016, 1, 1), None, "x"), Ok(()));
    }
}
