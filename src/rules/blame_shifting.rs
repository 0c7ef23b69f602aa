use super::{Check, Context, declare_rule};
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Finds the phrases that argue whose fault something is, in the writer's own text: "you
    /// never told me", "not my fault", "as I already said"; "non è colpa mia", "come ti ho già
    /// detto"; "это не моя вина", "как я уже писал". Taking the blame ("it was my mistake", "è
    /// colpa mia") is fine, and quoted text is never read, nor a phrase inside quotation marks
    /// (reported speech: `she'd tell you "you should have one!"`), nor a phrase inside one of
    /// `not_blame` ("if you should have any questions", "you should have received a copy").
    ///
    /// ## Why is this bad?
    /// Arguing over fault makes the client defend themselves instead of working with you. The
    /// service rule: take the blame, even when it is not all yours, and move on to the fix; the
    /// client remembers how the problem was solved, not who caused it.
    ///
    /// ## Example
    /// ```text
    /// As I already said, you never told me the wall was 2 cm shorter.
    /// ```
    ///
    /// Use instead:
    /// ```text
    /// I should have asked for the exact wall size. I will cut the shelf down to 238 cm on
    /// Thursday, at no cost to you.
    /// ```
    ///
    /// ## Configuration
    /// The `phrases` and `not_blame` lists per language in `lints/blame-shifting.toml`.
    pub struct BlameShifting {
        id: "blame-shifting",
        severity: Warning,
        summary: "arguing whose fault it is instead of taking the blame",
        own_text: ["phrases", "not_blame"],
    }
}

impl Check for BlameShifting {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let own = &cx.draft.own;
        let excused: Vec<std::ops::Range<usize>> = cx
            .own_matches("not_blame")
            .into_iter()
            .filter_map(|(_, w)| own.offset_of(w).map(|at| at..at + w.len()))
            .collect();
        for (span, words) in cx.own_matches("phrases") {
            // "If you should have any questions", "you should have received a copy".
            if own.offset_of(words).is_some_and(|at| {
                excused
                    .iter()
                    .any(|r| r.start < at + words.len() && at < r.end)
            }) {
                continue;
            }
            // Reported or invented speech ("she can tell other women \"you should have one!\"")
            // is not the writer arguing with the reader.
            if own
                .offset_of(words)
                .is_some_and(|at| super::angry_tone::in_quotes(&own.text, at, at + words.len()))
            {
                continue;
            }
            out.push(
                Finding::new(msg!(
                    "blame-shifting-message",
                    words = words.split_whitespace().collect::<Vec<_>>().join(" ")
                ))
                .at(span)
                .label(msg!("blame-shifting-label"))
                .help(msg!("blame-shifting-help")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Lang;
    use crate::rules::testing::*;

    #[test]
    fn blame_in_three_languages_and_accountability_is_fine() {
        for (lang, body, n) in [
            (
                Lang::En,
                "As I already said, you never told me the size.",
                2,
            ),
            (Lang::En, "It was my mistake; I will fix it on Thursday.", 0),
            (
                Lang::En,
                "As I already explained in my previous email, the size was yours.",
                1,
            ),
            (
                Lang::En,
                "As I said before, I have little experience with this.",
                0,
            ),
            (Lang::It, "Come ti ho già detto, non è colpa mia.", 2),
            (Lang::It, "È colpa mia, rimedio subito.", 0),
            (Lang::Ru, "Как я уже писал, это не моя вина.", 2),
            (Lang::Ru, "Это моя ошибка, исправлю завтра.", 0),
            // Reported speech in quotation marks is not the writer's; outside them it is.
            (
                Lang::En,
                "She will tell other women \"oh, it was fine, you should have one!\" later.",
                0,
            ),
            (Lang::En, "You should have told me the size.", 1),
            (
                Lang::It,
                "Dirà a tutti \"avresti dovuto vederlo!\" ridendo.",
                0,
            ),
            (Lang::Ru, "Она скажет: «надо было раньше!» и забудет.", 0),
            (Lang::Ru, "Надо было сказать мне раньше.", 1),
            // A condition or an expectation, not a reproach; the reproach next to it stays.
            (
                Lang::En,
                "If you should have any questions, call me. You should have received a copy.",
                0,
            ),
            (
                Lang::En,
                "By now you should have concluded it works. You should have asked me first.",
                1,
            ),
            (
                Lang::It,
                "Avresti dovuto ricevere la fattura ieri; avresti dovuto dirmelo prima.",
                1,
            ),
            (Lang::It, "Avreste già dovuto ricevere il pacco.", 0),
            (Lang::Ru, "Вам следовало получить письмо с паролем.", 0),
            (Lang::Ru, "Вам следовало сказать раньше.", 1),
        ] {
            assert_eq!(
                run(&BlameShifting, &draft(Some(lang), body)).len(),
                n,
                "{body}"
            );
        }
    }
}
