//! Reading a provision-matrix file (SPEC section 5): the first column is the customer
//! type, the other columns are the buckets named by their day ranges; cells are
//! fractions or percentages; a `*` row covers every type not listed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::aging::{AgingBasis, BucketError, BucketSet};
use crate::domain::customer_type::CustomerType;
use crate::domain::money::parse_rate;
use crate::domain::policy::ProvisionMatrix;

/// What is wrong with a policy file.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The CSV could not be read.
    #[error("{file}:{line}: cannot read the CSV: {message}")]
    Csv {
        /// File.
        file: String,
        /// Line.
        line: u64,
        /// What the reader said.
        message: String,
    },
    /// The header's first column is not `customer_type`.
    #[error("{file}:1:1: the first column must be 'customer_type', not '{found}'")]
    FirstColumn {
        /// File.
        file: String,
        /// What it is.
        found: String,
    },
    /// The bucket columns are not a valid set.
    #[error("{file}:1: {source}")]
    Buckets {
        /// File.
        file: String,
        /// Why.
        source: BucketError,
    },
    /// A cell is not a rate.
    #[error("{file}:{line}:{column} ({bucket}): '{text}' is not a rate (write 0.035 or 3.5%)")]
    BadRate {
        /// File.
        file: String,
        /// Line.
        line: u64,
        /// Column (1-based).
        column: usize,
        /// Bucket label.
        bucket: String,
        /// The cell.
        text: String,
    },
    /// A rate outside 0..=1.
    #[error("{file}:{line}:{column} ({bucket}): rate {rate} is outside 0 to 100%")]
    OutOfRange {
        /// File.
        file: String,
        /// Line.
        line: u64,
        /// Column (1-based).
        column: usize,
        /// Bucket label.
        bucket: String,
        /// The rate.
        rate: Decimal,
    },
    /// A row with too few or too many cells.
    #[error("{file}:{line}: the row has {found} cells, the header has {expected}")]
    Cells {
        /// File.
        file: String,
        /// Line.
        line: u64,
        /// Header cells.
        expected: usize,
        /// Row cells.
        found: usize,
    },
    /// A type that is not a valid name.
    #[error("{file}:{line}:1: {source}")]
    BadType {
        /// File.
        file: String,
        /// Line.
        line: u64,
        /// Why.
        source: crate::domain::customer_type::CustomerTypeError,
    },
    /// A type listed twice.
    #[error("{file}:{line}:1: type '{customer_type}' is listed twice")]
    DuplicateType {
        /// File.
        file: String,
        /// Line.
        line: u64,
        /// The type.
        customer_type: String,
    },
    /// No rows.
    #[error("{file}: the policy has no rates")]
    Empty {
        /// File.
        file: String,
    },
}

/// Parses a policy file's text into a matrix in force from `effective`.
pub fn parse_policy(
    text: &str,
    file: &str,
    effective: NaiveDate,
    basis: AgingBasis,
) -> Result<ProvisionMatrix, PolicyError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let csv_error = |e: csv::Error| PolicyError::Csv {
        file: file.to_string(),
        line: e.position().map_or(1, |p| p.line()),
        message: e.to_string(),
    };
    let header = reader.headers().map_err(csv_error)?.clone();
    let first = header.get(0).unwrap_or_default().to_lowercase();
    if first != "customer_type" && first != "type" {
        return Err(PolicyError::FirstColumn {
            file: file.to_string(),
            found: first,
        });
    }
    let labels: Vec<&str> = header.iter().skip(1).collect();
    let buckets = BucketSet::parse(&labels).map_err(|source| PolicyError::Buckets {
        file: file.to_string(),
        source,
    })?;
    let mut rates = BTreeMap::new();
    let mut fallback = None;
    for record in reader.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != header.len() {
            return Err(PolicyError::Cells {
                file: file.to_string(),
                line,
                expected: header.len(),
                found: record.len(),
            });
        }
        let mut row = Vec::with_capacity(buckets.len());
        for (i, cell) in record.iter().enumerate().skip(1) {
            let bucket = header.get(i).unwrap_or_default().to_string();
            let rate = parse_rate(cell).ok_or_else(|| PolicyError::BadRate {
                file: file.to_string(),
                line,
                column: i + 1,
                bucket: bucket.clone(),
                text: cell.to_string(),
            })?;
            if rate < Decimal::ZERO || rate > Decimal::ONE {
                return Err(PolicyError::OutOfRange {
                    file: file.to_string(),
                    line,
                    column: i + 1,
                    bucket,
                    rate,
                });
            }
            row.push(rate);
        }
        let name = record.get(0).unwrap_or_default();
        let duplicate = || PolicyError::DuplicateType {
            file: file.to_string(),
            line,
            customer_type: name.to_string(),
        };
        if name == "*" {
            if fallback.replace(row).is_some() {
                return Err(duplicate());
            }
        } else {
            let t = CustomerType::parse(name).map_err(|source| PolicyError::BadType {
                file: file.to_string(),
                line,
                source,
            })?;
            if rates.insert(t, row).is_some() {
                return Err(duplicate());
            }
        }
    }
    if rates.is_empty() && fallback.is_none() {
        return Err(PolicyError::Empty {
            file: file.to_string(),
        });
    }
    Ok(ProvisionMatrix {
        effective,
        basis,
        buckets,
        rates,
        fallback,
    })
}

/// Writes a matrix in the same format [`parse_policy`] reads.
pub fn policy_to_csv(matrix: &ProvisionMatrix) -> String {
    let mut out = String::from("customer_type");
    for label in matrix.buckets.labels() {
        out.push(',');
        out.push_str(&label);
    }
    out.push('\n');
    let rows = matrix
        .rates
        .iter()
        .map(|(t, r)| (t.as_str(), r))
        .chain(matrix.fallback.iter().map(|r| ("*", r)));
    for (t, rates) in rows {
        out.push_str(t);
        for r in rates {
            out.push(',');
            out.push_str(&r.normalize().to_string());
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d() -> NaiveDate {
        NaiveDate::from_ymd_opt(2017, 1, 1).unwrap()
    }

    #[test]
    fn a_short_policy_with_percentages_and_a_star_row_parses() {
        let text = "customer_type,current,1-30,31-60,61-90,91+\n\
                    private,0.5%,1%,3%,5%,100%\n\
                    *,0.01,0.02,0.03,0.04,0.5\n";
        let m = parse_policy(text, "p.csv", d(), AgingBasis::DueDate).unwrap();
        let private = CustomerType::parse("private").unwrap();
        assert_eq!(m.rate(&private, 0), "0.005".parse().unwrap());
        assert_eq!(m.rate(&private, 4), Decimal::ONE);
        let soe = CustomerType::parse("state_owned").unwrap();
        assert_eq!(m.rate(&soe, 4), "0.5".parse().unwrap());
        let again = parse_policy(&policy_to_csv(&m), "p.csv", d(), AgingBasis::DueDate).unwrap();
        assert_eq!(again, m);
    }

    #[test]
    fn bad_cells_name_their_line_and_column() {
        let text = "customer_type,current,1+\nprivate,0.01,lots\n";
        let e = parse_policy(text, "p.csv", d(), AgingBasis::DueDate).unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.csv:2:3 (1+): 'lots' is not a rate (write 0.035 or 3.5%)"
        );
        let text = "customer_type,current,1+\nprivate,0.01,150%\n";
        let e = parse_policy(text, "p.csv", d(), AgingBasis::DueDate).unwrap_err();
        assert!(e.to_string().starts_with("p.csv:2:3 (1+): rate 1.5"), "{e}");
        let text = "customer_type,current,1-30,60+\nprivate,0,0,0\n";
        let e = parse_policy(text, "p.csv", d(), AgingBasis::DueDate).unwrap_err();
        assert!(e.to_string().contains("should start at day 31"), "{e}");
    }
}
