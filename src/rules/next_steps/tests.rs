use super::*;
use crate::draft::Lang;
use crate::rules::testing::*;

#[test]
fn long_padding_after_a_full_stop_ends_the_sentence_and_keeps_offsets() {
    let text = format!("Can you send it? x.{}Please call.", " ".repeat(20_000));
    let flat = break_long_padding(text.clone());
    assert_eq!(flat.len(), text.len());
    assert!(flat.starts_with("Can you send it? x.        \n"));
    assert!(flat.ends_with("\nPlease call."));
    let short = "Fine.  \u{a0}Ok.".to_string();
    assert_eq!(break_long_padding(short.clone()), short);
    let d = draft(Some(Lang::En), &text);
    assert_eq!(run(&NextSteps, &d).len(), 1);
}

#[test]
fn requests_without_a_block_in_three_languages() {
    for (lang, body) in [
        (
            Lang::En,
            "Hi Anna,\n\nthe draft is ready. Could you send me the logo?\n\nThe rest follows.\n\nBest regards,\nMarco",
        ),
        (
            Lang::It,
            "Ciao Anna,\n\nla bozza è pronta. Potresti mandarmi il logo in SVG?\n\nIl resto segue.\n\nCordiali saluti,\nMarco",
        ),
        (
            Lang::Ru,
            "Здравствуйте, Анна!\n\nМакет готов. Пришлите, пожалуйста, логотип.\n\nОстальное позже.\n\nС уважением,\nМарко",
        ),
        // Between friends: "можешь", "проверь".
        (
            Lang::Ru,
            "Лена,\n\nМожешь взять другое прерывание?\n\nОстальное позже.",
        ),
        (
            Lang::Ru,
            "Лена,\n\nПроверь счёт до пятницы.\n\nОстальное позже.",
        ),
    ] {
        let d = draft(Some(lang), body);
        let f = run(&NextSteps, &d);
        assert_eq!(f.len(), 1, "{lang}: {:?}", d.lines);
    }
}

#[test]
fn a_block_in_any_form_satisfies_it() {
    for body in [
        "Could you send the logo?\n\nNext steps:\n- send the logo",
        "Could you send the logo?\n\n## Next steps\n1. send the logo",
        "Could you send the logo?\n\n**Next steps**\n- logo",
        "Could you send the logo?\nNext steps: you send the logo, I send the draft.",
        "Potresti mandarmi il logo?\n\nProssimi passi:\n- il logo",
        "Пришлите логотип.\n\nСледующие шаги:\n- логотип",
    ] {
        let d = draft(None, body);
        assert!(run(&NextSteps, &d).is_empty(), "{body}");
    }
}

#[test]
fn pleasantries_and_statements_are_not_requests() {
    for body in [
        "Hi Anna,\nhow are you?\nThe table is ready and ships tomorrow.",
        "Please find attached the invoice.",
        "Ciao Anna, come stai? Il tavolo è pronto.",
        "Добрый день! Стол готов, отправим завтра.",
        "Добрый день! Как вы поживаете? Стол готов, отправим завтра.",
        "Добрый день! Как вы там? Стол готов, отправим завтра.",
        "Мне нужно было сразу уточнить размеры. Стол готов, отправим завтра.",
    ] {
        let d = draft(None, body);
        assert!(run(&NextSteps, &d).is_empty(), "{body}");
    }
    // Near miss: what the writer needs now is a request.
    let d = draft(
        None,
        "Мне нужно, чтобы вы прислали размеры стены до пятницы.",
    );
    assert!(!run(&NextSteps, &d).is_empty());
    // Italian puts a question to the reader by the verb alone, without "tu"/"voi".
    for body in [
        "Ciao Anna,\n\nla bozza è pronta.\n\nCosa pensi dei colori?",
        "Ciao Anna,\n\nla bozza è pronta. Preferisci il rosso o il blu? Poi procedo con la stampa.",
        "Buongiorno,\n\nil tavolo è pronto. Cosa ne pensate della finitura?",
    ] {
        let d = draft(Some(Lang::It), body);
        assert!(!run(&NextSteps, &d).is_empty(), "{body}");
    }
    // Near miss: "che lui pensi" is no question, and a question with no verb for the reader
    // ("Chi lo sa?") is none either.
    for body in [
        "Ciao Anna,\n\nla bozza è pronta. Non credo che il cliente pensi ai colori.",
        "Ciao Anna,\n\nla bozza è pronta. Chi lo sa? Forse nessuno.",
    ] {
        let d = draft(Some(Lang::It), body);
        assert!(run(&NextSteps, &d).is_empty(), "{body}");
    }
    // Near miss: "как вы" asks after the reader's health only as a greeting; "Как вы думаете,
    // ...?" asks the reader's opinion.
    let d = draft(
        None,
        "Добрый день! Стол готов.\n\nКак вы думаете, какой цвет лучше для витрины?",
    );
    assert!(!run(&NextSteps, &d).is_empty());
}

#[test]
fn urls_code_and_rhetorical_questions_are_not_requests() {
    for body in [
        "Hi,\n\nthe page is at http://example.com/index.php?id=3 now.\n\nThe rest follows.",
        "Hi,\n\nthe script calls foo(x?) at start.\n\nThe rest follows.",
        "Hi,\n\nThe daemon runs as root. Why would a sane admin do that? It makes no sense, and \
         the docs say otherwise.\n\nThe rest follows.",
    ] {
        let d = draft(Some(Lang::En), body);
        assert!(run(&NextSteps, &d).is_empty(), "{body}");
    }
}

#[test]
fn imperative_demands_are_requests() {
    for (lang, body) in [
        (
            Lang::En,
            "Hi,\n\nPay the full £6,850 by Friday.\n\nThe rest follows.",
        ),
        (
            Lang::It,
            "Ciao,\n\nO mi paghi entro lunedì o passo all'avvocato.\n\nIl resto segue.",
        ),
        (
            Lang::Ru,
            "Привет,\n\nЖду оплату до понедельника.\n\nОстальное потом.",
        ),
        (
            Lang::En,
            "Hi,\n\nSomebody knows where I can find one.\n\nThe rest follows.",
        ),
    ] {
        let d = draft(Some(lang), body);
        assert_eq!(run(&NextSteps, &d).len(), 1, "{body}");
    }
}

#[test]
fn quoted_requests_do_not_count() {
    let d = draft(
        None,
        "Thanks, noted.\n\nOn Mon, Anna wrote:\n> Could you call me?",
    );
    assert!(run(&NextSteps, &d).is_empty());
}

/// Issue 14, SpamAssassin ham: list footers, questions put to nobody (headlines, "The tooth
/// fairy?"), "please note" and "I need to" are no requests; near misses still are.
#[test]
fn footers_unaddressed_questions_and_notes_are_not_requests() {
    for (lang, body) in [
        (
            Lang::En,
            "Hi,\n\nThe release is out.\n\nTo stop receiving these messages, please go to your user page.\n\nThe rest follows.",
        ),
        (
            Lang::En,
            "Hi,\n\nThe release is out.\n\nThe tooth fairy?\n\nThe rest follows.",
        ),
        (
            Lang::En,
            "Hi,\n\nPlease note the office is closed. I need to finish the report.\n\nThe rest follows.",
        ),
        (
            Lang::It,
            "Ciao,\n\nLa versione è uscita.\n\nPer cancellarti dalla newsletter, clicca qui.\n\nIl resto segue.",
        ),
        (
            Lang::It,
            "Ciao,\n\nLa versione è uscita.\n\nLa fatina dei denti?\n\nIl resto segue.",
        ),
        (
            Lang::Ru,
            "Привет,\n\nВерсия вышла.\n\nЧтобы отписаться от рассылки, нажмите здесь.\n\nОстальное потом.",
        ),
        (
            Lang::Ru,
            "Привет,\n\nВерсия вышла.\n\nЗубная фея?\n\nОстальное потом.",
        ),
    ] {
        let d = draft(Some(lang), body);
        assert!(run(&NextSteps, &d).is_empty(), "{body}");
    }
    for (lang, body) in [
        (
            Lang::En,
            "Hi,\n\nIs there a way to limit it?\n\nThe rest follows.",
        ),
        (
            Lang::En,
            "Hi,\n\nI need to know your address.\n\nThe rest follows.",
        ),
        (Lang::It, "Ciao,\n\nPosso pagare lunedì?\n\nIl resto segue."),
        (
            Lang::Ru,
            "Привет,\n\nЕсть ли способ это ограничить?\n\nОстальное потом.",
        ),
    ] {
        let d = draft(Some(lang), body);
        assert_eq!(run(&NextSteps, &d).len(), 1, "{body}");
    }
}

/// Issue 14: reported or invented speech in quotation marks, and "please" as a verb, ask
/// nothing of this reader; the same request as the writer's own still does.
#[test]
fn quoted_speech_and_please_as_a_verb_are_not_requests() {
    for (lang, body) in [
        (
            Lang::En,
            "Hi,\n\nCompare someone who calls and says, \"Can you show us how to do X?\" with a\nmeeting.\n\nPeople everywhere want to worship as they please.\n\nThe rest follows.",
        ),
        (
            Lang::It,
            "Ciao,\n\nLui ha chiesto: «Potete mandarmi il listino?» e poi è sparito.\n\nIl resto segue.",
        ),
        (
            Lang::Ru,
            "Привет,\n\nОн сказал: «Пришлите, пожалуйста, счёт» и ушёл.\n\nОстальное потом.",
        ),
    ] {
        let d = draft(Some(lang), body);
        assert!(run(&NextSteps, &d).is_empty(), "{body}");
    }
    for (lang, body) in [
        (
            Lang::En,
            "Hi,\n\nCan you show us how to do X?\n\nThe rest follows.",
        ),
        (
            Lang::It,
            "Ciao,\n\nPotete mandarmi il listino?\n\nIl resto segue.",
        ),
        (
            Lang::Ru,
            "Привет,\n\nПришлите, пожалуйста, счёт.\n\nОстальное потом.",
        ),
    ] {
        let d = draft(Some(lang), body);
        assert_eq!(run(&NextSteps, &d).len(), 1, "{body}");
    }
}

/// A question counts when it is put to the reader or anyone by its word order, not for a
/// "you" anywhere in it (SpamAssassin ham: "if you give people control, whose works will be
/// around?", "... nor what color your passport?").
#[test]
fn whom_a_question_is_put_to() {
    for (asked, body) in [
        (
            true,
            "Thanks for the files.\n\nDoes Tuesday at ten work for you?",
        ),
        (
            true,
            "The build fails on my box.\n\nHas anyone seen this error before?",
        ),
        (true, "Anyone know a good VPN for a small office?"),
        (true, "What's your delivery address?"),
        (
            false,
            "Copyright should be short. If you give people absolute control, whose works will be around in 100 years?",
        ),
        (
            false,
            "Nobody asked where you were born ... nor what color your passport?",
        ),
        (
            false,
            "You might find a truck this way, but how often do people misplace one?",
        ),
    ] {
        assert_eq!(asks(Lang::En, body), asked, "{body}");
    }
}

/// Tag questions, rhetorical openings and questions the writer answers are no requests;
/// a real question next to them still is.
#[test]
fn rhetorical_tag_and_self_answered_questions() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "I guess I don't get any points, do I? No, didn't think so.",
        ),
        (
            Lang::En,
            false,
            "You are not still using that host, are you? It sells you out.",
        ),
        (
            Lang::En,
            false,
            "Why should anyone join a stampede heading for a cliff?",
        ),
        (
            Lang::En,
            false,
            "Did you know that the office moved? It is on the third floor now.",
        ),
        (Lang::En, true, "Why didn't you send the invoice?"),
        (
            Lang::En,
            true,
            "Can you send the logo? The printer needs it.",
        ),
        (
            Lang::En,
            false,
            "Can you say \"Bootstraps\", boys and girls? I knew you could.",
        ),
        (Lang::En, false, "Would you rather be broke and unemployed?"),
        (Lang::En, false, "Someone knows that we run FreeBSD."),
        (Lang::En, true, "Somebody knows where I can find one."),
        (Lang::It, false, "Il budget non c'è, vero? No, lo sapevo."),
        (
            Lang::It,
            true,
            "Puoi mandarmi il logo? Serve alla tipografia.",
        ),
        (
            Lang::Ru,
            false,
            "Бюджета не будет, не так ли? Нет, я так и думал.",
        ),
        (
            Lang::Ru,
            true,
            "Можете прислать логотип? Он нужен типографии.",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// In a bulk text (a newsletter: links, separators, capital headings, a list footer) only a
/// request with a deadline is put to the reader.
#[test]
fn a_bulk_text_asks_only_with_a_deadline() {
    let news = |line: &str| {
        format!(
            "NEWS OF THE MONTH\n\nIS YOUR SITE READY?\nhttps://x.example/a\n------\n\n{line}\n\
             https://x.example/b\n------\n------\n\nTo unsubscribe, go to https://x.example/u\n"
        )
    };
    for (lang, asked, line) in [
        (
            Lang::En,
            false,
            "Please send any questions to news@x.example.",
        ),
        (Lang::En, true, "Please confirm the price list by Friday."),
        (
            Lang::It,
            false,
            "Potete scrivere a news@x.example per domande.",
        ),
        (
            Lang::It,
            true,
            "Ti chiedo di confermare il listino entro venerdì.",
        ),
        (Lang::Ru, false, "Ждём вас на выставке."),
        (Lang::Ru, true, "Пожалуйста, подтвердите прайс до пятницы."),
    ] {
        let d = draft(Some(lang), &news(line));
        assert!(d.shape.bulk, "{:?}", d.shape);
        assert_eq!(
            run(&NextSteps, &d).len(),
            usize::from(asked),
            "{lang}: {line}"
        );
    }
}

/// An imperative asks where it opens a clause, not after its subject.
#[test]
fn an_imperative_asks_where_it_opens_a_clause() {
    for (lang, asked, body) in [
        (Lang::En, true, "Send me the logo in SVG."),
        (
            Lang::En,
            true,
            "The draft is ready, so remember to sign the contract.",
        ),
        (
            Lang::En,
            true,
            "Pay the full £6,850 by Friday, as the contract says.",
        ),
        (
            Lang::En,
            false,
            "I will wait till Eircom send me a replacement.",
        ),
        (
            Lang::En,
            false,
            "Spammers do not always remember to include contact details.",
        ),
        (Lang::It, true, "Luca, ricordati di firmare il contratto."),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// Whether `body` (in `lang`) raises next-steps (once at most), for the tables of cases.
pub(super) fn asks(lang: Lang, body: &str) -> bool {
    let found = run(&NextSteps, &draft(Some(lang), body));
    assert!(found.len() <= 1, "{lang}: more than one finding: {body}");
    !found.is_empty()
}

#[test]
fn jabs_and_advice_put_as_questions_ask_nothing() {
    for (lang, asked, body) in [
        // Jabs in an argument, anywhere in the question.
        (Lang::En, false, "Or are you advocating that as well?"),
        (
            Lang::En,
            false,
            "Did you actually read it, or did you just assume it?",
        ),
        (Lang::En, false, "So, do you really think this is true?"),
        (
            Lang::En,
            false,
            "Are you saying that whoever shouts loudest gets heard?",
        ),
        (Lang::En, false, "Have you tried asking on the MH-E lists?"),
        (
            Lang::En,
            false,
            "On the other hand, can you imagine me with a job?",
        ),
        // Quoted with HTML entities: an article's line, not the writer's question.
        (
            Lang::En,
            false,
            "He writes: &#8220;Are you also fed up with the war between RSS 0.9 and 1.0?&#8221;",
        ),
        (
            Lang::En,
            false,
            "Nicholas: ESF. &#8220;Are you also fed up with the war between the formats? Me \
             too. So today I invented a format.&#8221; Sam would love it.",
        ),
        // Near misses: real questions and a real choice.
        (Lang::En, true, "Or would you prefer the blue one?"),
        (
            Lang::En,
            true,
            "Do you have the final numbers for the tables?",
        ),
        (
            Lang::En,
            true,
            "Have you had a chance to look at the draft?",
        ),
        (
            Lang::It,
            false,
            "Ma stai scherzando? Il preventivo era chiaro.",
        ),
        (Lang::It, false, "Vuoi dire che il sito non serve?"),
        (
            Lang::It,
            false,
            "Hai provato a svuotare la cache del browser?",
        ),
        (Lang::It, true, "Puoi mandarmi il logo entro venerdì?"),
        (Lang::Ru, false, "Вы серьёзно считаете, что это бесплатно?"),
        (Lang::Ru, false, "Неужели вам трудно ответить?"),
        (Lang::Ru, false, "Вы пробовали очистить кэш браузера?"),
        (
            Lang::Ru,
            false,
            "С другой стороны, представляете меня на постоянной работе?",
        ),
        (Lang::Ru, true, "Можете прислать логотип до пятницы?"),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_wink_or_a_laugh_makes_a_joke_a_smile_does_not() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "I lost 0.4 miles somewhere. If anyone finds them, can you please let me know? ;-)",
        ),
        (
            Lang::En,
            false,
            "Do you have a dialup or something more modern <wink>?",
        ),
        (Lang::En, false, "Can I borrow your time machine? lol"),
        // A plain smile is friendliness: still a request.
        (Lang::En, true, "Please send me the logo by Friday :)"),
        // A wink that opens the sentence closes the one before.
        (
            Lang::En,
            true,
            "That was quick ;-) Could you send me the invoice too?",
        ),
        (
            Lang::It,
            false,
            "Mi presti la tua macchina del tempo? Scherzo.",
        ),
        (Lang::It, true, "Mi mandi il logo? :)"),
        (Lang::Ru, false, "Одолжите мне машину времени? Шучу."),
        (Lang::Ru, true, "Пришлите, пожалуйста, логотип :)"),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

#[test]
fn a_need_asks_only_with_the_reader_or_a_deadline() {
    for (lang, asked, body) in [
        (
            Lang::En,
            true,
            "I need the final number of tables by Monday.",
        ),
        (Lang::En, true, "We need your signature on the contract."),
        (
            Lang::En,
            false,
            "We need better goal-oriented documentation.",
        ),
        (
            Lang::En,
            false,
            "Since cool weather prevails here, we need coffee all year.",
        ),
        // Not opening its clause: a relative clause tells.
        (
            Lang::En,
            false,
            "Seems I got all the packages I need for your site.",
        ),
        (Lang::It, true, "Ho bisogno delle foto entro venerdì."),
        (Lang::It, true, "Abbiamo bisogno del vostro logo in SVG."),
        (
            Lang::It,
            false,
            "Dopo questa settimana ho bisogno di una pausa.",
        ),
        (Lang::It, true, "Mi servono le foto del negozio."),
        (Lang::Ru, true, "Нам нужна ваша подпись на договоре."),
        (Lang::Ru, true, "Мне нужен логотип до пятницы."),
        (Lang::Ru, false, "После такой недели мне нужен отпуск."),
        (Lang::Ru, true, "Мне нужно знать точное время регистрации."),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// A text that argues in questions (two or more put to no one) puts its plain "do you"/"are you"
/// questions to no one either; "Can you ...?" and a text with one stray question still ask.
#[test]
fn a_text_that_argues_in_questions() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "What are you trying to sell? What is the value of a book?\n\nWhen I sell the book, \
             does any of that money go to the author? Have used bookstores destroyed the system?",
        ),
        (
            Lang::En,
            true,
            "What is the value of a book? Who pays the author then?\n\nCan you send me the \
             numbers?",
        ),
        // One question put to no one, or follow-up fragments, are no argument.
        (
            Lang::En,
            true,
            "How do you feed procmail? Per fetchmail maybe? Or direct SMTP delivery?",
        ),
        (
            Lang::En,
            true,
            "Why is the build red again after the merge?\n\nAre you running the old compiler?",
        ),
        (
            Lang::It,
            false,
            "Che cosa state vendendo? Qual è il valore di un libro?\n\nSe rivendo il libro, chi \
             paga l'autore? Avete mai pensato a questo?",
        ),
        (
            Lang::It,
            true,
            "Qual è il valore di un libro? Chi paga l'autore?\n\nPuoi mandarmi i numeri?",
        ),
        (
            Lang::Ru,
            false,
            "Что вы вообще продаёте? В чём же тогда ценность этой книги?\n\nЕсли книгу \
             перепродают, кто платит автору? Вы об этом думали?",
        ),
        (
            Lang::Ru,
            true,
            "В чём ценность книги? Кто платит автору?\n\nМожете прислать цифры?",
        ),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// A request phrase alone ("Please!") is an exclamation, and a shop's "if you'd rather not
/// receive future e-mails, click ..." is its footer.
#[test]
fn an_exclamation_and_an_opt_out_ask_nothing() {
    for (lang, asked, body) in [
        (
            Lang::En,
            false,
            "Please! Something extraordinary happened with 7.3.",
        ),
        (
            Lang::En,
            false,
            "If you'd rather not receive future e-mails, please click Your Account.",
        ),
        (Lang::En, true, "Please! Send me the logo today."),
        (
            Lang::It,
            false,
            "Per favore! Con la 7.3 è successo qualcosa di straordinario.",
        ),
        (
            Lang::It,
            false,
            "Se preferisci non ricevere più queste email, per favore clicca su Account.",
        ),
        (Lang::It, true, "Per favore, mandami il logo oggi."),
        (
            Lang::Ru,
            false,
            "Пожалуйста! С версией 7.3 случилось что-то невероятное.",
        ),
        (
            Lang::Ru,
            false,
            "Если вы больше не хотите получать эти письма, пожалуйста, нажмите «Аккаунт».",
        ),
        (Lang::Ru, true, "Пожалуйста, пришлите логотип сегодня."),
    ] {
        assert_eq!(asks(lang, body), asked, "{lang}: {body}");
    }
}

/// Issue 14 (hard-ham 00156): the request under a footer's rule line was read as the tail of
/// the address block above it, so the finding pointed at "fax: 202-333-0072".
#[test]
fn a_rule_line_ends_a_sentence_and_the_finding_is_on_the_request() {
    let body = "The audit is out.\n\n\
                -------------------------------------------------\n\
                The Party                      http://www.example.org/\n\
                Washington DC 20037                 fax: 202-333-0072\n\
                -------------------------------------------------\n\
                For subscription changes, please use the form at:\n\
                http://www.example.org/action/email.html";
    let flat = flatten(body);
    assert_eq!(flat.len(), body.len());
    assert!(flat.contains("fax: 202-333-0072\n---"), "{flat}");
    assert!(flat.contains("---\nFor subscription"), "{flat}");
    assert_eq!(flatten("one\ntwo\n\nthree"), "one two\n\nthree");
    // Framed by two rules at the end of the text, the address box and what follows it are the
    // signature (h14w): no finding at all.
    let d = draft(Some(Lang::En), body);
    assert!(run(&NextSteps, &d).is_empty(), "{:?}", d.lines);
    // With one rule only, the request under it is own text and the finding is on it.
    let body = "The audit is out.\n\n\
                The Party                      http://www.example.org/\n\
                Washington DC 20037                 fax: 202-333-0072\n\
                -------------------------------------------------\n\
                For subscription changes, please use the form at:\n\
                http://www.example.org/action/email.html";
    let d = draft(Some(Lang::En), body);
    let f = run(&NextSteps, &d);
    assert_eq!(f.len(), 1, "{:?}", d.lines);
    let crate::finding::Location::Text(span) = &f[0].location else {
        panic!("{:?}", f[0].location)
    };
    let line = &d.lines[span.line].text;
    assert!(line.starts_with("For subscription"), "{line}");
    assert_eq!(d.lines[span.line].file_line, Some(10));
}

#[test]
fn ranges_that_ask_nobody_merge_and_are_looked_up() {
    let ranges = merged(vec![20..30, 0..5, 3..8, 30..31, 40..50]);
    assert_eq!(ranges, vec![0..8, 20..31, 40..50]);
    for (at, inside) in [
        (0, true),
        (7, true),
        (8, false),
        (25, true),
        (30, true),
        (31, false),
    ] {
        assert_eq!(covered(&ranges, at), inside, "{at}");
    }
    assert!(!covered(&ranges, 50) && covered(&ranges, 49) && !covered(&[], 0));
}
