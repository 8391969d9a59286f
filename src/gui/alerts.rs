//! The alerts panel: the alerts at the as-of date, each a click to its customer; its count is the badge in the navigation.
//!
//! The alerts come from the review rows the shell already built for the as-of date
//! ([`ScreenContext::rows`], each row carrying its customer's alerts), gathered by
//! [`AlertsReport::from_rows`] — the rows `agebook alerts --as-of D` prints — so the
//! panel reads no SQL and the badge, the panel and the command line count the same
//! alerts. They are gathered once per (history generation, snapshot, rows) and kept:
//! [`AlertsPanel::count`], called for the badge every frame, is a comparison and a
//! number.
//!
//! The list is grouped by kind (SPEC section 2's four), each group with its count and
//! folded or unfolded by a click; it is drawn with only its visible rows, so a book with
//! thousands of old balances scrolls as fast as one with ten.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::app::{Action, ScreenContext};
use super::widgets::money_label;
use crate::domain::alerts::Alert;
use crate::domain::money::Money;
use crate::report::alerts::{AlertKind, AlertsReport, FlaggedCustomer};
use crate::report::labels::alert_kind;

/// What the panel shows, for one (generation, snapshot, rows).
struct Gathered {
    key: (u64, usize, usize),
    report: AlertsReport,
    count: usize,
    /// Per kind, its alerts.
    groups: Vec<Group>,
}

/// The alerts of one kind.
struct Group {
    kind: AlertKind,
    /// As (customer index, alert index) into the report.
    items: Vec<(usize, usize)>,
    /// The amounts they are about, added up.
    total: Money,
}

/// One line of the list: a kind's heading, or one alert.
#[derive(Clone, Copy)]
enum ListLine {
    Heading(usize),
    Alert(usize, usize),
}

/// The alerts panel's state.
#[derive(Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertsPanel {
    /// The kinds folded away, by their place in [`AlertKind::ALL`].
    folded: BTreeSet<usize>,
    #[serde(skip)]
    gathered: Option<Gathered>,
}

/// The height of one line of the list (two lines of text).
const LINE_HEIGHT: f32 = 40.0;

impl AlertsPanel {
    /// Gathers the alerts of the rows in `cx` when they are not those gathered already.
    fn refresh(&mut self, cx: &ScreenContext<'_>) -> Option<&Gathered> {
        let (history, at, rows) = (cx.history?, cx.at?, cx.rows?);
        let key = (cx.generation, at, Arc::as_ptr(rows) as usize);
        if self.gathered.as_ref().is_none_or(|g| g.key != key) {
            let as_of = history.snapshots.get(at)?.as_of;
            let report = AlertsReport::from_rows(as_of, rows);
            let index: Vec<(usize, usize, AlertKind, Money)> = report
                .customers
                .iter()
                .enumerate()
                .flat_map(|(ci, c)| {
                    c.alerts
                        .iter()
                        .enumerate()
                        .map(move |(ai, a)| (ci, ai, AlertKind::of(a), c.amount(a)))
                })
                .collect();
            let groups = AlertKind::ALL
                .iter()
                .map(|&kind| {
                    let of_kind: Vec<_> = index.iter().filter(|(_, _, k, _)| *k == kind).collect();
                    let total = of_kind.iter().map(|(_, _, _, m)| *m).sum();
                    let items = of_kind.iter().map(|(c, a, _, _)| (*c, *a)).collect();
                    Group { kind, items, total }
                })
                .filter(|group| !group.items.is_empty())
                .collect();
            self.gathered = Some(Gathered {
                key,
                count: report.count(),
                report,
                groups,
            });
        }
        self.gathered.as_ref()
    }

    /// The alerts gathered for the as-of date shown, once its rows are built.
    pub fn report(&self) -> Option<&AlertsReport> {
        self.gathered.as_ref().map(|g| &g.report)
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>) {
        let style = cx.style;
        let folded = self.folded.clone();
        ui.heading(t!("alerts-title"));
        let Some(g) = self.refresh(cx) else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(t!("alerts-loading"));
            });
            return;
        };
        let as_of = g.report.as_of;
        if g.count == 0 {
            ui.label(t!("alerts-none", as_of = as_of));
            return;
        }
        ui.label(t!(
            "alerts-summary",
            as_of = as_of,
            n = g.count,
            customers = g.report.customers.len()
        ));
        ui.label(egui::RichText::new(t!("alerts-hint")).small().weak());
        ui.separator();

        let mut lines = Vec::new();
        for (gi, group) in g.groups.iter().enumerate() {
            lines.push(ListLine::Heading(gi));
            if !folded.contains(&kind_index(group.kind)) {
                lines.extend(group.items.iter().map(|&(c, a)| ListLine::Alert(c, a)));
            }
        }
        let mut toggle = None;
        let mut open = None;
        egui::ScrollArea::vertical()
            .id_salt("alerts_list")
            .auto_shrink([false, false])
            .show_rows(ui, LINE_HEIGHT, lines.len(), |ui, range| {
                for line in &lines[range] {
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(ui.available_width(), LINE_HEIGHT),
                        egui::Sense::hover(),
                    );
                    let mut row = ui.new_child(
                        egui::UiBuilder::new()
                            .max_rect(rect)
                            .layout(egui::Layout::top_down(egui::Align::Min)),
                    );
                    match *line {
                        ListLine::Heading(gi) => {
                            let group = &g.groups[gi];
                            let is_folded = folded.contains(&kind_index(group.kind));
                            if heading_ui(&mut row, g, group, is_folded, style) {
                                toggle = Some(kind_index(group.kind));
                            }
                        }
                        ListLine::Alert(ci, ai) => {
                            let customer = &g.report.customers[ci];
                            if alert_ui(&mut row, customer, &customer.alerts[ai], style) {
                                open = Some(customer.customer_id.clone());
                            }
                        }
                    }
                }
            });
        if let Some(k) = toggle
            && !self.folded.remove(&k)
        {
            self.folded.insert(k);
        }
        if let Some(id) = open {
            cx.actions.push(Action::OpenCustomer(id));
        }
    }
}

impl AlertsPanel {
    /// The number the navigation's badge shows, once known.
    pub fn count(&mut self, cx: &ScreenContext<'_>) -> Option<usize> {
        self.refresh(cx).map(|g| g.count)
    }
}

fn kind_index(kind: AlertKind) -> usize {
    AlertKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// A kind's heading: its name and count, the amount it covers; true when clicked.
fn heading_ui(
    ui: &mut egui::Ui,
    g: &Gathered,
    group: &Group,
    folded: bool,
    style: crate::domain::money::NegativeStyle,
) -> bool {
    let (kind, items, total) = (group.kind, &group.items, group.total);
    let name = items
        .first()
        .map(|&(c, a)| alert_kind(&g.report.customers[c].alerts[a]))
        .unwrap_or_default();
    let mut clicked = false;
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let (icon_rect, icon) =
            ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::click());
        egui::collapsing_header::paint_default_icon(
            ui,
            if folded { 0.0 } else { 1.0 },
            &icon.clone().with_new_rect(icon_rect),
        );
        let text = t!("alerts-group", kind = capitalised(&name), n = items.len());
        let button = ui
            .add(egui::Button::new(egui::RichText::new(text).strong()).frame(false))
            .on_hover_text(kind_hover(kind));
        clicked = button.clicked() || icon.clicked();
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if kind != AlertKind::NoRecentNote || !total.is_zero() {
                money_label(ui, total, style);
            }
        });
    });
    clicked
}

/// One alert: its customer (a click opens it), how much, and what it says; true when
/// clicked.
fn alert_ui(
    ui: &mut egui::Ui,
    customer: &FlaggedCustomer,
    alert: &Alert,
    style: crate::domain::money::NegativeStyle,
) -> bool {
    let rect = ui.max_rect();
    let id = ui.make_persistent_id(("alert", &customer.customer_id, alert_kind(alert)));
    let whole = ui.interact(rect, id, egui::Sense::click());
    if whole.hovered() {
        ui.painter()
            .rect_filled(rect, 2.0, ui.visuals().widgets.hovered.weak_bg_fill);
    }
    let detail = detail_text(alert);
    let mut clicked = whole.clicked();
    ui.horizontal(|ui| {
        ui.add_space(18.0);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            money_label(ui, customer.amount(alert), style);
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                let text = format!("{}  {}", customer.customer_id, customer.name);
                let button = ui
                    .add(egui::Button::new(text).frame(false).truncate())
                    .on_hover_text(t!(
                        "alerts-open-customer",
                        customer = customer.customer_id.as_str()
                    ));
                clicked |= button.clicked();
            });
        });
    });
    ui.horizontal(|ui| {
        ui.add_space(18.0);
        ui.add(egui::Label::new(egui::RichText::new(detail.as_str()).size(12.0).weak()).truncate())
            .on_hover_text(detail.as_str());
    });
    clicked
}

/// What an alert says, in the window's language.
fn detail_text(alert: &Alert) -> String {
    match alert {
        Alert::TradingAfterWriteOff { write_off_date, .. } => {
            t!("alerts-trading-detail", date = *write_off_date)
        }
        Alert::WrittenOffStillOpen { documents, .. } => {
            let shown: Vec<&str> = documents.iter().take(4).map(String::as_str).collect();
            let mut list = shown.join(", ");
            if documents.len() > shown.len() {
                list = t!(
                    "alerts-documents-more",
                    documents = list,
                    n = documents.len() - shown.len()
                );
            }
            t!("alerts-still-open-detail", documents = list)
        }
        Alert::NoRecentNote {
            oldest_days,
            last_note,
        } => match last_note {
            Some(d) => t!("alerts-no-note-detail", days = *oldest_days, last = *d),
            None => t!("alerts-no-note-never", days = *oldest_days),
        },
        Alert::RelatedParty { .. } => t!("alerts-related-detail"),
    }
}

/// What a kind of alert is about, for its heading's hover.
fn kind_hover(kind: AlertKind) -> String {
    match kind {
        AlertKind::TradingAfterWriteOff => t!("alerts-kind-trading-hover"),
        AlertKind::WrittenOffStillOpen => t!("alerts-kind-still-open-hover"),
        AlertKind::NoRecentNote => t!("alerts-kind-no-note-hover"),
        AlertKind::RelatedParty => t!("alerts-kind-related-hover"),
    }
}

/// `text` with its first letter in capitals (a heading); Chinese is left as it is.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
