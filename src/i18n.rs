//! The window's languages: English and Simplified Chinese, from one message catalogue.
//!
//! Every text the window (and the memo) shows a user is a Fluent message in
//! `assets/i18n/<language>/<area>.ftl`, looked up by a stable id with [`t!`]:
//! `t!("rf-title")`, or with arguments `t!("rf-drivers", line = name, n = 3)`. The files
//! are compiled into the binary. Each area (a screen, the shell, the memo) has one file per
//! language, so a screen's texts sit together; an id is unique across all of them, and a
//! test holds that each id has both languages with the same arguments and that every id
//! the code uses exists.
//!
//! The language is per thread: the window sets it on its UI thread, and
//! [`crate::jobs::Job::spawn`] hands the spawner's language to the worker, so what a
//! worker writes (a memo, a status message) is in the window's language while tests on
//! other threads keep theirs. Amounts are formatted by [`crate::domain::money::Money`]
//! before they reach a message, so Fluent never formats money.

use std::cell::Cell;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// A language the window speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    #[serde(rename = "en")]
    English,
    /// Simplified Chinese (简体中文).
    #[serde(rename = "zh-CN")]
    Chinese,
}

impl Lang {
    /// Every language, in the order the View menu lists them.
    pub const ALL: [Lang; 2] = [Lang::English, Lang::Chinese];

    /// The language's own name, as a menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::English => "English",
            Lang::Chinese => "简体中文",
        }
    }

    /// The BCP 47 tag (`en`, `zh-CN`), also the catalogue's folder name.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::English => "en",
            Lang::Chinese => "zh-CN",
        }
    }

    /// The language of a locale such as `zh-CN`, `zh_Hans_CN.UTF-8` or `en-US`: Chinese
    /// for any `zh`, English otherwise.
    pub fn from_locale(locale: &str) -> Lang {
        let lower = locale.trim().to_ascii_lowercase();
        if lower == "zh" || lower.starts_with("zh-") || lower.starts_with("zh_") {
            Lang::Chinese
        } else {
            Lang::English
        }
    }

    /// The system's language (the first preferred locale), English when it says none.
    pub fn from_system() -> Lang {
        sys_locale::get_locale().map_or(Lang::English, |l| Lang::from_locale(&l))
    }

    fn index(self) -> usize {
        match self {
            Lang::English => 0,
            Lang::Chinese => 1,
        }
    }
}

/// One area's messages: its name and its file in each language.
pub struct Catalogue {
    /// The area (the file's stem).
    pub area: &'static str,
    /// The English file.
    pub en: &'static str,
    /// The Chinese file.
    pub zh: &'static str,
}

macro_rules! catalogue {
    ($($area:literal),* $(,)?) => {
        /// Every area of the catalogue, as compiled into the binary.
        pub const CATALOGUES: &[Catalogue] = &[$(Catalogue {
            area: $area,
            en: include_str!(concat!("../assets/i18n/en/", $area, ".ftl")),
            zh: include_str!(concat!("../assets/i18n/zh-CN/", $area, ".ftl")),
        }),*];
    };
}

catalogue!(
    "common",
    "shell",
    "overview",
    "review",
    "customer",
    "import",
    "rollforward",
    "writeoffs",
    "policy",
    "alerts",
    "audit",
    "periods",
    "memo",
    "errors",
);

type Bundle = FluentBundle<FluentResource>;

/// The bundles, English first; built once. A message that fails to parse or an id
/// given twice is left out here and caught by the catalogue's tests.
static BUNDLES: LazyLock<[Bundle; 2]> = LazyLock::new(|| Lang::ALL.map(build_bundle));

fn build_bundle(lang: Lang) -> Bundle {
    let tag = lang.tag().parse().unwrap_or_default();
    let mut bundle = Bundle::new_concurrent(vec![tag]);
    // Fluent wraps arguments in Unicode isolation marks by default; the window's fonts
    // would draw them as boxes, and every text here runs one way.
    bundle.set_use_isolating(false);
    for c in CATALOGUES {
        let text = match lang {
            Lang::English => c.en,
            Lang::Chinese => c.zh,
        };
        let resource = match FluentResource::try_new(text.to_string()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        // Errors (an id given twice) keep the first; the tests name them.
        let _ = bundle.add_resource(resource);
    }
    bundle
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::English) };
}

/// The language of this thread.
pub fn language() -> Lang {
    CURRENT.with(Cell::get)
}

/// Sets the language of this thread (the window's UI thread sets it each frame).
pub fn set_language(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// The message `id` in this thread's language, with `args`.
pub fn tr(id: &str, args: Option<&FluentArgs>) -> String {
    tr_in(language(), id, args)
}

/// The message `id` in `lang`, with `args`. A message missing in `lang` falls back to
/// English, and one missing there too shows its id (the catalogue's tests make both
/// impossible in a release).
pub fn tr_in(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let bundles = &*BUNDLES;
    for bundle in [&bundles[lang.index()], &bundles[Lang::English.index()]] {
        if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
    }
    id.to_string()
}

/// Builds Fluent arguments from `(name, value)` pairs; used by [`t!`].
pub fn args<'a>(pairs: impl IntoIterator<Item = (&'a str, FluentValue<'a>)>) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        args.set(name, value);
    }
    args
}

/// A value for a message argument: text as it is, counts as numbers (for plurals).
pub trait Arg {
    /// The Fluent value.
    fn to_arg(&self) -> FluentValue<'static>;
}

impl Arg for str {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

impl Arg for String {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}

impl<T: Arg + ?Sized> Arg for &T {
    fn to_arg(&self) -> FluentValue<'static> {
        (**self).to_arg()
    }
}

macro_rules! number_arg {
    ($($ty:ty),*) => {$(
        impl Arg for $ty {
            fn to_arg(&self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}

number_arg!(usize, u32, u64, i32, i64);

impl Arg for crate::domain::money::Money {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.grouped(crate::domain::money::NegativeStyle::Minus))
    }
}

impl Arg for chrono::NaiveDate {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}

/// A message of the catalogue in this thread's language:
/// `t!("rf-title")`, `t!("rf-customers", n = rows.len(), line = name)`.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        $crate::i18n::tr($id, None)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr(
            $id,
            Some(&$crate::i18n::args([
                $((stringify!($name), $crate::i18n::Arg::to_arg(&$value))),+
            ])),
        )
    };
}

/// The same as [`t!`] in a given language (for work that runs for a window in a
/// language other than its thread's, such as a memo in the window's language).
#[macro_export]
macro_rules! t_in {
    ($lang:expr, $id:literal) => {
        $crate::i18n::tr_in($lang, $id, None)
    };
    ($lang:expr, $id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr_in(
            $lang,
            $id,
            Some(&$crate::i18n::args([
                $((stringify!($name), $crate::i18n::Arg::to_arg(&$value))),+
            ])),
        )
    };
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast;

    use super::*;

    /// Each message id of a file with the variables its value uses.
    fn messages(text: &str, file: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = match fluent_syntax::parser::parse(text) {
            Ok(r) => r,
            Err((_, errors)) => panic!("{file} does not parse: {errors:?}"),
        };
        let mut out = BTreeMap::new();
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                assert!(m.value.is_some(), "{file}: {} has no value", m.id.name);
                let previous = out.insert(m.id.name.to_string(), vars);
                assert!(previous.is_none(), "{file}: {} is given twice", m.id.name);
            }
        }
        out
    }

    fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expression_vars(expression, vars);
            }
        }
    }

    fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, vars);
                for v in variants {
                    pattern_vars(&v.value, vars);
                }
            }
            ast::Expression::Inline(i) => inline_vars(i, vars),
        }
    }

    fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => {
                vars.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_vars(a, vars);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_message_has_both_languages_with_the_same_arguments() {
        let mut seen = BTreeMap::new();
        for c in CATALOGUES {
            let en = messages(c.en, &format!("en/{}.ftl", c.area));
            let zh = messages(c.zh, &format!("zh-CN/{}.ftl", c.area));
            let en_ids: BTreeSet<_> = en.keys().collect();
            let zh_ids: BTreeSet<_> = zh.keys().collect();
            assert_eq!(
                en_ids, zh_ids,
                "{}: the English and Chinese files name different messages",
                c.area
            );
            for (id, vars) in &en {
                assert_eq!(
                    Some(vars),
                    zh.get(id),
                    "{}: {id} takes different arguments in Chinese",
                    c.area
                );
                if let Some(other) = seen.insert(id.clone(), c.area) {
                    panic!("{id} is in both {other}.ftl and {}.ftl", c.area);
                }
            }
        }
    }

    /// Every `t!("id"` / `t_in!(lang, "id"` in the sources names a message.
    #[test]
    fn every_message_the_code_uses_exists() {
        let mut known = BTreeSet::new();
        for c in CATALOGUES {
            known.extend(messages(c.en, c.area).into_keys());
        }
        let mut missing = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut dirs = vec![root];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    // This file's docs show made-up ids.
                    && !path.ends_with("i18n.rs")
                {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    for id in used_ids(&text) {
                        if !known.contains(&id) {
                            missing.push(format!("{}: {id}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(
            missing.is_empty(),
            "messages used but not in the catalogue: {missing:#?}"
        );
    }

    /// The ids in `t!("…"` and `t_in!(…, "…"` calls of a source file.
    fn used_ids(text: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for (start, _) in text
            .match_indices("t!(")
            .chain(text.match_indices("t_in!("))
        {
            // `t!(` inside another name (`format!(`, `hint!(`) is not ours.
            let before = text[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = &text[start..];
            let Some(open) = rest.find('"') else { continue };
            // The first literal within the call's first line or two is the id.
            if rest[..open].contains(';') || rest[..open].matches('\n').count() > 2 {
                continue;
            }
            let rest = &rest[open + 1..];
            if let Some(close) = rest.find('"') {
                let id = &rest[..close];
                if !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                    ids.push(id.to_string());
                }
            }
        }
        ids
    }

    #[test]
    fn a_message_reads_in_each_language_and_arguments_fill_in() {
        assert_eq!(tr_in(Lang::English, "lang-name", None), "English");
        assert_eq!(tr_in(Lang::Chinese, "lang-name", None), "简体中文");
        let en = t_in!(Lang::English, "common-documents", n = 1usize);
        let many = t_in!(Lang::English, "common-documents", n = 3usize);
        assert_eq!((en.as_str(), many.as_str()), ("1 document", "3 documents"));
        assert_eq!(
            t_in!(Lang::Chinese, "common-documents", n = 3usize),
            "3 张单据"
        );
    }

    #[test]
    fn an_unknown_id_shows_itself_rather_than_nothing() {
        assert_eq!(
            tr_in(Lang::Chinese, "no-such-message", None),
            "no-such-message"
        );
    }

    #[test]
    fn the_language_follows_the_locale() {
        assert_eq!(Lang::from_locale("zh-CN"), Lang::Chinese);
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Chinese);
        assert_eq!(Lang::from_locale("zh-Hans-CN"), Lang::Chinese);
        assert_eq!(Lang::from_locale("en-US"), Lang::English);
        assert_eq!(Lang::from_locale("de-DE"), Lang::English);
        assert_eq!(Lang::from_locale("zu"), Lang::English);
    }

    #[test]
    fn the_language_is_per_thread() {
        set_language(Lang::Chinese);
        let other = std::thread::spawn(language).join().ok();
        assert_eq!(other, Some(Lang::English));
        assert_eq!(language(), Lang::Chinese);
        set_language(Lang::English);
    }
}
