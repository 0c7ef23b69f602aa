use super::{Check, Context, declare_rule};
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a draft with no `Subject:` header, or one with nothing in it.
    ///
    /// ## Why is this bad?
    /// A message without a subject is easy to overlook, hard to find again and often filtered as
    /// spam. The subject is the first thing the client reads: it should say what the mail is
    /// about and whether they must act.
    ///
    /// ## Example
    /// `Subject:` (empty)
    ///
    /// Use instead: `Subject: Order 1234: photos of the finished table`
    ///
    /// ## Configuration
    /// None besides the severity (`[rules.empty-subject] severity = "warning"`).
    pub struct EmptySubject {
        id: "empty-subject",
        severity: Error,
        summary: "the message has no subject",
    }
}

impl Check for EmptySubject {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let help = msg!("empty-subject-help");
        match cx.draft.headers.subject.as_deref() {
            None if cx.draft.headers.line_of("subject").is_none() => {
                out.push(Finding::new(msg!("empty-subject-missing")).help(help))
            }
            Some(s) if !s.trim().is_empty() => {}
            _ => out.push(
                Finding::new(msg!("empty-subject-empty"))
                    .at_header("Subject")
                    .label(msg!("empty-subject-label"))
                    .help(help),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Location;
    use crate::rules::testing::*;

    #[test]
    fn missing_empty_and_present() {
        let f = run(&EmptySubject, &raw_draft("From: a@example.com\n\nHi\n"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location, Location::Message);
        let f = run(
            &EmptySubject,
            &raw_draft("From: a@example.com\nSubject:   \n\nHi\n"),
        );
        assert_eq!(f[0].location, Location::Header("Subject"));
        let f = run(
            &EmptySubject,
            &raw_draft("From: a@example.com\nSubject: Ordine 12\n\nCiao\n"),
        );
        assert!(f.is_empty());
    }
}
