//! Money: an exact decimal amount in the book's functional currency.
//!
//! In memory a [`Money`] is a `rust_decimal::Decimal` with at most [`MINOR_DIGITS`]
//! decimal places; in SQLite it is an integer count of minor units (fen, cents). There is
//! no `f64` anywhere on the path of an amount. Rounding is half away from zero, done once
//! where a rule says so (see [`Money::round`]).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Decimal places of the minor unit. Every currency the book accepts today (CNY, USD,
/// EUR, HKD) has two.
pub const MINOR_DIGITS: u32 = 2;

/// The largest amount, in minor units, that one document, posting or limit may carry:
/// 999,999,999,999.99 (just under a trillion). Amounts read from a ledger or typed by a
/// user are refused above it, so every sum the book forms (a million such items, over
/// hundreds of snapshots) and every product with a rate stays far inside both
/// `Decimal`'s 28 digits and SQLite's 64-bit integers.
pub const MAX_AMOUNT_MINOR: i64 = 99_999_999_999_999;

/// The largest sum of absolute open amounts, in minor units, one ledger may carry:
/// 999,999,999,999,999.99. Its minor units fit SQLite's integers with a thousandfold
/// margin, so a snapshot's totals can always be stored.
pub const MAX_LEDGER_MINOR: i64 = 99_999_999_999_999_999;

/// An exact amount of money with at most two decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

/// Why text could not be read as an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The text is not a decimal number.
    #[error("'{0}' is not an amount")]
    NotANumber(String),
    /// The text has more decimal places than the currency's minor unit.
    #[error("'{0}' has more than {MINOR_DIGITS} decimal places")]
    TooPrecise(String),
    /// The amount is beyond [`MAX_AMOUNT_MINOR`].
    #[error("'{0}' is larger than the largest amount a book accepts ({max})", max = Money::MAX.grouped(NegativeStyle::Minus))]
    TooLarge(String),
}

/// How negative amounts are written in tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum NegativeStyle {
    /// `-1,234.50`
    #[default]
    Minus,
    /// `(1,234.50)`, as accountants print them.
    Parentheses,
}

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// The largest amount one document, posting or limit may carry
    /// ([`MAX_AMOUNT_MINOR`]); its negation is the smallest.
    pub const MAX: Money = Money(Decimal::from_parts(
        (MAX_AMOUNT_MINOR & 0xFFFF_FFFF) as u32,
        (MAX_AMOUNT_MINOR >> 32) as u32,
        0,
        false,
        MINOR_DIGITS,
    ));

    /// The amount of `minor` minor units (`123450` is `1234.50`).
    pub fn from_minor(minor: i64) -> Money {
        Money(Decimal::new(minor, MINOR_DIGITS))
    }

    /// The amount in minor units, as SQLite stores it.
    pub fn to_minor(self) -> i64 {
        // A Money never has more than MINOR_DIGITS places and is range-checked where it
        // is built, so the minor units are an integer that fits. Read from the mantissa
        // and scale (a writer turns every amount it stores into minor units: a decimal
        // product and its truncation cost more than the rest of the row).
        let (mantissa, scale) = (self.0.mantissa(), self.0.scale());
        let minor = if scale <= MINOR_DIGITS {
            10i128
                .checked_pow(MINOR_DIGITS - scale)
                .and_then(|f| mantissa.checked_mul(f))
        } else {
            // Truncated toward zero, as `to_i64` of the product did.
            10i128
                .checked_pow(scale - MINOR_DIGITS)
                .map(|f| mantissa / f)
        };
        minor
            .and_then(|m| i64::try_from(m).ok())
            .unwrap_or(i64::MAX)
    }

    /// An exact decimal that already has at most two places and is within
    /// ±[`Money::MAX`].
    pub fn try_from_decimal(value: Decimal) -> Result<Money, MoneyError> {
        let normal = value.normalize();
        if normal.scale() > MINOR_DIGITS {
            return Err(MoneyError::TooPrecise(value.to_string()));
        }
        if normal.abs() > Money::MAX.0 {
            return Err(MoneyError::TooLarge(value.to_string()));
        }
        Ok(Money(normal))
    }

    /// Rounds an unrounded product (rate × base) to the minor unit, half away from zero:
    /// `0.505` becomes `0.51`, `-0.505` becomes `-0.51`.
    pub fn round(value: Decimal) -> Money {
        Money(value.round_dp_with_strategy(MINOR_DIGITS, RoundingStrategy::MidpointAwayFromZero))
    }

    /// Parses a plain decimal such as `1234.5`, `-80` or `0.01`.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        let trimmed = text.trim();
        let value =
            Decimal::from_str(trimmed).map_err(|_| MoneyError::NotANumber(trimmed.to_string()))?;
        Money::try_from_decimal(value).map_err(|e| match e {
            MoneyError::TooPrecise(_) => MoneyError::TooPrecise(trimmed.to_string()),
            other => other,
        })
    }

    /// The exact decimal value.
    pub fn amount(self) -> Decimal {
        self.0
    }

    /// True when the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// True when the amount is above zero.
    pub fn is_positive(self) -> bool {
        self.0.is_sign_positive() && !self.0.is_zero()
    }

    /// True when the amount is zero.
    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// The larger of the amount and zero.
    pub fn max_zero(self) -> Money {
        if self.is_negative() {
            Money::ZERO
        } else {
            self
        }
    }

    /// The absolute value.
    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    /// `self × rate`, unrounded: sum such products, then [`Money::round`] once.
    pub fn times(self, rate: Decimal) -> Decimal {
        self.0 * rate
    }

    /// The amount with thousands separators and two places: `1,234,567.80`.
    pub fn grouped(self, style: NegativeStyle) -> String {
        let plain = format!("{:.2}", self.0.abs());
        let (int, frac) = plain.split_once('.').unwrap_or((plain.as_str(), "00"));
        let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 2);
        let digits = int.len();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (digits - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
        out.push('.');
        out.push_str(frac);
        match (self.is_negative(), style) {
            (false, _) => out,
            (true, NegativeStyle::Minus) => format!("-{out}"),
            (true, NegativeStyle::Parentheses) => format!("({out})"),
        }
    }
}

impl fmt::Display for Money {
    /// Plain, exact, always two places: `1234.50`, `-80.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2}", self.0)
    }
}

impl FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Money::parse(s)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

impl Serialize for Money {
    /// A JSON string with the exact decimal, as scripts rely on: `"1234.50"`.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Money::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// A rate written as a fraction (`0.035`) or a percentage (`3.5%`).
pub fn parse_rate(text: &str) -> Option<Decimal> {
    let trimmed = text.trim();
    if let Some(percent) = trimmed.strip_suffix('%') {
        Decimal::from_str(percent.trim())
            .ok()
            .map(|p| p / Decimal::ONE_HUNDRED)
    } else {
        Decimal::from_str(trimmed).ok()
    }
}

/// A fraction as a percentage with one place, half away from zero: `0.1234` is `12.3%`.
/// A fraction too large to be a percentage (typed by a user, and about to be refused)
/// prints as the fraction it is.
pub fn format_percent(fraction: Decimal) -> String {
    match fraction.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!(
            "{:.1}%",
            p.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        ),
        None => format!("{fraction} (a fraction)"),
    }
}

/// A rate as a percentage with up to three places and no trailing zeros: `3.5%`; a
/// rate too large to be a percentage prints as the fraction it is.
pub fn format_rate(rate: Decimal) -> String {
    match rate.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.round_dp(3).normalize()),
        None => format!("{rate} (a fraction)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::prelude::ToPrimitive;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn half_a_fen_rounds_away_from_zero() {
        assert_eq!(Money::round(dec("0.505")).to_string(), "0.51");
        assert_eq!(Money::round(dec("-0.505")).to_string(), "-0.51");
        assert_eq!(Money::round(dec("0.515")).to_string(), "0.52");
        assert_eq!(Money::round(dec("0.5049999")).to_string(), "0.50");
        assert_eq!(Money::round(dec("2.675")).to_string(), "2.68");
    }

    #[test]
    fn minor_units_round_trip() {
        let m = Money::parse("-1234.5").unwrap();
        assert_eq!(m.to_minor(), -123450);
        assert_eq!(Money::from_minor(-123450), m);
        assert_eq!(m.to_string(), "-1234.50");
        assert_eq!(Money::from_minor(1).to_string(), "0.01");
    }

    #[test]
    fn three_decimal_places_are_refused() {
        assert_eq!(
            Money::parse("1.005"),
            Err(MoneyError::TooPrecise("1.005".to_string()))
        );
        assert!(Money::parse("1.500").is_ok(), "trailing zeros are exact");
        assert!(matches!(
            Money::parse("abc"),
            Err(MoneyError::NotANumber(_))
        ));
    }

    #[test]
    fn the_largest_amount_is_just_under_a_trillion() {
        assert_eq!(Money::MAX.to_string(), "999999999999.99");
        assert_eq!(Money::MAX.to_minor(), MAX_AMOUNT_MINOR);
        assert_eq!(Money::parse("-999999999999.99"), Ok(-Money::MAX));
        assert_eq!(
            Money::parse("1000000000000"),
            Err(MoneyError::TooLarge("1000000000000".to_string()))
        );
    }

    #[test]
    fn one_amount_bricks_a_book_thirty_trillion_is_refused() {
        // The amount of the report: accepted once, it overflowed every assessment.
        let e = Money::parse("30000000000000.00").unwrap_err();
        assert_eq!(e, MoneyError::TooLarge("30000000000000.00".to_string()));
        assert_eq!(
            e.to_string(),
            "'30000000000000.00' is larger than the largest amount a book accepts (999,999,999,999.99)"
        );
        assert!(matches!(
            Money::parse("79228162514264337593543950335"),
            Err(MoneyError::TooLarge(_))
        ));
        assert!(matches!(
            Money::parse("1e40"),
            Err(MoneyError::NotANumber(_))
        ));
    }

    #[test]
    fn grouped_has_thousands_separators_and_negative_styles() {
        let m = Money::parse("-37900000").unwrap();
        assert_eq!(m.grouped(NegativeStyle::Minus), "-37,900,000.00");
        assert_eq!(m.grouped(NegativeStyle::Parentheses), "(37,900,000.00)");
        assert_eq!(
            Money::parse("999.9").unwrap().grouped(NegativeStyle::Minus),
            "999.90"
        );
        assert_eq!(
            Money::parse("1000").unwrap().grouped(NegativeStyle::Minus),
            "1,000.00"
        );
        assert_eq!(Money::ZERO.grouped(NegativeStyle::Parentheses), "0.00");
    }

    #[test]
    fn rates_read_as_fraction_or_percent() {
        assert_eq!(parse_rate("3.5%"), Some(dec("0.035")));
        assert_eq!(parse_rate("0.035"), Some(dec("0.035")));
        assert_eq!(parse_rate("x"), None);
        assert_eq!(format_rate(dec("0.035")), "3.5%");
        assert_eq!(format_rate(dec("1")), "100%");
    }

    #[test]
    fn a_rate_beyond_what_a_percentage_can_hold_formats_without_a_panic() {
        // Found by the amount fuzzer: 79228162514264337593543950335 read as a rate.
        let huge = Decimal::MAX;
        assert_eq!(format_rate(huge), format!("{huge} (a fraction)"));
        assert_eq!(format_percent(huge), format!("{huge} (a fraction)"));
        assert_eq!(format_percent(dec("0.1234")), "12.3%");
    }

    #[test]
    fn json_is_an_exact_string() {
        let m = Money::parse("1234.5").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"1234.50\"");
    }

    proptest::proptest! {
        /// Minor units read from the mantissa and scale are those of the decimal
        /// product they replaced, for every scale a decimal can have.
        #[test]
        fn minor_units_from_the_mantissa_are_those_of_the_product(
            mantissa in proptest::num::i64::ANY,
            scale in 0u32..=28,
        ) {
            let money = Money(Decimal::new(mantissa, scale));
            let product = (money.0 * Decimal::ONE_HUNDRED).to_i64().unwrap_or(i64::MAX);
            proptest::prop_assert_eq!(money.to_minor(), product);
            let normal = Money(money.0.normalize());
            proptest::prop_assert_eq!(normal.to_minor(), product);
        }
    }
}
