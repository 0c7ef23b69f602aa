use super::super::NextSteps;
use crate::draft::Lang;
use crate::rules::testing::*;

fn asks(lang: Lang, body: &str) -> usize {
    let d = draft(Some(lang), body);
    run(&NextSteps, &d).len()
}

/// A vendor's advisory (a severity and more fields at its top, no greeting) instructs all its
/// users; the same fields over a greeting, or too few of them, leave the asks to be read.
#[test]
fn an_advisorys_instructions_ask_no_one() {
    for (lang, fields, body, greeting) in [
        (
            Lang::En,
            "Severity: Security\nProduct: gaim\nKeywords: gaim hyperlink manual\n\
             References: CAN-2002-0989",
            "Gaim passes an untrusted string to the shell without quoting, so an attacker can run \
             commands on the user's machine.\n\nPlease download Gaim 0.59.1 or later using Red \
             Carpet.",
            "Hi Anna,",
        ),
        (
            Lang::It,
            "Gravità: Sicurezza\nProdotto: gaim\nParole chiave: gaim collegamenti\n\
             Riferimenti: CAN-2002-0989",
            "Gaim passa una stringa non fidata alla shell senza virgolette, quindi un attaccante \
             può eseguire comandi sulla macchina dell'utente.\n\nPer favore scaricate Gaim 0.59.1 \
             o successivo con Red Carpet.",
            "Ciao Anna,",
        ),
        (
            Lang::Ru,
            "Критичность: безопасность\nПродукт: gaim\nКлючевые слова: gaim ссылки\n\
             Ссылки: CAN-2002-0989",
            "Gaim передаёт строку в оболочку без кавычек, поэтому злоумышленник может выполнить \
             команды на машине пользователя.\n\nПожалуйста, скачайте Gaim 0.59.1 или новее через \
             Red Carpet.",
            "Привет, Анна!",
        ),
    ] {
        assert_eq!(asks(lang, &format!("{fields}\n\n{body}")), 0, "{lang}");
        // Near misses: a support reply that greets the client over its ticket's fields asks.
        assert_eq!(
            asks(lang, &format!("{greeting}\n\n{fields}\n\n{body}")),
            1,
            "{lang} greeting"
        );
        // Two fields and no severity are no advisory.
        let two: Vec<&str> = fields.lines().skip(1).take(2).collect();
        assert_eq!(
            asks(lang, &format!("{}\n\n{body}", two.join("\n"))),
            1,
            "{lang} two fields"
        );
    }
}
