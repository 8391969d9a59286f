//! Collection notes: what credit staff did to collect a balance, and what came of it.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kind of collection effort.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum NoteAction {
    /// A telephone call.
    #[default]
    Call,
    /// A letter (a dunning letter, a confirmation request).
    Letter,
    /// An email.
    Email,
    /// A visit to the customer.
    Visit,
    /// A lawyer's letter, a suit, an arbitration.
    Legal,
    /// Anything else.
    Other,
}

impl NoteAction {
    /// Every action, in the order menus list them.
    pub const ALL: [NoteAction; 6] = [
        NoteAction::Call,
        NoteAction::Letter,
        NoteAction::Email,
        NoteAction::Visit,
        NoteAction::Legal,
        NoteAction::Other,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            NoteAction::Call => "call",
            NoteAction::Letter => "letter",
            NoteAction::Email => "email",
            NoteAction::Visit => "visit",
            NoteAction::Legal => "legal",
            NoteAction::Other => "other",
        }
    }

    /// Reads a stored or typed name.
    pub fn parse(text: &str) -> Option<NoteAction> {
        NoteAction::ALL
            .into_iter()
            .find(|a| a.as_str() == text.trim().to_lowercase())
    }
}

impl fmt::Display for NoteAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One collection note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionNote {
    /// Row id (0 before it is saved).
    pub id: i64,
    /// The customer.
    pub customer_id: String,
    /// When the effort took place.
    pub date: NaiveDate,
    /// Who wrote the note.
    pub author: String,
    /// What was done.
    pub action: NoteAction,
    /// What came of it, in a few words ("promised to pay by 30 June").
    pub outcome: String,
    /// The note.
    pub text: String,
}
