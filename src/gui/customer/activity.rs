//! The customer's activity: billings, collections, write-offs, adjustments and
//! recoveries per period with the balance each closed at, and billings by calendar
//! year. Both draw [`CustomerActivity`], the rows `agebook activity` prints.

use egui_extras::{Column, TableBuilder};

use super::ROW_HEIGHT;
use crate::book::BookHistory;
use crate::domain::money::NegativeStyle;
use crate::gui::app::{Action, ScreenContext};
use crate::gui::widgets::{money_cell, money_or_dash, right};
use crate::report::activity::CustomerActivity;

/// The activity by period; a click on a row shows that date.
#[derive(Default)]
pub(super) struct ActivityPane {
    /// The snapshot the table last scrolled to: the selected date is brought into view
    /// once, then the user scrolls.
    scrolled_to: Option<usize>,
}

impl ActivityPane {
    /// Brings the selected date into view again the next time the pane shows.
    pub(super) fn forget_scroll(&mut self) {
        self.scrolled_to = None;
    }

    /// Draws the table of `activity` and its totals.
    pub(super) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        activity: &CustomerActivity,
        cx: &mut ScreenContext<'_>,
    ) {
        let (at, style) = (cx.at, cx.style);
        let scroll = self.scrolled_to != at;
        self.scrolled_to = at;
        ui.label(
            egui::RichText::new(t!(
                "customer-activity-caption",
                currency = activity.currency.as_str()
            ))
            .small()
            .weak(),
        );
        let rows = &activity.rows;
        let (total, recovered) = activity.totals();
        let height = ui.available_height() - 2.0 * ROW_HEIGHT - 12.0;
        let titles = [
            t!("customer-activity-billings"),
            t!("customer-activity-collections"),
            t!("customer-activity-write-offs"),
            t!("customer-activity-adjustments"),
            t!("customer-activity-recoveries"),
            t!("customer-activity-closing"),
        ];
        let opening = t!("customer-activity-opening");
        ui.push_id("customer_activity", |ui| {
            // A click anywhere on a row selects its date, so its labels must not take it.
            ui.style_mut().interaction.selectable_labels = false;
            let mut table = TableBuilder::new(ui)
                .id_salt("customer_activity")
                .striped(true)
                .resizable(false)
                .auto_shrink([false, true])
                .min_scrolled_height(0.0)
                .max_scroll_height(height.max(ROW_HEIGHT))
                .sense(egui::Sense::click())
                .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                // Exact widths: a table with auto-sized columns spends its first frame
                // measuring, and would drop the scroll to the selected row.
                .column(Column::exact(76.0))
                .columns(Column::exact(98.0), 6)
                .column(Column::remainder());
            if let Some(at) = at.filter(|_| scroll) {
                table = table
                    .scroll_to_row(at, Some(egui::Align::Center))
                    .animate_scrolling(false);
            }
            table
                .header(ROW_HEIGHT + 2.0, |mut header| {
                    header.col(|ui| {
                        ui.strong(t!("customer-activity-as-of"));
                    });
                    for title in &titles {
                        header.col(|ui| {
                            right(ui, |ui| ui.strong(title));
                        });
                    }
                })
                .body(|body| {
                    body.rows(ROW_HEIGHT, rows.len(), |mut row| {
                        let i = row.index();
                        let Some(p) = rows.get(i) else {
                            return;
                        };
                        row.set_selected(at == Some(i));
                        row.col(|ui| {
                            ui.label(p.as_of.to_string());
                        });
                        let a = &p.activity;
                        if i == 0 {
                            // The book's first ledger has no movements: it is the opening.
                            row.col(|ui| {
                                ui.label(egui::RichText::new(opening.as_str()).weak());
                            });
                            for _ in 0..4 {
                                row.col(|_| {});
                            }
                        } else {
                            for m in [
                                a.billings,
                                a.collections,
                                a.write_offs,
                                a.adjustments,
                                p.recoveries,
                            ] {
                                row.col(|ui| {
                                    money_or_dash(ui, m, style);
                                });
                            }
                        }
                        row.col(|ui| {
                            money_or_dash(ui, p.balance, style);
                        });
                        row.col(|_| {});
                        if row.response().clicked() && at != Some(i) {
                            cx.actions.push(Action::SelectSnapshot(i));
                        }
                    });
                });
        });
        ui.horizontal_wrapped(|ui| {
            ui.strong(t!("customer-activity-all"));
            for (what, amount) in [
                (t!("customer-activity-billed"), total.billings),
                (t!("customer-activity-collected"), total.collections),
                (t!("customer-activity-written-off"), total.write_offs),
                (t!("customer-activity-adjusted"), total.adjustments),
                (t!("customer-activity-recovered"), recovered),
            ] {
                ui.label(t!(
                    "customer-activity-total",
                    what = what,
                    amount = amount.grouped(style)
                ));
            }
        });
    }
}

/// Billings by the calendar year of the document date, and since the latest write-off.
#[derive(Default)]
pub(super) struct BillingsPane;

impl BillingsPane {
    /// Draws the billings of `activity`.
    pub(super) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        activity: &CustomerActivity,
        history: &BookHistory,
        style: NegativeStyle,
    ) {
        let first = history
            .snapshots
            .first()
            .map_or_else(String::new, |s| s.as_of.to_string());
        ui.label(
            egui::RichText::new(t!(
                "customer-billings-caption",
                currency = activity.currency.as_str(),
                first = first
            ))
            .small()
            .weak(),
        );
        let years: Vec<(i32, crate::domain::money::Money)> = activity
            .billings_by_year
            .iter()
            .map(|(y, m)| (*y, *m))
            .collect();
        if years.is_empty() {
            ui.label(t!("customer-billings-none"));
        } else {
            ui.push_id("customer_billings", |ui| {
                TableBuilder::new(ui)
                    .id_salt("customer_billings")
                    .striped(true)
                    .resizable(false)
                    .auto_shrink([true, true])
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .column(Column::exact(80.0))
                    .column(Column::auto().at_least(120.0))
                    .header(ROW_HEIGHT + 2.0, |mut header| {
                        header.col(|ui| {
                            ui.strong(t!("customer-billings-year"));
                        });
                        header.col(|ui| {
                            right(ui, |ui| ui.strong(t!("customer-billings-billed")));
                        });
                    })
                    .body(|body| {
                        body.rows(ROW_HEIGHT, years.len(), |mut row| {
                            let Some((year, amount)) = years.get(row.index()) else {
                                return;
                            };
                            row.col(|ui| {
                                ui.label(year.to_string());
                            });
                            row.col(|ui| {
                                money_cell(ui, *amount, style);
                            });
                        });
                    });
            });
        }
        if let (Some(w), Some(billed)) = (activity.last_write_off, activity.billed_after_write_off)
        {
            ui.add_space(6.0);
            ui.label(t!(
                "customer-billings-after-write-off",
                date = w,
                amount = billed.grouped(style)
            ));
        }
    }
}
