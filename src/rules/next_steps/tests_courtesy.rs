//! Issue 14 (helper B): courtesies, conditional asks and offers of help ask for nothing; pasted
//! output, logs and code neither make a message long nor stand after its request.

use super::tests::asks;
use super::*;
use crate::draft::Lang;
use crate::finding::Severity;
use crate::rules::testing::*;

#[test]
fn courtesies_conditional_asks_and_offers_ask_nothing() {
    for (lang, asked, body) in [
        // "let me know" whose object is the reader's own outcome, or an offer.
        (
            Lang::En,
            false,
            "Hi Tom,\n\nthe new settings are in the wiki. Experiment and let me know what works for you.",
        ),
        (
            Lang::En,
            false,
            "The patch is attached. Let us know whether it helps you!",
        ),
        (
            Lang::En,
            false,
            "I can try another bisect, but it might take some time. Let me know if there is something I can test.",
        ),
        (
            Lang::It,
            false,
            "Ciao Luca,\n\nho caricato la nuova versione. Fammi sapere se funziona.",
        ),
        (
            Lang::Ru,
            false,
            "Привет!\n\nЯ выложил новую сборку. Дайте знать, если получится.",
        ),
        // A bare "let me know" after a condition opening its sentence.
        (
            Lang::En,
            false,
            "I have not found a mirror yet. If you find one, let me know.",
        ),
        (
            Lang::It,
            false,
            "Non ho ancora trovato un mirror. Se lo trovi, fammi sapere.",
        ),
        (
            Lang::Ru,
            false,
            "Зеркала я пока не нашёл. Если найдёте, дайте знать.",
        ),
        (
            Lang::En,
            false,
            "It's hackish, so if someone has a better way to do this, let me know.",
        ),
        (
            Lang::En,
            false,
            "Have a look there, and let us know if you succeed.",
        ),
        (
            Lang::It,
            false,
            "È un po' grezzo, quindi se qualcuno ha un modo migliore, fammi sapere.",
        ),
        (
            Lang::Ru,
            false,
            "Это костыль, так что если у кого-то есть способ лучше, дайте знать.",
        ),
        // An offer of the writer's help put as a question.
        (
            Lang::En,
            false,
            "Nobody has a script for it. Or you could let me write one for you?",
        ),
        (
            Lang::It,
            false,
            "Lo script non c'è ancora. Vuoi che lo scriva io? Lo faccio io per te?",
        ),
        (
            Lang::Ru,
            false,
            "Скрипта пока нет. Хотите, я напишу его за вас?",
        ),
        // Near misses: a deadline, what the writer waits for, a choice or a decision still ask.
        (
            Lang::En,
            true,
            "Let me know by Friday which option you prefer.",
        ),
        (
            Lang::En,
            true,
            "Please let me know your address so I can ship it.",
        ),
        (
            Lang::En,
            true,
            "Let me know how it goes so I can order the rest.",
        ),
        (Lang::En, true, "If you agree, let me know."),
        (Lang::En, true, "Let me know if it works by Friday."),
        (Lang::It, true, "Fammi sapere entro lunedì."),
        (
            Lang::It,
            true,
            "Fammi sapere se funziona entro lunedì, così posso ordinare il resto.",
        ),
        (Lang::It, true, "Se sei d'accordo, fammi sapere."),
        (Lang::Ru, true, "Сообщите до пятницы."),
        (
            Lang::Ru,
            true,
            "Дайте знать, если получится, чтобы я мог заказать остальное.",
        ),
        (Lang::Ru, true, "Если вы согласны, дайте знать."),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_polite_frame_around_a_courtesy_asks_nothing_either() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "The fix is in. Could you please let me know if it helps?",
        ),
        (
            Lang::It,
            false,
            "La correzione c'è. Per favore fammi sapere se funziona.",
        ),
        (
            Lang::Ru,
            false,
            "Исправление готово. Пожалуйста, дайте знать, если поможет.",
        ),
        // Near misses: another request in the sentence still asks.
        (
            Lang::En,
            true,
            "The fix is in. Could you send me the log and let me know if it helps?",
        ),
        (
            Lang::It,
            true,
            "La correzione c'è. Mandami il log e fammi sapere se funziona.",
        ),
        (
            Lang::Ru,
            true,
            "Исправление готово. Пришлите лог и дайте знать, если поможет.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// Pasted compiler output, logs and code count no words and do not end the text: a short help
/// request whose one ask closes its prose is a hint; the same request with more prose after it,
/// or in a long message, stays a warning.
#[test]
fn pasted_output_is_not_words_of_the_writer() {
    let errors = "cc: Error: spamd/spamc.c, line 50: In this declaration, \"in_addr_t\" has no\nlinkage and has a prior declaration in this scope at line number 572 in file\n/usr/include/sys/types.h. (nolinkage)\ntypedef unsigned long   in_addr_t;      /* base type for internet address */\n------------------------^\n".repeat(8);
    let log = "Sep 12 12:04:13.785852 check[52238]: [ 1] [bootup] Logging initiated LogDebugLevel=9\nSep 12 12:04:13.787113 check[52238]: [ 5] computed razorhome=/root/.razor, conf=\n".repeat(12);
    let hint = Some(Severity::Hint);
    for (lang, body, at_most) in [
        (
            Lang::En,
            format!("Hi,\n\nwhen I run make I get the following:\n\n{errors}\nThere are lots more. Any ideas what can be done?\n\nDon"),
            hint,
        ),
        (
            Lang::En,
            format!("Hi,\n\nrazor finds no positives since the upgrade.\n\nAny suggestions? thanks.\n\n-d output below\n\n{log}"),
            hint,
        ),
        (
            Lang::En,
            "Hi,\n\ncould you please align the values? Something like:\n\nenum types {\n\n\tdest_Fixed\t\t= 0,\n\tdest_LowestPrio\t= 1,\n};\n\n... would be much more readable, right?".to_string(),
            hint,
        ),
        (
            Lang::It,
            format!("Ciao,\n\nquando lancio make ottengo questo:\n\n{errors}\nCe ne sono molti altri. Qualcuno sa come risolvere?\n\nLuca"),
            hint,
        ),
        (
            Lang::Ru,
            format!("Привет,\n\nпосле обновления razor ничего не находит. Лог ниже:\n\n{log}\nПодскажите, пожалуйста, что делать?\n\nОлег"),
            hint,
        ),
        // Thanks closing the text after the request are not more text.
        (
            Lang::En,
            "Hi,\n\nxine shows a scrambled picture since the upgrade.\n\nHas anyone seen this before?\n\nThanks for your help.".to_string(),
            hint,
        ),
        (
            Lang::It,
            "Ciao,\n\nxine mostra un'immagine disturbata dall'aggiornamento.\n\nQualcuno sa come risolvere?\n\nGrazie in anticipo.".to_string(),
            hint,
        ),
        (
            Lang::Ru,
            "Привет,\n\nпосле обновления xine показывает битую картинку.\n\nПодскажите, пожалуйста, что делать?\n\nЗаранее спасибо.".to_string(),
            hint,
        ),
        (
            Lang::En,
            "Hi,\n\nxine shows a scrambled picture since the upgrade.\n\nHas anyone seen this before?\n\nThanks to the new codec the sound works, but the picture still breaks up after a minute.".to_string(),
            None,
        ),
        // Near misses: prose after the request, or a long message, still a warning.
        (
            Lang::En,
            format!("Hi,\n\nwhen I run make I get the following:\n\n{errors}\nAny ideas what can be done?\n\nI tried the older compiler as well and it failed the same way, so it is not the compiler."),
            None,
        ),
        (
            Lang::It,
            format!("Ciao,\n\nquando lancio make ottengo questo:\n\n{errors}\nQualcuno sa come risolvere?\n\nHo provato anche il vecchio compilatore e fallisce allo stesso modo, quindi non è colpa sua."),
            None,
        ),
        (
            Lang::Ru,
            format!("Привет,\n\n{}\nЛог ниже:\n\n{log}\nПодскажите, пожалуйста, что делать?", "Я обновил razor вчера вечером, и с тех пор он не находит ничего, даже в образцах спама из комплекта. ".repeat(12)),
            None,
        ),
    ] {
        // A near miss must be longer than a glance (`glance_words`) to be a warning.
        let body = match at_most {
            None => super::tests_severity::longer(lang, &body),
            Some(_) => body,
        };
        let d = draft(Some(lang), &body);
        let f = run(&NextSteps, &d);
        assert_eq!(f.len(), 1, "{body}");
        assert_eq!(f[0].at_most, at_most, "{body}");
    }
}

/// "Or do I have this all wrong?" closes an argument the way "let me know if I'm wrong" does.
#[test]
fn asking_to_be_corrected_is_a_courtesy() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "The licence should be all or nothing. Or do I have this all wrong?",
        ),
        (Lang::En, false, "It ships next week, am I wrong?"),
        (
            Lang::En,
            true,
            "Do I have to sign the contract before Friday?",
        ),
        (
            Lang::It,
            false,
            "La licenza dovrebbe valere per tutto, o sbaglio?",
        ),
        (Lang::It, true, "Devo firmare il contratto entro venerdì?"),
        (
            Lang::Ru,
            false,
            "Лицензия должна быть общей, или я ошибаюсь?",
        ),
        (Lang::Ru, true, "Можно ли подписать договор до пятницы?"),
        (
            Lang::En,
            false,
            "This is just a guess - if I'm wrong, someone please correct me!",
        ),
        (
            Lang::En,
            true,
            "Please correct the invoice date before Friday.",
        ),
        (
            Lang::It,
            false,
            "È solo un'ipotesi, correggetemi se sbaglio.",
        ),
        (Lang::It, true, "Per favore correggi la data della fattura."),
        (
            Lang::Ru,
            false,
            "Это только догадка, поправьте меня, если я ошибаюсь.",
        ),
        (Lang::Ru, true, "Пожалуйста, исправьте дату в счёте."),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// Session 29: a program's prompt asks nothing (apt's "Do you want to continue? [Y/n] Y"), and
/// indented words between two pasted blocks (a spec file's description) are the paste's, not
/// the writer's.
#[test]
fn a_programs_prompt_asks_nothing() {
    let scores = "    66 1.00 S 'facility': 0.01; 'speaker': 0.01; 'stretch': 0.01;\n    \
                  'thursday': 0.01; 'young,': 0.01; 'mistakes': 0.12; 'growth':\n    \
                  0.85; '>content-type:text/plain': 0.85; 'please': 0.85; 'capital':\n    \
                  0.92; 'series': 0.92; 'subject:Don': 0.94; 'companies': 0.96;\n";
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "apt-get fails:\n\nNeed to get 2407kB of archives.\nDo you want to continue? [Y/n] Y\nE: Sub-process /bin/rpm returned an error code (1)\n".to_string(),
        ),
        (
            Lang::It,
            false,
            "apt-get non va:\n\nServe scaricare 2407kB di archivi.\nVuoi continuare? [S/n] S (y/n)\nE: Sub-process /bin/rpm returned an error code (1)\n".to_string(),
        ),
        (
            Lang::Ru,
            false,
            "apt-get падает:\n\nНужно скачать 2407kB архивов.\nПродолжить? [Y/n] Y\nE: Sub-process /bin/rpm returned an error code (1)\n".to_string(),
        ),
        // Near misses: the writer's own question under the paste still asks.
        (
            Lang::En,
            true,
            format!("The clues it used:\n\n{scores}\nCould you tell me why it scored 0.99?"),
        ),
        (
            Lang::It,
            true,
            format!("Gli indizi usati:\n\n{scores}\nPotresti dirmi perché ha dato 0.99?"),
        ),
        (
            Lang::Ru,
            true,
            format!("Использованные признаки:\n\n{scores}\nМожете объяснить, почему вышло 0.99?"),
        ),
    ] {
        assert_eq!(asks(lang, &body), asked, "{body}");
    }
}

#[test]
fn indented_words_between_pasted_blocks_are_the_paste() {
    let spec = "%define real_name Mail-SpamAssassin\n%define real_version 2.31\nBuildRoot: %{_builddir}/%{real_name}-%{real_version}-root\n";
    let described = "%description\n    SpamAssassin provides you with a way to reduce if not completely\n    eliminate unsolicited commercial email from your incoming email. It can\n    be invoked by a MDA such as sendmail or postfix, or can be called from\n    a procmail script, a .forward file, and it adds headers to the message\n    so that it can be filtered by the user's mail reading software.\n";
    let after = "%prep\n%setup -q -n %{real_name}-%{real_version}\n%{__perl} Makefile.PL PREFIX=%{_prefix}\n";
    for (lang, ask) in [
        (Lang::En, "Can someone tell me what I am doing wrong?"),
        (Lang::It, "Qualcuno sa dirmi cosa sbaglio?"),
        (Lang::Ru, "Кто-нибудь знает, что я делаю не так?"),
    ] {
        let body = format!(
            "{ask} It's like make doesn't take the PREFIX.\n\n---\n\n{spec}\n{described}\n{after}"
        );
        let f = run(&NextSteps, &draft(Some(lang), &body));
        assert_eq!((f.len(), f[0].at_most), (1, Some(Severity::Hint)), "{body}");
        // Near miss: the same words unindented are the writer's own (and make it long).
        let own = described.replace("\n    ", "\n");
        let body = format!(
            "{ask} It's like make doesn't take the PREFIX.\n\n---\n\n{spec}\n{own}\n{after}\n{}",
            super::tests_severity::background(lang)
        );
        let f = run(&NextSteps, &draft(Some(lang), &body));
        assert_eq!((f.len(), f[0].at_most), (1, None), "{body}");
    }
}

/// Italian's courtesy form drops "Lei": "Mi conferma l'indirizzo?" asks the reader as "Mi può
/// confermare l'indirizzo?" does (a new-user audit, session 32). The same words telling what
/// someone else said, or not in a question, ask nothing.
#[test]
fn italian_courtesy_form_questions_ask() {
    for (asked, body) in [
        (true, "Mi conferma l'indirizzo di fatturazione?"),
        (true, "Ci manda il file entro venerdì?"),
        (true, "Anna, mi sa dire quando arriva il tavolo?"),
        (true, "Mi fa sapere se il colore va bene?"),
        (false, "Il corriere mi conferma che il tavolo è partito."),
        (false, "Il corriere mi conferma che è partito?"),
        (
            false,
            "Mi conferma il corriere che il tavolo è partito ieri.",
        ),
    ] {
        assert_eq!(asks(Lang::It, body), asked, "{body}");
    }
}
