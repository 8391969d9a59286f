//! The customers a ledger's rows name, each as its first row named it: its id, name
//! and type text, one after the other in one buffer.
//!
//! A ledger sorted by date names a different customer on almost every row, and each
//! row's customer, name and type must be checked against what the book and the file's
//! earlier rows said. Looked up in the book's customers, that is a hash probe and four
//! or five strings a row, each in an allocation of its own, scattered over the heap:
//! misses in the cache on every row, a tenth of an import's CPU by date. A row that
//! repeats its customer's first row is found by one probe and one comparison of
//! adjacent bytes; only a row that says something new (a customer's first row, another
//! name, another type) goes the long way ([`super::SnapshotWriter::customer`]).

use std::hash::BuildHasher;

use super::StoreError;
use crate::domain::customer_type::CustomerType;

/// A customer's first row in the ledger (see the module's documentation).
#[derive(Default)]
pub(super) struct RowCustomers {
    /// Each customer's id, name and type text, as its first row gave them.
    text: String,
    firsts: Vec<First>,
    /// Indices into `firsts`, by the hash of the customer's id.
    by_id: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

/// Where a customer's first row is in the text, and what it stands for.
struct First {
    start: u32,
    id_len: u32,
    name_len: u32,
    /// [`NO_TYPE`] when the row gave none.
    type_len: u32,
    /// The customer's index in the writer.
    customer: u32,
    /// A later row named the customer otherwise, and was said to.
    said: bool,
}

/// The type length of a row that gave no type.
const NO_TYPE: u32 = u32::MAX;

/// A customer's first row, found by [`RowCustomers::find`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct FirstRow(u32);

impl RowCustomers {
    /// The first row of customer `id`, if a row named it.
    pub(super) fn find(&self, id: &str) -> Option<FirstRow> {
        let hash = self.hasher.hash_one(id);
        self.by_id
            .find(hash, |&f| self.id(FirstRow(f)) == id)
            .map(|&f| FirstRow(f))
    }

    /// Records `customer`'s first row in the ledger. Refused (as too long) when the
    /// texts of all first rows would reach 4 GiB.
    pub(super) fn add(
        &mut self,
        id: &str,
        name: &str,
        file_type: Option<&CustomerType>,
        customer: usize,
    ) -> Result<FirstRow, StoreError> {
        let too_long = || StoreError::Corrupt {
            what: "customer",
            value: format!("{id}: the ledger's customers' texts reach 4 GiB"),
        };
        let type_text = file_type.map_or("", CustomerType::as_str);
        // Every offset below the end fits a `u32`, and no type's length is `NO_TYPE`.
        let end = [id.len(), name.len(), type_text.len()]
            .into_iter()
            .try_fold(self.text.len(), usize::checked_add)
            .filter(|&end| end < NO_TYPE as usize)
            .ok_or_else(too_long)?;
        let index = u32::try_from(self.firsts.len()).map_err(|_| too_long())?;
        self.firsts.push(First {
            start: self.text.len() as u32,
            id_len: id.len() as u32,
            name_len: name.len() as u32,
            type_len: file_type.map_or(NO_TYPE, |_| type_text.len() as u32),
            customer: u32::try_from(customer).map_err(|_| too_long())?,
            said: false,
        });
        self.text.reserve(end - self.text.len());
        self.text.push_str(id);
        self.text.push_str(name);
        self.text.push_str(type_text);
        let hash = self.hasher.hash_one(id);
        let (text, firsts, hasher) = (&self.text, &self.firsts, &self.hasher);
        self.by_id.insert_unique(hash, index, |&f| {
            hasher.hash_one(id_in(text, &firsts[f as usize]))
        });
        Ok(FirstRow(index))
    }

    /// The customer's index in the writer.
    pub(super) fn customer(&self, first: FirstRow) -> usize {
        self.first(first).customer as usize
    }

    /// The customer's id.
    pub(super) fn id(&self, first: FirstRow) -> &str {
        id_in(&self.text, self.first(first))
    }

    /// The name the customer's first row gave.
    pub(super) fn name(&self, first: FirstRow) -> &str {
        let f = self.first(first);
        let start = (f.start + f.id_len) as usize;
        self.text
            .get(start..start + f.name_len as usize)
            .unwrap_or_default()
    }

    /// True when a row gives the name and type the customer's first row gave.
    pub(super) fn same_as_first(
        &self,
        first: FirstRow,
        name: &str,
        file_type: Option<&CustomerType>,
    ) -> bool {
        let f = self.first(first);
        let same_type = match (file_type, f.type_len) {
            (None, NO_TYPE) => true,
            (Some(t), len) if len != NO_TYPE => {
                let start = (f.start + f.id_len + f.name_len) as usize;
                self.text.get(start..start + len as usize) == Some(t.as_str())
            }
            _ => false,
        };
        same_type && self.name(first) == name
    }

    /// True the first time a row names the customer otherwise than its first row did
    /// (the first name is kept; this row is said once).
    pub(super) fn named_otherwise(&mut self, first: FirstRow, name: &str) -> bool {
        let otherwise = self.name(first) != name && !self.first(first).said;
        if let Some(f) = self.firsts.get_mut(first.0 as usize) {
            f.said |= otherwise;
        }
        otherwise
    }

    fn first(&self, first: FirstRow) -> &First {
        &self.firsts[first.0 as usize]
    }
}

/// The id of `f` in `text`.
fn id_in<'t>(text: &'t str, f: &First) -> &'t str {
    let start = f.start as usize;
    text.get(start..start + f.id_len as usize)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use super::*;

    #[test]
    fn a_customer_is_found_by_its_id_with_its_first_name_and_type() {
        let private = CustomerType::parse("private").unwrap();
        let other = CustomerType::other();
        let mut rows = RowCustomers::default();
        let a = rows.add("C1", "Acme", Some(&private), 7).unwrap();
        // Ids that run into each other's names are still told apart.
        let b = rows.add("C1Acme", "", None, 3).unwrap();
        let c = rows.add("", "厦门汇通", Some(&other), 0).unwrap();
        assert_eq!(rows.find("C1"), Some(a));
        assert_eq!(rows.find("C1Acme"), Some(b));
        assert_eq!(rows.find(""), Some(c));
        assert_eq!(rows.find("C2"), None);
        assert_eq!(rows.find("C1A"), None);
        assert_eq!(
            [a, b, c].map(|f| (rows.customer(f), rows.id(f), rows.name(f))),
            [(7, "C1", "Acme"), (3, "C1Acme", ""), (0, "", "厦门汇通")]
        );
        assert!(rows.same_as_first(a, "Acme", Some(&private)));
        assert!(!rows.same_as_first(a, "Acme", Some(&other)));
        assert!(!rows.same_as_first(a, "Acme", None));
        assert!(!rows.same_as_first(a, "ACME", Some(&private)));
        assert!(rows.same_as_first(b, "", None));
        assert!(!rows.same_as_first(b, "", Some(&other)));
        assert!(rows.same_as_first(c, "厦门汇通", Some(&other)));
    }

    #[test]
    fn a_name_that_differs_from_the_first_is_said_once() {
        let mut rows = RowCustomers::default();
        let a = rows.add("C1", "Acme", None, 0).unwrap();
        assert!(!rows.named_otherwise(a, "Acme"));
        assert!(rows.named_otherwise(a, "Acme Ltd"));
        assert!(!rows.named_otherwise(a, "Acme Ltd"));
        assert!(!rows.named_otherwise(a, "ACME"));
        assert_eq!(rows.name(a), "Acme");
    }

    #[test]
    fn many_customers_are_each_found_after_the_table_grows() {
        let mut rows = RowCustomers::default();
        let firsts: Vec<FirstRow> = (0..5_000)
            .map(|i| {
                rows.add(&format!("C{i}"), &format!("N{i}"), None, i)
                    .unwrap()
            })
            .collect();
        for (i, first) in firsts.into_iter().enumerate() {
            assert_eq!(rows.find(&format!("C{i}")), Some(first));
            assert_eq!(rows.customer(first), i);
            assert_eq!(rows.name(first), format!("N{i}"));
        }
    }
}
