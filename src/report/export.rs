//! Exports for spreadsheets: one sheet model written as CSV or XLSX. In XLSX, amounts
//! are real numbers with a number format, the header row is frozen and columns are
//! sized; in both, text cells that a spreadsheet could run as a formula are neutralised.

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::aging::AgingReport;
use super::neutralise;
use super::review::ReviewRow;
use super::rollforward::{LINE_HEADINGS, RollForward, RollGroup};
use crate::domain::aging::display_label;
use crate::domain::money::Money;

/// What went wrong writing an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The XLSX writer failed.
    #[error("cannot write {path}: {message}")]
    Xlsx {
        /// The file.
        path: String,
        /// Why.
        message: String,
    },
    /// An extension other than .csv or .xlsx.
    #[error("{0}: the file must end in .csv or .xlsx")]
    UnknownFormat(String),
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text (neutralised on output).
    Text(String),
    /// Money.
    Money(Money),
    /// A whole number.
    Int(i64),
    /// A date.
    Date(NaiveDate),
    /// A fraction shown as a percentage.
    Percent(Decimal),
    /// Nothing.
    Empty,
}

/// A table to export.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// Sheet name (XLSX) and title line.
    pub title: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// Writes the sheet to `path`, as CSV or XLSX by its extension.
    pub fn write(&self, path: &Path) -> Result<(), ExportError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        match ext.as_deref() {
            Some("csv") => self.write_csv(path),
            Some("xlsx") => self.write_xlsx(path),
            _ => Err(ExportError::UnknownFormat(path.display().to_string())),
        }
    }

    /// The sheet as CSV text: plain exact numbers, neutralised text.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(self.headers.iter().map(|h| neutralise(h).into_owned()));
        for row in &self.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(t) => neutralise(t).into_owned(),
                    Cell::Money(m) => m.to_string(),
                    Cell::Int(i) => i.to_string(),
                    Cell::Date(d) => d.to_string(),
                    Cell::Percent(p) => p.round_dp(6).normalize().to_string(),
                    Cell::Empty => String::new(),
                })
                .collect();
            let _ = w.write_record(cells);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// A sheet of `headers` and `rows` as CSV text (see [`Sheet::to_csv`]): the one way
    /// the command line writes CSV, so every text cell is neutralised and every amount
    /// is the plain exact decimal.
    pub fn csv(headers: &[&str], rows: Vec<Vec<Cell>>) -> String {
        Sheet {
            title: String::new(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows,
        }
        .to_csv()
    }

    fn write_csv(&self, path: &Path) -> Result<(), ExportError> {
        std::fs::write(path, self.to_csv()).map_err(|source| ExportError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    fn write_xlsx(&self, path: &Path) -> Result<(), ExportError> {
        use rust_xlsxwriter::{Format, FormatAlign, Workbook};
        let err = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        let name: String = self
            .title
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        sheet
            .set_name(if name.is_empty() { "Sheet1" } else { &name })
            .map_err(err)?;
        let header = Format::new()
            .set_bold()
            .set_background_color("#DDE4EE")
            .set_align(FormatAlign::Center);
        let money = Format::new().set_num_format("#,##0.00;(#,##0.00)");
        let percent = Format::new().set_num_format("0.0%");
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let mut widths: Vec<usize> = self
            .headers
            .iter()
            .map(|h| h.chars().count().max(8))
            .collect();
        for (c, h) in self.headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, neutralise(h), &header)
                .map_err(err)?;
        }
        for (r, row) in self.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                let width = match cell {
                    Cell::Text(t) => {
                        sheet.write_string(r, col, neutralise(t)).map_err(err)?;
                        // Chinese characters take two columns.
                        t.chars().map(|ch| if ch.is_ascii() { 1 } else { 2 }).sum()
                    }
                    Cell::Money(m) => {
                        // Spreadsheets hold doubles; the exact decimal's nearest double
                        // prints back to the same two places.
                        let value: f64 = m.to_string().parse().unwrap_or(0.0);
                        sheet
                            .write_number_with_format(r, col, value, &money)
                            .map_err(err)?;
                        m.grouped(crate::domain::money::NegativeStyle::Parentheses)
                            .len()
                    }
                    Cell::Int(i) => {
                        sheet.write_number(r, col, *i as f64).map_err(err)?;
                        i.to_string().len()
                    }
                    Cell::Date(d) => {
                        let dt = rust_xlsxwriter::ExcelDateTime::from_ymd(
                            u16::try_from(chrono::Datelike::year(d)).unwrap_or(1900),
                            chrono::Datelike::month(d) as u8,
                            chrono::Datelike::day(d) as u8,
                        )
                        .map_err(err)?;
                        sheet
                            .write_datetime_with_format(r, col, &dt, &date)
                            .map_err(err)?;
                        10
                    }
                    Cell::Percent(p) => {
                        sheet
                            .write_number_with_format(r, col, p.to_f64().unwrap_or(0.0), &percent)
                            .map_err(err)?;
                        7
                    }
                    Cell::Empty => 0,
                };
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(width);
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet
                .set_column_width(c as u16, (*w as f64 + 2.0).min(60.0))
                .map_err(err)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(err)?;
        workbook.save(path).map_err(err)
    }
}

/// The aging or allowance report as a sheet.
pub fn aging_sheet(report: &AgingReport) -> Sheet {
    let by_customer = report.rows.first().is_some_and(|r| r.name.is_some());
    let mut headers = vec![if by_customer { "Customer" } else { "Type" }.to_string()];
    if by_customer {
        headers.extend(["Name".to_string(), "Type".to_string()]);
    }
    headers.extend(report.total.buckets.0.iter().map(|(l, _)| display_label(l)));
    headers.extend(["Balance", "Allowance", "Disputed"].map(String::from));
    let mut rows = Vec::new();
    for r in report.rows.iter().chain(std::iter::once(&report.total)) {
        let mut row = vec![Cell::Text(if r.key == "total" {
            "Total".into()
        } else {
            r.key.clone()
        })];
        if by_customer {
            row.push(r.name.clone().map_or(Cell::Empty, Cell::Text));
            row.push(r.customer_type.clone().map_or(Cell::Empty, Cell::Text));
        }
        row.extend(r.buckets.0.iter().map(|(_, m)| Cell::Money(*m)));
        row.extend([
            Cell::Money(r.balance),
            Cell::Money(r.allowance),
            Cell::Money(r.disputed),
        ]);
        rows.push(row);
    }
    let what = if report.measure == "aging" {
        "Aging"
    } else {
        "Allowance"
    };
    Sheet {
        title: format!("{what} {}", report.as_of),
        headers,
        rows,
    }
}

/// The roll-forward as a sheet (lines as columns).
pub fn rollforward_sheet(rf: &RollForward, group: RollGroup) -> Sheet {
    let by_customer = group == RollGroup::Customer;
    let mut headers = vec![if by_customer { "Customer" } else { "Type" }.to_string()];
    if by_customer {
        headers.extend(["Name".to_string(), "Type".to_string()]);
    }
    headers.extend(LINE_HEADINGS.map(String::from));
    let total = super::rollforward::LineRow {
        key: "Total".into(),
        name: None,
        customer_type: None,
        line: rf.total(),
    };
    let lines = rf.rows(group);
    let rows = lines
        .iter()
        .chain(std::iter::once(&total))
        .map(|r| {
            let l = &r.line;
            let mut row = vec![Cell::Text(r.key.clone())];
            if by_customer {
                row.push(r.name.clone().map_or(Cell::Empty, Cell::Text));
                row.push(r.customer_type.clone().map_or(Cell::Empty, Cell::Text));
            }
            row.extend([
                Cell::Money(l.opening),
                Cell::Money(l.provisions),
                Cell::Money(l.write_backs),
                Cell::Money(l.write_offs),
                Cell::Money(l.recoveries),
                Cell::Money(l.other),
                Cell::Money(l.closing),
            ]);
            row
        })
        .collect();
    Sheet {
        title: format!("Roll-forward {} to {}", rf.from, rf.to),
        headers,
        rows,
    }
}

/// The roll-forward in the layout of SEC Schedule II (Valuation and Qualifying Accounts),
/// one row per period given: balance at beginning, additions charged to costs and
/// expenses (provisions net of write-backs), additions charged to other accounts
/// (recoveries and other adjustments), deductions (write-offs), balance at end.
pub fn schedule_ii_sheet(periods: &[RollForward]) -> Sheet {
    let headers = [
        "Description",
        "Balance at beginning of period",
        "Additions: charged to costs and expenses",
        "Additions: charged to other accounts",
        "Deductions",
        "Balance at end of period",
    ]
    .map(String::from)
    .to_vec();
    let rows = periods
        .iter()
        .map(|rf| {
            let l = rf.total();
            vec![
                Cell::Text(format!(
                    "Allowance for doubtful accounts, {} to {}",
                    rf.from, rf.to
                )),
                Cell::Money(l.opening),
                Cell::Money(l.net_charge()),
                Cell::Money(l.recoveries + l.other),
                Cell::Money(l.write_offs),
                Cell::Money(l.closing),
            ]
        })
        .collect();
    Sheet {
        title: "Schedule II".into(),
        headers,
        rows,
    }
}

/// The customers of the review as a sheet.
pub fn customers_sheet(rows: &[ReviewRow], labels: &[String], as_of: NaiveDate) -> Sheet {
    let mut headers: Vec<String> = ["Customer", "Name", "Type", "Balance"]
        .map(String::from)
        .to_vec();
    headers.extend(labels.iter().map(|l| display_label(l)));
    headers.extend(
        [
            "Oldest days past due",
            "Over one year",
            "Allowance",
            "Coverage",
            "Specific allowance",
            "Disputed",
            "Last collection",
            "Last note",
            "Alerts",
        ]
        .map(String::from),
    );
    let rows = rows
        .iter()
        .map(|r| {
            let mut row = vec![
                Cell::Text(r.customer_id.clone()),
                Cell::Text(r.name.clone()),
                Cell::Text(r.customer_type.clone()),
                Cell::Money(r.balance),
            ];
            row.extend(r.buckets.iter().map(|m| Cell::Money(*m)));
            row.extend([
                r.oldest_days.map_or(Cell::Empty, Cell::Int),
                Cell::Money(r.over_one_year),
                Cell::Money(r.allowance),
                r.coverage.map_or(Cell::Empty, Cell::Percent),
                r.specific.clone().map_or(Cell::Empty, Cell::Text),
                Cell::Money(r.disputed),
                r.last_collection.map_or(Cell::Empty, Cell::Date),
                r.last_note.map_or(Cell::Empty, Cell::Date),
                Cell::Text(
                    r.alerts
                        .iter()
                        .map(|a| a.label())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ]);
            row
        })
        .collect();
    Sheet {
        title: format!("Customers {as_of}"),
        headers,
        rows,
    }
}
