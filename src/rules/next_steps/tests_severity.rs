//! A short message that ends with its ask: a hint, not a warning (what follows the ask and
//! still lets it end the text).

use super::*;
use crate::draft::Lang;
use crate::rules::testing::*;

/// A paragraph of background of 80-odd words: with it a message is no longer read at a glance
/// (`glance_words`), but still short (`short_message_words`).
pub(super) fn background(lang: Lang) -> &'static str {
    match lang {
        Lang::It => {
            "Il mese scorso abbiamo spostato il laboratorio nella sede nuova e da allora i \
             muratori entrano ed escono ogni giorno, la linea del telefono è caduta due volte e il \
             furgone ha avuto bisogno di gomme nuove. Niente di tutto questo tocca il tuo ordine, \
             che è nei tempi, ma volevo che sapessi perché rispondo più lentamente del solito. Il \
             falegname finisce gli scaffali giovedì, l'imbianchino arriva venerdì e da lunedì \
             prossimo qui in laboratorio dovrebbe tornare tutto come prima, con gli orari di \
             sempre e il telefono finalmente stabile."
        }
        Lang::Ru => {
            "В прошлом месяце мы перевезли мастерскую в новое помещение, и с тех пор строители \
             приходят и уходят каждый день, телефонная линия дважды падала, а фургону понадобились \
             новые шины. Ваш заказ это никак не задевает, он идёт по графику, но я хотел, чтобы вы \
             знали, почему я отвечаю медленнее обычного. Столяр заканчивает полки в четверг, \
             маляр приходит в пятницу, и со следующего понедельника в мастерской всё должно \
             вернуться к обычному порядку, с прежними часами работы и наконец нормальным \
             телефоном, как было раньше до переезда. Спасибо, что терпите все эти неудобства \
             вместе с нами, мы это очень ценим и постараемся наверстать упущенное время."
        }
        _ => {
            "We moved the workshop to the new premises last month, and since then the builders \
             have been in and out every day, the phone line has dropped twice, and the delivery \
             van needed new tyres. None of that touches your order, which is on schedule, but I \
             wanted you to know why my replies have been slower than usual. The carpenter \
             finishes the shelves on Thursday, the painter comes on Friday, and from next Monday \
             everything should be back to normal here at the workshop, with the usual hours and \
             a phone that finally works."
        }
    }
}

/// `body` with the background paragraph after its first paragraph.
pub(super) fn longer(lang: Lang, body: &str) -> String {
    match body.split_once("\n\n") {
        Some((first, rest)) => format!("{first}\n\n{}\n\n{rest}", background(lang)),
        None => format!("{}\n\n{body}", background(lang)),
    }
}

/// A message read at a glance (under `glance_words` words) buries nothing: a hint wherever its
/// asks stand; the same asks under a paragraph of background are a warning again.
#[test]
fn a_message_read_at_a_glance_gets_a_hint_wherever_it_asks() {
    let hint = Some(crate::finding::Severity::Hint);
    for (lang, body) in [
        (
            Lang::En,
            "Hi Anna,\n\nCould you send me the logo?\n\nThe draft is ready.\n\nBest regards,\nMarco",
        ),
        (
            Lang::It,
            "Ciao Anna,\n\nPotresti mandarmi il logo?\n\nLa bozza è pronta.\n\nCordiali saluti,\nMarco",
        ),
        (
            Lang::Ru,
            "Здравствуйте, Анна!\n\nПришлите, пожалуйста, логотип.\n\nМакет уже готов к показу.\n\nС уважением,\nМарко",
        ),
    ] {
        let f = run(&NextSteps, &draft(Some(lang), body));
        assert_eq!((f.len(), f[0].at_most), (1, hint), "{body}");
        let body = longer(lang, body);
        let f = run(&NextSteps, &draft(Some(lang), &body));
        assert_eq!((f.len(), f[0].at_most), (1, None), "{body}");
    }
}

#[test]
fn a_short_message_that_ends_with_its_one_request_is_fine() {
    let d = draft(
        Some(Lang::En),
        "Hi Anna,\n\nthe draft is ready.\n\nCould you send me the logo?\n\nBest regards,\nMarco",
    );
    let f = run(&NextSteps, &d);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].at_most, Some(crate::finding::Severity::Hint));
    // Two requests, or a request in the middle, in a message longer than a glance: still
    // reported.
    let d = draft(
        Some(Lang::En),
        &longer(
            Lang::En,
            "Hi Anna,\n\nCould you send me the logo?\n\nThe draft is ready.\n\nBest regards,\nMarco",
        ),
    );
    let f = run(&NextSteps, &d);
    assert_eq!((f.len(), f[0].at_most), (1, None));
    let d = draft(
        Some(Lang::En),
        &longer(
            Lang::En,
            "Hi Anna,\n\nthe draft is ready. Please check it.\n\nCould you send me the logo?",
        ),
    );
    let f = run(&NextSteps, &d);
    assert_eq!((f.len(), f[0].at_most), (1, None));
}

#[test]
fn a_short_message_ending_with_all_its_requests_gets_a_hint() {
    let d = draft(
        Some(Lang::En),
        "Hi,\n\nthe build fails since Monday.\n\nAny ideas? Has anyone seen this?",
    );
    let f = run(&NextSteps, &d);
    assert_eq!(
        (f.len(), f[0].at_most),
        (1, Some(crate::finding::Severity::Hint))
    );
}

/// Issue 14 (round 6): references or an example after the last request do not end the text;
/// another paragraph of words does.
#[test]
fn references_or_code_after_the_request_still_end_with_it() {
    let hint = Some(crate::finding::Severity::Hint);
    for (lang, body, at_most) in [
        (
            Lang::En,
            "Hi,\n\nthe patch went in last week.\n\nCan you confirm it is in 2.6.35?\n\nPatch refs: http://patchwork.ozlabs.org/patch/53059/",
            hint,
        ),
        (
            Lang::It,
            "Ciao,\n\nla patch è entrata.\n\nPotresti allineare i valori? Così:\n\n    a      = 0,\n    b_long = 1,\n};",
            hint,
        ),
        (
            Lang::Ru,
            "Привет,\n\nпатч уже внесён.\n\nПришлите, пожалуйста, лог сборки.\n\nhttps://example.ru/build/42",
            hint,
        ),
        // Near misses: words after it, in each language.
        (
            Lang::En,
            "Hi,\n\nthe patch went in.\n\nCan you confirm it is in 2.6.35?\n\nThe rest is in the tracker.",
            None,
        ),
        (
            Lang::It,
            "Ciao,\n\nla patch è entrata.\n\nPotresti controllare?\n\nIl resto è nel tracker.",
            None,
        ),
        (
            Lang::Ru,
            "Привет,\n\nпатч уже внесён.\n\nПришлите, пожалуйста, лог сборки.\n\nОстальное есть в трекере.",
            None,
        ),
    ] {
        let body = longer(lang, body);
        let d = draft(Some(lang), &body);
        let f = run(&NextSteps, &d);
        assert_eq!(f.len(), 1, "{body}");
        assert_eq!(f[0].at_most, at_most, "{body}");
    }
}

/// Issue 14 (session 29): a question the rule does not count after the ask ("Failing that, who
/// delivers fastest?") lets the ask end the text; a statement after it does not.
#[test]
fn a_follow_on_question_the_rule_does_not_count_still_ends_a_short_message() {
    let hint = Some(crate::finding::Severity::Hint);
    for (lang, body) in [
        (
            Lang::En,
            "Anyone know where in Ireland I can get a replacement dongle for a Xircom card?\n\n\
             Failing that, who delivers fastest to Ireland?\n\nRegards,\nVin",
        ),
        (
            Lang::It,
            "Qualcuno sa dove posso trovare un adattatore per la scheda Xircom?\n\n\
             Altrimenti, chi spedisce più in fretta in Irlanda?\n\nSaluti,\nVin",
        ),
        (
            Lang::Ru,
            "Кто-нибудь знает, где купить переходник для карты Xircom?\n\n\
             А если нет, кто быстрее всех доставляет в Ирландию?\n\nС уважением,\nВин",
        ),
    ] {
        let f = run(&NextSteps, &draft(Some(lang), body));
        assert_eq!((f.len(), f[0].at_most), (1, hint), "{body}");
        // A statement after the ask is more text: a warning.
        let body = longer(
            lang,
            &body.replacen(
                "?\n\n",
                "?\n\nThe card is for my laptop at the office.\n\n",
                1,
            ),
        );
        let f = run(&NextSteps, &draft(Some(lang), &body));
        assert_eq!((f.len(), f[0].at_most), (1, None), "{body}");
    }
}

/// Session 29: an article pasted in double quotation marks over several paragraphs is not the
/// writer's words: the writer's short ask under it is a hint; the same text unquoted is long.
#[test]
fn an_article_in_quotation_marks_is_not_the_writers_words() {
    for (lang, (open, close), ask) in [
        (Lang::En, ('"', '"'), "Is this true? Anyone?"),
        (Lang::It, ('«', '»'), "È vero? Qualcuno sa dirmelo?"),
        (Lang::Ru, ('«', '»'), "Это правда? Кто-нибудь знает?"),
    ] {
        let article = background(lang);
        let quoted = format!(
            "Ripped from http://example.com/wireless.html\n\n{open}{article}\n\n{article}{close}\n\n{ask}"
        );
        let f = run(&NextSteps, &draft(Some(lang), &quoted));
        assert_eq!(
            (f.len(), f[0].at_most),
            (1, Some(crate::finding::Severity::Hint)),
            "{quoted}"
        );
        let unquoted = format!(
            "Ripped from http://example.com/wireless.html\n\n{article}\n\n{article}\n\n{ask}"
        );
        let f = run(&NextSteps, &draft(Some(lang), &unquoted));
        assert_eq!((f.len(), f[0].at_most), (1, None), "{unquoted}");
    }
}

/// Session 30: the ask restated in brackets as the text's last paragraph ("(In essence: is there
/// a way to mark a folder without moving anything, I couldn't see one).") lets it end the text.
#[test]
fn an_ask_restated_in_brackets_still_ends_a_short_message() {
    let hint = Some(crate::finding::Severity::Hint);
    for (lang, body, more) in [
        (
            Lang::En,
            "I would like to use [Link] more, but it is inconvenient.\n\nI have set my right \
             button to [Move] a message to another folder, which works fine. However, [Link] \
             uses the same destination folder as [Move], so I first have to mark the folder \
             with a move, undo the move, then use the [Link]. Very inconvenient.\n\nIs there a \
             better way to set this up so that [Link] works with one or two clicks?\n\n(In \
             essence: is there a way to mark a destination folder without doing a move, I \
             couldn't see anything obvious).\n\nCheers\nTony",
            "The folder list is long, so it takes me a minute each time, and I do it twenty \
             times a day.",
        ),
        (
            Lang::It,
            "Vorrei usare [Collega] molto di più nel lavoro di tutti i giorni, ma è scomodo.\n\nHo impostato il tasto destro per \
             [Sposta] un messaggio in un'altra cartella, e funziona. Però [Collega] usa la \
             stessa cartella di [Sposta], quindi prima devo segnare la cartella con uno \
             spostamento, annullarlo e poi usare [Collega]. Molto scomodo.\n\n\
             Qualcuno sa un modo migliore perché [Collega] funzioni con uno o due clic?\n\n(In \
             sostanza: c'è un modo per segnare una cartella senza spostare niente, io non \
             l'ho trovato).\n\nSaluti\nTony",
            "L'elenco delle cartelle è lungo, quindi ogni volta ci metto un minuto, e lo faccio \
             venti volte al giorno.",
        ),
        (
            Lang::Ru,
            "Я бы гораздо чаще пользовался [Связать] в обычной ежедневной работе с почтой, но \
             это неудобно, и я трачу на это слишком много времени каждый день.\n\nПравая кнопка у меня \
             [Переместить] письмо в другую папку, и это работает. Но [Связать] берёт ту же \
             папку, что и [Переместить], так что сначала приходится отметить папку \
             перемещением, отменить его и только потом [Связать]. Очень неудобно.\n\nКто-нибудь \
             знает способ получше, чтобы [Связать] работало в один-два клика?\n\n(По сути: \
             можно ли отметить папку, ничего не перемещая, я такого не нашёл).\n\nСпасибо\nТони",
            "Список папок длинный, так что каждый раз уходит минута, а делаю я это раз двадцать \
             в день.",
        ),
    ] {
        let f = run(&NextSteps, &draft(Some(lang), body));
        assert_eq!((f.len(), f[0].at_most), (1, hint), "{body}");
        // A statement after it instead is more text: a warning.
        let (head, _) = body.split_once("\n\n(").unwrap_or((body, ""));
        let body = format!("{head}\n\n{more}\n\nCheers\nTony");
        let f = run(&NextSteps, &draft(Some(lang), &body));
        assert_eq!((f.len(), f[0].at_most), (1, None), "{body}");
    }
}
