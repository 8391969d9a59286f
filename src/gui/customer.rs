//! The customer screen (being written).

use serde::{Deserialize, Serialize};

use super::app::ScreenContext;

/// One customer: documents, history, type, notes, specific allowance, activity.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerScreen {
    customer_id: Option<String>,
}

impl CustomerScreen {
    /// Shows this customer.
    pub fn open(&mut self, customer_id: String) {
        self.customer_id = Some(customer_id);
    }

    /// The customer shown.
    pub fn customer_id(&self) -> Option<&str> {
        self.customer_id.as_deref()
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, _cx: &mut ScreenContext<'_>) {
        ui.label(
            self.customer_id
                .as_deref()
                .unwrap_or("No customer selected"),
        );
    }
}
