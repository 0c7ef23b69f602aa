use super::{Check, Context, declare_rule};
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a subject longer than a phone shows in its message list (60 characters by
    /// default).
    ///
    /// ## Why is this bad?
    /// Most clients read mail on a phone first, where a long subject is cut after a few words:
    /// the part that says what the client must do is the part they never see.
    ///
    /// ## Example
    /// `Subject: Update on the kitchen order, the delivery date, the invoice and the warranty`
    ///
    /// Use instead: `Subject: Kitchen order: delivery moved to 3 Dec` (and one message per topic).
    ///
    /// ## Configuration
    /// `max_chars` (60) in `lints/subject-length.toml` or `[rules.subject-length]`.
    pub struct SubjectLength {
        id: "subject-length",
        severity: Warning,
        summary: "the subject is too long to read on a phone",
    }
}

impl Check for SubjectLength {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let max = cx.usize("max_chars");
        let Some(subject) = &cx.draft.headers.subject else {
            return;
        };
        let n = subject.trim().chars().count();
        if n > max {
            out.push(
                Finding::new(msg!("subject-length-message", count = n, max = max))
                    .at_header("Subject")
                    .label(msg!("subject-length-label"))
                    .help(msg!("subject-length-help")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn long_and_short_subjects() {
        let long = "Aggiornamento sull'ordine della cucina, la consegna e la fattura di novembre";
        let d = raw_draft(&format!("From: a@example.it\nSubject: {long}\n\nCiao\n"));
        assert_eq!(run(&SubjectLength, &d).len(), 1);
        let d = raw_draft("From: a@example.it\nSubject: Заказ 1234: доставка в четверг\n\nТекст\n");
        assert!(run(&SubjectLength, &d).is_empty());
    }
}
