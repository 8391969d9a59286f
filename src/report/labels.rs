//! The names of the book's fixed vocabulary in the window's language: customer types,
//! bucket labels, write-off states and reason categories, alert kinds. Every screen and
//! the memo name them through here, so a state reads the same on each.
//!
//! The stored names (`state_owned`, `submitted`) stay what the book and the scripting
//! interface use; these are only how a person reads them. A type a user added has no
//! translation and shows as its name with spaces.

use crate::domain::aging::display_label;
use crate::domain::alerts::Alert;
use crate::domain::customer_type::CustomerType;
use crate::domain::writeoff::{ReasonCategory, WriteOffState};
use crate::i18n::Lang;

/// A customer type for people, in `lang`.
pub fn customer_type_in(lang: Lang, t: &CustomerType) -> String {
    match t.as_str() {
        "state_owned" => t_in!(lang, "type-state-owned"),
        "government" => t_in!(lang, "type-government"),
        "private" => t_in!(lang, "type-private"),
        "related_party" => t_in!(lang, "type-related-party"),
        "individual" => t_in!(lang, "type-individual"),
        "other" => t_in!(lang, "type-other"),
        name => name.replace('_', " "),
    }
}

/// A customer type for people, in this thread's language.
pub fn customer_type(t: &CustomerType) -> String {
    customer_type_in(crate::i18n::language(), t)
}

/// A bucket label (`current`, `1-30`, `1096+`) for people, in `lang`.
pub fn bucket_in(lang: Lang, label: &str) -> String {
    if label == "current" {
        t_in!(lang, "bucket-current")
    } else {
        display_label(label)
    }
}

/// A bucket label for people, in this thread's language.
pub fn bucket(label: &str) -> String {
    bucket_in(crate::i18n::language(), label)
}

/// A write-off state for people, in `lang`.
pub fn state_in(lang: Lang, state: WriteOffState) -> String {
    match state {
        WriteOffState::Draft => t_in!(lang, "state-draft"),
        WriteOffState::Submitted => t_in!(lang, "state-submitted"),
        WriteOffState::Approved => t_in!(lang, "state-approved"),
        WriteOffState::Rejected => t_in!(lang, "state-rejected"),
        WriteOffState::Posted => t_in!(lang, "state-posted"),
    }
}

/// A write-off state for people, in this thread's language.
pub fn state(state: WriteOffState) -> String {
    state_in(crate::i18n::language(), state)
}

/// A reason category for people, in `lang`.
pub fn reason_in(lang: Lang, reason: ReasonCategory) -> String {
    match reason {
        ReasonCategory::Dispute => t_in!(lang, "reason-dispute"),
        ReasonCategory::Insolvency => t_in!(lang, "reason-insolvency"),
        ReasonCategory::ChangeOfManagement => t_in!(lang, "reason-change-of-management"),
        ReasonCategory::UneconomicToPursue => t_in!(lang, "reason-uneconomic"),
        ReasonCategory::TimeBarred => t_in!(lang, "reason-time-barred"),
        ReasonCategory::Other => t_in!(lang, "reason-other"),
    }
}

/// A reason category for people, in this thread's language.
pub fn reason(reason: ReasonCategory) -> String {
    reason_in(crate::i18n::language(), reason)
}

/// An alert's kind, short, for tables and badges, in this thread's language.
pub fn alert_kind(alert: &Alert) -> String {
    match alert {
        Alert::TradingAfterWriteOff { .. } => t!("alert-kind-trading-after-write-off"),
        Alert::WrittenOffStillOpen { .. } => t!("alert-kind-written-off-still-open"),
        Alert::NoRecentNote { .. } => t!("alert-kind-no-recent-note"),
        Alert::RelatedParty { .. } => t!("alert-kind-related-party"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_types_read_in_chinese_and_user_types_keep_their_name() {
        let soe = CustomerType::from_synonym("SOE").unwrap_or_else(CustomerType::other);
        assert_eq!(customer_type_in(Lang::Chinese, &soe), "国有企业");
        assert_eq!(customer_type_in(Lang::English, &soe), "state owned");
        let own = CustomerType::parse("key_account").unwrap_or_else(|_| CustomerType::other());
        assert_eq!(customer_type_in(Lang::Chinese, &own), "key account");
    }

    #[test]
    fn states_reasons_and_buckets_read_in_both_languages() {
        assert_eq!(state_in(Lang::Chinese, WriteOffState::Posted), "已过账");
        assert_eq!(state_in(Lang::English, WriteOffState::Posted), "posted");
        assert_eq!(
            reason_in(Lang::Chinese, ReasonCategory::TimeBarred),
            "超过诉讼时效"
        );
        assert_eq!(bucket_in(Lang::Chinese, "current"), "未逾期");
        assert_eq!(bucket_in(Lang::English, "1-30"), "1–30");
    }
}
