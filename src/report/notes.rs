//! A customer's collection notes, as the `customer notes` command prints them and the
//! customer screen lists them.

use super::Format;
use super::export::{Cell, Sheet};
use super::table::{Align, TextTable};
use crate::domain::collection::CollectionNote;

/// The notes newest first (by date, then by the order they were written): how the
/// customer screen lists them, the latest effort on top.
pub fn newest_first(mut notes: Vec<CollectionNote>) -> Vec<CollectionNote> {
    notes.sort_by_key(|n| std::cmp::Reverse((n.date, n.id)));
    notes
}

/// The `customer notes` output, in the book's order.
pub fn notes_output(notes: &[CollectionNote], format: Format) -> String {
    match format {
        Format::Json => {
            serde_json::to_string_pretty(&serde_json::json!({ "rows": notes })).unwrap_or_default()
                + "\n"
        }
        Format::Csv => {
            let rows = notes
                .iter()
                .map(|n| {
                    vec![
                        Cell::Int(n.id),
                        Cell::Text(n.customer_id.clone()),
                        Cell::Date(n.date),
                        Cell::Text(n.author.clone()),
                        Cell::Text(n.action.to_string()),
                        Cell::Text(n.outcome.clone()),
                        Cell::Text(n.text.clone()),
                    ]
                })
                .collect();
            Sheet::csv(
                &[
                    "id",
                    "customer_id",
                    "date",
                    "author",
                    "action",
                    "outcome",
                    "text",
                ],
                rows,
            )
        }
        Format::Table => {
            let mut t = TextTable::new(vec![
                ("Date".into(), Align::Left),
                ("Action".into(), Align::Left),
                ("By".into(), Align::Left),
                ("Outcome".into(), Align::Left),
                ("Note".into(), Align::Left),
            ]);
            for n in notes {
                t.row(vec![
                    n.date.to_string(),
                    n.action.to_string(),
                    n.author.clone(),
                    n.outcome.clone(),
                    n.text.clone(),
                ]);
            }
            t.render()
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use chrono::NaiveDate;

    use super::*;
    use crate::domain::collection::NoteAction;

    fn note(id: i64, date: &str) -> CollectionNote {
        CollectionNote {
            id,
            customer_id: "C1".into(),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            author: "amy".into(),
            action: NoteAction::Call,
            outcome: String::new(),
            text: format!("note {id}"),
        }
    }

    #[test]
    fn the_latest_effort_comes_first_and_same_day_notes_by_their_order() {
        let notes = vec![
            note(1, "2016-03-01"),
            note(3, "2016-01-01"),
            note(2, "2016-03-01"),
        ];
        let ids: Vec<i64> = newest_first(notes).iter().map(|n| n.id).collect();
        assert_eq!(ids, [2, 1, 3]);
    }
}
