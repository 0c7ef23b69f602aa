//! Rewrites: the prepared answers (templates), fixes applied to a draft's bytes, splitting a
//! draft by topic, and new drafts from templates.

pub mod dates;
mod html;
pub mod message;
pub mod rewrite;
pub mod split;
pub mod templates;

pub use rewrite::{apply_fixes, atomic_write};
pub use templates::Templates;

/// What can go wrong while rewriting.
#[derive(Debug, thiserror::Error)]
pub enum FixError {
    #[error("template {name}: {message}")]
    Template { name: String, message: String },
    #[error("{0}")]
    Unsupported(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Value(String),
}

/// A value that could add or break a header line is refused: CR, LF, NUL, and the Unicode line
/// and paragraph separators.
pub fn check_header_safe(what: &str, value: &str) -> Result<(), FixError> {
    let bad = value
        .chars()
        .find(|c| matches!(c, '\r' | '\n' | '\0' | '\u{2028}' | '\u{2029}' | '\u{0085}'));
    match bad {
        Some(c) => Err(FixError::Value(format!(
            "{what}: the value contains {} (a line break or NUL cannot go into a message)",
            c.escape_unicode()
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
}
