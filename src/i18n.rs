//! The interface language: what mailcheck says to its user, in English, Italian or Russian.
//!
//! Every sentence mailcheck shows is a message of Project Fluent in `locales/<lang>/mailcheck.ftl`
//! (embedded at build time), named by an id and filled with arguments: [`Msg`] is such a
//! message not yet put into words, [`Msg::text`] says it in one language. Findings carry
//! [`Msg`]s, so the checking core never needs to know who reads them; the CLI resolves the
//! language once ([`resolve`]: `[ui] language`, else the locale, else English) and the
//! renderers say every message in it. Quoted excerpts are arguments and stay as written.
//!
//! See `docs/language.md` for how to add a message.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::lang::Lang;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: the output goes to terminals, JSON and
        // tests, and English must stay byte for byte what it was.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

// The loader reads the folder inside a macro; naming the files here makes cargo rebuild when
// one changes, and gives the tests their text.
pub const FTL: [(Lang, &str); 3] = [
    (
        Lang::En,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/en/mailcheck.ftl"
        )),
    ),
    (
        Lang::It,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/it/mailcheck.ftl"
        )),
    ),
    (
        Lang::Ru,
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/ru/mailcheck.ftl"
        )),
    ),
];

static IDS: LazyLock<[LanguageIdentifier; 3]> = LazyLock::new(|| {
    Lang::ALL.map(|l| {
        l.code()
            .parse()
            .unwrap_or_else(|_| LanguageIdentifier::default())
    })
});

fn langid(lang: Lang) -> &'static LanguageIdentifier {
    let i = Lang::ALL.iter().position(|&l| l == lang).unwrap_or(0);
    &IDS[i]
}

/// One argument of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text shown as it is (a quoted excerpt, an address, a date).
    Str(String),
    /// A number: shown as digits, and what plural forms are chosen by.
    Num(i64),
    /// Another message, said in the same language.
    Msg(Msg),
    /// Messages said in the same language, joined with ", ".
    List(Vec<Msg>),
    /// Times, each in its zone, in the language's words ("Mon 23 Nov 09:00 Europe/Rome"),
    /// joined with " = " (one moment in several zones).
    Times(Vec<(DateTime<Utc>, Tz)>),
    /// Business hours ("Mon–Fri 09:00–18:00", `BusinessHours::describe`), day names in the
    /// language's words.
    Hours {
        days: [bool; 7],
        open: chrono::NaiveTime,
        close: chrono::NaiveTime,
    },
}

impl Arg {
    /// Someone's business hours.
    pub fn hours(h: &crate::calendar::BusinessHours) -> Self {
        Arg::Hours {
            days: h.days,
            open: h.open,
            close: h.close,
        }
    }

    /// One time in a zone ([`Arg::Times`] of one).
    pub fn time(at: DateTime<Utc>, tz: Tz) -> Self {
        Arg::Times(vec![(at, tz)])
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
impl From<Msg> for Arg {
    fn from(m: Msg) -> Self {
        Arg::Msg(m)
    }
}
impl From<Vec<Msg>> for Arg {
    fn from(m: Vec<Msg>) -> Self {
        Arg::List(m)
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
num_arg!(usize, u64, u32, i64, i32);

/// A message by id with its arguments, said in a language by [`Msg::text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// A message in English (a library error's `Display`, logs); what a user reads is said with
/// [`Msg::text`] in their language.
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en())
    }
}

/// Where a message goes out as data without a reader (a draft serialised whole): its English.
/// What a user reads is said with [`Msg::text`] in their language.
impl serde::Serialize for Msg {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.en())
    }
}

/// `msg!("id")`, `msg!("id", words = n, excerpt = text)`: a [`Msg`].
#[macro_export]
macro_rules! msg {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg {
            id: $id,
            args: vec![$((stringify!($name), $crate::i18n::Arg::from($value))),*],
        }
    };
}

impl Msg {
    pub fn new(id: &'static str) -> Self {
        Msg {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The message in `lang` (in English where `lang` lacks it; the id itself, where no
    /// language has it, which the tests over the .ftl files rule out).
    pub fn text(&self, lang: Lang) -> String {
        say(lang, self.id, self.args.iter().map(|(n, v)| (*n, v)))
    }

    /// The message in English (tests, logs).
    pub fn en(&self) -> String {
        self.text(Lang::En)
    }
}

/// Message `id` with `args`, in `lang` ([`Msg::text`] for an id that is not in the code: one read
/// back from a queue entry). An id no language has is shown as it is.
pub fn say<'a>(lang: Lang, id: &str, args: impl Iterator<Item = (&'a str, &'a Arg)>) -> String {
    let mut fluent: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
    for (name, value) in args {
        let v = match value {
            Arg::Str(s) => FluentValue::from(s.clone()),
            Arg::Num(n) => FluentValue::from(*n),
            Arg::Msg(m) => FluentValue::from(m.text(lang)),
            Arg::List(ms) => FluentValue::from(
                ms.iter()
                    .map(|m| m.text(lang))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Arg::Hours { days, open, close } => {
                FluentValue::from(hours_in(*days, *open, *close, lang))
            }
            Arg::Times(ts) => FluentValue::from(
                ts.iter()
                    .map(|(t, tz)| time_in(*t, *tz, lang))
                    .collect::<Vec<_>>()
                    .join(" = "),
            ),
        };
        fluent.insert(Cow::Owned(name.to_string()), v);
    }
    let args = (!fluent.is_empty()).then_some(&fluent);
    LOCALES
        .try_lookup_complete(langid(lang), id, args)
        .unwrap_or_else(|| id.to_string())
}

/// What rule `id` looks at, in `lang` (`rule-<id>` in the .ftl files; `english`, the summary of
/// the rule's declaration, where a language lacks it). Takes the id, not the rule: the registry
/// names `i18n` (through `Finding`), so `i18n` must not name the registry.
pub fn rule_summary(lang: Lang, id: &str, english: &str) -> String {
    LOCALES
        .try_lookup(langid(lang), &format!("rule-{id}"))
        .unwrap_or_else(|| english.to_string())
}

/// A `report` category's name in `lang` (`category-<name>` in the .ftl files); a category of
/// the user's own (a list in their `report.toml`) keeps the name they gave it.
pub fn category_name(lang: Lang, name: &str) -> String {
    LOCALES
        .try_lookup(langid(lang), &format!("category-{name}"))
        .unwrap_or_else(|| name.to_string())
}

/// A time in `lang`'s words for chrono's `format` (`%a %d %b %H:%M`: "Mon 23 Nov 09:00",
/// "lun 23 nov 09:00", "пн 23 ноя 09:00"); English exactly as chrono's own `format`.
pub fn format_time<Tz: chrono::TimeZone>(t: &chrono::DateTime<Tz>, fmt: &str, lang: Lang) -> String
where
    Tz::Offset: std::fmt::Display,
{
    match lang {
        Lang::En => t.format(fmt).to_string(),
        Lang::It => t.format_localized(fmt, chrono::Locale::it_IT).to_string(),
        Lang::Ru => t.format_localized(fmt, chrono::Locale::ru_RU).to_string(),
    }
}

/// "Mon 23 Nov 09:00 Europe/Rome" (`crate::calendar::format_in`) in `lang`'s words.
pub fn time_in(t: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    format!(
        "{} {}",
        format_time(&t.with_timezone(&tz), "%a %d %b %H:%M", lang),
        tz.name()
    )
}

/// A weekday's short name, Monday = 0: "Mon", "lun", "Пн".
pub fn weekday_in(monday_based: usize, lang: Lang) -> String {
    use chrono::{Days, NaiveDate};
    // A Monday, and the six days after it.
    let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
    let d = monday
        .checked_add_days(Days::new((monday_based % 7) as u64))
        .unwrap_or(monday);
    format_time(&d.and_time(chrono::NaiveTime::MIN).and_utc(), "%a", lang)
}

/// "Mon–Fri 09:00–18:00" in `lang`'s day names ("lun–ven", "Пн–Пт").
pub fn hours_in(
    days: [bool; 7],
    open: chrono::NaiveTime,
    close: chrono::NaiveTime,
    lang: Lang,
) -> String {
    let name = |i: u64| weekday_in(i as usize, lang);
    let shown = if days == [true, true, true, true, true, false, false] {
        format!("{}–{}", name(0), name(4))
    } else {
        (0..7u64)
            .filter(|&i| days[i as usize])
            .map(name)
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("{shown} {}–{}", open.format("%H:%M"), close.format("%H:%M"))
}

/// A message without arguments, in `lang`.
pub fn tr(lang: Lang, id: &'static str) -> String {
    Msg::new(id).text(lang)
}

/// The language a locale name stands for: `it_IT.UTF-8` or `it` is Italian, `ru_RU.UTF-8`
/// Russian; anything else (`C`, `POSIX`, `en_GB.UTF-8`, `de_DE`) English.
pub fn from_locale(locale: &str) -> Lang {
    let code = locale
        .split(['_', '.', '@', '-'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match code.as_str() {
        "it" => Lang::It,
        "ru" => Lang::Ru,
        _ => Lang::En,
    }
}

/// The locale variables, in the order POSIX gives them weight.
pub const LOCALE_VARS: [&str; 3] = ["LC_ALL", "LC_MESSAGES", "LANG"];

/// The interface language: `configured` (`[ui] language`) if set, else the first of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` that is set and not empty, else English. `var` reads a variable (the
/// CLI passes the process environment; tests pass their own).
pub fn resolve(configured: Option<Lang>, var: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(lang) = configured {
        return lang;
    }
    LOCALE_VARS
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))
        .map_or(Lang::En, |v| from_locale(&v))
}

/// [`resolve`] over the process environment.
pub fn resolve_from_env(configured: Option<Lang>) -> Lang {
    resolve(configured, |name| std::env::var(name).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    use fluent_syntax::ast;

    /// Every message (and term) of one .ftl file with the variables it uses.
    fn messages(lang: Lang, text: &str) -> BTreeMap<String, Vec<String>> {
        let res = fluent_syntax::parser::parse(text)
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", lang.code()));
        let mut out = BTreeMap::new();
        for entry in res.body {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_string(), m.value, m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(t.value), t.attributes),
                ast::Entry::Junk { content } => panic!("{}: junk {content:?}", lang.code()),
                _ => continue,
            };
            let mut vars = Vec::new();
            if let Some(p) = &value {
                pattern_vars(p, &mut vars);
            }
            for a in &attributes {
                pattern_vars(&a.value, &mut vars);
            }
            vars.sort();
            vars.dedup();
            assert!(
                out.insert(id.clone(), vars).is_none(),
                "{}: {id} twice",
                lang.code()
            );
        }
        out
    }

    fn pattern_vars(p: &ast::Pattern<&str>, out: &mut Vec<String>) {
        for el in &p.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                expr_vars(expression, out);
            }
        }
    }

    fn expr_vars(e: &ast::Expression<&str>, out: &mut Vec<String>) {
        match e {
            ast::Expression::Select { selector, variants } => {
                inline_vars(selector, out);
                for v in variants {
                    pattern_vars(&v.value, out);
                }
            }
            ast::Expression::Inline(i) => inline_vars(i, out),
        }
    }

    fn inline_vars(i: &ast::InlineExpression<&str>, out: &mut Vec<String>) {
        match i {
            ast::InlineExpression::VariableReference { id } => out.push(id.name.to_string()),
            ast::InlineExpression::FunctionReference { arguments, .. } => {
                for a in &arguments.positional {
                    inline_vars(a, out);
                }
            }
            ast::InlineExpression::Placeable { expression } => expr_vars(expression, out),
            _ => {}
        }
    }

    #[test]
    fn every_message_is_in_every_language_with_the_same_variables() {
        let all: Vec<(Lang, BTreeMap<String, Vec<String>>)> = FTL
            .iter()
            .map(|(lang, text)| (*lang, messages(*lang, text)))
            .collect();
        let (_, en) = &all[0];
        assert!(en.len() > 50, "the English file has {} messages", en.len());
        for (lang, other) in &all[1..] {
            for (id, vars) in en {
                let Some(theirs) = other.get(id) else {
                    panic!("{id} is missing in locales/{}/mailcheck.ftl", lang.code());
                };
                assert_eq!(vars, theirs, "{id}: variables differ in {}", lang.code());
            }
            for id in other.keys() {
                assert!(en.contains_key(id), "{id} is only in {}", lang.code());
            }
        }
    }

    #[test]
    fn every_message_says_something_in_every_language() {
        // Each message formats in its own language without an error (no fallback to English)
        // when given every variable it names.
        for (lang, text) in FTL {
            for (id, vars) in messages(lang, text)
                .iter()
                .filter(|(id, _)| !id.starts_with('-'))
            {
                let args: HashMap<&str, FluentValue> = vars
                    .iter()
                    .map(|v| (v.as_str(), FluentValue::from(1)))
                    .collect();
                let said = LOCALES
                    .lookup_single_language(langid(lang), id, Some(&args))
                    .unwrap_or_else(|e| panic!("{}: {id}: {e}", lang.code()));
                assert!(!said.trim().is_empty(), "{}: {id} is empty", lang.code());
            }
        }
    }

    #[test]
    fn russian_plurals_of_findings() {
        let said = |n: usize| msg!("count-errors", count = n).text(Lang::Ru);
        assert_eq!(said(1), "1 ошибка");
        assert_eq!(said(2), "2 ошибки");
        assert_eq!(said(5), "5 ошибок");
        assert_eq!(said(11), "11 ошибок");
        assert_eq!(said(21), "21 ошибка");
        assert_eq!(said(22), "22 ошибки");
        let warned = |n: usize| msg!("count-warnings", count = n).text(Lang::Ru);
        assert_eq!(warned(1), "1 предупреждение");
        assert_eq!(warned(3), "3 предупреждения");
        assert_eq!(warned(11), "11 предупреждений");
    }

    #[test]
    fn locale_names() {
        assert_eq!(from_locale("it_IT.UTF-8"), Lang::It);
        assert_eq!(from_locale("ru_RU.UTF-8"), Lang::Ru);
        assert_eq!(from_locale("ru"), Lang::Ru);
        assert_eq!(from_locale("it_CH@euro"), Lang::It);
        assert_eq!(from_locale("C"), Lang::En);
        assert_eq!(from_locale("POSIX"), Lang::En);
        assert_eq!(from_locale("C.UTF-8"), Lang::En);
        assert_eq!(from_locale("de_DE.UTF-8"), Lang::En);
        assert_eq!(from_locale("en_US.UTF-8"), Lang::En);
    }

    #[test]
    fn precedence_config_then_lc_all_then_lc_messages_then_lang() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let all = &[
            ("LC_ALL", "ru_RU.UTF-8"),
            ("LC_MESSAGES", "it_IT.UTF-8"),
            ("LANG", "it_IT.UTF-8"),
        ];
        assert_eq!(resolve(None, env(all)), Lang::Ru);
        assert_eq!(resolve(Some(Lang::En), env(all)), Lang::En);
        assert_eq!(resolve(Some(Lang::It), env(&[])), Lang::It);
        // Empty means unset: the next variable decides.
        let empty_all = &[
            ("LC_ALL", ""),
            ("LC_MESSAGES", "ru_RU.UTF-8"),
            ("LANG", "it"),
        ];
        assert_eq!(resolve(None, env(empty_all)), Lang::Ru);
        assert_eq!(resolve(None, env(&[("LANG", "it_IT.UTF-8")])), Lang::It);
        // The first set variable decides, even when it names no language of ours.
        let c_first = &[("LC_ALL", "C"), ("LANG", "ru_RU.UTF-8")];
        assert_eq!(resolve(None, env(c_first)), Lang::En);
        assert_eq!(resolve(None, env(&[])), Lang::En);
    }

    #[test]
    fn every_rule_says_what_it_looks_at_in_every_language() {
        for rule in crate::rules::RULES {
            let info = rule.info();
            // English is the rule's own summary, word for word.
            let id = format!("rule-{}", info.id);
            let en = LOCALES.lookup_single_language::<&str>(langid(Lang::En), &id, None);
            assert_eq!(en.as_deref().ok(), Some(info.summary), "{id}");
            for lang in [Lang::It, Lang::Ru] {
                let said = LOCALES.lookup_single_language::<&str>(langid(lang), &id, None);
                assert!(said.is_ok(), "{id} in {}", lang.code());
            }
        }
    }

    #[test]
    fn times_in_english_are_what_the_calendar_writes() {
        let t = DateTime::parse_from_rfc3339("2026-11-21T23:00:00+01:00")
            .expect("time")
            .with_timezone(&Utc);
        let tz: Tz = "Europe/Rome".parse().expect("zone");
        assert_eq!(time_in(t, tz, Lang::En), crate::calendar::format_in(t, tz));
        assert_eq!(time_in(t, tz, Lang::It), "sab 21 nov 23:00 Europe/Rome");
        let m = msg!(
            "off-hours-help",
            next = Arg::Times(vec![(t, tz), (t, chrono_tz::Asia::Tokyo)])
        );
        assert_eq!(
            m.en(),
            "defer it; next good time: Sat 21 Nov 23:00 Europe/Rome = Sun 22 Nov 07:00 Asia/Tokyo"
        );
    }

    #[test]
    fn business_hours_in_english_are_what_the_calendar_writes() {
        let tz: Tz = "Europe/Rome".parse().expect("zone");
        let mut h = crate::calendar::BusinessHours::standard(tz);
        let said =
            |h: &crate::calendar::BusinessHours, lang| hours_in(h.days, h.open, h.close, lang);
        assert_eq!(said(&h, Lang::En), h.describe());
        assert_eq!(said(&h, Lang::It), "lun–ven 09:00–18:00");
        assert_eq!(said(&h, Lang::Ru), "Пн–Пт 09:00–18:00");
        h.days = [true, false, true, false, false, false, true];
        assert_eq!(said(&h, Lang::En), h.describe());
    }

    #[test]
    fn arguments_stay_verbatim_and_numbers_plain() {
        let m = msg!("count-errors", count = 1234usize);
        assert_eq!(m.en(), "1234 errors");
    }
}
