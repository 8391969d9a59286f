//! The roll-forward screen (Ctrl+5): the allowance's movement over a range, by line, type and customer.

use serde::{Deserialize, Serialize};

use super::app::ScreenContext;

/// The screen's state.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RollForwardScreen {}

impl RollForwardScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let _ = (ui, cx);
    }
}
