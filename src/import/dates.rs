//! Dates as real ERP and spreadsheet exports write them. The reader parses every date
//! cell of a ledger here, beside the ISO form of
//! [`parse_date`](crate::domain::date::parse_date):
//!
//! - ISO: `2016-12-31`, `2016/12/31`, `2016.12.31` (a four-digit year first);
//! - day-first and month-first with `/`, `.` or `-`, with or without leading zeros
//!   (`1/2/2013`, `31.12.2016`, `12-31-16`);
//! - `YYYYMMDD`, also as a spreadsheet number (`20190906`, `20190906.0`);
//! - Excel serial numbers in the 1900 system (`42735` is 2016-12-31), see
//!   [`SERIALS`];
//! - month names, English or German, abbreviated or full, any case: `1-Apr-26`,
//!   `01-APR-2026`, `31 Dec 2016`, `Dec 31, 2016`, `31. Dezember 2016`;
//! - Chinese: `2016年12月31日`, `2016年1月2日`.
//!
//! A time of day after the date (`2016-12-31 00:00:00`, `2016-12-31T08:30`) is ignored.
//!
//! **Two-digit years** pivot at 70: `00`–`69` are 2000–2069, `70`–`99` are 1970–1999.
//!
//! **Order.** Whether `1/2/2013` is 1 February or 2 January is decided per file, never
//! per value: [`DateDialect::detect`] looks at all of a column's values, settles the
//! order from those with a part over 12, says when every value is ambiguous (the caller
//! then takes `--date-format` or the book's setting and says which it used) and names
//! the values that disagree when a file mixes the two orders.
//!
//! Every date is checked against [`EARLIEST`]..=[`LATEST`]. Nothing here panics.

use chrono::NaiveDate;

use crate::domain::date::{EARLIEST, LATEST};

/// The Excel serial numbers taken (1900 system): 1 is 1900-01-01, 109574 is
/// 2199-12-31. Serial 60 is the day Excel believes 1900-02-29 to be and is refused;
/// serials from 61 on are one day ahead of a plain count, as Excel's are.
pub const SERIALS: std::ops::RangeInclusive<u32> = 1..=109_574;

pub use crate::domain::date::DateOrder;

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Reason {
    /// Nothing but spaces.
    #[error("it is blank")]
    Blank,
    /// A character no date form uses.
    #[error("it holds '{0}', which no date form uses")]
    BadCharacter(char),
    /// Not one of the forms this module reads.
    #[error("it is not in a date form this importer knows")]
    UnknownForm,
    /// A word that is not a month name.
    #[error("'{0}' is not a month name")]
    UnknownMonth(String),
    /// A year that is neither two nor four digits.
    #[error("the year '{0}' is neither two nor four digits")]
    BadYear(String),
    /// The parts name no day of the calendar (`31/04/2016`, `2017-02-29`, a month 13).
    #[error("there is no such day")]
    NoSuchDay,
    /// A number outside [`SERIALS`] and not `YYYYMMDD`.
    #[error("as a spreadsheet serial number it is outside 1 to 109574 (1900 to 2199)")]
    SerialOutOfRange,
    /// Serial 60, Excel's 1900-02-29, a day that never was.
    #[error("it is serial 60, Excel's 1900-02-29, a day that does not exist")]
    Excel1900LeapDay,
}

/// Why a text could not be read as a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not a date.
    #[error("'{text}' is not a date: {reason}")]
    NotADate {
        /// The text as given (trimmed).
        text: String,
        /// Why.
        reason: Reason,
    },
    /// A real date, outside what a book accepts.
    #[error("'{text}' is {date}, outside the dates a book accepts ({EARLIEST} to {LATEST})")]
    OutOfRange {
        /// The text as given (trimmed).
        text: String,
        /// The date it names.
        date: NaiveDate,
    },
}

/// What the values of a file say about its date order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detection {
    /// The order is settled: some values have a part over 12 and all of those agree.
    Settled {
        /// The order.
        order: DateOrder,
        /// The index of the first value that settled it.
        by: usize,
    },
    /// Values depend on the order and none settles it (`1/2/2013`, `05/06/2020`): the
    /// caller takes `--date-format` or the book's setting and says which it used.
    Ambiguous {
        /// How many values depend on the order.
        values: usize,
    },
    /// No value depends on the order (ISO dates, month names, serials, or no values).
    NotNeeded,
    /// The file mixes orders; the 0-based indices of the values on each side.
    Mixed {
        /// Values only readable day-first (`31/12/2016`).
        day_first: Vec<usize>,
        /// Values only readable month-first (`12/31/2016`).
        month_first: Vec<usize>,
    },
}

impl Detection {
    /// The order to read the file with: the settled one, else `fallback` (from
    /// `--date-format` or the book's setting); `None` when the file mixes orders.
    pub fn order_or(&self, fallback: DateOrder) -> Option<DateOrder> {
        match self {
            Detection::Settled { order, .. } => Some(*order),
            Detection::Ambiguous { .. } | Detection::NotNeeded => Some(fallback),
            Detection::Mixed { .. } => None,
        }
    }
}

/// How one file writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateDialect {
    /// The order of day and month where the year comes last.
    pub order: DateOrder,
}

impl DateDialect {
    /// Decides the order from a file's date values (blank values are skipped, values
    /// that are not dates are left for [`parse`] to report).
    pub fn detect<'a>(values: impl Iterator<Item = &'a str>) -> Detection {
        let mut day_first = Vec::new();
        let mut month_first = Vec::new();
        let mut ambiguous = 0usize;
        for (index, value) in values.enumerate() {
            match order_evidence(value) {
                Evidence::DayFirst => day_first.push(index),
                Evidence::MonthFirst => month_first.push(index),
                Evidence::Ambiguous => ambiguous = ambiguous.saturating_add(1),
                Evidence::None => {}
            }
        }
        match (day_first.first(), month_first.first()) {
            (Some(_), Some(_)) => Detection::Mixed {
                day_first,
                month_first,
            },
            (Some(&by), None) => Detection::Settled {
                order: DateOrder::DayFirst,
                by,
            },
            (None, Some(&by)) => Detection::Settled {
                order: DateOrder::MonthFirst,
                by,
            },
            (None, None) if ambiguous > 0 => Detection::Ambiguous { values: ambiguous },
            (None, None) => Detection::NotNeeded,
        }
    }

    /// Reads one value in this dialect; see [`parse`].
    pub fn parse(&self, text: &str) -> Result<NaiveDate, DateError> {
        parse(text, self.order)
    }
}

/// Reads a date in any of the module's forms, taking `order` where day and month
/// could be swapped, between [`EARLIEST`] and [`LATEST`].
pub fn parse(text: &str, order: DateOrder) -> Result<NaiveDate, DateError> {
    let t = text.trim();
    let not = |reason| DateError::NotADate {
        text: t.to_string(),
        reason,
    };
    let date = match iso(t).or_else(|| numeric_ten(t, order)) {
        Some(date) => date,
        None => read(strip_time(t), order).map_err(not)?,
    };
    if (EARLIEST..=LATEST).contains(&date) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange {
            text: t.to_string(),
            date,
        })
    }
}

/// `YYYY-MM-DD`, the form most exports write, read directly: an import reads two
/// dates a row, and the long way tokenises each. `None` sends anything else (an
/// impossible day included) the long way, which reads these texts to the same date in
/// either order (a property test holds the two together).
fn iso(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(fixed_digits(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, fixed_digits(&b[5..7])?, fixed_digits(&b[8..10])?)
}

/// The number a fixed run of ASCII digits writes (the direct reads above and below);
/// `None` when any byte is not a digit.
fn fixed_digits(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

/// `31.12.2017`, `31/12/2017`, `12-31-2017`: two digits, a separator, two digits, the
/// same separator, four digits, read directly in the file's order (SAP and many ERPs
/// write dates so). `None` sends anything else the long way, which reads these texts
/// to the same date (a property test holds the two together).
fn numeric_ten(t: &str, order: DateOrder) -> Option<NaiveDate> {
    let b = t.as_bytes();
    if b.len() != 10 || b[2] != b[5] || !matches!(b[2], b'/' | b'.' | b'-') {
        return None;
    }
    let (first, second) = (fixed_digits(&b[0..2])?, fixed_digits(&b[3..5])?);
    let (day, month) = match order {
        DateOrder::DayFirst => (first, second),
        DateOrder::MonthFirst => (second, first),
    };
    let year = i32::try_from(fixed_digits(&b[6..10])?).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The date part of `2016-12-31 00:00:00` or `2016-12-31T08:30:00`.
fn strip_time(t: &str) -> &str {
    if !t.contains(':') {
        return t;
    }
    if let Some((date, time)) = t.rsplit_once([' ', 'T'])
        && time
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        && time.starts_with(|c: char| c.is_ascii_digit())
    {
        return date.trim_end();
    }
    t
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evidence {
    DayFirst,
    MonthFirst,
    Ambiguous,
    None,
}

/// What one value says about the order.
fn order_evidence(value: &str) -> Evidence {
    let t = strip_time(value.trim());
    let Ok(tokens) = tokenize(t) else {
        return Evidence::None;
    };
    let Some((a, b)) = order_dependent(&tokens) else {
        return Evidence::None;
    };
    let (Some(a), Some(b)) = (number(a), number(b)) else {
        return Evidence::None;
    };
    match (a > 12, b > 12) {
        (true, false) => Evidence::DayFirst,
        (false, true) => Evidence::MonthFirst,
        (false, false) if a == b => Evidence::None,
        (false, false) => Evidence::Ambiguous,
        (true, true) => Evidence::None,
    }
}

/// The first two parts of a numeric date whose year is last (`1/2/2013`).
fn order_dependent<'t>(tokens: &[Token<'t>]) -> Option<(&'t str, &'t str)> {
    match tokens {
        [
            Token::Digits(a, _),
            Token::Digits(b, sep),
            Token::Digits(y, _),
        ] if a.len() <= 2 && b.len() <= 2 && matches!(y.len(), 2 | 4) && numeric_sep(*sep) => {
            Some((a, b))
        }
        _ => None,
    }
}

fn numeric_sep(sep: Option<char>) -> bool {
    matches!(sep, Some('/' | '.' | '-'))
}

/// A part of a date: a run of digits or of letters, with the separator before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token<'t> {
    Digits(&'t str, Option<char>),
    Word(&'t str, Option<char>),
}

/// Splits `31 Dec, 2016` into its parts. Separators are `/ . - , ` and spaces; more
/// than one in a row (`, `) counts as the first non-space one.
fn tokenize(t: &str) -> Result<Vec<Token<'_>>, Reason> {
    let mut tokens = Vec::new();
    let mut sep: Option<char> = None;
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let (run, tail) = rest.split_at(end);
            tokens.push(Token::Digits(run, sep.take()));
            rest = tail;
        } else if c.is_alphabetic() {
            let end = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            let (run, tail) = rest.split_at(end);
            tokens.push(Token::Word(run, sep.take()));
            rest = tail;
        } else if matches!(c, '/' | '.' | '-' | ',' | ' ' | '\u{a0}') {
            if sep.is_none_or(|s| s == ' ' || s == '\u{a0}') {
                sep = Some(c);
            }
            rest = &rest[c.len_utf8()..];
        } else {
            return Err(Reason::BadCharacter(c));
        }
        if tokens.len() > 4 {
            return Err(Reason::UnknownForm);
        }
    }
    Ok(tokens)
}

fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits.parse().ok()
}

fn ymd(year: i32, month: u32, day: u32) -> Result<NaiveDate, Reason> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(Reason::NoSuchDay)
}

/// A year of two or four digits; two pivot at 70.
fn year(digits: &str) -> Result<i32, Reason> {
    let n = number(digits).ok_or_else(|| Reason::BadYear(digits.to_string()))?;
    let n = i32::try_from(n).map_err(|_| Reason::BadYear(digits.to_string()))?;
    match digits.len() {
        4 => Ok(n),
        2 if n < 70 => Ok(2000 + n),
        2 => Ok(1900 + n),
        _ => Err(Reason::BadYear(digits.to_string())),
    }
}

/// A day or month of one or two digits.
fn small(digits: &str) -> Result<u32, Reason> {
    if digits.len() > 2 {
        return Err(Reason::UnknownForm);
    }
    number(digits).ok_or(Reason::UnknownForm)
}

fn read(t: &str, order: DateOrder) -> Result<NaiveDate, Reason> {
    if t.is_empty() {
        return Err(Reason::Blank);
    }
    if t.contains('年') {
        return chinese(t);
    }
    if let Some(date) = plain_number(t) {
        return date;
    }
    let tokens = tokenize(t)?;
    use Token::{Digits as D, Word as W};
    match tokens.as_slice() {
        // 2016-12-31, 2016/12/31, 2016.12.31
        [D(y, _), D(m, s1), D(d, s2)] if y.len() == 4 && numeric_sep(*s1) && s1 == s2 => {
            ymd(year(y)?, small(m)?, small(d)?)
        }
        // 31/12/2016, 12-31-16
        [D(a, _), D(b, s1), D(y, s2)] if numeric_sep(*s1) && s1 == s2 => {
            let (day, month) = match order {
                DateOrder::DayFirst => (a, b),
                DateOrder::MonthFirst => (b, a),
            };
            let y = year(y)?;
            ymd(y, small(month)?, small(day)?)
        }
        // 2016-Dec-31
        [D(y, _), W(m, _), D(d, _)] if y.len() == 4 => ymd(year(y)?, month(m)?, small(d)?),
        // 1-Apr-26, 01-APR-2026, 31 Dec 2016, 31. Dezember 2016
        [D(d, _), W(m, _), D(y, _)] => ymd(year(y)?, month(m)?, small(d)?),
        // Dec 31, 2016; December 31 2016
        [W(m, _), D(d, _), D(y, _)] => ymd(year(y)?, month(m)?, small(d)?),
        _ => Err(Reason::UnknownForm),
    }
}

/// `20190906`, `20190906.0` or an Excel serial (`42735`, `42735.0`, `42735.5`); `None`
/// when the text is not a plain number. A fraction is a time of day and is ignored;
/// on serials under 10000 (before 1927) and on `YYYYMMDD` only `.0` is taken, so that
/// `12.05` is never read as a serial.
fn plain_number(t: &str) -> Option<Result<NaiveDate, Reason>> {
    let (whole, fraction) = match t.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if let Some(f) = fraction
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let zero_fraction = fraction.is_none_or(|f| f.bytes().all(|b| b == b'0'));
    if whole.len() == 8 {
        if !zero_fraction {
            return None;
        }
        let y = year(&whole[..4]);
        let m = small(&whole[4..6]);
        let d = small(&whole[6..]);
        return Some(match (y, m, d) {
            (Ok(y), Ok(m), Ok(d)) => ymd(y, m, d),
            _ => Err(Reason::NoSuchDay),
        });
    }
    if whole.len() > 6 {
        return Some(Err(Reason::SerialOutOfRange));
    }
    if !zero_fraction && whole.len() < 5 {
        return None;
    }
    let serial = number(whole)?;
    Some(from_serial(serial))
}

/// The date of an Excel serial number (1900 system).
pub fn from_serial(serial: u32) -> Result<NaiveDate, Reason> {
    if !SERIALS.contains(&serial) {
        return Err(Reason::SerialOutOfRange);
    }
    if serial == 60 {
        return Err(Reason::Excel1900LeapDay);
    }
    // Serial 1 is 1900-01-01; from 61 on, Excel counts its 1900-02-29 too.
    let base = if serial < 60 {
        NaiveDate::from_ymd_opt(1899, 12, 31)
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)
    };
    base.and_then(|b| b.checked_add_days(chrono::Days::new(u64::from(serial))))
        .ok_or(Reason::SerialOutOfRange)
}

/// The Excel serial number (1900 system) of a date, when it has one in [`SERIALS`].
pub fn to_serial(date: NaiveDate) -> Option<u32> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = date.signed_duration_since(base).num_days();
    let serial = if date < NaiveDate::from_ymd_opt(1900, 3, 1)? {
        days.checked_sub(1)?
    } else {
        days
    };
    let serial = u32::try_from(serial).ok()?;
    SERIALS.contains(&serial).then_some(serial)
}

/// `2016年12月31日`, `2016年1月2日` (the final `日` or `号` optional).
fn chinese(t: &str) -> Result<NaiveDate, Reason> {
    let (y, rest) = t.split_once('年').ok_or(Reason::UnknownForm)?;
    let (m, rest) = rest.split_once('月').ok_or(Reason::UnknownForm)?;
    let d = rest
        .strip_suffix('日')
        .or_else(|| rest.strip_suffix('号'))
        .unwrap_or(rest);
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (y, m, d) = (y.trim(), m.trim(), d.trim());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) || y.len() != 4 {
        return Err(Reason::UnknownForm);
    }
    ymd(year(y)?, small(m)?, small(d)?)
}

/// English and German month names, full or abbreviated, lower case.
const MONTHS: [&[&str]; 12] = [
    &["jan", "january", "januar", "jänner", "jän"],
    &["feb", "february", "februar"],
    &["mar", "march", "märz", "maerz", "mär", "mrz"],
    &["apr", "april"],
    &["may", "mai"],
    &["jun", "june", "juni"],
    &["jul", "july", "juli"],
    &["aug", "august"],
    &["sep", "sept", "september"],
    &["oct", "october", "okt", "oktober"],
    &["nov", "november"],
    &["dec", "december", "dez", "dezember"],
];

/// The month a name stands for.
fn month(name: &str) -> Result<u32, Reason> {
    let lower = name.to_lowercase();
    MONTHS
        .iter()
        .zip(1u32..)
        .find(|(names, _)| names.contains(&lower.as_str()))
        .map(|(_, m)| m)
        .ok_or_else(|| Reason::UnknownMonth(name.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateOrder::{DayFirst, MonthFirst};
    use chrono::Datelike;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn both(text: &str) -> (Result<NaiveDate, DateError>, Result<NaiveDate, DateError>) {
        (parse(text, DayFirst), parse(text, MonthFirst))
    }

    #[test]
    fn iso_in_any_order() {
        for t in ["2016-12-31", "2016/12/31", "2016.12.31", " 2016-12-31 "] {
            assert_eq!(both(t), (Ok(d(2016, 12, 31)), Ok(d(2016, 12, 31))), "{t}");
        }
        assert_eq!(parse("2016-1-2", MonthFirst), Ok(d(2016, 1, 2)));
        assert_eq!(parse("2016-12-31 00:00:00", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("2016-12-31T08:30", DayFirst), Ok(d(2016, 12, 31)));
    }

    #[test]
    fn day_and_month_first() {
        assert_eq!(parse("1/2/2013", DayFirst), Ok(d(2013, 2, 1)));
        assert_eq!(parse("1/2/2013", MonthFirst), Ok(d(2013, 1, 2)));
        assert_eq!(parse("31/12/2016", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("12/31/2016", MonthFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("31.12.2016", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("31-12-2016", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("01.02.2013", DayFirst), Ok(d(2013, 2, 1)));
        assert!(matches!(
            parse("31/12/2016", MonthFirst),
            Err(DateError::NotADate {
                reason: Reason::NoSuchDay,
                ..
            })
        ));
        // Mixed separators are not a date.
        assert!(parse("31/12-2016", DayFirst).is_err());
    }

    #[test]
    fn two_digit_years_pivot_at_70() {
        assert_eq!(parse("31/12/16", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("12/31/69", MonthFirst), Ok(d(2069, 12, 31)));
        assert_eq!(parse("1.1.70", DayFirst), Ok(d(1970, 1, 1)));
        assert_eq!(parse("31-12-99", DayFirst), Ok(d(1999, 12, 31)));
        assert_eq!(parse("1/1/00", DayFirst), Ok(d(2000, 1, 1)));
        assert!(matches!(
            parse("1/1/201", DayFirst),
            Err(DateError::NotADate {
                reason: Reason::BadYear(_),
                ..
            })
        ));
    }

    #[test]
    fn yyyymmdd_also_as_a_number() {
        assert_eq!(both("20190906").0, Ok(d(2019, 9, 6)));
        assert_eq!(both("20190906.0"), (Ok(d(2019, 9, 6)), Ok(d(2019, 9, 6))));
        assert_eq!(parse("20190906.000", DayFirst), Ok(d(2019, 9, 6)));
        assert!(parse("20190906.5", DayFirst).is_err());
        assert!(parse("20191306", DayFirst).is_err());
    }

    #[test]
    fn excel_serials() {
        assert_eq!(parse("42735", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("42735.0", MonthFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("42735.75", MonthFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("1", DayFirst), Ok(d(1900, 1, 1)));
        assert_eq!(parse("59", DayFirst), Ok(d(1900, 2, 28)));
        assert_eq!(parse("61", DayFirst), Ok(d(1900, 3, 1)));
        assert_eq!(parse("109574", DayFirst), Ok(d(2199, 12, 31)));
        assert_eq!(from_serial(43831), Ok(d(2020, 1, 1)));
        assert_eq!(
            parse("60", DayFirst),
            Err(DateError::NotADate {
                text: "60".into(),
                reason: Reason::Excel1900LeapDay
            })
        );
        for t in ["0", "109575", "999999", "1234567"] {
            assert!(
                matches!(
                    parse(t, DayFirst),
                    Err(DateError::NotADate {
                        reason: Reason::SerialOutOfRange,
                        ..
                    })
                ),
                "{t}"
            );
        }
        // A small number with a fraction is not taken as a serial.
        assert!(parse("12.05", DayFirst).is_err());
        assert_eq!(to_serial(d(2016, 12, 31)), Some(42735));
        assert_eq!(to_serial(d(1900, 1, 1)), Some(1));
        assert_eq!(to_serial(d(1900, 3, 1)), Some(61));
        assert_eq!(to_serial(d(2200, 1, 1)), None);
    }

    #[test]
    fn month_names() {
        assert_eq!(both("1-Apr-26"), (Ok(d(2026, 4, 1)), Ok(d(2026, 4, 1))));
        assert_eq!(parse("01-APR-2026", MonthFirst), Ok(d(2026, 4, 1)));
        assert_eq!(parse("31 Dec 2016", MonthFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("Dec 31, 2016", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("December 31, 2016", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("31 december 2016", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("5 Sept 2016", DayFirst), Ok(d(2016, 9, 5)));
        assert_eq!(parse("2016-Dec-31", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("31. Dezember 2016", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("1. März 2016", DayFirst), Ok(d(2016, 3, 1)));
        assert_eq!(parse("03-Okt-2016", DayFirst), Ok(d(2016, 10, 3)));
        assert_eq!(
            parse("31 Foo 2016", DayFirst),
            Err(DateError::NotADate {
                text: "31 Foo 2016".into(),
                reason: Reason::UnknownMonth("Foo".into())
            })
        );
        assert!(parse("31 Feb 2016", DayFirst).is_err());
    }

    #[test]
    fn chinese_dates() {
        assert_eq!(parse("2016年12月31日", DayFirst), Ok(d(2016, 12, 31)));
        assert_eq!(parse("2016年1月2日", MonthFirst), Ok(d(2016, 1, 2)));
        assert_eq!(parse("2016年1月2号", DayFirst), Ok(d(2016, 1, 2)));
        assert!(parse("2016年13月2日", DayFirst).is_err());
        assert!(parse("16年1月2日", DayFirst).is_err());
        assert!(parse("2016年", DayFirst).is_err());
    }

    #[test]
    fn range_and_errors_say_the_text() {
        let e = parse("31/12/1899", DayFirst).unwrap_err();
        assert_eq!(
            e.to_string(),
            "'31/12/1899' is 1899-12-31, outside the dates a book accepts \
             (1900-01-01 to 2199-12-31)"
        );
        assert!(matches!(
            parse("2200-01-01", DayFirst),
            Err(DateError::OutOfRange { .. })
        ));
        assert_eq!(
            parse("12..30", DayFirst).unwrap_err().to_string(),
            "'12..30' is not a date: it is not in a date form this importer knows"
        );
        assert_eq!(
            parse("  ", DayFirst).unwrap_err().to_string(),
            "'' is not a date: it is blank"
        );
        assert!(matches!(
            parse("2016-12-31!", DayFirst),
            Err(DateError::NotADate {
                reason: Reason::BadCharacter('!'),
                ..
            })
        ));
    }

    #[test]
    fn detection_settles_from_a_part_over_12() {
        let values = ["1/2/2013", "", "31/12/2016", "2016-12-31", "05/06/2020"];
        assert_eq!(
            DateDialect::detect(values.into_iter()),
            Detection::Settled {
                order: DayFirst,
                by: 2
            }
        );
        let values = ["1/2/2013", "12/31/2016"];
        let found = DateDialect::detect(values.into_iter());
        assert_eq!(
            found,
            Detection::Settled {
                order: MonthFirst,
                by: 1
            }
        );
        assert_eq!(found.order_or(DayFirst), Some(MonthFirst));
    }

    #[test]
    fn detection_reports_an_all_ambiguous_file() {
        let values = ["1/2/2013", "05.06.2020", "3-4-16", "7/7/2017", "42735"];
        let found = DateDialect::detect(values.into_iter());
        assert_eq!(found, Detection::Ambiguous { values: 3 });
        assert_eq!(found.order_or(MonthFirst), Some(MonthFirst));
        let values = ["2016-12-31", "31 Dec 2016", "", "20190906"];
        assert_eq!(
            DateDialect::detect(values.into_iter()),
            Detection::NotNeeded
        );
        assert_eq!(
            DateDialect::detect(std::iter::empty()),
            Detection::NotNeeded
        );
    }

    #[test]
    fn detection_reports_a_mixed_file_with_the_values_that_disagree() {
        let values = [
            "31/12/2016",
            "1/2/2013",
            "12/31/2016",
            "13/01/2017",
            "01/13/2017",
            "garbage",
        ];
        let found = DateDialect::detect(values.into_iter());
        assert_eq!(
            found,
            Detection::Mixed {
                day_first: vec![0, 3],
                month_first: vec![2, 4]
            }
        );
        assert_eq!(found.order_or(DayFirst), None);
    }

    #[test]
    fn dialect_parses_in_its_order() {
        let dialect = DateDialect { order: DayFirst };
        assert_eq!(dialect.parse("1/2/2013"), Ok(d(2013, 2, 1)));
    }

    const NAMES: [[&str; 2]; 12] = [
        ["Jan", "January"],
        ["Feb", "February"],
        ["Mar", "March"],
        ["Apr", "April"],
        ["May", "May"],
        ["Jun", "June"],
        ["Jul", "July"],
        ["Aug", "August"],
        ["Sep", "September"],
        ["Oct", "October"],
        ["Nov", "November"],
        ["Dec", "December"],
    ];

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        let days = LATEST.signed_duration_since(EARLIEST).num_days();
        (0..=days).prop_map(|n| EARLIEST + chrono::Duration::days(n))
    }

    /// `date` written in one dialect chosen by the numbers.
    fn format(date: NaiveDate, order: DateOrder, form: u8, sep: char, pad: bool) -> String {
        let (y, m, day) = (date.year(), date.month(), date.day());
        let (m_s, d_s) = if pad {
            (format!("{m:02}"), format!("{day:02}"))
        } else {
            (m.to_string(), day.to_string())
        };
        let idx = usize::try_from(m - 1).unwrap();
        let short = NAMES[idx][0];
        let long = NAMES[idx][1];
        let pivot = (1970..=2069).contains(&y);
        let yy = format!("{:02}", y % 100);
        match form {
            0 => format!("{y}{sep}{m_s}{sep}{d_s}"),
            1 | 2 => {
                let year = if form == 2 && pivot {
                    yy
                } else {
                    y.to_string()
                };
                match order {
                    DayFirst => format!("{d_s}{sep}{m_s}{sep}{year}"),
                    MonthFirst => format!("{m_s}{sep}{d_s}{sep}{year}"),
                }
            }
            3 => format!("{y}{m:02}{day:02}"),
            4 => format!("{y}{m:02}{day:02}.0"),
            5 => match to_serial(date) {
                Some(s) => s.to_string(),
                None => date.to_string(),
            },
            6 => {
                let year = if pivot { yy } else { y.to_string() };
                format!("{d_s}-{short}-{year}")
            }
            7 => format!("{d_s}-{}-{y}", short.to_uppercase()),
            8 => format!("{d_s} {short} {y}"),
            9 => format!("{long} {d_s}, {y}"),
            10 => format!("{short} {d_s}, {y}"),
            11 => format!("{d_s} {} {y}", long.to_lowercase()),
            _ => format!("{y}年{m}月{day}日"),
        }
    }

    #[test]
    fn every_form_round_trips_across_the_range() {
        let mut date = EARLIEST;
        while date <= LATEST {
            for order in [DayFirst, MonthFirst] {
                for form in 0u8..=12 {
                    for sep in ['/', '.', '-'] {
                        for pad in [false, true] {
                            let text = format(date, order, form, sep, pad);
                            assert_eq!(parse(&text, order), Ok(date), "{text}");
                        }
                    }
                }
            }
            date += chrono::Duration::days(97);
        }
        assert_eq!(
            parse(&format(LATEST, DayFirst, 5, '/', false), DayFirst),
            Ok(LATEST)
        );
    }

    proptest! {
        #[test]
        fn every_dialect_round_trips(
            date in any_date(),
            first in any::<bool>(),
            form in 0u8..=12,
            sep in prop::sample::select(vec!['/', '.', '-']),
            pad in any::<bool>(),
        ) {
            let order = if first { DayFirst } else { MonthFirst };
            let text = format(date, order, form, sep, pad);
            prop_assert_eq!(parse(&text, order), Ok(date), "{}", text);
        }

        #[test]
        fn a_two_two_four_date_read_directly_is_the_date_read_the_long_way(
            year in 0u32..=9999,
            first_part in 0u32..=32,
            second_part in 0u32..=32,
            sep in prop::sample::select(vec!['/', '.', '-']),
            first in any::<bool>(),
        ) {
            let order = if first { DayFirst } else { MonthFirst };
            let text = format!("{first_part:02}{sep}{second_part:02}{sep}{year:04}");
            // What the direct read declines, the long way reads or refuses by itself.
            if let Some(direct) = numeric_ten(&text, order) {
                prop_assert_eq!(Ok(direct), read(&text, order), "{}", text);
            } else {
                prop_assert!(read(&text, order).is_err(), "{}", text);
            }
        }

        #[test]
        fn an_iso_date_read_directly_is_the_date_read_the_long_way(
            year in 0u32..=9999,
            month in 0u32..=13,
            day in 0u32..=32,
            first in any::<bool>(),
        ) {
            let order = if first { DayFirst } else { MonthFirst };
            let text = format!("{year:04}-{month:02}-{day:02}");
            // What the direct read declines, the long way reads or refuses by itself.
            if let Some(direct) = iso(&text) {
                prop_assert_eq!(Ok(direct), read(&text, order), "{}", text);
            }
        }

        #[test]
        fn serials_round_trip(serial in SERIALS) {
            match from_serial(serial) {
                Ok(date) => prop_assert_eq!(to_serial(date), Some(serial)),
                Err(e) => {
                    prop_assert_eq!(serial, 60);
                    prop_assert_eq!(e, Reason::Excel1900LeapDay);
                }
            }
        }

        #[test]
        fn nothing_panics(text in ".{0,40}", first in any::<bool>()) {
            let order = if first { DayFirst } else { MonthFirst };
            let _ = parse(&text, order);
            let _ = DateDialect::detect([text.as_str()].into_iter());
        }

        #[test]
        fn nothing_panics_on_date_like_text(text in "[0-9/.\\- ,年月日A-Za-z:T]{0,24}") {
            let _ = parse(&text, DayFirst);
            let _ = DateDialect::detect([text.as_str()].into_iter());
        }
    }
}
