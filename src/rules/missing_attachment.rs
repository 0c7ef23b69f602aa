use super::{Check, Context, declare_rule};
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a draft whose own text says something is attached ("attached", "I enclose", "in
    /// allegato", "allego", "во вложении", "прилагаю") when the message has no attachment. Lines
    /// that talk about an attachment without claiming one ("I will send the file later", "your
    /// attachment") and the quoted reply are not read, nor a mention inside quotation marks (a
    /// customer's words: `"I attach labels to my cards," says Mark`). A signed message's
    /// signature part (`signature.asc`, `smime.p7s`) is not an attachment the writer made.
    ///
    /// ## Why is this bad?
    /// The forgotten attachment is the most common email mistake; the follow-up "sorry, here it
    /// is" costs the client a second message and you some credibility.
    ///
    /// ## Example
    /// "In allegato trova il preventivo." with no file attached.
    ///
    /// Use instead: attach the file, or remove the sentence.
    ///
    /// ## Configuration
    /// Lists `mentions` and `negations` per language in `lints/missing-attachment.toml`.
    pub struct MissingAttachment {
        id: "missing-attachment",
        severity: Error,
        summary: "the text says something is attached, but nothing is",
        own_text: ["mentions"],
    }
}

impl Check for MissingAttachment {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        // A signature part (`signature.asc`, `smime.p7s`) is no file the writer attached.
        if cx.draft.attachments.iter().any(|a| !a.is_signature()) {
            return;
        }
        let first = cx.own_matches("mentions").into_iter().find(|(_, words)| {
            let at = words.as_ptr() as usize - cx.draft.own.text.as_ptr() as usize;
            // A quotation ('"I attach labels to my cards," says a customer') is not the writer.
            !cx.matcher_at("negations", at)
                .is_match(sentence(&cx.draft.own.text, at, words.len()))
                && !super::angry_tone::in_quotes(&cx.draft.own.text, at, at + words.len())
        });
        if let Some((span, words)) = first {
            out.push(
                Finding::new(msg!(
                    "missing-attachment-message",
                    words = words.split_whitespace().collect::<Vec<_>>().join(" ")
                ))
                .at(span)
                .label(msg!("missing-attachment-label"))
                .help(msg!("missing-attachment-help")),
            );
        }
    }
}

/// The sentence of `text` holding bytes `at..at + len`: from the end of the sentence before
/// (".", "!", "?" or a blank line) to the end of this one. A negation anywhere in it counts, also
/// on the next wrapped line ("I\nhave attached ddd to the processes").
fn sentence(text: &str, at: usize, len: usize) -> &str {
    // At most REACH bytes each way, so that many mentions cost linear time.
    const REACH: usize = 300;
    let ends = |c: char| matches!(c, '.' | '!' | '?');
    let mut from = at.saturating_sub(REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (at + len + REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let before = &text[from..at];
    let start = before
        .rfind(ends)
        .map(|i| i + 1)
        .max(before.rfind("\n\n").map(|i| i + 2))
        .map_or(from, |i| from + i);
    let after = &text[at + len..to];
    let end = after
        .find(ends)
        .into_iter()
        .chain(after.find("\n\n"))
        .min()
        .map_or(to, |i| at + len + i);
    &text[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Lang;
    use crate::rules::testing::*;

    #[test]
    fn mentions_without_attachment_in_three_languages() {
        for (lang, body) in [
            (Lang::En, "Hi Anna,\nplease find attached the quote."),
            (Lang::It, "Buongiorno,\nin allegato trova il preventivo."),
            (Lang::Ru, "Добрый день!\nВо вложении счёт за октябрь."),
            (Lang::Ru, "Добрый день!\nПрилагаю фотографии стола."),
            (Lang::En, "Hi Anna,\nI've attached the plan."),
            (Lang::It, "Ciao,\nti allego il preventivo."),
            (Lang::It, "Ciao,\nin allegato trovi il preventivo."),
            (Lang::En, "Hi,\nI'm sending the contract as an attachment."),
            (Lang::En, "Hi,\nI have attached the log to this email."),
        ] {
            assert_eq!(
                run(&MissingAttachment, &draft(Some(lang), body)).len(),
                1,
                "{body}"
            );
        }
    }

    #[test]
    fn negations_quotes_and_real_attachments() {
        for body in [
            "Thanks for your attachment, I will look at it.",
            "I will send the drawings in a separate email.",
            "Ok.\n\nOn Mon, Anna wrote:\n> see attached",
            // Not a claim that something is attached now.
            "There is an option attached to the command.",
            "I never open attachments from strangers.",
            "Ok.\n\nBest regards,\nAnna\nNo attachments accepted.",
            // A debugger attached to a process, over a wrapped line; an instruction to the
            // reader; a message forwarded inline.
            "Both processes lock up, so I\nhave attached ddd to the processes and it looks fine.",
            "1. open a bug.\n2. attach a sample message *as an attachment* with all headers.",
            "The message is a forwarded one (inline, not as an attachment).",
            // A testimonial in quotation marks over wrapped lines.
            "\"I attach mailing labels with my message printed on them on the\nback of my cards.\"\n-- Henry",
        ] {
            assert!(
                run(&MissingAttachment, &draft(Some(Lang::En), body)).is_empty(),
                "{body}"
            );
        }
        for (lang, body) in [
            (
                Lang::It,
                "«Allego sempre le etichette ai biglietti», scrive un cliente.",
            ),
            (
                Lang::Ru,
                "«Прилагаю этикетки к каждой визитке», пишет клиент.",
            ),
        ] {
            assert!(
                run(&MissingAttachment, &draft(Some(lang), body)).is_empty(),
                "{body}"
            );
        }
        // Outside the quotation marks the writer's own claim still counts.
        for (lang, body) in [
            (Lang::En, "As \"Henry\" asked, I attach the labels."),
            (Lang::It, "Come chiede «Marco», allego le etichette."),
            (Lang::Ru, "Как просил «Марк», прилагаю этикетки."),
        ] {
            assert_eq!(
                run(&MissingAttachment, &draft(Some(lang), body)).len(),
                1,
                "{body}"
            );
        }
        let raw = "From: a@example.com\nSubject: q\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nQuote attached.\n--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"q.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b--\n";
        let d = raw_draft(raw);
        assert_eq!(d.attachments.len(), 1);
        assert!(run(&MissingAttachment, &d).is_empty());
        // A signed message whose only other part is its signature attaches nothing.
        for sig in ["application/pgp-signature", "application/pkcs7-signature"] {
            let raw = format!(
                "From: a@example.com\nSubject: q\nMIME-Version: 1.0\nContent-Type: multipart/signed; protocol=\"{sig}\"; boundary=\"s\"\n\n--s\nContent-Type: text/plain\n\nI've attached the invoice.\n--s\nContent-Type: {sig}; name=\"signature.asc\"\nContent-Disposition: attachment; filename=\"signature.asc\"\n\nAAAA\n--s--\n"
            );
            let d = raw_draft(&raw);
            assert_eq!(d.attachments.len(), 1, "{sig}");
            assert!(d.attachments[0].is_signature(), "{sig}");
            assert_eq!(run(&MissingAttachment, &d).len(), 1, "{sig}");
        }
    }
}
