//! Closing and reopening periods from the window: the change the shell runs on a worker
//! ([`PeriodOp`]), and what the book's close will be after a reopen. The confirmation
//! that shows the roll-forward being closed, and the reopen with its reason, are drawn
//! by the roll-forward screen ([`super::rollforward`]).
//!
//! The rule itself lives in the book ([`crate::book::Book::close_period`],
//! [`crate::book::Book::reopen_period`]): closing through a date freezes every figure
//! dated on or before it; reopening a date reopens its month and every later one, and
//! needs a reason. Both are audited.

use chrono::NaiveDate;

/// A close or reopen, run on a worker by the shell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodOp {
    /// Close every period through a date.
    Close {
        /// The last date closed.
        through: NaiveDate,
    },
    /// Reopen the month of a date and every later one.
    Reopen {
        /// A date in the first month reopened.
        through: NaiveDate,
        /// Why (mandatory, kept in the audit log).
        reason: String,
    },
}

impl PeriodOp {
    /// What the status bar says once done.
    pub fn describe(&self) -> String {
        match self {
            PeriodOp::Close { through } => t!("periods-closed", through = *through),
            PeriodOp::Reopen { through, .. } => t!("periods-reopened", through = *through),
        }
    }

    /// What it says when the change failed.
    pub fn failure(&self) -> String {
        match self {
            PeriodOp::Close { through } => t!("periods-close-failed", through = *through),
            PeriodOp::Reopen { through, .. } => {
                t!("periods-reopen-failed", through = *through)
            }
        }
    }

    /// Makes the change.
    pub fn apply(self, book: &mut crate::book::Book) -> Result<(), crate::book::BookError> {
        match self {
            PeriodOp::Close { through } => book.close_period(through)?,
            PeriodOp::Reopen { through, reason } => book.reopen_period(through, &reason)?,
        }
        Ok(())
    }
}

/// What the book is closed through after reopening `date` when it is closed through
/// `closed_through`: the same replay of closes and reopens the book does.
pub fn closed_after_reopen(
    closed_through: Option<NaiveDate>,
    date: NaiveDate,
) -> Option<NaiveDate> {
    let events: Vec<(NaiveDate, bool)> = closed_through
        .map(|c| (c, true))
        .into_iter()
        .chain(std::iter::once((date, false)))
        .collect();
    crate::domain::writeoff::closed_through(&events)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn reopening_a_month_end_leaves_the_book_closed_through_the_month_before() {
        assert_eq!(
            closed_after_reopen(Some(d("2017-03-31")), d("2017-03-31")),
            Some(d("2017-02-28"))
        );
        assert_eq!(
            closed_after_reopen(Some(d("2016-12-31")), d("2016-01-31")),
            Some(d("2015-12-31"))
        );
        // Reopening after the close changes nothing.
        assert_eq!(
            closed_after_reopen(Some(d("2016-12-31")), d("2017-01-31")),
            Some(d("2016-12-31"))
        );
    }
}
