//! Rows on their way from the thread that reads a ledger to the one that writes it.
//!
//! An import reads and checks its file on one thread while the book is written on the
//! calling one: parsing is about half the work and SQLite the other half, so on two
//! cores each hides the other. Rows cross in batches of [`Batch::ROWS`], their text in
//! one buffer per batch rather than four strings a row, and at most a few batches are
//! in flight, so memory stays flat whatever the file's size.

use std::ops::Range;

use chrono::NaiveDate;

use super::Progress;
use super::reader::LedgerRow;
use crate::domain::customer_type::CustomerType;
use crate::domain::money::Money;

/// Rows read, owned: a [`LedgerRow`] with its text moved into the batch's buffer.
#[derive(Debug, Default)]
pub(super) struct Batch {
    text: String,
    rows: Vec<Row>,
    /// The customer types the rows name, each once.
    types: Vec<CustomerType>,
    /// How far the reading had got at the batch's last row.
    pub(super) read: Option<Progress>,
}

#[derive(Debug)]
struct Row {
    customer_id: Range<usize>,
    customer_name: Range<usize>,
    document_no: Range<usize>,
    currency: Range<usize>,
    /// Index into the batch's `types`.
    customer_type: Option<usize>,
    document_date: NaiveDate,
    due_date: NaiveDate,
    disputed: bool,
    amount: Option<Money>,
    open_amount: Money,
    line: u64,
}

impl Batch {
    /// Rows a batch holds before it is sent.
    pub(super) const ROWS: usize = 4096;

    /// An empty batch with room for [`Batch::ROWS`] rows.
    pub(super) fn new() -> Batch {
        Batch {
            text: String::with_capacity(Batch::ROWS * 64),
            rows: Vec::with_capacity(Batch::ROWS),
            types: Vec::new(),
            read: None,
        }
    }

    /// Number of rows held.
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Copies `row` in, read as far as `read`.
    pub(super) fn push(&mut self, row: &LedgerRow<'_>, read: Progress) {
        let mut put = |s: &str| {
            let start = self.text.len();
            self.text.push_str(s);
            start..self.text.len()
        };
        let customer_id = put(row.customer_id);
        let customer_name = put(row.customer_name);
        let document_no = put(row.document_no);
        let currency = put(row.currency);
        let customer_type = row.customer_type.map(|t| {
            self.types
                .iter()
                .position(|known| known == t)
                .unwrap_or_else(|| {
                    self.types.push(t.clone());
                    self.types.len() - 1
                })
        });
        self.rows.push(Row {
            customer_id,
            customer_name,
            document_no,
            currency,
            customer_type,
            document_date: row.document_date,
            due_date: row.due_date,
            disputed: row.disputed,
            amount: row.amount,
            open_amount: row.open_amount,
            line: row.line,
        });
        self.read = Some(read);
    }

    /// Calls `each` with every row in the order they were pushed, stopping at the first
    /// error, and leaves the batch empty for reuse (its buffers kept).
    pub(super) fn drain<E>(
        &mut self,
        mut each: impl FnMut(&LedgerRow<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        let Batch {
            text,
            rows,
            types,
            read,
        } = self;
        *read = None;
        let mut result = Ok(());
        for r in rows.drain(..) {
            result = each(&LedgerRow {
                customer_id: &text[r.customer_id],
                customer_name: &text[r.customer_name],
                customer_type: r.customer_type.and_then(|i| types.get(i)),
                document_no: &text[r.document_no],
                document_date: r.document_date,
                due_date: r.due_date,
                currency: &text[r.currency],
                disputed: r.disputed,
                amount: r.amount,
                open_amount: r.open_amount,
                line: r.line,
            });
            if result.is_err() {
                break;
            }
        }
        rows.clear();
        text.clear();
        types.clear();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_gives_back_each_row_as_it_was_pushed() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let other = CustomerType::other();
        let rows = [
            LedgerRow {
                customer_id: "C1",
                customer_name: "厦门汇通",
                customer_type: Some(&other),
                document_no: "INV-1",
                document_date: d("2017-01-05"),
                due_date: d("2017-02-04"),
                currency: "CNY",
                disputed: true,
                amount: Some(Money::from_minor(12_345)),
                open_amount: Money::from_minor(-45),
                line: 2,
            },
            LedgerRow {
                customer_id: "",
                customer_name: "B",
                customer_type: None,
                document_no: "9",
                document_date: d("2016-12-31"),
                due_date: d("2016-12-31"),
                currency: "USD",
                disputed: false,
                amount: None,
                open_amount: Money::from_minor(1),
                line: 40,
            },
        ];
        let mut batch = Batch::new();
        for (i, row) in rows.iter().enumerate() {
            batch.push(
                row,
                Progress {
                    bytes: 10 * i as u64,
                    rows: i as u64 + 1,
                },
            );
        }
        assert_eq!(batch.len(), 2);
        assert_eq!(batch.read, Some(Progress { bytes: 10, rows: 2 }));
        let mut back = Vec::new();
        batch
            .drain(|row| {
                back.push(format!("{row:?}"));
                Ok::<(), ()>(())
            })
            .unwrap();
        let want: Vec<String> = rows.iter().map(|r| format!("{r:?}")).collect();
        assert_eq!(back, want);
        assert_eq!((batch.len(), batch.read), (0, None));
    }
}
