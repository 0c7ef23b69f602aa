//! Questions in brackets, hypotheticals and questions the writer answers with "Well," (issue 14,
//! helper C, round 2), each with a near miss that still asks.

use super::tests::asks;
use crate::draft::Lang;

#[test]
fn a_question_in_brackets_is_an_aside() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Maybe the site should provide automated (how much more automated can it get? Well, maybe one-click setup) repositories for everyone.",
        ),
        (
            Lang::En,
            false,
            "Capitalism must be healthy but not triumphant.\n\n(How much do we owe to our frontiers? Heck, didn't they invent geometry to keep track of their property lines?)",
        ),
        (
            Lang::En,
            false,
            "The old build still works for me (do you still use the old build?) and I see no reason to move.",
        ),
        // Put to the reader by more than a plain "do you", it still asks.
        (
            Lang::En,
            true,
            "The build fails on my machine (can you send me your config too?).",
        ),
        // Brackets closed before the question mark.
        (
            Lang::En,
            true,
            "The build fails (see the log below). Can you check the flags?",
        ),
        (
            Lang::It,
            false,
            "Il capitalismo deve essere sano ma non trionfante.\n\n(Quanto dobbiamo alle nostre frontiere? Non hanno forse inventato la geometria per questo?)",
        ),
        (
            Lang::It,
            true,
            "La compilazione fallisce sul mio computer (puoi mandarmi anche la tua configurazione?).",
        ),
        (
            Lang::Ru,
            false,
            "Капитализм должен быть здоровым, но не торжествующим.\n\n(Сколько мы должны своим границам? Разве не там придумали геометрию?)",
        ),
        (
            Lang::Ru,
            true,
            "Сборка падает на моей машине (можете прислать ваш конфиг тоже?).",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_hypothetical_question_argues_by_example() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "If you had a piece of software that did something, but you knew it had security holes, would you run that software?",
        ),
        (
            Lang::En,
            false,
            "So if you were the admin, would you trust a binary from a stranger?",
        ),
        // A request phrase besides the supposition's own, or the writer, still asks.
        (
            Lang::En,
            true,
            "If you had time, could you review the patch?",
        ),
        (
            Lang::En,
            true,
            "If you had a spare minute, would you send me the logs?",
        ),
        (
            Lang::It,
            false,
            "Se tu avessi un programma con falle di sicurezza, vorresti davvero installarlo sul tuo server?",
        ),
        (
            Lang::It,
            true,
            "Se avessi tempo, potresti rivedere la patch?",
        ),
        (
            Lang::Ru,
            false,
            "Если бы у вас была программа с дырами в защите, вы бы её запустили на своём сервере?",
        ),
        (
            Lang::Ru,
            true,
            "Если бы у вас было время, можете посмотреть патч?",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_question_the_writer_answers_with_well_asks_nothing() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Is anyone still using the old build? Well, I doubt it, since nobody has complained.",
        ),
        (
            Lang::En,
            true,
            "Is anyone still using the old build? Please tell me before Friday.",
        ),
        (
            Lang::It,
            false,
            "Qualcuno usa ancora la vecchia versione? Beh, ne dubito, nessuno si è lamentato.",
        ),
        (
            Lang::It,
            true,
            "Qualcuno usa ancora la vecchia versione? Me lo dite entro venerdì?",
        ),
        (
            Lang::Ru,
            false,
            "Кто-нибудь ещё пользуется старой версией? Ну, вряд ли, никто не жаловался.",
        ),
        (
            Lang::Ru,
            true,
            "Кто-нибудь ещё пользуется старой версией? Сообщите мне до пятницы.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_self_question_or_a_challenge_argues() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Do I really want a mail client that phones home every hour?",
        ),
        (
            Lang::En,
            false,
            "Most people will stay ignorant and happy. What are you going to do about it?",
        ),
        // Put to the reader as a step, it still asks.
        (
            Lang::En,
            true,
            "The server is down again. What are you going to do about the backups?",
        ),
        (Lang::En, true, "Do I really need to reinstall the client?"),
        (
            Lang::It,
            false,
            "Voglio davvero un programma di posta che telefona a casa ogni ora?",
        ),
        (Lang::It, true, "Devo reinstallare il programma di posta?"),
        (
            Lang::Ru,
            false,
            "Хочу ли я почтовую программу, которая каждый час звонит домой?",
        ),
        (
            Lang::Ru,
            true,
            "Мне нужно переустановить почтовую программу?",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_request_phrase_in_a_quoted_phrase_asks_nothing() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Maildir doesn't distinguish between 'don't show this to me by default again please' and 'I've read this message'. It seems best to hide that inside the library.",
        ),
        // An apostrophe after the request still leaves it asked.
        (
            Lang::En,
            true,
            "Maildir has an 'unread' flag. Please send me the players' list by Friday.",
        ),
        (
            Lang::It,
            false,
            "Maildir non distingue tra 'non mostrarlo più per favore' e 'l'ho già letto'. Meglio nasconderlo nella libreria.",
        ),
        (
            Lang::It,
            true,
            "Maildir ha un flag 'unread'. Per favore, mandami la lista entro venerdì.",
        ),
        (
            Lang::Ru,
            false,
            "Maildir не различает 'больше не показывай это, пожалуйста' и 'я это прочитал'. Лучше спрятать это в библиотеке.",
        ),
        (
            Lang::Ru,
            true,
            "У Maildir есть флаг 'unread'. Пожалуйста, пришлите мне список до пятницы.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn did_you_try_is_advice() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Removing the lock files and trying again works every time for me. Did you try that?",
        ),
        (
            Lang::En,
            true,
            "Removing the lock files works for me. Could you try that and tell me what happens?",
        ),
        // What the reader did is asked: "Did you try 7.3 first?"
        (
            Lang::En,
            true,
            "Gack. Did you try 7.3 with the compat-glibc first? Or does it require an antique kernel?",
        ),
        (
            Lang::It,
            false,
            "Cancellare i file di blocco e riprovare funziona sempre. Hai provato così?",
        ),
        (
            Lang::It,
            true,
            "Cancellare i file di blocco funziona. Puoi provare e dirmi cosa succede?",
        ),
        (
            Lang::Ru,
            false,
            "Удалить файлы блокировки и повторить — у меня всегда работает. Вы пробовали так?",
        ),
        (
            Lang::Ru,
            true,
            "Удалить файлы блокировки у меня работает. Можете попробовать и написать, что выйдет?",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}
