//! The reconciliation of a snapshot against the one before it, as lines and a table:
//! [`crate::domain::reconcile`] computes it, this module only lays it out.

use serde::Serialize;

use super::table::{Align, TextTable};
use crate::domain::money::{Money, NegativeStyle};
pub use crate::domain::reconcile::{Reconciliation, Tally};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::allowance::OpenItem;
    use crate::domain::reconcile::{LedgerItems, reconcile};
    use chrono::NaiveDate;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn m(text: &str) -> Money {
        Money::parse(text).unwrap()
    }

    fn ledger(rows: &[(&str, &[(&str, &str)])]) -> Vec<(String, Vec<OpenItem>)> {
        rows.iter()
            .map(|(c, items)| {
                let items = items
                    .iter()
                    .map(|(doc, open)| OpenItem {
                        document_no: doc.to_string(),
                        document_date: d("2016-01-15"),
                        due_date: d("2016-02-14"),
                        disputed: false,
                        amount: None,
                        open_amount: m(open),
                    })
                    .collect();
                (c.to_string(), items)
            })
            .collect()
    }

    #[test]
    fn a_first_snapshot_says_it_has_no_prior() {
        let current = ledger(&[("A", &[("I1", "10.00")])]);
        let r = reconcile(
            None,
            LedgerItems {
                as_of: d("2016-01-31"),
                customers: &current,
            },
            Default::default(),
        );
        assert_eq!(r.lines()[0].label, "Prior total (no earlier snapshot)");
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
            Default::default(),
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
