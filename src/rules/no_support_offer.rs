use super::{Check, Context, declare_rule};
use crate::draft::LineKind;
use crate::finding::{Finding, Fix, FixPlace};
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reports a delivery, launch or hand-over mail ("the site is live", "il sito è online",
    /// "сайт запущен", "delivered", "consegnato") that says nothing about support or maintenance
    /// ("support", "manutenzione", "поддержка"), in the own text or the signature.
    ///
    /// ## Why is this bad?
    /// The hand-over is when the client is most likely to need help and most willing to pay for
    /// it. The service rule: offer maintenance and support after launch, or name someone who does;
    /// it keeps the client and brings steady income.
    ///
    /// ## Example
    /// "The new site is live! Thanks for the great collaboration."
    ///
    /// Use instead: add a paragraph offering a maintenance plan (the `support-offer` template).
    ///
    /// ## Configuration
    /// Lists `delivery` and `support` per language in `lints/no-support-offer.toml`.
    pub struct NoSupportOffer {
        id: "no-support-offer",
        severity: Hint,
        summary: "a delivery or launch mail with no offer of support or maintenance",
        own_text: ["delivery", "support"],
    }
}

impl Check for NoSupportOffer {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some((span, words)) = cx.own_matches("delivery").into_iter().next() else {
            return;
        };
        let support = cx.matcher("support");
        let offered = cx
            .draft
            .lines
            .iter()
            .filter(|l| matches!(l.kind, LineKind::Own | LineKind::Signature))
            .any(|l| support.is_match(&l.text))
            || !cx.own_matches("support").is_empty();
        if offered {
            return;
        }
        out.push(
            Finding::new(msg!(
                "no-support-offer-message",
                words = words.split_whitespace().collect::<Vec<_>>().join(" ")
            ))
            .at(span)
            .label(msg!("no-support-offer-label"))
            .help(msg!("no-support-offer-help"))
            .fix(Fix {
                title: msg!("no-support-offer-fix"),
                template: "support-offer",
                vars: match cx.formal_address() {
                    Some(formal) => serde_json::json!({ "formal": formal }),
                    None => serde_json::json!({}),
                },
                place: FixPlace::BeforeSignoff,
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Lang;
    use crate::rules::testing::*;

    #[test]
    fn launch_with_and_without_support() {
        for (lang, body, n) in [
            (Lang::En, "Hi Anna,\nthe new site is live! Thank you.", 1),
            (
                Lang::En,
                "Hi Anna,\nthe new site is live! Our maintenance plan covers updates.",
                0,
            ),
            (Lang::It, "Ciao Anna,\nil sito è online da stamattina.", 1),
            (
                Lang::It,
                "Ciao Anna,\nil sito è online. Per l'assistenza sono qui.",
                0,
            ),
            (Lang::Ru, "Анна, добрый день!\nСайт запущен.", 1),
            (
                Lang::Ru,
                "Анна, добрый день!\nСайт запущен. Техподдержка — месяц бесплатно.",
                0,
            ),
            (Lang::En, "Hi Anna,\nthe draft of the logo is attached.", 0),
            (
                Lang::En,
                "Hi Anna,\nI've delivered the final files today.",
                1,
            ),
            // Not a hand-over: a bounce, the news, a header line.
            (Lang::En, "Hi,\nyour message was not delivered.", 0),
            (Lang::En, "Hi,\nfood aid was delivered to the region.", 0),
            (
                Lang::En,
                "Victims are asked to hand over more of their own money.",
                0,
            ),
            (
                Lang::En,
                "When we launched the Native Net in 1989, we saw it.",
                0,
            ),
            (Lang::En, "Stoneybatter, where I now live, is old.", 0),
            (
                Lang::En,
                "Hi,\nthe Furniture List is now online in the section.",
                0,
            ),
            (
                Lang::It,
                "Ciao,\nil pacco è stato consegnato ieri al vicino.",
                0,
            ),
            (Lang::Ru, "Привет!\nХакеры запустили атаку на банк.", 0),
            // Near misses that are hand-overs.
            (Lang::It, "Ciao Anna,\nho consegnato i file definitivi.", 1),
            (Lang::Ru, "Анна, добрый день!\nМы запустили ваш магазин.", 1),
            (Lang::En, "Hi Anna,\nyour new shop is now online.", 1),
            (Lang::En, "Hi Anna,\nwe launched your site this morning.", 1),
            (Lang::En, "Hi Anna,\nI'm handing over the keys today.", 1),
            (
                Lang::En,
                "Look:\nDelivered-To: me@example.com\nthat is all",
                0,
            ),
        ] {
            assert_eq!(
                run(&NoSupportOffer, &draft(Some(lang), body)).len(),
                n,
                "{body}"
            );
        }
    }

    /// The offer says "se desidera ... mi trova" to a reader addressed with "Lei", "se vuoi ...
    /// mi trovi" to one addressed with "tu" (and when the draft does not say).
    #[test]
    fn the_italian_offer_follows_the_drafts_register() {
        let templates = crate::fix::Templates::new(None);
        for (body, formal, says) in [
            (
                "Gentile signora Bruni,\nil sito è online. Mi può confermare che va bene?",
                Some(true),
                "se desidera, posso",
            ),
            (
                "Ciao Anna,\nil sito è online. Fammi sapere!",
                Some(false),
                "se vuoi, posso",
            ),
            ("Buongiorno,\nil sito è online.", None, "se vuoi, posso"),
        ] {
            let found = run(&NoSupportOffer, &draft(Some(Lang::It), body));
            let fix = found.first().and_then(|f| f.fix.as_ref()).expect("a fix");
            assert_eq!(fix.vars.get("formal").and_then(|v| v.as_bool()), formal);
            let text = templates
                .render(Lang::It, "support-offer.txt", &fix.vars)
                .expect("renders");
            assert!(text.contains(says), "{text}");
            let trova = if formal == Some(true) {
                "mi trova"
            } else {
                "mi trovi"
            };
            assert!(text.contains(trova), "{text}");
        }
    }
}
