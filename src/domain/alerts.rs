//! Alerts (SPEC section 2): what a credit controller or an auditor must look at.

use chrono::NaiveDate;
use serde::Serialize;

use super::allowance::CustomerAssessment;
use super::money::Money;

/// The user's alert thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct AlertSettings {
    /// Balances older than this many days past due need a recent collection note.
    pub age_days: i64,
    /// How recent that note must be, in days.
    pub note_within_days: i64,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            age_days: 180,
            note_within_days: 90,
        }
    }
}

/// One alert on a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Alert {
    /// Documents dated after a posted write-off of the same customer.
    TradingAfterWriteOff {
        /// The latest write-off's date.
        write_off_date: NaiveDate,
        /// Open amount of the later documents.
        amount: Money,
    },
    /// Written-off documents still in this ledger.
    WrittenOffStillOpen {
        /// Their open amount.
        amount: Money,
        /// Their numbers.
        documents: Vec<String>,
    },
    /// A balance past the age threshold with no recent collection note.
    NoRecentNote {
        /// Days past due of the oldest item.
        oldest_days: i64,
        /// The last note's date, if any.
        last_note: Option<NaiveDate>,
    },
    /// A related-party balance, to be disclosed (ASC 850).
    RelatedParty {
        /// The balance.
        balance: Money,
    },
}

impl Alert {
    /// A short label for tables.
    pub fn label(&self) -> &'static str {
        match self {
            Alert::TradingAfterWriteOff { .. } => "trading after write-off",
            Alert::WrittenOffStillOpen { .. } => "written-off still open",
            Alert::NoRecentNote { .. } => "no recent note",
            Alert::RelatedParty { .. } => "related party",
        }
    }
}

/// What the alerts need to know besides the assessment.
#[derive(Debug, Clone, Copy, Default)]
pub struct AlertFacts {
    /// The latest posted write-off of the customer on or before the as-of date.
    pub last_write_off: Option<NaiveDate>,
    /// Open amount of documents dated after that write-off.
    pub documents_after_write_off: Money,
    /// The last collection note's date on or before the as-of date.
    pub last_note: Option<NaiveDate>,
}

/// The alerts of one customer at `as_of`.
pub fn customer_alerts(
    as_of: NaiveDate,
    c: &CustomerAssessment,
    facts: &AlertFacts,
    settings: &AlertSettings,
) -> Vec<Alert> {
    let mut alerts = Vec::new();
    if let Some(date) = facts.last_write_off
        && !facts.documents_after_write_off.is_zero()
    {
        alerts.push(Alert::TradingAfterWriteOff {
            write_off_date: date,
            amount: facts.documents_after_write_off,
        });
    }
    if !c.written_off_documents.is_empty() {
        alerts.push(Alert::WrittenOffStillOpen {
            amount: c.written_off_still_open,
            documents: c.written_off_documents.clone(),
        });
    }
    if let Some(oldest) = c.oldest_days
        && oldest > settings.age_days
        && c.balance.is_positive()
    {
        let recent = facts
            .last_note
            .is_some_and(|d| (as_of - d).num_days() <= settings.note_within_days);
        if !recent {
            alerts.push(Alert::NoRecentNote {
                oldest_days: oldest,
                last_note: facts.last_note,
            });
        }
    }
    if c.customer_type.as_str() == "related_party" && !c.balance.is_zero() {
        alerts.push(Alert::RelatedParty { balance: c.balance });
    }
    alerts
}
