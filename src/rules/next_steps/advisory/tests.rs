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

/// A bulletin titled with its number ("CERT Advisory CA-2002-21 ...") over its dates and source
/// is an advisory without a severity line; the same title without the fields, or the fields
/// under a title without a number, leave the asks to be read.
#[test]
fn a_numbered_advisory_title_stands_for_the_severity() {
    for (lang, title, plain, fields, body) in [
        (
            Lang::En,
            "CERT Advisory CA-2002-21 Vulnerability in PHP",
            "Notes on the vulnerability in PHP",
            "Original release date: July 22, 2002\nLast revised: --\nSource: CERT/CC",
            "A remote attacker can crash PHP.\n\nPlease contact your vendor directly for a patch.",
        ),
        (
            Lang::It,
            "Bollettino di sicurezza CA-2002-21 Vulnerabilità in PHP",
            "Appunti sulla vulnerabilità in PHP",
            "Data di pubblicazione: 22 luglio 2002\nUltima revisione: --\nFonte: CERT/CC",
            "Un attaccante remoto può bloccare PHP.\n\nPer favore contattate direttamente il \
             fornitore per una patch.",
        ),
        (
            Lang::Ru,
            "Бюллетень безопасности CA-2002-21 Уязвимость в PHP",
            "Заметки об уязвимости в PHP",
            "Дата публикации: 22 июля 2002\nПоследняя редакция: --\nИсточник: CERT/CC",
            "Удалённый злоумышленник может обрушить PHP.\n\nПожалуйста, обратитесь к поставщику \
             за исправлением.",
        ),
    ] {
        assert_eq!(
            asks(lang, &format!("{title}\n\n{fields}\n\n{body}")),
            0,
            "{lang}"
        );
        assert_eq!(
            asks(lang, &format!("{title}\n\n{body}")),
            1,
            "{lang} no fields"
        );
        assert_eq!(
            asks(lang, &format!("{plain}\n\n{fields}\n\n{body}")),
            1,
            "{lang} no number"
        );
    }
}

/// The desk's `due` reads the same requests as the rule: an advisory asked no one there either.
#[test]
fn due_reads_no_request_in_an_advisory() {
    let env = crate::rules::RuleEnv::for_tests();
    let fields = "Severity: Security\nProduct: gaim\nKeywords: gaim hyperlink manual\n\
                  References: CAN-2002-0989";
    let body = "Please download Gaim 0.59.1 or later using Red Carpet.";
    let advisory = draft(Some(Lang::En), &format!("{fields}\n\n{body}"));
    assert!(super::super::requests_in(&advisory, &env).is_empty());
    // Near miss: the same fields over a greeting are a support reply that asks.
    let reply = draft(Some(Lang::En), &format!("Hi Anna,\n\n{fields}\n\n{body}"));
    assert_eq!(super::super::requests_in(&reply, &env).len(), 1);
}
