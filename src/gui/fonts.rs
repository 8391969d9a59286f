//! Chinese names need a CJK font, which egui does not ship. We look for one the system
//! has (Noto Sans CJK, WenQuanYi, Microsoft YaHei, PingFang, …), read it on a worker
//! (these files weigh 15–90 MB) and add it as a fallback behind egui's own fonts. When
//! none is found, Chinese characters show as boxes and the status bar says so.

use std::path::PathBuf;

/// Font files to try, with the face index inside a collection (`.ttc`), in order.
const CANDIDATES: &[(&str, u32)] = &[
    // Linux: Debian/Ubuntu fonts-noto-cjk, Fedora google-noto-sans-cjk, Arch noto-fonts-cjk.
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        2,
    ),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    (
        "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
        0,
    ),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    // Windows.
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\simhei.ttf", 0),
    ("C:\\Windows\\Fonts\\simsun.ttc", 0),
    // macOS.
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("/System/Library/Fonts/STHeiti Light.ttc", 0),
    ("/System/Library/Fonts/Hiragino Sans GB.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
];

/// How far the CJK glyphs are lifted, as a fraction of the font size (negative is up).
const CJK_LIFT: f32 = -0.1;

/// A CJK font read from disk.
pub struct CjkFont {
    /// Where it came from.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Face index in a collection.
    pub index: u32,
}

/// Reads the first CJK font found (blocking: call it on a worker). `AGEBOOK_CJK_FONT`
/// names a file to use instead.
pub fn find_cjk_font() -> Option<CjkFont> {
    let custom = std::env::var_os("AGEBOOK_CJK_FONT").map(|p| (PathBuf::from(p), 0));
    let candidates = custom
        .into_iter()
        .chain(CANDIDATES.iter().map(|(p, i)| (PathBuf::from(p), *i)));
    for (path, index) in candidates {
        if let Ok(bytes) = std::fs::read(&path) {
            return Some(CjkFont { path, bytes, index });
        }
    }
    None
}

/// Adds the font as the last fallback of both families.
pub fn install(ctx: &egui::Context, font: CjkFont) {
    let mut data = egui::FontData::from_owned(font.bytes);
    data.index = font.index;
    // CJK faces sit their ideographs lower on the line than egui's Latin font: in a row
    // of a table a Chinese name would hang about a pixel and a half below the customer
    // id beside it. Lift them by a tenth of the size so both centre on the row.
    data.tweak.y_offset_factor = CJK_LIFT;
    ctx.add_font(egui::epaint::text::FontInsert::new(
        "cjk",
        data,
        vec![
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Proportional,
                priority: egui::epaint::text::FontPriority::Lowest,
            },
            egui::epaint::text::InsertFontFamily {
                family: egui::FontFamily::Monospace,
                priority: egui::epaint::text::FontPriority::Lowest,
            },
        ],
    ));
}
