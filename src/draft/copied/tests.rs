use super::*;

#[test]
fn speakers_and_dates() {
    assert_eq!(speaker("Ros: Would you care to estimate?"), Some("Ros"));
    assert_eq!(speaker("<anna> can you restart it?"), Some("anna"));
    assert_eq!(speaker("Note to self: buy milk"), None);
    assert_eq!(speaker("http://x.org: link"), None);
    assert_eq!(speaker("<anna@x.org> wrote"), None);
    assert!(has_year("July 18, 2002 1:01 pm PT"));
    assert!(has_year("2002-10-06T02:28:04+01:00"));
    assert!(has_year("06-10-2002"));
    assert!(!has_year("Order 120045"));
    assert!(!has_year("Security Advisory - RHSA-2002:158-09"));
    assert!(!has_year("PROJ-2026 release notes"));
    assert!(is_link_line("URL: http://x.org/a"));
    assert!(is_link_line("  http://x.org/a"));
    assert!(!is_link_line("see http://x.org/a for more"));
}

#[test]
fn quotation_marks_open_and_close() {
    assert_eq!(marks("\"Currently, I am doing some research"), 1);
    assert_eq!(marks("the programme \"An Tuath Nua\" (on TG4)"), 0);
    assert_eq!(marks("Thanks for your help.\""), -1);
    assert_eq!(marks("«Buongiorno, sto facendo una ricerca"), 1);
    assert_eq!(marks("Grazie per l'aiuto.»"), -1);
    assert_eq!(marks("„Добрый день, я готовлю передачу“ и «ещё»"), 0);
    assert_eq!(marks("a 5\" screen"), -1);
}

#[test]
fn a_quotation_over_paragraphs_is_copied() {
    let lines = |text: &'static str| -> Vec<(usize, &'static str)> {
        let mut offset = 0;
        text.split('\n')
            .map(|l| {
                let at = offset;
                offset += l.len() + 1;
                (at, l)
            })
            .collect()
    };
    // Closed at the end of the last paragraph, with or without a mark at each paragraph's head.
    for text in [
        "He wrote:\n\n\"I saw the hike is in Doolin. Will you be there?\n\nThanks for your help.\"\n\nCool!",
        "He wrote:\n\n\"I saw the hike is in Doolin.\n\n\"Will you be there?\n\n\"Thanks.\"\n\nCool!",
        "Scrive:\n\n«Ho visto che la gita è a Doolin. Ci sarete?\n\nGrazie dell'aiuto.»\n\nBello!",
        "Пишет:\n\n„Я видел, что поход в Дулине. Вы там будете?\n\nСпасибо за помощь.“\n\nЗдорово!",
    ] {
        let found = quotations(&lines(text));
        assert_eq!(found.len(), 1, "{text}");
        let quoted = &text[found[0].clone()];
        assert!(quoted.starts_with(['"', '«', '„']), "{quoted}");
        assert!(quoted.ends_with(['"', '»', '“']), "{quoted}");
        assert!(
            !quoted.contains("Cool") && !quoted.contains("Bello") && !quoted.contains("Здорово")
        );
    }
    // Near misses: a mark never closed, a quotation closed in its own paragraph, a close too far.
    for text in [
        "\"I saw the hike is in Doolin. Will you be there?\n\nThanks for your help.",
        "\"I saw the hike.\" Will you be there?\n\nThanks.\"",
        "\"One\n\n2\n\n3\n\n4\n\n5\n\n6\n\n7\n\n8\n\n9\n\nten.\"",
    ] {
        assert!(quotations(&lines(text)).is_empty(), "{text}");
    }
}
