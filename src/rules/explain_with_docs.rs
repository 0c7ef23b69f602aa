use super::{Check, Context, declare_rule};
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Counts numbered steps in the writer's own text ("1. ", "2) ", "Step 3", "Passo 3", "Шаг
    /// 3") and reports instructions of 5 steps or more that link to no guide or video.
    ///
    /// ## Why is this bad?
    /// Long instructions by email get misread, lost and asked again. The seed's rule: teach your
    /// clients with screencasts and documentation; a link to a short video or a guide page
    /// answers the question this time and the next.
    ///
    /// ## Example
    /// Seven numbered steps for adding a product to the shop, and no link.
    ///
    /// Use instead: the steps as a guide page or a 2-minute screen recording, linked in the mail.
    ///
    /// ## Configuration
    /// `min_steps` (5), and the `steps` and `links` patterns, in `lints/explain-with-docs.toml`.
    pub struct ExplainWithDocs {
        id: "explain-with-docs",
        severity: Hint,
        summary: "long step-by-step instructions with no link to a guide or video",
    }
}

impl Check for ExplainWithDocs {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let steps = cx.own_matches("steps");
        if steps.len() < cx.usize("min_steps").max(1) {
            return;
        }
        if cx.matcher("links").is_match(&cx.draft.own.text) {
            return;
        }
        let Some(&(first, _)) = steps.first() else {
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
        let short = "1. Accedi\n2. Salva";
        assert!(run(&ExplainWithDocs, &draft(Some(Lang::It), short)).is_empty());
    }
}
