//! Activity between snapshots: what was billed, collected and written off, derived from
//! how each document's open amount moves from one ledger to the next.
//!
//! A document first seen after the book's first snapshot is a billing (of its original
//! amount, with any part already paid counted as collected); a decrease is a
//! collection; a document that disappears is collected. A posted write-off takes its
//! part of the document out of the balance in the period of its date, whether or not
//! the ledger still lists it (the part above what it left open, as the assessment sets
//! it apart): that decrease, and any later one up to the amount written off, is a
//! write-off; a partial write-off's remainder is collected when paid. Credit items
//! (negative) and increases are adjustments. For every
//! customer and period the identity holds exactly:
//! `closing = opening + billings − collections − write_offs + adjustments`.

use chrono::NaiveDate;

use super::allowance::WrittenOff;
use super::money::Money;

/// One sighting of a document: the snapshot (by index in date order) and its open amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sighting {
    /// Index of the snapshot in the book's snapshots, oldest first.
    pub snapshot: usize,
    /// Open amount in that snapshot.
    pub open: Money,
}

/// What moved in one period (from the previous snapshot to this one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PeriodActivity {
    /// New documents (positive), by their original amount.
    pub billings: Money,
    /// Decreases of positive documents and positive documents that disappeared.
    pub collections: Money,
    /// Documents that disappeared under a posted write-off.
    pub write_offs: Money,
    /// Everything else: credit items coming and going, increases. Signed.
    pub adjustments: Money,
}

impl PeriodActivity {
    /// Adds another period's figures.
    pub fn add(&mut self, other: &PeriodActivity) {
        self.billings += other.billings;
        self.collections += other.collections;
        self.write_offs += other.write_offs;
        self.adjustments += other.adjustments;
    }

    /// Takes another period's figures out.
    pub fn remove(&mut self, other: &PeriodActivity) {
        self.billings -= other.billings;
        self.collections -= other.collections;
        self.write_offs -= other.write_offs;
        self.adjustments -= other.adjustments;
    }

    /// The change in balance these movements make.
    pub fn net_change(&self) -> Money {
        self.billings - self.collections - self.write_offs + self.adjustments
    }
}

/// A document's history, for [`document_activity`].
#[derive(Debug, Clone)]
pub struct DocumentHistory<'a> {
    /// Sightings, by snapshot index, ascending.
    pub sightings: &'a [Sighting],
    /// The original amount, if the ledgers give it.
    pub amount: Option<Money>,
    /// The document date.
    pub document_date: NaiveDate,
    /// Its posted write-offs, in period order.
    pub written_off: &'a [PeriodWriteOff],
}

/// One posted write-off of a document, as the activity sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodWriteOff {
    /// The index of the first snapshot whose period holds the write-off's date.
    pub period: usize,
    /// The amount written off.
    pub amount: Money,
    /// What it left open of the document.
    pub left_open: Money,
}

impl DocumentHistory<'_> {
    /// What was written off the document in periods up to `period`.
    fn written_off_through(&self, period: usize) -> Money {
        self.written_off
            .iter()
            .filter(|w| w.period <= period)
            .map(|w| w.amount)
            .sum()
    }

    /// The open amount that counts in the balance at a sighting: the ledger's, less the
    /// written-off part it still lists.
    fn counted(&self, s: Sighting) -> Sighting {
        let Some(latest) = self
            .written_off
            .iter()
            .rev()
            .find(|w| w.period <= s.snapshot)
        else {
            return s;
        };
        let written = WrittenOff {
            amount: self.written_off_through(s.snapshot),
            left_open: latest.left_open,
        };
        Sighting {
            snapshot: s.snapshot,
            open: s.open - written.part_of(s.open),
        }
    }
}

/// Splits `paid` in `period` between write-offs (what is written off and not yet seen
/// leaving the ledger) and collections.
fn settle(
    doc: &DocumentHistory<'_>,
    period: usize,
    paid: Money,
    gone: &mut Money,
) -> (Money, Money) {
    let written = (doc.written_off_through(period) - *gone)
        .max_zero()
        .min(paid);
    *gone += written;
    (written, paid - written)
}

/// Adds one document's movements into `periods` (one entry per snapshot; entry 0, the
/// book's first snapshot, takes none: it is the opening). `billed` receives
/// (period, document date, amount) for every billing.
pub fn document_activity(
    doc: &DocumentHistory<'_>,
    periods: &mut [PeriodActivity],
    billed: &mut dyn FnMut(usize, NaiveDate, Money),
) {
    let last = periods.len().saturating_sub(1);
    let mut previous: Option<Sighting> = None;
    // The part of the write-offs already seen leaving the ledger.
    let mut gone = Money::ZERO;
    for s in doc.sightings {
        let s = &doc.counted(*s);
        match previous {
            None if s.snapshot == 0 => {}
            Some(p) if p.snapshot + 1 == s.snapshot => {
                let delta = s.open - p.open;
                if let Some(period) = periods.get_mut(s.snapshot) {
                    if p.open.is_positive() && delta.is_negative() {
                        // A positive document paid down (or written down), possibly past zero.
                        let paid = (-delta).min(p.open);
                        let (written, collected) = settle(doc, s.snapshot, paid, &mut gone);
                        period.write_offs += written;
                        period.collections += collected;
                        period.adjustments += delta + paid;
                    } else {
                        period.adjustments += delta;
                    }
                }
            }
            _ => {
                // A gap: the document vanished after `previous` and came back here.
                if let Some(p) = previous {
                    vanish(doc, p, periods, &mut gone);
                }
                appear(doc, *s, periods, billed);
            }
        }
        previous = Some(*s);
    }
    if let Some(p) = previous
        && p.snapshot < last
    {
        vanish(doc, p, periods, &mut gone);
    }
}

fn appear(
    doc: &DocumentHistory<'_>,
    s: Sighting,
    periods: &mut [PeriodActivity],
    billed: &mut dyn FnMut(usize, NaiveDate, Money),
) {
    let Some(period) = periods.get_mut(s.snapshot) else {
        return;
    };
    if !s.open.is_positive() {
        period.adjustments += s.open;
        return;
    }
    // Billed at its original amount; what was paid before we first saw it is collected.
    let amount = doc.amount.filter(|a| *a >= s.open).unwrap_or(s.open);
    period.billings += amount;
    period.collections += amount - s.open;
    billed(s.snapshot, doc.document_date, amount);
}

fn vanish(
    doc: &DocumentHistory<'_>,
    p: Sighting,
    periods: &mut [PeriodActivity],
    gone: &mut Money,
) {
    let gone_in = p.snapshot + 1;
    let Some(period) = periods.get_mut(gone_in) else {
        return;
    };
    if p.open.is_positive() {
        let (written, collected) = settle(doc, gone_in, p.open, gone);
        period.write_offs += written;
        period.collections += collected;
    } else {
        period.adjustments -= p.open;
    }
}

/// What one document moved in one period without write-offs, from how the ledgers at
/// the period's two ends list it (`None` where one does not): the same movements
/// [`document_activity`] finds for a document with no posted write-off, one period at
/// a time, so they can be summed per customer and kept when a ledger is imported.
/// `amount` is the document's original amount as the later ledger gives it. Returns
/// the amount billed, when the document is billed in this period.
pub fn period_movement(
    before: Option<Money>,
    now: Option<Money>,
    amount: Option<Money>,
    period: &mut PeriodActivity,
) -> Option<Money> {
    match (before, now) {
        (Some(p), Some(s)) => {
            let delta = s - p;
            if p.is_positive() && delta.is_negative() {
                let paid = (-delta).min(p);
                period.collections += paid;
                period.adjustments += delta + paid;
            } else {
                period.adjustments += delta;
            }
            None
        }
        (None, Some(s)) if s.is_positive() => {
            let amount = amount.filter(|a| *a >= s).unwrap_or(s);
            period.billings += amount;
            period.collections += amount - s;
            Some(amount)
        }
        (None, Some(s)) => {
            period.adjustments += s;
            None
        }
        (Some(p), None) if p.is_positive() => {
            period.collections += p;
            None
        }
        (Some(p), None) => {
            period.adjustments -= p;
            None
        }
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn run(
        sightings: &[(usize, &str)],
        amount: Option<&str>,
        written_off_in: Option<usize>,
    ) -> Vec<PeriodActivity> {
        // A whole write-off: of the document's largest open amount.
        let whole = sightings
            .iter()
            .map(|(_, a)| m(a))
            .max()
            .unwrap_or_default();
        let written: Vec<PeriodWriteOff> = written_off_in
            .map(|period| PeriodWriteOff {
                period,
                amount: whole,
                left_open: Money::ZERO,
            })
            .into_iter()
            .collect();
        run_with(sightings, amount, &written)
    }

    fn written(period: usize, amount: &str, left_open: &str) -> PeriodWriteOff {
        PeriodWriteOff {
            period,
            amount: m(amount),
            left_open: m(left_open),
        }
    }

    fn run_with(
        sightings: &[(usize, &str)],
        amount: Option<&str>,
        written_off: &[PeriodWriteOff],
    ) -> Vec<PeriodActivity> {
        let sightings: Vec<Sighting> = sightings
            .iter()
            .map(|(i, a)| Sighting {
                snapshot: *i,
                open: m(a),
            })
            .collect();
        let mut periods = vec![PeriodActivity::default(); 5];
        let doc = DocumentHistory {
            sightings: &sightings,
            amount: amount.map(m),
            document_date: NaiveDate::from_ymd_opt(2016, 1, 1).unwrap(),
            written_off,
        };
        document_activity(&doc, &mut periods, &mut |_, _, _| {});
        periods
    }

    #[test]
    fn a_new_invoice_is_billed_at_its_amount_and_paid_down() {
        let p = run(&[(1, "800"), (2, "300")], Some("1000"), None);
        assert_eq!(p[1].billings, m("1000"));
        assert_eq!(p[1].collections, m("200"), "paid before we first saw it");
        assert_eq!(p[2].collections, m("500"));
        assert_eq!(p[3].collections, m("300"), "vanished: collected");
        assert_eq!(p[4], PeriodActivity::default());
    }

    #[test]
    fn the_first_snapshot_is_the_opening() {
        let p = run(&[(0, "500"), (1, "500")], Some("500"), None);
        assert_eq!(p[0], PeriodActivity::default());
        assert_eq!(p[1], PeriodActivity::default());
        assert_eq!(p[2].collections, m("500"));
    }

    #[test]
    fn a_written_off_document_that_vanishes_is_a_write_off() {
        let p = run(&[(0, "500"), (1, "500")], None, Some(2));
        assert_eq!(p[2].write_offs, m("500"));
        assert_eq!(p[2].collections, Money::ZERO);
    }

    #[test]
    fn partial_write_offs_are_not_counted_as_collected() {
        // 1,000 open; 600 written off in period 2, leaving 400. The ERP books it in
        // period 2 (the document drops to 400), then the customer pays the 400.
        let first = [written(2, "600", "400")];
        let p = run_with(&[(0, "1000"), (1, "1000"), (2, "400")], None, &first);
        assert_eq!(p[2].write_offs, m("600"));
        assert_eq!(p[2].collections, Money::ZERO);
        assert_eq!(p[3].collections, m("400"), "the remainder is collected");
        assert_eq!(p[3].write_offs, Money::ZERO);
        // The ERP has not booked it: the 600 leaves the balance in period 2 all the
        // same; when the document goes, the 400 left is collected.
        let p = run_with(&[(0, "1000"), (1, "1000"), (2, "1000")], None, &first);
        assert_eq!(p[2].write_offs, m("600"));
        assert_eq!(p[3].write_offs, Money::ZERO);
        assert_eq!(p[3].collections, m("400"));
        // Paid down to 700 before the write-off of 600, which left 100.
        let second = [written(2, "600", "100")];
        let p = run_with(&[(0, "1000"), (1, "700"), (2, "100")], None, &second);
        assert_eq!(p[1].collections, m("300"));
        assert_eq!(p[2].write_offs, m("600"));
        assert_eq!(p[3].collections, m("100"));
    }

    #[test]
    fn a_whole_write_off_the_ledger_still_lists_leaves_the_balance_in_its_period() {
        let p = run(&[(0, "500"), (1, "500"), (2, "500")], None, Some(1));
        assert_eq!(p[1].write_offs, m("500"));
        assert_eq!(p[2], PeriodActivity::default());
        assert_eq!(
            p[3],
            PeriodActivity::default(),
            "gone from the ledger: nothing moves"
        );
    }

    #[test]
    fn credits_are_adjustments() {
        let p = run(&[(1, "-50"), (2, "-20")], None, None);
        assert_eq!(p[1].adjustments, m("-50"));
        assert_eq!(p[2].adjustments, m("30"));
        assert_eq!(p[3].adjustments, m("20"));
    }

    proptest::proptest! {
        /// Without write-offs, a document's movements are the sum of its periods' own:
        /// what lets the book keep them per period at import.
        #[test]
        fn a_documents_movements_are_the_sum_of_its_periods_movements(
            opens in proptest::collection::vec(proptest::option::of(-5_000i64..5_000), 1..8),
            amount in proptest::option::of(0i64..6_000),
        ) {
            let sightings: Vec<Sighting> = opens
                .iter()
                .enumerate()
                .filter_map(|(i, o)| o.map(|o| Sighting { snapshot: i, open: Money::from_minor(o) }))
                .collect();
            let amount = amount.map(Money::from_minor);
            let date = NaiveDate::from_ymd_opt(2016, 1, 31).unwrap();
            let mut whole = vec![PeriodActivity::default(); opens.len()];
            let mut whole_billed = Vec::new();
            let doc = DocumentHistory {
                sightings: &sightings,
                amount,
                document_date: date,
                written_off: &[],
            };
            document_activity(&doc, &mut whole, &mut |i, _, a| whole_billed.push((i, a)));
            let mut pairs = vec![PeriodActivity::default(); opens.len()];
            let mut pairs_billed = Vec::new();
            let open = |i: usize| opens[i].map(Money::from_minor);
            for (i, period) in pairs.iter_mut().enumerate().skip(1) {
                if let Some(a) = period_movement(open(i - 1), open(i), amount, period) {
                    pairs_billed.push((i, a));
                }
            }
            proptest::prop_assert_eq!(whole, pairs);
            proptest::prop_assert_eq!(whole_billed, pairs_billed);
        }
    }
}
