//! The long-aging review: one row per customer at an as-of date, with the filters and
//! sort orders the review screen offers. Built on a worker from a [`BookHistory`];
//! filtering and sorting then work on the rows in memory.

use std::cmp::Ordering;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::book::BookHistory;
use crate::domain::alerts::{Alert, AlertFacts, AlertSettings, customer_alerts};
use crate::domain::money::{Money, format_rate};
use crate::domain::policy::SpecificBasis;

/// One customer in the review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRow {
    /// Customer id.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Type at the as-of date.
    pub customer_type: String,
    /// Net balance.
    pub balance: Money,
    /// Amounts per bucket (the as-of date's buckets).
    pub buckets: Vec<Money>,
    /// Days past due of the oldest positive item.
    pub oldest_days: Option<i64>,
    /// Net amount more than a year past due.
    pub over_one_year: Money,
    /// Required allowance.
    pub allowance: Money,
    /// Allowance ÷ balance, when the balance is positive.
    pub coverage: Option<Decimal>,
    /// The specific allowance in force, as text (`100%`, `250000.00`).
    pub specific: Option<String>,
    /// The as-of date of the latest period with a collection.
    pub last_collection: Option<NaiveDate>,
    /// The date of the latest collection note.
    pub last_note: Option<NaiveDate>,
    /// Alerts.
    pub alerts: Vec<Alert>,
    /// Part of the balance in dispute.
    pub disputed: Money,
}

/// Builds the review rows of the snapshot at index `at` of `history`.
pub fn review_rows(history: &BookHistory, at: usize, settings: &AlertSettings) -> Vec<ReviewRow> {
    let Some(assessment) = history.assessments.get(at) else {
        return Vec::new();
    };
    let as_of = assessment.as_of;
    assessment
        .customers
        .iter()
        .map(|c| {
            let last_note = history.last_note(&c.customer_id, as_of);
            let facts = AlertFacts {
                last_write_off: c.last_write_off,
                documents_after_write_off: c.documents_after_write_off,
                last_note,
            };
            ReviewRow {
                customer_id: c.customer_id.clone(),
                name: c.name.clone(),
                customer_type: c.customer_type.to_string(),
                balance: c.balance,
                buckets: c.buckets.clone(),
                oldest_days: c.oldest_days,
                over_one_year: c.over_one_year,
                allowance: c.allowance,
                coverage: coverage(c.allowance, c.balance),
                specific: c.specific.map(|s| match s {
                    SpecificBasis::Percent(p) => format_rate(p),
                    SpecificBasis::Amount(a) => a.to_string(),
                }),
                last_collection: history
                    .activity
                    .last_collection(&c.customer_id, at)
                    .and_then(|i| history.snapshots.get(i))
                    .map(|s| s.as_of),
                last_note,
                alerts: customer_alerts(as_of, c, &facts, settings),
                disputed: c.disputed,
            }
        })
        .collect()
}

/// Allowance as a fraction of a positive balance.
pub fn coverage(allowance: Money, balance: Money) -> Option<Decimal> {
    balance
        .is_positive()
        .then(|| allowance.amount() / balance.amount())
}

/// The review's filters. Every one is optional; they combine with "and".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReviewFilter {
    /// Oldest item more than this many days past due.
    pub min_days: Option<i64>,
    /// Only this customer type.
    pub customer_type: Option<String>,
    /// Balance at least this much.
    pub min_balance: Option<Money>,
    /// Text in the id or name (case-insensitive).
    pub search: String,
    /// Only customers with alerts.
    pub alerts_only: bool,
    /// Only customers with a non-zero amount in this bucket (a matrix cell clicked).
    pub bucket: Option<usize>,
}

impl ReviewFilter {
    /// True when the row passes every filter.
    pub fn accepts(&self, row: &ReviewRow) -> bool {
        if let Some(min) = self.min_days
            && row.oldest_days.is_none_or(|d| d <= min)
        {
            return false;
        }
        if let Some(t) = &self.customer_type
            && row.customer_type != *t
        {
            return false;
        }
        if let Some(min) = self.min_balance
            && row.balance < min
        {
            return false;
        }
        if self.alerts_only && row.alerts.is_empty() {
            return false;
        }
        if let Some(b) = self.bucket
            && row.buckets.get(b).is_none_or(|m| m.is_zero())
        {
            return false;
        }
        let needle = self.search.trim();
        if !needle.is_empty() {
            let needle = needle.to_lowercase();
            if !row.customer_id.to_lowercase().contains(&needle)
                && !row.name.to_lowercase().contains(&needle)
            {
                return false;
            }
        }
        true
    }

    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == ReviewFilter::default()
    }
}

/// The columns the review sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ReviewColumn {
    /// Customer id.
    Customer,
    /// Name.
    Name,
    /// Type.
    Type,
    /// Balance.
    #[default]
    Balance,
    /// Oldest days past due.
    OldestDays,
    /// Amount over one year.
    OverOneYear,
    /// Allowance.
    Allowance,
    /// Coverage.
    Coverage,
    /// Specific allowance.
    Specific,
    /// Last collection.
    LastCollection,
    /// Number of alerts.
    Alerts,
}

/// A sort order: a column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSort {
    /// The column.
    pub column: ReviewColumn,
    /// Largest (or latest, or Z) first.
    pub descending: bool,
}

impl Default for ReviewSort {
    fn default() -> Self {
        ReviewSort {
            column: ReviewColumn::Balance,
            descending: true,
        }
    }
}

fn compare(a: &ReviewRow, b: &ReviewRow, column: ReviewColumn) -> Ordering {
    match column {
        ReviewColumn::Customer => a.customer_id.cmp(&b.customer_id),
        ReviewColumn::Name => a.name.cmp(&b.name),
        ReviewColumn::Type => a.customer_type.cmp(&b.customer_type),
        ReviewColumn::Balance => a.balance.cmp(&b.balance),
        ReviewColumn::OldestDays => a.oldest_days.cmp(&b.oldest_days),
        ReviewColumn::OverOneYear => a.over_one_year.cmp(&b.over_one_year),
        ReviewColumn::Allowance => a.allowance.cmp(&b.allowance),
        ReviewColumn::Coverage => a.coverage.cmp(&b.coverage),
        ReviewColumn::Specific => a.specific.is_some().cmp(&b.specific.is_some()),
        ReviewColumn::LastCollection => a.last_collection.cmp(&b.last_collection),
        ReviewColumn::Alerts => a.alerts.len().cmp(&b.alerts.len()),
    }
}

/// Indices in the order of their keys (reversed when `descending`), ties by customer id.
fn sorted_by_key<K: Ord>(
    mut keyed: Vec<(K, usize)>,
    rows: &[ReviewRow],
    descending: bool,
) -> Vec<usize> {
    keyed.sort_unstable_by(|a, b| {
        let primary = if descending {
            b.0.cmp(&a.0)
        } else {
            a.0.cmp(&b.0)
        };
        primary.then_with(|| rows[a.1].customer_id.cmp(&rows[b.1].customer_id))
    });
    keyed.into_iter().map(|(_, i)| i).collect()
}

/// What the review's table needs of its rows before its first frame, worked out on the
/// worker that builds them: the rows shown under the filter and sort in force, with
/// their sums, and the texts its columns' widths depend on (so the window measures a
/// few texts, not every row's).
#[derive(Debug, Clone, Default)]
pub struct PreparedReview {
    /// The filter and sort `shown` was worked out for.
    pub filter: ReviewFilter,
    /// See `filter`.
    pub sort: ReviewSort,
    /// The rows shown, as indices into the rows, in display order.
    pub shown: Vec<usize>,
    /// The balance and allowance of the rows shown.
    pub shown_sums: (Money, Money),
    /// The customer ids with the most characters (at most [`PreparedReview::LONGEST`]).
    pub longest_ids: Vec<String>,
    /// Every customer type the rows have.
    pub types: Vec<String>,
    /// The smallest and largest balance, amount over one year and allowance.
    pub amounts: [(Money, Money); 3],
    /// The smallest and largest oldest days.
    pub days: (i64, i64),
    /// The specific allowances' texts with the most characters.
    pub longest_specifics: Vec<String>,
    /// One row (an index) for each list of alert kinds the rows have.
    pub alert_kinds: Vec<usize>,
}

impl PreparedReview {
    /// How many of the longest texts of a column are measured: in a proportional font
    /// the widest is among the longest, not always the longest.
    pub const LONGEST: usize = 64;

    /// Works the table out for `rows` under `filter` and `sort`.
    pub fn new(rows: &[ReviewRow], filter: &ReviewFilter, sort: ReviewSort) -> PreparedReview {
        let shown = filter_and_sort(rows, filter, sort);
        let shown_sums = shown_sums(rows, &shown);
        let range = |f: fn(&ReviewRow) -> Money| {
            rows.iter()
                .map(f)
                .fold((Money::ZERO, Money::ZERO), |(l, h), m| (l.min(m), h.max(m)))
        };
        let days = rows
            .iter()
            .filter_map(|r| r.oldest_days)
            .fold((0, 0), |(l, h), d| (d.min(l), d.max(h)));
        let types: std::collections::BTreeSet<&str> =
            rows.iter().map(|r| r.customer_type.as_str()).collect();
        let mut kinds = std::collections::HashMap::new();
        for (i, r) in rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.alerts.is_empty())
        {
            let list: Vec<_> = r.alerts.iter().map(std::mem::discriminant).collect();
            kinds.entry(list).or_insert(i);
        }
        let mut alert_kinds: Vec<usize> = kinds.into_values().collect();
        alert_kinds.sort_unstable();
        PreparedReview {
            filter: filter.clone(),
            sort,
            shown,
            shown_sums,
            longest_ids: longest(rows.iter().map(|r| r.customer_id.as_str())),
            types: types.into_iter().map(str::to_string).collect(),
            amounts: [
                range(|r| r.balance),
                range(|r| r.over_one_year),
                range(|r| r.allowance),
            ],
            days,
            longest_specifics: longest(rows.iter().filter_map(|r| r.specific.as_deref())),
            alert_kinds,
        }
    }
}

/// The balance and allowance of the rows `shown` (indices into `rows`).
pub fn shown_sums(rows: &[ReviewRow], shown: &[usize]) -> (Money, Money) {
    shown.iter().fold((Money::ZERO, Money::ZERO), |(b, a), &i| {
        (b + rows[i].balance, a + rows[i].allowance)
    })
}

/// The [`PreparedReview::LONGEST`] texts with the most characters.
fn longest<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut counted: Vec<(usize, &str)> = texts.map(|t| (t.chars().count(), t)).collect();
    if counted.len() > PreparedReview::LONGEST {
        counted.select_nth_unstable_by_key(PreparedReview::LONGEST - 1, |(n, _)| {
            std::cmp::Reverse(*n)
        });
        counted.truncate(PreparedReview::LONGEST);
    }
    counted.into_iter().map(|(_, t)| t.to_string()).collect()
}

/// The indices of the rows that pass `filter`, in `sort` order (ties by customer id).
pub fn filter_and_sort(rows: &[ReviewRow], filter: &ReviewFilter, sort: ReviewSort) -> Vec<usize> {
    let mut shown: Vec<usize> = (0..rows.len())
        .filter(|&i| filter.accepts(&rows[i]))
        .collect();
    // The sort keys are read once a row, integers where they can be: a big book's
    // table sorts within a frame (comparing through the rows, decimals and options
    // took most of it). Each key orders as its column's values do (`None` first).
    let integer: Option<fn(&ReviewRow) -> i64> = match sort.column {
        ReviewColumn::Balance => Some(|r| r.balance.to_minor()),
        ReviewColumn::OverOneYear => Some(|r| r.over_one_year.to_minor()),
        ReviewColumn::Allowance => Some(|r| r.allowance.to_minor()),
        ReviewColumn::OldestDays => Some(|r| r.oldest_days.unwrap_or(i64::MIN)),
        ReviewColumn::LastCollection => Some(|r| {
            r.last_collection.map_or(i64::MIN, |d| {
                i64::from(chrono::Datelike::num_days_from_ce(&d))
            })
        }),
        ReviewColumn::Specific => Some(|r| i64::from(r.specific.is_some())),
        ReviewColumn::Alerts => Some(|r| r.alerts.len() as i64),
        _ => None,
    };
    let text: Option<fn(&ReviewRow) -> &str> = match sort.column {
        ReviewColumn::Customer => Some(|r| r.customer_id.as_str()),
        ReviewColumn::Name => Some(|r| r.name.as_str()),
        ReviewColumn::Type => Some(|r| r.customer_type.as_str()),
        _ => None,
    };
    if let Some(key) = integer {
        let keyed: Vec<(i64, usize)> = shown.iter().map(|&i| (key(&rows[i]), i)).collect();
        return sorted_by_key(keyed, rows, sort.descending);
    }
    if let Some(key) = text {
        let keyed: Vec<(&str, usize)> = shown.iter().map(|&i| (key(&rows[i]), i)).collect();
        return sorted_by_key(keyed, rows, sort.descending);
    }
    super::sort_rows(
        &mut shown,
        rows,
        sort.descending,
        |a, b| compare(a, b, sort.column),
        |r| r.customer_id.as_str(),
    );
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: usize, balance: i64, over: i64, allowance: i64) -> ReviewRow {
        ReviewRow {
            customer_id: format!("C{id:04}"),
            name: String::new(),
            customer_type: "private".into(),
            balance: Money::from_minor(balance),
            buckets: Vec::new(),
            oldest_days: None,
            over_one_year: Money::from_minor(over),
            allowance: Money::from_minor(allowance),
            coverage: None,
            specific: None,
            last_collection: None,
            last_note: None,
            alerts: Vec::new(),
            disputed: Money::ZERO,
        }
    }

    #[test]
    fn a_prepared_review_holds_the_rows_shown_and_the_texts_its_widths_come_from() {
        let mut rows: Vec<ReviewRow> = (0..200)
            .map(|i| row(i, i as i64 * 100 - 5_000, 0, i as i64))
            .collect();
        rows[7].customer_id = "C0007-LONGEST-ID".into();
        rows[9].specific = Some("50% from 2016-03-31".into());
        let note = Alert::NoRecentNote {
            oldest_days: 400,
            last_note: None,
        };
        let related = Alert::RelatedParty {
            balance: Money::ZERO,
        };
        rows[3].alerts = vec![note.clone()];
        rows[4].alerts = vec![note.clone()];
        rows[5].alerts = vec![note, related.clone()];
        rows[6].alerts = vec![related];
        let filter = ReviewFilter {
            min_balance: Some(Money::ZERO),
            ..ReviewFilter::default()
        };
        let sort = ReviewSort::default();
        let p = PreparedReview::new(&rows, &filter, sort);
        assert_eq!(p.shown, filter_and_sort(&rows, &filter, sort));
        assert_eq!(p.shown.len(), 150);
        assert_eq!(p.shown[0], 199);
        let sum: Money = p.shown.iter().map(|&i| rows[i].balance).sum();
        assert_eq!(p.shown_sums.0, sum);
        assert_eq!(p.longest_ids.len(), PreparedReview::LONGEST);
        assert!(p.longest_ids.contains(&"C0007-LONGEST-ID".to_string()));
        assert_eq!(p.types, ["private"]);
        assert_eq!(
            p.amounts[0],
            (Money::from_minor(-5_000), Money::from_minor(14_900))
        );
        assert_eq!(p.longest_specifics, ["50% from 2016-03-31"]);
        // One row for each list of kinds: [note], [note, related], [related].
        assert_eq!(p.alert_kinds, [3, 5, 6]);
    }

    proptest::proptest! {
        /// Sorting by any column through keys read once a row gives the order the
        /// column's values themselves give, ties by customer id, both ways.
        #[test]
        fn every_column_sorts_as_its_values_compare(
            amounts in proptest::collection::vec((-50i64..50, -5i64..5, 0i64..3), 0..60),
            days in proptest::collection::vec(proptest::option::of(-3i64..3), 60),
            descending: bool,
        ) {
            // Ids in reverse of the row order, so ties are broken by id, not by position.
            let n = amounts.len();
            let rows: Vec<ReviewRow> = amounts
                .iter()
                .enumerate()
                .map(|(i, &(b, o, a))| {
                    let mut r = row(n - i, b * 1_000_001, o, a);
                    r.oldest_days = days[i];
                    r.last_collection = days[i].map(|d| {
                        NaiveDate::from_ymd_opt(2016, 12, 31).unwrap() + chrono::Days::new(d.unsigned_abs())
                    });
                    r.name = format!("N{}", b.rem_euclid(4));
                    r.customer_type = ["private", "state_owned"][(o.rem_euclid(2)) as usize].into();
                    r.specific = (a == 1).then(|| "50%".to_string());
                    r
                })
                .collect();
            for column in [
                ReviewColumn::Customer,
                ReviewColumn::Name,
                ReviewColumn::Type,
                ReviewColumn::Balance,
                ReviewColumn::OldestDays,
                ReviewColumn::OverOneYear,
                ReviewColumn::Allowance,
                ReviewColumn::Coverage,
                ReviewColumn::Specific,
                ReviewColumn::LastCollection,
                ReviewColumn::Alerts,
            ] {
                let sort = ReviewSort { column, descending };
                let mut expected: Vec<usize> = (0..rows.len()).collect();
                super::super::sort_rows(
                    &mut expected,
                    &rows,
                    descending,
                    |a, b| compare(a, b, column),
                    |r| r.customer_id.as_str(),
                );
                proptest::prop_assert_eq!(
                    filter_and_sort(&rows, &ReviewFilter::default(), sort),
                    expected
                );
            }
        }
    }
}
