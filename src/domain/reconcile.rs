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
//! The documents come one at a time to a [`Reconciler`], each with its open amount before
//! and now: an import pairs each customer's items with the prior snapshot's as it writes
//! them, and the store walks two stored snapshots side by side, so a reconciliation holds
//! no snapshot in memory.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::allowance::{OpenItem, WrittenOff};
use super::money::Money;
use super::writeoff::{PostedDocument, written_off_at};

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

    fn take_back(&mut self, amount: Money) {
        self.documents -= 1;
        self.amount -= amount;
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

/// What posted write-offs dated on or before a reconciliation's date took, by customer
/// and document number (from [`crate::domain::writeoff::written_off_at`]).
pub type WrittenOffDocuments = HashMap<String, HashMap<String, WrittenOff>>;

/// [`WrittenOffDocuments`] from posted write-offs' documents, as of `as_of`.
pub fn written_off_documents(posted: &[PostedDocument], as_of: NaiveDate) -> WrittenOffDocuments {
    written_off_at(posted, as_of)
        .into_iter()
        .map(|(customer, (documents, _))| {
            let documents = documents
                .into_iter()
                .map(|(no, w)| (no.to_string(), w))
                .collect();
            (customer.to_string(), documents)
        })
        .collect()
}

/// A reconciliation being built, one document at a time.
pub struct Reconciler {
    r: Reconciliation,
    written_off: WrittenOffDocuments,
}

/// Whether a document is counted in or taken back out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Count {
    In,
    Out,
}

impl Reconciler {
    /// A reconciliation of the snapshot at `as_of` against the one at `prior_as_of`.
    /// `written_off` says what posted write-offs dated on or before `as_of` took: a
    /// positive document gone under one is written off rather than collected, and one
    /// still listed with a part of it written off (the part an assessment sets apart)
    /// is a written-off document still open.
    pub fn new(
        as_of: NaiveDate,
        prior_as_of: Option<NaiveDate>,
        written_off: WrittenOffDocuments,
    ) -> Reconciler {
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
            written_off,
        }
    }

    /// One document, with its open amount in the prior snapshot and in this one (`None`
    /// where it is not listed). Each document comes once, in any order.
    pub fn document(
        &mut self,
        customer: &str,
        document: &str,
        before: Option<Money>,
        now: Option<Money>,
    ) {
        self.count(customer, document, before, now, Count::In);
    }

    /// Takes back a document given to [`Reconciler::document`] with the same amounts:
    /// an import that wrote a customer's items and later rewrote them whole, once the
    /// ledger's rows came back to it, counts the first ones out.
    pub fn undo(
        &mut self,
        customer: &str,
        document: &str,
        before: Option<Money>,
        now: Option<Money>,
    ) {
        self.count(customer, document, before, now, Count::Out);
    }

    fn count(
        &mut self,
        customer: &str,
        document: &str,
        before: Option<Money>,
        now: Option<Money>,
        how: Count,
    ) {
        let add = |t: &mut Tally, amount: Money| match how {
            Count::In => t.add(amount),
            Count::Out => t.take_back(amount),
        };
        // Most books have posted no write-off: nothing to hash then.
        let written_off = if self.written_off.is_empty() {
            None
        } else {
            self.written_off.get(customer).and_then(|d| d.get(document))
        };
        let r = &mut self.r;
        if let Some(p) = before {
            add(&mut r.prior, p);
        }
        match (before, now) {
            (None, None) => {}
            (Some(p), None) => {
                // Gone from the ledger.
                if !p.is_positive() {
                    add(&mut r.other, -p);
                } else if written_off.is_some() {
                    add(&mut r.written_off, p);
                } else {
                    add(&mut r.collected, p);
                }
            }
            (None, Some(c)) if c.is_positive() => add(&mut r.new_documents, c),
            (None, Some(c)) => add(&mut r.other, c),
            (Some(p), Some(c)) => {
                let delta = c - p;
                if delta.is_zero() {
                    match how {
                        Count::In => r.unchanged += 1,
                        Count::Out => r.unchanged -= 1,
                    }
                } else if p.is_positive() && delta.is_negative() {
                    // Paid down, possibly past zero: the part past zero is a credit.
                    let paid = (-delta).min(p);
                    add(&mut r.paid_down, paid);
                    if !(delta + paid).is_zero() {
                        add(&mut r.other, delta + paid);
                    }
                } else {
                    add(&mut r.other, delta);
                }
            }
        }
        if let Some(c) = now {
            add(&mut r.total, c);
            if written_off.is_some_and(|w| !w.part_of(c).is_zero()) {
                add(&mut r.written_off_still_open, c);
                let key = (customer.to_string(), document.to_string());
                match how {
                    Count::In => r.written_off_open_documents.push(key),
                    Count::Out => r.written_off_open_documents.retain(|k| *k != key),
                }
            }
        }
    }

    /// The reconciliation, its written-off documents still open in customer and
    /// document order.
    pub fn finish(mut self) -> Reconciliation {
        self.r.written_off_open_documents.sort();
        self.r
    }
}

/// Reconciles `current` against `prior`, both in memory (see [`Reconciler::new`] for
/// `written_off`).
pub fn reconcile(
    prior: Option<LedgerItems<'_>>,
    current: LedgerItems<'_>,
    written_off: WrittenOffDocuments,
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
    let mut r = Reconciler::new(current.as_of, prior.map(|p| p.as_of), written_off);
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

    /// Whole write-offs of (customer, document, amount).
    fn written_off(documents: &[(&str, &str, &str)]) -> WrittenOffDocuments {
        let mut out = WrittenOffDocuments::new();
        for (customer, document, amount) in documents {
            out.entry(customer.to_string()).or_default().insert(
                document.to_string(),
                WrittenOff {
                    amount: m(amount),
                    left_open: Money::ZERO,
                },
            );
        }
        out
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
            written_off(&[("A", "WO", "900.00")]),
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
            WrittenOffDocuments::new(),
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
        let r = reconcile(
            Some(LedgerItems {
                as_of: d("2016-01-31"),
                customers: &prior,
            }),
            LedgerItems {
                as_of: d("2016-02-29"),
                customers: &current,
            },
            written_off(&[("A", "I2", "20.00"), ("A", "ELSEWHERE", "5.00")]),
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

    #[test]
    fn a_document_counted_out_leaves_the_reconciliation_as_before_it() {
        let written_off = || written_off(&[("A", "WO", "20.00"), ("A", "LISTED", "20.00")]);
        let documents: [(&str, Option<&str>, Option<&str>); 9] = [
            ("NEW", None, Some("10.00")),
            ("CREDIT", None, Some("-4.00")),
            ("PAID", Some("30.00"), Some("5.00")),
            ("PAST-ZERO", Some("30.00"), Some("-5.00")),
            ("SAME", Some("7.00"), Some("7.00")),
            ("GONE", Some("8.00"), None),
            ("WO", Some("20.00"), None),
            ("UP", Some("1.00"), Some("3.00")),
            ("LISTED", Some("20.00"), Some("20.00")),
        ];
        let money = |t: Option<&str>| t.map(m);
        let reconciler = || Reconciler::new(d("2016-02-29"), Some(d("2016-01-31")), written_off());
        let mut kept = reconciler();
        kept.document("B", "KEPT", Some(m("2.00")), Some(m("3.00")));
        let mut r = reconciler();
        r.document("B", "KEPT", Some(m("2.00")), Some(m("3.00")));
        for (document, before, now) in documents {
            r.document("A", document, money(before), money(now));
        }
        let counted = r.r.clone();
        assert_eq!(counted.written_off_open_documents.len(), 1);
        assert_eq!(counted.unchanged, 2);
        for (document, before, now) in documents {
            r.undo("A", document, money(before), money(now));
        }
        assert_eq!(r.finish(), kept.finish());
    }
}
