//! Aging: days past due and the buckets they fall in.
//!
//! Invariant: every open item falls in exactly one bucket, so the bucket totals of a
//! snapshot sum to its total exactly. The first bucket is open below (items not yet due,
//! or dated after the as-of date) and the last is open above.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What an item's age is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgingBasis {
    /// Days past the due date (the default).
    #[default]
    DueDate,
    /// Days since the document date.
    DocumentDate,
}

impl AgingBasis {
    /// The name used in policy files and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            AgingBasis::DueDate => "due_date",
            AgingBasis::DocumentDate => "document_date",
        }
    }

    /// Reads `due_date` or `document_date`.
    pub fn parse(text: &str) -> Option<AgingBasis> {
        match text.trim() {
            "due_date" | "due" => Some(AgingBasis::DueDate),
            "document_date" | "document" | "invoice_date" => Some(AgingBasis::DocumentDate),
            _ => None,
        }
    }
}

impl fmt::Display for AgingBasis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The age in days of an item at `as_of`: as-of date minus the due date (or the document
/// date under [`AgingBasis::DocumentDate`]). Zero or less means current.
pub fn days_past_due(
    as_of: NaiveDate,
    document_date: NaiveDate,
    due_date: NaiveDate,
    basis: AgingBasis,
) -> i64 {
    let from = match basis {
        AgingBasis::DueDate => due_date,
        AgingBasis::DocumentDate => document_date,
    };
    (as_of - from).num_days()
}

/// One bucket: an inclusive range of days. `upper` is `None` for the last bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// The label as policy files and JSON keys write it: `current`, `1-30`, `1096+`.
    pub label: String,
    /// First day of the range; the first bucket also takes everything below.
    pub lower: i64,
    /// Last day of the range; `None` when open-ended.
    pub upper: Option<i64>,
}

/// Why a list of bucket labels is not a valid set of buckets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BucketError {
    /// A label is neither `current`, `A-B` nor `N+`.
    #[error(
        "bucket '{0}' is not 'current', a range such as '31-60', or an open end such as '1096+'"
    )]
    BadLabel(String),
    /// Ranges leave a gap or overlap.
    #[error("bucket '{label}' should start at day {expected}: buckets must be contiguous")]
    NotContiguous {
        /// The offending label.
        label: String,
        /// The day it should start at.
        expected: i64,
    },
    /// The first bucket does not start at current or day 0.
    #[error("the first bucket must be 'current' or start at day 0, not '{0}'")]
    BadFirst(String),
    /// The last bucket is closed.
    #[error("the last bucket must be open-ended, such as '{0}+'")]
    ClosedLast(i64),
    /// There are fewer than two buckets.
    #[error("a policy needs at least two buckets")]
    TooFew,
    /// An open-ended bucket with another after it.
    #[error("only the last bucket may be open-ended, not '{0}'")]
    OpenBeforeLast(String),
    /// A day beyond any age a book can hold.
    #[error("bucket '{0}' names a day beyond {MAX_BUCKET_DAY}")]
    TooManyDays(String),
}

/// The largest day a bucket label may name: far beyond any age between the dates a book
/// accepts (1900 to 2199 is about 110,000 days), and far from overflowing.
pub const MAX_BUCKET_DAY: i64 = 1_000_000;

/// An ordered, contiguous set of buckets covering every number of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketSet {
    buckets: Vec<Bucket>,
}

/// The default labels: Current, 1–30, 31–60, 61–90, 91–180, 181–365, 366–730, 731–1095,
/// over 1095.
pub const DEFAULT_BUCKET_LABELS: [&str; 9] = [
    "current", "1-30", "31-60", "61-90", "91-180", "181-365", "366-730", "731-1095", "1096+",
];

impl Default for BucketSet {
    fn default() -> Self {
        // The default labels are valid by construction; a test pins it.
        BucketSet::parse(&DEFAULT_BUCKET_LABELS).unwrap_or(BucketSet {
            buckets: Vec::new(),
        })
    }
}

impl BucketSet {
    /// Builds buckets from labels such as `current, 1-30, 31-60, 61-90, 91+`.
    pub fn parse<S: AsRef<str>>(labels: &[S]) -> Result<BucketSet, BucketError> {
        if labels.len() < 2 {
            return Err(BucketError::TooFew);
        }
        let mut buckets: Vec<Bucket> = Vec::with_capacity(labels.len());
        for raw in labels {
            let text = raw.as_ref().trim().to_lowercase().replace(' ', "");
            let (lower, upper) = if text == "current" {
                (i64::MIN, Some(0))
            } else if let Some(n) = text.strip_suffix('+') {
                let n: i64 = n.parse().map_err(|_| BucketError::BadLabel(text.clone()))?;
                (n, None)
            } else if let Some((a, b)) = text.split_once(['-', '–']) {
                let a: i64 = a.parse().map_err(|_| BucketError::BadLabel(text.clone()))?;
                let b: i64 = b.parse().map_err(|_| BucketError::BadLabel(text.clone()))?;
                if b < a {
                    return Err(BucketError::BadLabel(text));
                }
                (a, Some(b))
            } else {
                return Err(BucketError::BadLabel(text));
            };
            if lower.max(upper.unwrap_or(0)) > MAX_BUCKET_DAY {
                return Err(BucketError::TooManyDays(text));
            }
            match buckets.last() {
                None => {
                    if lower != i64::MIN && lower != 0 {
                        return Err(BucketError::BadFirst(text));
                    }
                }
                Some(prev) if prev.upper.is_none() => {
                    return Err(BucketError::OpenBeforeLast(prev.label.clone()));
                }
                Some(prev) => {
                    let expected = prev.upper.map_or(i64::MAX, |u| u + 1);
                    if lower != expected || text == "current" {
                        return Err(BucketError::NotContiguous {
                            label: text,
                            expected,
                        });
                    }
                }
            }
            let label = if text == "current" {
                text.clone()
            } else {
                text.replace('–', "-")
            };
            buckets.push(Bucket {
                label,
                lower,
                upper,
            });
        }
        if let Some(last) = buckets.last()
            && let Some(upper) = last.upper
        {
            return Err(BucketError::ClosedLast(upper + 1));
        }
        if let Some(first) = buckets.first_mut() {
            first.lower = i64::MIN;
        }
        Ok(BucketSet { buckets })
    }

    /// The bucket an age in days falls in.
    pub fn index_of(&self, days: i64) -> usize {
        // Few buckets: a linear scan beats a binary search and reads as the rule.
        self.buckets
            .iter()
            .position(|b| b.upper.is_none_or(|u| days <= u))
            .unwrap_or(self.buckets.len().saturating_sub(1))
    }

    /// The buckets in order.
    pub fn buckets(&self) -> &[Bucket] {
        &self.buckets
    }

    /// The labels in order.
    pub fn labels(&self) -> Vec<String> {
        self.buckets.iter().map(|b| b.label.clone()).collect()
    }

    /// How many buckets there are.
    pub fn len(&self) -> usize {
        self.buckets.len()
    }

    /// Always false for a parsed set; present for clippy's sake.
    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }
}

/// A label for people: `Current`, `1–30`, `1096+`.
pub fn display_label(label: &str) -> String {
    if label == "current" {
        "Current".to_string()
    } else {
        label.replace('-', "–")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_default_labels_parse() {
        let set = BucketSet::default();
        assert_eq!(set.len(), 9);
        assert_eq!(
            set.labels(),
            DEFAULT_BUCKET_LABELS.map(String::from).to_vec()
        );
    }

    #[test]
    fn day_zero_is_current_and_day_one_is_overdue() {
        let set = BucketSet::default();
        assert_eq!(set.index_of(-45), 0);
        assert_eq!(set.index_of(0), 0);
        assert_eq!(set.index_of(1), 1);
        assert_eq!(set.index_of(30), 1);
        assert_eq!(set.index_of(31), 2);
        assert_eq!(set.index_of(60), 2);
        assert_eq!(set.index_of(61), 3);
        assert_eq!(set.index_of(90), 3);
        assert_eq!(set.index_of(91), 4);
        assert_eq!(set.index_of(180), 4);
        assert_eq!(set.index_of(181), 5);
        assert_eq!(set.index_of(365), 5);
        assert_eq!(set.index_of(366), 6);
        assert_eq!(set.index_of(730), 6);
        assert_eq!(set.index_of(731), 7);
        assert_eq!(set.index_of(1095), 7);
        assert_eq!(set.index_of(1096), 8);
        assert_eq!(set.index_of(100_000), 8);
    }

    #[test]
    fn days_count_from_the_due_date_or_the_document_date() {
        let as_of = d(2016, 12, 31);
        let doc = d(2016, 10, 1);
        let due = d(2016, 12, 1);
        assert_eq!(days_past_due(as_of, doc, due, AgingBasis::DueDate), 30);
        assert_eq!(days_past_due(as_of, doc, due, AgingBasis::DocumentDate), 91);
        assert_eq!(
            days_past_due(as_of, doc, d(2017, 1, 30), AgingBasis::DueDate),
            -30
        );
        // Leap day: 2016-02-29 counts.
        assert_eq!(
            days_past_due(d(2016, 3, 1), doc, d(2016, 2, 1), AgingBasis::DueDate),
            29
        );
    }

    #[test]
    fn short_custom_sets_parse_and_the_last_is_open() {
        let set = BucketSet::parse(&["current", "1-30", "31-60", "61-90", "91+"]).unwrap();
        assert_eq!(set.index_of(91), 4);
        assert_eq!(set.index_of(5000), 4);
        let doc_basis = BucketSet::parse(&["0-30", "31-90", "91+"]).unwrap();
        assert_eq!(
            doc_basis.index_of(-3),
            0,
            "a future-dated document is in the first"
        );
        assert_eq!(doc_basis.index_of(30), 0);
        assert_eq!(doc_basis.index_of(31), 1);
    }

    #[test]
    fn gaps_overlaps_and_closed_ends_are_refused() {
        assert!(matches!(
            BucketSet::parse(&["current", "1-30", "32-60", "61+"]),
            Err(BucketError::NotContiguous { expected: 31, .. })
        ));
        assert!(matches!(
            BucketSet::parse(&["current", "1-30", "31-60"]),
            Err(BucketError::ClosedLast(61))
        ));
        assert!(matches!(
            BucketSet::parse(&["1-30", "31+"]),
            Err(BucketError::BadFirst(_))
        ));
        assert!(matches!(
            BucketSet::parse(&["current", "soon"]),
            Err(BucketError::BadLabel(_))
        ));
        assert!(matches!(
            BucketSet::parse(&["current"]),
            Err(BucketError::TooFew)
        ));
    }
}
