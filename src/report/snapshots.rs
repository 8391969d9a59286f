//! The book's snapshots as the `snapshots` command prints them: as-of date, source file,
//! items, totals, content hash, when and by whom each ledger was imported.

use super::Format;
use super::export::{Cell, Sheet};
use super::table::{Align, TextTable};
use crate::book::SnapshotInfo;
use crate::domain::money::NegativeStyle;

/// The `snapshots` output of `snapshots` in a book kept in `currency`.
pub fn snapshots_output(snapshots: &[SnapshotInfo], currency: &str, format: Format) -> String {
    match format {
        Format::Json => {
            let doc = serde_json::json!({ "currency": currency, "rows": snapshots });
            serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
        }
        Format::Csv => {
            let rows = snapshots
                .iter()
                .map(|s| {
                    vec![
                        Cell::Date(s.as_of),
                        Cell::Text(s.source_name.clone()),
                        Cell::Int(s.row_count),
                        Cell::Money(s.total),
                        Cell::Money(s.debits),
                        Cell::Money(s.credits),
                        Cell::Text(s.content_hash.clone()),
                        Cell::Text(s.imported_at.clone()),
                        Cell::Text(s.imported_by.clone()),
                    ]
                })
                .collect();
            Sheet::csv(
                &[
                    "as_of",
                    "source_name",
                    "row_count",
                    "total",
                    "debits",
                    "credits",
                    "content_hash",
                    "imported_at",
                    "imported_by",
                ],
                rows,
            )
        }
        Format::Table => {
            if snapshots.is_empty() {
                return "The book has no snapshots yet: `agebook import FILE` adds one.\n"
                    .to_string();
            }
            let mut t = TextTable::new(vec![
                ("As of".into(), Align::Left),
                ("Source".into(), Align::Left),
                ("Items".into(), Align::Right),
                (format!("Total {currency}"), Align::Right),
                ("Debits".into(), Align::Right),
                ("Credits".into(), Align::Right),
                ("Imported".into(), Align::Left),
            ]);
            let style = NegativeStyle::Minus;
            for s in snapshots {
                t.row(vec![
                    s.as_of.to_string(),
                    s.source_name.clone(),
                    s.row_count.to_string(),
                    s.total.grouped(style),
                    s.debits.grouped(style),
                    s.credits.grouped(style),
                    format!(
                        "{} by {}",
                        s.imported_at.replace('T', " ").trim_end_matches('Z'),
                        s.imported_by
                    ),
                ]);
            }
            t.render()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_book_without_snapshots_says_how_to_add_one() {
        let text = snapshots_output(&[], "CNY", Format::Table);
        assert!(text.contains("`agebook import FILE` adds one"), "{text}");
        let json = snapshots_output(&[], "CNY", Format::Json);
        assert!(json.contains("\"currency\": \"CNY\""), "{json}");
    }
}
