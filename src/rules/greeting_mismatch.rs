use super::{Check, Context, declare_rule};
use crate::draft::Span;
use crate::finding::Finding;
use crate::lexicon::Scope;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Reads the name in the greeting ("Hi Marco,", "Gentile dott. Bianchi,", "Здравствуйте,
    /// Анна!") and reports it when none of the greeting's names is part of a recipient's display
    /// name in To or Cc (names in another script than the recipients' are not judged). Titles ("dott.", "Mr") and generic greetings ("Hi all", "Buongiorno a
    /// tutti", "Добрый день, коллеги") are skipped. Not judged: when a To recipient has only
    /// an address that names nobody for sure ("dcc@example.com"; "anna.rossi@" names Anna
    /// Rossi), or a recipient is a role ("Support Team", "Ufficio acquisti", "Служба
    /// поддержки": `role_words`).
    ///
    /// ## Why is this bad?
    /// "Ciao Marco" to Anna Rossi says the message was copied from another client's, which is
    /// worse than no name at all; it is the classic slip of a reused template.
    ///
    /// ## Example
    /// `To: Anna Rossi <anna@example.it>` and the draft opens "Ciao Marco,".
    ///
    /// Use instead: "Ciao Anna,".
    ///
    /// ## Configuration
    /// `not_names` per language (titles and generic words), `role_words` per language, and
    /// `min_prefix` (4: a name of at
    /// least this many letters matches a longer one it starts, "Alex" for "Alexander") in `lints/greeting-mismatch.toml`.
    pub struct GreetingMismatch {
        id: "greeting-mismatch",
        severity: Warning,
        summary: "the greeting names someone who is not among the recipients",
    }
}

impl Check for GreetingMismatch {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let Some(line) = cx.draft.greeting else {
            return;
        };
        // A display name that is an address ("anna@example.com") is no name.
        let name_of = |m: &crate::draft::Mailbox| m.name.clone().filter(|n| !n.contains('@'));
        // A To recipient known only by an address ("dcc@example.com", "mrossi@") may be the
        // one greeted: the greeting is not judged. "anna.rossi@" names Anna Rossi.
        let mut named: Vec<String> = Vec::new();
        for m in &cx.draft.headers.to {
            match name_of(m).or_else(|| m.address.as_deref().and_then(name_in_address)) {
                Some(n) => named.push(n),
                None => return,
            }
        }
        named.extend(cx.draft.headers.cc.iter().filter_map(name_of));
        let recipients: Vec<String> = named
            .iter()
            .flat_map(|n| n.split(|c: char| !c.is_alphabetic()))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        // A role ("White House Transportation Coordinator", "Ufficio acquisti", "Служба
        // поддержки") names nobody: the greeting may name the person behind it.
        let roles = cx.env.lexicon.matcher(cx.rule, "role_words", Scope::All);
        if recipients.is_empty()
            || recipients
                .iter()
                .any(|w| roles.find(w).is_some_and(|m| m.len() == w.len()))
        {
            return;
        }
        let text = &cx.draft.lines[line].text;
        let greetings = cx.env.lexicon.matcher("draft", "greetings", Scope::All);
        // "Hi Marco," names after the greeting word; "Marco," and "Андрей, добрый день!" name
        // first (the reader took the line for a greeting).
        let lead = text.len() - text.trim_start().len();
        let word_first = greetings
            .find(text.trim_start())
            .filter(|g| g.start == 0)
            .map(|g| lead + g.end);
        let after = word_first.unwrap_or(lead);
        // "Здравствуйте, Анна!": the name may follow a comma.
        let rest = text[after..].trim_start_matches([',', ' ', '\t']);
        let offset = text.len() - rest.len();
        // The names: capitalised words up to the first punctuation that ends the greeting.
        // Not at ".": titles have one ("dott.", "Mr.").
        // A "[Client name]" or "{{name}}" there is the placeholder rule's business.
        let end = rest
            .find([',', '!', ':', ';', '?', '[', '{', '<', '%'])
            .unwrap_or(rest.len());
        // With no greeting word, the name stands before a comma ("Marco,", "Андрей, добрый
        // день!"); a word alone before "!" is an exclamation ("Amen!", "Congratulations!!",
        // "Oooops!").
        if word_first.is_none() && !rest[end..].starts_with(',') {
            return;
        }
        // Titles and generic words in every language: a greeting may mix them.
        let not_names = cx.env.lexicon.matcher(cx.rule, "not_names", Scope::All);
        let min_prefix = cx.usize("min_prefix").max(2);
        let mut names: Vec<(usize, &str)> = Vec::new();
        let mut pos = 0;
        for word in rest[..end].split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’')) {
            let at = rest[pos..].find(word).map(|i| pos + i).unwrap_or(pos);
            pos = at + word.len();
            if word.is_empty() || not_names.find(word).is_some_and(|m| m.len() == word.len()) {
                continue;
            }
            if word.chars().next().is_some_and(char::is_uppercase) && names.len() < 3 {
                names.push((at, word));
            }
        }
        if names.is_empty() {
            return;
        }
        let matches = |name: &str| {
            let name = name.to_lowercase();
            recipients.iter().any(|r| same_name(&name, r, min_prefix))
        };
        // Names in another script than every recipient's ("Анна" to "Anna Petrova") cannot be
        // judged without transliteration.
        let cyrillic = |w: &str| w.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
        let comparable = names
            .iter()
            .any(|(_, n)| recipients.iter().any(|r| cyrillic(n) == cyrillic(r)));
        if !comparable || names.iter().any(|(_, n)| matches(n)) {
            return;
        }
        let (at, first) = names[0];
        let (last_at, last) = names[names.len() - 1];
        let shown: Vec<&str> = names.iter().map(|(_, n)| *n).collect();
        out.push(
            Finding::new(msg!("greeting-mismatch-message", names = shown.join(" ")))
                .at(Span {
                    line,
                    start: offset + at,
                    end: offset + last_at + last.len(),
                })
                .label(msg!("greeting-mismatch-label", name = first))
                .help(msg!("greeting-mismatch-help")),
        );
    }
}

/// "anna.rossi@example.it", "anna_rossi@": a first and a last name in the address's local
/// part, as "Anna Rossi". One token ("dcc@", "mrossi@", "info@") names nobody for sure: `None`.
fn name_in_address(address: &str) -> Option<String> {
    let local = address.split('@').next()?;
    let parts: Vec<&str> = local.split(['.', '_']).collect();
    (parts.len() == 2
        && parts
            .iter()
            .all(|p| p.chars().count() >= 2 && p.chars().all(char::is_alphabetic)))
    .then(|| parts.join(" "))
}

/// Equal, or one is the start of the other and at least `min_prefix` letters long (a short
/// form: "Alex" for "Alexander"). "Giovanni" is not "Giovanna".
fn same_name(a: &str, b: &str, min_prefix: usize) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    a == b || (short.chars().count() >= min_prefix && long.starts_with(short))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn check(to: &str, greeting: &str) -> usize {
        let d = raw_draft(&format!(
            "From: m@example.it\nTo: {to}\nSubject: Ordine\n\n{greeting}\n\nIl tavolo è pronto.\n"
        ));
        run(&GreetingMismatch, &d).len()
    }

    #[test]
    fn names_against_recipients() {
        assert_eq!(check("Anna Rossi <anna@example.it>", "Ciao Marco,"), 1);
        assert_eq!(check("Anna Rossi <anna@example.it>", "Ciao Anna,"), 0);
        assert_eq!(
            check("Marco Bianchi <m@example.it>", "Gentile dott. Bianchi,"),
            0
        );
        assert_eq!(
            check("Anna Rossi <anna@example.it>", "Buongiorno a tutti,"),
            0
        );
        assert_eq!(check("anna@example.it", "Ciao Marco,"), 0);
        assert_eq!(
            check("Anna Rossi <anna@example.it>", "Ciao [Nome cliente],"),
            0
        );
        assert_eq!(
            check(
                "Анна Петрова <a@example.ru>",
                "Здравствуйте, Анна Сергеевна!"
            ),
            0
        );
        assert_eq!(
            check("Анна Петрова <a@example.ru>", "Здравствуйте, Мария!"),
            1
        );
        assert_eq!(
            check("Anna Petrova <a@example.ru>", "Здравствуйте, Мария!"),
            0
        );
        assert_eq!(
            check("Анна Петрова <a@example.ru>", "Здравствуйте, Анна!"),
            0
        );
        assert_eq!(check("John Smith <j@example.com>", "Dear Mr. Smith,"), 0);
        assert_eq!(check("Giovanna Verdi <g@example.it>", "Ciao Giovanni,"), 1);
    }

    #[test]
    fn name_first_greetings_and_address_display_names() {
        assert_eq!(check("Anna Rossi <anna@example.it>", "Marco,"), 1);
        assert_eq!(check("Anna Rossi <anna@example.it>", "Anna,"), 0);
        assert_eq!(
            check("Андрей Волков <a@example.ru>", "Олег, добрый день!"),
            1
        );
        assert_eq!(
            check("Андрей Волков <a@example.ru>", "Андрей, добрый день!"),
            0
        );
        // A word alone before "!" is an exclamation, not a name-first greeting; a greeting
        // word before the name still counts.
        for line in ["Amen!", "Congratulations!!", "Oooops!", "Evviva!", "Ура!"] {
            assert_eq!(check("Anna Rossi <anna@example.it>", line), 0, "{line}");
        }
        assert_eq!(check("Anna Rossi <anna@example.it>", "Ciao Marco!"), 1);
        // Generic salutations and other languages' greeting words are no names.
        for line in [
            "Dear Friend,",
            "Dear User,",
            "Hallo,",
            "Caro amico,",
            "Gentile utente,",
            "Дорогой друг,",
            "Уважаемый пользователь!",
        ] {
            assert_eq!(check("Anna Rossi <anna@example.it>", line), 0, "{line}");
        }
        assert_eq!(
            check("Anna Rossi <anna@example.it>", "Dear Friend Marco,"),
            1
        );
        assert_eq!(
            check("Анна Петрова <a@example.ru>", "Дорогой друг Олег,"),
            1
        );
        assert_eq!(check("Анна Петрова <a@example.ru>", "Привет, Мария!"), 1);
        // A role names nobody: the greeting may name the person behind it; a person's name
        // beside a role word's look-alike is still judged.
        for (to, line) in [
            ("White House Transportation Coordinator", "Fred,"),
            ("Support Team <support@example.com>", "Hi Marco,"),
            ("Ufficio acquisti <acquisti@example.it>", "Ciao Marco,"),
            ("Служба поддержки <help@example.ru>", "Здравствуйте, Олег!"),
            ("Undisclosed.Recipients@example.com", "Hi Steph,"),
            ("Destinatari nascosti <x@example.it>", "Ciao Marco,"),
            ("Скрытые получатели <x@example.ru>", "Привет, Олег!"),
        ] {
            assert_eq!(check(to, line), 0, "{to}");
        }
        assert_eq!(check("Anna Office <anna@example.it>", "Ciao Marco,"), 0);
        assert_eq!(check("Anna Officer <anna@example.it>", "Ciao Marco,"), 1);
        // A To recipient known only by an address may be the one greeted, unless the address
        // spells a first and last name.
        assert_eq!(
            check("dcc@example.com, Justin Mason <j@example.com>", "Vernon,"),
            0
        );
        assert_eq!(check("anna.rossi@example.it", "Ciao Marco,"), 1);
        assert_eq!(check("anna.rossi@example.it", "Ciao Anna,"), 0);
        assert_eq!(check("oleg_petrov@example.ru", "Hi Oleg,"), 0);
        assert_eq!(check("mrossi@example.it", "Ciao Marco,"), 0);
        // A display name that is an address is no name to compare with.
        assert_eq!(
            check("\"tom@example.com\" <tom@example.com>", "Hi Marco,"),
            0
        );
    }
}
