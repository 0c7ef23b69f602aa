//! Text the writer copied in (articles, dialogues, chats, machine notices: `Draft::copied`,
//! `Draft::shape`) asks its own readers, not this one.

use super::*;
use crate::draft::Lang;
use crate::rules::testing::*;

fn asks(lang: Lang, body: &str) -> usize {
    let d = draft(Some(lang), body);
    run(&NextSteps, &d).len()
}

/// A pasted article (a link line, a byline or dateline under it, long paragraphs) asks its own
/// readers; the writer's words above it or in a short paragraph after it still ask.
#[test]
fn a_pasted_article_asks_its_own_readers() {
    for (lang, intro, article, after) in [
        (
            Lang::En,
            "Anna, this came out today.",
            "http://news.example.com/2026/12/ballmer.html\n\nBallmer in charge\nBy Ed Scannell\n\n\
             People think, OK, should we just do more upgrades or try to sell more new product? We \
             decided that users like us to do a level of systems integration so they don't have to \
             get involved in that, and we will keep doing it.",
            "Can you check whether this affects us?",
        ),
        (
            Lang::It,
            "Anna, è uscito oggi.",
            "http://news.example.it/2026/12/intervista.html\n\nIl nuovo piano\n7 dicembre 2026, \
             ore 10:12\n\nLa gente pensa: dobbiamo fare più aggiornamenti o vendere più prodotti \
             nuovi? Abbiamo deciso che gli utenti vogliono un lavoro di integrazione dei sistemi, \
             così non devono occuparsene loro, e continueremo a farlo anche il prossimo anno.",
            "Puoi controllare se ci riguarda?",
        ),
        (
            Lang::Ru,
            "Анна, это вышло сегодня.",
            "http://news.example.ru/2026/12/interview.html\n\nНовый план\nАвтор: Иван Петров\n\n\
             Люди спрашивают: можете ли вы делать больше обновлений или продавать больше новых \
             продуктов? Мы решили, что пользователям нужна интеграция систем, чтобы им не \
             приходилось заниматься этим самим, и мы будем делать это и дальше в следующем году.",
            "Можете проверить, касается ли это нас?",
        ),
    ] {
        assert_eq!(asks(lang, &format!("{intro}\n\n{article}")), 0, "{lang}");
        // Near misses: the writer asks above the article, or after it.
        assert_eq!(
            asks(lang, &format!("{intro} {after}\n\n{article}")),
            1,
            "{lang} above"
        );
        assert_eq!(
            asks(lang, &format!("{intro}\n\n{article}\n\n{after}")),
            1,
            "{lang} after"
        );
        // A link line with no byline or dateline under it starts no article.
        let plain =
            article
                .replacen("By Ed Scannell", "", 1)
                .replacen("7 dicembre 2026, ore 10:12", "", 1);
        let plain = plain.replacen("Автор: Иван Петров", "", 1);
        assert_eq!(
            asks(lang, &format!("{intro}\n\n{plain}")),
            1,
            "{lang} plain"
        );
    }
}

/// A news-feed item ("URL: …" / "Date: …" over the item) and a marked article.
#[test]
fn a_feed_item_and_a_marked_article() {
    for (lang, body) in [
        (
            Lang::En,
            "URL: http://www.newsisfree.com/click/-0,8597651,215/\nDate: 2002-10-06T02:28:04+01:00\n\n\
             Will the last person to leave the Tory party please turn out the light? Rachel Cooke \
             scours the land looking for Conservative voters, and finds very few of them left in \
             the old shires.",
        ),
        (
            Lang::It,
            "Ti giro questo.\n\n--- Articolo originale ---\nPotete immaginare un partito senza \
             elettori? Per favore, spegnete la luce uscendo: il cronista ha girato le province in \
             cerca di elettori conservatori e ne ha trovati pochissimi nelle vecchie contee.",
        ),
        (
            Lang::Ru,
            "URL: http://news.example.ru/item/42\nДата: 2002-10-06\n\nПоследний, кто уходит из \
             партии, пожалуйста, выключите свет! Корреспондент объехал всю страну в поисках \
             избирателей консерваторов и нашёл совсем немного в старых графствах и городах.",
        ),
    ] {
        assert_eq!(asks(lang, body), 0, "{lang}: {body}");
    }
    // Near miss: the same marker with the writer's own request above it.
    assert_eq!(
        asks(
            Lang::It,
            "Mi confermi entro venerdì se ci riguarda?\n\n--- Articolo originale ---\nIl cronista \
             ha girato le province in cerca di elettori conservatori e ne ha trovati pochissimi \
             nelle vecchie contee, dove un tempo erano la maggioranza assoluta."
        ),
        1
    );
}

/// A play's or a chat's dialogue: its questions go to the other speaker. A short task list by
/// name at the margin is the writer's.
#[test]
fn a_dialogue_asks_the_other_speaker() {
    for (lang, dialogue, tasks) in [
        (
            Lang::En,
            "    Guil: It's a game.\n    Ros: And then we can go?\n    Guil: And receive such \
             thanks.\n    Ros: Would you care to estimate?",
            "Anna: please send the logo.\nTom: the copy is done.\nAnna: please confirm the date.",
        ),
        (
            Lang::It,
            "    Guil: È un gioco.\n    Ros: E poi possiamo andare?\n    Guil: E ricevere \
             ringraziamenti.\n    Ros: Potresti fare una stima?",
            "Anna: per favore mandami il logo.\nTom: il testo è pronto.\nAnna: per favore \
             confermami la data.",
        ),
        (
            Lang::Ru,
            "<ros> а потом можно идти?\n<guil> и получить благодарность.\n<ros> можете \
             прикинуть, сколько?",
            "Анна: пришлите, пожалуйста, логотип.\nТом: текст готов.\nАнна: подтвердите, \
             пожалуйста, дату.",
        ),
    ] {
        let body = format!("I will quote the play:\n\n{dialogue}\n\nWords, words.");
        assert_eq!(asks(lang, &body), 0, "{lang}: {body}");
        assert_eq!(
            asks(lang, &format!("Tasks.\n\n{tasks}")),
            1,
            "{lang}: {tasks}"
        );
    }
}

/// A chat pasted from a messenger, each turn under its speaker's label on a line of its own: its
/// questions go to the other speaker. One label ("Anna says:" over her question, relayed) is the
/// writer's report, and a question of the writer's under the chat still asks.
#[test]
fn a_messenger_chat_asks_the_other_speaker() {
    for (lang, chat, relayed, ask) in [
        (
            Lang::En,
            "Mike says:\nhow are you?\n\nSmarterChild says:\nGreat thx! You?\n\nMike \
             says:\nFine. What is the weather like in Seattle?\n\nSmarterChild says:\nCurrent \
             weather conditions for Seattle: 57 F.",
            "Anna says:\nCould you send the invoice again?",
            "Could you send me the logs of that session?",
        ),
        (
            Lang::It,
            "Mike dice:\ncome stai?\n\nSmarterChild dice:\nBene grazie! E tu?\n\nMike \
             dice:\nBene. Potresti dirmi che tempo fa a Seattle?\n\nSmarterChild dice:\nA \
             Seattle ci sono 14 gradi.",
            "Anna dice:\nPotresti mandarmi di nuovo la fattura?",
            "Potresti mandarmi i log di quella sessione?",
        ),
        (
            Lang::Ru,
            "Майк говорит:\nкак дела?\n\nБот говорит:\nОтлично! А у вас?\n\nМайк \
             говорит:\nХорошо. Можете сказать, какая погода в Сиэтле?\n\nБот говорит:\nВ \
             Сиэтле 14 градусов.",
            "Анна говорит:\nМожете прислать счёт ещё раз?",
            "Можете прислать мне логи этой сессии?",
        ),
    ] {
        let body = format!("A sample conversation with the bot:\n\n{chat}\n\nFun, isn't it.");
        assert_eq!(asks(lang, &body), 0, "{lang}: {body}");
        let body = format!("A sample conversation with the bot:\n\n{chat}\n\n{ask}");
        assert_eq!(asks(lang, &body), 1, "{lang}: {body}");
        assert_eq!(
            asks(lang, &format!("Bad news.\n\n{relayed}")),
            1,
            "{lang}: {relayed}"
        );
    }
}

/// A page's address over a rule, its copied text under it (issue 14, session 30: a blog pasted
/// as "http://winerlog.example.net/" / "===========" / its posts): the page's questions ask its
/// own readers. A link with the writer's words under it still asks.
#[test]
fn a_page_copied_under_its_address_and_a_rule() {
    for (lang, post, own) in [
        (
            Lang::En,
            "Who's the real monster?\n\nIt seems good old Uncle Dave is once again trying to \
             savage anyone who dares to disagree with him, and here is his attempt to fool you \
             into thinking they are monsters. Why would good old Uncle Dave want to hurt you? \
             It's all about love, right? Drop us an e-mail if you think otherwise, we read them \
             all.",
            "Could you read it before the meeting and tell me what you think?",
        ),
        (
            Lang::It,
            "Chi è il vero mostro?\n\nSembra che il buon vecchio zio Dave provi di nuovo a \
             sbranare chiunque osi dargli torto, e questo è il suo tentativo di farti credere \
             che siano mostri. Perché il buon vecchio zio Dave dovrebbe volerti fare del male? \
             Potresti scriverci se la pensi diversamente, le leggiamo tutte.",
            "Potresti leggerlo prima della riunione e dirmi cosa ne pensi?",
        ),
        (
            Lang::Ru,
            "Кто настоящий монстр?\n\nПохоже, старый добрый дядя Дейв снова пытается растерзать \
             всех, кто смеет с ним спорить, и это его попытка убедить вас, что они чудовища. \
             Зачем старому доброму дяде Дейву делать вам больно? Напишите нам, если вы думаете \
             иначе, мы читаем все письма.",
            "Можете прочитать это до встречи и сказать, что думаете?",
        ),
    ] {
        let copied = format!(
            "This is for those who have dealt with him.\n\nhttp://winerlog.example.net/\n\n===========\n\n{post}"
        );
        assert_eq!(asks(lang, &copied), 0, "{lang}: {copied}");
        let linked = format!(
            "This is for those who have dealt with him.\n\nhttp://winerlog.example.net/\n\n{own}"
        );
        assert_eq!(asks(lang, &linked), 1, "{lang}: {linked}");
    }
}

/// A machine's notice (`machine_notice` in `lints/draft.toml`) is read as bulk: its "please
/// attend to this" is a form's line. The writer's ask above a forwarded notice still counts.
#[test]
fn a_machine_notice_asks_nothing() {
    for (lang, ask, notice) in [
        (
            Lang::En,
            "Anna, can you check these requests?",
            "The list has 1 request(s) waiting for your consideration.\n\nPlease attend to this \
             at your earliest convenience. This notice of\npending requests, if any, will be sent \
             out daily.",
        ),
        (
            Lang::It,
            "Anna, puoi controllare queste richieste?",
            "Questo è un messaggio automatico. Per favore controlla le richieste in attesa \
             appena possibile.",
        ),
        (
            Lang::Ru,
            "Анна, можете проверить эти заявки?",
            "Это письмо сформировано автоматически. Пожалуйста, проверьте заявки в очереди.",
        ),
    ] {
        let d = draft(Some(lang), notice);
        assert!(d.shape.notice && d.shape.bulk, "{lang}: {:?}", d.shape);
        assert_eq!(run(&NextSteps, &d).len(), 0, "{lang}");
        // Near miss: forwarded under the writer's own question, the notice is quoted.
        let fwd = format!(
            "{ask}\n\n---------- Forwarded message ---------\n\
             From: list-admin@example.com\nSubject: requests\n\n{notice}"
        );
        assert_eq!(asks(lang, &fwd), 1, "{lang}: {fwd}");
    }
}

/// A caption between two rules (a bug tracker's "------- Additional Comments From ... -------")
/// ends the sentence before it and heads the next: the item is the question alone.
#[test]
fn a_captioned_rule_heads_the_sentence_under_it() {
    let env = crate::rules::RuleEnv::for_tests();
    for (lang, caption, question) in [
        (
            Lang::En,
            "------- Additional Comments From jm@example.org 2002-09-21 16:39 -------",
            "Dan, is there any code from this that we can get checked in?",
        ),
        (
            Lang::It,
            "------- Commento aggiuntivo da jm@example.org 2002-09-21 16:39 -------",
            "Dan, c'è del codice che possiamo integrare?",
        ),
        (
            Lang::Ru,
            "======= Комментарий от jm@example.org 2002-09-21 16:39 =======",
            "Дэн, есть ли код, который мы можем добавить?",
        ),
    ] {
        let d = draft(Some(lang), &format!("{caption}\n{question}"));
        assert_eq!(super::requests_in(&d, &env), vec![question], "{lang}");
        // A rule ends the paragraph above the question: with a line of text under it, it is no
        // question in mid-paragraph (no rhetorical one).
        let d = draft(
            Some(lang),
            &format!("{caption}\n{question}\n{caption}\nOK."),
        );
        assert_eq!(super::requests_in(&d, &env), vec![question], "{lang}");
        let d = draft(Some(lang), &format!("---\n{question}\nOK."));
        assert_eq!(super::requests_in(&d, &env), vec![question], "{lang}");
        // Near miss: a line with a rule on one side only is text ("--- see below").
        let d = draft(Some(lang), &format!("---- {question}"));
        assert_eq!(
            super::requests_in(&d, &env),
            vec![format!("---- {question}")],
            "{lang}"
        );
    }
}

/// A message quoted in full over several paragraphs, in quotation marks, asks its own reader
/// (issue 14, session 31: a TV researcher's "will yourself be on the Hike, do you know?" that the
/// writer passes on); the writer's own question after it still asks.
#[test]
fn a_quotation_over_paragraphs_asks_its_own_reader() {
    for (lang, quotation, own) in [
        (
            Lang::En,
            "A researcher wrote to me:\n\n\"I am doing some research for a programme, and I saw \
             the hike will be in Doolin. Will you be on the hike, do you know?\n\nThanks for your \
             help.\"",
            "Could you tell me if I can pass your address on?",
        ),
        (
            Lang::It,
            "Ecco la domanda di una ricercatrice:\n\n«Sto preparando un programma e ho visto che la gita \
             sarà a Doolin. Potresti dirmi se ci sarai?\n\nGrazie dell'aiuto.»",
            "Potresti dirmi se posso darle il tuo indirizzo?",
        ),
        (
            Lang::Ru,
            "Мне написала журналистка:\n\n„Я готовлю передачу и увидела, что поход будет в \
             Дулине. Не могли бы вы сказать, будете ли вы там?\n\nСпасибо за помощь.“",
            "Не могли бы вы сказать, можно ли дать ей ваш адрес?",
        ),
    ] {
        assert_eq!(asks(lang, quotation), 0, "{lang}: {quotation}");
        assert_eq!(
            asks(lang, &format!("{quotation}\n\n{own}")),
            1,
            "{lang}: {own}"
        );
        // Near miss: a mark never closed leaves the text the writer's.
        let open = quotation.trim_end_matches(['"', '»', '“']);
        assert_eq!(asks(lang, open), 1, "{lang}: {open}");
    }
}
