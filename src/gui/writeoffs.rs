//! The write-offs screen (Ctrl+6): write-offs by state, each with its documents and memo; the steps.

use serde::{Deserialize, Serialize};

use super::app::ScreenContext;

/// The screen's state.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WriteOffsScreen {}

impl WriteOffsScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let _ = (ui, cx);
    }

    /// True while the user has typed into a form and not saved it.
    pub fn has_unsaved_input(&self) -> bool {
        false
    }

    /// Opens the proposal form for `customer` (drawn by [`Self::proposal_ui`]).
    pub fn propose(&mut self, customer: String) {
        let _ = customer;
    }

    /// Draws the proposal form, when one is open, as a window over the screen.
    pub fn proposal_ui(&mut self, ctx: &egui::Context, cx: &mut ScreenContext<'_>) {
        let _ = (ctx, cx);
    }

    /// Shows the write-off `id`.
    pub fn open(&mut self, id: i64) {
        let _ = id;
    }
}

/// A change to a write-off, run on a worker by the shell.
#[derive(Debug, Clone)]
pub enum WriteOffOp {}

impl WriteOffOp {
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
