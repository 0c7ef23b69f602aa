use super::{Check, Context, declare_rule};
use crate::draft::LineKind;
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a reply in a long thread: more than 6 messages by the `References` header (its
    /// message ids plus this one), or quotes nested more than 6 deep (`>>>>>>>`).
    ///
    /// ## Why is this bad?
    /// A thread that keeps going back and forth is a conversation that email is failing. The
    /// service rule: schedule a short call instead of endless mail; a 15-minute call settles what
    /// ten messages did not.
    ///
    /// ## Example
    /// The eighth "Re: Re: Re: logo colours" in a week.
    ///
    /// Use instead: propose a 15-minute call with two time slots (the `call-proposal` template),
    /// and sum up the decisions by email afterwards.
    ///
    /// ## Configuration
    /// `max_messages` (6) and `max_quote_depth` (6) in `lints/long-thread.toml`.
    pub struct LongThread {
        id: "long-thread",
        severity: Hint,
        summary: "a long back-and-forth that a short call would settle",
    }
}

impl Check for LongThread {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let messages = cx.draft.headers.references.len() + 1;
        let depth = cx
            .draft
            .lines_of(LineKind::Quote)
            .map(|(_, l)| {
                l.text
                    .chars()
                    .take_while(|c| *c == '>' || c.is_whitespace())
                    .filter(|c| *c == '>')
                    .count()
            })
            .max()
            .unwrap_or(0);
        let (max_messages, max_depth) = (cx.usize("max_messages"), cx.usize("max_quote_depth"));
        let why = if messages > max_messages {
            msg!("long-thread-messages", count = messages)
        } else if depth > max_depth {
            msg!("long-thread-depth", depth = depth)
        } else {
            return;
        };
        let mut f =
            Finding::new(msg!("long-thread-message", why = why)).help(msg!("long-thread-help"));
        if messages > max_messages {
            f = f.at_header("References").label(msg!("long-thread-label"));
        }
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    #[test]
    fn references_and_quote_depth() {
        let ids: Vec<String> = (0..6).map(|i| format!("<m{i}@example.com>")).collect();
        let d = raw_draft(&format!(
            "From: a@example.com\nSubject: Re: logo\nReferences: {}\n\nOk.\n",
            ids.join(" ")
        ));
        assert_eq!(run(&LongThread, &d).len(), 1);
        let d = raw_draft(&format!(
            "From: a@example.com\nSubject: Re: logo\nReferences: {}\n\nOk.\n",
            ids[..5].join(" ")
        ));
        assert!(run(&LongThread, &d).is_empty());
        let d = draft(None, "Ok.\n\n> > > > > > > deep\n");
        assert_eq!(run(&LongThread, &d).len(), 1);
    }
}
