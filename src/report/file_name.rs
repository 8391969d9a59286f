//! File names made from user data (a customer's id and name in a memo's file name, say)
//! that every desktop system accepts and that cannot leave the folder they are saved in.
//!
//! One function, [`sanitize_file_name`], used wherever a file name is built from the
//! book's contents: path separators, control and invisible formatting characters and
//! the characters Windows refuses become `_`; names Windows reserves (`CON`, `NUL`,
//! `COM1`, …, with any extension) get a leading `_`; leading dots (hidden files, `..`)
//! and trailing dots and spaces go; the name is capped at [`MAX_FILE_NAME_BYTES`] bytes of
//! UTF-8 without splitting a character and keeping a short extension. Chinese and other
//! non-ASCII letters are kept as they are.

/// The longest name [`sanitize_file_name`] returns, in bytes of UTF-8. Most file systems
/// allow 255 bytes; a little less leaves room for a ` (2)` a save dialog may add.
pub const MAX_FILE_NAME_BYTES: usize = 200;

/// What [`sanitize_file_name`] returns when nothing usable is left.
const FALLBACK: &str = "unnamed";

/// Names Windows reserves for devices, whatever the extension (`con.txt` too).
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Characters that are replaced by `_`: path separators, the characters Windows refuses
/// in a name, control characters, and invisible formatting characters (zero-width
/// spaces, byte-order marks, and the bidirectional overrides that can make
/// `memo\u{202E}fdp.exe` look like `memoexe.pdf`).
fn is_refused(c: char) -> bool {
    matches!(c, '/' | '\\' | '<' | '>' | ':' | '"' | '|' | '?' | '*')
        || c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// A file name made from `name` that every desktop system accepts and that names a file
/// in the folder it is joined to, never elsewhere (see the module docs for the rules).
/// Never empty.
pub fn sanitize_file_name(name: &str) -> String {
    let replaced: String = name
        .chars()
        .map(|c| if is_refused(c) { '_' } else { c })
        .collect();
    // Leading dots hide a file (or make `..`); Windows drops trailing dots and spaces,
    // so a name ending in them would not be the name written.
    let trimmed = replaced
        .trim_start_matches(|c: char| c == '.' || c.is_whitespace())
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    let mut out = cap_length(trimmed, MAX_FILE_NAME_BYTES);
    if out.is_empty() {
        return FALLBACK.to_string();
    }
    let stem = out.split('.').next().unwrap_or("").trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem)) {
        out.insert(0, '_');
    }
    out
}

/// Shortens `name` to at most `max` bytes without splitting a character, keeping its
/// extension when it is a short one (`.pdf`, `.xlsx`).
fn cap_length(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let extension = name
        .rfind('.')
        .map(|i| &name[i..])
        .filter(|e| e.len() <= 10 && e[1..].chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("");
    let stem = &name[..name.len() - extension.len()];
    let mut end = max.saturating_sub(extension.len()).min(stem.len());
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    let stem = stem[..end].trim_end_matches(|c: char| c == '.' || c.is_whitespace());
    format!("{stem}{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_separators_cannot_leave_the_folder() {
        assert_eq!(sanitize_file_name("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(sanitize_file_name("..\\..\\boot.ini"), "_.._boot.ini");
        assert_eq!(sanitize_file_name("/abs/path.md"), "_abs_path.md");
        assert_eq!(sanitize_file_name(".."), FALLBACK);
        assert_eq!(sanitize_file_name(".hidden"), "hidden");
    }

    #[test]
    fn characters_windows_refuses_become_underscores() {
        assert_eq!(
            sanitize_file_name("a<b>c:d\"e|f?g*h.pdf"),
            "a_b_c_d_e_f_g_h.pdf"
        );
    }

    #[test]
    fn control_and_invisible_characters_become_underscores() {
        assert_eq!(sanitize_file_name("a\nb\rc\td\0e"), "a_b_c_d_e");
        // A right-to-left override would show "memo\u{202E}fdp.exe" as "memoexe.pdf".
        assert_eq!(sanitize_file_name("memo\u{202E}fdp.exe"), "memo_fdp.exe");
        assert_eq!(sanitize_file_name("a\u{200B}b\u{FEFF}"), "a_b_");
    }

    #[test]
    fn reserved_windows_names_get_a_leading_underscore_whatever_the_case_or_extension() {
        assert_eq!(sanitize_file_name("CON"), "_CON");
        assert_eq!(sanitize_file_name("nul.pdf"), "_nul.pdf");
        assert_eq!(sanitize_file_name("Com1.tar.gz"), "_Com1.tar.gz");
        assert_eq!(sanitize_file_name("lpt9 .md"), "_lpt9 .md");
        assert_eq!(sanitize_file_name("CONSOLE.md"), "CONSOLE.md");
        assert_eq!(sanitize_file_name("COM10"), "COM10");
    }

    #[test]
    fn trailing_dots_and_spaces_go() {
        assert_eq!(sanitize_file_name("memo. . "), "memo");
        assert_eq!(sanitize_file_name("  memo.pdf  "), "memo.pdf");
        assert_eq!(sanitize_file_name(" . "), FALLBACK);
        assert_eq!(sanitize_file_name(""), FALLBACK);
    }

    #[test]
    fn chinese_names_are_kept() {
        assert_eq!(
            sanitize_file_name("核销备忘录 1 C0001 中原重型机械集团有限公司.pdf"),
            "核销备忘录 1 C0001 中原重型机械集团有限公司.pdf"
        );
    }

    #[test]
    fn a_long_name_is_capped_in_bytes_on_a_character_boundary_keeping_its_extension() {
        let long = format!("{}.pdf", "中".repeat(100)); // 300 bytes of name
        let capped = sanitize_file_name(&long);
        assert!(capped.len() <= MAX_FILE_NAME_BYTES, "{}", capped.len());
        assert!(capped.ends_with(".pdf"), "{capped}");
        assert!(capped.starts_with("中中中"));
        let ascii = sanitize_file_name(&"x".repeat(500));
        assert_eq!(ascii.len(), MAX_FILE_NAME_BYTES);
        // A long "extension" is part of the name, not kept whole.
        let odd = sanitize_file_name(&format!("a.{}", "b".repeat(400)));
        assert_eq!(odd.len(), MAX_FILE_NAME_BYTES);
    }

    #[test]
    fn an_ordinary_name_is_unchanged() {
        assert_eq!(
            sanitize_file_name("writeoff-1-C0001.md"),
            "writeoff-1-C0001.md"
        );
    }
}
