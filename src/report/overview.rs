//! The overview of one as-of date: the headline figures, the change against the prior
//! snapshot, the aging matrix, and the trends across all snapshots.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};

use super::aging::{AgingReport, GroupBy, Measure};
use crate::book::{BookHistory, month_key};
use crate::domain::money::Money;

/// Months without a billing after which a customer who bought in the twelve months
/// before counts as lost.
pub const SILENCE_MONTHS: u32 = 6;

/// The headline figures of one snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headline {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Total receivables (net).
    pub total: Money,
    /// Required allowance.
    pub allowance: Money,
    /// Net amount more than a year past due.
    pub over_one_year: Money,
    /// Customers with a balance.
    pub customers: usize,
}

/// One point of the trends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendPoint {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Total receivables.
    pub total: Money,
    /// Required allowance.
    pub allowance: Money,
    /// Amount over one year past due.
    pub over_one_year: Money,
    /// Customers lost: billed in the twelve months before the last six, and not in the
    /// last six; `None` until the book reaches back six months past its first billing.
    pub customers_lost: Option<usize>,
}

/// Everything the overview screen shows.
#[derive(Debug, Clone)]
pub struct Overview {
    /// This snapshot.
    pub current: Headline,
    /// The snapshot before it, if any.
    pub prior: Option<Headline>,
    /// The aging matrix by type, amounts.
    pub amounts: AgingReport,
    /// The same, allowance.
    pub allowance: AgingReport,
    /// Every snapshot's figures, oldest first.
    pub trend: Vec<TrendPoint>,
}

fn headline(history: &BookHistory, at: usize) -> Option<Headline> {
    let a = history.assessments.get(at)?;
    Some(Headline {
        as_of: a.as_of,
        total: a.total_balance(),
        allowance: a.total_allowance(),
        over_one_year: a.customers.iter().map(|c| c.over_one_year).sum(),
        customers: a.customers.iter().filter(|c| c.items > 0).count(),
    })
}

/// Builds the overview of the snapshot at index `at`.
pub fn overview(history: &BookHistory, at: usize) -> Option<Overview> {
    let assessment = history.assessments.get(at)?;
    Some(Overview {
        current: headline(history, at)?,
        prior: at.checked_sub(1).and_then(|p| headline(history, p)),
        amounts: AgingReport::build(assessment, Measure::Amounts, GroupBy::Type),
        allowance: AgingReport::build(assessment, Measure::Allowance, GroupBy::Type),
        trend: trend(history),
    })
}

/// The trends across every snapshot.
pub fn trend(history: &BookHistory) -> Vec<TrendPoint> {
    let first = history.snapshots.first().map(|s| s.as_of);
    // Billing months per customer (by document date).
    let billed: BTreeMap<&str, BTreeSet<(i32, u32)>> = history
        .activity
        .billings
        .iter()
        .map(|(c, billings)| {
            (
                c.as_str(),
                billings.iter().map(|(d, _)| month_key(*d)).collect(),
            )
        })
        .collect();
    (0..history.assessments.len())
        .filter_map(|i| {
            let h = headline(history, i)?;
            let lost = first.and_then(|first| {
                let silent_from = h.as_of.checked_sub_months(Months::new(SILENCE_MONTHS))?;
                let window_from = silent_from.checked_sub_months(Months::new(12))?;
                // Billings are known from the book's second month on: the silence must
                // start after it.
                if silent_from <= first.checked_add_months(Months::new(1))? {
                    return None;
                }
                let (from, mid, to) = (
                    month_key(window_from),
                    month_key(silent_from),
                    month_key(h.as_of),
                );
                Some(
                    billed
                        .values()
                        .filter(|months| {
                            months.range((from.0, from.1 + 1)..=mid).next().is_some()
                                && months.range((mid.0, mid.1 + 1)..=to).next().is_none()
                        })
                        .count(),
                )
            });
            Some(TrendPoint {
                as_of: h.as_of,
                total: h.total,
                allowance: h.allowance,
                over_one_year: h.over_one_year,
                customers_lost: lost,
            })
        })
        .collect()
}
