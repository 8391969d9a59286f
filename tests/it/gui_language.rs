//! The window in Chinese: the navigation, the overview's headings and figures, the
//! review's columns and the import screen's findings read in Chinese, with the same
//! figures as in English.

use std::path::{Path, PathBuf};

use agebook::Book;
use agebook::domain::money::NegativeStyle;
use agebook::gui::app::Screen;
use agebook::i18n::Lang;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

use crate::gui_support::{app_with_strict_glyphs, has_label, type_into, wait_for_state};
use crate::support::{book_with, demo_book, fixture};

#[test]
fn in_chinese_the_navigation_and_the_overview_read_in_chinese_with_the_same_figures() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_book(dir.path());
    let book = Book::open(&path, "amy").unwrap();
    let assessment = book.assess("2017-06-30".parse().unwrap()).unwrap();
    let mut harness = app_with_strict_glyphs(&path, Some(Lang::Chinese));
    assert_eq!(harness.state().screen(), Screen::Overview);

    // The navigation.
    for tab in ["总览", "长账龄审阅", "客户", "导入"] {
        harness.get_by_role_and_label(Role::Button, tab);
    }
    assert!(!has_label(&harness, "Overview"), "the tab reads in Chinese");

    // The headline captions and the matrix: its heading, the type column, the buckets.
    for text in [
        "应收账款合计",
        "坏账准备",
        "计提比例",
        "逾期一年以上",
        "有余额的客户",
        "账龄分析（按客户类型，CNY）",
        "客户类型",
        "未逾期",
        "国有企业",
        "关联方",
        "合计",
        "逐月趋势",
    ] {
        assert!(has_label(&harness, text), "{text} is on the overview");
    }
    assert!(!has_label(&harness, "Aging by customer type (CNY)"));
    assert!(!has_label(&harness, "state owned"));
    // The figures are the book's, to the fen, in the headline and the total row.
    let total = assessment.total_balance().grouped(NegativeStyle::Minus);
    assert_eq!(harness.get_all_by_label(&total).count(), 2, "{total}");

    // The review's columns sort in Chinese, and its count says how many customers.
    harness
        .get_by_role_and_label(Role::Button, "长账龄审阅")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().screen(), Screen::Review);
    harness.get_by_label("余额 ⬇");
    harness.get_by_label("逾期天数超过");
    let rows = harness.state().review_rows().unwrap().len();
    harness.get_by_label(&format!("{rows} 个客户中显示 {rows} 个"));
}

/// A copy of the April fixture ledger with a bad document date on line 3.
fn broken_ledger(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(fixture("ar_2016-04-30.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fields: Vec<String> = lines[2].split(',').map(str::to_string).collect();
    fields[4] = "2016-13-45".into();
    lines[2] = fields.join(",");
    let broken = dir.join("broken_2016-04-30.csv");
    std::fs::write(&broken, lines.join("\n") + "\n").unwrap();
    broken
}

#[test]
fn in_chinese_the_import_screen_shows_a_broken_files_problem_with_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = book_with(
        dir.path(),
        &[
            "ar_2016-01-31.csv",
            "ar_2016-02-29.csv",
            "ar_2016-03-31.csv",
        ],
    );
    let broken = broken_ledger(dir.path());
    let mut harness = app_with_strict_glyphs(&path, Some(Lang::Chinese));
    harness.get_by_role_and_label(Role::Button, "导入").click();
    harness.run_steps(2);
    assert_eq!(harness.state().screen(), Screen::Import);
    harness.get_by_label("选择文件…");
    harness.get_by_label("也可以把台账文件（CSV、TXT、XLSX、XLS）拖到本窗口。");
    harness.get_by_label("文件应包含的内容");

    harness.state_mut().import_screen_mut().choose(broken);
    wait_for_state(&mut harness, "the preview", |app| {
        let s = app.import_screen_mut();
        !s.is_working() && s.preview().is_some()
    });
    let preview = harness
        .state_mut()
        .import_screen_mut()
        .preview()
        .unwrap()
        .clone();
    assert_eq!(preview.problems.len(), 1);
    assert_eq!(preview.problems[0].at.line, 3);
    assert_eq!(
        preview.problems[0].at.column,
        Some((5, "document_date".to_string()))
    );
    // The problem in Chinese, with its line, column and the value as the file has it.
    harness.get_by_label("错误 · 第 3 行第 5 列（document_date）：“2016-13-45”不是日期");
    harness.get_by_label("1 处错误");
    harness.get_by_label(&format!("{} 行", preview.row_count));
    // Import stays disabled, and says why in Chinese.
    assert_eq!(
        harness.state_mut().import_screen_mut().import_blocked(),
        Some("请先修正下方的 1 处错误")
    );
    assert!(
        harness
            .get_by_label("导入台账")
            .accesskit_node()
            .is_disabled()
    );
    harness.check_accessibility();
}

#[test]
fn in_chinese_a_change_the_book_refuses_says_why_in_chinese_naming_the_close() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_book(dir.path());
    let mut harness = app_with_strict_glyphs(&path, Some(Lang::Chinese));
    harness.state_mut().open_customer("C0008");
    wait_for_state(&mut harness, "C0008's documents", |app| app.is_ready());
    harness.run_steps(3);
    assert!(
        has_label(&harness, "INV-2017-00682"),
        "C0008's documents show"
    );
    type_into(&mut harness, "比例（%）", "50");
    type_into(&mut harness, "理由", "长期拖欠，计提一半");

    // Another user closes June 2017 after the window loaded: the form still offers the
    // change, and the book refuses it inside its transaction.
    Book::open(&path, "zhang.wei")
        .unwrap()
        .close_period("2017-06-30".parse().unwrap())
        .unwrap();
    harness
        .get_by_role_and_label(Role::Button, "设定单项计提")
        .click();
    harness.run_steps(2);
    wait_for_state(&mut harness, "the refusal", |app| {
        app.is_ready() && app.error().is_some()
    });
    let error = harness.state().error().unwrap().to_string();
    assert_eq!(
        error,
        "设置 C0008 的单项计提失败：账簿已结账至 2017-06-30，2017-06-30 的单项计提\
         属于已结账期间；如需修改，请填写理由反结账该期间"
    );
    assert!(!error.contains("closed"), "no English: {error}");
}
