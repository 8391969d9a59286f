//! One customer across the book, as the customer screen shows it: its documents at an
//! as-of date with their age and bucket, its balance by bucket and allowance at every
//! snapshot, its activity period by period and its billings by calendar year, its
//! specific allowances, and the checks the screen's forms run before they change the
//! book.
//!
//! Everything here is pure: it reads a [`BookHistory`] (or items the book handed over)
//! and returns rows, so it can run on a worker and be tested without a window.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::book::{Assessment, BookHistory};
use crate::domain::activity::PeriodActivity;
use crate::domain::aging::{AgingBasis, BucketSet, days_past_due};
use crate::domain::allowance::{OpenItem, WrittenOff};
use crate::domain::customer_type::CustomerType;
use crate::domain::money::{Money, NegativeStyle, format_rate};
use crate::domain::policy::{SpecificAllowance, SpecificBasis};

/// One open item of the customer at the as-of date, aged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRow {
    /// Document number.
    pub document_no: String,
    /// Document date.
    pub document_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// Days past due (or since the document date, under that basis); zero or less is
    /// current.
    pub days: i64,
    /// The bucket's label, as policy files write it (`current`, `1-30`, `1096+`).
    pub bucket: String,
    /// Original amount, when the ledger gives it.
    pub amount: Option<Money>,
    /// Outstanding at the as-of date.
    pub open_amount: Money,
    /// In dispute.
    pub disputed: bool,
    /// What posted write-offs dated on or before the as-of date took of the document,
    /// whole or in part (zero when none did).
    pub written_off: Money,
    /// The written-off part that this ledger still lists in the open amount: set apart,
    /// in no balance, bucket or allowance (zero once the ledger has booked the write-off).
    pub written_off_listed: Money,
}

impl DocumentRow {
    /// True when the ledger still lists a part of the document that was written off.
    pub fn still_listed(&self) -> bool {
        !self.written_off_listed.is_zero()
    }
}

/// Ages a customer's items under the basis and buckets of the assessment of their
/// snapshot, the same way [`crate::domain::allowance::assess_customer`] does.
/// `written_off` says what posted write-offs dated on or before the as-of date took of
/// each document, by number ([`crate::book::Book::written_off_documents`]).
pub fn document_rows(
    items: &[OpenItem],
    assessment: &Assessment,
    written_off: &HashMap<String, WrittenOff>,
) -> Vec<DocumentRow> {
    let buckets = BucketSet::parse(&assessment.bucket_labels).unwrap_or_default();
    document_rows_with(
        items,
        assessment.as_of,
        assessment.basis,
        &buckets,
        written_off,
    )
}

/// [`document_rows`] with the as-of date, basis and buckets given.
pub fn document_rows_with(
    items: &[OpenItem],
    as_of: NaiveDate,
    basis: AgingBasis,
    buckets: &BucketSet,
    written_off: &HashMap<String, WrittenOff>,
) -> Vec<DocumentRow> {
    items
        .iter()
        .map(|item| {
            let days = days_past_due(as_of, item.document_date, item.due_date, basis);
            let bucket = buckets
                .buckets()
                .get(buckets.index_of(days))
                .map(|b| b.label.clone())
                .unwrap_or_default();
            let taken = written_off.get(&item.document_no);
            DocumentRow {
                document_no: item.document_no.clone(),
                document_date: item.document_date,
                due_date: item.due_date,
                days,
                bucket,
                amount: item.amount,
                open_amount: item.open_amount,
                disputed: item.disputed,
                written_off: taken.map_or(Money::ZERO, |w| w.amount),
                written_off_listed: taken.map_or(Money::ZERO, |w| w.part_of(item.open_amount)),
            }
        })
        .collect()
}

/// The columns the documents table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DocumentColumn {
    /// Document number.
    Document,
    /// Document date.
    DocumentDate,
    /// Due date.
    DueDate,
    /// Days past due (the bucket follows it).
    #[default]
    Days,
    /// Original amount.
    Amount,
    /// Open amount.
    OpenAmount,
    /// The part written off.
    WrittenOff,
    /// Disputed first or last.
    Disputed,
}

impl DocumentColumn {
    /// The direction a first click sorts in: largest, latest or oldest first for
    /// numbers and dates, A to Z for text.
    pub fn descending_first(self) -> bool {
        !matches!(self, DocumentColumn::Document)
    }
}

/// A sort order of the documents table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentSort {
    /// The column.
    pub column: DocumentColumn,
    /// Largest (or latest, or Z) first.
    pub descending: bool,
}

impl Default for DocumentSort {
    /// Oldest debt first: what a credit controller looks at.
    fn default() -> Self {
        DocumentSort {
            column: DocumentColumn::Days,
            descending: true,
        }
    }
}

impl DocumentSort {
    /// The order after a click on `column`'s header: the same column flips, another
    /// column starts in its natural direction.
    pub fn clicked(self, column: DocumentColumn) -> DocumentSort {
        if self.column == column {
            DocumentSort {
                column,
                descending: !self.descending,
            }
        } else {
            DocumentSort {
                column,
                descending: column.descending_first(),
            }
        }
    }
}

fn compare(a: &DocumentRow, b: &DocumentRow, column: DocumentColumn) -> Ordering {
    match column {
        DocumentColumn::Document => a.document_no.cmp(&b.document_no),
        DocumentColumn::DocumentDate => a.document_date.cmp(&b.document_date),
        DocumentColumn::DueDate => a.due_date.cmp(&b.due_date),
        DocumentColumn::Days => a.days.cmp(&b.days),
        DocumentColumn::Amount => a.amount.cmp(&b.amount),
        DocumentColumn::OpenAmount => a.open_amount.cmp(&b.open_amount),
        DocumentColumn::WrittenOff => a.written_off.cmp(&b.written_off),
        DocumentColumn::Disputed => a.disputed.cmp(&b.disputed),
    }
}

/// The indices of `rows` in `sort` order; ties by document number, ascending.
pub fn sort_documents(rows: &[DocumentRow], sort: DocumentSort) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    super::sort_rows(
        &mut order,
        rows,
        sort.descending,
        |a, b| compare(a, b, sort.column),
        |r| r.document_no.as_str(),
    );
    order
}

/// The customer at one snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPoint {
    /// The snapshot's as-of date.
    pub as_of: NaiveDate,
    /// False when the customer has no items in that snapshot (every figure is zero).
    pub present: bool,
    /// The type in force then, when present.
    pub customer_type: Option<CustomerType>,
    /// Net balance.
    pub balance: Money,
    /// Required allowance.
    pub allowance: Money,
    /// Amount per bucket, aligned with [`CustomerHistory::labels`].
    pub buckets: Vec<Money>,
}

/// What moved in one period, and the balance it closed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodRow {
    /// The period's closing date (the snapshot's as-of date).
    pub as_of: NaiveDate,
    /// Billings, collections, write-offs and adjustments of the period (all zero in the
    /// book's first snapshot, which is the opening).
    pub activity: PeriodActivity,
    /// The customer's balance at the as-of date.
    pub closing: Money,
}

/// One customer across every snapshot of the book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerHistory {
    /// The customer.
    pub customer_id: String,
    /// Its name in the latest snapshot that holds it.
    pub name: Option<String>,
    /// The bucket labels of the series: those of every snapshot's matrix, in order of
    /// first appearance (the same nine unless the bucket boundaries changed).
    pub labels: Vec<String>,
    /// One point per snapshot, oldest first.
    pub points: Vec<HistoryPoint>,
    /// One row per snapshot, oldest first.
    pub periods: Vec<PeriodRow>,
    /// Billings by (year, month) of the document date.
    pub billed_by_month: BTreeMap<(i32, u32), Money>,
    /// The latest posted write-off's date seen in any snapshot, and what the customer
    /// was billed with document dates after it (trading after a write-off).
    pub billed_after_write_off: Option<(NaiveDate, Money)>,
}

impl CustomerHistory {
    /// Billings by calendar year of the document date, oldest first.
    pub fn billed_by_year(&self) -> Vec<(i32, Money)> {
        let mut years: BTreeMap<i32, Money> = BTreeMap::new();
        for (&(year, _), amount) in &self.billed_by_month {
            *years.entry(year).or_insert(Money::ZERO) += *amount;
        }
        years.into_iter().collect()
    }

    /// The index of the latest snapshot at or before `at` in which the customer has
    /// items.
    pub fn last_present(&self, at: usize) -> Option<usize> {
        let upto = at.min(self.points.len().checked_sub(1)?);
        (0..=upto).rev().find(|&i| self.points[i].present)
    }
}

/// Gathers one customer's figures from every snapshot of the book.
pub fn customer_history(history: &BookHistory, customer_id: &str) -> CustomerHistory {
    let mut labels: Vec<String> = Vec::new();
    for a in &history.assessments {
        for l in &a.bucket_labels {
            if !labels.contains(l) {
                labels.push(l.clone());
            }
        }
    }
    let mut name = None;
    let mut last_write_off = None;
    let mut points = Vec::with_capacity(history.assessments.len());
    for a in &history.assessments {
        let found = a.customers.iter().find(|c| c.customer_id == customer_id);
        let mut buckets = vec![Money::ZERO; labels.len()];
        let point = match found {
            Some(c) => {
                for (label, amount) in a.bucket_labels.iter().zip(&c.buckets) {
                    if let Some(i) = labels.iter().position(|l| l == label) {
                        buckets[i] += *amount;
                    }
                }
                if !c.name.is_empty() {
                    name = Some(c.name.clone());
                }
                last_write_off = last_write_off.max(c.last_write_off);
                HistoryPoint {
                    as_of: a.as_of,
                    present: true,
                    customer_type: Some(c.customer_type.clone()),
                    balance: c.balance,
                    allowance: c.allowance,
                    buckets,
                }
            }
            None => HistoryPoint {
                as_of: a.as_of,
                present: false,
                customer_type: None,
                balance: Money::ZERO,
                allowance: Money::ZERO,
                buckets,
            },
        };
        points.push(point);
    }
    let activity = history.activity.periods.get(customer_id);
    let periods = points
        .iter()
        .enumerate()
        .map(|(i, p)| PeriodRow {
            as_of: p.as_of,
            activity: activity
                .and_then(|periods| periods.get(i))
                .copied()
                .unwrap_or_default(),
            closing: p.balance,
        })
        .collect();
    CustomerHistory {
        customer_id: customer_id.to_string(),
        name,
        labels,
        points,
        periods,
        billed_by_month: history.activity.billed_by_month(customer_id),
        billed_after_write_off: last_write_off.map(|w| {
            let after = w.succ_opt().unwrap_or(w);
            (
                w,
                history
                    .activity
                    .billed_between(customer_id, Some(after), None),
            )
        }),
    }
}

/// A customer's specific allowances: the one in force at the as-of date, and the others
/// (earlier, later, cleared), newest first.
pub fn customer_specifics<'a>(
    history: &'a BookHistory,
    customer_id: &str,
    as_of: NaiveDate,
) -> (Option<&'a SpecificAllowance>, Vec<&'a SpecificAllowance>) {
    let mut all: Vec<&SpecificAllowance> = history
        .specifics
        .iter()
        .filter(|s| s.customer_id == customer_id)
        .collect();
    all.sort_by_key(|s| std::cmp::Reverse(s.effective_from));
    let in_force = all.iter().position(|s| s.in_force(as_of));
    let current = in_force.map(|i| all.remove(i));
    (current, all)
}

/// A specific allowance's measure in words, in the window's language: `100% of the
/// balance`, `fixed 250,000.00`.
pub fn describe_basis(basis: SpecificBasis, style: NegativeStyle) -> String {
    match basis {
        SpecificBasis::Percent(p) => t!("customer-basis-percent", rate = format_rate(p)),
        SpecificBasis::Amount(a) => t!("customer-basis-amount", amount = a.grouped(style)),
    }
}

/// Reads a percentage typed by a user, `50`, `12.5` or `50 %`, as a fraction (0.5).
/// It must lie between 0 and 100; the error says why not, in the window's language.
pub fn parse_percent_input(text: &str) -> Result<Decimal, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(t!("customer-percent-empty"));
    }
    let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
    let value: Decimal = number
        .parse()
        .map_err(|_| t!("customer-not-a-number", text = trimmed))?;
    if value.is_sign_negative() && !value.is_zero() || value > Decimal::ONE_HUNDRED {
        return Err(t!("customer-percent-range", text = trimmed));
    }
    Ok(value / Decimal::ONE_HUNDRED)
}

/// Reads an amount typed by a user: a plain decimal with at most two places, thousands
/// separators (`,`) allowed, not negative; the error says why not, in the window's
/// language.
pub fn parse_amount_input(text: &str) -> Result<Money, String> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Err(t!("customer-amount-empty"));
    }
    let amount =
        Money::parse(&cleaned).map_err(|_| t!("customer-not-an-amount", text = text.trim()))?;
    if amount.is_negative() {
        return Err(t!("customer-amount-negative"));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn item(no: &str, due: NaiveDate, open: &str) -> OpenItem {
        OpenItem {
            document_no: no.into(),
            document_date: due - chrono::Duration::days(60),
            due_date: due,
            disputed: false,
            amount: None,
            open_amount: m(open),
        }
    }

    #[test]
    fn documents_are_aged_into_the_bucket_of_their_days_past_due() {
        let items = [
            item("A", d(2017, 1, 15), "100"),
            item("B", d(2016, 12, 1), "200"),
            item("C", d(2015, 10, 1), "300"),
        ];
        let rows = document_rows_with(
            &items,
            d(2016, 12, 31),
            AgingBasis::DueDate,
            &BucketSet::default(),
            &HashMap::from([(
                "C".to_string(),
                WrittenOff {
                    amount: m("300"),
                    left_open: Money::ZERO,
                },
            )]),
        );
        let summary: Vec<(&str, i64, &str, bool)> = rows
            .iter()
            .map(|r| {
                (
                    r.document_no.as_str(),
                    r.days,
                    r.bucket.as_str(),
                    r.still_listed(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("A", -15, "current", false),
                ("B", 30, "1-30", false),
                ("C", 457, "366-730", true)
            ]
        );
        let by_document = document_rows_with(
            &items,
            d(2016, 12, 31),
            AgingBasis::DocumentDate,
            &BucketSet::default(),
            &HashMap::new(),
        );
        assert_eq!(by_document[0].days, 45, "60 days of terms, 15 to go");
    }

    #[test]
    fn a_partial_write_off_shows_its_part_and_sets_apart_only_what_the_ledger_still_lists() {
        let items = [
            // The ERP has not booked the write-off: it still lists 1,000.00.
            item("P", d(2015, 10, 1), "1000"),
            // The ERP booked it: it lists only the 400.00 left open.
            item("Q", d(2015, 10, 1), "400"),
            item("R", d(2015, 10, 1), "250"),
        ];
        let partial = WrittenOff {
            amount: m("600"),
            left_open: m("400"),
        };
        let written_off = HashMap::from([("P".to_string(), partial), ("Q".to_string(), partial)]);
        let rows = document_rows_with(
            &items,
            d(2016, 12, 31),
            AgingBasis::DueDate,
            &BucketSet::default(),
            &written_off,
        );
        let summary: Vec<(&str, Money, Money)> = rows
            .iter()
            .map(|r| (r.document_no.as_str(), r.written_off, r.written_off_listed))
            .collect();
        assert_eq!(
            summary,
            [
                ("P", m("600"), m("600")),
                ("Q", m("600"), Money::ZERO),
                ("R", Money::ZERO, Money::ZERO)
            ]
        );
        let sort = DocumentSort::default().clicked(DocumentColumn::WrittenOff);
        assert_eq!(sort_documents(&rows, sort), [0, 1, 2], "largest part first");
    }

    #[test]
    fn a_second_click_on_a_header_reverses_the_order() {
        let items = [
            item("A", d(2017, 1, 15), "100"),
            item("B", d(2016, 12, 1), "300"),
            item("C", d(2015, 10, 1), "200"),
        ];
        let rows = document_rows_with(
            &items,
            d(2016, 12, 31),
            AgingBasis::DueDate,
            &BucketSet::default(),
            &HashMap::new(),
        );
        let sort = DocumentSort::default();
        assert_eq!(sort_documents(&rows, sort), [2, 1, 0], "oldest first");
        let sort = sort.clicked(DocumentColumn::OpenAmount);
        assert_eq!(sort_documents(&rows, sort), [1, 2, 0], "largest first");
        let sort = sort.clicked(DocumentColumn::OpenAmount);
        assert_eq!(sort_documents(&rows, sort), [0, 2, 1]);
        let sort = sort.clicked(DocumentColumn::Document);
        assert_eq!(sort_documents(&rows, sort), [0, 1, 2], "A to Z first");
    }

    #[test]
    fn percentages_are_typed_in_percent_and_kept_as_fractions() {
        assert_eq!(parse_percent_input("50"), Ok(Decimal::new(5, 1)));
        assert_eq!(parse_percent_input(" 12.5 % "), Ok(Decimal::new(125, 3)));
        assert_eq!(parse_percent_input("100"), Ok(Decimal::ONE));
        assert_eq!(parse_percent_input("0"), Ok(Decimal::ZERO));
        assert!(parse_percent_input("101").is_err());
        assert!(parse_percent_input("-1").is_err());
        assert!(parse_percent_input("half").is_err());
        assert!(parse_percent_input("").is_err());
    }

    #[test]
    fn amounts_take_thousands_separators_but_not_three_places() {
        assert_eq!(parse_amount_input("1,234.50"), Ok(m("1234.50")));
        assert_eq!(parse_amount_input("250000"), Ok(m("250000")));
        assert!(parse_amount_input("1.234").is_err());
        assert!(parse_amount_input("-5").is_err());
        assert!(parse_amount_input("abc").is_err());
        assert!(parse_amount_input(" ").is_err());
    }
}
