//! A customer's activity across the book's snapshots: billings, collections, write-offs
//! and adjustments per period, recoveries dated in it, the balance it closed at,
//! billings by calendar year and since the latest posted write-off.
//!
//! [`CustomerActivity::build`] makes the rows once; `agebook activity` renders them
//! ([`activity_output`]) and the customer screen's activity and billings panes draw
//! them, so the window and the command line show the same figures.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::Format;
use super::export::{Cell, Sheet};
use super::table::{Align, TextTable};
use crate::book::{Book, BookError, BookHistory};
use crate::domain::activity::PeriodActivity;
use crate::domain::money::{Money, NegativeStyle};
use crate::domain::writeoff::{Recovery, WriteOff, WriteOffState};

/// One snapshot's period of a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivityRow {
    /// The period's closing date (the snapshot's as-of date).
    pub as_of: NaiveDate,
    /// What moved in the ledger in the period (all zero in the book's first snapshot,
    /// which is the opening).
    pub activity: PeriodActivity,
    /// Recoveries dated in the period, (previous as-of, as-of]: cash on balances
    /// already written off, so not in the ledger's movements.
    pub recoveries: Money,
    /// The customer's balance at the as-of date.
    pub balance: Money,
}

/// One customer's activity over every snapshot of the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerActivity {
    /// The customer.
    pub customer_id: String,
    /// The book's currency.
    pub currency: String,
    /// One row per snapshot, oldest first; the first is the book's opening.
    pub rows: Vec<ActivityRow>,
    /// Billings by the calendar year of their document date.
    pub billings_by_year: BTreeMap<i32, Money>,
    /// The date of the customer's latest posted write-off.
    pub last_write_off: Option<NaiveDate>,
    /// What the customer was billed with document dates after that write-off.
    pub billed_after_write_off: Option<Money>,
    /// The customer's recoveries, in the book's order.
    pub recoveries: Vec<Recovery>,
}

impl CustomerActivity {
    /// The rows of `customer_id` from the book's history, its posted write-offs and its
    /// recoveries (others' are ignored). `None` when the customer has no documents in
    /// any snapshot.
    pub fn build(
        history: &BookHistory,
        customer_id: &str,
        write_offs: &[WriteOff],
        recoveries: &[Recovery],
    ) -> Option<CustomerActivity> {
        let periods = history.activity.periods.get(customer_id)?;
        let recoveries: Vec<Recovery> = recoveries
            .iter()
            .filter(|r| r.customer_id == customer_id)
            .cloned()
            .collect();
        let last_write_off = write_offs
            .iter()
            .filter(|w| w.customer_id == customer_id && w.state == WriteOffState::Posted)
            .map(|w| w.date)
            .max();
        let mut billings_by_year: BTreeMap<i32, Money> = BTreeMap::new();
        for (d, a) in history
            .activity
            .billings
            .get(customer_id)
            .into_iter()
            .flatten()
        {
            *billings_by_year.entry(d.year()).or_insert(Money::ZERO) += *a;
        }
        let billed_after_write_off = last_write_off.map(|d| {
            history
                .activity
                .billed_between(customer_id, d.succ_opt(), None)
        });
        let rows = history
            .snapshots
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let balance = history
                    .assessments
                    .get(i)
                    .and_then(|a| a.customers.iter().find(|c| c.customer_id == customer_id))
                    .map_or(Money::ZERO, |c| c.balance);
                let recovered = match i.checked_sub(1).and_then(|p| history.snapshots.get(p)) {
                    Some(previous) => recoveries
                        .iter()
                        .filter(|r| r.date > previous.as_of && r.date <= s.as_of)
                        .map(|r| r.amount)
                        .sum(),
                    None => Money::ZERO,
                };
                ActivityRow {
                    as_of: s.as_of,
                    activity: periods.get(i).copied().unwrap_or_default(),
                    recoveries: recovered,
                    balance,
                }
            })
            .collect();
        Some(CustomerActivity {
            customer_id: customer_id.to_string(),
            currency: history.currency.clone(),
            rows,
            billings_by_year,
            last_write_off,
            billed_after_write_off,
            recoveries,
        })
    }

    /// [`CustomerActivity::build`] with the write-offs and recoveries read from `book`.
    pub fn read(
        book: &Book,
        history: &BookHistory,
        customer_id: &str,
    ) -> Result<Option<CustomerActivity>, BookError> {
        let write_offs = book.write_offs(Some(WriteOffState::Posted))?;
        let recoveries = book.recoveries()?;
        Ok(CustomerActivity::build(
            history,
            customer_id,
            &write_offs,
            &recoveries,
        ))
    }

    /// The periods with movements: every row but the opening.
    pub fn periods(&self) -> &[ActivityRow] {
        self.rows.get(1..).unwrap_or_default()
    }

    /// Every period's movements added up, and the recoveries.
    pub fn totals(&self) -> (PeriodActivity, Money) {
        let mut total = PeriodActivity::default();
        let mut recovered = Money::ZERO;
        for r in self.periods() {
            total.add(&r.activity);
            recovered += r.recoveries;
        }
        (total, recovered)
    }

    /// The `activity` command's output.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => self.to_json(),
            Format::Csv => self.to_csv(),
            Format::Table => self.to_table(),
        }
    }

    fn to_json(&self) -> String {
        let rows: Vec<serde_json::Value> = self
            .periods()
            .iter()
            .map(|r| {
                serde_json::json!({
                    "as_of": r.as_of,
                    "billings": r.activity.billings,
                    "collections": r.activity.collections,
                    "write_offs": r.activity.write_offs,
                    "adjustments": r.activity.adjustments,
                    "recoveries": r.recoveries,
                    "balance": r.balance,
                })
            })
            .collect();
        let by_year: serde_json::Map<String, serde_json::Value> = self
            .billings_by_year
            .iter()
            .map(|(y, a)| (y.to_string(), serde_json::json!(a)))
            .collect();
        serde_json::to_string_pretty(&serde_json::json!({
            "customer_id": self.customer_id,
            "rows": rows,
            "billings_by_year": by_year,
            "last_write_off": self.last_write_off,
            "billed_after_write_off": self.billed_after_write_off,
            "recoveries": self.recoveries,
        }))
        .unwrap_or_default()
            + "\n"
    }

    fn to_csv(&self) -> String {
        let rows = self
            .periods()
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(self.customer_id.clone()),
                    Cell::Date(r.as_of),
                    Cell::Money(r.activity.billings),
                    Cell::Money(r.activity.collections),
                    Cell::Money(r.activity.write_offs),
                    Cell::Money(r.activity.adjustments),
                    Cell::Money(r.recoveries),
                    Cell::Money(r.balance),
                ]
            })
            .collect();
        Sheet::csv(
            &[
                "customer_id",
                "as_of",
                "billings",
                "collections",
                "write_offs",
                "adjustments",
                "recoveries",
                "balance",
            ],
            rows,
        )
    }

    fn to_table(&self) -> String {
        let mut t = TextTable::new(vec![
            ("Period to".into(), Align::Left),
            ("Billings".into(), Align::Right),
            ("Collections".into(), Align::Right),
            ("Write-offs".into(), Align::Right),
            ("Adjustments".into(), Align::Right),
            ("Balance".into(), Align::Right),
        ]);
        let style = NegativeStyle::Minus;
        for r in self.periods() {
            t.row(vec![
                r.as_of.to_string(),
                r.activity.billings.grouped(style),
                r.activity.collections.grouped(style),
                r.activity.write_offs.grouped(style),
                r.activity.adjustments.grouped(style),
                r.balance.grouped(style),
            ]);
        }
        let mut out = format!(
            "Activity of {} ({})\n\n{}",
            self.customer_id,
            self.currency,
            t.render()
        );
        out.push_str("\nBilled by year (document date):");
        for (y, a) in &self.billings_by_year {
            out.push_str(&format!("  {y}: {}", a.grouped(style)));
        }
        out.push('\n');
        if let (Some(d), Some(a)) = (self.last_write_off, self.billed_after_write_off) {
            out.push_str(&format!(
                "Billed after the write-off of {d}: {}\n",
                a.grouped(style)
            ));
        }
        for r in &self.recoveries {
            out.push_str(&format!(
                "Recovered {} on {} ({})\n",
                r.amount.grouped(style),
                r.date,
                r.note
            ));
        }
        out
    }
}

/// The `activity` output: the customer's rows read from `book` and rendered; an error
/// when the customer has no documents in any snapshot.
pub fn activity_output(
    book: &Book,
    customer_id: &str,
    format: Format,
) -> Result<String, BookError> {
    let history = book.history(&mut |_, _| {})?;
    let activity = CustomerActivity::read(book, &history, customer_id)?.ok_or_else(|| {
        BookError::Refused(format!(
            "customer '{customer_id}' has no documents in any snapshot"
        ))
    })?;
    Ok(activity.render(format))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use std::sync::atomic::AtomicBool;

    use super::*;

    fn demo() -> (Book, BookHistory) {
        let mut book = Book::in_memory("amy").unwrap();
        crate::demo::build_demo(&mut book, &mut |_, _, _| {}, &AtomicBool::new(false)).unwrap();
        let history = book.history(&mut |_, _| {}).unwrap();
        (book, history)
    }

    #[test]
    fn each_period_closes_at_the_last_balance_moved_by_its_movements() {
        let (book, history) = demo();
        let a = CustomerActivity::read(&book, &history, crate::generate::CUSTOMER_A)
            .unwrap()
            .unwrap();
        assert_eq!(a.rows.len(), history.snapshots.len());
        assert_eq!(a.periods().len(), history.snapshots.len() - 1);
        for pair in a.rows.windows(2) {
            assert_eq!(
                pair[1].balance,
                pair[0].balance + pair[1].activity.net_change(),
                "{}",
                pair[1].as_of
            );
        }
        assert_eq!(
            a.last_write_off,
            NaiveDate::from_ymd_opt(2016, 12, 20),
            "Customer A's write-off"
        );
    }

    #[test]
    fn a_recovery_counts_in_the_period_of_its_date_only() {
        let (book, history) = demo();
        let c40 = CustomerActivity::read(&book, &history, "C0040")
            .unwrap()
            .unwrap();
        let may = NaiveDate::from_ymd_opt(2017, 5, 31).unwrap();
        let recovered: Vec<(NaiveDate, Money)> = c40
            .rows
            .iter()
            .filter(|r| !r.recoveries.is_zero())
            .map(|r| (r.as_of, r.recoveries))
            .collect();
        assert_eq!(recovered, [(may, Money::parse("5000.00").unwrap())]);
        assert_eq!(c40.totals().1, Money::parse("5000.00").unwrap());
    }

    #[test]
    fn a_customer_without_documents_has_no_activity() {
        let (book, history) = demo();
        assert!(
            CustomerActivity::read(&book, &history, "NOBODY")
                .unwrap()
                .is_none()
        );
        assert!(activity_output(&book, "NOBODY", Format::Table).is_err());
    }
}
