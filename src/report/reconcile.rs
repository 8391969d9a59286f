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

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::table::{Align, TextTable};
use crate::domain::allowance::OpenItem;
use crate::domain::money::{Money, NegativeStyle};

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

/// One snapshot's open items grouped by customer, as [`crate::store::Store::open_items`]
/// returns them.
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

/// What a line of the reconciliation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// An opening or closing total.
    Balance,
    /// A change from the prior total, signed as it acts on it.
    Change,
    /// Information outside the identity.
    Memo,
}

/// A line of the reconciliation, as tables show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReconciliationLine {
    /// What the line is, in words.
    pub label: String,
    /// Documents on the line.
    pub documents: usize,
    /// The amount, signed as it acts on the total (paid down and gone are negative).
    pub amount: Money,
    /// Balance, change or memo.
    pub kind: LineKind,
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

    /// The lines in reading order: prior total, the changes, total, then the memo.
    pub fn lines(&self) -> Vec<ReconciliationLine> {
        let line = |label: String, t: Tally, sign: Money, kind| ReconciliationLine {
            label,
            documents: t.documents,
            amount: if sign.is_negative() {
                -t.amount
            } else {
                t.amount
            },
            kind,
        };
        let plus = Money::from_minor(1);
        let minus = -plus;
        let prior = match self.prior_as_of {
            Some(d) => format!("Prior total, {d}"),
            None => "Prior total (no earlier snapshot)".to_string(),
        };
        vec![
            line(prior, self.prior, plus, LineKind::Balance),
            line(
                "New documents".into(),
                self.new_documents,
                plus,
                LineKind::Change,
            ),
            line("Paid down".into(), self.paid_down, minus, LineKind::Change),
            line(
                "Gone, written off".into(),
                self.written_off,
                minus,
                LineKind::Change,
            ),
            line(
                "Gone, collected".into(),
                self.collected,
                minus,
                LineKind::Change,
            ),
            line(
                "Other changes (credits, increases)".into(),
                self.other,
                plus,
                LineKind::Change,
            ),
            line(
                format!("Total, {}", self.as_of),
                self.total,
                plus,
                LineKind::Balance,
            ),
            line(
                "Written-off documents still open".into(),
                self.written_off_still_open,
                plus,
                LineKind::Memo,
            ),
        ]
    }

    /// The reconciliation as an aligned text table, for the terminal.
    pub fn text(&self, style: NegativeStyle) -> String {
        let mut table = TextTable::new(vec![
            ("Reconciliation".into(), Align::Left),
            ("Documents".into(), Align::Right),
            ("Amount".into(), Align::Right),
        ]);
        for (i, line) in self.lines().into_iter().enumerate() {
            if i > 0 && line.kind != LineKind::Change {
                table.rule();
            }
            table.row(vec![
                line.label,
                line.documents.to_string(),
                line.amount.grouped(style),
            ]);
        }
        table.render()
    }
}

/// Reconciles `current` against `prior`. `is_written_off(customer, document)` says
/// whether a posted write-off dated on or before the current as-of date covers the
/// document; `written_off_open` lists the written-off documents the assessment found
/// still open in `current`, by customer.
pub fn reconcile(
    prior: Option<LedgerItems<'_>>,
    current: LedgerItems<'_>,
    is_written_off: &dyn Fn(&str, &str) -> bool,
    written_off_open: &[(String, Vec<String>)],
) -> Reconciliation {
    let mut r = Reconciliation {
        as_of: current.as_of,
        prior_as_of: prior.map(|p| p.as_of),
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
    };
    let mut before: HashMap<(&str, &str), Money> = HashMap::new();
    for (customer, items) in prior.map_or(&[][..], |p| p.customers) {
        for item in items {
            r.prior.add(item.open_amount);
            before.insert(
                (customer.as_str(), item.document_no.as_str()),
                item.open_amount,
            );
        }
    }
    let mut now: HashMap<(&str, &str), Money> = HashMap::new();
    for (customer, items) in current.customers {
        for item in items {
            let c = item.open_amount;
            r.total.add(c);
            now.insert((customer.as_str(), item.document_no.as_str()), c);
            match before.remove(&(customer.as_str(), item.document_no.as_str())) {
                None if c.is_positive() => r.new_documents.add(c),
                None => r.other.add(c),
                Some(p) => {
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
        }
    }
    // What is left of the prior ledger vanished.
    let mut gone: Vec<((&str, &str), Money)> = before.into_iter().collect();
    gone.sort_unstable();
    for ((customer, document), p) in gone {
        if !p.is_positive() {
            r.other.add(-p);
        } else if is_written_off(customer, document) {
            r.written_off.add(p);
        } else {
            r.collected.add(p);
        }
    }
    for (customer, documents) in written_off_open {
        for document in documents {
            if let Some(amount) = now.get(&(customer.as_str(), document.as_str())) {
                r.written_off_still_open.add(*amount);
                r.written_off_open_documents
                    .push((customer.clone(), document.clone()));
            }
        }
    }
    r
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
        assert_eq!(r.lines()[0].label, "Prior total (no earlier snapshot)");
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

    #[test]
    fn lines_sign_the_changes_as_they_act_on_the_total() {
        let prior = ledger(&[("A", &[("I1", "100.00"), ("I2", "50.00")])]);
        let current = ledger(&[("A", &[("I1", "60.00")])]);
        let r = reconcile(
            Some(LedgerItems {
                as_of: d("2016-01-31"),
                customers: &prior,
            }),
            LedgerItems {
                as_of: d("2016-02-29"),
                customers: &current,
            },
            &nothing_written_off,
            &[],
        );
        let lines = r.lines();
        let changes: Money = lines
            .iter()
            .filter(|l| l.kind == LineKind::Change)
            .map(|l| l.amount)
            .sum();
        assert_eq!(lines[0].amount + changes, lines[6].amount);
        assert_eq!(lines[2].amount, m("-40.00"));
        assert_eq!(lines[4].amount, m("-50.00"));
        let text = r.text(NegativeStyle::Minus);
        assert!(text.contains("Total, 2016-02-29"), "{text}");
        assert!(text.contains("-40.00"), "{text}");
    }
}
