//! The provision matrix as rows, for `agebook policy show` and the policy screen alike,
//! and what a draft of the matrix would do to the allowance, type by type.
//!
//! The rows keep the matrix's order (the types by name, then the `*` row for every type
//! not listed), so the window and the command line list them the same way. A rate typed
//! in the window is read by [`parse_rate_input`], which hands the text to the one rate
//! parser ([`crate::domain::money::parse_rate`]) as a percentage and holds it to the
//! policy file's range, 0 to 100%.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::book::Assessment;
use crate::domain::aging::{AgingBasis, BucketSet};
use crate::domain::customer_type::CustomerType;
use crate::domain::money::{Money, parse_rate};
use crate::domain::policy::ProvisionMatrix;

/// The name of the row that covers every type the matrix does not list.
pub const FALLBACK_ROW: &str = "*";

/// One row of the matrix: a type (or every other type) and its rate per bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyRow {
    /// The type; `None` for the `*` row.
    pub customer_type: Option<CustomerType>,
    /// One rate per bucket, as fractions (0.035 = 3.5%).
    pub rates: Vec<Decimal>,
}

impl PolicyRow {
    /// The row's name as policy files and JSON write it: the type, or `*`.
    pub fn key(&self) -> &str {
        self.customer_type
            .as_ref()
            .map_or(FALLBACK_ROW, CustomerType::as_str)
    }
}

/// A matrix version as a table: its dates, basis, bucket labels and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyTable {
    /// The first as-of date it applies to.
    pub effective: NaiveDate,
    /// What ages are counted from.
    pub basis: AgingBasis,
    /// The bucket labels as stored (`current`, `1-30`, `1096+`).
    pub buckets: Vec<String>,
    /// The types in the matrix's order, then the `*` row.
    pub rows: Vec<PolicyRow>,
}

/// The rows of a matrix: the built-in types in the order every report lists them (state
/// owned, government, private, related party, individual, other), then the types a user
/// added by name, then the `*` row.
pub fn policy_table(matrix: &ProvisionMatrix) -> PolicyTable {
    let mut typed: Vec<PolicyRow> = matrix
        .rates
        .iter()
        .map(|(t, r)| PolicyRow {
            customer_type: Some(t.clone()),
            rates: r.clone(),
        })
        .collect();
    typed.sort_by_key(|row| {
        let name = row.key().to_string();
        let built_in = CustomerType::BUILT_IN
            .iter()
            .position(|b| *b == name)
            .unwrap_or(CustomerType::BUILT_IN.len());
        (built_in, name)
    });
    let rows = typed
        .into_iter()
        .chain(matrix.fallback.iter().map(|r| PolicyRow {
            customer_type: None,
            rates: r.clone(),
        }))
        .collect();
    PolicyTable {
        effective: matrix.effective,
        basis: matrix.basis,
        buckets: matrix.buckets.labels(),
        rows,
    }
}

impl PolicyTable {
    /// The JSON document `agebook policy show --format json` prints (SPEC section 5):
    /// rates as exact decimal text, keyed by row and bucket label.
    pub fn to_json(&self) -> serde_json::Value {
        let mut rates = serde_json::Map::new();
        for row in &self.rows {
            let mut cells = serde_json::Map::new();
            for (label, rate) in self.buckets.iter().zip(&row.rates) {
                cells.insert(
                    label.clone(),
                    serde_json::Value::String(rate.normalize().to_string()),
                );
            }
            rates.insert(row.key().to_string(), serde_json::Value::Object(cells));
        }
        serde_json::json!({
            "effective": self.effective,
            "basis": self.basis.as_str(),
            "buckets": self.buckets,
            "rates": rates,
        })
    }
}

/// Why a typed rate is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RateInputError {
    /// Nothing typed.
    Empty,
    /// The text is not a number (the text, trimmed).
    NotANumber(String),
    /// A number outside 0 to 100% (the text, trimmed).
    OutOfRange(String),
}

/// Reads a rate typed as a percentage (`20`, `0.5`, `12.5%`) as a fraction, with the
/// policy file's rule that it lies between 0 and 100%.
pub fn parse_rate_input(text: &str) -> Result<Decimal, RateInputError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(RateInputError::Empty);
    }
    let number = trimmed.strip_suffix('%').unwrap_or(trimmed).trim();
    let rate = parse_rate(&format!("{number}%"))
        .ok_or_else(|| RateInputError::NotANumber(trimmed.to_string()))?;
    if rate < Decimal::ZERO || rate > Decimal::ONE {
        return Err(RateInputError::OutOfRange(trimmed.to_string()));
    }
    Ok(rate)
}

/// A rate as the window's editor shows it in a cell: a percentage without the sign,
/// with up to four places and no trailing zeros (`0.5`, `20`, `100`).
pub fn rate_input_text(rate: Decimal) -> String {
    match rate.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => p.round_dp(4).normalize().to_string(),
        None => rate.to_string(),
    }
}

/// The day each bucket but the last ends on (the last is open-ended).
pub fn bucket_ends(buckets: &BucketSet) -> Vec<i64> {
    buckets.buckets().iter().filter_map(|b| b.upper).collect()
}

/// The labels of the buckets that end on `ends` and then one open-ended bucket: the
/// first is `current` when it ends on day 0 (else `0-N`), the others start the day after
/// the one before ends. [`BucketSet::parse`] then checks them as it checks a policy
/// file's header.
pub fn bucket_labels_from_ends(ends: &[i64]) -> Vec<String> {
    let mut labels = Vec::with_capacity(ends.len() + 1);
    let mut start = 0i64;
    for (i, &end) in ends.iter().enumerate() {
        labels.push(if i == 0 && end == 0 {
            "current".to_string()
        } else {
            format!("{start}-{end}")
        });
        start = end.saturating_add(1);
    }
    labels.push(format!("{start}+"));
    labels
}

/// One customer type's allowance at a snapshot, now and under a draft matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeChange {
    /// The type in force at the snapshot.
    pub customer_type: CustomerType,
    /// Customers of that type in the snapshot.
    pub customers: usize,
    /// The required allowance under the matrix in force.
    pub current: Money,
    /// The required allowance under the draft.
    pub draft: Money,
}

impl TypeChange {
    /// Draft less current.
    pub fn difference(&self) -> Money {
        self.draft - self.current
    }
}

/// What a draft matrix does to the allowance at one snapshot, by customer type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowanceChange {
    /// The snapshot.
    pub as_of: NaiveDate,
    /// One row per type, in the built-in types' order, then other types by name.
    pub rows: Vec<TypeChange>,
    /// Every customer's allowance under the matrix in force.
    pub current_total: Money,
    /// Every customer's allowance under the draft.
    pub draft_total: Money,
}

impl AllowanceChange {
    /// Draft total less current total.
    pub fn difference(&self) -> Money {
        self.draft_total - self.current_total
    }
}

/// Compares two assessments of one snapshot (the matrix in force and a draft), type by
/// type. Each customer counts in the type it has in `current`.
pub fn allowance_change(current: &Assessment, draft: &Assessment) -> AllowanceChange {
    let mut groups: BTreeMap<(usize, String), TypeChange> = BTreeMap::new();
    let mut type_of: BTreeMap<&str, (usize, String)> = BTreeMap::new();
    for c in &current.customers {
        let (rank, name) = c.customer_type.rank();
        let key = (rank, name.to_string());
        type_of.insert(c.customer_id.as_str(), key.clone());
        let row = groups.entry(key).or_insert_with(|| TypeChange {
            customer_type: c.customer_type.clone(),
            customers: 0,
            current: Money::ZERO,
            draft: Money::ZERO,
        });
        row.customers += 1;
        row.current += c.allowance;
    }
    for c in &draft.customers {
        let key = type_of
            .get(c.customer_id.as_str())
            .cloned()
            .unwrap_or_else(|| {
                let (rank, name) = c.customer_type.rank();
                (rank, name.to_string())
            });
        let row = groups.entry(key).or_insert_with(|| TypeChange {
            customer_type: c.customer_type.clone(),
            customers: 0,
            current: Money::ZERO,
            draft: Money::ZERO,
        });
        row.draft += c.allowance;
    }
    AllowanceChange {
        as_of: current.as_of,
        rows: groups.into_values().collect(),
        current_total: current.total_allowance(),
        draft_total: draft.total_allowance(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn a_rate_is_typed_in_percent_and_kept_as_a_fraction() {
        assert_eq!(parse_rate_input("25"), Ok(dec("0.25")));
        assert_eq!(parse_rate_input(" 12.5 % "), Ok(dec("0.125")));
        assert_eq!(parse_rate_input("0.5"), Ok(dec("0.005")));
        assert_eq!(parse_rate_input("100%"), Ok(Decimal::ONE));
        assert_eq!(parse_rate_input("0"), Ok(Decimal::ZERO));
    }

    #[test]
    fn a_rate_that_is_not_a_percentage_between_0_and_100_is_refused() {
        assert_eq!(
            parse_rate_input("abc"),
            Err(RateInputError::NotANumber("abc".into()))
        );
        assert_eq!(
            parse_rate_input("150%"),
            Err(RateInputError::OutOfRange("150%".into()))
        );
        assert_eq!(
            parse_rate_input("-1"),
            Err(RateInputError::OutOfRange("-1".into()))
        );
        assert_eq!(parse_rate_input("  "), Err(RateInputError::Empty));
        assert!(matches!(
            parse_rate_input("5%%"),
            Err(RateInputError::NotANumber(_))
        ));
    }

    #[test]
    fn a_rate_shows_in_its_cell_as_the_percentage_it_parses_back_to() {
        for rate in ["0.005", "0.2", "1", "0", "0.0325"] {
            let text = rate_input_text(dec(rate));
            assert_eq!(parse_rate_input(&text), Ok(dec(rate)), "{text}");
        }
        assert_eq!(rate_input_text(dec("0.005")), "0.5");
        assert_eq!(rate_input_text(dec("1.00")), "100");
    }

    #[test]
    fn bucket_ends_give_back_the_labels_they_came_from() {
        let buckets = BucketSet::default();
        let ends = bucket_ends(&buckets);
        assert_eq!(ends, vec![0, 30, 60, 90, 180, 365, 730, 1095]);
        assert_eq!(bucket_labels_from_ends(&ends), buckets.labels());
        assert_eq!(
            bucket_labels_from_ends(&[10, 40]),
            vec!["0-10", "11-40", "41+"]
        );
        assert!(BucketSet::parse(&bucket_labels_from_ends(&[10, 40])).is_ok());
        // An end before the bucket's start is the policy file's error.
        assert!(BucketSet::parse(&bucket_labels_from_ends(&[0, 30, 20])).is_err());
    }

    #[test]
    fn the_fallback_row_comes_last_and_is_named_star() {
        let m = ProvisionMatrix::default_matrix(NaiveDate::from_ymd_opt(2016, 1, 1).unwrap());
        let table = policy_table(&m);
        assert_eq!(table.rows.len(), m.rates.len() + 1);
        assert_eq!(table.rows.last().map(PolicyRow::key), Some("*"));
        let json = table.to_json();
        assert_eq!(json["rates"]["private"]["181-365"], "0.2");
        assert_eq!(json["basis"], "due_date");
    }

    #[test]
    fn the_types_come_in_the_order_reports_list_them_then_a_users_by_name() {
        let mut m = ProvisionMatrix::default_matrix(NaiveDate::from_ymd_opt(2016, 1, 1).unwrap());
        let row = m.rates.values().next().cloned().unwrap_or_default();
        for name in ["key_account", "distributor"] {
            m.rates
                .insert(CustomerType::parse(name).unwrap(), row.clone());
        }
        let table = policy_table(&m);
        let keys: Vec<&str> = table.rows.iter().map(PolicyRow::key).collect();
        assert_eq!(
            keys,
            [
                "state_owned",
                "government",
                "private",
                "related_party",
                "individual",
                "other",
                "distributor",
                "key_account",
                "*"
            ]
        );
    }
}
