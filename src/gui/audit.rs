//! The audit log screen (Ctrl+8): the log, filtered, read-only, with the hash-chain check.

use serde::{Deserialize, Serialize};

use super::app::ScreenContext;

/// The screen's state.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditScreen {}

impl AuditScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let _ = (ui, cx);
    }
}
