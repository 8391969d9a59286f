//! Reports: domain results turned into rows and written as a text table, CSV or JSON.
//! The GUI shows the same rows, so every surface prints the same figures.

pub mod activity;
pub mod aging;
pub mod alerts;
pub mod audit;
pub mod customer;
pub mod export;
pub mod file_name;
pub mod import;
pub mod labels;
pub mod memo;
pub mod notes;
pub mod overview;
pub mod pdf;
pub mod policy;
pub mod reconcile;
pub mod review;
pub mod rollforward;
pub mod snapshots;
pub mod table;
pub mod writeoffs;

/// Output formats of the scripting interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    #[default]
    Table,
    /// CSV for spreadsheets.
    Csv,
    /// One JSON document for scripts.
    Json,
}

/// Sorts `indices` into `rows` the way a clicked table header does: by `compare`,
/// reversed when `descending`, and rows that compare equal by `key`, always ascending, so
/// the order is stable whichever way the column runs.
pub fn sort_rows<R, K: Ord + ?Sized>(
    indices: &mut [usize],
    rows: &[R],
    descending: bool,
    compare: impl Fn(&R, &R) -> std::cmp::Ordering,
    key: impl Fn(&R) -> &K,
) {
    indices.sort_by(|&a, &b| {
        let (ra, rb) = (&rows[a], &rows[b]);
        let primary = compare(ra, rb);
        let primary = if descending {
            primary.reverse()
        } else {
            primary
        };
        primary.then_with(|| key(ra).cmp(key(rb)))
    });
}

/// Makes a text cell safe for spreadsheets: a cell that starts with `=`, `+`, `-`, `@`,
/// tab or carriage return gets a leading apostrophe, so it is never run as a formula.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_like_text_is_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+86 123"), "'+86 123");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("中原重型机械"), "中原重型机械");
    }
}
