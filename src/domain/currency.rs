//! ISO 4217 currencies: which codes a book may be kept in, and how many decimal places
//! (the minor unit) each has.

use super::money::MINOR_DIGITS;

/// Why a code cannot be a book's currency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CurrencyError {
    /// Not an ISO 4217 code.
    #[error("'{0}' is not an ISO 4217 currency code (such as CNY, USD, EUR, JPY)")]
    Unknown(String),
    /// A fund, metal or testing code, which no ledger is kept in.
    #[error("'{0}' is an ISO 4217 fund, metal or test code, not a currency a ledger is kept in")]
    NotACurrency(String),
    /// More decimal places than a book holds.
    #[error(
        "{code} has {digits} decimal places; a book holds amounts to at most {MINOR_DIGITS} \
         (currencies such as KWD, BHD and OMR are not supported yet)"
    )]
    TooManyDecimals {
        /// The code.
        code: String,
        /// Its minor unit.
        digits: u32,
    },
}

/// A currency a book can be kept in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookCurrency {
    /// The ISO code, upper case.
    pub code: &'static str,
    /// Decimal places of its minor unit (2 for CNY, USD and EUR; 0 for JPY and KRW).
    pub minor_digits: u32,
}

/// Checks `code` (any case) as a book's currency.
pub fn book_currency(code: &str) -> Result<BookCurrency, CurrencyError> {
    let upper = code.trim().to_ascii_uppercase();
    let currency = iso_currency::Currency::from_code(&upper)
        .ok_or_else(|| CurrencyError::Unknown(code.trim().to_string()))?;
    let Some(digits) = currency.exponent() else {
        return Err(CurrencyError::NotACurrency(upper));
    };
    if currency.is_fund() || currency.is_special() {
        return Err(CurrencyError::NotACurrency(upper));
    }
    let digits = u32::from(digits);
    if digits > MINOR_DIGITS {
        return Err(CurrencyError::TooManyDecimals {
            code: upper,
            digits,
        });
    }
    Ok(BookCurrency {
        code: currency.code(),
        minor_digits: digits,
    })
}

/// The minor digits of a book's currency: its ISO minor unit, or two for a code the
/// standard does not know (a book made before currencies were checked).
pub fn minor_digits(code: &str) -> u32 {
    book_currency(code).map_or(MINOR_DIGITS, |c| c.minor_digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_codes_give_their_minor_units() {
        assert_eq!(
            book_currency("usd"),
            Ok(BookCurrency {
                code: "USD",
                minor_digits: 2
            })
        );
        assert_eq!(book_currency("CNY").map(|c| c.minor_digits), Ok(2));
        assert_eq!(book_currency("JPY").map(|c| c.minor_digits), Ok(0));
        assert_eq!(book_currency(" krw ").map(|c| c.code), Ok("KRW"));
        assert!(matches!(
            book_currency("KWD"),
            Err(CurrencyError::TooManyDecimals { digits: 3, .. })
        ));
        assert!(matches!(
            book_currency("XAU"),
            Err(CurrencyError::NotACurrency(_))
        ));
        assert_eq!(
            book_currency("RMB"),
            Err(CurrencyError::Unknown("RMB".into()))
        );
        assert_eq!(minor_digits("JPY"), 0);
        assert_eq!(minor_digits("ZZZ"), 2);
    }
}
