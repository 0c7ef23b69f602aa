//! Sentences set aside from the writer's requests: quoted in single quotation marks or
//! introduced as a quotation, a letter inside the text, advice, objections, pleas and offers
//! (issue 14, round 5).

use super::tests::asks;
use super::*;
use crate::draft::Lang;
use crate::rules::testing::*;

#[test]
fn a_sentence_quoted_in_single_quotation_marks_asks_nothing() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "The article quotes the agency: 'If you have received a letter, please fax a copy of that letter to the office.' From their site.",
        ),
        (
            Lang::En,
            false,
            "The sign said ‘Please send all parcels to the back door.’ Nobody read it.",
        ),
        // Apostrophes quote nothing.
        (
            Lang::En,
            true,
            "I don't have the players' list yet. Please send it when you can.",
        ),
        (
            Lang::En,
            true,
            "It says 'HAVE TO' in the manual, so please send me the model number.",
        ),
        (
            Lang::It,
            false,
            "Il cartello diceva: 'Per favore, mandate i pacchi al retro.' Nessuno l'ha letto.",
        ),
        (
            Lang::It,
            true,
            "Non l'ho ancora visto. Per favore, mandami il file entro lunedì.",
        ),
        (
            Lang::Ru,
            false,
            "На двери висело: 'Пожалуйста, пришлите посылки к заднему входу.' Никто не читал.",
        ),
        (Lang::Ru, true, "Пожалуйста, пришлите 'финальную' версию."),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_reminder_that_explains_the_readers_own_setup_is_advice() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Don't forget to run pppoe over the modem, as in my case you have to have a bridge configured.",
        ),
        (
            Lang::En,
            false,
            "Remember to back up the partition table first, otherwise you lose everything.",
        ),
        // Near misses: the writer waits for it, or it is due.
        (
            Lang::En,
            true,
            "Don't forget to send me the invoice, you should have it by now.",
        ),
        (
            Lang::En,
            true,
            "Remember to sign the contract by Friday, you have to initial every page.",
        ),
        (
            Lang::En,
            true,
            "The draft is ready, so remember to sign the contract.",
        ),
        (
            Lang::It,
            false,
            "Non dimenticare di aggiornare il BIOS, nel mio caso bisogna farlo prima.",
        ),
        (
            Lang::It,
            true,
            "Non dimenticare di aggiornare il BIOS e mi mandi il modello, devi solo leggerlo.",
        ),
        (
            Lang::It,
            true,
            "Luca, ricordati di firmare il contratto entro venerdì, devi siglare ogni pagina.",
        ),
        (
            Lang::Ru,
            false,
            "Не забудьте обновить BIOS, в моём случае иначе придётся всё переставлять.",
        ),
        (
            Lang::Ru,
            true,
            "Не забудьте прислать нам счёт, вам нужно будет его подписать.",
        ),
        (Lang::Ru, true, "Олег, не забудьте подписать договор."),
        (Lang::Ru, false, "Он всегда не забудь напомнить про отчёт."),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_letter_inside_the_text_puts_its_questions_to_its_own_addressee() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "http://example.org/column\n\nDear Garrison,\n\nI believe a park would be the best tribute.\nWhat do you think should be done with the space?\n\nJoe Adams\nHillsdale, New Jersey\n\nI dread the thought of a big memorial. It is going to be cold and ugly.",
        ),
        (
            Lang::It,
            false,
            "Dalla rubrica di ieri.\n\nCaro Beppe,\n\nho letto il tuo articolo sul ponte.\nTu cosa faresti con i soldi?\n\nMario Rossi\nTorino\n\nRispondo volentieri: li darei alle scuole.",
        ),
        (
            Lang::Ru,
            false,
            "Письмо читателя.\n\nУважаемый Олег,\n\nя прочитал вашу колонку.\nА вы что думаете о мосте?\n\nИван Петров\nТверь\n\nОтвечаю: мост нужен.",
        ),
        // Near misses: the letter is the message itself (nothing after its name), or the
        // greeting has no name paragraph after it.
        (
            Lang::En,
            true,
            "[draft v2]\n\nDear Anna,\n\nThe table is ready.\nCould you confirm the delivery address?\n\nMarco Bianchi\nStudio Bianchi",
        ),
        (
            Lang::En,
            true,
            "Below is my note for the board.\n\nDear all,\n\nthe budget is final. Could you confirm the delivery address?\n\nIt went out this morning.",
        ),
        (
            Lang::It,
            true,
            "[bozza]\n\nCara Anna,\n\nil tavolo è pronto.\nPotresti confermarmi l'indirizzo?\n\nMarco Bianchi",
        ),
        (
            Lang::Ru,
            true,
            "[черновик]\n\nУважаемая Анна,\n\nстол готов.\nПришлите, пожалуйста, адрес доставки.\n\nМарко",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn an_objection_put_to_a_generic_you_is_an_argument() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Andre has a peculiar way with people.\n\nHowever, how do you add features? Tagged commands, new chipsets and so on.\n\nLinus has had no problems.",
        ),
        (
            Lang::En,
            true,
            "The patch is ready.\n\nHowever, can you test it on your IDE machine? It needs real drives.\n\nThanks.",
        ),
        (
            Lang::En,
            true,
            "The patch is ready.\n\nHow do you add features to it? I could not find the hook.\n\nThanks.",
        ),
        (
            Lang::It,
            false,
            "Il codice è vecchio.\n\nTuttavia, come lo mantieni se lo riscrivi da capo? Nuovi chip, nuovi bug.\n\nLinus non ha problemi.",
        ),
        (
            Lang::It,
            true,
            "La patch è pronta.\n\nTuttavia, potresti provarla sulla tua macchina? Servono dischi veri.\n\nGrazie.",
        ),
        (
            Lang::Ru,
            false,
            "Код старый.\n\nОднако как вы добавите новые функции? Новые чипы, новые ошибки.\n\nУ Линуса проблем нет.",
        ),
        (
            Lang::Ru,
            true,
            "Патч готов.\n\nОднако не могли бы вы проверить его на своей машине? Нужны настоящие диски.\n\nСпасибо.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_plea_to_refrain_asks_for_no_step() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "I know this is off topic. Please don't flame me.",
        ),
        (
            Lang::En,
            false,
            "The fuel comes from CO2. Please, no lectures on thermodynamics.",
        ),
        (
            Lang::En,
            true,
            "The invoice is late. Please don't forget to send it.",
        ),
        (
            Lang::En,
            true,
            "Please don't use the old address; send the parcel to the new one, please.",
        ),
        (
            Lang::It,
            false,
            "So che è fuori tema. Per favore non arrabbiarti.",
        ),
        (
            Lang::It,
            true,
            "Per favore non dimenticare di mandarmi la fattura.",
        ),
        (
            Lang::Ru,
            false,
            "Я знаю, что это не по теме. Пожалуйста, не ругайтесь.",
        ),
        (Lang::Ru, true, "Пожалуйста, не забудьте прислать счёт."),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn an_offer_on_the_readers_wish_and_taking_back_ask_for_no_step() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "We are hiring a support engineer. Please contact me directly if you wish to apply.",
        ),
        (
            Lang::En,
            false,
            "The report is attached. Let me know if you have any questions.",
        ),
        (
            Lang::En,
            true,
            "The report is attached. Let me know if you have any questions by Friday.",
        ),
        (Lang::En, false, "Please ignore my last message."),
        (
            Lang::En,
            false,
            "Don't forget, if you lose the gamble your resolver is going to cache it.",
        ),
        (
            Lang::En,
            true,
            "If you're happy with the draft, please sign it.",
        ),
        (
            Lang::It,
            false,
            "Cerchiamo un tecnico. Se ti interessa, mandami il curriculum.",
        ),
        (
            Lang::It,
            false,
            "Per favore ignora il mio ultimo messaggio.",
        ),
        (
            Lang::It,
            true,
            "Se ti interessa, mandami il curriculum entro venerdì.",
        ),
        (
            Lang::Ru,
            false,
            "Мы ищем инженера. Если вам интересно, пришлите резюме.",
        ),
        (
            Lang::Ru,
            false,
            "Пожалуйста, игнорируйте моё прошлое письмо.",
        ),
        (
            Lang::Ru,
            true,
            "Если вам интересно, пришлите резюме до пятницы.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_paragraph_introduced_as_a_quotation_asks_its_own_readers() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Their mirror policy is stated in the README. Quoting:\n\n     please make sure that you meet the following conditions if\n     you intend to mirror the site.\n\nSo we are fine.",
        ),
        (
            Lang::En,
            false,
            "I mailed the logs. Let me know if you want them.",
        ),
        // Near misses: a colon without quoting, and a request after the quoted paragraph.
        (
            Lang::En,
            true,
            "Two things before Friday:\n\nPlease send the logo and confirm the address.",
        ),
        (
            Lang::En,
            true,
            "The error says:\n\nPermission denied\n\nCan you check the rights on the folder?",
        ),
        (
            Lang::It,
            false,
            "Il regolamento è chiaro. Cito:\n\n  per favore, inviate la domanda entro la data indicata.\n\nQuindi siamo in regola.",
        ),
        (Lang::It, true, "Due cose:\n\nPer favore, mandami il logo."),
        (
            Lang::Ru,
            false,
            "В правилах всё сказано. Цитирую:\n\n  пожалуйста, пришлите заявку до указанной даты.\n\nТак что всё в порядке.",
        ),
        (
            Lang::Ru,
            true,
            "Два момента:\n\nПришлите, пожалуйста, логотип.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_reply_after_a_colon_line_that_quotes_nothing_still_asks() {
    for (lang, body) in [
        (
            Lang::En,
            "Once upon a time, Harri wrote :\n\nStrange, my packages need no version. What version of openssh do you have? It may be old.",
        ),
        // An attribution the reader missed, its quote between it and the reply.
        (
            Lang::En,
            "Quoting Eamonn <e@example.ie>:\n\n> the network broke\n\nIf it is new, what did you do to it?",
        ),
        (
            Lang::It,
            "Harri, rispondo qui sotto:\n\nStrano. Potresti mandarmi la versione di openssh?",
        ),
        (
            Lang::Ru,
            "Гарри, отвечаю ниже:\n\nСтранно. Пришлите, пожалуйста, версию openssh.",
        ),
    ] {
        let d = draft(Some(lang), body);
        assert_eq!(run(&NextSteps, &d).len(), 1, "{lang}: {body}");
    }
}

#[test]
fn a_storytellers_drum_roll_asks_nothing() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "I checked my account after the refund and the balance is (drum roll please) $0.00!",
        ),
        (
            Lang::En,
            true,
            "The balance is $0.00. Please send me the refund receipt.",
        ),
        (
            Lang::It,
            false,
            "Ho controllato il conto dopo il rimborso e il saldo è (rullo di tamburi, per favore) zero!",
        ),
        (
            Lang::It,
            true,
            "Il saldo è zero. Per favore mandami la ricevuta del rimborso.",
        ),
        (
            Lang::Ru,
            false,
            "Я проверил счёт после возврата, и баланс (барабанная дробь, пожалуйста) ноль!",
        ),
        (
            Lang::Ru,
            true,
            "Баланс ноль. Пришлите, пожалуйста, квитанцию о возврате.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{body}");
    }
}

#[test]
fn tell_me_opening_a_clause_asks() {
    for (lang, asked, body) in [
        (
            Lang::En,
            true,
            "I still can't pick up the station.\n\nBetter yet, tell me where I should be listening for new music now.",
        ),
        (Lang::En, false, "Dead slow all week? Tell me about it."),
        (Lang::En, false, "Why did the build break? You tell me."),
        (
            Lang::It,
            true,
            "Non riesco ancora a prendere la stazione.\n\nAnzi, dimmi dove dovrei ascoltare musica nuova adesso.",
        ),
        (
            Lang::It,
            false,
            "Il mio collega mi ha detto dimmi tutto, e poi è sparito.",
        ),
        (
            Lang::Ru,
            true,
            "Я всё ещё не ловлю эту станцию.\n\nА лучше подскажи, где теперь слушать новую музыку.",
        ),
        (
            Lang::Ru,
            false,
            "Коллега сказал мне подскажи потом, и ушёл.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{body}");
    }
}

#[test]
fn tell_me_in_a_story_asks_nothing() {
    for body in [
        "Some people cannot locate the account and tell me that the number doesn't exist.",
        "A complaint will get a simple response: shut down the daemon and tell me to use Outlook.",
    ] {
        assert!(!asks(Lang::En, body), "{body}");
    }
}

/// Session 29: a request word in quotation marks of its own is mentioned, not used.
#[test]
fn a_request_word_in_its_own_quotation_marks_is_mentioned() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "The clues were 'growth': 0.85; 'please': 0.85; 'capital': 0.92 and it still said ham.",
        ),
        (
            Lang::En,
            true,
            "The clues are below. Please send me the full list.",
        ),
        (
            Lang::It,
            false,
            "Gli indizi erano 'crescita': 0.85; 'per favore': 0.85; 'capitale': 0.92, eppure ham.",
        ),
        (
            Lang::It,
            true,
            "Gli indizi sono sotto. Per favore mandami la lista intera.",
        ),
        (
            Lang::Ru,
            false,
            "Признаки были «рост»: 0.85; «пожалуйста»: 0.85; «капитал»: 0.92, и всё равно ham.",
        ),
        (
            Lang::Ru,
            true,
            "Признаки ниже. Пришлите, пожалуйста, полный список.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{body}");
    }
}

/// A request phrase cut out of a contraction ("if you could you'd send ..."), the consequence of
/// a supposed case ("... then someone knows how to fix it") and a question in brackets after a
/// question of the sentence's own ("So how much logic is involved (why are you limiting yourself
/// to sockets? ...)") ask nothing (issue 14, session 30). Near misses still ask.
#[test]
fn contractions_consequences_and_brackets_after_a_question_word() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Spammers don't care.\n\nYou probably want to relay through someone so it's harder to trace you, if you could you'd send to every address available.\n\nThat's my view.",
        ),
        (
            Lang::En,
            false,
            "If the company knows plenty about Linux, I'd go with a Linux box, because when something goes wrong then someone knows how to fix it.\n\nThat's all.",
        ),
        (
            Lang::En,
            false,
            "In short yes. So how much logic is involved for each type of IPC (why are you limiting yourself to sockets? there are mutexes, shared mem, files...). Anyway the data decides.",
        ),
        (
            Lang::En,
            true,
            "The proofs are ready.\n\nCould you send me the signed copy? I'll print it then.",
        ),
        (
            Lang::En,
            true,
            "The router drops the line every night. Someone knows how to fix it?",
        ),
        (
            Lang::En,
            true,
            "The numbers are in. How much did you pay for the hosting (and could you send me the invoice?) last year?",
        ),
        (
            Lang::It,
            false,
            "Se l'azienda conosce bene Linux, sceglierei Linux, perché quando qualcosa si rompe allora qualcuno sa come ripararlo.\n\nTutto qui.",
        ),
        (
            Lang::It,
            false,
            "In breve sì. Quanta logica serve per ogni tipo di IPC (perché ti limiti ai socket? ci sono mutex, memoria condivisa...). Comunque decidono i dati.",
        ),
        (
            Lang::It,
            true,
            "Il router cade ogni notte. Qualcuno sa come ripararlo?",
        ),
        (
            Lang::Ru,
            false,
            "Если в компании хорошо знают Linux, я бы взял Linux, потому что когда что-то сломается, тогда кто-нибудь знает, как это починить.\n\nВот и всё.",
        ),
        (
            Lang::Ru,
            false,
            "Короче, да. Сколько логики нужно для каждого вида IPC (зачем вы ограничиваетесь сокетами? есть мьютексы, общая память...). В общем, решают данные.",
        ),
        (
            Lang::Ru,
            true,
            "Роутер падает каждую ночь. Кто-нибудь знает, как это починить?",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// A line of white space only is a blank line (issue 14, session 30: a sales mail's "Get it
/// now:" / " " / "https://…" / " " / "What does $60 a year get you?" read as one sentence asking
/// the reader); the offsets stay the same.
#[test]
fn a_line_of_white_space_is_a_blank_line() {
    assert_eq!(
        flatten("Get it now:\n \nWhat?\n\t\nNo."),
        "Get it now:\n\n\nWhat?\n\n\nNo."
    );
    assert_eq!(
        flatten("one\ntwo\n \u{a0}\nthree").len(),
        "one\ntwo\n \u{a0}\nthree".len()
    );
    for (lang, [q1, q2, q3], answer) in [
        (
            Lang::En,
            [
                "Version 8.0 is out. Get it now:\n \nhttps://example.com/buy\n \nWhat does $60 a year get you?",
                "What's new in version 8.0, anyway?",
                "How do I upgrade once I subscribe?",
            ],
            "  * Instant ISOs of every public release for the whole length of your subscription.",
        ),
        (
            Lang::It,
            [
                "La versione 8.0 è uscita. Prendila ora:\n \nhttps://example.it/compra\n \nCosa ti dà l'abbonamento da 60 euro?",
                "Cosa c'è di nuovo nella versione 8.0?",
                "Come aggiorno dopo essermi abbonato?",
            ],
            "  * Le immagini ISO di ogni versione pubblica per tutta la durata del tuo abbonamento.",
        ),
        (
            Lang::Ru,
            [
                "Вышла версия 8.0. Купите сейчас:\n \nhttps://example.ru/buy\n \nЧто вы получаете за 60 долларов в год?",
                "Что нового в версии 8.0?",
                "Как обновиться после подписки?",
            ],
            "  * Образы ISO каждого публичного выпуска на всё время действия вашей подписки, без очередей.",
        ),
    ] {
        let body = format!("{q1}\n \n{answer}\n \n{q2}\n \n{answer}\n \n{q3}\n \n{answer}");
        assert!(!asks(lang, &body), "{lang}: {body}");
    }
}
