//! What an import found in the file, as `agebook import` prints it under the totals:
//! how it was read (encoding, delimiter or sheet, header row, date order, decimal
//! separator), which column feeds each field, and the rows it skipped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Format;
use super::export::{Cell, Sheet};
use super::table::{Align, TextTable};
use crate::book::BookSettings;
use crate::domain::money::NegativeStyle;
use crate::import::ImportOutcome;
use crate::import::fields::Field;
use crate::import::numbers::NumberStyle;
use crate::import::profile::ImportProfile;
use crate::import::reader::{DateReading, Layout, MappedBy};
use crate::import::text::delimiter_name;
use crate::import::{SkipReason, SkippedRow};

/// How many skipped rows are listed one by one before the rest are counted.
const SKIPPED_SHOWN: usize = 10;

/// The lines `import` prints about how it read the file (each ends in a newline).
pub fn import_details(outcome: &ImportOutcome) -> String {
    let mut out = String::new();
    if let Some(layout) = &outcome.layout {
        out.push_str(&read_line(layout));
        out.push_str(&columns_line(layout));
    }
    out.push_str(&skipped_lines(&outcome.skipped));
    if let Some((line, total)) = outcome.file_total {
        let _ = writeln!(
            out,
            "The file's own total on line {line}, {}, equals the imported total.",
            total.grouped(NegativeStyle::Minus)
        );
    }
    out
}

/// `Read as GBK (detected), semicolon-delimited, header on line 5; dates day-first
/// (line 9 holds 31/12/2016); amounts with a decimal comma.`
fn read_line(layout: &Layout) -> String {
    let source = &layout.source;
    let mut parts = Vec::new();
    if let Some(sheet) = &source.sheet {
        parts.push(format!("sheet '{sheet}'"));
    }
    if let Some(encoding) = &source.encoding {
        let how = if source.encoding_detected {
            "detected"
        } else {
            "given"
        };
        parts.push(format!("{encoding} ({how})"));
    }
    if let Some(d) = source.delimiter {
        parts.push(format!("{}-delimited", delimiter_name(d)));
    }
    let header = if layout.header_rows > 1 {
        format!(
            "header on lines {}-{}",
            layout.header_line,
            layout.header_line + layout.header_rows as u64 - 1
        )
    } else {
        format!("header on line {}", layout.header_line)
    };
    parts.push(header);
    let dates = match &layout.dates {
        DateReading::NotNeeded => None,
        DateReading::Settled { order, line, text } => Some(format!(
            "dates {} (line {line} holds {text})",
            order.as_str()
        )),
        DateReading::Given(order) => Some(format!("dates {} (as given)", order.as_str())),
        DateReading::BookSetting(order) => Some(format!(
            "dates {} (every date reads both ways: the book's setting)",
            order.as_str()
        )),
    };
    let amounts = match layout.numbers.style {
        NumberStyle::DecimalPoint => "amounts with a decimal point",
        NumberStyle::DecimalComma => "amounts with a decimal comma",
    };
    let mut line = format!("Read as {}", parts.join(", "));
    if let Some(dates) = dates {
        let _ = write!(line, "; {dates}");
    }
    let _ = writeln!(line, "; {amounts}.");
    line
}

/// `Columns: customer_id 'Konto', document_no 'Belegnummer' (--map), customer_name
/// from customer_id; not used: 'Status', 'BA'.`
fn columns_line(layout: &Layout) -> String {
    let name = |c: usize| layout.columns.get(c).map_or("", String::as_str);
    let mut mapped = Vec::new();
    for field in Field::ALL {
        let Some((column, by)) = layout.fields.get(field.index()).copied().flatten() else {
            continue;
        };
        mapped.push(match by {
            MappedBy::Dictionary => format!("{} '{}'", field.name(), name(column)),
            MappedBy::User => format!("{} '{}' (--map)", field.name(), name(column)),
            MappedBy::StandIn(other) => format!("{} from {}", field.name(), other.name()),
        });
    }
    let mut line = format!("Columns: {}", mapped.join(", "));
    let unused: Vec<String> = layout
        .unused_columns()
        .into_iter()
        .map(|c| format!("'{}'", name(c)))
        .filter(|n| n != "''")
        .collect();
    if !unused.is_empty() {
        let _ = write!(line, "; not used: {}", unused.join(", "));
    }
    line.push_str(".\n");
    line
}

/// `Skipped 5 rows that are not documents: 2 group rows, 2 subtotals, 1 file total.`
/// and the first of them, each with its line.
fn skipped_lines(skipped: &[SkippedRow]) -> String {
    let documents: Vec<&SkippedRow> = skipped
        .iter()
        .filter(|s| s.reason != SkipReason::AboveHeader)
        .collect();
    if documents.is_empty() {
        return String::new();
    }
    let mut counts: BTreeMap<u8, (usize, &str)> = BTreeMap::new();
    for s in &documents {
        let (order, name) = match s.reason {
            SkipReason::AboveHeader => continue,
            SkipReason::Group => (0, "group row"),
            SkipReason::Subtotal => (1, "subtotal"),
            SkipReason::GrandTotal => (2, "file total"),
            SkipReason::UnlabelledTotal => (3, "total without a label"),
        };
        counts.entry(order).or_insert((0, name)).0 += 1;
    }
    let list: Vec<String> = counts
        .values()
        .map(|(n, name)| {
            let plural = if *n == 1 { "" } else { "s" };
            format!("{n} {name}{plural}")
        })
        .collect();
    let mut out = format!(
        "Skipped {} row{} that are not documents: {}.\n",
        documents.len(),
        if documents.len() == 1 { "" } else { "s" },
        list.join(", ")
    );
    for s in documents.iter().take(SKIPPED_SHOWN) {
        let _ = writeln!(out, "  line {}: {} ({})", s.line, s.text, s.reason);
    }
    if documents.len() > SKIPPED_SHOWN {
        let _ = writeln!(out, "  ... and {} more", documents.len() - SKIPPED_SHOWN);
    }
    out
}

/// The book's settings as `settings` prints them.
pub fn settings_output(settings: &BookSettings, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(settings).unwrap_or_default() + "\n",
        Format::Csv => Sheet {
            title: "settings".into(),
            headers: vec!["setting".into(), "value".into()],
            rows: settings_rows(settings)
                .into_iter()
                .map(|(k, v)| vec![Cell::Text(k.into()), Cell::Text(v)])
                .collect(),
        }
        .to_csv(),
        Format::Table => {
            let mut table = TextTable::new(vec![
                ("setting".into(), Align::Left),
                ("value".into(), Align::Left),
            ]);
            for (k, v) in settings_rows(settings) {
                table.row(vec![k.to_string(), v]);
            }
            table.render()
        }
    }
}

fn settings_rows(settings: &BookSettings) -> Vec<(&'static str, String)> {
    vec![
        ("currency", settings.currency.clone()),
        (
            "minor_digits",
            crate::domain::currency::minor_digits(&settings.currency).to_string(),
        ),
        (
            "default_terms_days",
            settings.default_terms_days.to_string(),
        ),
        ("date_order", settings.date_order.as_str().to_string()),
    ]
}

/// The saved import profiles as `profiles` prints them.
pub fn profiles_output(profiles: &[(String, ImportProfile)], format: Format) -> String {
    match format {
        Format::Json => {
            let rows: Vec<serde_json::Value> = profiles
                .iter()
                .map(|(name, p)| serde_json::json!({ "name": name, "profile": p }))
                .collect();
            serde_json::to_string_pretty(&serde_json::json!({ "rows": rows })).unwrap_or_default()
                + "\n"
        }
        Format::Csv => Sheet {
            title: "profiles".into(),
            headers: vec!["name".into(), "profile".into()],
            rows: profiles
                .iter()
                .map(|(name, p)| vec![Cell::Text(name.clone()), Cell::Text(describe(p))])
                .collect(),
        }
        .to_csv(),
        Format::Table => {
            if profiles.is_empty() {
                return "No import profiles yet: save one with import --save-profile NAME.\n"
                    .to_string();
            }
            let mut table = TextTable::new(vec![
                ("name".into(), Align::Left),
                ("profile".into(), Align::Left),
            ]);
            for (name, p) in profiles {
                table.row(vec![name.clone(), describe(p)]);
            }
            table.render()
        }
    }
}

/// A profile in one line: `customer_id=Konto, open_amount=Betrag; encoding gbk`.
fn describe(profile: &ImportProfile) -> String {
    let mut parts: Vec<String> = profile
        .map
        .iter()
        .map(|(f, c)| format!("{f}={c}"))
        .collect();
    let mut overrides = Vec::new();
    for (name, value) in [
        ("encoding", &profile.encoding),
        ("delimiter", &profile.delimiter),
        ("date format", &profile.date_format),
        ("sheet", &profile.sheet),
    ] {
        if let Some(v) = value {
            overrides.push(format!("{name} {v}"));
        }
    }
    if !overrides.is_empty() {
        parts.push(overrides.join(", "));
    }
    parts.join("; ")
}
