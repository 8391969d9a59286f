//! The provision matrix (loss rates by customer type and bucket, versioned by effective
//! date) and specific allowances (individual assessments that replace the matrix).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::aging::{AgingBasis, BucketSet};
use super::customer_type::CustomerType;
use super::money::Money;

/// One version of the provision matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvisionMatrix {
    /// The first as-of date this version applies to.
    pub effective: NaiveDate,
    /// What ages are counted from.
    pub basis: AgingBasis,
    /// The buckets the rates are given for.
    pub buckets: BucketSet,
    /// Rates per type, one per bucket, as fractions (0.035 = 3.5 %).
    pub rates: BTreeMap<CustomerType, Vec<Decimal>>,
    /// The `*` row: rates for every type not listed.
    pub fallback: Option<Vec<Decimal>>,
}

/// The rates of the matrix a new book starts with, per type, for the nine default
/// buckets (Current, 1–30, 31–60, 61–90, 91–180, 181–365, 366–730, 731–1095, over 1095).
/// The README explains them.
pub const DEFAULT_RATES: [(&str, [&str; 9]); 7] = [
    (
        "state_owned",
        [
            "0.002", "0.005", "0.01", "0.02", "0.05", "0.10", "0.30", "0.60", "1",
        ],
    ),
    (
        "government",
        [
            "0.001", "0.003", "0.005", "0.01", "0.03", "0.05", "0.20", "0.50", "0.80",
        ],
    ),
    (
        "private",
        [
            "0.005", "0.01", "0.03", "0.05", "0.10", "0.20", "0.50", "0.80", "1",
        ],
    ),
    (
        "related_party",
        [
            "0", "0.001", "0.002", "0.005", "0.01", "0.02", "0.05", "0.10", "0.20",
        ],
    ),
    (
        "individual",
        [
            "0.01", "0.02", "0.05", "0.10", "0.20", "0.40", "0.70", "1", "1",
        ],
    ),
    (
        "other",
        [
            "0.005", "0.01", "0.03", "0.05", "0.10", "0.20", "0.50", "0.80", "1",
        ],
    ),
    (
        "*",
        [
            "0.005", "0.01", "0.03", "0.05", "0.10", "0.20", "0.50", "0.80", "1",
        ],
    ),
];

impl ProvisionMatrix {
    /// The matrix a new book starts with, in force from `effective`.
    pub fn default_matrix(effective: NaiveDate) -> ProvisionMatrix {
        let mut rates = BTreeMap::new();
        let mut fallback = None;
        for (name, row) in DEFAULT_RATES {
            let row: Vec<Decimal> = row.iter().map(|r| r.parse().unwrap_or_default()).collect();
            if name == "*" {
                fallback = Some(row);
            } else if let Ok(t) = CustomerType::parse(name) {
                rates.insert(t, row);
            }
        }
        ProvisionMatrix {
            effective,
            basis: AgingBasis::DueDate,
            buckets: BucketSet::default(),
            rates,
            fallback,
        }
    }

    /// The rates for a type: its own row, else the `*` row, else none (zero).
    pub fn rates_for(&self, customer_type: &CustomerType) -> Option<&[Decimal]> {
        self.rates
            .get(customer_type)
            .or(self.fallback.as_ref())
            .map(Vec::as_slice)
    }

    /// The rate for a type and bucket; zero where the matrix has none.
    pub fn rate(&self, customer_type: &CustomerType, bucket: usize) -> Decimal {
        self.rates_for(customer_type)
            .and_then(|r| r.get(bucket).copied())
            .unwrap_or(Decimal::ZERO)
    }
}

/// The versions of the matrix, oldest first.
#[derive(Debug, Clone, Default)]
pub struct PolicyHistory {
    versions: Vec<ProvisionMatrix>,
}

impl PolicyHistory {
    /// Builds the history from versions in any order.
    pub fn new(mut versions: Vec<ProvisionMatrix>) -> PolicyHistory {
        versions.sort_by_key(|v| v.effective);
        PolicyHistory { versions }
    }

    /// The version in force at `as_of`: the newest whose effective date is on or before
    /// it.
    pub fn in_force(&self, as_of: NaiveDate) -> Option<&ProvisionMatrix> {
        self.versions.iter().rev().find(|v| v.effective <= as_of)
    }

    /// All versions, oldest first.
    pub fn versions(&self) -> &[ProvisionMatrix] {
        &self.versions
    }
}

/// How a specific allowance is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpecificBasis {
    /// A fraction of the customer's net balance (1 = 100 %).
    Percent(Decimal),
    /// A fixed amount.
    Amount(Money),
}

/// An individual assessment of one customer that replaces the matrix while in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecificAllowance {
    /// The customer.
    pub customer_id: String,
    /// Percentage or amount.
    pub basis: SpecificBasis,
    /// Why: the assessment in a sentence.
    pub reason: String,
    /// The first as-of date it applies to.
    pub effective_from: NaiveDate,
    /// The first as-of date it no longer applies to, once cleared.
    pub effective_to: Option<NaiveDate>,
    /// Who set it.
    pub set_by: String,
}

impl SpecificAllowance {
    /// True when it applies at `as_of`.
    pub fn in_force(&self, as_of: NaiveDate) -> bool {
        self.effective_from <= as_of && self.effective_to.is_none_or(|to| as_of < to)
    }

    /// The allowance it gives on a net balance, before the cap.
    pub fn amount_for(&self, net_balance: Money) -> Money {
        match self.basis {
            SpecificBasis::Percent(p) => Money::round(net_balance.max_zero().times(p)),
            SpecificBasis::Amount(a) => a,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_default_matrix_covers_every_built_in_type_and_bucket() {
        let m = ProvisionMatrix::default_matrix(d(1900, 1, 1));
        for t in CustomerType::BUILT_IN {
            let rates = m.rates_for(&CustomerType::parse(t).unwrap()).unwrap();
            assert_eq!(rates.len(), 9, "{t}");
            assert!(
                rates.windows(2).all(|w| w[0] <= w[1]),
                "{t}: rates rise with age"
            );
        }
        let new_type = CustomerType::parse("distributor").unwrap();
        assert_eq!(
            m.rate(&new_type, 8),
            Decimal::ONE,
            "the * row covers new types"
        );
    }

    #[test]
    fn the_newest_version_on_or_before_the_as_of_date_is_in_force() {
        let h = PolicyHistory::new(vec![
            ProvisionMatrix::default_matrix(d(2017, 1, 1)),
            ProvisionMatrix::default_matrix(d(1900, 1, 1)),
        ]);
        assert_eq!(
            h.in_force(d(2016, 12, 31)).unwrap().effective,
            d(1900, 1, 1)
        );
        assert_eq!(h.in_force(d(2017, 1, 1)).unwrap().effective, d(2017, 1, 1));
        assert!(h.in_force(d(1899, 12, 31)).is_none());
    }

    #[test]
    fn a_cleared_specific_allowance_stops_on_its_clear_date() {
        let s = SpecificAllowance {
            customer_id: "C1".into(),
            basis: SpecificBasis::Percent(Decimal::ONE),
            reason: "dispute".into(),
            effective_from: d(2016, 3, 31),
            effective_to: Some(d(2016, 12, 31)),
            set_by: "amy".into(),
        };
        assert!(!s.in_force(d(2016, 2, 29)));
        assert!(s.in_force(d(2016, 3, 31)));
        assert!(s.in_force(d(2016, 11, 30)));
        assert!(!s.in_force(d(2016, 12, 31)));
    }
}
