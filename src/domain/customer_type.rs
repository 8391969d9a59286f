//! Customer types: the risk segments the provision matrix is keyed by.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A customer type such as `state_owned`. The six built-in types are listed in
/// [`CustomerType::BUILT_IN`]; users may add their own, so a type is a name, normalised
/// to lower snake case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CustomerType(String);

/// Why text is not a customer type name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a customer type name (use letters, digits and underscores)")]
pub struct CustomerTypeError(pub String);

impl CustomerType {
    /// The built-in types, in the order reports list them.
    pub const BUILT_IN: [&'static str; 6] = [
        "state_owned",
        "government",
        "private",
        "related_party",
        "individual",
        "other",
    ];

    /// The type for customers nobody has classified.
    pub fn other() -> CustomerType {
        CustomerType("other".to_string())
    }

    /// The canonical type a ledger's text names, including synonyms such as `SOE`,
    /// `state-owned`, `related party` or `国企`. `None` when the text names no built-in
    /// type.
    pub fn from_synonym(text: &str) -> Option<CustomerType> {
        let key: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .collect();
        let canonical = match key.as_str() {
            "state_owned"
            | "soe"
            | "state_owned_enterprise"
            | "state"
            | "国企"
            | "国有企业"
            | "央企" => "state_owned",
            "government" | "gov" | "govt" | "public_sector" | "政府" | "政府机关" => {
                "government"
            }
            "private" | "private_company" | "corporate" | "民企" | "民营企业" | "私营" => {
                "private"
            }
            "related_party" | "related" | "rp" | "affiliate" | "intercompany" | "关联方" => {
                "related_party"
            }
            "individual" | "person" | "consumer" | "个人" => "individual",
            "other" | "others" | "其他" => "other",
            _ => return None,
        };
        Some(CustomerType(canonical.to_string()))
    }

    /// A type by name: a synonym of a built-in type, or a new user type written in
    /// letters, digits and underscores.
    pub fn parse(text: &str) -> Result<CustomerType, CustomerTypeError> {
        if let Some(t) = CustomerType::from_synonym(text) {
            return Ok(t);
        }
        let name = text.trim().to_lowercase();
        let valid = !name.is_empty()
            && name.len() <= 40
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if valid {
            Ok(CustomerType(name))
        } else {
            Err(CustomerTypeError(text.to_string()))
        }
    }

    /// The name, as stored and printed.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Sort key: built-in types in their order, then user types by name.
    pub fn rank(&self) -> (usize, &str) {
        let index = CustomerType::BUILT_IN
            .iter()
            .position(|t| *t == self.0)
            .unwrap_or(CustomerType::BUILT_IN.len());
        (index, &self.0)
    }
}

impl fmt::Display for CustomerType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_map_to_built_in_types() {
        for text in ["SOE", "state-owned", "State Owned", "国企"] {
            assert_eq!(
                CustomerType::from_synonym(text).unwrap().as_str(),
                "state_owned"
            );
        }
        assert_eq!(
            CustomerType::from_synonym("related party")
                .unwrap()
                .as_str(),
            "related_party"
        );
        assert_eq!(CustomerType::from_synonym("distributor"), None);
    }

    #[test]
    fn users_may_add_types_with_plain_names() {
        assert_eq!(
            CustomerType::parse("Distributor").unwrap().as_str(),
            "distributor"
        );
        assert!(CustomerType::parse("bad type!").is_err());
        assert!(CustomerType::parse("").is_err());
    }
}
