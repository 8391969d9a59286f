//! The policy screen (Ctrl+7): the provision matrix as an editable grid, its buckets, basis and effective date.

use serde::{Deserialize, Serialize};

use super::app::ScreenContext;

/// The screen's state.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyScreen {}

impl PolicyScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let _ = (ui, cx);
    }

    /// True while the user has typed into a form and not saved it.
    pub fn has_unsaved_input(&self) -> bool {
        false
    }
}

/// A change to the policy, run on a worker by the shell.
#[derive(Debug, Clone)]
pub enum PolicyOp {}

impl PolicyOp {
    /// What the status bar says once done.
    pub fn describe(&self) -> String {
        match *self {}
    }

    /// What it says when the change failed.
    pub fn failure(&self) -> String {
        match *self {}
    }

    /// Makes the change.
    pub fn apply(self, book: &mut crate::book::Book) -> anyhow::Result<()> {
        let _ = book;
        match self {}
    }
}
