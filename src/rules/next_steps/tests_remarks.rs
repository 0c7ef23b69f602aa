//! Remarks put as questions (issue 14, helper R): recollection polls, complaints, lead-ins the
//! writer answers, a request phrase in a bracketed aside; each with a near miss that still asks.

use super::tests::asks;
use crate::draft::Lang;

fn check(cases: &[(Lang, bool, &str)]) {
    for (lang, asked, body) in cases {
        assert_eq!(asks(*lang, body), *asked, "{lang}: {body}");
    }
}

#[test]
fn a_recollection_poll_opening_a_reminiscence_asks_nothing() {
    check(&[
        (
            Lang::En,
            false,
            "I agree with Rob.\n\nanyone remember the polaroid photo sticker fad? low quality, small in size. but kids totally dug that stuff.",
        ),
        // It asks for a particular: still a question.
        (
            Lang::En,
            true,
            "Does anyone remember the name of the polaroid sticker fad? Kids totally dug that stuff.",
        ),
        // It ends its paragraph: still a question.
        (
            Lang::En,
            true,
            "I agree with Rob.\n\nAnyone remember the polaroid photo sticker fad?",
        ),
        (
            Lang::It,
            false,
            "Sono d'accordo con Rob.\n\nQualcuno si ricorda la moda degli adesivi polaroid? Bassa qualità, piccoli. Ma ai ragazzi piacevano moltissimo.",
        ),
        (
            Lang::It,
            true,
            "Qualcuno si ricorda il nome della moda degli adesivi? Ai ragazzi piacevano moltissimo.",
        ),
        (
            Lang::Ru,
            false,
            "Согласен с Робом.\n\nКто-нибудь помнит моду на наклейки с фотографиями? Качество низкое, размер маленький. Но детям они очень нравились.",
        ),
        (
            Lang::Ru,
            true,
            "Кто-нибудь помнит название той моды на наклейки? Детям они очень нравились.",
        ),
    ]);
}

#[test]
fn a_complaint_about_what_someone_did_asks_nothing() {
    check(&[
        (
            Lang::En,
            false,
            "Did someone invert the spam filters? I'm getting almost nothing but spam on the list now...",
        ),
        // Nothing of the writer's after it: still a question.
        (Lang::En, true, "Did someone fix the build on the server?"),
        (
            Lang::It,
            false,
            "Qualcuno ha invertito i filtri antispam? Ricevo quasi solo spam dalla lista.",
        ),
        (Lang::It, true, "Qualcuno ha invertito i filtri antispam?"),
        (
            Lang::Ru,
            false,
            "Кто-то сломал фильтры спама? Мне приходит почти один спам из рассылки.",
        ),
        (Lang::Ru, true, "Кто-то сломал фильтры спама?"),
    ]);
}

#[test]
fn a_lead_in_the_writer_answers_with_advice_asks_nothing() {
    check(&[
        (
            Lang::En,
            false,
            "Yo Mark,\n\nHave you got the closed source drivers from Nvidia or are you still using the ones that came with Red Hat?\n\nhttp://www.nvidia.com and then somewhere.\n\nInstallation is well detailed, you should see the splash screen.\n\nCW",
        ),
        (
            Lang::En,
            false,
            "Do I get beaten round the head for saying \"floppy\"? Assuming the machines are networked, you can copy the kernel over.\n\nAlternatively, you could use netboot.",
        ),
        // A question for a particular, or advice that names the writer: still a question.
        (
            Lang::En,
            true,
            "What do you mean by \"unbreakable\"?\n\nYou need to be far more explicit about the problem.",
        ),
        (
            Lang::En,
            true,
            "Do you have the log from last night? You should send it to me before the call.",
        ),
        (
            Lang::It,
            false,
            "Ciao Marco,\n\nHai già installato i driver di Nvidia o usi ancora quelli di Red Hat?\n\nL'installazione è spiegata bene, dovresti vedere la schermata iniziale.",
        ),
        (
            Lang::It,
            true,
            "Ciao Marco,\n\nHai già installato i driver di Nvidia o usi ancora quelli di Red Hat?",
        ),
        (
            Lang::Ru,
            false,
            "Привет, Марк!\n\nТы уже поставил драйверы Nvidia или всё ещё на тех, что шли с Red Hat?\n\nУстановка описана подробно, достаточно следовать инструкции.",
        ),
        (
            Lang::Ru,
            true,
            "Привет, Марк!\n\nТы уже поставил драйверы Nvidia или всё ещё на тех, что шли с Red Hat?",
        ),
    ]);
}

#[test]
fn a_request_phrase_in_a_bracketed_aside_asks_nothing() {
    check(&[
        (
            Lang::En,
            false,
            "Incredibly creative. Not terribly violent (I mean, how much damage can you -really- do with a supersoaker?) but definitely a newscatcher.",
        ),
        // At the clause's start, or after "when": still a request.
        (
            Lang::En,
            true,
            "The build fails on my machine (can you send the log too?) and I am stuck.",
        ),
        (
            Lang::En,
            true,
            "The build fails on my machine (when can you send the log?) and I am stuck.",
        ),
        (
            Lang::It,
            false,
            "Molto creativo. Non troppo violento (quanti danni davvero puoi fare con una pistola ad acqua?) ma una bella notizia.",
        ),
        (
            Lang::It,
            true,
            "La compilazione fallisce (puoi mandarmi il log?) e sono bloccato.",
        ),
        (
            Lang::Ru,
            false,
            "Очень изобретательно. Не слишком жестоко (сколько вреда на самом деле вы можете причинить водяным пистолетом?) но новость отличная.",
        ),
        (
            Lang::Ru,
            true,
            "Сборка падает (можете прислать лог?) и я застрял.",
        ),
    ]);
}

#[test]
fn shall_we_in_a_text_that_argues_in_questions_muses() {
    check(&[
        (
            Lang::En,
            false,
            "Why do the rules differ? Who decided that the old ones were wrong?\n\nWhat else shall we call it, then?",
        ),
        // In a text that does not argue, it asks.
        (
            Lang::En,
            true,
            "We moved the shop to the new host last night.\n\nShall we meet on Tuesday to go through it?",
        ),
        (
            Lang::It,
            false,
            "Perché queste regole cambiano ogni anno? Chi ha deciso che quelle vecchie erano sbagliate?\n\nCome dobbiamo chiamarlo, allora?",
        ),
        (
            Lang::It,
            true,
            "Abbiamo spostato il negozio sul nuovo server.\n\nDobbiamo vederci martedì per rivederlo?",
        ),
        (
            Lang::Ru,
            false,
            "Почему правила у всех такие разные? Кто решил, что старые были неверны?\n\nСтоит ли тогда вообще их соблюдать?",
        ),
        (
            Lang::Ru,
            true,
            "Мы перенесли магазин на новый сервер.\n\nСтоит ли переносить и почту?",
        ),
    ]);
}

#[test]
fn doubting_the_readers_claim_is_a_jab() {
    check(&[
        (
            Lang::En,
            false,
            "I thought the last occurrence was the one that counted.\n\nAre you sure that it was the first for you? Maybe you forgot to override it in the install step too.",
        ),
        // Asking the reader to confirm a step still asks.
        (
            Lang::En,
            true,
            "Are you sure that you want to cancel the order?",
        ),
        (
            Lang::It,
            false,
            "Pensavo che contasse l'ultima occorrenza.\n\nSei sicuro che sia stata la prima, per te? Forse hai dimenticato di cambiarla anche nell'installazione.",
        ),
        (
            Lang::It,
            true,
            "Sei sicuro che sia partito il pacco? Puoi controllare il tracking?",
        ),
        (
            Lang::Ru,
            false,
            "Я думал, что считается последнее вхождение.\n\nВы уверены, что это было первое? Может быть, вы забыли поменять его и при установке.",
        ),
        (Lang::Ru, true, "Вы уверены, что хотите отменить заказ?"),
    ]);
}

/// The writer taking each reading of a question in turn ("what do you mean? on one hand you can
/// ..."), a note on where to reply ("[followups to spambayes@python.org please, ...]") and a
/// notice introduced as "the following text:" ask nothing (issue 14, session 30). Near misses
/// still ask.
#[test]
fn readings_taken_in_turn_reply_routing_and_introduced_notices() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "why?\n\nor more specifically, what do you mean?  on one hand you can optimise how gcc is compiled, which only makes it a smidge faster.\n\non the other side you can patch its code generation, which I would not do.",
        ),
        (
            Lang::En,
            false,
            "[followups to spambayes@python.org please, unless it is about the mail policy]\n\nAfter much fiddling with the exim config, the filter now runs on every message.",
        ),
        (
            Lang::En,
            false,
            "Unknown senders are asked to confirm, with the following text:\n\n    If your message was an advert, please send me EUR 1,000 for my review of it.\n\nTwo spammers have replied so far.",
        ),
        (
            Lang::En,
            true,
            "What do you mean by unbreakable? You need to be far more explicit about the problem.",
        ),
        (
            Lang::En,
            true,
            "The filter runs on every message now. Could you send the followups to me directly?",
        ),
        (
            Lang::It,
            false,
            "perché?\n\no meglio, cosa intendi?  da un lato si può ottimizzare la compilazione di gcc, che diventa solo un po' più veloce.\n\ndall'altro si può correggere la generazione del codice, cosa che non farei.",
        ),
        (
            Lang::It,
            false,
            "[risposte su spambayes@python.org per favore, salvo che riguardino la policy]\n\nDopo molte prove con la configurazione di exim, il filtro ora gira su ogni messaggio.",
        ),
        (
            Lang::It,
            false,
            "Ai mittenti sconosciuti chiede conferma, con il seguente testo:\n\n    Se il tuo messaggio era pubblicità, per favore mandami 1000 euro per la mia revisione.\n\nFinora hanno risposto due spammer.",
        ),
        (
            Lang::It,
            true,
            "Il filtro ora gira su ogni messaggio. Potresti mandarmi le risposte direttamente?",
        ),
        (
            Lang::Ru,
            false,
            "зачем?\n\nвернее, что вы имеете в виду?  с одной стороны, можно оптимизировать сборку gcc, но он станет лишь чуть быстрее.\n\nс другой стороны, можно править генерацию кода, чего я бы не делал.",
        ),
        (
            Lang::Ru,
            false,
            "[ответы в spambayes@python.org, пожалуйста, если это не про политику]\n\nПосле долгой возни с настройками exim фильтр теперь работает на каждом письме.",
        ),
        (
            Lang::Ru,
            false,
            "Незнакомым отправителям приходит просьба подтвердить, следующий текст:\n\n    Если ваше письмо было рекламой, пожалуйста, пришлите мне 1000 евро за разбор.\n\nПока ответили два спамера.",
        ),
        (
            Lang::Ru,
            true,
            "Фильтр теперь работает на каждом письме. Можете присылать ответы прямо мне?",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// An example set out under a line that names it ("an example:", "un esempio:", "пример:")
/// shows a question; it does not put one (issue 14, session 31: a C joke-FAQ's "1.3: ... can I
/// assume that (&i + 1) == &j?" quoted as an example). Near misses: an ask under another line,
/// and "for example" inside the ask itself.
#[test]
fn an_example_under_its_line_asks_nothing() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Don't forget the C IAQ. An example:\n\n    1.3: If I write int i, j; can I assume that (&i + 1) == &j?\n\n    Only sometimes. It's not portable.",
        ),
        (
            Lang::En,
            true,
            "The layout is ready. One more thing:\n\n    Can you send the logo as SVG?\n\nThanks.",
        ),
        (
            Lang::En,
            true,
            "The layout is ready. For example, could you send the logo as SVG by Friday?",
        ),
        (
            Lang::It,
            false,
            "Non dimenticate la IAQ del C. Un esempio:\n\n    1.3: Se scrivo int i, j; posso supporre che (&i + 1) == &j?\n\n    Solo a volte. Non è portabile.",
        ),
        (
            Lang::It,
            true,
            "L'impaginazione è pronta. Un'ultima cosa:\n\n    Potresti mandarmi il logo in SVG?\n\nGrazie.",
        ),
        (
            Lang::Ru,
            false,
            "Не забудьте C IAQ. Пример:\n\n    1.3: Если я пишу int i, j; могу ли я считать, что (&i + 1) == &j?\n\n    Только иногда. Это непереносимо.",
        ),
        (
            Lang::Ru,
            true,
            "Макет готов. Ещё одно:\n\n    Не могли бы вы прислать логотип в SVG?\n\nСпасибо.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// A request phrase in a question word's clause, in a sentence that is no question, asks
/// nothing: "How soon will you realize that ... ." among pasted maxims (issue 14, session 31),
/// "No where else will you find ...". Near misses: the same as a question, and a request that
/// names a question word after its phrase.
#[test]
fn a_phrase_in_a_question_words_clause_without_a_question_mark() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "The past is dead.\n\nHow soon will you realize that the only thing you don't have is the experience of having it all.",
        ),
        (
            Lang::En,
            true,
            "The table is ready. Where can you take delivery of it?",
        ),
        (
            Lang::En,
            true,
            "The table is ready. Could you tell me where to deliver it.",
        ),
        (
            Lang::It,
            false,
            "Il passato è morto.\n\nCome potresti capire che l'unica cosa che non hai è l'esperienza di avere tutto.",
        ),
        (
            Lang::It,
            true,
            "Il tavolo è pronto. Dove potresti riceverlo?",
        ),
        (
            Lang::It,
            true,
            "Il tavolo è pronto. Potresti dirmi dove consegnarlo.",
        ),
        (
            Lang::Ru,
            false,
            "Прошлое мертво.\n\nКак можете вы не понимать, что у вас уже есть всё, что нужно.",
        ),
        (Lang::Ru, true, "Стол готов. Где можете его принять?"),
        (Lang::Ru, true, "Стол готов. Подскажите, где его принять."),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}
