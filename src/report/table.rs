//! Plain-text tables for the terminal: amounts right-aligned, text left-aligned, widths
//! measured in terminal columns so Chinese names line up.

use unicode_width::UnicodeWidthStr;

/// How a column aligns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
}

/// A text table built row by row.
#[derive(Debug, Clone, Default)]
pub struct TextTable {
    headers: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
    rules_before: Vec<usize>,
}

impl TextTable {
    /// A table with these columns.
    pub fn new(headers: Vec<(String, Align)>) -> TextTable {
        TextTable {
            headers,
            rows: Vec::new(),
            rules_before: Vec::new(),
        }
    }

    /// Appends a row; missing cells are blank.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// Draws a rule above the next row (before a total).
    pub fn rule(&mut self) {
        self.rules_before.push(self.rows.len());
    }

    /// Renders the table.
    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|(h, _)| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                if let Some(w) = widths.get_mut(i) {
                    *w = (*w).max(cell.width());
                }
            }
        }
        let mut out = String::new();
        let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
            let mut parts = Vec::with_capacity(widths.len());
            for (i, (_, align)) in self.headers.iter().enumerate() {
                let cell = cells.next().unwrap_or("");
                let pad = " ".repeat(widths[i].saturating_sub(cell.width()));
                parts.push(match align {
                    Align::Left => format!("{cell}{pad}"),
                    Align::Right => format!("{pad}{cell}"),
                });
            }
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(&mut self.headers.iter().map(|(h, _)| h.as_str()), &mut out);
        let rule: String = widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  ");
        out.push_str(&rule);
        out.push('\n');
        for (i, row) in self.rows.iter().enumerate() {
            if self.rules_before.contains(&i) {
                out.push_str(&rule);
                out.push('\n');
            }
            line(&mut row.iter().map(String::as_str), &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_and_amounts_line_up() {
        let mut t = TextTable::new(vec![
            ("Name".into(), Align::Left),
            ("Balance".into(), Align::Right),
        ]);
        t.row(vec!["王建国".into(), "1,000.00".into()]);
        t.row(vec!["Smith".into(), "12.00".into()]);
        t.rule();
        t.row(vec!["Total".into(), "1,012.00".into()]);
        let text = t.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "Name     Balance");
        assert_eq!(lines[2], "王建国  1,000.00");
        assert_eq!(lines[3], "Smith      12.00");
        assert_eq!(lines[4], "------  --------");
        assert_eq!(lines[5], "Total   1,012.00");
    }
}
