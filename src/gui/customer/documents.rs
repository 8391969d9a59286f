//! The customer's documents at the as-of date: a virtualised table sortable by any
//! column, with the part of each document that posted write-offs took (whole or
//! partial) and the written-off part a ledger still lists flagged.

use chrono::NaiveDate;
use egui_extras::{Column, TableBuilder};
use serde::{Deserialize, Serialize};

use super::{Documents, DocumentsKey, ROW_HEIGHT};
use crate::domain::money::{Money, NegativeStyle};
use crate::gui::widgets::{
    amounts_width, money_cell, money_or_dash, number_cell, right, sort_header,
};
use crate::report::customer::{DocumentColumn, DocumentSort, sort_documents};
use crate::report::labels;

/// The documents table: its sort order (remembered) and the row order it gives.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub(super) struct DocumentsTable {
    sort: DocumentSort,
    #[serde(skip)]
    order: Vec<usize>,
    #[serde(skip)]
    order_for: Option<(DocumentsKey, DocumentSort)>,
}

impl DocumentsTable {
    /// Draws the title line and the table of `documents` (the customer's, if loaded).
    #[allow(
        clippy::too_many_arguments,
        reason = "what the table shows comes from the screen's jobs"
    )]
    pub(super) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        documents: Option<&Documents>,
        loading: bool,
        error: Option<&str>,
        as_of: Option<NaiveDate>,
        currency: &str,
        style: NegativeStyle,
    ) {
        ui.horizontal(|ui| {
            ui.strong(t!("customer-documents", currency = currency));
            if let Some(d) = documents {
                let stale = as_of.is_some_and(|a| a != d.key.as_of);
                // The ledger's documents: written-off ones it still lists are among them
                // (flagged), though they are not open items of the balance.
                let listed = d.rows.iter().filter(|r| r.still_listed()).count();
                let text = if listed == 0 {
                    t!(
                        "customer-documents-count",
                        as_of = d.key.as_of,
                        n = d.rows.len()
                    )
                } else {
                    t!(
                        "customer-documents-count-written-off",
                        as_of = d.key.as_of,
                        n = d.rows.len(),
                        written_off = listed
                    )
                };
                if stale {
                    ui.label(egui::RichText::new(text).weak());
                } else {
                    ui.label(text);
                }
            }
            if loading {
                ui.spinner();
            }
            if let Some(e) = error {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    t!("customer-documents-failed", error = e),
                );
            }
        });
        let Some(documents) = documents else {
            return;
        };
        if documents.rows.is_empty() {
            ui.add_space(12.0);
            ui.label(t!("customer-documents-none", as_of = documents.key.as_of));
            return;
        }
        let wanted = (documents.key.clone(), self.sort);
        if self.order_for.as_ref() != Some(&wanted) || self.order.len() != documents.rows.len() {
            self.order = sort_documents(&documents.rows, self.sort);
            self.order_for = Some(wanted);
        }
        let rows = &documents.rows;
        let order = &self.order;
        let mut sort = self.sort;
        let headers: [(Option<DocumentColumn>, String, bool); 9] = [
            (
                Some(DocumentColumn::Document),
                t!("customer-col-document"),
                false,
            ),
            (
                Some(DocumentColumn::DocumentDate),
                t!("customer-col-document-date"),
                false,
            ),
            (
                Some(DocumentColumn::DueDate),
                t!("customer-col-due-date"),
                false,
            ),
            (Some(DocumentColumn::Days), t!("customer-col-days"), true),
            (None, t!("customer-col-bucket"), false),
            (
                Some(DocumentColumn::Amount),
                t!("customer-col-amount"),
                true,
            ),
            (
                Some(DocumentColumn::OpenAmount),
                t!("customer-col-open"),
                true,
            ),
            (
                Some(DocumentColumn::WrittenOff),
                t!("customer-col-written-off"),
                true,
            ),
            (
                Some(DocumentColumn::Disputed),
                t!("customer-col-disputed"),
                false,
            ),
        ];
        // The amount columns fit their widest amount, so a customer's millions are never
        // cut short.
        let amount_width = |amount: fn(&crate::report::customer::DocumentRow) -> Money| {
            (amounts_width(ui, rows.iter().map(amount), style) + 12.0)
                .ceil()
                .max(90.0)
        };
        let widths = [
            amount_width(|r| r.amount.unwrap_or(Money::ZERO)),
            amount_width(|r| r.open_amount),
            amount_width(|r| r.written_off),
        ];
        let height = ui.available_height() - ROW_HEIGHT - 4.0;
        let still_listed = t!("customer-still-listed");
        let disputed = t!("customer-disputed-yes");
        ui.push_id("customer_documents", |ui| {
            TableBuilder::new(ui)
                .id_salt("customer_documents")
                .striped(true)
                .resizable(false)
                .auto_shrink([false, true])
                .min_scrolled_height(0.0)
                .max_scroll_height(height.max(ROW_HEIGHT))
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                .column(Column::auto().at_least(104.0))
                .column(Column::exact(74.0))
                .column(Column::exact(74.0))
                .column(Column::exact(50.0))
                .column(Column::exact(58.0))
                .column(Column::exact(widths[0]))
                .column(Column::exact(widths[1]))
                .column(Column::exact(widths[2]))
                .column(Column::remainder().at_least(40.0))
                .header(ROW_HEIGHT + 2.0, |mut header| {
                    for (column, title, right_aligned) in &headers {
                        header.col(|ui| match column {
                            Some(column) => {
                                let active = sort.column == *column;
                                if sort_header(ui, title, active, sort.descending, *right_aligned) {
                                    sort = sort.clicked(*column);
                                }
                            }
                            None => {
                                ui.strong(title);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(ROW_HEIGHT, order.len(), |mut table_row| {
                        let Some(r) = order.get(table_row.index()).and_then(|&i| rows.get(i))
                        else {
                            return;
                        };
                        table_row.col(|ui| {
                            if r.still_listed() {
                                ui.colored_label(ui.visuals().warn_fg_color, &r.document_no)
                                    .on_hover_text(&still_listed);
                            } else {
                                ui.label(&r.document_no);
                            }
                        });
                        table_row.col(|ui| {
                            ui.label(r.document_date.to_string());
                        });
                        table_row.col(|ui| {
                            ui.label(r.due_date.to_string());
                        });
                        table_row.col(|ui| {
                            number_cell(ui, r.days.to_string());
                        });
                        table_row.col(|ui| {
                            ui.label(labels::bucket(&r.bucket));
                        });
                        table_row.col(|ui| match r.amount {
                            Some(a) => {
                                money_cell(ui, a, style);
                            }
                            None => {
                                right(ui, |ui| ui.label(egui::RichText::new("–").weak()));
                            }
                        });
                        table_row.col(|ui| {
                            money_cell(ui, r.open_amount, style);
                        });
                        table_row.col(|ui| {
                            money_or_dash(ui, r.written_off, style);
                        });
                        table_row.col(|ui| {
                            if r.disputed {
                                ui.colored_label(ui.visuals().warn_fg_color, &disputed);
                            }
                        });
                    });
                });
        });
        self.sort = sort;
    }
}
