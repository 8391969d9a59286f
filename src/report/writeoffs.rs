//! Write-offs as rows: the list that `agebook writeoff list` prints (table, CSV, JSON)
//! and the write-offs screen shows, built once here so both list the same rows; and the
//! figures a proposal shows before it is made (the allowance already held against the
//! documents, the net charge to profit), by the rule the memo states them with.

use chrono::NaiveDate;
use serde::Serialize;

use super::export::{Cell, Sheet};
use super::table::{Align, TextTable};
use crate::domain::allowance::OpenItem;
use crate::domain::money::{Money, NegativeStyle};
use crate::domain::writeoff::{ReasonCategory, WriteOff, WriteOffState};

/// One write-off in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WriteOffRow {
    /// Id.
    pub id: i64,
    /// Customer id.
    pub customer_id: String,
    /// Write-off date.
    pub date: NaiveDate,
    /// State.
    pub state: WriteOffState,
    /// Total written off.
    pub amount: Money,
    /// Reason category.
    pub reason: ReasonCategory,
    /// Narrative.
    pub narrative: String,
    /// Preparer.
    pub prepared_by: String,
    /// Approvers, in the order they approved.
    pub approved_by: Vec<String>,
    /// Who posted it.
    pub posted_by: Option<String>,
    /// Documents and amounts written off.
    pub documents: Vec<(String, Money)>,
}

/// The rows of a list of write-offs, in the list's order (the book gives newest first).
pub fn write_off_rows(list: &[WriteOff]) -> Vec<WriteOffRow> {
    list.iter()
        .map(|w| WriteOffRow {
            id: w.id,
            customer_id: w.customer_id.clone(),
            date: w.date,
            state: w.state,
            amount: w.amount(),
            reason: w.reason,
            narrative: w.narrative.clone(),
            prepared_by: w.prepared_by.clone(),
            approved_by: w.approvals.iter().map(|a| a.by.clone()).collect(),
            posted_by: w.posted.as_ref().map(|p| p.0.clone()),
            documents: w.documents.clone(),
        })
        .collect()
}

/// The rows in `state`, or all of them.
pub fn rows_in(rows: &[WriteOffRow], state: Option<WriteOffState>) -> Vec<&WriteOffRow> {
    rows.iter()
        .filter(|r| state.is_none_or(|s| r.state == s))
        .collect()
}

/// The list as one JSON document (`{"rows": [...]}`, SPEC section 5).
pub fn write_offs_json(rows: &[WriteOffRow]) -> serde_json::Value {
    let rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|w| {
            serde_json::json!({
                "id": w.id,
                "customer_id": w.customer_id,
                "date": w.date,
                "state": w.state,
                "amount": w.amount,
                "reason": w.reason,
                "narrative": w.narrative,
                "prepared_by": w.prepared_by,
                "approved_by": w.approved_by,
                "posted_by": w.posted_by,
                "documents": w.documents.iter().map(|(d, a)| serde_json::json!({"document_no": d, "amount": a})).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::json!({ "rows": rows })
}

/// The list as CSV.
pub fn write_offs_csv(rows: &[WriteOffRow]) -> String {
    let cells = rows
        .iter()
        .map(|x| {
            vec![
                Cell::Int(x.id),
                Cell::Text(x.customer_id.clone()),
                Cell::Date(x.date),
                Cell::Text(x.state.to_string()),
                Cell::Money(x.amount),
                Cell::Text(x.reason.to_string()),
                Cell::Text(x.prepared_by.clone()),
                Cell::Text(x.approved_by.join(" ")),
                Cell::Text(x.narrative.clone()),
            ]
        })
        .collect();
    Sheet::csv(
        &[
            "id",
            "customer_id",
            "date",
            "state",
            "amount",
            "reason",
            "prepared_by",
            "approved_by",
            "narrative",
        ],
        cells,
    )
}

/// The list as a terminal table.
pub fn write_offs_table(rows: &[WriteOffRow]) -> String {
    if rows.is_empty() {
        return "No write-offs.\n".to_string();
    }
    let mut t = TextTable::new(vec![
        ("Id".into(), Align::Right),
        ("Customer".into(), Align::Left),
        ("Date".into(), Align::Left),
        ("State".into(), Align::Left),
        ("Amount".into(), Align::Right),
        ("Reason".into(), Align::Left),
        ("Prepared".into(), Align::Left),
        ("Approved".into(), Align::Left),
    ]);
    for x in rows {
        t.row(vec![
            x.id.to_string(),
            x.customer_id.clone(),
            x.date.to_string(),
            x.state.to_string(),
            x.amount.grouped(NegativeStyle::Minus),
            x.reason.label().to_string(),
            x.prepared_by.clone(),
            x.approved_by.join(", "),
        ]);
    }
    t.render()
}

/// The positive balance of a customer's items in a ledger: what its allowance is spread
/// over (credit items carry none).
pub fn positive_balance(items: &[OpenItem]) -> Money {
    items
        .iter()
        .map(|i| i.open_amount)
        .filter(|a| a.is_positive())
        .sum()
}

/// The allowance already held against documents written off for `amount`: the
/// customer's allowance in the ledger they come from (`customer_allowance`), allocated in
/// proportion to their share of its positive balance (`positive`), never more than that
/// allowance or the amount. This is the rule [`crate::report::memo::Memo::build`] states
/// "allowance held" with (a test holds the two to the same figures).
pub fn allowance_held(customer_allowance: Money, positive: Money, amount: Money) -> Money {
    if !positive.is_positive() {
        return Money::ZERO;
    }
    let (allowance, amount_d, positive_d) = (
        customer_allowance.amount(),
        amount.amount(),
        positive.amount(),
    );
    // Within the book's bounds allowance × amount is at most about 1e27, under what a
    // Decimal holds (7.9e28); the product is checked all the same, and should it ever
    // overflow the share is taken first.
    let share = allowance
        .checked_mul(amount_d)
        .and_then(|p| p.checked_div(positive_d))
        .or_else(|| {
            amount_d
                .checked_div(positive_d)
                .and_then(|s| s.checked_mul(allowance))
        });
    match share {
        Some(share) => Money::round(share).min(customer_allowance).min(amount),
        None => customer_allowance.min(amount),
    }
}

/// What writing off `amount` charges to profit once the allowance held is used: the
/// amount less the allowance held.
pub fn net_charge(amount: Money, allowance_held: Money) -> Money {
    amount - allowance_held
}

/// Why an amount typed for a document cannot be written off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing typed.
    Empty,
    /// Not an amount.
    NotAnAmount(String),
    /// Zero or below.
    NotPositive,
    /// Above what is open.
    AboveOpen(Money),
}

/// Reads an amount to write off of a document with `open` left to write off: `1,234.50`
/// or `1234.5`, above zero and at most `open`.
pub fn parse_write_off_amount(text: &str, open: Money) -> Result<Money, AmountError> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if cleaned.is_empty() {
        return Err(AmountError::Empty);
    }
    let amount = Money::parse(&cleaned).map_err(|e| AmountError::NotAnAmount(e.to_string()))?;
    if !amount.is_positive() {
        Err(AmountError::NotPositive)
    } else if amount > open {
        Err(AmountError::AboveOpen(open))
    } else {
        Ok(amount)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn the_allowance_held_is_the_documents_share_of_the_customers_allowance() {
        // 755,000.00 over a positive balance of 2,000,000.00: half of it for 1,000,000.00.
        let held = allowance_held(m("755000"), m("2000000"), m("1000000"));
        assert_eq!(held, m("377500.00"));
        assert_eq!(net_charge(m("1000000"), held), m("622500.00"));
        // Rounded once, half away from zero: 100.00 × 1 / 3 = 33.333…
        assert_eq!(allowance_held(m("100"), m("3"), m("1")), m("1.00"));
        assert_eq!(allowance_held(m("100"), m("300"), m("1")), m("0.33"));
        // Never more than the amount or the allowance, nothing without a positive balance.
        assert_eq!(allowance_held(m("900"), m("100"), m("50")), m("50"));
        assert_eq!(allowance_held(m("10"), Money::ZERO, m("50")), Money::ZERO);
    }

    #[test]
    fn the_allowance_held_at_the_books_bounds_is_exact_to_the_fen() {
        // The largest ledger's allowance times the largest amount: more digits than a
        // Decimal keeps, and still the right figure.
        // A customer's balance may pass one amount's bound up to the ledger's.
        let wide = |s: &str| Money::round(s.parse().unwrap());
        let big = wide("999999999999999.99");
        let amount = m("999999999999.99");
        let held = allowance_held(big, big, amount);
        assert_eq!(held, amount);
        let half = allowance_held(wide("500000000000000.00"), big, amount);
        assert_eq!(half, m("500000000000.00"));
    }

    #[test]
    fn a_partial_amount_is_above_zero_and_at_most_what_is_open() {
        let open = m("1500000.00");
        assert_eq!(
            parse_write_off_amount("1,000,000.00", open),
            Ok(m("1000000"))
        );
        assert_eq!(parse_write_off_amount(" 1500000 ", open), Ok(open));
        assert_eq!(parse_write_off_amount("", open), Err(AmountError::Empty));
        assert_eq!(
            parse_write_off_amount("0", open),
            Err(AmountError::NotPositive)
        );
        assert_eq!(
            parse_write_off_amount("-5", open),
            Err(AmountError::NotPositive)
        );
        assert_eq!(
            parse_write_off_amount("1500000.01", open),
            Err(AmountError::AboveOpen(open))
        );
        assert!(matches!(
            parse_write_off_amount("abc", open),
            Err(AmountError::NotAnAmount(_))
        ));
    }
}
