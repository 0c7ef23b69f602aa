//! Rewrites: the prepared answers (templates), fixes applied to a draft's bytes, splitting a
//! draft by topic, and new drafts from templates.

pub mod dates;
mod html;
pub mod message;
mod place;
pub mod rewrite;
pub mod split;
pub mod templates;
pub mod write;

pub use rewrite::apply_fixes;
pub use templates::Templates;
pub use write::{Staged, atomic_write};

use crate::i18n::Msg;
use crate::lang::Lang;
use crate::msg;

/// What can go wrong while rewriting. The refusals are ids with arguments ([`Msg`]), said in
/// the interface language by [`FixError::localized`]; `Display` is their English. Details from
/// a library (a decode error, an address parser's words) stay verbatim, as arguments.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    /// A draft `fix` cannot rewrite safely (it is left alone).
    #[error("{0}")]
    Unsupported(Msg),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// The folder a file is written in cannot take it (missing, not a folder, read-only): said
    /// before anything is written or shown.
    #[error("{path}: cannot write in the folder {dir}: {source}")]
    Folder {
        path: String,
        dir: String,
        #[source]
        source: std::io::Error,
    },
    /// A value given (an option, a template's output) that cannot go into a message.
    #[error("{0}")]
    Value(Msg),
}

impl FixError {
    /// The error in the interface language (English: its `Display`, word for word).
    pub fn localized(&self, ui: Lang) -> String {
        match self {
            FixError::Template { name, message } => msg!(
                "fix-error-template",
                name = name.as_str(),
                message = message.as_str()
            )
            .text(ui),
            FixError::Unsupported(m) | FixError::Value(m) => m.text(ui),
            FixError::Io { .. } => self.to_string(),
            FixError::Folder { path, dir, source } => msg!(
                "fix-error-folder",
                path = path.as_str(),
                dir = dir.as_str(),
                error = source.to_string()
            )
            .text(ui),
        }
    }
}

/// A value that could add or break a header line is refused: CR, LF, NUL, and the Unicode line
/// and paragraph separators.
pub fn check_header_safe(what: impl Into<crate::i18n::Arg>, value: &str) -> Result<(), FixError> {
    let bad = value
        .chars()
        .find(|c| matches!(c, '\r' | '\n' | '\0' | '\u{2028}' | '\u{2029}' | '\u{0085}'));
    match bad {
        Some(c) => Err(FixError::Value(msg!(
            "fix-error-line-break",
            what = what.into(),
            char = c.escape_unicode().to_string()
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_values_cannot_carry_line_breaks() {
        assert!(check_header_safe("to", "anna@example.it").is_ok());
        for bad in [
            "a\r\nBcc: x@evil",
            "a\nb",
            "a\0b",
            "a\u{2028}b",
            "a\u{0085}b",
        ] {
            assert!(check_header_safe("to", bad).is_err(), "{bad:?}");
        }
    }

    /// Every refusal keeps its English word for word (`Display` and `localized(En)` alike), and
    /// Italian and Russian say it in their own words around the same details.
    #[test]
    fn refusals_are_said_in_the_interface_language() {
        let cases = [
            (
                FixError::Unsupported(msg!("fix-error-split-body")),
                "the text is in several body parts (text, file, text)",
                "il testo è diviso in più parti del corpo (testo, file, testo)",
            ),
            (
                FixError::Unsupported(msg!("fix-error-no-text-body")),
                "the message has no text body to insert into",
                "il messaggio non ha un corpo di testo in cui inserire",
            ),
            (
                FixError::Unsupported(msg!("fix-error-base64", error = "Invalid byte 42")),
                "the base64 body does not decode: Invalid byte 42",
                "il corpo base64 non si decodifica: Invalid byte 42",
            ),
            (
                FixError::Unsupported(msg!("fix-error-charset-unknown", charset = "x-mac-foo")),
                "cannot write text in the charset x-mac-foo",
                "impossibile scrivere testo nel charset x-mac-foo",
            ),
            (
                FixError::Unsupported(msg!("fix-error-charset-unmappable", charset = "koi8-r")),
                "the fix's text cannot be written in the draft's charset (koi8-r)",
                "il testo della correzione non si può scrivere nel charset della bozza (koi8-r)",
            ),
            (
                FixError::Unsupported(msg!("fix-error-ascii-8bit")),
                "the text part is declared us-ascii but holds 8-bit bytes that are not UTF-8: \
                 cannot tell which charset to write the fix's text in",
                "la parte di testo è dichiarata us-ascii ma contiene byte a 8 bit che non sono \
                 UTF-8: impossibile capire in quale charset scrivere il testo della correzione",
            ),
            (
                FixError::Unsupported(msg!("fix-error-no-part-header")),
                "cannot find the text part's header to relabel it",
                "impossibile trovare l'intestazione della parte di testo per cambiarne l'etichetta",
            ),
            (
                FixError::Unsupported(msg!("fix-error-header-no-line-break")),
                "the text part's header does not end in a line break: cannot add a field to it",
                "l'intestazione della parte di testo non finisce con un a capo: impossibile \
                 aggiungervi un campo",
            ),
            (
                FixError::Unsupported(msg!("fix-error-no-line")),
                "the place to insert has no line in the file",
                "il punto in cui inserire non corrisponde a nessuna riga del file",
            ),
            (
                FixError::Template {
                    name: "deadline".into(),
                    message: "syntax error".into(),
                },
                "template deadline: syntax error",
                "modello deadline: syntax error",
            ),
        ];
        for (e, en, it) in &cases {
            assert_eq!(e.to_string(), *en);
            assert_eq!(e.localized(Lang::En), *en);
            assert_eq!(e.localized(Lang::It), *it);
            let ru = e.localized(Lang::Ru);
            assert!(ru != *en && !ru.starts_with("fix-error"), "{ru}");
        }
    }

    #[test]
    fn refused_values_name_the_option_in_every_language() {
        let e = check_header_safe("--to", "a\nBcc: x@evil").unwrap_err();
        assert_eq!(
            e.to_string(),
            "--to: the value contains \\u{a} (a line break or NUL cannot go into a message)"
        );
        assert_eq!(e.localized(Lang::En), e.to_string());
        assert_eq!(
            e.localized(Lang::It),
            "--to: il valore contiene \\u{a} (un a capo o un NUL non può entrare in un messaggio)"
        );
        assert!(
            e.localized(Lang::Ru)
                .starts_with("--to: в значении есть \\u{a}")
        );

        let e = message::encode_addresses("To", "--to", &["not an address".into()]).unwrap_err();
        let en = e.to_string();
        assert!(
            en.starts_with("--to: `not an address` is not an address (") && en.ends_with(')'),
            "{en}"
        );
        assert_eq!(e.localized(Lang::En), en);
        // The parser's words stay as they came, inside the Italian sentence.
        let detail = en.trim_start_matches("--to: `not an address` is not an address ");
        assert_eq!(
            e.localized(Lang::It),
            format!("--to: `not an address` non è un indirizzo {detail}")
        );
        assert!(e.localized(Lang::Ru).contains("— не адрес"));
    }
}
