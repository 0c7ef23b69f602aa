//! A vendor's advisory: a security or update notice that opens with a block of fields
//! ("Severity: Security" / "Product: gaim" / "Keywords: ..." / "References: ..."). Its
//! instructions ("Please download Gaim 0.59.1 or later", "Please use Red Carpet to upgrade") are
//! for every user of the product, not asks of this reader.
//!
//! The text is one when, among its first [`REACH`] non-empty own lines, at least
//! `advisory_field_lines` open with an entry of `advisory_fields` ("Severity:", "Gravità:",
//! "Критичность:"), one of them a severity (`advisory_severity`) or its first line a title with
//! the advisory's number (`advisory_title`: "CERT Advisory CA-2002-21 Vulnerability in PHP"),
//! and it has no greeting: a support reply that greets the client over its ticket's fields ("Hi
//! Anna," / "Severity: High" / ... "could you send the invoice number?") still asks.

use super::Context;

/// How many non-empty lines at the top of the own text may hold the advisory's fields.
const REACH: usize = 12;

/// Whether the own text is a vendor's advisory (see the module).
pub(super) fn is_advisory(cx: &Context<'_>) -> bool {
    if cx.draft.greeting.is_some() {
        return false;
    }
    let at_start = |list: &str, t: &str, at: usize| {
        cx.find_list_at((cx.rule, list), None, t, at)
            .first()
            .is_some_and(|m| m.start == 0)
    };
    let mut fields = 0usize;
    let mut severity = false;
    let mut first = true;
    for (_, offset, text) in cx
        .draft
        .own
        .lines()
        .filter(|(_, _, t)| !t.trim().is_empty())
        .take(REACH)
    {
        let t = text.trim();
        let at = offset + (text.len() - text.trim_start().len());
        if at_start("advisory_fields", t, at) {
            fields += 1;
            severity |= at_start("advisory_severity", t, at);
        }
        // A title with the advisory's number stands for the severity line.
        if std::mem::take(&mut first) {
            severity |= !cx
                .find_list_at((cx.rule, "advisory_title"), None, t, at)
                .is_empty();
        }
    }
    severity && fields >= cx.usize("advisory_field_lines").max(2)
}

#[cfg(test)]
mod tests;
