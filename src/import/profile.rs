//! How to read one ERP's export when detection is not enough: which column feeds which
//! field (`--map`), and the encoding, delimiter, date order and sheet. A user saves
//! these under a name (`--save-profile`) and reuses them (`--profile`); the book keeps
//! profiles as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::dates::DateOrder;
use super::fields::Field;

/// Overrides of what the importer detects, as a user gives them or a profile keeps
/// them. Every part is optional: what is not given is detected from the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProfile {
    /// Field (canonical name) to column (its header as written, or `#3` for the third
    /// column). One column may feed two fields.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub map: BTreeMap<String, String>,
    /// Encoding label (`utf-8`, `gbk`, `gb18030`, `utf-16le`, `windows-1252`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Delimiter: `,` `;` `|`, `tab`, or its name (`comma`, `semicolon`, `pipe`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// Date order for dates that read both ways: `DMY` or `MDY` (also `DD/MM/YYYY`,
    /// `MM/DD/YYYY`, `day-first`, `month-first`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// The sheet of a workbook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
}

/// A part of a profile that the importer cannot use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    /// `--map` names a field that does not exist.
    #[error("'{0}' is not a field; the fields are {list}", list = field_list())]
    UnknownField(String),
    /// `--map` without `=`.
    #[error("'{0}' is not FIELD=COLUMN (for example open_amount=\"Balance Due\")")]
    BadMapping(String),
    /// An encoding label encoding_rs does not know.
    #[error(
        "'{0}' is not an encoding this importer knows (try utf-8, gbk, gb18030, utf-16le, windows-1252)"
    )]
    UnknownEncoding(String),
    /// A delimiter that is not one character.
    #[error("'{0}' is not a delimiter (give , ; | or tab)")]
    BadDelimiter(String),
    /// A date format that is not one of the orders.
    #[error("'{0}' is not a date format (give DMY for 31/12/2016 or MDY for 12/31/2016)")]
    BadDateFormat(String),
    /// A profile name that is blank or too long.
    #[error("'{0}' is not a profile name (1 to 60 characters, not blank)")]
    BadName(String),
}

fn field_list() -> String {
    Field::ALL
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a mapped field's values come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnRef {
    /// The column with this header (compared as the dictionary compares names).
    Named(String),
    /// The column at this 1-based position.
    Position(usize),
}

impl ColumnRef {
    /// `#3` is the third column; anything else is a header name.
    pub fn parse(text: &str) -> ColumnRef {
        let t = text.trim();
        match t.strip_prefix('#').map(str::parse::<usize>) {
            Some(Ok(n)) if n > 0 => ColumnRef::Position(n),
            _ => ColumnRef::Named(t.to_string()),
        }
    }
}

/// A profile checked and typed, as the reader takes it.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Fields fed by a chosen column, in [`Field::ALL`] order.
    pub map: Vec<(Field, ColumnRef)>,
    /// The encoding; detected when `None`.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The delimiter byte; detected when `None`.
    pub delimiter: Option<u8>,
    /// The order for dates that read both ways; from the values, else the book's
    /// setting, when `None`.
    pub date_order: Option<DateOrder>,
    /// The sheet of a workbook; the first when `None`.
    pub sheet: Option<String>,
}

impl ImportProfile {
    /// Adds `FIELD=COLUMN` pairs (as `--map` gives them), replacing a field's earlier
    /// column.
    pub fn add_mappings<'a>(
        &mut self,
        pairs: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), ProfileError> {
        for pair in pairs {
            let (field, column) = pair
                .split_once('=')
                .ok_or_else(|| ProfileError::BadMapping(pair.to_string()))?;
            let field =
                Field::from_name(field).ok_or_else(|| ProfileError::UnknownField(field.into()))?;
            if column.trim().is_empty() {
                return Err(ProfileError::BadMapping(pair.to_string()));
            }
            self.map
                .insert(field.name().to_string(), column.trim().to_string());
        }
        Ok(())
    }

    /// This profile with `other`'s parts where `other` gives them (the command line over
    /// a saved profile).
    pub fn overridden_by(&self, other: &ImportProfile) -> ImportProfile {
        let mut map = self.map.clone();
        map.extend(other.map.clone());
        ImportProfile {
            map,
            encoding: other.encoding.clone().or_else(|| self.encoding.clone()),
            delimiter: other.delimiter.clone().or_else(|| self.delimiter.clone()),
            date_format: other
                .date_format
                .clone()
                .or_else(|| self.date_format.clone()),
            sheet: other.sheet.clone().or_else(|| self.sheet.clone()),
        }
    }

    /// True when it overrides nothing.
    pub fn is_empty(&self) -> bool {
        *self == ImportProfile::default()
    }

    /// Checks every part and types it.
    pub fn to_options(&self) -> Result<ReadOptions, ProfileError> {
        let mut map = Vec::new();
        for (field, column) in &self.map {
            let field =
                Field::from_name(field).ok_or_else(|| ProfileError::UnknownField(field.clone()))?;
            map.push((field, ColumnRef::parse(column)));
        }
        map.sort_by_key(|(f, _)| *f);
        Ok(ReadOptions {
            map,
            encoding: self.encoding.as_deref().map(parse_encoding).transpose()?,
            delimiter: self.delimiter.as_deref().map(parse_delimiter).transpose()?,
            date_order: self
                .date_format
                .as_deref()
                .map(parse_date_format)
                .transpose()?,
            sheet: self.sheet.clone(),
        })
    }
}

/// Checks a profile name: trimmed, 1 to 60 characters.
pub fn check_name(name: &str) -> Result<String, ProfileError> {
    let t = name.trim();
    if t.is_empty() || t.chars().count() > 60 || t.chars().any(char::is_control) {
        return Err(ProfileError::BadName(name.to_string()));
    }
    Ok(t.to_string())
}

/// An encoding by its WHATWG label (`gbk`, `utf-16le`, `latin1`, ...).
pub fn parse_encoding(label: &str) -> Result<&'static encoding_rs::Encoding, ProfileError> {
    let l = label.trim();
    let l = if l.eq_ignore_ascii_case("utf-16") || l.eq_ignore_ascii_case("unicode") {
        "utf-16le"
    } else {
        l
    };
    encoding_rs::Encoding::for_label(l.as_bytes())
        .ok_or_else(|| ProfileError::UnknownEncoding(label.to_string()))
}

/// A delimiter by character or name.
pub fn parse_delimiter(text: &str) -> Result<u8, ProfileError> {
    match text.to_ascii_lowercase().as_str() {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "comma" => Ok(b','),
        "semicolon" => Ok(b';'),
        "pipe" => Ok(b'|'),
        t if t.len() == 1 && t.is_ascii() && !t.as_bytes()[0].is_ascii_alphanumeric() => {
            Ok(t.as_bytes()[0])
        }
        _ => Err(ProfileError::BadDelimiter(text.to_string())),
    }
}

/// A date order by any of its spellings.
pub fn parse_date_format(text: &str) -> Result<DateOrder, ProfileError> {
    let key: String = text
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    match key.as_str() {
        "dmy" | "ddmmyyyy" | "ddmmyy" | "dayfirst" | "day" => Ok(DateOrder::DayFirst),
        "mdy" | "mmddyyyy" | "mmddyy" | "monthfirst" | "month" => Ok(DateOrder::MonthFirst),
        _ => Err(ProfileError::BadDateFormat(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_and_overrides_are_checked_and_typed() {
        let mut profile = ImportProfile::default();
        profile
            .add_mappings([
                "open_amount=Balance Due",
                "customer_name=#1",
                "Customer ID = Kunde",
            ])
            .unwrap();
        profile.encoding = Some("GBK".into());
        profile.delimiter = Some("tab".into());
        profile.date_format = Some("DD/MM/YYYY".into());
        let options = profile.to_options().unwrap();
        assert_eq!(
            options.map,
            vec![
                (Field::CustomerId, ColumnRef::Named("Kunde".into())),
                (Field::CustomerName, ColumnRef::Position(1)),
                (Field::OpenAmount, ColumnRef::Named("Balance Due".into())),
            ]
        );
        assert_eq!(options.encoding, Some(encoding_rs::GBK));
        assert_eq!(options.delimiter, Some(b'\t'));
        assert_eq!(options.date_order, Some(DateOrder::DayFirst));
        assert_eq!(
            profile.add_mappings(["balance=Open"]),
            Err(ProfileError::UnknownField("balance".into()))
        );
        assert_eq!(
            profile.add_mappings(["open_amount"]),
            Err(ProfileError::BadMapping("open_amount".into()))
        );
        assert_eq!(parse_date_format("MM/DD/YYYY"), Ok(DateOrder::MonthFirst));
        assert!(parse_date_format("YYYY").is_err());
        assert_eq!(parse_encoding("utf-16"), Ok(encoding_rs::UTF_16LE));
        assert!(parse_encoding("klingon").is_err());
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert!(parse_delimiter("ab").is_err());
    }

    #[test]
    fn the_command_line_overrides_a_saved_profile_part_by_part() {
        let mut saved = ImportProfile {
            encoding: Some("gbk".into()),
            date_format: Some("DMY".into()),
            ..ImportProfile::default()
        };
        saved
            .add_mappings(["open_amount=余额", "document_no=凭证字号"])
            .unwrap();
        let mut given = ImportProfile {
            date_format: Some("MDY".into()),
            ..ImportProfile::default()
        };
        given.add_mappings(["open_amount=未核销金额"]).unwrap();
        let both = saved.overridden_by(&given);
        assert_eq!(both.encoding.as_deref(), Some("gbk"));
        assert_eq!(both.date_format.as_deref(), Some("MDY"));
        assert_eq!(both.map["open_amount"], "未核销金额");
        assert_eq!(both.map["document_no"], "凭证字号");
        let json = serde_json::to_string(&both).unwrap();
        assert_eq!(serde_json::from_str::<ImportProfile>(&json).unwrap(), both);
    }
}
