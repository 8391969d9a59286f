//! Why the book refused something, in the window's language.
//!
//! The library's errors ([`BookError`] and the typed errors inside it) print English
//! through `Display`, which the command line keeps. The window says the same thing
//! through the catalogue (`assets/i18n/<language>/errors.ftl`), with the same arguments:
//! the dates, ids, amounts, names and limits of the refusal. Text the library builds at
//! run time (SQLite's own messages, a CSV reader's) is kept as it came, behind a
//! translated lead.

use crate::book::{BookError, Refusal, SpecificRefusal, StoreError};
use crate::domain::money::{NegativeStyle, format_rate};
use crate::domain::writeoff::{PeriodClosed, RecoveryError, WriteOffError};
use crate::import::policy::PolicyError;
use crate::integrity::IntegrityError;
use crate::report::labels;

/// A [`BookError`] in the window's language.
pub fn book_error_text(e: &BookError) -> String {
    match e {
        BookError::Store(e) => store_error_text(e),
        BookError::Import(e) => super::import::import_error_text(e),
        BookError::Policy(e) => policy_error_text(e),
        BookError::Io { path, source } => {
            t!("error-io", file = path.as_str(), error = source.to_string())
        }
        BookError::NoSnapshot { as_of, .. } => t!("error-no-snapshot", as_of = *as_of),
        BookError::NoPolicy(date) => t!("error-no-policy", date = *date),
        BookError::NotEmpty(n) => t!("error-not-empty", n = *n),
        BookError::EmptyNote => t!("error-empty-note"),
        BookError::WriteOff(e) => write_off_error_text(e),
        BookError::Recovery(e) => recovery_error_text(e),
        BookError::Closed(e) => period_closed_text(e),
        BookError::UnknownWriteOff(id) => t!("error-unknown-write-off", id = *id),
        BookError::Rule(r) => refusal_text(r),
        BookError::Refused(text) => free_refusal_text(text),
        BookError::BadSpecific(e) => specific_refusal_text(e),
        BookError::Exists(path) => t!("error-book-exists", path = path.as_str()),
        BookError::Currency(e) => currency_error_text(e),
        BookError::Profile(e) => profile_error_text(e),
        BookError::UnknownProfile { name, .. } => {
            t!("error-profile-unknown", name = name.as_str())
        }
    }
}

/// A currency a book cannot be kept in, in the window's language.
pub fn currency_error_text(e: &crate::domain::currency::CurrencyError) -> String {
    use crate::domain::currency::CurrencyError;
    match e {
        CurrencyError::Unknown(code) => t!("error-currency-unknown", code = code.as_str()),
        CurrencyError::NotACurrency(code) => {
            t!("error-currency-not-a-currency", code = code.as_str())
        }
        CurrencyError::UnsupportedMinorUnit { code, digits } => t!(
            "error-currency-minor-unit",
            code = code.as_str(),
            digits = *digits
        ),
    }
}

/// An import profile or override the importer cannot use, in the window's language.
pub fn profile_error_text(e: &crate::import::profile::ProfileError) -> String {
    use crate::import::profile::ProfileError;
    match e {
        ProfileError::UnknownField(field) => {
            let fields = crate::import::fields::Field::ALL
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ");
            t!(
                "error-profile-unknown-field",
                field = field.as_str(),
                fields = fields
            )
        }
        ProfileError::BadMapping(text) => t!("error-profile-bad-mapping", text = text.as_str()),
        ProfileError::UnknownEncoding(label) => {
            t!("error-profile-unknown-encoding", label = label.as_str())
        }
        ProfileError::BadDelimiter(text) => {
            t!("error-profile-bad-delimiter", text = text.as_str())
        }
        ProfileError::BadDateFormat(text) => {
            t!("error-profile-bad-date-format", text = text.as_str())
        }
        ProfileError::BadName(name) => t!("error-profile-bad-name", name = name.as_str()),
    }
}

/// Any error a change or a read in the window met: a [`BookError`] (or the store's error
/// inside a backup's) in the window's language, anything else as it prints.
pub fn any_error_text(e: &anyhow::Error) -> String {
    if let Some(b) = e.downcast_ref::<BookError>() {
        return book_error_text(b);
    }
    match e.downcast_ref::<IntegrityError>() {
        Some(IntegrityError::Store(s)) => store_error_text(s),
        _ => format!("{e:#}"),
    }
}

/// What failed and why, as the status bar says it (`what`: a translated lead such as
/// "Setting the type of C0001 failed").
pub fn failed_because(what: &str, error: &str) -> String {
    t!("error-failed-because", what = what, error = error)
}

/// A [`StoreError`] in the window's language.
pub fn store_error_text(e: &StoreError) -> String {
    match e {
        StoreError::Sqlite(e) => t!("error-database", error = e.to_string()),
        StoreError::Busy => t!("error-busy"),
        StoreError::NewerSchema { found, known } => {
            t!("error-newer-schema", found = *found, known = *known)
        }
        StoreError::NotABook { path, reason } => {
            t!(
                "error-not-a-book",
                path = path.as_str(),
                reason = reason.as_str()
            )
        }
        StoreError::Corrupt { what, value } => t!(
            "error-corrupt",
            what = stored_value_name(what),
            value = value.as_str()
        ),
        StoreError::UnknownCustomer(id) => t!("error-unknown-customer", customer = id.as_str()),
        StoreError::Closed(e) => period_closed_text(e),
        StoreError::NoSpecific { customer, date } => t!(
            "error-no-specific",
            customer = customer.as_str(),
            date = *date
        ),
        StoreError::NoWriteOff(id) => t!("error-unknown-write-off", id = *id),
        StoreError::WriteOffMoved {
            id,
            seen,
            found,
            by,
            at,
        } => t!(
            "error-write-off-moved",
            id = *id,
            found = labels::state(*found),
            by = by.as_str(),
            at = at.as_str(),
            seen = labels::state(*seen)
        ),
    }
}

/// The kind of stored value the store names when one does not read back.
fn stored_value_name(what: &str) -> String {
    match what {
        "date" => t!("error-value-date"),
        "rate" => t!("error-value-rate"),
        "default terms" => t!("error-value-terms"),
        "customer type" => t!("error-value-customer-type"),
        "bucket set" => t!("error-value-buckets"),
        "aging basis" => t!("error-value-basis"),
        "specific allowance" => t!("error-value-specific"),
        "note action" => t!("error-value-note-action"),
        "snapshot" => t!("error-value-snapshot"),
        other => other.to_string(),
    }
}

/// A change dated in a closed period, naming what, its date and the close.
pub fn period_closed_text(e: &PeriodClosed) -> String {
    t!(
        "error-period-closed",
        what = closed_change_name(&e.what),
        date = e.date,
        through = e.closed_through
    )
}

/// What kind of change a closed period refused (the library's `what` of
/// [`PeriodClosed`]); one it does not know is shown as it came.
fn closed_change_name(what: &str) -> String {
    match what {
        "a specific allowance" => t!("error-change-specific"),
        "clearing a specific allowance" => t!("error-change-clear-specific"),
        "a customer-type change" => t!("error-change-type"),
        "a policy version" => t!("error-change-policy"),
        "an import of a snapshot" => t!("error-change-import"),
        "an import replacing the snapshot" => t!("error-change-import-replace"),
        "a recovery" => t!("error-change-recovery"),
        "an adjustment" => t!("error-change-adjustment"),
        other => other.to_string(),
    }
}

/// What a write-off step was asked to do, as [`WriteOffError::WrongState`] names it.
fn step_name(verb: &str) -> String {
    match verb {
        "submitted" => t!("error-step-submitted"),
        "approved" => t!("error-step-approved"),
        "rejected" => t!("error-step-rejected"),
        "posted" => t!("error-step-posted"),
        other => other.to_string(),
    }
}

/// A write-off step the rules refuse.
pub fn write_off_error_text(e: &WriteOffError) -> String {
    match e {
        WriteOffError::WrongState { id, state, verb } => t!(
            "error-write-off-state",
            id = *id,
            state = labels::state(*state),
            step = step_name(verb)
        ),
        WriteOffError::OwnWriteOff { id, user } => {
            t!("error-write-off-own", id = *id, user = user.as_str())
        }
        WriteOffError::NotAnApprover { user } => {
            t!("error-write-off-not-approver", user = user.as_str())
        }
        WriteOffError::AlreadyApproved { id, user } => {
            t!(
                "error-write-off-already-approved",
                id = *id,
                user = user.as_str()
            )
        }
        WriteOffError::OverLimit {
            id,
            amount,
            currency,
            user,
            limit,
        } => t!(
            "error-write-off-over-limit",
            id = *id,
            amount = *amount,
            currency = currency.as_str(),
            user = user.as_str(),
            limit = *limit
        ),
        WriteOffError::PeriodClosed {
            date,
            closed_through,
        } => t!(
            "error-write-off-closed",
            date = *date,
            through = *closed_through
        ),
        WriteOffError::NoDocuments => t!("error-no-documents"),
    }
}

/// A recovery the rules refuse.
pub fn recovery_error_text(e: &RecoveryError) -> String {
    let g = |m: &crate::domain::money::Money| m.grouped(NegativeStyle::Minus);
    match e {
        RecoveryError::NotPositive => t!("error-recovery-not-positive"),
        RecoveryError::NothingWrittenOff { customer, date } => t!(
            "error-recovery-nothing-written-off",
            customer = customer.as_str(),
            date = *date
        ),
        RecoveryError::TooMuch {
            customer,
            date,
            amount,
            written_off,
            recovered,
            left,
        } => t!(
            "error-recovery-too-much",
            customer = customer.as_str(),
            date = *date,
            written = g(written_off),
            back = g(recovered),
            asked = g(amount),
            rest = g(left)
        ),
    }
}

/// A posting the rules refuse, one of the library's known sentences.
pub fn refusal_text(r: &Refusal) -> String {
    match r {
        Refusal::NoNarrative => t!("error-no-narrative"),
        Refusal::DocumentNotOpen {
            document,
            customer,
            as_of,
        } => t!(
            "error-document-not-open",
            document = document.as_str(),
            customer = customer.as_str(),
            as_of = *as_of
        ),
        Refusal::DocumentPending { document, id } => t!(
            "error-document-pending",
            document = document.as_str(),
            id = *id
        ),
        Refusal::AmountOutOfRange {
            document,
            open,
            taken,
        } => {
            if taken.is_zero() {
                t!(
                    "error-amount-out-of-range",
                    document = document.as_str(),
                    open = *open
                )
            } else {
                t!(
                    "error-amount-out-of-range-taken",
                    document = document.as_str(),
                    open = *open,
                    taken = *taken
                )
            }
        }
        Refusal::NoDocuments => t!("error-no-documents"),
        Refusal::NoLedger { date } => t!("error-no-ledger", date = *date),
        Refusal::NoOpenItems { customer, as_of } => t!(
            "error-no-open-items",
            customer = customer.as_str(),
            as_of = *as_of
        ),
        Refusal::NegativeLimit => t!("error-negative-limit"),
        Refusal::ReopenNeedsReason => t!("error-reopen-needs-reason"),
        Refusal::ZeroAdjustment => t!("error-zero-adjustment"),
        Refusal::AdjustmentNeedsReason => t!("error-adjustment-needs-reason"),
        Refusal::FromAfterTo { from, to } => t!("error-from-after-to", from = *from, to = *to),
    }
}

/// A free-text refusal: the sentences the reports build are translated, anything else
/// is kept as it came.
fn free_refusal_text(text: &str) -> String {
    if let Some(date) = text
        .strip_prefix("no snapshot on or before ")
        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
    {
        return t!("error-no-ledger-memo", date = date);
    }
    if let Some(customer) = text
        .strip_prefix("customer '")
        .and_then(|t| t.strip_suffix("' has no documents in any snapshot"))
    {
        return t!("error-no-documents-anywhere", customer = customer);
    }
    text.to_string()
}

/// A specific allowance that makes no sense.
pub fn specific_refusal_text(e: &SpecificRefusal) -> String {
    match e {
        SpecificRefusal::PercentOutOfRange(p) => {
            t!("error-specific-percent", percent = format_rate(*p))
        }
        SpecificRefusal::NegativeAmount(a) => t!("error-specific-negative", amount = *a),
        SpecificRefusal::NoReason => t!("error-specific-no-reason"),
    }
}

/// A policy file the book refuses, naming the file and where in it.
pub fn policy_error_text(e: &PolicyError) -> String {
    match e {
        PolicyError::Csv {
            file,
            line,
            message,
        } => t!(
            "error-policy-csv",
            file = file.as_str(),
            line = *line,
            error = message.as_str()
        ),
        PolicyError::FirstColumn { file, found } => t!(
            "error-policy-first-column",
            file = file.as_str(),
            found = found.as_str()
        ),
        PolicyError::Buckets { file, source } => t!(
            "error-policy-buckets",
            file = file.as_str(),
            error = source.to_string()
        ),
        PolicyError::BadRate {
            file,
            line,
            column,
            bucket,
            text,
        } => t!(
            "error-policy-bad-rate",
            file = file.as_str(),
            line = *line,
            column = *column,
            bucket = labels::bucket(bucket),
            text = text.as_str()
        ),
        PolicyError::OutOfRange {
            file,
            line,
            column,
            bucket,
            rate,
        } => t!(
            "error-policy-rate-out-of-range",
            file = file.as_str(),
            line = *line,
            column = *column,
            bucket = labels::bucket(bucket),
            rate = rate.to_string()
        ),
        PolicyError::Cells {
            file,
            line,
            expected,
            found,
        } => t!(
            "error-policy-cells",
            file = file.as_str(),
            line = *line,
            expected = *expected,
            found = *found
        ),
        PolicyError::BadType { file, line, source } => t!(
            "error-policy-bad-type",
            file = file.as_str(),
            line = *line,
            error = source.to_string()
        ),
        PolicyError::DuplicateType {
            file,
            line,
            customer_type,
        } => t!(
            "error-policy-duplicate-type",
            file = file.as_str(),
            line = *line,
            customer_type = customer_type.as_str()
        ),
        PolicyError::Empty { file } => t!("error-policy-empty", file = file.as_str()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test fails loudly")]

    use super::*;
    use crate::domain::money::Money;
    use crate::domain::writeoff::WriteOffState;
    use crate::i18n::{Lang, set_language};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn chinese(e: impl Into<BookError>) -> String {
        set_language(Lang::Chinese);
        let text = book_error_text(&e.into());
        set_language(Lang::English);
        text
    }

    fn closed() -> PeriodClosed {
        PeriodClosed {
            what: "a customer-type change".into(),
            date: d("2016-12-31"),
            closed_through: d("2016-12-31"),
        }
    }

    fn over_limit() -> WriteOffError {
        WriteOffError::OverLimit {
            id: 7,
            amount: m("125000.00"),
            currency: "CNY".into(),
            user: "li.na".into(),
            limit: m("50000.00"),
        }
    }

    fn moved() -> StoreError {
        StoreError::WriteOffMoved {
            id: 3,
            seen: WriteOffState::Submitted,
            found: WriteOffState::Approved,
            by: "zhang.wei".into(),
            at: "2026-12-02 03:45".into(),
        }
    }

    #[test]
    fn a_closed_period_reads_in_chinese_naming_the_change_and_the_close() {
        assert_eq!(
            chinese(closed()),
            "账簿已结账至 2016-12-31，2016-12-31 的客户类型变更属于已结账期间；\
             如需修改，请填写理由反结账该期间"
        );
        // Refused inside the store's transaction, it is the same refusal.
        assert_eq!(chinese(StoreError::Closed(closed())), chinese(closed()));
    }

    #[test]
    fn write_off_steps_refused_read_in_chinese_with_who_and_the_limit() {
        assert_eq!(
            chinese(WriteOffError::OwnWriteOff {
                id: 7,
                user: "amy".into()
            }),
            "amy 是核销单 7 的编制人，不能同时审批或驳回"
        );
        assert_eq!(
            chinese(over_limit()),
            "核销单 7 金额 125,000.00 CNY，超过 li.na 的审批限额 50,000.00；\
             需要审批限额不低于 125,000.00 的审批人"
        );
        assert_eq!(
            chinese(moved()),
            "核销单 3 在此期间已由 zhang.wei 改为“已审批”（2026-12-02 03:45），不再是“已提交”"
        );
        assert_eq!(
            chinese(WriteOffError::WrongState {
                id: 4,
                state: WriteOffState::Posted,
                verb: "approved"
            }),
            "核销单 4 的状态为“已过账”，不能审批"
        );
    }

    #[test]
    fn a_recovery_beyond_what_was_written_off_reads_in_chinese_with_its_figures() {
        let e = RecoveryError::TooMuch {
            customer: "C0001".into(),
            date: d("2017-03-31"),
            amount: m("30000.00"),
            written_off: m("48250.00"),
            recovered: m("20000.00"),
            left: m("28250.00"),
        };
        assert_eq!(
            chinese(e),
            "客户“C0001”截至 2017-03-31 已核销 48,250.00、已收回 20,000.00；\
             本次收回 30,000.00 超过尚可收回的 28,250.00"
        );
    }

    #[test]
    fn a_busy_book_reads_in_chinese() {
        assert_eq!(
            chinese(StoreError::Busy),
            "账簿正忙：另一个 Agebook（窗口或命令行）正在写入；请待其完成后重试"
        );
    }

    #[test]
    fn the_typed_refusals_read_in_chinese_and_free_text_is_kept() {
        assert_eq!(
            chinese(Refusal::DocumentPending {
                document: "INV-2016-00017".into(),
                id: 2
            }),
            "单据“INV-2016-00017”已在核销单 2 中"
        );
        assert_eq!(
            chinese(BookError::BadSpecific(SpecificRefusal::NoReason)),
            "单项计提需要填写理由"
        );
        assert_eq!(
            chinese(BookError::Refused(
                "no snapshot on or before 2015-06-30".into()
            )),
            "2015-06-30 或之前没有快照"
        );
        assert_eq!(
            chinese(BookError::Refused("something new".into())),
            "something new"
        );
    }

    /// The window's English is the command line's: the same sentence from the same error.
    #[test]
    fn the_english_reads_like_the_library() {
        set_language(Lang::English);
        let same: Vec<BookError> = vec![
            closed().into(),
            StoreError::Closed(closed()).into(),
            WriteOffError::OverLimit {
                id: 7,
                amount: m("900.00"),
                currency: "CNY".into(),
                user: "li.na".into(),
                limit: m("500.00"),
            }
            .into(),
            WriteOffError::OwnWriteOff {
                id: 7,
                user: "amy".into(),
            }
            .into(),
            moved().into(),
            StoreError::Busy.into(),
            RecoveryError::NothingWrittenOff {
                customer: "C0002".into(),
                date: d("2017-01-31"),
            }
            .into(),
            Refusal::AmountOutOfRange {
                document: "INV-1".into(),
                open: m("100.00"),
                taken: m("40.00"),
            }
            .into(),
            Refusal::NoOpenItems {
                customer: "C0009".into(),
                as_of: d("2017-06-30"),
            }
            .into(),
            BookError::BadSpecific(SpecificRefusal::PercentOutOfRange(
                rust_decimal::Decimal::new(15, 1),
            )),
            BookError::NoPolicy(d("2015-01-31")),
        ];
        for e in same {
            // Below a thousand Money's Display and the window's grouped amounts agree
            // (the window groups larger ones); the states are lower-case in both.
            assert_eq!(book_error_text(&e), e.to_string(), "{e:?}");
        }
    }
}
