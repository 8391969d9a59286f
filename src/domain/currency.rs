//! ISO 4217 currencies: which codes a book may be kept in, and how many decimal places
//! (the minor unit) each has.

use super::money::MINOR_DIGITS;

/// Why a code cannot be a book's currency.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CurrencyError {
    /// Not an ISO 4217 code.
    #[error("'{0}' is not an ISO 4217 currency code (such as CNY, USD, EUR, GBP)")]
    Unknown(String),
    /// A fund, metal or testing code, which no ledger is kept in.
    #[error("'{0}' is an ISO 4217 fund, metal or test code, not a currency a ledger is kept in")]
    NotACurrency(String),
    /// A minor unit other than a book's two places. A book in yen would compute its
    /// allowance in fractions of a yen and print them, so it is refused until rounding
    /// and display follow the currency's own minor unit.
    #[error(
        "{code} has {digits} decimal places; a book keeps amounts to exactly {MINOR_DIGITS} \
         for now (currencies such as JPY, KRW, KWD and BHD are not supported yet)"
    )]
    UnsupportedMinorUnit {
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
    /// Decimal places of its minor unit (2 for CNY, USD, EUR and every currency a book
    /// accepts today).
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
    if digits != MINOR_DIGITS {
        return Err(CurrencyError::UnsupportedMinorUnit {
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
        assert_eq!(book_currency(" gbp ").map(|c| c.code), Ok("GBP"));
        assert!(matches!(
            book_currency("KWD"),
            Err(CurrencyError::UnsupportedMinorUnit { digits: 3, .. })
        ));
        assert!(matches!(
            book_currency("XAU"),
            Err(CurrencyError::NotACurrency(_))
        ));
        assert_eq!(
            book_currency("RMB"),
            Err(CurrencyError::Unknown("RMB".into()))
        );
        assert_eq!(minor_digits("ZZZ"), 2);
    }

    #[test]
    fn a_yen_book_is_refused_rather_than_kept_in_fractions_of_a_yen() {
        for (code, digits) in [("JPY", 0), (" krw ", 0)] {
            assert!(
                matches!(
                    book_currency(code),
                    Err(CurrencyError::UnsupportedMinorUnit { digits: d, .. }) if d == digits
                ),
                "{code}"
            );
        }
        assert_eq!(
            book_currency("jpy").unwrap_err().to_string(),
            "JPY has 0 decimal places; a book keeps amounts to exactly 2 for now (currencies \
             such as JPY, KRW, KWD and BHD are not supported yet)"
        );
    }
}
