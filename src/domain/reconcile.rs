//! The reconciliation of a snapshot against the one before it (by as-of date): how the
//! ledger total got from there to here, document by document.
//!
//! Documents are matched by customer and document number. Each falls in one line by the
//! rules [`crate::domain::activity`] uses for a customer's activity:
//! - a document first seen here with a positive open amount is **new**;
//! - a positive document whose open amount fell is **paid down** (by at most its prior
//!   amount; a fall past zero is an other change);
//! - a positive document that vanished is **written off** when a posted write-off dated on
//!   or before the as-of date covers it, else **collected**;
//! - everything else (credit items coming, going or changing, and increases) is an
//!   **other change**, signed.
//!
//! So the identity prior total + new − paid down − written off − collected ± other =
//! total holds exactly, and [`Reconciliation::holds`] checks it. A first snapshot has no
//! prior: every document is new or an other change.
//!
//! The documents come one at a time to a [`Reconciler`], in customer and document order,
//! each with its open amount before and now: the store walks both snapshots side by side,
//! so a reconciliation holds no snapshot in memory.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::allowance::OpenItem;
use super::money::Money;

/// A number of documents and their amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    /// Documents counted.
    pub documents: usize,
    /// Their amount.
    pub amount: Money,
}

impl Tally {
    fn add(&mut self, amount: Money) {
        self.documents += 1;
        self.amount += amount;
    }
}

/// One snapshot's open items grouped by customer.
#[derive(Debug, Clone, Copy)]
pub struct LedgerItems<'a> {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// `(customer id, items)`.
    pub customers: &'a [(String, Vec<OpenItem>)],
}

/// How the ledger total moved from the prior snapshot to this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    /// This snapshot's date.
    pub as_of: NaiveDate,
    /// The prior snapshot's date; `None` for a book's first snapshot.
    pub prior_as_of: Option<NaiveDate>,
    /// The prior snapshot's documents and total (zero without one).
    pub prior: Tally,
    /// Positive documents first seen here, at their open amount.
    pub new_documents: Tally,
    /// Positive documents whose open amount fell, by the decrease (a magnitude).
    pub paid_down: Tally,
    /// Positive documents gone under a posted write-off, by their prior amount.
    pub written_off: Tally,
    /// Positive documents gone without a write-off, by their prior amount.
    pub collected: Tally,
    /// Credit items coming, going or changing, and increases; signed.
    pub other: Tally,
    /// Documents in both snapshots with the same open amount.
    pub unchanged: usize,
    /// This snapshot's documents and total.
    pub total: Tally,
    /// Written-off documents still open in this ledger (not part of the identity: they
    /// are in both totals), at their open amount here.
    pub written_off_still_open: Tally,
    /// Those documents, as (customer id, document number).
    pub written_off_open_documents: Vec<(String, String)>,
}

impl Reconciliation {
    /// Documents gone from the ledger: written off and collected.
    pub fn vanished(&self) -> Tally {
        Tally {
            documents: self.written_off.documents + self.collected.documents,
            amount: self.written_off.amount + self.collected.amount,
        }
    }

    /// The total the changes lead to: prior + new − paid down − vanished + other.
    pub fn computed_total(&self) -> Money {
        self.prior.amount + self.new_documents.amount
            - self.paid_down.amount
            - self.vanished().amount
            + self.other.amount
    }

    /// True when the changes lead exactly to the total.
    pub fn holds(&self) -> bool {
        self.computed_total() == self.total.amount
    }
}

/// A reconciliation being built, one document at a time.
pub struct Reconciler<'a> {
    r: Reconciliation,
    is_written_off: &'a dyn Fn(&str, &str) -> bool,
    written_off_open: HashSet<(&'a str, &'a str)>,
}

impl<'a> Reconciler<'a> {
    /// A reconciliation of the snapshot at `as_of` against the one at `prior_as_of`.
    /// `is_written_off(customer, document)` says whether a posted write-off dated on or
    /// before `as_of` covers the document; `written_off_open` lists the written-off
    /// documents the assessment found still open at `as_of`, by customer.
    pub fn new(
        as_of: NaiveDate,
        prior_as_of: Option<NaiveDate>,
        is_written_off: &'a dyn Fn(&str, &str) -> bool,
        written_off_open: &'a [(String, Vec<String>)],
    ) -> Reconciler<'a> {
        Reconciler {
            r: Reconciliation {
                as_of,
                prior_as_of,
                prior: Tally::default(),
                new_documents: Tally::default(),
                paid_down: Tally::default(),
                written_off: Tally::default(),
                collected: Tally::default(),
                other: Tally::default(),
                unchanged: 0,
                total: Tally::default(),
                written_off_still_open: Tally::default(),
                written_off_open_documents: Vec::new(),
            },
            is_written_off,
            written_off_open: written_off_open
                .iter()
                .flat_map(|(c, documents)| documents.iter().map(|d| (c.as_str(), d.as_str())))
                .collect(),
        }
    }

    /// One document, with its open amount in the prior snapshot and in this one (`None`
    /// where it is not listed). Documents come in customer and document order, each once.
    pub fn document(
        &mut self,
        customer: &str,
        document: &str,
        before: Option<Money>,
        now: Option<Money>,
    ) {
        let r = &mut self.r;
        if let Some(p) = before {
            r.prior.add(p);
        }
        match (before, now) {
            (None, None) => {}
            (Some(p), None) => {
                // Gone from the ledger.
                if !p.is_positive() {
                    r.other.add(-p);
                } else if (self.is_written_off)(customer, document) {
                    r.written_off.add(p);
                } else {
                    r.collected.add(p);
                }
            }
            (None, Some(c)) if c.is_positive() => r.new_documents.add(c),
            (None, Some(c)) => r.other.add(c),
            (Some(p), Some(c)) => {
                let delta = c - p;
                if delta.is_zero() {
                    r.unchanged += 1;
                } else if p.is_positive() && delta.is_negative() {
                    // Paid down, possibly past zero: the part past zero is a credit.
                    let paid = (-delta).min(p);
                    r.paid_down.add(paid);
                    if !(delta + paid).is_zero() {
                        r.other.add(delta + paid);
                    }
                } else {
                    r.other.add(delta);
                }
            }
        }
        if let Some(c) = now {
            r.total.add(c);
            if self.written_off_open.contains(&(customer, document)) {
                r.written_off_still_open.add(c);
                r.written_off_open_documents
                    .push((customer.to_string(), document.to_string()));
            }
        }
    }

    /// The reconciliation.
    pub fn finish(self) -> Reconciliation {
        self.r
    }
}

/// Reconciles `current` against `prior`, both in memory (see [`Reconciler::new`] for
/// `is_written_off` and `written_off_open`).
pub fn reconcile(
    prior: Option<LedgerItems<'_>>,
    current: LedgerItems<'_>,
    is_written_off: &dyn Fn(&str, &str) -> bool,
    written_off_open: &[(String, Vec<String>)],
) -> Reconciliation {
    type Pair = (Option<Money>, Option<Money>);
    let mut documents: BTreeMap<(&str, &str), Pair> = BTreeMap::new();
    for (customer, items) in prior.map_or(&[][..], |p| p.customers) {
        for item in items {
            documents
                .entry((customer.as_str(), item.document_no.as_str()))
                .or_default()
                .0 = Some(item.open_amount);
        }
    }
    for (customer, items) in current.customers {
        for item in items {
            documents
                .entry((customer.as_str(), item.document_no.as_str()))
                .or_default()
                .1 = Some(item.open_amount);
        }
    }
    let mut r = Reconciler::new(
        current.as_of,
        prior.map(|p| p.as_of),
        is_written_off,
        written_off_open,
    );
    for ((customer, document), (before, now)) in documents {
        r.document(customer, document, before, now);
    }
    r.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn m(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    fn item(document: &str, open: &str) -> OpenItem {
        OpenItem {
            document_no: document.into(),
            document_date: d("2016-01-15"),
            due_date: d("2016-02-14"),
            disputed: false,
            amount: None,
            open_amount: m(open),
        }
    }

    fn ledger(rows: &[(&str, &[(&str, &str)])]) -> Vec<(String, Vec<OpenItem>)> {
        rows.iter()
            .map(|(c, items)| {
                (
                    c.to_string(),
                    items.iter().map(|(doc, open)| item(doc, open)).collect(),
                )
            })
            .collect()
    }

    fn nothing_written_off(_: &str, _: &str) -> bool {
        false
    }

    #[test]
    fn every_kind_of_change_lands_on_its_line_and_the_identity_holds() {
        let prior = ledger(&[
            (
                "A",
                &[
                    ("UNCHANGED", "100.00"),
                    ("PAID", "500.00"),
                    ("GONE", "70.00"),
                    ("WO", "900.00"),
                    ("CREDIT-GONE", "-30.00"),
                    ("UP", "10.00"),
                    ("PAST-ZERO", "40.00"),
                ],
            ),
            ("B", &[("CREDIT", "-50.00")]),
        ]);
        let current = ledger(&[
            (
                "A",
                &[
                    ("UNCHANGED", "100.00"),
                    ("PAID", "200.00"),
                    ("UP", "15.00"),
                    ("PAST-ZERO", "-5.00"),
                    ("NEW", "300.00"),
                    ("NEW-CREDIT", "-20.00"),
                ],
            ),
            ("B", &[("CREDIT", "-45.00")]),
            ("C", &[("NEW", "1000.00")]),
        ]);
        let r = reconcile(
            Some(LedgerItems {
                as_of: d("2016-01-31"),
                customers: &prior,
            }),
            LedgerItems {
                as_of: d("2016-02-29"),
                customers: &current,
            },
            &|c, doc| c == "A" && doc == "WO",
            &[],
        );
        assert_eq!(r.prior_as_of, Some(d("2016-01-31")));
        assert_eq!(
            r.prior,
            Tally {
                documents: 8,
                amount: m("1540.00")
            }
        );
        assert_eq!(
            r.new_documents,
            Tally {
                documents: 2,
                amount: m("1300.00")
            }
        );
        assert_eq!(
            r.paid_down,
            Tally {
                documents: 2,
                amount: m("340.00")
            }
        );
        assert_eq!(
            r.written_off,
            Tally {
                documents: 1,
                amount: m("900.00")
            }
        );
        assert_eq!(
            r.collected,
            Tally {
                documents: 1,
                amount: m("70.00")
            }
        );
        // New credit −20, credit gone +30, credit changed +5, increase +5, past zero −5.
        assert_eq!(
            r.other,
            Tally {
                documents: 5,
                amount: m("15.00")
            }
        );
        assert_eq!(r.unchanged, 1);
        assert_eq!(
            r.total,
            Tally {
                documents: 8,
                amount: m("1545.00")
            }
        );
        assert!(r.holds());
        assert_eq!(r.computed_total(), r.total.amount);
        assert_eq!(
            r.vanished(),
            Tally {
                documents: 2,
                amount: m("970.00")
            }
        );
    }

    #[test]
    fn a_first_snapshot_is_all_new() {
        let current = ledger(&[
            ("A", &[("I1", "10.00"), ("C1", "-4.00")]),
            ("B", &[("I2", "5.00")]),
        ]);
        let r = reconcile(
            None,
            LedgerItems {
                as_of: d("2016-01-31"),
                customers: &current,
            },
            &nothing_written_off,
            &[],
        );
        assert_eq!(r.prior_as_of, None);
        assert_eq!(r.prior, Tally::default());
        assert_eq!(
            r.new_documents,
            Tally {
                documents: 2,
                amount: m("15.00")
            }
        );
        assert_eq!(
            r.other,
            Tally {
                documents: 1,
                amount: m("-4.00")
            }
        );
        assert_eq!(r.paid_down, Tally::default());
        assert_eq!(r.vanished(), Tally::default());
        assert!(r.holds());
    }

    #[test]
    fn written_off_documents_still_open_are_a_memo_line() {
        let prior = ledger(&[("A", &[("I1", "10.00"), ("I2", "20.00")])]);
        let current = ledger(&[("A", &[("I1", "10.00"), ("I2", "20.00")])]);
        let written_off = vec![(
            "A".to_string(),
            vec!["I2".to_string(), "ELSEWHERE".to_string()],
        )];
        let r = reconcile(
            Some(LedgerItems {
                as_of: d("2016-01-31"),
                customers: &prior,
            }),
            LedgerItems {
                as_of: d("2016-02-29"),
                customers: &current,
            },
            &|_, doc| doc == "I2",
            &written_off,
        );
        assert_eq!(r.written_off, Tally::default(), "still open: not gone");
        assert_eq!(
            r.written_off_still_open,
            Tally {
                documents: 1,
                amount: m("20.00")
            }
        );
        assert_eq!(
            r.written_off_open_documents,
            vec![("A".to_string(), "I2".to_string())]
        );
        assert_eq!(r.unchanged, 2);
        assert!(r.holds());
    }
}
