//! The required allowance of a snapshot, per customer (SPEC section 2).
//!
//! For each customer: age its open items into buckets; the matrix allowance is the sum of
//! rate × positive amount per bucket, rounded once, half away from zero; a specific
//! allowance in force replaces it; the result is capped at the net positive balance.
//! The part of a document that a posted write-off took and the ledger still lists is
//! set apart ("written off, still in the ledger"): it counts in no balance, bucket,
//! over-one-year figure or allowance. What a partial write-off left open stays an open
//! item, aged and provided for (SPEC 2, rule 5).
//!
//! Totals are sums of customer results, so every total traces to customers.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::aging::{BucketSet, days_past_due};
use super::customer_type::CustomerType;
use super::money::Money;
use super::policy::{ProvisionMatrix, SpecificAllowance, SpecificBasis};

/// Days past due beyond which a balance counts as "over one year".
pub const ONE_YEAR_DAYS: i64 = 365;

/// One open item of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenItem {
    /// Document number, unique per customer within a snapshot.
    pub document_no: String,
    /// Document date.
    pub document_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// In dispute with the customer.
    pub disputed: bool,
    /// Original amount, when the ledger gives it.
    pub amount: Option<Money>,
    /// Outstanding at the as-of date; negative for credits.
    pub open_amount: Money,
}

/// What posted write-offs took of one document, as of an assessment's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenOff {
    /// Everything written off the document so far.
    pub amount: Money,
    /// What the latest write-off left open of it (zero for a whole write-off).
    pub left_open: Money,
}

impl WrittenOff {
    /// The part of a ledger's open amount that was written off: what stands above the
    /// amount the write-off left open, at most what was written off. A ledger that has
    /// booked the write-off lists only the rest, so none of it is set apart; one that
    /// has not lists it all, and the written-off part is set apart.
    pub fn part_of(&self, open: Money) -> Money {
        (open - self.left_open).max_zero().min(self.amount)
    }
}

/// How a customer's allowance was determined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AllowanceMethod {
    /// The provision matrix.
    Matrix,
    /// A specific allowance in force.
    Specific,
}

/// One customer's aging and allowance at one as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerAssessment {
    /// Customer id.
    pub customer_id: String,
    /// Customer name.
    pub name: String,
    /// Type in force at the as-of date.
    pub customer_type: CustomerType,
    /// Net balance of its open items, without what was written off.
    pub balance: Money,
    /// Net amount per bucket; sums to `balance`.
    pub buckets: Vec<Money>,
    /// The part of the balance in dispute.
    pub disputed: Money,
    /// Required allowance.
    pub allowance: Money,
    /// The allowance spread over buckets; sums to `allowance`.
    pub allowance_buckets: Vec<Money>,
    /// Matrix or specific.
    pub method: AllowanceMethod,
    /// What the matrix alone gives (before the cap), for comparison.
    pub matrix_allowance: Money,
    /// The specific allowance in force, if any.
    pub specific: Option<SpecificBasis>,
    /// True when the cap at the net positive balance bit.
    pub capped: bool,
    /// Age in days of the oldest positive item (basis of the matrix), if any.
    pub oldest_days: Option<i64>,
    /// Net amount of items more than a year past due.
    pub over_one_year: Money,
    /// Number of open items (a document written off whole is not one).
    pub items: usize,
    /// The written-off part of documents the ledger still lists: in no figure above.
    pub written_off_still_open: Money,
    /// Those documents' numbers.
    pub written_off_documents: Vec<String>,
    /// The latest posted write-off's date, if any.
    pub last_write_off: Option<NaiveDate>,
    /// Open amount of documents dated after it (trading after a write-off).
    pub documents_after_write_off: Money,
}

/// One customer's inputs to [`assess_customer`].
pub struct CustomerInput<'a> {
    /// Customer id.
    pub customer_id: &'a str,
    /// Customer name.
    pub name: &'a str,
    /// Type in force at the as-of date.
    pub customer_type: &'a CustomerType,
    /// Its open items in the snapshot.
    pub items: &'a [OpenItem],
    /// The specific allowance in force at the as-of date, if any.
    pub specific: Option<&'a SpecificAllowance>,
    /// The date of the customer's latest posted write-off on or before the as-of date.
    pub last_write_off: Option<NaiveDate>,
}

/// A customer's open items summed as its assessment needs them, under one basis and
/// bucket set at one as-of date. Written-off parts are not known here: a summary stands
/// for a customer's items only while no posted write-off touches them (see
/// [`assess_summed`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerAging {
    /// Open items counted.
    pub items: usize,
    /// Net amount per bucket.
    pub amounts: Vec<Money>,
    /// Positive amount per bucket: what the matrix rates apply to.
    pub base: Vec<Money>,
    /// The part in dispute.
    pub disputed: Money,
    /// Net amount more than a year past due.
    pub over_one_year: Money,
    /// Age in days of the oldest positive item, if any.
    pub oldest_days: Option<i64>,
    /// Net balance.
    pub net: Money,
}

impl CustomerAging {
    /// Nothing summed yet, over `buckets` buckets.
    pub fn new(buckets: usize) -> CustomerAging {
        CustomerAging {
            items: 0,
            amounts: vec![Money::ZERO; buckets],
            base: vec![Money::ZERO; buckets],
            disputed: Money::ZERO,
            over_one_year: Money::ZERO,
            oldest_days: None,
            net: Money::ZERO,
        }
    }

    /// Adds one item: `open` is its open amount (less any written-off part), `days` its
    /// days past due on the matrix's basis.
    pub fn add(&mut self, buckets: &BucketSet, days: i64, open: Money, disputed: bool) {
        let b = buckets.index_of(days);
        self.items += 1;
        self.amounts[b] += open;
        if disputed {
            self.disputed += open;
        }
        if days > ONE_YEAR_DAYS {
            self.over_one_year += open;
        }
        self.net += open;
        if open.is_positive() {
            self.base[b] += open;
            self.oldest_days = Some(self.oldest_days.map_or(days, |o| o.max(days)));
        }
    }

    /// Adds one item of the snapshot at `as_of`, aged on `matrix`'s basis.
    pub fn add_item(&mut self, as_of: NaiveDate, matrix: &ProvisionMatrix, item: &OpenItem) {
        self.add_document(
            as_of,
            matrix,
            item.document_date,
            item.due_date,
            item.open_amount,
            item.disputed,
        );
    }

    /// [`CustomerAging::add_item`] from a document's dates and amounts, however the
    /// caller holds them (the store ages its blocks' items without copying them).
    pub fn add_document(
        &mut self,
        as_of: NaiveDate,
        matrix: &ProvisionMatrix,
        document_date: NaiveDate,
        due_date: NaiveDate,
        open: Money,
        disputed: bool,
    ) {
        let days = days_past_due(as_of, document_date, due_date, matrix.basis);
        self.add(&matrix.buckets, days, open, disputed);
    }
}

/// What a summary of a customer's aging is kept under: the parts of a matrix the sums
/// depend on (the basis and the buckets), not its rates.
pub fn aging_key(matrix: &ProvisionMatrix) -> String {
    format!(
        "{}|{}",
        matrix.basis.as_str(),
        matrix.buckets.labels().join(",")
    )
}

/// What posted write-offs set apart of a customer's items.
#[derive(Debug, Default)]
struct SetApart {
    still_open: Money,
    documents: Vec<String>,
    documents_after_write_off: Money,
}

/// Ages one customer's items and computes its required allowance. `written_off` says
/// what posted write-offs dated on or before the as-of date took of a document of this
/// customer, by its number.
pub fn assess_customer(
    as_of: NaiveDate,
    matrix: &ProvisionMatrix,
    input: &CustomerInput<'_>,
    written_off: &dyn Fn(&str) -> Option<WrittenOff>,
) -> CustomerAssessment {
    let mut aging = CustomerAging::new(matrix.buckets.len());
    let mut apart = SetApart::default();
    for item in input.items {
        if input.last_write_off.is_some_and(|w| item.document_date > w) {
            apart.documents_after_write_off += item.open_amount;
        }
        let taken =
            written_off(&item.document_no).map_or(Money::ZERO, |w| w.part_of(item.open_amount));
        if !taken.is_zero() {
            apart.still_open += taken;
            apart.documents.push(item.document_no.clone());
        }
        let open = item.open_amount - taken;
        if open.is_zero() && !taken.is_zero() {
            continue;
        }
        let days = days_past_due(as_of, item.document_date, item.due_date, matrix.basis);
        aging.add(&matrix.buckets, days, open, item.disputed);
    }
    conclude(matrix, input, aging, apart)
}

/// A customer assessed from the summary of its items: exactly what [`assess_customer`]
/// gives from the items themselves when no posted write-off dated on or before the
/// as-of date touches the customer (`input.items` is not read; `input.last_write_off`
/// must be `None`).
pub fn assess_summed(
    matrix: &ProvisionMatrix,
    input: &CustomerInput<'_>,
    aging: CustomerAging,
) -> CustomerAssessment {
    debug_assert!(input.last_write_off.is_none());
    conclude(matrix, input, aging, SetApart::default())
}

/// The allowance of a customer whose items are summed.
fn conclude(
    matrix: &ProvisionMatrix,
    input: &CustomerInput<'_>,
    aging: CustomerAging,
    apart: SetApart,
) -> CustomerAssessment {
    let CustomerAging {
        items,
        amounts,
        base,
        disputed,
        over_one_year,
        oldest_days,
        net,
    } = aging;
    let weights: Vec<Decimal> = base
        .iter()
        .enumerate()
        .map(|(b, amount)| amount.times(matrix.rate(input.customer_type, b)))
        .collect();
    let matrix_allowance = Money::round(weights.iter().sum());
    let cap = net.max_zero();

    let (method, uncapped, spread_weights) = match input.specific {
        Some(s) => (
            AllowanceMethod::Specific,
            s.amount_for(net),
            base.iter().map(|m| m.amount()).collect(),
        ),
        None => (AllowanceMethod::Matrix, matrix_allowance, weights),
    };
    let capped = uncapped > cap;
    let allowance = if capped { cap } else { uncapped.max_zero() };
    let allowance_buckets = spread(allowance, &spread_weights);

    CustomerAssessment {
        customer_id: input.customer_id.to_string(),
        name: input.name.to_string(),
        customer_type: input.customer_type.clone(),
        balance: net,
        buckets: amounts,
        disputed,
        allowance,
        allowance_buckets,
        method,
        matrix_allowance,
        specific: input.specific.map(|s| s.basis),
        capped,
        oldest_days,
        over_one_year,
        items,
        written_off_still_open: apart.still_open,
        written_off_documents: apart.documents,
        last_write_off: input.last_write_off,
        documents_after_write_off: apart.documents_after_write_off,
    }
}

/// Spreads `total` over buckets in proportion to `weights`, in whole minor units, so the
/// parts sum to `total` exactly (largest remainder; ties to the older bucket).
pub fn spread(total: Money, weights: &[Decimal]) -> Vec<Money> {
    let mut parts = vec![Money::ZERO; weights.len()];
    let weight_sum: Decimal = weights.iter().filter(|w| w.is_sign_positive()).sum();
    if total.is_zero() || weights.is_empty() {
        return parts;
    }
    if weight_sum.is_zero() {
        // Nothing to weigh by (a fixed specific amount on a customer whose positive items
        // were all written off cannot happen after the cap, but stay total-preserving).
        if let Some(last) = parts.last_mut() {
            *last = total;
        }
        return parts;
    }
    let minor_total = total.to_minor();
    let mut floors = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut assigned: i64 = 0;
    for (i, w) in weights.iter().enumerate() {
        let w = if w.is_sign_positive() {
            *w
        } else {
            Decimal::ZERO
        };
        // minor × w / Σw, exact where it fits in 28 digits; at magnitudes where the
        // product would not (allowances of tens of trillions), the share first: it
        // differs from the exact product only beyond the 28th digit, and the largest
        // remainder below still hands out exactly `minor_total`.
        let minor = Decimal::from(minor_total);
        let exact = minor
            .checked_mul(w)
            .and_then(|p| p.checked_div(weight_sum))
            .unwrap_or_else(|| minor * (w / weight_sum));
        let floor = exact.floor();
        let floor_i = i64::try_from(floor.mantissa() / 10i128.pow(floor.scale())).unwrap_or(0);
        floors.push(floor_i);
        remainders.push((exact - floor, i));
        assigned += floor_i;
    }
    let mut left = minor_total - assigned;
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    for (_, i) in remainders {
        if left <= 0 {
            break;
        }
        floors[i] += 1;
        left -= 1;
    }
    for (part, minor) in parts.iter_mut().zip(floors) {
        *part = Money::from_minor(minor);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::aging::AgingBasis;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn item(no: &str, due: NaiveDate, open: &str) -> OpenItem {
        OpenItem {
            document_no: no.into(),
            document_date: due - chrono::Duration::days(30),
            due_date: due,
            disputed: false,
            amount: None,
            open_amount: m(open),
        }
    }

    fn private() -> CustomerType {
        CustomerType::parse("private").unwrap()
    }

    fn assess(items: &[OpenItem], specific: Option<&SpecificAllowance>) -> CustomerAssessment {
        let matrix = ProvisionMatrix::default_matrix(d(1900, 1, 1));
        let t = private();
        let input = CustomerInput {
            customer_id: "C1",
            name: "Test",
            customer_type: &t,
            items,
            specific,
            last_write_off: None,
        };
        assess_customer(d(2016, 12, 31), &matrix, &input, &|_| None)
    }

    #[test]
    fn matrix_allowance_is_rate_times_positive_base_rounded_once() {
        // private rates: current 0.5 %, 1-30 1 %, 366-730 50 %.
        let items = [
            item("A", d(2017, 1, 15), "1000.00"), // current: 5.00
            item("B", d(2016, 12, 1), "333.33"),  // 30 days: 3.3333
            item("C", d(2015, 10, 1), "100.01"),  // 457 days: 50.005
        ];
        let a = assess(&items, None);
        // 5 + 3.3333 + 50.005 = 58.3383 -> 58.34 (once, not per bucket: 5 + 3.33 + 50.01 = 58.34 too,
        // so check the buckets instead).
        assert_eq!(a.allowance, m("58.34"));
        assert_eq!(a.method, AllowanceMethod::Matrix);
        assert_eq!(a.buckets[0], m("1000.00"));
        assert_eq!(a.buckets[1], m("333.33"));
        assert_eq!(a.buckets[6], m("100.01"));
        assert_eq!(
            a.allowance_buckets.iter().copied().sum::<Money>(),
            a.allowance
        );
        assert_eq!(a.over_one_year, m("100.01"));
        assert_eq!(a.oldest_days, Some(457));
    }

    #[test]
    fn rounding_happens_once_per_customer_not_per_item() {
        // Two items of 0.50 at 1 %: per item 0.005 + 0.005 would round to 0.01 + 0.01;
        // once per customer it is 0.01.
        let items = [
            item("A", d(2016, 12, 15), "0.50"),
            item("B", d(2016, 12, 16), "0.50"),
        ];
        assert_eq!(assess(&items, None).allowance, m("0.01"));
        // 50.50 at 1 % = 0.505 -> 0.51, half away from zero.
        let items = [item("A", d(2016, 12, 15), "50.50")];
        assert_eq!(assess(&items, None).allowance, m("0.51"));
    }

    #[test]
    fn credits_carry_no_allowance_but_lower_the_cap() {
        // 1,000 at 100 % (over 1095 days) and a credit of 900: matrix gives 1,000 but
        // the cap is the net 100.
        let items = [
            item("A", d(2012, 1, 1), "1000.00"),
            item("CN", d(2016, 12, 20), "-900.00"),
        ];
        let a = assess(&items, None);
        assert_eq!(a.matrix_allowance, m("1000.00"));
        assert_eq!(a.balance, m("100.00"));
        assert_eq!(a.allowance, m("100.00"));
        assert!(a.capped);
        // A customer in net credit carries none.
        let items = [
            item("A", d(2012, 1, 1), "100.00"),
            item("CN", d(2016, 12, 20), "-900.00"),
        ];
        assert_eq!(assess(&items, None).allowance, Money::ZERO);
    }

    #[test]
    fn a_specific_allowance_replaces_the_matrix() {
        let items = [
            item("A", d(2017, 1, 15), "10000.00"),
            item("CN", d(2016, 12, 20), "-2000.00"),
        ];
        let mut s = SpecificAllowance {
            customer_id: "C1".into(),
            basis: SpecificBasis::Percent("0.5".parse().unwrap()),
            reason: "dispute".into(),
            effective_from: d(2016, 1, 1),
            effective_to: None,
            set_by: "amy".into(),
        };
        let a = assess(&items, Some(&s));
        assert_eq!(a.method, AllowanceMethod::Specific);
        assert_eq!(a.matrix_allowance, m("50.00"));
        assert_eq!(a.allowance, m("4000.00"), "50 % of the net 8,000");
        s.basis = SpecificBasis::Amount(m("9000"));
        let a = assess(&items, Some(&s));
        assert_eq!(
            a.allowance,
            m("8000.00"),
            "a fixed amount is capped at the net balance"
        );
        assert!(a.capped);
        assert_eq!(
            a.allowance_buckets.iter().copied().sum::<Money>(),
            a.allowance
        );
    }

    fn assess_written_off(items: &[OpenItem], doc: &str, w: WrittenOff) -> CustomerAssessment {
        let matrix = ProvisionMatrix::default_matrix(d(1900, 1, 1));
        let t = private();
        let input = CustomerInput {
            customer_id: "C1",
            name: "Test",
            customer_type: &t,
            items,
            specific: None,
            last_write_off: None,
        };
        assess_customer(d(2016, 12, 31), &matrix, &input, &|no| {
            (no == doc).then_some(w)
        })
    }

    #[test]
    fn written_off_documents_still_in_the_ledger_count_in_no_balance_bucket_or_allowance() {
        let items = [
            item("OLD", d(2012, 1, 1), "5000.00"),
            item("NEW", d(2017, 1, 15), "1000.00"),
        ];
        let whole = WrittenOff {
            amount: m("5000.00"),
            left_open: Money::ZERO,
        };
        let a = assess_written_off(&items, "OLD", whole);
        assert_eq!(
            a.balance,
            m("1000.00"),
            "the written-off 5,000 is set apart"
        );
        assert_eq!(a.buckets[0], m("1000.00"));
        assert_eq!(a.buckets.iter().copied().sum::<Money>(), a.balance);
        assert_eq!(a.over_one_year, Money::ZERO);
        assert_eq!(a.oldest_days, Some(-15), "the current invoice only");
        assert_eq!(a.items, 1);
        assert_eq!(a.allowance, m("5.00"), "0.5 % of the current 1,000 only");
        assert_eq!(a.written_off_still_open, m("5000.00"));
        assert_eq!(a.written_off_documents, vec!["OLD".to_string()]);
    }

    #[test]
    fn partial_write_offs_leave_the_remainder_open_aged_and_provided_for() {
        // 1,000 over three years past due (private: 100 %), 600 of it written off.
        let w = WrittenOff {
            amount: m("600.00"),
            left_open: m("400.00"),
        };
        // The ERP has not booked the write-off: it lists all 1,000.
        let a = assess_written_off(&[item("INV", d(2012, 1, 1), "1000.00")], "INV", w);
        assert_eq!(a.written_off_still_open, m("600.00"));
        assert_eq!(a.balance, m("400.00"));
        assert_eq!(a.buckets[8], m("400.00"), "aged where it was");
        assert_eq!(
            a.allowance,
            m("400.00"),
            "provided for at the bucket's 100 %"
        );
        assert_eq!(a.items, 1);
        // The ERP has booked it: it lists the 400 left, none of which is set apart.
        let a = assess_written_off(&[item("INV", d(2012, 1, 1), "400.00")], "INV", w);
        assert_eq!(a.written_off_still_open, Money::ZERO);
        assert!(a.written_off_documents.is_empty(), "not flagged forever");
        assert_eq!(a.balance, m("400.00"));
        assert_eq!(a.allowance, m("400.00"));
        // Paid down to 100 after booking: 100 open, nothing set apart.
        let a = assess_written_off(&[item("INV", d(2012, 1, 1), "100.00")], "INV", w);
        assert_eq!(
            (a.balance, a.written_off_still_open),
            (m("100.00"), Money::ZERO)
        );
    }

    #[test]
    fn one_amount_bricks_a_book_the_largest_amounts_assess_without_overflow() {
        // A thousand documents of the largest amount, over three years past due (100 %)
        // and current (0.5 %): the spread over buckets multiplies 1e17 fen by 1e15.
        let mut items: Vec<OpenItem> = (0..1000)
            .map(|i| OpenItem {
                open_amount: Money::MAX,
                ..item(&format!("OLD{i}"), d(2012, 1, 1), "1")
            })
            .collect();
        items.push(OpenItem {
            open_amount: Money::MAX,
            ..item("NEW", d(2017, 1, 15), "1")
        });
        let a = assess(&items, None);
        let old = Money::from_minor(99_999_999_999_999_000);
        assert_eq!(a.buckets[8], old);
        assert_eq!(a.allowance, Money::from_minor(100_000_499_999_999_000));
        assert_eq!(a.allowance_buckets[8], old);
        assert_eq!(a.allowance_buckets[0], Money::from_minor(500_000_000_000));
        assert_eq!(
            a.allowance_buckets.iter().copied().sum::<Money>(),
            a.allowance
        );
    }

    #[test]
    fn the_written_off_part_is_what_stands_above_what_was_left_open() {
        let w = WrittenOff {
            amount: m("600"),
            left_open: m("400"),
        };
        assert_eq!(w.part_of(m("1000")), m("600"));
        assert_eq!(w.part_of(m("700")), m("300"));
        assert_eq!(w.part_of(m("400")), Money::ZERO);
        assert_eq!(w.part_of(m("-50")), Money::ZERO);
        assert_eq!(
            w.part_of(m("1500")),
            m("600"),
            "never more than was written off"
        );
    }

    #[test]
    fn document_date_basis_ages_from_the_document() {
        let mut matrix = ProvisionMatrix::default_matrix(d(1900, 1, 1));
        matrix.basis = AgingBasis::DocumentDate;
        let t = private();
        // Document 2016-11-30, due 2017-01-29: current by due date, 31 days by document.
        let items = [OpenItem {
            document_no: "A".into(),
            document_date: d(2016, 11, 30),
            due_date: d(2017, 1, 29),
            disputed: true,
            amount: Some(m("100")),
            open_amount: m("100"),
        }];
        let input = CustomerInput {
            customer_id: "C1",
            name: "T",
            customer_type: &t,
            items: &items,
            specific: None,
            last_write_off: None,
        };
        let a = assess_customer(d(2016, 12, 31), &matrix, &input, &|_| None);
        assert_eq!(a.buckets[2], m("100"));
        assert_eq!(a.disputed, m("100"));
        assert_eq!(a.allowance, m("3.00"));
    }

    #[test]
    fn spread_preserves_the_total_to_the_fen() {
        let w: Vec<Decimal> = ["1", "1", "1"].iter().map(|s| s.parse().unwrap()).collect();
        let parts = spread(m("100.00"), &w);
        assert_eq!(parts.iter().copied().sum::<Money>(), m("100.00"));
        assert_eq!(parts, vec![m("33.33"), m("33.33"), m("33.34")]);
        assert_eq!(spread(Money::ZERO, &w), vec![Money::ZERO; 3]);
    }
}
