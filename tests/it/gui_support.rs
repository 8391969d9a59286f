//! What the window tests (`gui_*`) share: the app in a headless harness (egui_kittest)
//! at the size the screens are laid out for, waiting for its jobs, and the few gestures
//! a user makes (click, type, pick from a combo box, open a customer).

use std::path::Path;
use std::time::{Duration, Instant};

use agebook::gui::app::{AgebookApp, Screen};
use agebook::i18n::Lang;
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

/// The app in its test harness.
pub type App = Harness<'static, AgebookApp>;

/// The window size every test lays the screens out at.
const WINDOW: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// A date written as `YYYY-MM-DD`.
pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The app on `db` as amy, at 1280×800, once the book and the CJK font are loaded.
///
/// Chinese names need the CJK font the app looks for on the system; without one, missing
/// glyphs are allowed (they would show as boxes) rather than failing the test on the
/// machine.
pub fn app(db: &Path) -> App {
    let db = db.to_path_buf();
    let mut builder = Harness::builder().with_size(WINDOW);
    let has_cjk = agebook::gui::fonts::find_cjk_font().is_some();
    if !has_cjk {
        eprintln!("no CJK font on this system: missing glyphs allowed");
        builder = builder.allow_missing_glyphs();
    }
    let mut harness = builder.build_eframe(move |cc| AgebookApp::for_book(&cc.egui_ctx, db, "amy"));
    wait_until(&mut harness, "the book and the CJK font to load", |h| {
        h.state().is_ready() && (!has_cjk || cjk_installed(h))
    });
    harness
}

/// The app on `db` as amy, in `lang` when given, loaded, and from then on failing on any
/// glyph its fonts cannot draw.
///
/// A small book loads before the font job finishes, and the shell's "◀" is drawn in that
/// frame with the default fonts, which lack it: glyphs are allowed to be missing until the
/// book is in, then every glyph drawn must render.
pub fn app_with_strict_glyphs(db: &Path, lang: Option<Lang>) -> App {
    let db = db.to_path_buf();
    let mut harness = Harness::builder()
        .with_size(WINDOW)
        .allow_missing_glyphs()
        .build_eframe(move |cc| AgebookApp::for_book(&cc.egui_ctx, db.clone(), "amy"));
    if let Some(lang) = lang {
        harness.state_mut().set_language(lang);
    }
    wait_for_state(&mut harness, "the book and the font to load", |app| {
        app.is_ready()
    });
    harness
        .ctx
        .set_missing_glyph_policy(egui::MissingGlyphPolicy::Panic);
    harness.run_steps(2);
    harness
}

/// True once the app has added the CJK font it read on a worker.
pub fn cjk_installed(harness: &App) -> bool {
    harness
        .ctx
        .fonts(|f| f.definitions().font_data.contains_key("cjk"))
}

/// Steps the app (its jobs run on threads) until `done`, for at most a minute, then one
/// frame more.
pub fn wait_until(harness: &mut App, what: &str, mut done: impl FnMut(&mut App) -> bool) {
    let start = Instant::now();
    while !done(harness) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        harness.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    harness.step();
}

/// [`wait_until`] on the app's state alone, then three frames in all for what it
/// changed to draw.
pub fn wait_for_state(
    harness: &mut App,
    what: &str,
    mut done: impl FnMut(&mut AgebookApp) -> bool,
) {
    wait_until(harness, what, |h| done(h.state_mut()));
    harness.run_steps(2);
}

/// True when no job of the app runs.
pub fn ready(harness: &App) -> bool {
    !harness.state().is_busy()
}

/// True when some node is named `label`.
pub fn has_label(harness: &App, label: &str) -> bool {
    harness.query_all_by_label(label).next().is_some()
}

/// True when the widget named `label` (the only node of that name) is disabled.
pub fn is_disabled(harness: &App, label: &str) -> bool {
    harness.get_by_label(label).accesskit_node().is_disabled()
}

/// Clicks the widget named `label` and lets what it changes draw, first scrolling it
/// into view when it lies outside the window (scroll areas animate: a few frames).
pub fn click(harness: &mut App, label: &str) {
    let window = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 780.0));
    harness.run_steps(3);
    if !window.contains_rect(harness.get_by_label(label).rect()) {
        harness.get_by_label(label).scroll_to_me();
        harness.run_steps(10);
    }
    harness.get_by_label(label).click();
    // What a click changes (an error, a list) draws in the next frame.
    harness.step();
    harness.step();
}

/// Clicks the navigation's entry for a screen (a screen may hold a label of that name).
pub fn nav(harness: &mut App, name: &str) {
    harness.run_steps(2);
    harness
        .query_all_by_label(name)
        .find(|n| n.accesskit_node().role() == Role::Button)
        .unwrap_or_else(|| panic!("the navigation's {name}"))
        .click();
    harness.step();
    harness.step();
}

/// A primary click at a point (for what has no accessible node of its own: a point in a
/// chart, an entry of a popup list found by its rect).
pub fn press_at(harness: &mut App, pos: egui::Pos2) {
    harness.hover_at(pos);
    harness.step();
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
    }
    harness.step();
}

/// Types into the text field named `label`, after what it holds.
pub fn type_into(harness: &mut App, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.step();
}

/// Replaces what the text field named `label` holds with `text`, as a user selecting
/// all of it and typing does.
pub fn replace_text(harness: &mut App, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.step();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.step();
    harness.get_by_label(label).type_text(text);
    harness.step();
    harness.step();
}

/// Opens the combo box named `label` and picks `option` from its list.
pub fn choose(harness: &mut App, label: &str, option: &str) {
    let combo = harness
        .query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == Role::ComboBox)
        .unwrap_or_else(|| panic!("the combo box {label}"))
        .rect();
    press_at(harness, combo.center());
    harness.run_steps(3);
    let entry = harness
        .query_all_by_label(option)
        .find(|n| {
            let role = n.accesskit_node().role();
            role != Role::Label && role != Role::ComboBox
        })
        .unwrap_or_else(|| panic!("{option} in the list of {label}"))
        .rect();
    press_at(harness, entry.center());
    harness.run_steps(2);
}

/// Selects the snapshot at `as_of` in the top bar's as-of combo box and waits for its
/// view.
pub fn go_to(harness: &mut App, as_of: NaiveDate) {
    choose(harness, "As of", &as_of.to_string());
    wait_until(harness, "the selected snapshot", |h| {
        ready(h) && h.state().as_of() == Some(as_of)
    });
}

/// Opens the customer screen from the navigation and the customer `id` through the
/// finder.
pub fn open_customer(harness: &mut App, id: &str) {
    find_customer(harness, id, id);
}

/// Opens the customer screen, types `query` into the finder, then clicks `id` among the
/// matches.
pub fn find_customer(harness: &mut App, query: &str, id: &str) {
    nav(harness, "Customer");
    assert_eq!(harness.state().screen(), Screen::Customer);
    type_into(harness, "Find a customer", query);
    // The matches open in a popup, which shows from the frame after its first layout.
    harness.step();
    harness.get_by_label_contains(&format!("{id}  ")).click();
    harness.run_steps(2);
    assert_eq!(harness.state().customer_screen().customer_id(), Some(id));
}
