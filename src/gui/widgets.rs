//! Small drawing helpers shared by the screens: amounts right-aligned in tables, dates,
//! percentages, headers that sort.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::domain::money::{Money, NegativeStyle};

/// Right-aligns the contents of a cell.
pub fn right<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), add)
        .inner
}

/// An amount, right-aligned, with thousands separators; negatives in the error colour.
pub fn money_cell(ui: &mut egui::Ui, amount: Money, style: NegativeStyle) -> egui::Response {
    right(ui, |ui| money_label(ui, amount, style))
}

/// The width the widest of `amounts` takes in a money cell: only the largest and the most
/// negative are written out, since one of them has the longest text.
pub fn amounts_width(
    ui: &egui::Ui,
    amounts: impl Iterator<Item = Money>,
    style: NegativeStyle,
) -> f32 {
    let (low, high) = amounts.fold((Money::ZERO, Money::ZERO), |(l, h), m| (l.min(m), h.max(m)));
    let font = egui::TextStyle::Monospace.resolve(ui.style());
    [low, high]
        .iter()
        .map(|m| {
            ui.ctx().fonts_mut(|f| {
                f.layout_no_wrap(m.grouped(style), font.clone(), egui::Color32::PLACEHOLDER)
                    .size()
                    .x
            })
        })
        .fold(0.0, f32::max)
}

/// An amount as a label (not aligned), in the monospace font so digits line up.
pub fn money_label(ui: &mut egui::Ui, amount: Money, style: NegativeStyle) -> egui::Response {
    let text = egui::RichText::new(amount.grouped(style)).monospace();
    let text = if amount.is_negative() {
        text.color(ui.visuals().warn_fg_color)
    } else {
        text
    };
    ui.label(text)
}

/// A blank-able amount: zero shows as a dash, which reads faster in a dense matrix.
pub fn money_or_dash(ui: &mut egui::Ui, amount: Money, style: NegativeStyle) -> egui::Response {
    if amount.is_zero() {
        right(ui, |ui| ui.label(egui::RichText::new("–").weak()))
    } else {
        money_cell(ui, amount, style)
    }
}

/// A right-aligned plain number (counts, days).
pub fn number_cell(ui: &mut egui::Ui, text: impl Into<String>) -> egui::Response {
    right(ui, |ui| {
        ui.label(egui::RichText::new(text.into()).monospace())
    })
}

/// A count with thousands separators: `100,000`.
pub fn count_text(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A customer type stored as its name (`state_owned`), for people in the window's
/// language; a type a user added shows as its name with spaces.
pub fn type_name(key: &str) -> String {
    match crate::domain::customer_type::CustomerType::parse(key) {
        Ok(t) => crate::report::labels::customer_type(&t),
        Err(_) => key.replace('_', " "),
    }
}

/// A fraction as a percentage with one decimal: `12.3%`.
pub fn percent(fraction: Decimal) -> String {
    crate::domain::money::format_percent(fraction)
}

/// A date or a dash.
pub fn date_text(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "–".to_string(), |d| d.to_string())
}

/// A sortable header: clicking returns true; an arrow shows the current order.
pub fn sort_header(
    ui: &mut egui::Ui,
    title: &str,
    active: bool,
    descending: bool,
    right_aligned: bool,
) -> bool {
    let arrow = match (active, descending) {
        (false, _) => "",
        (true, true) => " ⬇",
        (true, false) => " ⬆",
    };
    let text = egui::RichText::new(format!("{title}{arrow}")).strong();
    let button = egui::Button::new(text).frame(false);
    let response = if right_aligned {
        right(ui, |ui| ui.add(button))
    } else {
        ui.add(button)
    };
    response
        .on_hover_text(t!("common-sort-by", column = title.to_lowercase()))
        .clicked()
}

/// A headline figure: a small caption over a large number.
pub fn figure(ui: &mut egui::Ui, caption: &str, value: String, detail: Option<String>) {
    // A figure never breaks inside itself: where the row is too narrow (a side panel
    // open), the figure moves to the next line as a whole.
    ui.vertical(|ui| {
        ui.add(egui::Label::new(egui::RichText::new(caption).small().weak()).extend());
        ui.add(egui::Label::new(egui::RichText::new(value).size(20.0).monospace()).extend());
        if let Some(d) = detail {
            ui.add(egui::Label::new(egui::RichText::new(d).small()).extend());
        }
    });
}

/// The width `text` takes in `font`, unwrapped (for columns sized to their widest
/// value).
pub fn text_width(ui: &egui::Ui, text: &str, font: &egui::FontId) -> f32 {
    ui.ctx().fonts_mut(|f| {
        f.layout_no_wrap(text.to_string(), font.clone(), egui::Color32::PLACEHOLDER)
            .size()
            .x
    })
}

/// Text in a cell, clipped with an ellipsis when the column is too narrow (the full
/// text shows on hover).
pub fn truncated(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) -> egui::Response {
    ui.add(egui::Label::new(text).truncate())
}

/// Chart heights only: an amount becomes `f64` here and nowhere else, to be drawn.
pub fn plot_value(m: Money) -> f64 {
    rust_decimal::prelude::ToPrimitive::to_f64(&m.amount()).unwrap_or(0.0)
}

/// Integer grid marks only, one per bar or snapshot, thinned to about a dozen.
pub fn integer_marks(input: egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    let (lo, hi) = input.bounds;
    let step = ((hi - lo) / 12.0).ceil().max(1.0);
    let mut marks = Vec::new();
    let mut x = lo.ceil().max(0.0);
    while x <= hi {
        marks.push(egui_plot::GridMark {
            value: x,
            step_size: step,
        });
        x += step;
    }
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count_text(0), "0");
        assert_eq!(count_text(999), "999");
        assert_eq!(count_text(1_000), "1,000");
        assert_eq!(count_text(100_000), "100,000");
        assert_eq!(count_text(2_400_000), "2,400,000");
    }
}
