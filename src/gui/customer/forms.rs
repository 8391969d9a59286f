//! The customer screen's forms: the specific allowance (set and clear), a collection
//! note, the customer type. Each is a struct that owns what the user typed and has its
//! `ui`.
//!
//! A form checks its input before it sends anything, and keeps the input until the
//! change landed: on submit it remembers the shell's history generation ([`Sent`]);
//! the shell bumps the generation after a change succeeded, and shows the error (the
//! generation unmoved) when it failed. So once the shell is idle again, a form whose
//! change moved the generation on clears, and one whose generation did not move keeps
//! its input and says the change was refused. Changes sent together (queued behind one
//! another) are judged together when the shell is idle: if fewer landed than were sent,
//! which one failed is not known, so every form keeps its input and says so. A form whose change would fall in
//! a closed period (a type or a specific allowance from a date on or before the close)
//! is disabled, with the reason naming the close.

use chrono::NaiveDate;

use crate::book::{BookHistory, CustomerRecord};
use crate::domain::allowance::{AllowanceMethod, CustomerAssessment};
use crate::domain::collection::NoteAction;
use crate::domain::customer_type::CustomerType;
use crate::domain::date::{DateError, parse_date};
use crate::domain::policy::SpecificBasis;
use crate::gui::app::{Action, BookOp, ScreenContext};
use crate::report::customer::{
    customer_specifics, describe_basis, parse_amount_input, parse_percent_input,
};
use crate::report::labels;

/// Where a form's change stands once sent to the shell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Sent {
    /// Nothing sent, or what was sent is settled.
    #[default]
    Nothing,
    /// Sent while the history was at this generation; the shell has not finished.
    Waiting(u64),
    /// The change landed (the history moved on): the form clears its input next.
    Landed,
    /// The shell finished and the history did not move on: the book refused the change.
    Refused,
    /// Sent with others, and the history moved on by fewer changes than were sent: one
    /// of them was refused, and which is not known. The input is kept.
    Unsure,
}

impl Sent {
    /// True while the change is on its way.
    pub(super) fn waiting(self) -> bool {
        matches!(self, Sent::Waiting(_))
    }

    /// True once, when the change landed: the caller clears its input.
    fn take_landed(&mut self) -> bool {
        if *self == Sent::Landed {
            *self = Sent::Nothing;
            true
        } else {
            false
        }
    }

    /// A line under the form: the change on its way, or not saved with the input kept.
    fn status_ui(self, ui: &mut egui::Ui) {
        match self {
            Sent::Nothing | Sent::Landed => {}
            Sent::Waiting(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(t!("customer-form-saving"));
                });
            }
            Sent::Refused => {
                ui.colored_label(ui.visuals().error_fg_color, t!("customer-form-refused"));
            }
            Sent::Unsure => {
                ui.colored_label(ui.visuals().warn_fg_color, t!("customer-form-unsure"));
            }
        }
    }
}

/// What became of the `sent` changes the forms sent since the shell was last idle, the
/// first at generation `since`, now that it is idle at `generation`. Each change that
/// succeeds moves the generation on by one; a refused one leaves it.
fn verdict(since: u64, sent: usize, generation: u64) -> Sent {
    let moved = usize::try_from(generation.saturating_sub(since)).unwrap_or(usize::MAX);
    if moved == 0 {
        Sent::Refused
    } else if moved >= sent {
        Sent::Landed
    } else {
        Sent::Unsure
    }
}

/// A note's action for people, in the window's language.
pub(super) fn note_action(action: NoteAction) -> String {
    match action {
        NoteAction::Call => t!("customer-note-action-call"),
        NoteAction::Letter => t!("customer-note-action-letter"),
        NoteAction::Email => t!("customer-note-action-email"),
        NoteAction::Visit => t!("customer-note-action-visit"),
        NoteAction::Legal => t!("customer-note-action-legal"),
        NoteAction::Other => t!("customer-note-action-other"),
    }
}

/// A typed date, or why it is not one, in the window's language.
fn typed_date(text: &str) -> Result<NaiveDate, String> {
    parse_date(text).map_err(|e| match e {
        DateError::NotADate(t) => t!("customer-date-invalid", text = t),
        DateError::OutOfRange(t) => t!("customer-date-out-of-range", text = t),
    })
}

/// Why a change effective `date` cannot be made: the book is closed through a date on
/// or after it.
fn closed_reason(history: &BookHistory, date: Option<NaiveDate>) -> Option<String> {
    let date = date?;
    let closed = history.closing(date)?;
    Some(t!("customer-form-closed", date = date, closed = closed))
}

/// The label of a form field, never shortened (a grid's first column sizes to it).
fn form_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend))
}

/// A row of a form grid: a label and a one-line field tied to it, with the error under
/// the field.
fn labelled_field(
    ui: &mut egui::Ui,
    label: &str,
    text: &mut String,
    hint: &str,
    width: f32,
    error: Option<&str>,
) {
    let label = form_label(ui, label);
    ui.vertical(|ui| {
        ui.add(
            egui::TextEdit::singleline(text)
                .hint_text(hint)
                .desired_width(width),
        )
        .labelled_by(label.id);
        if let Some(e) = error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    });
    ui.end_row();
}

/// The error to show under a field: always for text that does not parse, and for an
/// empty field once the user tried to submit.
fn shown_error<'a>(tried: bool, text: &str, error: Option<&'a String>) -> Option<&'a str> {
    let error = error?;
    (tried || !text.trim().is_empty()).then_some(error.as_str())
}

/// A submit button, disabled while its change is on its way or when `closed` says why
/// it cannot be made (then also on hover).
fn submit_button(ui: &mut egui::Ui, text: &str, sent: Sent, closed: Option<&str>) -> bool {
    let response = ui.add_enabled(closed.is_none() && !sent.waiting(), egui::Button::new(text));
    let response = match closed {
        Some(why) => response.on_disabled_hover_text(why),
        None => response,
    };
    response.clicked()
}

/// The forms' text, reset when the customer changes; the dates follow the as-of date.
#[derive(Default)]
pub(super) struct Forms {
    pub(super) note: NoteForm,
    pub(super) specific: SpecificForm,
    pub(super) kind: TypeForm,
    for_customer: Option<String>,
    for_as_of: Option<NaiveDate>,
}

impl Forms {
    /// Resets the forms for another customer, and dates them the as-of date when it
    /// changes.
    pub(super) fn follow(&mut self, customer_id: &str, as_of: Option<NaiveDate>) {
        if self.for_customer.as_deref() != Some(customer_id) {
            *self = Forms {
                for_customer: Some(customer_id.to_string()),
                ..Forms::default()
            };
        }
        if self.for_as_of != as_of {
            if let Some(d) = as_of {
                let text = d.to_string();
                self.note.date.clone_from(&text);
                self.specific.from.clone_from(&text);
                self.specific.clear_from.clone_from(&text);
                self.kind.from = text;
            }
            self.for_as_of = as_of;
        }
    }

    /// Follows the shell, before the forms draw: once it is idle, the changes the forms
    /// sent meanwhile (one at most per form: a form waits for its change) are judged
    /// together by how far the history moved on ([`verdict`]). While it is busy nothing
    /// is judged, since a change queued behind another moves the generation too.
    pub(super) fn follow_shell(&mut self, generation: u64, busy: bool) {
        if busy {
            return;
        }
        let mut slots = [
            &mut self.note.sent,
            &mut self.specific.sent,
            &mut self.specific.clear_sent,
            &mut self.kind.sent,
        ];
        let sent_at: Vec<u64> = slots
            .iter()
            .filter_map(|s| match **s {
                Sent::Waiting(g) => Some(g),
                _ => None,
            })
            .collect();
        let Some(&since) = sent_at.iter().min() else {
            return;
        };
        let outcome = verdict(since, sent_at.len(), generation);
        for slot in &mut slots {
            if slot.waiting() {
                **slot = outcome;
            }
        }
    }

    /// True while a form holds text the user typed and no change took it.
    pub(super) fn has_unsaved_input(&self) -> bool {
        [
            &self.note.text,
            &self.note.outcome,
            &self.specific.value,
            &self.specific.reason,
            &self.kind.new_name,
        ]
        .iter()
        .any(|text| !text.trim().is_empty())
    }
}

/// A new collection note.
#[derive(Default)]
pub(super) struct NoteForm {
    date: String,
    action: NoteAction,
    outcome: String,
    text: String,
    tried: bool,
    sent: Sent,
}

impl NoteForm {
    /// Draws the form; a valid note goes to the shell as [`BookOp::AddNote`].
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, cx: &mut ScreenContext<'_>, id: &str) {
        if self.sent.take_landed() {
            self.outcome.clear();
            self.text.clear();
        }
        let date = typed_date(&self.date);
        let text_ok = !self.text.trim().is_empty();
        let mut submit = false;
        egui::Grid::new("customer_note_form")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                let label = form_label(ui, &t!("customer-note-date"));
                ui.horizontal(|ui| {
                    ui.add(
                        egui::TextEdit::singleline(&mut self.date)
                            .hint_text(t!("customer-date-hint"))
                            .desired_width(100.0),
                    )
                    .labelled_by(label.id);
                    if ui
                        .button(t!("customer-note-today"))
                        .on_hover_text(t!("customer-note-today-hint"))
                        .clicked()
                    {
                        self.date = chrono::Local::now().date_naive().to_string();
                    }
                    if let Some(e) = shown_error(self.tried, &self.date, date.as_ref().err()) {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                });
                ui.end_row();
                let label = form_label(ui, &t!("customer-note-action"));
                egui::ComboBox::from_id_salt("customer_note_action")
                    .selected_text(note_action(self.action))
                    .show_ui(ui, |ui| {
                        for action in NoteAction::ALL {
                            ui.selectable_value(&mut self.action, action, note_action(action));
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
                labelled_field(
                    ui,
                    &t!("customer-note-outcome-label"),
                    &mut self.outcome,
                    &t!("customer-note-outcome-hint"),
                    280.0,
                    None,
                );
                let label = form_label(ui, &t!("customer-note-text"));
                ui.vertical(|ui| {
                    ui.add(
                        egui::TextEdit::multiline(&mut self.text)
                            .hint_text(t!("customer-note-text-hint"))
                            .desired_rows(2)
                            .desired_width(280.0),
                    )
                    .labelled_by(label.id);
                    if self.tried && !text_ok {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            t!("customer-note-text-required"),
                        );
                    }
                });
                ui.end_row();
                ui.label("");
                submit = submit_button(ui, &t!("customer-note-add"), self.sent, None);
                ui.end_row();
            });
        self.sent.status_ui(ui);
        if submit {
            match (&date, text_ok) {
                (Ok(date), true) => {
                    cx.actions.push(Action::Run(BookOp::AddNote {
                        customer: id.to_string(),
                        date: *date,
                        action: self.action,
                        outcome: self.outcome.trim().to_string(),
                        text: self.text.trim().to_string(),
                    }));
                    self.sent = Sent::Waiting(cx.generation);
                    self.tried = false;
                }
                _ => self.tried = true,
            }
        }
    }
}

/// A specific allowance: set (a percentage or a fixed amount, a reason, from a date)
/// or cleared from a date.
#[derive(Default)]
pub(super) struct SpecificForm {
    by_amount: bool,
    value: String,
    reason: String,
    from: String,
    clear_from: String,
    tried: bool,
    sent: Sent,
    clear_sent: Sent,
}

impl SpecificForm {
    /// Draws what is in force and the forms; a valid change goes to the shell as
    /// [`BookOp::SetSpecific`] or [`BookOp::ClearSpecific`].
    pub(super) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        id: &str,
        customer: Option<&CustomerAssessment>,
        as_of: Option<NaiveDate>,
    ) {
        if self.sent.take_landed() {
            self.value.clear();
            self.reason.clear();
        }
        // Clearing types nothing worth keeping but its date.
        self.clear_sent.take_landed();
        let style = cx.style;
        let Some(as_of) = as_of else {
            return;
        };
        let (current, others) = customer_specifics(history, id, as_of);
        match current {
            Some(s) => {
                ui.label(
                    egui::RichText::new(t!(
                        "customer-specific-in-force",
                        as_of = as_of,
                        basis = describe_basis(s.basis, style)
                    ))
                    .strong(),
                );
                let line = match s.effective_to {
                    Some(to) => t!(
                        "customer-specific-from-until",
                        from = s.effective_from,
                        to = to,
                        who = s.set_by
                    ),
                    None => t!(
                        "customer-specific-from",
                        from = s.effective_from,
                        who = s.set_by
                    ),
                };
                ui.label(line);
                ui.label(egui::RichText::new(&s.reason).italics());
                if let Some(c) = customer
                    && c.method == AllowanceMethod::Specific
                {
                    ui.label(
                        egui::RichText::new(t!(
                            "customer-specific-matrix-would-give",
                            amount = c.matrix_allowance.grouped(style)
                        ))
                        .weak(),
                    );
                }
            }
            None => {
                ui.label(t!("customer-specific-none", as_of = as_of));
            }
        }
        if !others.is_empty() {
            ui.add_space(4.0);
            ui.label(egui::RichText::new(t!("customer-specific-other-periods")).weak());
            for s in &others {
                let until = s
                    .effective_to
                    .map_or_else(|| t!("customer-specific-open-ended"), |d| d.to_string());
                ui.label(t!(
                    "customer-specific-period",
                    from = s.effective_from,
                    to = until,
                    basis = describe_basis(s.basis, style),
                    who = s.set_by,
                    reason = s.reason
                ));
            }
        }
        ui.separator();
        let currency = history.currency.as_str();
        ui.horizontal(|ui| {
            ui.label(t!("customer-specific-set-heading"));
            ui.radio_value(&mut self.by_amount, false, t!("customer-specific-percent"));
            ui.radio_value(&mut self.by_amount, true, t!("customer-specific-amount"));
        });
        let basis = if self.by_amount {
            parse_amount_input(&self.value).map(SpecificBasis::Amount)
        } else {
            parse_percent_input(&self.value).map(SpecificBasis::Percent)
        };
        let reason_ok = !self.reason.trim().is_empty();
        let from = typed_date(&self.from);
        let closed = closed_reason(history, from.as_ref().ok().copied());
        let mut submit = false;
        egui::Grid::new("customer_specific_form")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                let (value_label, hint) = if self.by_amount {
                    (
                        t!("customer-specific-amount-label", currency = currency),
                        t!("customer-specific-amount-hint"),
                    )
                } else {
                    (
                        t!("customer-specific-percent-label"),
                        t!("customer-specific-percent-hint"),
                    )
                };
                let error = shown_error(self.tried, &self.value, basis.as_ref().err());
                labelled_field(ui, &value_label, &mut self.value, &hint, 120.0, error);
                let reason_required = t!("customer-specific-reason-required");
                let reason_error = (self.tried && !reason_ok).then_some(reason_required.as_str());
                labelled_field(
                    ui,
                    &t!("customer-specific-reason"),
                    &mut self.reason,
                    &t!("customer-specific-reason-hint"),
                    280.0,
                    reason_error,
                );
                let from_error = shown_error(self.tried, &self.from, from.as_ref().err());
                labelled_field(
                    ui,
                    &t!("customer-specific-effective-from"),
                    &mut self.from,
                    &t!("customer-date-hint"),
                    100.0,
                    from_error,
                );
                ui.label("");
                submit = submit_button(
                    ui,
                    &t!("customer-specific-set"),
                    self.sent,
                    closed.as_deref(),
                );
                ui.end_row();
            });
        if let Some(why) = &closed {
            ui.colored_label(ui.visuals().warn_fg_color, why);
        }
        self.sent.status_ui(ui);
        if submit {
            match (&basis, reason_ok, &from) {
                (Ok(basis), true, Ok(from)) => {
                    cx.actions.push(Action::Run(BookOp::SetSpecific {
                        customer: id.to_string(),
                        basis: *basis,
                        reason: self.reason.trim().to_string(),
                        from: *from,
                    }));
                    self.sent = Sent::Waiting(cx.generation);
                    self.tried = false;
                }
                _ => self.tried = true,
            }
        }
        if current.is_some() || !others.is_empty() {
            ui.add_space(4.0);
            self.clear_ui(ui, cx, history, id, closed.as_deref());
        }
    }

    /// Ends the specific allowance from a date; `said` is the closed-period reason
    /// already shown above, not repeated.
    fn clear_ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        id: &str,
        said: Option<&str>,
    ) {
        let clear_from = typed_date(&self.clear_from);
        let in_force_then = clear_from.as_ref().ok().is_some_and(|d| {
            history
                .specifics
                .iter()
                .any(|s| s.customer_id == id && s.in_force(*d))
        });
        let clear_error = match &clear_from {
            Err(e) => Some(e.clone()),
            Ok(d) if !in_force_then => Some(t!("customer-specific-none-on", date = *d)),
            Ok(_) => None,
        };
        let closed = closed_reason(history, clear_from.as_ref().ok().copied());
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(t!("customer-specific-clear-from"));
            ui.add(
                egui::TextEdit::singleline(&mut self.clear_from)
                    .hint_text(t!("customer-date-hint"))
                    .desired_width(100.0),
            )
            .labelled_by(label.id);
            let enabled = clear_error.is_none() && closed.is_none() && !self.clear_sent.waiting();
            let response = ui
                .add_enabled(enabled, egui::Button::new(t!("customer-specific-clear")))
                .on_hover_text(t!("customer-specific-clear-hint"));
            let response = match &closed {
                Some(why) => response.on_disabled_hover_text(why),
                None => response,
            };
            if response.clicked()
                && let Ok(d) = clear_from
            {
                cx.actions.push(Action::Run(BookOp::ClearSpecific {
                    customer: id.to_string(),
                    from: d,
                }));
                self.clear_sent = Sent::Waiting(cx.generation);
            }
        });
        if let Some(e) = clear_error
            && !self.clear_from.trim().is_empty()
        {
            ui.colored_label(ui.visuals().error_fg_color, e);
        } else if let Some(why) = closed.as_deref().filter(|why| Some(*why) != said) {
            ui.colored_label(ui.visuals().warn_fg_color, why);
        }
        self.clear_sent.status_ui(ui);
    }
}

/// The customer's type from a date: one of the book's types or a new one.
#[derive(Default)]
pub(super) struct TypeForm {
    choice: Option<CustomerType>,
    new_name: String,
    from: String,
    tried: bool,
    sent: Sent,
}

impl TypeForm {
    /// Draws the type in force, its history and the form; a valid change goes to the
    /// shell as [`BookOp::SetType`].
    #[allow(
        clippy::too_many_arguments,
        reason = "the type reads the record and the assessment"
    )]
    pub(super) fn ui(
        &mut self,
        ui: &mut egui::Ui,
        cx: &mut ScreenContext<'_>,
        history: &BookHistory,
        id: &str,
        customer: Option<&CustomerAssessment>,
        record: Option<&CustomerRecord>,
        as_of: Option<NaiveDate>,
    ) {
        if self.sent.take_landed() {
            self.new_name.clear();
        }
        if let Some(as_of) = as_of {
            let in_force = record
                .map(|r| r.type_at(as_of))
                .or_else(|| customer.map(|c| c.customer_type.clone()));
            if let Some(t) = in_force {
                ui.label(
                    egui::RichText::new(t!(
                        "customer-type-in-force",
                        as_of = as_of,
                        customer_type = labels::customer_type(&t)
                    ))
                    .strong(),
                );
            }
        }
        if let Some(r) = record {
            for change in r.types.iter().rev() {
                let line = if change.set_by_user {
                    t!(
                        "customer-type-change-by-user",
                        from = change.effective_from,
                        customer_type = labels::customer_type(&change.customer_type)
                    )
                } else {
                    t!(
                        "customer-type-change-from-ledger",
                        from = change.effective_from,
                        customer_type = labels::customer_type(&change.customer_type)
                    )
                };
                ui.label(line);
            }
        }
        ui.separator();
        let new_type = (!self.new_name.trim().is_empty()).then(|| {
            CustomerType::parse(&self.new_name)
                .map_err(|_| t!("customer-type-name-invalid", name = self.new_name.trim()))
        });
        let chosen: Result<CustomerType, String> = match &new_type {
            Some(parsed) => parsed.clone(),
            None => self
                .choice
                .clone()
                .ok_or_else(|| t!("customer-type-choose")),
        };
        let from = typed_date(&self.from);
        let closed = closed_reason(history, from.as_ref().ok().copied());
        let mut submit = false;
        egui::Grid::new("customer_type_form")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                let label = form_label(ui, &t!("customer-type-new"));
                ui.horizontal_wrapped(|ui| {
                    let selected = self.choice.as_ref().map_or_else(
                        || t!("customer-type-choose-placeholder"),
                        labels::customer_type,
                    );
                    egui::ComboBox::from_id_salt("customer_type_choice")
                        .selected_text(selected)
                        .show_ui(ui, |ui| {
                            for t in &history.customer_types {
                                ui.selectable_value(
                                    &mut self.choice,
                                    Some(t.clone()),
                                    labels::customer_type(t),
                                );
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    if self.tried
                        && new_type.is_none()
                        && let Err(e) = &chosen
                    {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                });
                ui.end_row();
                let error = new_type.as_ref().and_then(|r| r.as_ref().err().cloned());
                labelled_field(
                    ui,
                    &t!("customer-type-new-name"),
                    &mut self.new_name,
                    &t!("customer-type-new-name-hint"),
                    160.0,
                    error.as_deref(),
                );
                let from_error = shown_error(self.tried, &self.from, from.as_ref().err());
                labelled_field(
                    ui,
                    &t!("customer-type-from"),
                    &mut self.from,
                    &t!("customer-date-hint"),
                    100.0,
                    from_error,
                );
                ui.label("");
                submit =
                    submit_button(ui, &t!("customer-type-apply"), self.sent, closed.as_deref());
                ui.end_row();
            });
        if let Some(why) = &closed {
            ui.colored_label(ui.visuals().warn_fg_color, why);
        }
        self.sent.status_ui(ui);
        if submit {
            match (chosen, from) {
                (Ok(customer_type), Ok(from)) => {
                    cx.actions.push(Action::Run(BookOp::SetType {
                        customer: id.to_string(),
                        customer_type,
                        from,
                    }));
                    self.sent = Sent::Waiting(cx.generation);
                    self.tried = false;
                }
                _ => self.tried = true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Forms, Sent, verdict};

    #[test]
    fn a_change_that_moved_the_generation_landed_and_clears_the_form() {
        let mut forms = Forms::default();
        forms.note.sent = Sent::Waiting(4);
        forms.follow_shell(4, true);
        assert!(forms.note.sent.waiting(), "running: nothing judged");
        forms.follow_shell(5, false);
        assert_eq!(forms.note.sent, Sent::Landed, "the history moved on");
        assert!(forms.note.sent.take_landed());
        assert_eq!(forms.note.sent, Sent::Nothing);
    }

    #[test]
    fn a_change_that_left_the_generation_was_refused_and_keeps_the_input() {
        let mut forms = Forms::default();
        forms.specific.sent = Sent::Waiting(4);
        forms.follow_shell(4, false);
        assert_eq!(forms.specific.sent, Sent::Refused);
        forms.follow_shell(5, false);
        assert_eq!(
            forms.specific.sent,
            Sent::Refused,
            "a later reload says nothing of it"
        );
    }

    #[test]
    fn changes_queued_together_are_judged_once_the_shell_is_idle() {
        let mut forms = Forms::default();
        forms.note.sent = Sent::Waiting(4);
        forms.kind.sent = Sent::Waiting(4);
        forms.follow_shell(5, true);
        assert!(
            forms.note.sent.waiting(),
            "one landed, the other still runs"
        );
        forms.follow_shell(6, false);
        assert_eq!(
            (forms.note.sent, forms.kind.sent),
            (Sent::Landed, Sent::Landed)
        );

        // One of two refused: which is not known, so both keep their input.
        forms.note.sent = Sent::Waiting(6);
        forms.kind.sent = Sent::Waiting(6);
        forms.follow_shell(7, false);
        assert_eq!(
            (forms.note.sent, forms.kind.sent),
            (Sent::Unsure, Sent::Unsure)
        );
        assert_eq!(verdict(6, 2, 6), Sent::Refused);
    }
}
