//! The allowance roll-forward (SPEC section 2, "Movements"): how the allowance moved from
//! one snapshot to the next, per customer, and over any range.
//!
//! Between consecutive snapshots t−1 → t, for a customer c with required allowances
//! A(t−1) and A(t), write-offs W, recoveries R and other adjustments O dated in
//! (t−1, t]:
//!
//! Δ = A(t) − (A(t−1) − W + R + O); Δ > 0 is a provision, Δ < 0 a write-back.
//!
//! So every line satisfies `closing = opening + provisions − write_backs − write_offs +
//! recoveries + other` exactly, and closing is the required allowance. A range is the
//! chain of its months (opening of the first, closing of the last, sums of the rest);
//! customers add up to types and types to the total, so the identity holds on every row.

use serde::Serialize;

use super::money::Money;

/// One roll-forward line: a customer, a type, or the total, over a period or range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct RollForwardLine {
    /// Allowance at the start.
    pub opening: Money,
    /// Charged to expense.
    pub provisions: Money,
    /// Released to income.
    pub write_backs: Money,
    /// Receivables written off against the allowance.
    pub write_offs: Money,
    /// Cash recovered on balances written off earlier.
    pub recoveries: Money,
    /// Manual adjustments (signed): opening balances, standard adoptions, acquisitions.
    pub other: Money,
    /// Allowance at the end.
    pub closing: Money,
}

/// What moved for one customer in one period, besides the required allowances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PeriodEvents {
    /// Posted write-offs dated in the period.
    pub write_offs: Money,
    /// Recoveries dated in the period.
    pub recoveries: Money,
    /// Other adjustments dated in the period (signed).
    pub other: Money,
}

impl RollForwardLine {
    /// The movement of one customer over one period.
    pub fn period(opening: Money, closing: Money, events: PeriodEvents) -> RollForwardLine {
        let expected = opening - events.write_offs + events.recoveries + events.other;
        let delta = closing - expected;
        RollForwardLine {
            opening,
            provisions: delta.max_zero(),
            write_backs: (-delta).max_zero(),
            write_offs: events.write_offs,
            recoveries: events.recoveries,
            other: events.other,
            closing,
        }
    }

    /// A line with no movement: the allowance stays at `balance`.
    pub fn flat(balance: Money) -> RollForwardLine {
        RollForwardLine {
            opening: balance,
            closing: balance,
            ..RollForwardLine::default()
        }
    }

    /// This line followed by the next period's (same customer or group).
    pub fn then(&self, next: &RollForwardLine) -> RollForwardLine {
        RollForwardLine {
            opening: self.opening,
            provisions: self.provisions + next.provisions,
            write_backs: self.write_backs + next.write_backs,
            write_offs: self.write_offs + next.write_offs,
            recoveries: self.recoveries + next.recoveries,
            other: self.other + next.other,
            closing: next.closing,
        }
    }

    /// Adds another line over the same period (customers into a type, types into a total).
    pub fn add(&mut self, other: &RollForwardLine) {
        self.opening += other.opening;
        self.provisions += other.provisions;
        self.write_backs += other.write_backs;
        self.write_offs += other.write_offs;
        self.recoveries += other.recoveries;
        self.other += other.other;
        self.closing += other.closing;
    }

    /// True when closing = opening + provisions − write-backs − write-offs + recoveries
    /// + other.
    pub fn reconciles(&self) -> bool {
        self.closing
            == self.opening + self.provisions - self.write_backs - self.write_offs
                + self.recoveries
                + self.other
    }

    /// Net charge to profit: provisions less write-backs.
    pub fn net_charge(&self) -> Money {
        self.provisions - self.write_backs
    }
}

/// Chains one customer's periods: `required[i]` is its required allowance at snapshot i
/// (zero where it has no items) and `events[i]` what happened in the period ending at
/// snapshot i (index 0 is ignored: nothing precedes the first snapshot). Returns the
/// line from snapshot `from` to snapshot `to`.
pub fn customer_range(
    required: &[Money],
    events: &[PeriodEvents],
    from: usize,
    to: usize,
) -> RollForwardLine {
    let opening = required.get(from).copied().unwrap_or(Money::ZERO);
    let mut line = RollForwardLine::flat(opening);
    for t in from + 1..=to.min(required.len().saturating_sub(1)) {
        let period = RollForwardLine::period(
            required[t - 1],
            required[t],
            events.get(t).copied().unwrap_or_default(),
        );
        line = line.then(&period);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn a_rise_in_the_required_allowance_is_a_provision() {
        let line = RollForwardLine::period(m("100"), m("250"), PeriodEvents::default());
        assert_eq!(line.provisions, m("150"));
        assert_eq!(line.write_backs, Money::ZERO);
        assert!(line.reconciles());
    }

    #[test]
    fn a_write_off_uses_the_allowance_and_any_shortfall_is_provided() {
        // 800 held, 1,000 written off, nothing left required: 200 more was charged.
        let events = PeriodEvents {
            write_offs: m("1000"),
            ..PeriodEvents::default()
        };
        let line = RollForwardLine::period(m("800"), Money::ZERO, events);
        assert_eq!(line.provisions, m("200"));
        assert_eq!(line.write_offs, m("1000"));
        assert!(line.reconciles());
    }

    #[test]
    fn a_collection_releases_the_allowance_as_a_write_back() {
        let line = RollForwardLine::period(m("500"), m("120"), PeriodEvents::default());
        assert_eq!(line.write_backs, m("380"));
        assert!(line.reconciles());
    }

    #[test]
    fn a_recovery_is_added_back_and_released() {
        let events = PeriodEvents {
            recoveries: m("50"),
            ..PeriodEvents::default()
        };
        let line = RollForwardLine::period(Money::ZERO, Money::ZERO, events);
        assert_eq!(line.recoveries, m("50"));
        assert_eq!(line.write_backs, m("50"));
        assert!(line.reconciles());
    }

    #[test]
    fn a_range_is_its_months_chained() {
        let required = [m("100"), m("300"), m("200"), m("0")];
        let events = [
            PeriodEvents::default(),
            PeriodEvents::default(),
            PeriodEvents::default(),
            PeriodEvents {
                write_offs: m("150"),
                ..PeriodEvents::default()
            },
        ];
        let whole = customer_range(&required, &events, 0, 3);
        assert_eq!(whole.opening, m("100"));
        assert_eq!(whole.closing, Money::ZERO);
        assert_eq!(whole.provisions, m("200"));
        assert_eq!(whole.write_backs, m("150"), "100 in month 2, 50 in month 3");
        assert_eq!(whole.write_offs, m("150"));
        assert!(whole.reconciles());
        let mut split = customer_range(&required, &events, 0, 1)
            .then(&customer_range(&required, &events, 1, 3));
        split.opening = whole.opening;
        assert_eq!(split, whole);
        assert_eq!(
            customer_range(&required, &events, 2, 2),
            RollForwardLine::flat(m("200"))
        );
    }
}
