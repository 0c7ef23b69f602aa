//! Apple Mail and iOS Mail quote their own attribution: "> On 3 Dec 2026, at 10:12, Anna
//! <a@x> wrote:" is the first line of the quote ("> Il giorno 3 dic 2026, alle ore 10:12, Anna
//! <a@x> ha scritto:", "> 3 дек. 2026 г., в 10:12, Анна <a@x> написал(а):"). `late-reply`
//! dates the reply by it, as by an attribution at the margin.

use super::{LineKind, Segmenter};

impl Segmenter<'_> {
    /// Apple Mail and iOS Mail quote their own attribution ("> On 3 Dec 2026, at 10:12, Anna
    /// <a@x> wrote:" over the quoted text). When the text has no attribution at its margin, the
    /// first line (or two or three, wrapped) of its first quote block is the attribution of the
    /// message it answers. Deeper quotes ("> > On ...") and attributions further down a quote
    /// belong to older messages and stay quoted, and so does a quoted line that gives no date
    /// ("> As I said:"): the clients that quote their attribution always write the date.
    pub(super) fn mark_quoted_attribution(&self, lines: &[&str], kinds: &mut [LineKind]) {
        if kinds.contains(&LineKind::Attribution) {
            return;
        }
        let Some(first) = kinds.iter().position(|k| *k == LineKind::Quote) else {
            return;
        };
        // The line's text under one ">", if it is quoted once.
        let unquoted = |j: usize| -> Option<&str> {
            let rest = lines.get(j)?.trim_start().strip_prefix('>')?;
            (kinds[j] == LineKind::Quote && !rest.trim_start().starts_with('>'))
                .then(|| rest.trim())
        };
        // A line ending in a colon right above the quote introduces it: an attribution this
        // reader does not know ("Once upon a time, Jesse wrote :"), under which the quoted
        // attribution is an older message's.
        let introduced = lines[..first]
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .is_some_and(|l| l.trim_end().ends_with(':'));
        let Some(t) = unquoted(first).filter(|_| !introduced) else {
            return;
        };
        let used = self.attribution_lines(
            t,
            unquoted(first + 1).unwrap_or(""),
            unquoted(first + 2).unwrap_or(""),
        );
        let dated = (first..first + used).any(|j| lines[j].contains(|c: char| c.is_ascii_digit()));
        if !dated {
            return;
        }
        for k in kinds.iter_mut().skip(first).take(used) {
            *k = LineKind::Attribution;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{of, split};
    use crate::draft::LineKind::{self, *};

    #[test]
    fn an_attribution_quoted_by_apple_mail_is_the_attribution() {
        for (text, attribution) in [
            (
                "Sure, tomorrow.\n\nSent from my iPhone\n\n> On 3 Dec 2026, at 10:12, Anna Rossi \
                 <anna@example.com> wrote:\n>\n> Where is my invoice?",
                vec!["> On 3 Dec 2026, at 10:12, Anna Rossi <anna@example.com> wrote:"],
            ),
            (
                "Certo, domani.\n\nInviato da iPhone\n\n> Il giorno 3 dic 2026, alle ore 10:12, \
                 Anna Rossi <anna@example.it> ha scritto:\n>\n> Dov'è la fattura?",
                vec![
                    "> Il giorno 3 dic 2026, alle ore 10:12, Anna Rossi <anna@example.it> ha \
                     scritto:",
                ],
            ),
            (
                "Да, завтра.\n\nОтправлено с iPhone\n\n> 3 дек. 2026 г., в 10:12, Анна Петрова \
                 <anna@example.ru> написал(а):\n>\n> Где счёт?",
                vec!["> 3 дек. 2026 г., в 10:12, Анна Петрова <anna@example.ru> написал(а):"],
            ),
            // Wrapped over three lines, as Apple Mail writes a long one.
            (
                "Yes.\n\n> On Dec 16, 2026, at 12:47 PM, Corey Donohoe\n> <corey@example.com>\n> \
                 wrote:\n>\n> Is it done?",
                vec![
                    "> On Dec 16, 2026, at 12:47 PM, Corey Donohoe",
                    "> <corey@example.com>",
                    "> wrote:",
                ],
            ),
        ] {
            assert_eq!(of(text, Attribution), attribution, "{text}");
            assert!(of(text, Quote).iter().any(|l| l.contains('?')), "{text}");
        }
    }

    #[test]
    fn older_attributions_inside_a_quote_stay_quoted() {
        let kinds = |text: &str| split(text).kinds;
        for text in [
            // The writer's client wrote its attribution at the margin: the quoted one is older.
            "Fine.\n\nOn Mon, 7 Dec 2026 at 09:00, Bob <b@example.com> wrote:\n> On 3 Dec 2026, \
             at 10:12, Anna <a@example.com> wrote:\n> > Hello",
            // Quoted twice: an older message's.
            "Fine.\n\n> > On 3 Dec 2026, at 10:12, Anna <a@example.com> wrote:\n> > Hello",
            // Under a line that introduces the quote, an attribution the reader does not know.
            "Fine.\n\nOnce upon a time, Jesse said :\n\n> On Fri, 20 Sep 2002 10:40:55 +0200\n> \
             Matthias <m@example.com> wrote:\n> > Hello",
            "Bene.\n\nTempo fa Jesse diceva:\n> Il giorno 3 dic 2026, alle ore 10:12, Anna \
             <a@example.it> ha scritto:\n> > Ciao",
            "Хорошо.\n\nКогда-то Женя сказал:\n> 3 дек. 2026 г., в 10:12, Анна <a@example.ru> \
             написал(а):\n> > Привет",
            // Not the quote's first line.
            "Fine.\n\n> As I said:\n> On 3 Dec 2026, at 10:12, Anna <a@example.com> wrote:\n> Hi",
            "Bene.\n\n> Come dicevo:\n> Il giorno 3 dic 2026, alle ore 10:12, Anna \
             <a@example.it> ha scritto:\n> Ciao",
            "Хорошо.\n\n> Как я писал:\n> 3 дек. 2026 г., в 10:12, Анна <a@example.ru> \
             написал(а):\n> Привет",
        ] {
            let quoted_attribution = text
                .lines()
                .zip(kinds(text))
                .any(|(l, k)| k == LineKind::Attribution && l.trim_start().starts_with('>'));
            assert!(!quoted_attribution, "{text}");
        }
        // A first quote line that attributes nothing.
        assert!(of("Fine.\n\n> Where is it?\n> Anna", Attribution).is_empty());
    }
}
