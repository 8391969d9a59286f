//! The aging matrix and the allowance, grouped by customer type or by customer, in the
//! shape SPEC section 5 fixes for scripts.

use std::collections::BTreeMap;

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use super::table::{Align, TextTable};
use super::{Format, neutralise};
use crate::book::Assessment;
use crate::domain::aging::display_label;
use crate::domain::allowance::{AllowanceMethod, CustomerAssessment};
use crate::domain::money::{Money, NegativeStyle, format_percent, format_rate};
use crate::domain::policy::SpecificBasis;

/// What the bucket columns hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// Open amounts (the aging).
    Amounts,
    /// Required allowance spread over buckets (the allowance).
    Allowance,
}

/// How rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum GroupBy {
    /// One row per customer type.
    #[default]
    Type,
    /// One row per customer.
    Customer,
}

/// Bucket label → amount, serialised as a JSON object in bucket order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Buckets(pub Vec<(String, Money)>);

impl Serialize for Buckets {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (label, amount) in &self.0 {
            map.serialize_entry(label, amount)?;
        }
        map.end()
    }
}

/// One row of the aging or allowance report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgingRow {
    /// Customer type, customer id, or `total`.
    pub key: String,
    /// Customer name (by customer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Customer type (by customer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_type: Option<String>,
    /// Number of customers in the row.
    pub customers: usize,
    /// Net balance.
    pub balance: Money,
    /// Required allowance.
    pub allowance: Money,
    /// Part of the balance in dispute.
    pub disputed: Money,
    /// The written-off part of documents the ledger still lists: in none of the figures
    /// of the row ("written off, still in the ledger").
    pub written_off_in_ledger: Money,
    /// Amounts or allowance per bucket.
    pub buckets: Buckets,
    /// `matrix` or `specific` (by customer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<AllowanceMethod>,
    /// The specific allowance in force, as `100%` or an amount (by customer only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specific: Option<String>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgingReport {
    /// The as-of date.
    pub as_of: chrono::NaiveDate,
    /// Functional currency.
    pub currency: String,
    /// `due_date` or `document_date`.
    pub basis: String,
    /// `aging` or `allowance`.
    pub measure: &'static str,
    /// The total row.
    pub total: AgingRow,
    /// Rows by type (built-in order) or by customer id.
    pub rows: Vec<AgingRow>,
    /// "Written off, still in the ledger": per customer, the documents a posted
    /// write-off covers that this ledger still lists, and the amount set apart.
    pub written_off_in_ledger: Vec<WrittenOffInLedger>,
}

/// One customer's written-off documents that the ledger still lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WrittenOffInLedger {
    /// Customer code.
    pub customer_id: String,
    /// Its name.
    pub name: String,
    /// The documents.
    pub documents: Vec<String>,
    /// The written-off part of them the ledger lists.
    pub amount: Money,
}

fn accumulate(row: &mut AgingRow, c: &CustomerAssessment, measure: Measure) {
    row.customers += 1;
    row.balance += c.balance;
    row.allowance += c.allowance;
    row.disputed += c.disputed;
    row.written_off_in_ledger += c.written_off_still_open;
    let values = match measure {
        Measure::Amounts => &c.buckets,
        Measure::Allowance => &c.allowance_buckets,
    };
    for ((_, slot), v) in row.buckets.0.iter_mut().zip(values) {
        *slot += *v;
    }
}

fn empty_row(key: String, labels: &[String]) -> AgingRow {
    AgingRow {
        key,
        name: None,
        customer_type: None,
        customers: 0,
        balance: Money::ZERO,
        allowance: Money::ZERO,
        disputed: Money::ZERO,
        written_off_in_ledger: Money::ZERO,
        buckets: Buckets(labels.iter().map(|l| (l.clone(), Money::ZERO)).collect()),
        method: None,
        specific: None,
    }
}

impl AgingReport {
    /// Builds the report from an assessment.
    pub fn build(assessment: &Assessment, measure: Measure, by: GroupBy) -> AgingReport {
        let labels = &assessment.bucket_labels;
        let mut total = empty_row("total".to_string(), labels);
        let rows = match by {
            GroupBy::Type => {
                let mut groups: BTreeMap<(usize, String), AgingRow> = BTreeMap::new();
                for c in &assessment.customers {
                    let (rank, name) = c.customer_type.rank();
                    let row = groups
                        .entry((rank, name.to_string()))
                        .or_insert_with(|| empty_row(name.to_string(), labels));
                    accumulate(row, c, measure);
                }
                groups.into_values().collect()
            }
            GroupBy::Customer => assessment
                .customers
                .iter()
                .map(|c| {
                    let mut row = empty_row(c.customer_id.clone(), labels);
                    accumulate(&mut row, c, measure);
                    row.name = Some(c.name.clone());
                    row.customer_type = Some(c.customer_type.to_string());
                    row.method = Some(c.method);
                    row.specific = c.specific.map(|s| match s {
                        SpecificBasis::Percent(p) => format_rate(p),
                        SpecificBasis::Amount(a) => a.to_string(),
                    });
                    row
                })
                .collect(),
        };
        for c in &assessment.customers {
            accumulate(&mut total, c, measure);
        }
        AgingReport {
            as_of: assessment.as_of,
            currency: assessment.currency.clone(),
            basis: assessment.basis.as_str().to_string(),
            measure: match measure {
                Measure::Amounts => "aging",
                Measure::Allowance => "allowance",
            },
            total,
            rows,
            written_off_in_ledger: assessment
                .customers
                .iter()
                .filter(|c| !c.written_off_still_open.is_zero())
                .map(|c| WrittenOffInLedger {
                    customer_id: c.customer_id.clone(),
                    name: c.name.clone(),
                    documents: c.written_off_documents.clone(),
                    amount: c.written_off_still_open,
                })
                .collect(),
        }
    }

    /// Writes the report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Json => serde_json::to_string_pretty(self).unwrap_or_default() + "\n",
            Format::Csv => self.to_csv(),
            Format::Table => self.to_table(),
        }
    }

    fn by_customer(&self) -> bool {
        self.rows.first().is_some_and(|r| r.name.is_some())
    }

    fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let by_customer = self.by_customer();
        let mut header = vec!["key".to_string()];
        if by_customer {
            header.extend(["name", "customer_type", "method", "specific"].map(String::from));
        }
        header.extend(self.total.buckets.0.iter().map(|(l, _)| l.clone()));
        header.extend(
            ["balance", "allowance", "disputed", "written_off_in_ledger"].map(String::from),
        );
        let _ = w.write_record(&header);
        for row in self.rows.iter().chain(std::iter::once(&self.total)) {
            let mut cells = vec![neutralise(&row.key).into_owned()];
            if by_customer {
                cells.push(neutralise(row.name.as_deref().unwrap_or("")).into_owned());
                cells.push(row.customer_type.clone().unwrap_or_default());
                cells.push(match row.method {
                    Some(AllowanceMethod::Matrix) => "matrix".into(),
                    Some(AllowanceMethod::Specific) => "specific".into(),
                    None => String::new(),
                });
                cells.push(row.specific.clone().unwrap_or_default());
            }
            cells.extend(row.buckets.0.iter().map(|(_, v)| v.to_string()));
            cells.extend(
                [
                    row.balance,
                    row.allowance,
                    row.disputed,
                    row.written_off_in_ledger,
                ]
                .map(|m| m.to_string()),
            );
            let _ = w.write_record(&cells);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    fn to_table(&self) -> String {
        let by_customer = self.by_customer();
        let what = if self.measure == "aging" {
            "Aging"
        } else {
            "Allowance by bucket"
        };
        let mut out = format!(
            "{what} as of {} — amounts in {}, aged by {}\n\n",
            self.as_of,
            self.currency,
            self.basis.replace('_', " ")
        );
        let mut headers = vec![(
            if by_customer { "Customer" } else { "Type" }.to_string(),
            Align::Left,
        )];
        if by_customer {
            headers.push(("Name".into(), Align::Left));
            headers.push(("Type".into(), Align::Left));
        }
        headers.extend(
            self.total
                .buckets
                .0
                .iter()
                .map(|(l, _)| (display_label(l), Align::Right)),
        );
        headers.push(("Balance".into(), Align::Right));
        headers.push(("Allowance".into(), Align::Right));
        headers.push(("Coverage".into(), Align::Right));
        if by_customer {
            headers.push(("Basis".into(), Align::Left));
        }
        let mut t = TextTable::new(headers);
        let style = NegativeStyle::Minus;
        let cells = |row: &AgingRow| {
            let mut cells = vec![row.key.clone()];
            if by_customer {
                cells.push(row.name.clone().unwrap_or_default());
                cells.push(row.customer_type.clone().unwrap_or_default());
            }
            cells.extend(row.buckets.0.iter().map(|(_, v)| v.grouped(style)));
            cells.push(row.balance.grouped(style));
            cells.push(row.allowance.grouped(style));
            cells.push(coverage(row.allowance, row.balance));
            if by_customer {
                cells.push(match (&row.method, &row.specific) {
                    (Some(AllowanceMethod::Specific), Some(s)) => format!("specific {s}"),
                    _ => "matrix".into(),
                });
            }
            cells
        };
        for row in &self.rows {
            t.row(cells(row));
        }
        t.rule();
        let mut total = cells(&self.total);
        total[0] = "Total".into();
        if by_customer {
            total[1] = format!("{} customers", self.total.customers);
            total.pop();
        }
        t.row(total);
        out.push_str(&t.render());
        if !self.written_off_in_ledger.is_empty() {
            out.push_str(&format!(
                "\nWritten off, still in the ledger: {} (in none of the figures above)\n",
                self.total.written_off_in_ledger.grouped(style)
            ));
            let mut t = TextTable::new(vec![
                ("Customer".into(), Align::Left),
                ("Name".into(), Align::Left),
                ("Documents".into(), Align::Left),
                ("Written off".into(), Align::Right),
            ]);
            for w in &self.written_off_in_ledger {
                t.row(vec![
                    w.customer_id.clone(),
                    w.name.clone(),
                    w.documents.join(", "),
                    w.amount.grouped(style),
                ]);
            }
            out.push_str(&t.render());
        }
        out
    }
}

/// Allowance as a share of a positive balance: `12.3%`, or blank.
pub fn coverage(allowance: Money, balance: Money) -> String {
    super::review::coverage(allowance, balance).map_or_else(String::new, format_percent)
}
