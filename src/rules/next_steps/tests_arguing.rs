//! Questions that argue, muse or socialise, and reminders of a thing (issue 14, helper C):
//! opinion questions with the argument going on after them, challenges ("Why do you say ...?",
//! "Why should we ...?", "... persuade us ...?"), a social aside ("did I say welcome yet?") and
//! "Don't forget the double-quotes". Each table has near misses that must still ask.

use super::tests::asks;
use crate::draft::Lang;

#[test]
fn an_opinion_question_with_the_argument_going_on_makes_a_point() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "The records agree on one side.\n\nAnd which side of the fence do you suppose the police and historians sit? If the army had invaded, would people have just settled in?",
        ),
        (
            Lang::En,
            false,
            "I read it as fiscally irresponsible. Which do you think is the worse indictment, overregulation or overspending? There are many who buy into that definition.",
        ),
        // Near misses: feedback on the draft, and an opinion question that ends its paragraph.
        (
            Lang::En,
            true,
            "The new logo is in the folder. What do you think of the colours? I can change them by Friday.",
        ),
        (
            Lang::En,
            true,
            "There are two layouts in the folder, one with the map and one without.\n\nWhich one do you think works better?",
        ),
        (
            Lang::En,
            true,
            "What version of openssh do you have? The log shows a protocol error on connect.",
        ),
        (
            Lang::It,
            false,
            "I registri dicono una cosa sola.\n\nSecondo te, da che parte stanno gli storici? Se l'esercito avesse invaso, la gente si sarebbe arresa subito.",
        ),
        (
            Lang::It,
            true,
            "Ho messo il nuovo logo nella cartella. Tu cosa pensi dei colori? Posso cambiarli entro venerdì.",
        ),
        (
            Lang::It,
            true,
            "Ci sono due impaginazioni nella cartella.\n\nSecondo te, quale funziona meglio?",
        ),
        (
            Lang::Ru,
            false,
            "Архивы говорят одно.\n\nПо-вашему, на чьей стороне историки? Если бы армия вторглась, люди бы просто смирились.",
        ),
        (
            Lang::Ru,
            true,
            "Новый логотип в папке. Что вы думаете о цветах? Могу поменять до пятницы.",
        ),
        (
            Lang::Ru,
            true,
            "В папке два варианта макета.\n\nПо-вашему, какой из них лучше?",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn challenges_and_social_asides_ask_nothing() {
    for (lang, asked, body) in [
        (Lang::En, false, "Why do you say Dell is cheaper than DNUK?"),
        (
            Lang::En,
            false,
            "Why should we codify our conventions in MAINTAINERS for a single patch author?\n\nConventions are living and change all the time.",
        ),
        (
            Lang::En,
            false,
            "That tells us nothing. Do you have any data that might persuade us that what you see is more telling?\n\nThe rate of change is increasing.",
        ),
        (
            Lang::En,
            false,
            "Thanks, Jan. This is pushed now.\n\nAnd did I say welcome to the project yet?",
        ),
        (
            Lang::En,
            false,
            "It turns into a jump anyway. Should I pretend I don't know this when I'm programming?",
        ),
        // Near misses: the same words asking for something.
        (
            Lang::En,
            true,
            "Do you have any data on the load last week? I need it for the report.",
        ),
        (Lang::En, true, "Should I send the invoice again or wait?"),
        (
            Lang::En,
            false,
            "The link toolbar is vital when using Bugzilla. Doesn't everybody use Bugzilla?",
        ),
        (
            Lang::En,
            false,
            "You won't sleep on your back for a while, but then you can sleep in any position, can't you?",
        ),
        (Lang::En, false, "Did I claim that every client pays late?"),
        (Lang::En, true, "Can't you send the files today?"),
        (Lang::En, true, "Does everybody on your team use Bugzilla?"),
        (
            Lang::En,
            true,
            "Can you tell me why the build fails on Dell servers?",
        ),
        (Lang::It, false, "Perché dici che Dell costa meno di DNUK?"),
        (
            Lang::It,
            false,
            "Puoi davvero fare danni con una pistola ad acqua?",
        ),
        (
            Lang::It,
            false,
            "Grazie, Jan. È nel ramo principale.\n\nE ti ho già detto benvenuto nel progetto?",
        ),
        (
            Lang::It,
            true,
            "Perché il server rifiuta il login? Mi mandi il log entro oggi?",
        ),
        (
            Lang::Ru,
            false,
            "Почему вы говорите, что Dell дешевле DNUK?",
        ),
        (Lang::Ru, false, "Разве не все пользуются Bugzilla?"),
        (
            Lang::Ru,
            false,
            "Это ничего не говорит. Есть ли у вас данные, которые могли бы убедить нас?\n\nСкорость изменений растёт.",
        ),
        (
            Lang::Ru,
            true,
            "Почему сервер отклоняет вход? Пришлите, пожалуйста, лог.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_reminder_of_a_thing_asks_nothing_a_reminder_of_a_step_does() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "It works for postun too. The important things to remember are:\n\n  1. Don't forget the double-quotes around the -p argument string.\n  2. This only works with RPM 4.0.3 or later.",
        ),
        (
            Lang::En,
            false,
            "PS: Don't forget the on-board heater, which keeps the board warm.",
        ),
        // Near misses: a step, "please", the writer, a deadline.
        (
            Lang::En,
            true,
            "The contract is ready. Don't forget to sign the last page.",
        ),
        (
            Lang::En,
            true,
            "The venue is booked. Please don't forget the tickets.",
        ),
        (
            Lang::En,
            true,
            "The flight is early. Don't forget your passport tomorrow.",
        ),
        (
            Lang::It,
            false,
            "Funziona anche per postun. Non dimenticare le virgolette intorno all'argomento.",
        ),
        (
            Lang::It,
            true,
            "Il contratto è pronto. Non dimenticare di firmare l'ultima pagina.",
        ),
        (
            Lang::Ru,
            false,
            "Для postun тоже работает. Не забудьте про кавычки вокруг аргумента.",
        ),
        (
            Lang::Ru,
            true,
            "Договор готов. Не забудьте подписать последнюю страницу.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn an_impersonal_question_in_a_text_that_argues_in_questions_muses() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Most languages support a goto, so are gotos really bad? Is a loop actually any better than a goto?\n\nPeople bang on about polymorphism, but is there actually any advantage in using an overloaded function?",
        ),
        (
            Lang::En,
            false,
            "Why do the rules differ? Who decided that the old ones were wrong?\n\nBy that logic, should I keep every client at arm's length?",
        ),
        // Near misses: alone, or put to the reader, it asks.
        (
            Lang::En,
            true,
            "We moved the shop to the new host last night.\n\nIs there a way to keep the old address for a month?",
        ),
        (
            Lang::En,
            true,
            "Why do the rules differ? Who decided that the old ones were wrong?\n\nCan you send me the new rules?",
        ),
        (
            Lang::It,
            false,
            "Quasi tutti i linguaggi hanno un goto, quindi il goto è davvero male? Un ciclo è davvero meglio di un goto?\n\nTutti parlano di polimorfismo, ma c'è davvero un vantaggio nelle funzioni sovraccaricate?",
        ),
        (
            Lang::It,
            true,
            "Abbiamo spostato il negozio sul nuovo server.\n\nC'è un modo per tenere il vecchio indirizzo per un mese?",
        ),
        (
            Lang::Ru,
            false,
            "Почти во всех языках есть goto, так ли он плох? Цикл правда лучше, чем goto?\n\nВсе твердят о полиморфизме, но есть ли в перегрузке функций реальная польза?",
        ),
        (
            Lang::Ru,
            true,
            "Мы перенесли магазин на новый сервер.\n\nЕсть ли способ сохранить старый адрес на месяц?",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// A question that makes its point by what nobody would do or believe ("Put it this way: would
/// you ...?", "Would you also believe ...?", "How likely are you to ...?"), one that goes on in a
/// list under its colon ("Would you rather be broke in:" / "- North America, or" / "- India?"),
/// and a resigned or astonished exclamation ("what can you expect", "will you look at the
/// time!") ask nothing (issue 14, session 30). Near misses still ask.
#[test]
fn points_made_by_what_nobody_would_do_and_exclamations_ask_nothing() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "NL is a painfully slow interface for most users today, and they know it.\n\nPut it this way: would you log in, wake the bot and ask for the weather, or would you just click the weather icon on your desktop?\n\nI know which one I would pick.",
        ),
        (
            Lang::En,
            false,
            "Spoken like those people who believe the farce. Would you also believe the Earth is at the centre of the Universe, put here for our enjoyment? The statement is false by every measure.",
        ),
        (
            Lang::En,
            false,
            "These protesters are not interested in changing anyone's mind. How likely are you to change someone's mind by being rude to them? They are social misfits.",
        ),
        (
            Lang::En,
            false,
            "My wife was at school with one of the Teletubbies (well, they were from St Just, what can you expect) and another is now a special-effects wizard in London.",
        ),
        (
            Lang::En,
            false,
            "Are we going to get hit? Yup. When? Every 65 million years and, oh my lord, will you /look/ at the time!",
        ),
        (
            Lang::En,
            false,
            "Our diets and health are still the envy of billions.\n\nWould you rather be unemployed and broke in:\n\n- North America, or\n- India\n\n????\n\nI know my answer.",
        ),
        // Near misses: a request to look at a thing, a plain "would you", a list the reader is
        // asked to fill in.
        (
            Lang::En,
            true,
            "The second draft is in the folder. Will you look at the draft before Monday?",
        ),
        (
            Lang::En,
            true,
            "The receipts are scanned. Would you send them to the accountant? She needs them.",
        ),
        (
            Lang::En,
            true,
            "The order is almost ready.\n\nCould you confirm the sizes:\n\n- the table, 180 cm\n- the bench, 160 cm\n\nThanks.",
        ),
        (
            Lang::It,
            false,
            "Il linguaggio naturale è un'interfaccia lenta per quasi tutti, e lo sanno.\n\nMettiamola così: tu faresti il login e chiederesti il meteo al bot, o cliccheresti l'icona sul desktop?\n\nIo so cosa sceglierei.",
        ),
        (
            Lang::It,
            false,
            "Quei manifestanti non vogliono convincere nessuno. Quanto è probabile che tu convinca qualcuno essendo scortese? Sono dei disadattati.",
        ),
        (
            Lang::It,
            false,
            "Mia moglie era a scuola con uno dei Teletubbies (beh, erano di St Just, cosa puoi aspettarti) e un altro adesso fa effetti speciali a Londra.",
        ),
        (
            Lang::It,
            false,
            "La nostra salute è ancora invidiata da miliardi di persone.\n\nPreferiresti essere disoccupato e al verde in:\n\n- Nord America, o\n- India\n\n????\n\nIo so la mia risposta.",
        ),
        (
            Lang::It,
            true,
            "La seconda bozza è nella cartella. Puoi guardarla entro lunedì?",
        ),
        (
            Lang::Ru,
            false,
            "Естественный язык медленный интерфейс для большинства, и все это знают.\n\nСкажем так: вы бы зашли к боту спросить погоду или просто нажали бы на значок на рабочем столе?\n\nЯ знаю, что выбрал бы я.",
        ),
        (
            Lang::Ru,
            false,
            "Говорят как люди, которые верят в этот фарс. Поверите ли вы, что Земля в центре Вселенной и создана для нас? Это ложь по всем меркам.",
        ),
        (
            Lang::Ru,
            false,
            "Эти протестующие не хотят никого переубедить. Насколько вероятно, что вы переубедите кого-то грубостью? Они просто неудачники.",
        ),
        (
            Lang::Ru,
            false,
            "Наше здоровье всё ещё предмет зависти миллиардов.\n\nВы бы предпочли быть безработным и без денег в:\n\n- Северной Америке или\n- Индии\n\n????\n\nЯ свой ответ знаю.",
        ),
        (
            Lang::Ru,
            true,
            "Второй черновик в папке. Можете посмотреть его до понедельника?",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// What the writer would gain ("what do I gain by making it easier for spam?"), an insult put as
/// a request ("then kindly STFU") and a playful "pretty please" ask nothing (issue 14, session
/// 30). Near misses still ask.
#[test]
fn gains_insults_and_pretty_please_ask_nothing() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "The scheme lets through whatever pays the fee.\n\nSo what do I gain by making it easier for spam to get through?? Nothing, as far as I can see.",
        ),
        (
            Lang::En,
            false,
            "The licence is plain enough. If you do not understand this, then kindly STFU.",
        ),
        (
            Lang::En,
            false,
            "That was 1998, I remember it well. Can I borrow your time machine, pretty please?",
        ),
        (
            Lang::En,
            true,
            "The scheme lets through whatever pays the fee.\n\nCould you tell me what I need to send to join it?",
        ),
        (
            Lang::En,
            true,
            "The licence is attached. Could you kindly sign it and send it back?",
        ),
        (
            Lang::It,
            false,
            "Il sistema fa passare chiunque paghi.\n\nQuindi cosa ci guadagno a rendere più facile la vita allo spam?? Niente, per quanto vedo.",
        ),
        (
            Lang::It,
            false,
            "La licenza è chiarissima. Se non la capisci, allora per favore taci.",
        ),
        (
            Lang::It,
            true,
            "La licenza è in allegato. Potresti gentilmente firmarla e rimandarmela?",
        ),
        (
            Lang::Ru,
            false,
            "Схема пропускает всех, кто платит.\n\nИ что я выиграю, если спаму станет проще проходить?? Ничего, насколько я вижу.",
        ),
        (
            Lang::Ru,
            false,
            "Лицензия написана ясно. Если вы её не понимаете, то, пожалуйста, заткнитесь.",
        ),
        (
            Lang::Ru,
            true,
            "Лицензия во вложении. Пожалуйста, подпишите её и пришлите обратно.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// The writer named in a description of the thing reminded of ("Don't forget slithy, mimsy,
/// gimble, and frumious, bequeathed to us by Lewis Carroll") is not the one it is for: the
/// writer counts only in the reminder's own clause (issue 14, session 30). "Don't forget the
/// keys for us" still asks.
#[test]
fn the_writer_only_in_the_reminders_own_clause() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Tom wrote a fine list.\n\nDon't forget slithy, mimsy, gimble, and frumious, bequeathed to us by Lewis Carroll...",
        ),
        (
            Lang::En,
            true,
            "The car is packed.\n\nDon't forget the keys for us, they are on the hook.",
        ),
        (
            Lang::It,
            false,
            "Tom ha fatto una bella lista.\n\nNon dimenticare le parole di Carroll, lasciate a noi in eredità dal Jabberwocky...",
        ),
        (
            Lang::It,
            true,
            "La macchina è carica.\n\nNon dimenticare le chiavi per noi, sono sul gancio.",
        ),
        (
            Lang::Ru,
            false,
            "Том составил хороший список.\n\nНе забудьте слова Кэрролла, оставленные нам в наследство Бармаглотом...",
        ),
        (
            Lang::Ru,
            true,
            "Машина собрана.\n\nНе забудьте ключи для нас, они на крючке.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}
