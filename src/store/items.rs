//! Open items as the book keeps them: a snapshot's items one row a customer in
//! `item_blocks`, the customer's documents a JSON array in document-number order, each
//! `[document_no, document_date, due_date, currency, disputed, amount_minor, open_minor,
//! line]` (dates `YYYY-MM-DD`, money in integer minor units, `disputed` 0 or 1).
//!
//! A row an item made an import of a million items a million keyed inserts, more work
//! for SQLite than reading and checking the whole file; a row a customer is a few
//! thousand. Every reader of items wants them a customer at a time anyway (aging,
//! the pair walk of two snapshots, a customer's documents). The view `open_items` lists
//! them a row an item in the columns of the table they replaced (schema 1–9), so any
//! SQL tool reads the book as before.
//!
//! A block is written whole and read whole. Reading checks what every walk relies on:
//! its documents in strictly ascending order, each listed once.

use std::borrow::Cow;

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde::de::{Error as _, IgnoredAny};
use serde::{Deserialize, Serialize};

use super::{DateText, StoreError, parse_stored_date};
use crate::domain::allowance::OpenItem;
use crate::domain::money::Money;

/// One open item as stored in a customer's block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item<'a> {
    /// Document number.
    pub document_no: Cow<'a, str>,
    /// Document date.
    pub document_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// Currency code.
    pub currency: Cow<'a, str>,
    /// In dispute.
    pub disputed: bool,
    /// Original amount, when the ledger gives it.
    pub amount: Option<Money>,
    /// Outstanding amount.
    pub open: Money,
    /// Line in the source file.
    pub line: u64,
}

impl Item<'_> {
    /// The item as the domain ages it.
    pub(crate) fn to_open_item(&self) -> OpenItem {
        OpenItem {
            document_no: self.document_no.to_string(),
            document_date: self.document_date,
            due_date: self.due_date,
            disputed: self.disputed,
            amount: self.amount,
            open_amount: self.open,
        }
    }

    /// The item owning its texts (so it lives as long as any other).
    pub(crate) fn into_owned<'b>(self) -> Item<'b> {
        Item {
            document_no: Cow::Owned(self.document_no.into_owned()),
            currency: Cow::Owned(self.currency.into_owned()),
            ..self
        }
    }
}

/// A date as the array holds it.
struct Date(NaiveDate);

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = DateText::new(self.0);
        match text.exact() {
            Some(t) => s.serialize_str(t),
            None => s.serialize_str(&super::date_text(self.0)),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text: Cow<'de, str> = Cow::deserialize(d)?;
        parse_stored_date(&text)
            .map(Date)
            .map_err(|_| D::Error::custom(format!("'{text}' is not a date")))
    }
}

impl Serialize for Item<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeTuple;
        let mut t = s.serialize_tuple(8)?;
        t.serialize_element(&*self.document_no)?;
        t.serialize_element(&Date(self.document_date))?;
        t.serialize_element(&Date(self.due_date))?;
        t.serialize_element(&*self.currency)?;
        t.serialize_element(&u8::from(self.disputed))?;
        t.serialize_element(&self.amount.map(Money::to_minor))?;
        t.serialize_element(&self.open.to_minor())?;
        t.serialize_element(&self.line)?;
        t.end()
    }
}

/// The array as stored, element by element.
#[derive(Deserialize)]
struct Stored<'a>(
    #[serde(borrow)] Cow<'a, str>,
    Date,
    Date,
    #[serde(borrow)] Cow<'a, str>,
    u8,
    Option<i64>,
    i64,
    u64,
);

impl<'de: 'a, 'a> Deserialize<'de> for Item<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Stored(document_no, document_date, due_date, currency, disputed, amount, open, line) =
            Stored::deserialize(d)?;
        if disputed > 1 {
            return Err(D::Error::custom(format!("disputed is {disputed}")));
        }
        Ok(Item {
            document_no,
            document_date: document_date.0,
            due_date: due_date.0,
            currency,
            disputed: disputed == 1,
            amount: amount.map(Money::from_minor),
            open: Money::from_minor(open),
            line,
        })
    }
}

/// `items` as a block's JSON (a block holds them in document order).
pub(super) fn encode(items: &[Item<'_>]) -> String {
    // Every element serialises: texts, integers and dates.
    serde_json::to_string(items).unwrap_or_default()
}

/// A block's text read as a list of `T` (an item whole, or what a walk reads of it).
fn parse<'a, T: Deserialize<'a>>(customer: &str, text: &'a str) -> Result<Vec<T>, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
        what: BLOCK,
        value: format!("of customer {customer}: {}", not_items(&e)),
    })
}

/// Why a block's text does not read as items, in words (serde's own message names the
/// program's types).
fn not_items(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let why = match e.classify() {
        Category::Syntax => "its text is not JSON",
        Category::Eof => "its text ends too soon",
        Category::Data | Category::Io => "its JSON is not a list of open items",
    };
    format!("{why} (at column {})", e.column())
}

/// `items`, refused unless in strictly ascending order of their `document` numbers:
/// what every walk of a block relies on.
fn in_order<T>(
    customer: &str,
    items: Vec<T>,
    document: fn(&T) -> &str,
) -> Result<Vec<T>, StoreError> {
    match items
        .windows(2)
        .find(|w| document(&w[0]) >= document(&w[1]))
    {
        Some(pair) => Err(StoreError::Corrupt {
            what: BLOCK,
            value: format!(
                "of customer {customer}: document {} listed after {}",
                document(&pair[1]),
                document(&pair[0])
            ),
        }),
        None => Ok(items),
    }
}

/// The items of a chunk of a block (in the order written).
pub(super) fn decode_unordered<'a>(
    customer: &str,
    text: &'a str,
) -> Result<Vec<Item<'a>>, StoreError> {
    parse(customer, text)
}

/// A block's items, checked to be in strictly ascending document order.
pub(super) fn decode<'a>(customer: &str, text: &'a str) -> Result<Vec<Item<'a>>, StoreError> {
    in_order(customer, parse(customer, text)?, |i| &i.document_no)
}

/// What the pair walk of two snapshots reads of an item: its document number, its
/// date as text (parsed only when the walk asks for it), original and open amounts in
/// minor units. The rest of the array is skipped, not read.
#[derive(Debug, Deserialize)]
pub(super) struct Walked<'a>(
    #[serde(borrow)] pub Cow<'a, str>,
    #[serde(borrow)] pub Cow<'a, str>,
    IgnoredAny,
    IgnoredAny,
    IgnoredAny,
    pub Option<i64>,
    pub i64,
    IgnoredAny,
);

/// A block's items as the pair walk reads them, checked to be in strictly ascending
/// document order.
pub(super) fn decode_walked<'a>(
    customer: &str,
    text: &'a str,
) -> Result<Vec<Walked<'a>>, StoreError> {
    in_order(customer, parse(customer, text)?, |w| &w.0)
}

/// Splits a walk's outcome for a check: an unreadable block (a finding about its
/// snapshot) apart from every other error (which stops the check).
pub(super) fn unreadable(
    read: Result<(), StoreError>,
) -> Result<Result<(), StoreError>, StoreError> {
    match read {
        Err(e @ StoreError::Corrupt { what: BLOCK, .. }) => Ok(Err(e)),
        Err(e) => Err(e),
        Ok(()) => Ok(Ok(())),
    }
}

/// What a block that cannot be read is called in an error.
const BLOCK: &str = "block of open items";

/// The blocks of one snapshot in customer order, read one at a time into buffers of
/// their own, so two walks can go side by side (the pair walk of two snapshots).
pub(super) struct Blocks<'s> {
    rows: rusqlite::Rows<'s>,
    /// The current block's customer and text (empty before the first and after the
    /// last).
    pub customer: String,
    pub text: String,
}

/// The statement [`Blocks`] runs.
pub(super) const BLOCKS_OF_SNAPSHOT: &str =
    "SELECT customer_id, items FROM item_blocks WHERE snapshot_id = ?1 ORDER BY customer_id";

impl<'s> Blocks<'s> {
    /// The blocks of `snapshot_id` (none for `None`), from a statement prepared from
    /// [`BLOCKS_OF_SNAPSHOT`].
    pub(super) fn new(
        stmt: &'s mut rusqlite::Statement<'_>,
        snapshot_id: Option<i64>,
    ) -> Result<Blocks<'s>, StoreError> {
        Ok(Blocks {
            rows: stmt.query([snapshot_id.unwrap_or(-1)])?,
            customer: String::new(),
            text: String::new(),
        })
    }

    /// Moves to the next block; false after the last.
    pub(super) fn advance(&mut self) -> Result<bool, StoreError> {
        self.customer.clear();
        self.text.clear();
        let Some(r) = self.rows.next()? else {
            return Ok(false);
        };
        let text = |i| r.get_ref(i)?.as_str().map_err(rusqlite::Error::from);
        self.customer.push_str(text(0)?);
        self.text.push_str(text(1)?);
        Ok(true)
    }

    /// The current block's items, as the pair walk reads them.
    pub(super) fn walked(&self) -> Result<Vec<Walked<'_>>, StoreError> {
        decode_walked(&self.customer, &self.text)
    }
}

/// What [`for_each_block`] calls with each customer and its items.
pub(super) type BlockFn<'f> = dyn FnMut(&str, &[Item<'_>]) -> Result<(), StoreError> + 'f;

/// Calls `each(customer, items)` for every customer of a snapshot in customer order,
/// its items in document order: one customer's items in memory at a time.
pub(super) fn for_each_block(
    conn: &Connection,
    snapshot_id: i64,
    each: &mut BlockFn<'_>,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare_cached(BLOCKS_OF_SNAPSHOT)?;
    let mut rows = stmt.query([snapshot_id])?;
    while let Some(r) = rows.next()? {
        let text = |i| r.get_ref(i)?.as_str().map_err(rusqlite::Error::from);
        let customer = text(0)?;
        each(customer, &decode(customer, text(1)?)?)?;
    }
    Ok(())
}

/// One customer's items in one snapshot, in document order (none when the snapshot
/// does not list the customer).
pub(super) fn block(
    conn: &Connection,
    snapshot_id: i64,
    customer_id: &str,
) -> Result<Vec<Item<'static>>, StoreError> {
    let Some(text) = block_text(conn, snapshot_id, customer_id)? else {
        return Ok(Vec::new());
    };
    Ok(decode(customer_id, &text)?
        .into_iter()
        .map(Item::into_owned)
        .collect())
}

/// One customer's block in one snapshot, as stored (none when the snapshot does not
/// list the customer).
pub(super) fn block_text(
    conn: &Connection,
    snapshot_id: i64,
    customer_id: &str,
) -> Result<Option<String>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT items FROM item_blocks WHERE snapshot_id = ?1 AND customer_id = ?2",
    )?;
    let mut rows = stmt.query(params![snapshot_id, customer_id])?;
    let Some(r) = rows.next()? else {
        return Ok(None);
    };
    Ok(Some(r.get(0)?))
}

/// Calls `each(customer, items)` for every customer of a snapshot, as the domain ages
/// them (see [`for_each_block`]).
pub(super) fn for_each_customer_items(
    conn: &Connection,
    snapshot_id: i64,
    each: &mut dyn FnMut(&str, &[OpenItem]),
) -> Result<(), StoreError> {
    let mut items = Vec::new();
    for_each_block(conn, snapshot_id, &mut |customer, block| {
        items.clear();
        items.extend(block.iter().map(Item::to_open_item));
        each(customer, &items);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use super::*;

    fn item(no: &str, open: i64) -> Item<'static> {
        Item {
            document_no: Cow::Owned(no.to_string()),
            document_date: NaiveDate::from_ymd_opt(2024, 1, 31).unwrap(),
            due_date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            currency: Cow::Borrowed("CNY"),
            disputed: open < 0,
            amount: (open > 0).then(|| Money::from_minor(open * 2)),
            open: Money::from_minor(open),
            line: 7,
        }
    }

    #[test]
    fn a_block_reads_back_as_written_quotes_and_all() {
        let items = vec![
            item("INV \"1\"", 12_345),
            item("INV\\2", -99_999_999_999_999),
            item("发票3", 1),
        ];
        let text = encode(&items);
        assert_eq!(
            text,
            r#"[["INV \"1\"","2024-01-31","2024-03-01","CNY",0,24690,12345,7],["INV\\2","2024-01-31","2024-03-01","CNY",1,null,-99999999999999,7],["发票3","2024-01-31","2024-03-01","CNY",0,2,1,7]]"#
        );
        assert_eq!(decode("C1", &text).unwrap(), items);
    }

    #[test]
    fn a_block_out_of_order_or_malformed_is_refused_by_customer() {
        let text = encode(&[item("B", 1), item("A", 2)]);
        let e = decode("C9", &text).unwrap_err().to_string();
        assert!(
            e.contains("C9") && e.contains("document A listed after B"),
            "{e}"
        );
        let text = encode(&[item("A", 1), item("A", 2)]);
        assert!(decode("C9", &text).is_err());
        let e = decode("C9", r#"["A"]"#).unwrap_err().to_string();
        assert!(
            e.contains("of customer C9: its JSON is not a list of open items (at column 4)"),
            "{e}"
        );
        let e = decode_walked("C9", r#"[["A","#).unwrap_err().to_string();
        assert!(e.contains("of customer C9: its text ends too soon"), "{e}");
        for bad in [
            r#"[["A","2024-02-30","2024-03-01","CNY",0,null,1,1]]"#,
            r#"[["A","2024-01-31","2024-03-01","CNY",2,null,1,1]]"#,
            r#"[["A","2024-01-31","2024-03-01","CNY",0,null,1.5,1]]"#,
            r#"[["A","2024-01-31"]]"#,
        ] {
            assert!(decode("C9", bad).is_err(), "{bad}");
        }
    }
}
