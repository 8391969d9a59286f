//! Frame time of the window on a book of 1,000,000 open items (20,000 customers),
//! measured headlessly with egui_kittest: every frame is a full `egui::Context::run` of
//! the real app (layout, tables, charts, tessellation), without a GPU.
//!
//! `cargo bench --bench frame_time` — the book is generated with the project's own
//! generator and imported once into `target/bench-data/`; later runs reuse it.
//! `AGEBOOK_BENCH_ITEMS=100000` runs on a smaller book, `AGEBOOK_BENCH_DB=PATH` on any
//! book (a copy of it: the run also times a note, a type change and a specific
//! allowance from the click until the window shows them).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark fails loudly"
)]

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use agebook::Book;
use agebook::domain::collection::NoteAction;
use agebook::domain::customer_type::CustomerType;
use agebook::domain::policy::SpecificBasis;
use agebook::generate::{LedgerSpec, write_ledger};
use agebook::gui::app::{AgebookApp, BookOp, Screen};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn book_path(items: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("frame_{items}.db"));
    if path.exists() {
        return path;
    }
    let csv = dir.join(format!("ledger_{items}.csv"));
    let as_of = "2017-12-31".parse().unwrap();
    let spec = LedgerSpec {
        customers: (items / 50).max(10),
        items,
        as_of,
        seed: 7,
    };
    write_ledger(
        &spec,
        std::io::BufWriter::new(std::fs::File::create(&csv).unwrap()),
    )
    .unwrap();
    let started = Instant::now();
    let mut book = Book::open(&path, "bench").unwrap();
    book.import_file(
        &csv,
        Some(as_of),
        false,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    eprintln!(
        "built the bench book ({items} items) in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    std::fs::remove_file(&csv).ok();
    path
}

struct Stats(Vec<Duration>);

impl Stats {
    fn report(&mut self, what: &str) {
        self.0.sort();
        let n = self.0.len();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mean = self.0.iter().sum::<Duration>() / n as u32;
        println!(
            "{what:<40} frames {n:>4}  mean {:>6.2} ms  p50 {:>6.2} ms  p95 {:>6.2} ms  max {:>6.2} ms",
            ms(mean),
            ms(self.0[n / 2]),
            ms(self.0[(n * 95 / 100).min(n - 1)]),
            ms(self.0[n - 1]),
        );
    }
}

fn timed_step(harness: &mut Harness<'_, AgebookApp>) -> Duration {
    let t = Instant::now();
    harness.step();
    t.elapsed()
}

/// Runs `op` as the window's forms do and times it until the window shows the result
/// (the history brought up to date or rebuilt, and the view of the as-of date redrawn).
fn time_change(harness: &mut Harness<'_, AgebookApp>, what: &str, op: BookOp) {
    let ctx = harness.ctx.clone();
    let generation = harness.state().generation();
    let started = Instant::now();
    harness.state_mut().change(&ctx, op);
    while !(harness.state().is_ready() && harness.state().generation() > generation) {
        harness.step();
        std::thread::sleep(Duration::from_millis(1));
    }
    harness.step();
    println!(
        "{what:<40} shown {:>7.1} ms after the click",
        started.elapsed().as_secs_f64() * 1000.0
    );
}

fn main() {
    let items: usize = std::env::var("AGEBOOK_BENCH_ITEMS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    // Any book instead, e.g. the 24 monthly ledgers of 100,000 that benches/compare.sh
    // builds: AGEBOOK_BENCH_DB=target/bench-data/compare/monthly_100000.db
    // The changes timed below are made to a copy, so the book stays as it was.
    let source = match std::env::var_os("AGEBOOK_BENCH_DB") {
        Some(db) => PathBuf::from(db),
        None => book_path(items),
    };
    let path = source.with_extension("changed.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        let from = format!("{}{suffix}", source.display());
        if std::path::Path::new(&from).exists() {
            std::fs::copy(&from, format!("{}{suffix}", path.display())).unwrap();
        }
    }
    let started = Instant::now();
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(1_000_000)
        .build_eframe(move |cc| AgebookApp::for_book(&cc.egui_ctx, path.clone(), "bench"));
    while !harness.state().is_ready() {
        harness.step();
        std::thread::sleep(Duration::from_millis(2));
    }
    let customers = harness.state().review_rows().map_or(0, |r| r.len());
    let (snapshots, items) = harness.state().history().map_or((0, 0), |h| {
        let items: i64 = h.snapshots.iter().map(|s| s.row_count).sum();
        (h.snapshots.len(), items)
    });
    println!(
        "book of {snapshots} snapshots, {items} open items, {customers} customers at the last: \
         overview drawn {:.2} s after start",
        started.elapsed().as_secs_f64()
    );

    // A note, a type and a specific allowance on the first customer of the review.
    let history = harness.state().history().cloned().unwrap();
    let as_of = history.snapshots.last().unwrap().as_of;
    let customer = harness.state().review_rows().unwrap()[0]
        .customer_id
        .clone();
    time_change(
        &mut harness,
        "a collection note",
        BookOp::AddNote {
            customer: customer.clone(),
            date: as_of,
            action: NoteAction::Call,
            outcome: String::new(),
            text: "bench".into(),
        },
    );
    time_change(
        &mut harness,
        "a type change",
        BookOp::SetType {
            customer: customer.clone(),
            customer_type: CustomerType::parse("related_party").unwrap(),
            from: as_of,
        },
    );
    time_change(
        &mut harness,
        "a specific allowance",
        BookOp::SetSpecific {
            customer,
            basis: SpecificBasis::Percent(rust_decimal::Decimal::new(5, 1)),
            reason: "bench".into(),
            from: as_of,
        },
    );

    // Switching screens: the first frame of each screen is the one that could stall.
    let mut switch = Stats(Vec::new());
    let mut slowest: Option<(Screen, Duration)> = None;
    for _ in 0..20 {
        for screen in [
            Screen::Overview,
            Screen::Review,
            Screen::Customer,
            Screen::Import,
        ] {
            harness.state_mut().show(screen);
            let frame = timed_step(&mut harness);
            if slowest.is_none_or(|(_, d)| frame > d) {
                slowest = Some((screen, frame));
            }
            switch.0.push(frame);
        }
    }
    switch.report("switching screens (first frame)");
    if let Some((screen, frame)) = slowest {
        println!(
            "{:<40} {screen:?}, {:.2} ms",
            "  the slowest first frame",
            frame.as_secs_f64() * 1000.0
        );
    }

    // Scrolling the review table (every customer) from top to bottom with the wheel.
    harness.state_mut().show(Screen::Review);
    harness.run_steps(3);
    let mut scroll = Stats(Vec::new());
    for _ in 0..300 {
        harness.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -600.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
        harness.hover_at(egui::pos2(640.0, 450.0));
        scroll.0.push(timed_step(&mut harness));
    }
    scroll.report("scrolling the review table");

    // Re-sorting the table by another column (in memory, on the UI thread).
    let mut sort = Stats(Vec::new());
    for title in ["Allowance", "Days", "Customer", "Balance ⬇"] {
        // The header is the last node with that name ("Customer" is also a tab).
        if let Some(node) = harness.query_all_by_label(title).last() {
            node.click();
        }
        sort.0.push(timed_step(&mut harness));
        sort.0.push(timed_step(&mut harness));
    }
    sort.report("sorting the review table");

    let mut idle = Stats(Vec::new());
    harness.state_mut().show(Screen::Overview);
    for _ in 0..100 {
        idle.0.push(timed_step(&mut harness));
    }
    idle.report("overview, steady");
}
