use crate::draft::LineKind::*;
use crate::draft::segment::tests::{own, split};

#[test]
fn indented_and_decorated_delimiters_start_the_signature() {
    for (ask, text) in [
        (
            "Is there a nice way to handle this?",
            "Is there a nice way to handle this?\n\n                    -- \\m/ --\n  \"...if I seem super human\" (c) Dream Theater\n    mark@example.com - ICQ: 1934853\n",
        ),
        (
            "C'è un modo pulito per gestirlo?",
            "C'è un modo pulito per gestirlo?\n\n -- \nIl progetto Dave/Dina - http://example.it/\nEntra come il fumo\n",
        ),
        (
            "Есть нормальный способ это сделать?",
            "Есть нормальный способ это сделать?\n\n   -- ~~ --\nОлег Волков\nhttp://example.ru/\n",
        ),
    ] {
        assert_eq!(own(text), vec![ask], "{text}");
        assert!(split(text).kinds.contains(&Signature));
    }
}

#[test]
fn boxed_signatures_are_signatures() {
    for (ask, text) in [
        (
            "Any ideas?",
            "Any ideas?\n\n*----------------------------*\n* James H. McCullars  I Phone *\n* The University of Alabama   *\n*----------------------------*\n",
        ),
        (
            "Qualche idea?",
            "Qualche idea?\n\n*--------------------*\n* Carlo Verdi        *\n* Università di Pisa *\n*--------------------*\n",
        ),
        (
            "Есть идеи?",
            "Есть идеи?\n\n######################\n# Олег Волков       #\n# МГУ               #\n######################\n",
        ),
    ] {
        assert_eq!(own(text), vec![ask], "{text}");
    }
}

/// Near misses: a "-- snip --" over a long paste, a dash rule, a bulleted list of "*"-lines
/// that do not close with "*", and a short own list of "* item *" with no text above it stay own.
#[test]
fn shapes_that_are_no_signature_stay_own() {
    let long: String = (0..12).map(|i| format!("line {i} of the log\n")).collect();
    let text = format!("Can you check the log?\n   -- snip --\n{long}");
    assert_eq!(own(&text).len(), 14);
    for text in [
        "Can you send these?\n\n* the invoice\n* the receipt\n* the contract\n",
        "Mi mandi questi?\n\n* la fattura\n* la ricevuta\n* il contratto\n",
        "Пришлёшь это?\n\n* счёт\n* квитанцию\n* договор\n",
    ] {
        assert_eq!(own(text).len(), 4, "{text}");
    }
    // A newsletter that frames its heading too: its closing box is layout, not a signature.
    let text = "*****\n* Sign-up confirmation *\n*****\n\nPlease forward this.\n\n*****\n* Committee *\n*****\n";
    assert_eq!(own(text).len(), 7);
    let text = "*Note* *this* *well*\n";
    assert_eq!(own(text).len(), 1);
}

#[test]
fn a_quip_under_the_name_at_the_end_is_the_signature() {
    for (first, text) in [
        (
            "I can imagine him watching this in his cell!",
            "I can imagine him watching this in his cell!\n\nRob\n\nHave you seen the missing \"Have you seen\" sign?\n",
        ),
        (
            "Me lo immagino mentre lo guarda in cella!",
            "Me lo immagino mentre lo guarda in cella!\n\nSaluti,\nRoberto\n\nHai visto il cartello \"Hai visto\" scomparso?\n",
        ),
        (
            "Представляю, как он смотрит это в камере.",
            "Представляю, как он смотрит это в камере.\n\nРоман\n\nВы не видели пропавшую табличку «Вы не видели»?\n",
        ),
    ] {
        assert_eq!(own(text), vec![first], "{text}");
    }
    // Near misses: a postscript or an afterthought that asks is the writer's; a greeting's
    // name over an ask is no signature; a long paragraph under the name is more text.
    for text in [
        "Thanks for the fix.\n\nRob\n\nP.S. Have you seen the new sign?\n",
        "Thanks for the fix.\n\nRob\n\nCould you also send the invoice?\n",
        "Grazie della correzione.\n\nRoberto\n\nPotresti mandarmi anche la fattura?\n",
        "Спасибо за исправление.\n\nРоман\n\nЗ.Ы. Вы видели новую табличку?\n",
        "Hi,\n\nJohn\n\nHave you seen the new sign?\n",
        "Thanks for the fix.\n\nRob\n\nThe invoice goes out on Monday, and the second part of the\nwork starts the week after, once the client confirms the\nnew dates.\n",
    ] {
        let own = own(text);
        assert!(
            own.last()
                .is_some_and(|l| !l.is_empty() && text.trim_end().ends_with(l.as_str())),
            "{text}: {own:?}"
        );
    }
}

#[test]
fn a_company_box_with_its_blurb_closing_the_text_is_the_signature() {
    let rule = "=".repeat(60);
    for (ask, name, blurb) in [
        (
            "Do you know which app is making the connection?",
            "Martin Whelan | Deise Design | www.deisedesign.com | Tel : 086-8888975",
            "\" Our core product allows organisations to publish information\nto their web site in a fast and cost effective manner. Visit our site\nfor a demonstration \"\n\nDeiseditor \" Managing Your Information \"",
        ),
        (
            "Sai quale programma apre la connessione?",
            "Marco Bianchi | Studio Bianchi | www.studiobianchi.it | Tel : 055-1234567",
            "\" Il nostro prodotto permette di aggiornare il sito in modo rapido\ne senza uno sviluppatore a tempo pieno. \"\n\nStudio Bianchi \" Le vostre informazioni \"",
        ),
        (
            "Вы знаете, какая программа открывает соединение?",
            "Олег Волков | Студия Волкова | www.volkov.ru | Тел : 495-1234567",
            "« Наш продукт позволяет обновлять сайт быстро\nи без штатного разработчика. »\n\nСтудия Волкова « Ваша информация »",
        ),
    ] {
        let text = format!("{ask}\n\n\n{rule}\n{name}\n\n{blurb}\n{rule}\n");
        assert_eq!(own(&text), vec![ask], "{text}");
        // Near miss: a table between two rules with text under it is the writer's.
        let table = format!(
            "{ask}\n\n{rule}\n{name}\n\n{blurb}\n{rule}\n\nThe figures above are from May.\n"
        );
        assert!(own(&table).iter().any(|l| l == name), "{table}");
    }
}

#[test]
fn a_company_disclaimer_under_the_text_is_the_signature() {
    let stars = "*".repeat(40);
    for (ask, disclaimer) in [
        (
            "can anyone help ?",
            "This e-mail and any files transmitted with it are confidential\nand intended solely for the use of the individual or entity to\nwhich they are addressed.",
        ),
        (
            "qualcuno può aiutarmi?",
            "Questo messaggio e gli eventuali allegati sono riservati e destinati\nesclusivamente al destinatario indicato.",
        ),
        (
            "кто-нибудь может помочь?",
            "Это сообщение и любые вложения являются конфиденциальными и\nпредназначены только для указанного получателя.",
        ),
    ] {
        let text = format!(
            "The install stops at the CD-ROM check.\n\n{ask}\n\nthanks\nGianni\n\n{stars}\n{disclaimer}\n{stars}\n"
        );
        assert_eq!(
            own(&text),
            vec!["The install stops at the CD-ROM check.", ask],
            "{text}"
        );
    }
    // A disclaimer under its own heading, set apart by blank lines and a rule (issue 14, session
    // 30: "E-mail Disclaimer:" was not read as one).
    for (ask, heading, body) in [
        (
            "Any ideas ?",
            "E-mail Disclaimer:",
            "BGE does not accept any responsibility for the accuracy or completeness\nof the contents of this e-mail or its attachments.",
        ),
        (
            "Qualche idea?",
            "Esclusione di responsabilità:",
            "La società non risponde dell'esattezza o della completezza\ndel contenuto di questa e-mail o dei suoi allegati.",
        ),
        (
            "Есть идеи?",
            "Отказ от ответственности:",
            "Компания не несёт ответственности за точность и полноту\nсодержания этого письма и вложений.",
        ),
    ] {
        let text = format!(
            "The card is inactive since the upgrade. {ask}\n\nCheers\nLiam\n\n\n\n{stars}\n\n{heading}\n\n{body}\n\n{stars}\n"
        );
        let own = own(&text);
        assert!(
            own.iter()
                .all(|l| !l.contains(heading) && !l.contains("e-mail")),
            "{text}: {own:?}"
        );
    }
    // Near misses: the writer's own word about confidentiality over a question, and a notice
    // that opens the text, stay the writer's.
    for text in [
        "The figures are below.\n\n\nThis email is confidential, so could you keep 40 copies?\n",
        "This message is confidential.\n\nThe budget for next year is 40,000 euro.\n",
        "Hi Anna,\n\nThis email is confidential: the budget for next year is 40,000 euro.\n\nThe board meets on Monday.\n",
        "Ciao Anna,\n\nQuesto messaggio è riservato: il budget è di 40.000 euro.\n\nIl consiglio si riunisce lunedì.\n",
        "Анна,\n\nЭто письмо является конфиденциальным: бюджет 40 000 евро.\n\nСовет собирается в понедельник.\n",
    ] {
        assert!(own(text).iter().any(|l| l.contains("40")), "{text}");
    }
}

/// A contact block ending the text with no delimiter (a name line, then an address or a phone)
/// is the signature (issue 14, session 30); a last paragraph of sentences, a request with a
/// number, or one line alone stays the writer's.
#[test]
fn a_contact_block_ending_the_text_is_the_signature() {
    for (text, words) in [
        (
            "In any case, I have not seen the problem for quite a while.\n\nR. Kevin Oberman, Network Engineer\nEnergy Sciences Network (ESnet)\nE-mail: oberman@es.net\t\t\tPhone: +1 510 486-8634\n",
            "In any case, I have not seen the problem for quite a while.",
        ),
        (
            "It is still better to ask the recipient.\n\nBrad Clements,      bkc@murkworks.com   (315)268-1000\nhttp://www.murkworks.com            (315)268-9812 Fax\nAOL-IM: BKClements\n",
            "It is still better to ask the recipient.",
        ),
        (
            "Comunque il problema non si vede da mesi.\n\nMarco Rossi, ingegnere di rete\nRete Scienze Energia\nE-mail: marco@example.it   Tel. +39 02 1234 5678\n",
            "Comunque il problema non si vede da mesi.",
        ),
        (
            "В любом случае проблемы давно не было.\n\nОлег Петров, сетевой инженер\nСеть научных центров\nТел.: +7 495 123-45-67\n",
            "В любом случае проблемы давно не было.",
        ),
    ] {
        assert_eq!(own(text), vec![words], "{text}");
    }
    // Near misses: sentences, a request with a number, a single line.
    for text in [
        "The numbers are below.\n\nCall Anna at +39 333 1234567.\nShe is waiting for it.\n",
        "The numbers are below.\n\nAnna Kelly can help, anna@example.com\nshe knows the account\nIs that fine?\n",
        "The numbers are below.\n\nAnna Kelly, anna@example.com\n",
    ] {
        assert!(own(text).len() > 1, "{text}: {:?}", own(text));
    }
}
