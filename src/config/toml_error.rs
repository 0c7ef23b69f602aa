//! A config file's TOML errors, said without a word of the file's own text.
//!
//! `toml`'s own `Display` quotes the offending source line (`5 | password = "hunter2"`), and
//! serde's messages quote the value (`invalid type: string "hunter2", expected u16`): any line of
//! a config may hold a secret, so neither is ever shown. What is said instead: the file, the
//! line and column, the key (its dotted path) and what is wrong, in the interface language; a
//! key that is a literal password gets how to give the password instead. Lint-data files
//! (`lints/*.toml`) hold no secrets and keep `toml`'s snippets (`crate::lexicon`).

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::ConfigError;
use crate::i18n::Msg;
use crate::msg;

/// Keys that can only mean a password written out (every section with a password offers
/// `password_command` and `password_env` instead).
const LITERAL_SECRET_KEYS: &[&str] =
    &["password", "passwd", "pass", "pwd", "pw", "secret", "token"];

/// `text` (the contents of `path`) read as `T`; an error is a [`ConfigError::Toml`].
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| {
        // A document that is not TOML at all is told by the parser's own words (which never
        // quote the text); one that is TOML but not a config, by the schema's, scrubbed.
        let syntax = text.parse::<toml::Table>().is_err();
        from_toml(path, Some(text), &e, syntax)
    })
}

/// A table (already known to be TOML) as `T`: no line and column, as a table has none.
pub fn from_table<T: DeserializeOwned>(path: &Path, table: toml::Table) -> Result<T, ConfigError> {
    table
        .try_into()
        .map_err(|e: toml::de::Error| from_toml(path, None, &e, false))
}

/// The error of `toml`, said safely.
pub fn from_toml(
    path: &Path,
    text: Option<&str>,
    e: &toml::de::Error,
    syntax: bool,
) -> ConfigError {
    let at = match (text, e.span()) {
        (Some(text), Some(span)) => Some(line_column(text, span.start)),
        _ => None,
    };
    let mut key = keys_of(e);
    let message = if syntax {
        msg!("config-toml-syntax", detail = e.message())
    } else {
        let (message, field) = describe(e.message());
        if let Some(f) = field {
            key = Some(match key {
                Some(k) => format!("{k}.{f}"),
                None => f,
            });
        }
        message
    };
    ConfigError::Toml {
        path: path.to_path_buf(),
        at,
        key,
        message,
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, text[start..offset].chars().count() + 1)
}

/// The dotted path of the table the error is in: `toml` keeps it, and writes it (`in
/// \`smtp.accounts\``) only when it has no source text to show, so that is how it is read.
/// An account's name (an address, with dots) is quoted as in the file:
/// `smtp.accounts."anna@desk.example"`.
fn keys_of(e: &toml::de::Error) -> Option<String> {
    let mut bare = e.clone();
    bare.set_input(None);
    let shown = bare.to_string();
    let keys = shown
        .trim_end()
        .rsplit_once("\nin `")
        .and_then(|(_, k)| k.strip_suffix('`'))
        .filter(|k| !k.is_empty())?;
    for table in ["smtp.accounts.", "imap.accounts."] {
        if let Some(name) = keys.strip_prefix(table) {
            return Some(format!("{table}{name:?}"));
        }
    }
    Some(keys.to_string())
}

/// What a schema error of serde's says, without the value it quotes; and the field it names
/// (an unknown or a missing one), to add to the key.
fn describe(message: &str) -> (Msg, Option<String>) {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((field, tail)) = rest.split_once('`')
    {
        let known = tail
            .strip_prefix(", expected one of ")
            .or_else(|| tail.strip_prefix(", expected "))
            .unwrap_or("");
        let offers = |k: &str| known.contains(&format!("`{k}`"));
        let secret = LITERAL_SECRET_KEYS.contains(&field.to_ascii_lowercase().as_str())
            && (offers("password_command") || offers("password_env"));
        let m = if secret {
            msg!("config-toml-secret")
        } else if known.is_empty() {
            msg!("config-toml-unknown-key-none")
        } else {
            msg!("config-toml-unknown-key", known = known)
        };
        return (m, Some(field.to_string()));
    }
    if let Some(rest) = message.strip_prefix("missing field `")
        && let Some((field, _)) = rest.split_once('`')
    {
        return (msg!("config-toml-missing"), Some(field.to_string()));
    }
    if let Some(rest) = message.strip_prefix("duplicate field `")
        && let Some((field, _)) = rest.split_once('`')
    {
        return (msg!("config-toml-duplicate"), Some(field.to_string()));
    }
    // What serde expected is the schema's (`u16`, `a string`, `one of ...`), never the file's;
    // what it found is the file's value, and is left out.
    let expected = message.rsplit_once(", expected ").map(|(_, e)| e);
    if message.starts_with("invalid type: ")
        && let Some(expected) = expected
    {
        return (msg!("config-toml-type", expected = expected), None);
    }
    if message.starts_with("invalid value: ")
        && let Some(expected) = expected
    {
        return (msg!("config-toml-value", expected = expected), None);
    }
    if message.starts_with("unknown variant `") {
        let allowed = expected
            .map(|e| e.trim_start_matches("one of ").to_string())
            .unwrap_or_default();
        return (msg!("config-toml-variant", allowed = allowed), None);
    }
    if message.starts_with("invalid length ") {
        return (msg!("config-toml-other", detail = message), None);
    }
    (msg!("config-toml-other", detail = scrub(message)), None)
}

/// Anything quoted in a message of unknown shape, left out: a value is quoted (`"..."`, or in
/// backticks), the words around it are the parser's.
fn scrub(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in message.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                    out.push('…');
                    out.push(c);
                }
            }
            None => {
                out.push(c);
                if c == '"' || c == '`' || c == '\'' {
                    quote = Some(c);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigFile;
    use crate::lang::Lang;

    fn error_of(text: &str) -> (String, ConfigError) {
        let e = parse::<ConfigFile>(Path::new("c.toml"), text).unwrap_err();
        (e.to_string(), e)
    }

    #[test]
    fn a_literal_password_is_never_shown_and_the_way_to_do_it_is() {
        for (text, key, line) in [
            (
                "[smtp]\nhost = \"smtp.example.com\"\nusername = \"me\"\npassword = \"hunter2\"\n",
                "smtp.password",
                4,
            ),
            (
                "[serve]\nusername = \"me\"\npassword = \"hunter2\"\n",
                "serve.password",
                3,
            ),
            (
                "[smtp]\nhost = \"h\"\n[smtp.accounts.\"a@b.c\"]\npass = \"hunter2\"\n",
                "smtp.accounts.\"a@b.c\".pass",
                4,
            ),
            ("[imap]\nsecret = \"hunter2\"\n", "imap.secret", 2),
            (
                "[outbox]\ndatabase = \"postgresql://u@h/d\"\npassword = \"hunter2\"\n",
                "outbox.password",
                3,
            ),
        ] {
            let (shown, e) = error_of(text);
            assert_eq!(
                shown,
                format!(
                    "c.toml: line {line}, column 1: `{key}`: a password is never written in the \
                     config file: name a command that prints it (`password_command`) or an \
                     environment variable that holds it (`password_env`)"
                )
            );
            for ui in [Lang::En, Lang::It, Lang::Ru] {
                let said = e.localized(ui);
                assert!(!said.contains("hunter2"), "{said}");
                assert!(said.contains("password_command") && said.contains("password_env"));
            }
        }
    }

    #[test]
    fn no_error_quotes_the_file() {
        for text in [
            "[smtp]\nhost = \"h\"\nport = \"hunter2\"\n",
            "[sender]\ntimezne = \"hunter2\"\n",
            "[ui]\nlanguage = \"hunter2\"\n",
            "[sender]\ntimezone = \"hunter2\n",
            "hunter2 = [\n",
            "[sender]\nbusiness_days = \"hunter2\"\n",
            "[smtp]\nhost = \"a\"\nhost = \"hunter2\"\n",
            "[limits]\nmax_parts = -1\n",
        ] {
            let (shown, e) = error_of(text);
            for s in [shown, e.localized(Lang::It), e.localized(Lang::Ru)] {
                assert!(
                    !s.contains("hunter2") && !s.contains(" | "),
                    "{text:?}: {s}"
                );
                assert!(s.starts_with("c.toml: "), "{s}");
            }
        }
    }

    #[test]
    fn says_the_line_the_column_the_key_and_what_is_wrong() {
        let (shown, _) = error_of("[smtp]\nhost = \"h\"\nport = \"x\"\n");
        assert_eq!(
            shown,
            "c.toml: line 3, column 8: `smtp.port`: wrong type of value (expected u16)"
        );
        let (shown, _) = error_of("[sender]\ntimezne = \"Europe/Rome\"\n");
        assert!(
            shown.starts_with(
                "c.toml: line 2, column 1: `sender.timezne`: unknown key (known here: `timezone`"
            ),
            "{shown}"
        );
        let (shown, _) = error_of("[ui]\nlanguage = \"de\"\n");
        assert_eq!(
            shown,
            "c.toml: line 2, column 12: `ui.language`: not one of the values allowed: `en`, \
             `it`, `ru`"
        );
        let (shown, _) = error_of("[sender]\ntimezone = \"Europe/Rome\n");
        assert!(
            shown.starts_with("c.toml: line 2, column 24: not valid TOML: "),
            "{shown}"
        );
        // A password under a key of a section that has no password settings is just unknown.
        let (shown, _) = error_of("[sender]\npassword = \"x\"\n");
        assert!(shown.contains("unknown key"), "{shown}");
    }

    #[test]
    fn scrubs_whatever_is_quoted() {
        assert_eq!(
            scrub("bad \"a\\\"b\" here `x` and 'y'"),
            "bad \"…\" here `…` and '…'"
        );
        assert_eq!(line_column("ab\ncdé\nf", 7), (2, 4));
        assert_eq!(line_column("", 3), (1, 1));
    }
}
