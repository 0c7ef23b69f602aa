use super::{Check, Context, declare_rule};
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a draft whose body is HTML with no plain-text alternative.
    ///
    /// ## Why is this bad?
    /// Plain-text readers, screen readers, watches and many spam filters rely on the text part;
    /// HTML-only mail is scored as more likely spam and reads badly where HTML is not shown.
    ///
    /// ## Example
    /// `Content-Type: text/html` as the only body.
    ///
    /// Use instead: `multipart/alternative` with a `text/plain` part and the `text/html` part
    /// (every mail client's "send both" setting does this).
    ///
    /// ## Configuration
    /// None besides the severity.
    pub struct HtmlOnly {
        id: "html-only",
        severity: Hint,
        summary: "an HTML body with no plain-text alternative",
    }
}

impl Check for HtmlOnly {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let body = &cx.draft.body;
        if body.has_html && !body.has_plain {
            out.push(Finding::new(msg!("html-only-message")).help(msg!("html-only-help")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn html_only_and_alternative() {
        let d =
            raw_draft("From: a@example.com\nSubject: x\nContent-Type: text/html\n\n<p>Hi</p>\n");
        assert_eq!(run(&HtmlOnly, &d).len(), 1);
        let alt = "From: a@example.com\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nHi\n--b\nContent-Type: text/html\n\n<p>Hi</p>\n--b--\n";
        assert!(run(&HtmlOnly, &raw_draft(alt)).is_empty());
        assert!(
            run(
                &HtmlOnly,
                &raw_draft("From: a@example.com\nSubject: x\n\nHi\n")
            )
            .is_empty()
        );
    }
}
