//! Amounts as real ledger exports write them.
//!
//! ERPs and spreadsheets do not write `-1234.56`: they write `(1,234.56)`, `1.234,56-`
//! (SAP), `1 234,56` with a non-breaking space, `1'234.56`, `¥1,234`, `1,234.56 CR`, or
//! `2309.7899999999995` (a float a spreadsheet kept). This module reads those forms into
//! an exact [`Decimal`]; it is pure (no I/O, no book), and the reader parses every
//! amount cell of a ledger with it.
//!
//! The decimal separator is a property of the file, not of one value: `1,234` is one
//! thousand two hundred thirty-four with a decimal point and one point two three four
//! with a decimal comma. [`NumberDialect::detect`] settles it from the values that can
//! only be read one way and says when none can, so the caller takes a setting.
//! [`parse`] then reads each value in that [`NumberStyle`]; [`round_to_minor`] rounds
//! half away from zero to the currency's minor unit and refuses amounts beyond
//! [`Money::MAX`].
//!
//! Nothing here panics: every character of any text is either understood or refused
//! with an [`AmountError`] that quotes the text and says why.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::money::{MINOR_DIGITS, Money, NegativeStyle};

/// Integer digits of [`Money::MAX`]; a value with more is refused before any arithmetic.
const MAX_INTEGER_DIGITS: usize = 12;

/// Decimal places kept from the text. Digits past these are dropped (truncated toward
/// zero), which never changes a rounding to fewer places, and keeps every value within
/// `Decimal`'s 28 digits.
const MAX_KEPT_DECIMALS: usize = 16;

/// Currency symbols and codes taken before or after an amount, longest first so `US$`
/// is not read as `US` and `$`. Codes compare without regard to ASCII case.
const CURRENCY_MARKS: &[&str] = &[
    "US$", "HK$", "RMB", "CNY", "USD", "EUR", "HKD", "GBP", "JPY", "CHF", "¥", "￥", "$", "€", "£",
    "元",
];

/// Which character separates the decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NumberStyle {
    /// `1,234.56`: a point before the decimals; commas, spaces or apostrophes group.
    DecimalPoint,
    /// `1.234,56`: a comma before the decimals; points, spaces or apostrophes group.
    DecimalComma,
}

impl NumberStyle {
    /// The decimal separator.
    pub fn decimal_char(self) -> char {
        match self {
            NumberStyle::DecimalPoint => '.',
            NumberStyle::DecimalComma => ',',
        }
    }

    /// The other style.
    pub fn other(self) -> NumberStyle {
        match self {
            NumberStyle::DecimalPoint => NumberStyle::DecimalComma,
            NumberStyle::DecimalComma => NumberStyle::DecimalPoint,
        }
    }
}

/// What a file's values say about their decimal separator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberDialect {
    /// Some value can only be read in this style and none only in the other.
    Settled {
        /// The style.
        style: NumberStyle,
        /// The first value that settled it, to show the user.
        evidence: String,
    },
    /// Some values read differently in the two styles (`1,234`) and none settles it:
    /// the caller takes a setting and says which it used.
    Ambiguous {
        /// The first such value.
        example: String,
    },
    /// No value depends on the style (`94`, `-80`, or no readable value at all): either
    /// style reads the file the same.
    Either,
    /// One value can only be read with a decimal point and another only with a decimal
    /// comma: the file mixes styles and is refused.
    Conflicting {
        /// The first value only readable with a decimal point.
        point: String,
        /// The first value only readable with a decimal comma.
        comma: String,
    },
}

impl NumberDialect {
    /// Reads every value both ways and settles the style from those that read only one
    /// way. Values no style reads (blank, text) are no evidence.
    pub fn detect<'a>(values: impl IntoIterator<Item = &'a str>) -> NumberDialect {
        let mut point: Option<&str> = None;
        let mut comma: Option<&str> = None;
        let mut ambiguous: Option<&str> = None;
        for value in values {
            let as_point = parse(value, NumberStyle::DecimalPoint).map(|p| p.value);
            let as_comma = parse(value, NumberStyle::DecimalComma).map(|p| p.value);
            match (as_point, as_comma) {
                (Ok(_), Err(_)) => {
                    point.get_or_insert(value);
                }
                (Err(_), Ok(_)) => {
                    comma.get_or_insert(value);
                }
                (Ok(a), Ok(b)) if a != b => {
                    ambiguous.get_or_insert(value);
                }
                _ => {}
            }
        }
        match (point, comma, ambiguous) {
            (Some(p), Some(c), _) => NumberDialect::Conflicting {
                point: p.to_string(),
                comma: c.to_string(),
            },
            (Some(p), None, _) => NumberDialect::Settled {
                style: NumberStyle::DecimalPoint,
                evidence: p.to_string(),
            },
            (None, Some(c), _) => NumberDialect::Settled {
                style: NumberStyle::DecimalComma,
                evidence: c.to_string(),
            },
            (None, None, Some(a)) => NumberDialect::Ambiguous {
                example: a.to_string(),
            },
            (None, None, None) => NumberDialect::Either,
        }
    }

    /// The style to read the file with: the settled one, `fallback` (the user's or the
    /// book's setting) when the values leave it open, `None` when they conflict.
    pub fn style_or(&self, fallback: NumberStyle) -> Option<NumberStyle> {
        match self {
            NumberDialect::Settled { style, .. } => Some(*style),
            NumberDialect::Ambiguous { .. } | NumberDialect::Either => Some(fallback),
            NumberDialect::Conflicting { .. } => None,
        }
    }
}

/// An amount read from text, before rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    /// The value as written (signs and currency marks applied, trailing zeros dropped).
    /// Exact up to 16 decimal places; digits past those are dropped.
    pub value: Decimal,
    /// Decimal places that carry a digit other than a trailing zero: `2309.7899999999995`
    /// has 13, `94.50` has 1, `94` has 0.
    pub decimals: u32,
}

impl Parsed {
    /// True when the value has more decimals than a currency with `minor_digits`
    /// places holds, so it must be rounded (and the importer says so).
    pub fn exceeds_minor(&self, minor_digits: u32) -> bool {
        self.decimals > minor_digits
    }

    /// The value rounded half away from zero to `minor_digits`; see [`round_to_minor`].
    pub fn to_money(&self, minor_digits: u32) -> Result<Money, AmountError> {
        round_to_minor(self.value, minor_digits)
    }
}

/// Why a text is not an amount the book takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// The text is not a number in the file's style.
    #[error("'{text}' is not an amount: {reason}")]
    NotAnAmount {
        /// The text as given.
        text: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The amount is beyond [`Money::MAX`], before or after rounding.
    #[error("'{text}' is larger than the largest amount a book accepts ({max})",
        max = Money::MAX.grouped(NegativeStyle::Minus))]
    TooLarge {
        /// The text (or the value) as given.
        text: String,
    },
    /// The currency has more decimal places than the book can hold.
    #[error(
        "'{text}': a currency with {digits} decimal places is not supported (at most {MINOR_DIGITS})"
    )]
    UnsupportedMinorDigits {
        /// The value.
        text: String,
        /// The currency's minor digits.
        digits: u32,
    },
}

/// Reads `text` as an amount in `style`: grouping by the other separator, spaces
/// (also U+00A0, U+202F, U+2009) or apostrophes; negative as `-`, `−` (U+2212),
/// `(…)`, a trailing `-` or a `CR` suffix; positive with a leading `+` or a `DR`
/// suffix; currency symbols or codes before or after. At most one sign.
pub fn parse(text: &str, style: NumberStyle) -> Result<Parsed, AmountError> {
    let value = match plain(text.as_bytes(), style) {
        Some(value) => value,
        None => parse_decorated(text, style)?,
    };
    Ok(Parsed {
        value,
        decimals: value.scale(),
    })
}

/// An amount rounded to a currency's `minor_digits`, and whether it had more decimals
/// than those (so it was rounded). A plain amount that needs no rounding, as most are,
/// is read straight to minor units; anything else is [`parse`]d and rounded
/// ([`Parsed::to_money`]).
pub fn read_money(
    text: &str,
    style: NumberStyle,
    minor_digits: u32,
) -> Result<(Money, bool), AmountError> {
    if let Some(money) = plain_money(text, style, minor_digits) {
        return Ok((money, false));
    }
    let parsed = parse(text, style)?;
    Ok((
        parsed.to_money(minor_digits)?,
        parsed.exceeds_minor(minor_digits),
    ))
}

/// [`parse`] then [`Parsed::to_money`] for the common case, read straight to minor
/// units: a plain amount (as [`plain`] reads) with at most `minor_digits` decimals, so
/// nothing is rounded and it is within bounds. `None` for anything else, which the long
/// way reads (a property test holds the two together).
fn plain_money(text: &str, style: NumberStyle, minor_digits: u32) -> Option<Money> {
    let (negative, significant, frac) = plain_parts(text.as_bytes(), style)?;
    if minor_digits > MINOR_DIGITS || frac.len() > minor_digits as usize {
        return None;
    }
    // At most 12 + 2 digits: within i64 and within Money::MAX.
    let minor = significant
        .iter()
        .chain(frac)
        .chain(std::iter::repeat_n(
            &b'0',
            MINOR_DIGITS as usize - frac.len(),
        ))
        .fold(0i64, |m, &b| m * 10 + i64::from(b - b'0'));
    Some(Money::from_minor(if negative { -minor } else { minor }))
}

/// A plain amount's parts: whether it is negative, its integer digits from the first
/// that is not zero (at most [`MAX_INTEGER_DIGITS`]), and its decimals. `None` for a
/// text that is not `-?digits` with an optional decimal separator followed by digits.
fn plain_parts(text: &[u8], style: NumberStyle) -> Option<(bool, &[u8], &[u8])> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let decimal = style.decimal_char() as u8;
    let point = digits.iter().position(|b| !b.is_ascii_digit());
    let (int, frac) = match point {
        None => (digits, &[][..]),
        Some(i) if digits[i] == decimal => (&digits[..i], &digits[i + 1..]),
        Some(_) => return None,
    };
    let significant = int
        .iter()
        .position(|&b| b != b'0')
        .map_or(&[][..], |i| &int[i..]);
    if int.is_empty()
        || (point.is_some() && frac.is_empty())
        || !frac.iter().all(u8::is_ascii_digit)
        || significant.len() > MAX_INTEGER_DIGITS
    {
        return None;
    }
    Some((negative, significant, frac))
}

/// The common case read directly: `-?digits` with an optional decimal separator and
/// digits, no grouping, signs or marks, within the digits [`read_core`] keeps. `None`
/// sends anything else the long way, which reads these texts to the same value (a
/// property test holds the two together).
fn plain(text: &[u8], style: NumberStyle) -> Option<Decimal> {
    let (negative, significant, frac) = plain_parts(text, style)?;
    if frac.len() > MAX_KEPT_DECIMALS {
        return None;
    }
    let mantissa = significant
        .iter()
        .chain(frac)
        .fold(0i128, |m, &b| m * 10 + i128::from(b - b'0'));
    let value = Decimal::try_from_i128_with_scale(mantissa, frac.len() as u32).ok()?;
    Some(
        if negative && !value.is_zero() {
            -value
        } else {
            value
        }
        .normalize(),
    )
}

/// [`parse`] for any text: signs, brackets, currency marks and grouping.
fn parse_decorated(text: &str, style: NumberStyle) -> Result<Decimal, AmountError> {
    let not = |reason| AmountError::NotAnAmount {
        text: text.to_string(),
        reason,
    };
    let (core, negative) = strip_decorations(text).map_err(not)?;
    let value = match read_core(core, style) {
        Ok(v) => v,
        Err(Fail::Malformed(reason)) => return Err(not(reason)),
        Err(Fail::TooLarge) => {
            return Err(AmountError::TooLarge {
                text: text.to_string(),
            });
        }
    };
    // `-0.00` is zero, without a sign.
    Ok(if negative && !value.is_zero() {
        -value
    } else {
        value
    }
    .normalize())
}

/// Rounds `value` half away from zero to `minor_digits` places (`0.005` → `0.01`,
/// `-0.005` → `-0.01`) and refuses a result beyond ±[`Money::MAX`].
pub fn round_to_minor(value: Decimal, minor_digits: u32) -> Result<Money, AmountError> {
    if minor_digits > MINOR_DIGITS {
        return Err(AmountError::UnsupportedMinorDigits {
            text: value.to_string(),
            digits: minor_digits,
        });
    }
    let too_large = || AmountError::TooLarge {
        text: value.to_string(),
    };
    // Anything at or above twice the bound is refused before rounding can overflow.
    let limit = Money::MAX
        .amount()
        .checked_mul(Decimal::TWO)
        .ok_or_else(too_large)?;
    if value.abs() >= limit {
        return Err(too_large());
    }
    let rounded =
        value.round_dp_with_strategy(minor_digits, RoundingStrategy::MidpointAwayFromZero);
    // `-0.001` rounds to zero, without a sign.
    let rounded = if rounded.is_zero() {
        Decimal::ZERO
    } else {
        rounded
    };
    Money::try_from_decimal(rounded).map_err(|_| too_large())
}

/// Removes signs, brackets and currency marks around the number; returns the number
/// and whether it is negative.
fn strip_decorations(text: &str) -> Result<(&str, bool), &'static str> {
    let mut s = text.trim();
    if s.is_empty() {
        return Err("it is blank");
    }
    let mut negative = 0u32;
    let mut positive = 0u32;
    loop {
        let before = s.len();
        if let Some(rest) = strip_currency_prefix(s) {
            s = rest;
        }
        if let Some(rest) = strip_currency_suffix(s) {
            s = rest;
        }
        if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            s = inner;
            negative += 1;
        }
        if let Some(rest) = s.strip_prefix(['-', '\u{2212}']) {
            s = rest;
            negative += 1;
        } else if let Some(rest) = s.strip_prefix('+') {
            s = rest;
            positive += 1;
        }
        if let Some(rest) = s.strip_suffix(['-', '\u{2212}']) {
            s = rest;
            negative += 1;
        } else if let Some(rest) = strip_suffix_ignore_case(s, "CR") {
            s = rest;
            negative += 1;
        } else if let Some(rest) = strip_suffix_ignore_case(s, "DR") {
            s = rest;
            positive += 1;
        }
        s = s.trim();
        if s.len() == before {
            break;
        }
    }
    if negative + positive > 1 {
        return Err("it has more than one sign");
    }
    if s.is_empty() {
        return Err("it has no digits");
    }
    Ok((s, negative == 1))
}

fn strip_currency_prefix(s: &str) -> Option<&str> {
    // No mark starts with a digit (a test holds the list to it): most amounts are
    // passed over without trying every mark.
    if s.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    CURRENCY_MARKS.iter().find_map(|mark| {
        let head = s.get(..mark.len())?;
        head.eq_ignore_ascii_case(mark)
            .then(|| s.get(mark.len()..))?
    })
}

fn strip_currency_suffix(s: &str) -> Option<&str> {
    // No mark ends with a digit either.
    if s.as_bytes().last().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    CURRENCY_MARKS
        .iter()
        .find_map(|mark| strip_suffix_ignore_case(s, mark))
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let start = s.len().checked_sub(suffix.len())?;
    let tail = s.get(start..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| s.get(..start))?
}

enum Fail {
    Malformed(&'static str),
    TooLarge,
}

/// Which family a grouping character belongs to; a number uses one.
fn group_class(c: char, style: NumberStyle) -> Option<u8> {
    match c {
        ',' if style == NumberStyle::DecimalPoint => Some(0),
        '.' if style == NumberStyle::DecimalComma => Some(1),
        '\'' | '\u{2019}' => Some(2),
        ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' => Some(3),
        _ => None,
    }
}

/// Reads the bare number (digits, separators) as a non-negative decimal. In one pass
/// and without allocating: the digit groups are checked and the mantissa formed as the
/// characters come (an ERP's `1,234.56` comes this way on every row).
fn read_core(core: &str, style: NumberStyle) -> Result<Decimal, Fail> {
    use Fail::Malformed;
    let decimal = style.decimal_char();
    // The integer part's digit groups: the first one's size, whether every later one
    // has three digits, and the size of the one being read.
    let mut first_group: Option<usize> = None;
    let mut later_groups_of_three = true;
    let mut group = 0usize;
    let mut int_len = 0usize;
    let mut int_leading_zero = false;
    let mut significant = 0usize;
    let mut frac_len = 0usize;
    // The significant integer digits then the kept decimals (read only while they can
    // matter: more than MAX_INTEGER_DIGITS is refused below).
    let mut mantissa: i128 = 0;
    let mut seen_decimal = false;
    let mut grouping: Option<u8> = None;
    for c in core.chars() {
        if let Some(digit) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
            let digit = i128::from(digit);
            if seen_decimal {
                if frac_len < MAX_KEPT_DECIMALS && significant <= MAX_INTEGER_DIGITS {
                    mantissa = mantissa * 10 + digit;
                }
                frac_len += 1;
            } else {
                if int_len == 0 {
                    int_leading_zero = digit == 0;
                }
                int_len += 1;
                group += 1;
                if significant > 0 || digit != 0 {
                    significant += 1;
                    if significant <= MAX_INTEGER_DIGITS {
                        mantissa = mantissa * 10 + digit;
                    }
                }
            }
        } else if c == decimal {
            if seen_decimal {
                return Err(Malformed("it has two decimal separators"));
            }
            seen_decimal = true;
        } else if let Some(class) = group_class(c, style) {
            if seen_decimal {
                return Err(Malformed("a group separator follows the decimal separator"));
            }
            if grouping.is_some_and(|g| g != class) {
                return Err(Malformed("it mixes group separators"));
            }
            grouping = Some(class);
            if group == 0 {
                return Err(Malformed("a group separator is out of place"));
            }
            match first_group {
                None => first_group = Some(group),
                Some(_) => later_groups_of_three &= group == 3,
            }
            group = 0;
        } else {
            return Err(Malformed(
                "it holds characters that are not part of a number",
            ));
        }
    }
    if int_len == 0 && frac_len == 0 {
        return Err(Malformed("it has no digits"));
    }
    if seen_decimal && frac_len == 0 {
        return Err(Malformed("no digits follow the decimal separator"));
    }
    if grouping.is_some() {
        // The group being read when the integer part ended is the last one.
        let (first, rest_ok) = match first_group {
            None => (group, true),
            Some(first) => (first, later_groups_of_three && group == 3),
        };
        if !(1..=3).contains(&first) || !rest_ok || int_leading_zero {
            return Err(Malformed("its digit groups are not groups of three"));
        }
    }
    if significant > MAX_INTEGER_DIGITS {
        return Err(Fail::TooLarge);
    }
    let scale = u32::try_from(frac_len.min(MAX_KEPT_DECIMALS)).map_err(|_| Fail::TooLarge)?;
    Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| Fail::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn no_currency_mark_starts_or_ends_with_a_digit() {
        for mark in CURRENCY_MARKS {
            let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
            assert!(
                !digit(mark.chars().next()) && !digit(mark.chars().last()),
                "{mark}"
            );
        }
    }
    use std::str::FromStr;

    const POINT: NumberStyle = NumberStyle::DecimalPoint;
    const COMMA: NumberStyle = NumberStyle::DecimalComma;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn value(text: &str, style: NumberStyle) -> Decimal {
        parse(text, style)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .value
    }

    #[test]
    fn grouped_with_commas_points_spaces_and_apostrophes() {
        assert_eq!(value("1,234.56", POINT), dec("1234.56"));
        assert_eq!(value("1.234,56", COMMA), dec("1234.56"));
        assert_eq!(value("1 234,56", COMMA), dec("1234.56"));
        assert_eq!(value("1\u{a0}234,56", COMMA), dec("1234.56"));
        assert_eq!(
            value("1\u{202f}234\u{202f}567,89", COMMA),
            dec("1234567.89")
        );
        assert_eq!(value("1'234.56", POINT), dec("1234.56"));
        assert_eq!(value("1'234,56", COMMA), dec("1234.56"));
        assert_eq!(value("12,345,678.9", POINT), dec("12345678.9"));
    }

    #[test]
    fn negatives_in_every_form() {
        assert_eq!(value("(1,234.56)", POINT), dec("-1234.56"));
        assert_eq!(value("1.234,56-", COMMA), dec("-1234.56"));
        assert_eq!(value("1,234.56 CR", POINT), dec("-1234.56"));
        assert_eq!(value("1,234.56cr", POINT), dec("-1234.56"));
        assert_eq!(value("1,234.56 DR", POINT), dec("1234.56"));
        assert_eq!(value("\u{2212}1,234.56", POINT), dec("-1234.56"));
        assert_eq!(value("-80", POINT), dec("-80"));
        assert_eq!(value("+80", POINT), dec("80"));
        assert_eq!(value("( 12.5 )", POINT), dec("-12.5"));
    }

    #[test]
    fn currency_symbols_and_codes_before_or_after() {
        assert_eq!(value("¥1,234", POINT), dec("1234"));
        assert_eq!(value("￥1,234.50", POINT), dec("1234.5"));
        assert_eq!(value("RMB 1,234.56", POINT), dec("1234.56"));
        assert_eq!(value("1,234.56 CNY", POINT), dec("1234.56"));
        assert_eq!(value("$1,234.56", POINT), dec("1234.56"));
        assert_eq!(value("US$ 1,234.56", POINT), dec("1234.56"));
        assert_eq!(value("1.234,56 €", COMMA), dec("1234.56"));
        assert_eq!(value("EUR 1.234,56-", COMMA), dec("-1234.56"));
        assert_eq!(value("($1,234.56)", POINT), dec("-1234.56"));
        assert_eq!(value("-$5", POINT), dec("-5"));
        assert_eq!(value("$-5", POINT), dec("-5"));
        assert_eq!(value("1,234.56 USD CR", POINT), dec("-1234.56"));
    }

    #[test]
    fn one_or_no_decimals() {
        let p = parse("65.7", POINT).unwrap();
        assert_eq!((p.value, p.decimals), (dec("65.7"), 1));
        let p = parse("94", POINT).unwrap();
        assert_eq!((p.value, p.decimals), (dec("94"), 0));
        assert!(!p.exceeds_minor(0));
        assert_eq!(parse("94.50", POINT).unwrap().decimals, 1);
        assert_eq!(value("12,5", COMMA), dec("12.5"));
        assert_eq!(value("0,05", COMMA), dec("0.05"));
    }

    #[test]
    fn spreadsheet_float_noise_rounds_with_the_flag_set() {
        let p = parse("2309.7899999999995", POINT).unwrap();
        assert_eq!(p.value, dec("2309.7899999999995"));
        assert!(p.exceeds_minor(MINOR_DIGITS));
        assert_eq!(p.to_money(MINOR_DIGITS).unwrap().to_string(), "2309.79");
        let q = parse("1234.56", POINT).unwrap();
        assert!(!q.exceeds_minor(MINOR_DIGITS));
        // Digits past 16 places are dropped, never rounding across a half.
        let long = parse("0.00499999999999999999999999999999", POINT).unwrap();
        assert_eq!(long.to_money(2).unwrap(), Money::ZERO);
    }

    #[test]
    fn rounding_is_half_away_from_zero_and_bounded() {
        assert_eq!(round_to_minor(dec("0.505"), 2).unwrap().to_string(), "0.51");
        assert_eq!(
            round_to_minor(dec("-0.505"), 2).unwrap().to_string(),
            "-0.51"
        );
        assert_eq!(round_to_minor(dec("-2.5"), 0).unwrap().to_string(), "-3.00");
        assert_eq!(
            round_to_minor(dec("999999999999.994"), 2).unwrap(),
            Money::MAX
        );
        let e = round_to_minor(dec("999999999999.995"), 2).unwrap_err();
        assert_eq!(
            e.to_string(),
            "'999999999999.995' is larger than the largest amount a book accepts \
             (999,999,999,999.99)"
        );
        assert!(matches!(
            round_to_minor(Decimal::MAX, 2),
            Err(AmountError::TooLarge { .. })
        ));
        assert!(matches!(
            round_to_minor(Decimal::MIN, 0),
            Err(AmountError::TooLarge { .. })
        ));
        assert_eq!(
            round_to_minor(dec("-0.001"), 2).unwrap().to_string(),
            "0.00"
        );
        let z = parse("(0.00)", POINT).unwrap();
        assert!(z.value.is_zero() && z.value.is_sign_positive());
        assert!(matches!(
            round_to_minor(dec("1.5"), 3),
            Err(AmountError::UnsupportedMinorDigits { digits: 3, .. })
        ));
    }

    #[test]
    fn too_large_and_malformed_texts_are_refused_with_the_text() {
        let e = parse("30,000,000,000,000.00", POINT).unwrap_err();
        assert_eq!(
            e,
            AmountError::TooLarge {
                text: "30,000,000,000,000.00".into()
            }
        );
        assert!(matches!(
            parse("79228162514264337593543950335999", POINT),
            Err(AmountError::TooLarge { .. })
        ));
        for bad in [
            "",
            "  ",
            "abc",
            "12..30",
            "1,2,3",
            "1,23.4",
            "-(5)",
            "--5",
            "+-5",
            "5-CR",
            "1.234.56",
            "1,234.5.6",
            ",",
            "-",
            "()",
            "5.",
            "1,234 567",
            "1e5",
            "0,123",
        ] {
            let e = parse(bad, POINT).unwrap_err();
            assert!(
                matches!(&e, AmountError::NotAnAmount { text, .. } if text == bad),
                "{bad:?}: {e:?}"
            );
        }
        assert_eq!(
            parse("12..30", POINT).unwrap_err().to_string(),
            "'12..30' is not an amount: it has two decimal separators"
        );
        assert!(parse("1,234.56", COMMA).is_err());
        assert!(parse("65.7", COMMA).is_err());
        assert_eq!(value("0001234", POINT), dec("1234"));
        assert_eq!(value(".5", POINT), dec("0.5"));
    }

    #[test]
    fn the_style_is_settled_by_values_read_only_one_way() {
        let d = NumberDialect::detect(["94", "1,234", "1.234,56"]);
        assert_eq!(
            d,
            NumberDialect::Settled {
                style: COMMA,
                evidence: "1.234,56".into()
            }
        );
        let owned = ["1,234".to_string(), "12,5".to_string()];
        let d = NumberDialect::detect(owned.iter().map(String::as_str));
        assert_eq!(d.style_or(POINT), Some(COMMA));
        let d = NumberDialect::detect(["1,234", "1,234.56", "65.7"]);
        assert_eq!(d.style_or(COMMA), Some(POINT));
        let d = NumberDialect::detect(["1,234,567", "1,234"]);
        assert_eq!(d.style_or(COMMA), Some(POINT));
    }

    #[test]
    fn every_value_ambiguous_leaves_the_choice_to_the_caller() {
        let d = NumberDialect::detect(["1,234", "(2,500)", "94", ""]);
        assert_eq!(
            d,
            NumberDialect::Ambiguous {
                example: "1,234".into()
            }
        );
        assert_eq!(d.style_or(COMMA), Some(COMMA));
        assert_eq!(d.style_or(POINT), Some(POINT));
        let d = NumberDialect::detect(["94", "-80", "text"]);
        assert_eq!(d, NumberDialect::Either);
        assert_eq!(
            NumberDialect::detect(std::iter::empty()),
            NumberDialect::Either
        );
    }

    #[test]
    fn a_file_mixing_styles_is_conflicting() {
        let d = NumberDialect::detect(["1,234.56", "12,5", "1.234,56"]);
        assert_eq!(
            d,
            NumberDialect::Conflicting {
                point: "1,234.56".into(),
                comma: "12,5".into()
            }
        );
        assert_eq!(d.style_or(POINT), None);
    }

    #[derive(Debug, Clone, Copy)]
    enum Negative {
        Minus,
        UnicodeMinus,
        Parentheses,
        TrailingMinus,
        Cr,
    }

    /// Formats `minor` (hundredths) the way an export in this dialect would.
    fn format(
        minor: i64,
        style: NumberStyle,
        group: Option<char>,
        negative: Negative,
        currency: Option<(&str, bool)>,
    ) -> String {
        let abs = minor.unsigned_abs();
        let int = (abs / 100).to_string();
        let frac = format!("{:02}", abs % 100);
        let mut grouped = String::new();
        let n = int.len();
        for (i, ch) in int.chars().enumerate() {
            if let Some(g) = group
                && i > 0
                && (n - i).is_multiple_of(3)
            {
                grouped.push(g);
            }
            grouped.push(ch);
        }
        let mut body = format!("{grouped}{}{frac}", style.decimal_char());
        match currency {
            Some((mark, true)) => body = format!("{mark}{body}"),
            Some((mark, false)) => body = format!("{body} {mark}"),
            None => {}
        }
        if minor >= 0 {
            return body;
        }
        match negative {
            Negative::Minus => format!("-{body}"),
            Negative::UnicodeMinus => format!("\u{2212}{body}"),
            Negative::Parentheses => format!("({body})"),
            Negative::TrailingMinus => format!("{body}-"),
            Negative::Cr => format!("{body} CR"),
        }
    }

    fn dialect() -> impl Strategy<Value = (NumberStyle, Option<char>)> {
        prop_oneof![
            Just(POINT).prop_flat_map(|s| (
                Just(s),
                prop::sample::select(vec![
                    None,
                    Some(','),
                    Some(' '),
                    Some('\u{a0}'),
                    Some('\u{202f}'),
                    Some('\'')
                ])
            )),
            Just(COMMA).prop_flat_map(|s| (
                Just(s),
                prop::sample::select(vec![
                    None,
                    Some('.'),
                    Some(' '),
                    Some('\u{a0}'),
                    Some('\u{202f}'),
                    Some('\'')
                ])
            )),
        ]
    }

    fn negative() -> impl Strategy<Value = Negative> {
        prop::sample::select(vec![
            Negative::Minus,
            Negative::UnicodeMinus,
            Negative::Parentheses,
            Negative::TrailingMinus,
            Negative::Cr,
        ])
    }

    fn currency() -> impl Strategy<Value = Option<(&'static str, bool)>> {
        prop::option::of((
            prop::sample::select(vec!["¥", "￥", "RMB", "CNY", "$", "US$", "€", "EUR"]),
            any::<bool>(),
        ))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn every_dialect_round_trips(
            minor in -crate::domain::money::MAX_AMOUNT_MINOR..=crate::domain::money::MAX_AMOUNT_MINOR,
            (style, group) in dialect(),
            neg in negative(),
            cur in currency(),
        ) {
            let text = format(minor, style, group, neg, cur);
            let parsed = parse(&text, style).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(parsed.value, Decimal::new(minor, 2), "{}", text);
            prop_assert!(!parsed.exceeds_minor(MINOR_DIGITS));
            prop_assert_eq!(parsed.to_money(MINOR_DIGITS), Ok(Money::from_minor(minor)));
            // Two decimals are only readable one way: the value settles its style.
            prop_assert_eq!(
                NumberDialect::detect([text.as_str()]).style_or(style.other()),
                Some(style),
                "{}", text
            );
        }

        #[test]
        fn a_plain_amount_read_straight_to_money_is_the_amount_read_the_long_way(
            text in "-?[0-9]{1,14}([.,][0-9]{0,3})?",
            comma in any::<bool>(),
            minor_digits in 0u32..=3,
        ) {
            let style = if comma { COMMA } else { POINT };
            let long = parse(&text, style).and_then(|p| {
                Ok((p.to_money(minor_digits)?, p.exceeds_minor(minor_digits)))
            });
            match plain_money(&text, style, minor_digits) {
                Some(direct) => {
                    prop_assert_eq!(Ok((direct, false)), long, "{}", text);
                }
                // What the direct read declines needs rounding, is too long for it, or
                // is not plain: the long way reads or refuses it.
                None => prop_assert!(
                    long.is_err()
                        || minor_digits > MINOR_DIGITS
                        || text.ends_with(['.', ','])
                        || text.contains(if comma { '.' } else { ',' })
                        || text.trim_start_matches('-').trim_start_matches('0').len() > 12
                        || text.split(['.', ',']).nth(1).is_some_and(|f| f.len() > minor_digits as usize),
                    "{}", text
                ),
            }
        }

        #[test]
        fn a_plain_number_read_directly_is_the_number_read_the_long_way(
            text in "-?[0-9]{1,15}([.,][0-9]{0,18})?",
            comma in any::<bool>(),
        ) {
            let style = if comma { COMMA } else { POINT };
            let long = parse_decorated(&text, style);
            match plain(text.as_bytes(), style) {
                Some(direct) => {
                    prop_assert_eq!(Ok(direct), long.clone(), "{}", text);
                    prop_assert_eq!(direct.scale(), long.unwrap().scale(), "{}", text);
                }
                // What the direct read declines, the long way reads or refuses itself.
                None => prop_assert!(
                    long.is_err()
                        || text.contains(if comma { '.' } else { ',' })
                        || text.trim_start_matches('-').trim_start_matches('0').len() > 12
                        || text.split(['.', ',']).nth(1).is_some_and(|f| f.len() > 16),
                    "{}", text
                ),
            }
        }

        #[test]
        fn no_text_panics(text in "\\PC{0,40}", comma in any::<bool>()) {
            let style = if comma { COMMA } else { POINT };
            if let Ok(p) = parse(&text, style) {
                let _ = p.to_money(MINOR_DIGITS);
            }
            let _ = NumberDialect::detect([text.as_str()]);
        }

        #[test]
        fn number_like_texts_never_panic(
            text in "[-+(]?[$¥€]?[0-9.,' \u{a0}]{0,40}[)-]?( CR)?",
            comma in any::<bool>(),
        ) {
            let style = if comma { COMMA } else { POINT };
            if let Ok(p) = parse(&text, style) {
                let _ = p.to_money(MINOR_DIGITS);
                let _ = p.to_money(0);
            }
        }
    }
}
