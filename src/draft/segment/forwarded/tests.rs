use crate::draft::LineKind::*;
use crate::draft::segment::tests::of;

#[test]
fn eudora_forward_between_markers_is_quoted_and_the_signature_under_it_is_own() {
    let text = "Interesting, see below.\n\n--- begin forwarded text\n\nDate: Sat, 24 Aug 2002 11:39:34 -0400\nTo: Bob <b@example.com>\nFrom: Somebody\nSubject: Ouch\n\nCan you send me the file by Friday?\n\n--- end forwarded text\n\n-- \nR. A. Hettinga\nBoston";
    assert_eq!(of(text, Own), vec!["Interesting, see below."]);
    let quoted = of(text, Quote);
    assert!(quoted.contains(&"Can you send me the file by Friday?".to_string()));
    assert!(quoted.contains(&"Date: Sat, 24 Aug 2002 11:39:34 -0400".to_string()));
    assert_eq!(
        of(text, Attribution),
        vec!["--- begin forwarded text", "--- end forwarded text"]
    );
    assert_eq!(of(text, Signature), vec!["--", "R. A. Hettinga", "Boston"]);
}

#[test]
fn mutt_and_nmh_forwards_nest_and_words_after_them_stay_own() {
    let text = "FYI.\n\n----- Forwarded message from quentyn@example.com -----\n\nFrom: q@example.com\n\n------- Forwarded Message\nplease review it\n------- End of Forwarded Message\n\nstill forwarded\n----- End forwarded message -----\n\nCould you check this before Monday?";
    assert_eq!(
        of(text, Own),
        vec!["FYI.", "Could you check this before Monday?"]
    );
    assert!(of(text, Quote).contains(&"still forwarded".to_string()));
}

#[test]
fn apple_and_gmail_forward_without_end_runs_to_the_end() {
    let text = "Can you look at this?\n\nBegin forwarded message:\n\nFrom: Ann <a@example.com>\nSubject: x\n\nWhy not today?";
    assert_eq!(of(text, Own), vec!["Can you look at this?"]);
    let text =
        "Note.\n---------- Forwarded message ---------\nFrom: Ann <a@example.com>\nWhy not today?";
    assert_eq!(of(text, Own), vec!["Note."]);
}

#[test]
fn italian_forwards() {
    let text = "Puoi darci un'occhiata?\n\n-------- Messaggio inoltrato --------\nDa: Anna <a@example.it>\nMi mandi il file?\n-------- Fine messaggio inoltrato --------\n\nMarco";
    // The name under the end marker is the writer's again (own or signature), not the quote.
    assert_eq!(of(text, Own)[0], "Puoi darci un'occhiata?");
    assert!(!of(text, Quote).contains(&"Marco".to_string()));
    assert!(of(text, Quote).contains(&"Mi mandi il file?".to_string()));
    let text = "Vedi sotto.\n\nInizio messaggio inoltrato:\n\nDa: Anna\nMi mandi il file?";
    assert_eq!(of(text, Own), vec!["Vedi sotto."]);
}

#[test]
fn russian_forwards() {
    let text = "Посмотри, пожалуйста.\n\n-------- Пересылаемое сообщение --------\nОт: Анна <a@example.ru>\nПришлёшь файл?\n-------- Конец пересылаемого сообщения --------\n\nОлег";
    assert_eq!(of(text, Own)[0], "Посмотри, пожалуйста.");
    assert!(!of(text, Quote).contains(&"Олег".to_string()));
    assert!(of(text, Quote).contains(&"Пришлёшь файл?".to_string()));
    let text = "См. ниже.\n\nНачало переадресованного сообщения:\n\nОт: Анна\nПришлёшь файл?";
    assert_eq!(of(text, Own), vec!["См. ниже."]);
}

/// Near misses: a sentence about forwarding, a quoted forward marker, and a dashed line that
/// only mentions a forward are no markers: the writer's words there stay own.
#[test]
fn sentences_about_forwards_are_not_markers() {
    for text in [
        "I forwarded the message to Bob.\n--- forwarded message count: 3 in total, can you check?",
        "Ho inoltrato il messaggio ad Anna.\nMe lo rimandi?",
        "Я переслал сообщение Анне.\nПришлёшь файл?",
    ] {
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(of(text, Own).len(), lines.len(), "{text}");
    }
    let text = "Right.\n> --- begin forwarded text\n> old\n\nCan you check?";
    assert_eq!(of(text, Own), vec!["Right.", "Can you check?"]);
}

/// A forward whose header was lost (a list stripped it, or the message was pasted in): told by
/// its subject, the text under the writer's sign-off and name is the forwarded message.
#[test]
fn a_forward_with_no_marker_is_told_by_its_subject() {
    let lex = crate::rules::builtin_lexicon();
    let split = |subject: &str, text: &str| {
        let lines: Vec<&str> = text.lines().collect();
        let s = super::Segmenter::new(&lex)
            .subject(Some(subject))
            .split(&lines);
        lines
            .iter()
            .zip(&s.kinds)
            .filter(|(l, k)| **k == Own && !l.trim().is_empty())
            .map(|(l, _)| l.trim().to_string())
            .collect::<Vec<_>>()
    };
    for (subject, note, signoff, name, forwarded) in [
        (
            "[MLB-WIRELESS] FW: Cisco Wireless LAN Solutions",
            "FYI, just passing it along.",
            "Regards,",
            "Gaz",
            "Please feel free to forward this email.\n\nDear Mr. Winder,\nsee how you can have the highest level of security.",
        ),
        (
            "I: Offerta stampanti",
            "Per conoscenza, te la giro.",
            "Cordiali saluti,",
            "Marco Rossi",
            "Inoltra pure questa email.\n\nGentile cliente,\nscopra la nostra offerta.",
        ),
        (
            "Пересл: Предложение по принтерам",
            "К сведению, пересылаю.",
            "С уважением,",
            "Олег",
            "Пожалуйста, перешлите это письмо коллегам.\n\nУважаемый клиент,\nузнайте о нашем предложении.",
        ),
    ] {
        // Longer than a signature: a whole message under the name.
        let forwarded = format!("{forwarded}\n{}", ["Lorem ipsum dolor."; 8].join("\n"));
        let text = format!("{note}\n\n{signoff}\n{name}\n\n\n{forwarded}");
        assert_eq!(split(subject, &text), vec![note.to_string()], "{subject}");
        // Near misses: a subject that forwards nothing, and a postscript under the name.
        let plain = subject.split_once(':').map_or(subject, |(_, rest)| rest);
        assert!(split(plain, &text).len() > 1, "{plain}");
        let ps = format!("{note}\n\n{signoff}\n{name}\n\nP.S. {forwarded}");
        assert!(split(subject, &ps).len() > 1, "{subject}: P.S.");
    }
}
