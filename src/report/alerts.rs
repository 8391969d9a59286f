//! The alerts at an as-of date (SPEC section 2) as rows: trading with a customer after a
//! write-off, written-off documents still open in a later ledger, balances past the age
//! threshold with no recent collection note, related-party balances.
//!
//! The alerts themselves are computed once per customer by [`crate::domain::alerts`] into
//! the review rows ([`ReviewRow::alerts`]); this module only gathers the flagged
//! customers from them. `agebook alerts` builds the review rows from the book's history
//! and the window reuses the ones its shell already built, so the badge, the panel and
//! the command line count the same alerts.

use chrono::NaiveDate;

use crate::book::BookHistory;
use crate::domain::alerts::{Alert, AlertSettings};
use crate::domain::money::{Money, NegativeStyle};
use crate::report::export::{Cell, Sheet};
use crate::report::review::{ReviewRow, review_rows};
use crate::report::table::{Align, TextTable};

/// The kinds of alert, in the order they are listed and grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertKind {
    /// New documents dated after a posted write-off.
    TradingAfterWriteOff,
    /// Written-off documents still in the ledger.
    WrittenOffStillOpen,
    /// An old balance without a recent collection note.
    NoRecentNote,
    /// A related-party balance.
    RelatedParty,
}

impl AlertKind {
    /// Every kind, in order.
    pub const ALL: [AlertKind; 4] = [
        AlertKind::TradingAfterWriteOff,
        AlertKind::WrittenOffStillOpen,
        AlertKind::NoRecentNote,
        AlertKind::RelatedParty,
    ];

    /// The kind of `alert`.
    pub fn of(alert: &Alert) -> AlertKind {
        match alert {
            Alert::TradingAfterWriteOff { .. } => AlertKind::TradingAfterWriteOff,
            Alert::WrittenOffStillOpen { .. } => AlertKind::WrittenOffStillOpen,
            Alert::NoRecentNote { .. } => AlertKind::NoRecentNote,
            Alert::RelatedParty { .. } => AlertKind::RelatedParty,
        }
    }
}

/// A customer with at least one alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlaggedCustomer {
    /// Customer id.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Type at the as-of date (its stored name).
    pub customer_type: String,
    /// Net balance at the as-of date.
    pub balance: Money,
    /// Its alerts, in the order the rules give them.
    pub alerts: Vec<Alert>,
}

impl FlaggedCustomer {
    /// How much an alert is about: the amount it names, or the customer's balance for
    /// an old balance without a recent note.
    pub fn amount(&self, alert: &Alert) -> Money {
        match alert {
            Alert::TradingAfterWriteOff { amount, .. }
            | Alert::WrittenOffStillOpen { amount, .. } => *amount,
            Alert::NoRecentNote { .. } => self.balance,
            Alert::RelatedParty { balance } => *balance,
        }
    }
}

/// The alerts at one as-of date: every flagged customer, in the review rows' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertsReport {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The flagged customers.
    pub customers: Vec<FlaggedCustomer>,
}

impl AlertsReport {
    /// The alerts in the review rows of the snapshot as of `as_of`.
    pub fn from_rows(as_of: NaiveDate, rows: &[ReviewRow]) -> AlertsReport {
        AlertsReport {
            as_of,
            customers: rows
                .iter()
                .filter(|r| !r.alerts.is_empty())
                .map(|r| FlaggedCustomer {
                    customer_id: r.customer_id.clone(),
                    name: r.name.clone(),
                    customer_type: r.customer_type.clone(),
                    balance: r.balance,
                    alerts: r.alerts.clone(),
                })
                .collect(),
        }
    }

    /// The alerts of the snapshot at index `at` of `history` under `settings`; `None`
    /// when there is no such snapshot.
    pub fn at(history: &BookHistory, at: usize, settings: &AlertSettings) -> Option<AlertsReport> {
        let as_of = history.snapshots.get(at)?.as_of;
        Some(AlertsReport::from_rows(
            as_of,
            &review_rows(history, at, settings),
        ))
    }

    /// The number of alerts (a customer may have several).
    pub fn count(&self) -> usize {
        self.customers.iter().map(|c| c.alerts.len()).sum()
    }

    /// Every alert with its customer, customer by customer.
    pub fn alerts(&self) -> impl Iterator<Item = (&FlaggedCustomer, &Alert)> {
        self.customers
            .iter()
            .flat_map(|c| c.alerts.iter().map(move |a| (c, a)))
    }

    /// The alerts grouped by kind, in [`AlertKind::ALL`]'s order, customers in order
    /// within a kind; kinds without alerts are left out.
    pub fn by_kind(&self) -> Vec<(AlertKind, Vec<(&FlaggedCustomer, &Alert)>)> {
        AlertKind::ALL
            .iter()
            .map(|&kind| {
                let alerts: Vec<_> = self
                    .alerts()
                    .filter(|(_, a)| AlertKind::of(a) == kind)
                    .collect();
                (kind, alerts)
            })
            .filter(|(_, alerts)| !alerts.is_empty())
            .collect()
    }

    /// The JSON document of `agebook alerts --format json`:
    /// `{"as_of", "rows": [{"customer_id", "name", "customer_type", "balance", "alerts"}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        let rows: Vec<serde_json::Value> = self
            .customers
            .iter()
            .map(|r| {
                serde_json::json!({
                    "customer_id": r.customer_id,
                    "name": r.name,
                    "customer_type": r.customer_type,
                    "balance": r.balance,
                    "alerts": r.alerts,
                })
            })
            .collect();
        serde_json::json!({ "as_of": self.as_of, "rows": rows })
    }

    /// The CSV of `agebook alerts --format csv`: one line per alert.
    pub fn to_csv(&self) -> String {
        let rows = self
            .alerts()
            .map(|(r, a)| {
                vec![
                    Cell::Text(r.customer_id.clone()),
                    Cell::Text(r.name.clone()),
                    Cell::Text(r.customer_type.clone()),
                    Cell::Text(a.label().to_string()),
                    Cell::Text(detail(a)),
                ]
            })
            .collect();
        Sheet::csv(
            &["customer_id", "name", "customer_type", "alert", "detail"],
            rows,
        )
    }

    /// The terminal table of `agebook alerts`: one line per alert.
    pub fn to_table(&self) -> String {
        let mut t = TextTable::new(vec![
            ("Customer".into(), Align::Left),
            ("Name".into(), Align::Left),
            ("Alert".into(), Align::Left),
            ("Detail".into(), Align::Left),
        ]);
        for (r, a) in self.alerts() {
            t.row(vec![
                r.customer_id.clone(),
                r.name.clone(),
                a.label().to_string(),
                detail(a),
            ]);
        }
        format!(
            "Alerts as of {}: {} customers\n\n{}",
            self.as_of,
            self.customers.len(),
            t.render()
        )
    }
}

/// What an alert says, in the scripting interface's words.
pub fn detail(alert: &Alert) -> String {
    match alert {
        Alert::TradingAfterWriteOff {
            write_off_date,
            amount,
        } => {
            format!(
                "{} open on documents dated after the write-off of {write_off_date}",
                amount.grouped(NegativeStyle::Minus)
            )
        }
        Alert::WrittenOffStillOpen { amount, documents } => {
            format!(
                "{} still open on {}",
                amount.grouped(NegativeStyle::Minus),
                documents.join(", ")
            )
        }
        Alert::NoRecentNote {
            oldest_days,
            last_note,
        } => format!(
            "oldest item {oldest_days} days past due; last note {}",
            last_note.map_or_else(|| "never".to_string(), |d| d.to_string())
        ),
        Alert::RelatedParty { balance } => format!(
            "balance {} to disclose",
            balance.grouped(NegativeStyle::Minus)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, balance: &str, alerts: Vec<Alert>) -> ReviewRow {
        let balance = Money::parse(balance).unwrap_or_default();
        ReviewRow {
            customer_id: id.into(),
            name: format!("{id} Ltd"),
            customer_type: "private".into(),
            balance,
            buckets: Vec::new(),
            oldest_days: Some(400),
            over_one_year: Money::default(),
            allowance: Money::default(),
            coverage: None,
            specific: None,
            last_collection: None,
            last_note: None,
            alerts,
            disputed: Money::default(),
        }
    }

    #[test]
    fn only_flagged_customers_count_and_each_alert_counts_once() {
        let money = |t: &str| Money::parse(t).unwrap_or_default();
        let rows = vec![
            row("C1", "100.00", Vec::new()),
            row(
                "C2",
                "250.00",
                vec![
                    Alert::NoRecentNote {
                        oldest_days: 400,
                        last_note: None,
                    },
                    Alert::RelatedParty {
                        balance: money("250.00"),
                    },
                ],
            ),
            row(
                "C3",
                "80.00",
                vec![Alert::RelatedParty {
                    balance: money("80.00"),
                }],
            ),
        ];
        let as_of = NaiveDate::from_ymd_opt(2017, 6, 30).unwrap_or_default();
        let report = AlertsReport::from_rows(as_of, &rows);
        assert_eq!(report.customers.len(), 2);
        assert_eq!(report.count(), 3);
        let groups = report.by_kind();
        let kinds: Vec<(AlertKind, usize)> = groups.iter().map(|(k, a)| (*k, a.len())).collect();
        assert_eq!(
            kinds,
            vec![(AlertKind::NoRecentNote, 1), (AlertKind::RelatedParty, 2)]
        );
        let (c2, note) = groups[0].1[0];
        assert_eq!(c2.amount(note), money("250.00"));
        assert_eq!(
            report.to_csv().lines().count(),
            4,
            "a header and one line per alert"
        );
    }
}
