//! The roll-forward report: the allowance's movement over a range of snapshots, per
//! customer, per type and in total, with the customers that drove each line. The JSON
//! shape is fixed by SPEC section 5.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::Format;
use super::table::{Align, TextTable};
use crate::book::{Assessment, BookHistory, SnapshotInfo};
use crate::domain::customer_type::CustomerType;
use crate::domain::money::{Money, NegativeStyle};
use crate::domain::rollforward::{PeriodEvents, RollForwardLine, customer_range};
use crate::domain::writeoff::{Adjustment, Recovery};

/// The roll-forward's lines, as every table and sheet heads its columns, in the order of
/// the identity: opening + provisions − write-backs − write-offs + recoveries + other =
/// closing.
pub const LINE_HEADINGS: [&str; 7] = [
    "Opening",
    "Provisions",
    "Write-backs",
    "Write-offs",
    "Recoveries",
    "Other",
    "Closing",
];
use crate::store::PostedDocument;

/// One customer's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerLine {
    /// Customer id.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Type at the end of the range (each customer counts in one type for the whole
    /// range, so the identity holds per type).
    pub customer_type: String,
    /// The movement.
    pub line: RollForwardLine,
}

/// The roll-forward over a range.
#[derive(Debug, Clone)]
pub struct RollForward {
    /// First snapshot.
    pub from: NaiveDate,
    /// Last snapshot.
    pub to: NaiveDate,
    /// Currency.
    pub currency: String,
    /// Every customer with an allowance or a movement in the range, by id.
    pub customers: Vec<CustomerLine>,
}

/// How to group the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum RollGroup {
    /// The total only.
    #[default]
    Total,
    /// One row per customer type.
    Type,
    /// One row per customer, largest movement first.
    Customer,
}

/// One row as scripts read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineRow {
    /// Type, customer id, or `total`.
    pub key: String,
    /// Customer name (by customer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Customer type (by customer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_type: Option<String>,
    /// The movement.
    #[serde(flatten)]
    pub line: RollForwardLine,
}

/// Reads one line's amount out of a roll-forward line.
pub type LineOf = fn(&RollForwardLine) -> Money;

/// The lines a user asks "who drove this?" about.
pub const LINES: [(&str, LineOf); 5] = [
    ("provisions", |l| l.provisions),
    ("write_backs", |l| l.write_backs),
    ("write_offs", |l| l.write_offs),
    ("recoveries", |l| l.recoveries),
    ("other", |l| l.other),
];

/// The periods of the Schedule II layout over `from`..=`to`: one per calendar year in
/// the range, each from the previous period's end (the first from `from`) to the year's
/// last snapshot, the last one ending at `to`; the whole range when it holds no later
/// snapshot. `dates` are the book's snapshot dates, oldest first. The command line's
/// `export rollforward --schedule-ii` and the window both split a range with this.
pub fn schedule_ii_ranges(
    dates: &[NaiveDate],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(NaiveDate, NaiveDate)> {
    use chrono::Datelike;
    let mut periods = Vec::new();
    let mut start = from;
    for &d in dates.iter().filter(|d| **d > from && **d <= to) {
        let year_end = dates.iter().filter(|x| x.year() == d.year()).max().copied();
        if Some(d) == year_end || d == to {
            periods.push((start, d));
            start = d;
        }
    }
    if periods.is_empty() {
        periods.push((from, to));
    }
    periods
}

/// What a roll-forward is built from: the book's snapshots, oldest first, and each one
/// assessed (as [`BookHistory`] holds them, or as [`crate::book::Book::rollforward`]
/// assesses them without the rest of a history).
#[derive(Debug, Clone, Copy)]
pub struct Assessed<'a> {
    /// The book's currency.
    pub currency: &'a str,
    /// The snapshots, oldest first.
    pub snapshots: &'a [SnapshotInfo],
    /// The assessment of each snapshot, in the same order.
    pub assessments: &'a [Assessment],
}

impl<'a> From<&'a BookHistory> for Assessed<'a> {
    fn from(history: &'a BookHistory) -> Assessed<'a> {
        Assessed {
            currency: &history.currency,
            snapshots: &history.snapshots,
            assessments: &history.assessments,
        }
    }
}

impl RollForward {
    /// Builds the roll-forward from snapshot `i0` to `i1` of `history`.
    pub fn build(
        history: Assessed<'_>,
        i0: usize,
        i1: usize,
        posted: &[PostedDocument],
        recoveries: &[Recovery],
        adjustments: &[Adjustment],
        names: &HashMap<String, (String, String)>,
    ) -> RollForward {
        let n = history.snapshots.len();
        let mut required: BTreeMap<String, Vec<Money>> = BTreeMap::new();
        let mut events: BTreeMap<String, Vec<PeriodEvents>> = BTreeMap::new();
        for i in i0..=i1 {
            for c in &history.assessments[i].customers {
                required
                    .entry(c.customer_id.clone())
                    .or_insert_with(|| vec![Money::ZERO; n])[i] = c.allowance;
            }
        }
        let mut event = |customer: &str, date: NaiveDate, f: &dyn Fn(&mut PeriodEvents)| {
            // Only movements inside the range count: after the first snapshot, up to the last.
            let period = history.snapshots.iter().position(|s| s.as_of >= date);
            if let Some(p) = period.filter(|p| *p > i0 && *p <= i1) {
                required
                    .entry(customer.to_string())
                    .or_insert_with(|| vec![Money::ZERO; n]);
                let e = events
                    .entry(customer.to_string())
                    .or_insert_with(|| vec![PeriodEvents::default(); n]);
                f(&mut e[p]);
            }
        };
        for d in posted {
            event(&d.customer_id, d.date, &|e| e.write_offs += d.amount);
        }
        for r in recoveries {
            event(&r.customer_id, r.date, &|e| e.recoveries += r.amount);
        }
        for a in adjustments {
            event(&a.customer_id, a.date, &|e| e.other += a.amount);
        }
        let no_events = vec![PeriodEvents::default(); n];
        let customers = required
            .into_iter()
            .map(|(id, req)| {
                let ev = events.get(&id).unwrap_or(&no_events);
                let line = customer_range(&req, ev, i0, i1);
                // The book names every customer it has; the latest assessment is the
                // fallback (a search through every customer, so only when needed).
                let latest = || {
                    (i0..=i1).rev().find_map(|i| {
                        history.assessments[i]
                            .customers
                            .iter()
                            .find(|c| c.customer_id == id)
                    })
                };
                let (name, customer_type) = match names.get(&id) {
                    Some((name, t)) => (name.clone(), t.clone()),
                    None => match latest() {
                        Some(c) => (c.name.clone(), c.customer_type.to_string()),
                        None => (String::new(), CustomerType::other().to_string()),
                    },
                };
                CustomerLine {
                    customer_id: id,
                    name,
                    customer_type,
                    line,
                }
            })
            .collect();
        RollForward {
            from: history.snapshots[i0].as_of,
            to: history.snapshots[i1].as_of,
            currency: history.currency.to_string(),
            customers,
        }
    }

    /// The total line.
    pub fn total(&self) -> RollForwardLine {
        let mut total = RollForwardLine::default();
        for c in &self.customers {
            total.add(&c.line);
        }
        total
    }

    /// Lines by customer type, in the built-in order.
    pub fn by_type(&self) -> Vec<(String, RollForwardLine)> {
        let mut groups: BTreeMap<(usize, String), RollForwardLine> = BTreeMap::new();
        for c in &self.customers {
            let rank = CustomerType::parse(&c.customer_type).map_or(usize::MAX, |t| t.rank().0);
            groups
                .entry((rank, c.customer_type.clone()))
                .or_default()
                .add(&c.line);
        }
        groups.into_iter().map(|((_, t), l)| (t, l)).collect()
    }

    /// Customers with any movement, largest movement first.
    pub fn moving_customers(&self) -> Vec<&CustomerLine> {
        let mut out: Vec<&CustomerLine> = self
            .customers
            .iter()
            .filter(|c| {
                c.line != RollForwardLine::flat(c.line.opening) || !c.line.opening.is_zero()
            })
            .collect();
        let size = |l: &RollForwardLine| {
            l.provisions + l.write_backs + l.write_offs + l.recoveries + l.other.abs()
        };
        out.sort_by(|a, b| {
            size(&b.line)
                .cmp(&size(&a.line))
                .then(a.customer_id.cmp(&b.customer_id))
        });
        out
    }

    /// The `top` customers behind one line, largest first.
    pub fn drivers(&self, line: fn(&RollForwardLine) -> Money, top: usize) -> Vec<&CustomerLine> {
        let mut out: Vec<&CustomerLine> = self
            .customers
            .iter()
            .filter(|c| !line(&c.line).is_zero())
            .collect();
        out.sort_by(|a, b| {
            line(&b.line)
                .abs()
                .cmp(&line(&a.line).abs())
                .then(a.customer_id.cmp(&b.customer_id))
        });
        out.truncate(top);
        out
    }

    /// The rows for `group`.
    pub fn rows(&self, group: RollGroup) -> Vec<LineRow> {
        match group {
            RollGroup::Total => Vec::new(),
            RollGroup::Type => self
                .by_type()
                .into_iter()
                .map(|(key, line)| LineRow {
                    key,
                    name: None,
                    customer_type: None,
                    line,
                })
                .collect(),
            RollGroup::Customer => self
                .moving_customers()
                .into_iter()
                .map(|c| LineRow {
                    key: c.customer_id.clone(),
                    name: Some(c.name.clone()),
                    customer_type: Some(c.customer_type.clone()),
                    line: c.line,
                })
                .collect(),
        }
    }

    /// Writes the report.
    pub fn render(&self, group: RollGroup, format: Format) -> String {
        let rows = self.rows(group);
        let total = LineRow {
            key: "total".into(),
            name: None,
            customer_type: None,
            line: self.total(),
        };
        match format {
            Format::Json => {
                let doc = serde_json::json!({
                    "from": self.from,
                    "to": self.to,
                    "currency": self.currency,
                    "total": total,
                    "rows": rows,
                });
                serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(Vec::new());
                let _ = w.write_record([
                    "key",
                    "name",
                    "customer_type",
                    "opening",
                    "provisions",
                    "write_backs",
                    "write_offs",
                    "recoveries",
                    "other",
                    "closing",
                ]);
                for r in rows.iter().chain(std::iter::once(&total)) {
                    let l = &r.line;
                    let _ = w.write_record([
                        super::neutralise(&r.key).into_owned(),
                        super::neutralise(r.name.as_deref().unwrap_or("")).into_owned(),
                        super::neutralise(r.customer_type.as_deref().unwrap_or("")).into_owned(),
                        l.opening.to_string(),
                        l.provisions.to_string(),
                        l.write_backs.to_string(),
                        l.write_offs.to_string(),
                        l.recoveries.to_string(),
                        l.other.to_string(),
                        l.closing.to_string(),
                    ]);
                }
                String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
            }
            Format::Table => self.table(&rows, &total, group),
        }
    }

    fn table(&self, rows: &[LineRow], total: &LineRow, group: RollGroup) -> String {
        let style = NegativeStyle::Parentheses;
        let by_customer = group == RollGroup::Customer;
        let mut headers = vec![(
            if by_customer { "Customer" } else { "Type" }.to_string(),
            Align::Left,
        )];
        if by_customer {
            headers.push(("Name".into(), Align::Left));
        }
        for h in LINE_HEADINGS {
            headers.push((h.into(), Align::Right));
        }
        let mut t = TextTable::new(headers);
        let cells = |r: &LineRow| {
            let l = &r.line;
            let mut c = vec![r.key.clone()];
            if by_customer {
                c.push(r.name.clone().unwrap_or_default());
            }
            c.push(l.opening.grouped(style));
            c.push(l.provisions.grouped(style));
            c.push((-l.write_backs).grouped(style));
            c.push((-l.write_offs).grouped(style));
            c.push(l.recoveries.grouped(style));
            c.push(l.other.grouped(style));
            c.push(l.closing.grouped(style));
            c
        };
        for r in rows {
            t.row(cells(r));
        }
        if !rows.is_empty() {
            t.rule();
        }
        let mut total_cells = cells(total);
        total_cells[0] = "Total".into();
        t.row(total_cells);
        let mut out = format!(
            "Allowance roll-forward {} to {} — {} (decreases in parentheses)\n\n{}",
            self.from,
            self.to,
            self.currency,
            t.render()
        );
        out.push_str("\nWhat drove each line:\n");
        for (name, f) in LINES {
            let drivers = self.drivers(f, 3);
            if drivers.is_empty() {
                continue;
            }
            let list: Vec<String> = drivers
                .iter()
                .map(|c| {
                    format!(
                        "{} {} {}",
                        c.customer_id,
                        c.name,
                        f(&c.line).grouped(NegativeStyle::Minus)
                    )
                })
                .collect();
            out.push_str(&format!(
                "  {:<12} {}\n",
                name.replace('_', "-"),
                list.join("; ")
            ));
        }
        out
    }
}
