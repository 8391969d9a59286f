//! Dates: the one parser for the canonical date formats, month ends, and the as-of date
//! read from a ledger's file name.

use chrono::{Datelike, Months, NaiveDate};

/// The earliest date a book accepts: 1900-01-01.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The latest date a book accepts: 2199-12-31. Every date the book forms from an
/// accepted one (a due date from terms, a far-future check, a month end) stays far
/// inside chrono's range, so date arithmetic never overflows.
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Why text could not be read as a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not a date in a canonical form.
    #[error("'{0}' is not a date (expected YYYY-MM-DD)")]
    NotADate(String),
    /// A real date, outside what a book accepts.
    #[error("'{0}' is outside the dates a book accepts ({EARLIEST} to {LATEST})")]
    OutOfRange(String),
}

/// Parses a canonical date: `2016-12-31`, `2016/12/31` or `20161231`, between
/// [`EARLIEST`] and [`LATEST`].
pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let t = text.trim();
    let parsed = match t.len() {
        8 if t.bytes().all(|b| b.is_ascii_digit()) => NaiveDate::parse_from_str(t, "%Y%m%d"),
        _ if t.contains('/') => NaiveDate::parse_from_str(t, "%Y/%m/%d"),
        _ => NaiveDate::parse_from_str(t, "%Y-%m-%d"),
    };
    let date = parsed.map_err(|_| DateError::NotADate(t.to_string()))?;
    check_date(date).map_err(|_| DateError::OutOfRange(t.to_string()))
}

/// The date itself when it lies between [`EARLIEST`] and [`LATEST`].
pub fn check_date(date: NaiveDate) -> Result<NaiveDate, DateError> {
    if (EARLIEST..=LATEST).contains(&date) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange(date.to_string()))
    }
}

/// The last day of `date`'s month.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_add_months(Months::new(1))
        .and_then(|next| next.pred_opt())
        .unwrap_or(date)
}

/// The as-of date a ledger's file name holds: `ar_2016-12-31.csv` is 2016-12-31,
/// `2016-12.csv` and `ledger_201612.csv` are the month end 2016-12-31, `ar_20161231.csv`
/// is 2016-12-31. `None` when the name holds no date.
pub fn as_of_from_file_name(name: &str) -> Option<NaiveDate> {
    let stem = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let stem = stem.split('.').next().unwrap_or(stem);
    let bytes = stem.as_bytes();
    // Scan for the longest date-shaped run of digits and separators, first match wins.
    for start in 0..bytes.len() {
        if !bytes[start].is_ascii_digit() || (start > 0 && bytes[start - 1].is_ascii_digit()) {
            continue;
        }
        let rest = &stem[start..];
        let run: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-' || *c == '_' || *c == '.')
            .collect();
        let run = run.trim_end_matches(['-', '_', '.']);
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let parts: Vec<&str> = run.split(['-', '_', '.']).collect();
        let date = match (digits.len(), parts.len()) {
            (8, 3) | (8, 1) => NaiveDate::parse_from_str(&digits, "%Y%m%d").ok(),
            (6, 2) | (6, 1) => {
                let year = digits[..4].parse().ok()?;
                let month = digits[4..].parse().ok()?;
                NaiveDate::from_ymd_opt(year, month, 1).map(month_end)
            }
            _ => None,
        };
        if let Some(d) = date.filter(|d| (1900..=2200).contains(&d.year())) {
            return Some(d);
        }
    }
    None
}

/// Which part comes first in a date whose year is last: `31/12/2016` or `12/31/2016`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateOrder {
    /// Day, month, year: `31/12/2016` (most of the world, SAP in Europe, Kingdee).
    DayFirst,
    /// Month, day, year: `12/31/2016` (the United States, QuickBooks).
    MonthFirst,
}

impl std::fmt::Display for DateOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DateOrder::DayFirst => "day-first (DD/MM/YYYY)",
            DateOrder::MonthFirst => "month-first (MM/DD/YYYY)",
        })
    }
}

impl DateOrder {
    /// The name a book's settings and `--date-format` write: `day-first`, `month-first`.
    pub fn as_str(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "day-first",
            DateOrder::MonthFirst => "month-first",
        }
    }

    /// Reads [`DateOrder::as_str`] back.
    pub fn parse(text: &str) -> Option<DateOrder> {
        match text {
            "day-first" => Some(DateOrder::DayFirst),
            "month-first" => Some(DateOrder::MonthFirst),
            _ => None,
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
    fn canonical_formats_parse() {
        assert_eq!(parse_date("2016-12-31"), Ok(d(2016, 12, 31)));
        assert_eq!(parse_date(" 2016/02/29 "), Ok(d(2016, 2, 29)));
        assert_eq!(parse_date("20161231"), Ok(d(2016, 12, 31)));
        assert!(parse_date("2017-02-29").is_err());
        assert!(parse_date("31/12/2016").is_err());
        assert!(parse_date("").is_err());
    }

    #[test]
    fn one_date_bricks_an_import_dates_beyond_2199_are_refused() {
        assert_eq!(
            parse_date("+262142-12-31"),
            Err(DateError::OutOfRange("+262142-12-31".to_string()))
        );
        assert_eq!(
            parse_date("2200-01-01").unwrap_err().to_string(),
            "'2200-01-01' is outside the dates a book accepts (1900-01-01 to 2199-12-31)"
        );
        assert!(matches!(
            parse_date("1899-12-31"),
            Err(DateError::OutOfRange(_))
        ));
        assert_eq!(parse_date("2199-12-31"), Ok(LATEST));
        assert_eq!(parse_date("19000101"), Ok(EARLIEST));
    }

    #[test]
    fn month_end_handles_february_and_december() {
        assert_eq!(month_end(d(2016, 2, 3)), d(2016, 2, 29));
        assert_eq!(month_end(d(2017, 2, 28)), d(2017, 2, 28));
        assert_eq!(month_end(d(2016, 12, 1)), d(2016, 12, 31));
    }

    #[test]
    fn as_of_comes_from_the_file_name() {
        assert_eq!(
            as_of_from_file_name("ar_2016-12-31.csv"),
            Some(d(2016, 12, 31))
        );
        assert_eq!(
            as_of_from_file_name("fixtures/ar_2017-06-30.csv"),
            Some(d(2017, 6, 30))
        );
        assert_eq!(as_of_from_file_name("2016-12.csv"), Some(d(2016, 12, 31)));
        assert_eq!(as_of_from_file_name("2016-02.csv"), Some(d(2016, 2, 29)));
        assert_eq!(
            as_of_from_file_name("ledger_20161231.csv"),
            Some(d(2016, 12, 31))
        );
        assert_eq!(
            as_of_from_file_name("ledger_201611.csv"),
            Some(d(2016, 11, 30))
        );
        assert_eq!(as_of_from_file_name("ledger.csv"), None);
        assert_eq!(as_of_from_file_name("export_42.csv"), None);
    }
}
