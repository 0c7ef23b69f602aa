use super::{Check, Context, declare_rule};
use crate::draft::Span;
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Counts numbered steps in the writer's own text ("1. ", "2) ", "Step 3", "Passo 3", "Шаг
    /// 3") and reports instructions of 5 steps or more that link to no guide or video. A step
    /// orders the reader to act: its first word is a verb of `step_verbs` ("Open", "Accedi",
    /// "Нажмите") or it is a command line ("rpm -e --nodeps glibc"); a numbered list of points,
    /// facts or things done is no instructions.
    ///
    /// ## Why is this bad?
    /// Long instructions by email get misread, lost and asked again. The service rule: teach your
    /// clients with screencasts and documentation; a link to a short video or a guide page
    /// answers the question this time and the next.
    ///
    /// ## Example
    /// Seven numbered steps for adding a product to the shop, and no link.
    ///
    /// Use instead: the steps as a guide page or a 2-minute screen recording, linked in the mail.
    ///
    /// ## Configuration
    /// `min_steps` (5), the `steps` and `links` patterns and the `step_verbs` per language, in
    /// `lints/explain-with-docs.toml`.
    pub struct ExplainWithDocs {
        id: "explain-with-docs",
        severity: Hint,
        summary: "long step-by-step instructions with no link to a guide or video",
    }
}

impl Check for ExplainWithDocs {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let steps: Vec<_> = cx
            .own_matches("steps")
            .into_iter()
            .filter_map(|(span, marker)| {
                let at = cx.draft.own.offset_of(marker).unwrap_or(0);
                // The pattern's leading `\s*` may start on a blank line above the step.
                let line = span.line + marker.matches('\n').count();
                let text = &cx.draft.lines.get(line)?.text;
                let start = text.len() - text.trim_start().len();
                instruction(cx, item(text), at).then_some(Span {
                    line,
                    start,
                    end: text.trim_end().len().max(start),
                })
            })
            .collect();
        if steps.len() < cx.usize("min_steps").max(1) {
            return;
        }
        if cx.matcher("links").is_match(&cx.draft.own.text) {
            return;
        }
        let Some(&first) = steps.first() else {
            return;
        };
        out.push(
            Finding::new(msg!("explain-with-docs-message", steps = steps.len()))
                .at(first)
                .label(msg!("explain-with-docs-label"))
                .help(msg!("explain-with-docs-help")),
        );
    }
}

/// The text of a numbered line after its number: "Open ..." of "1. Open ..." and of "Step 1:
/// Open ...".
fn item(line: &str) -> &str {
    let t = line.trim_start();
    // "Step 3", "Passo 3", "Шаг 3": the number follows a short word.
    let t = match t.find(|c: char| c.is_ascii_digit()) {
        Some(i) if i <= 16 => &t[i..],
        _ => t,
    };
    t.trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['.', ')', ':', ' ', '\t', '-'])
}

/// Whether a numbered item orders the reader to act: it opens with a verb of `step_verbs` ("Open
/// the shop", "Accedi", "Нажмите") or is a command line (a lower-case word and then an option or
/// a path: "rpm -e --nodeps glibc", "cd /etc").
fn instruction(cx: &Context<'_>, item: &str, at: usize) -> bool {
    let mut words = item.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let first = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    let verbs = cx.matcher_at("step_verbs", at);
    if verbs.find(first).is_some_and(|m| m.len() == first.len()) {
        return true;
    }
    let command = first
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    command
        && words
            .next()
            .is_some_and(|w| w.starts_with(['-', '/', '~', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Lang;
    use crate::rules::testing::*;

    #[test]
    fn five_steps_without_a_link() {
        let steps =
            "Ecco come fare:\n1. Accedi\n2. Apri Prodotti\n3. Premi Nuovo\n4. Compila\n5) Salva";
        assert_eq!(
            run(&ExplainWithDocs, &draft(Some(Lang::It), steps)).len(),
            1
        );
        let linked = format!("{steps}\nVideo: https://example.it/guida");
        assert!(run(&ExplainWithDocs, &draft(Some(Lang::It), &linked)).is_empty());
        // Points, facts and a report of what was done are no instructions; commands are.
        for (lang, list) in [
            (
                Lang::En,
                "The article makes four points.\n1) Absence of clauses.\n2) Lack of review.\n\
                 3) Poor tests.\n4) No audit.\n5) Cost.",
            ),
            (
                Lang::En,
                "Did you know?\n1. Sex is good.\n2. Tea is good.\n3. Sleep is good.\n\
                 4. Walks are good.\n5. Books are good.",
            ),
            (
                Lang::En,
                "Setup:\n1. created a /dev/md0\n2. created a group\n3. made a volume\n\
                 4. mounted it\n5. ran the test",
            ),
            (
                Lang::It,
                "I punti:\n1. Il prezzo\n2. La consegna\n3. Il montaggio\n4. Il colore\n5. La garanzia",
            ),
            (
                Lang::Ru,
                "Итоги:\n1. Цена\n2. Доставка\n3. Сборка\n4. Цвет\n5. Гарантия",
            ),
        ] {
            assert!(
                run(&ExplainWithDocs, &draft(Some(lang), list)).is_empty(),
                "{list}"
            );
        }
        for (lang, list) in [
            (
                Lang::En,
                "So:\n1. rpm -e --nodeps glibc\n2. rpm -i glibc.rpm\n3. cd /etc\n\
                 4. Run ldconfig\n5. Reboot",
            ),
            (
                Lang::En,
                "So:\n\n1. rpm -e --nodeps glibc\n\n2. rpm -ivh glibc.rpm\n\n3. rpm -e kernel\n\n\
                 4. rpm -ivh kernel.rpm\n\n5. reboot",
            ),
            (
                Lang::Ru,
                "Порядок:\n1. Откройте сайт\n2. Нажмите «Войти»\n3. Введите пароль\n\
                 4. Выберите заказ\n5. Сохраните",
            ),
            (
                Lang::En,
                "Step 1: Open the shop\nStep 2: Click Products\nStep 3: Press New\n\
                 Step 4: Fill in the form\nStep 5: Save",
            ),
        ] {
            assert_eq!(
                run(&ExplainWithDocs, &draft(Some(lang), list)).len(),
                1,
                "{list}"
            );
        }
        let short = "1. Accedi\n2. Salva";
        assert!(run(&ExplainWithDocs, &draft(Some(Lang::It), short)).is_empty());
    }
}
