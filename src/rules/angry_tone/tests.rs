use super::*;
use crate::draft::Lang;
use crate::rules::testing::*;

/// No body (its language detected) raises an angry-tone finding; a failure shows what flagged.
fn assert_calm(bodies: &[&str]) {
    for body in bodies {
        let d = draft(None, body);
        assert!(
            run(&AngryTone, &d).is_empty(),
            "{body}: {:?}",
            flagged(&d, &run(&AngryTone, &d))
        );
    }
}

/// Every body (its language detected) raises at least one angry-tone finding.
fn assert_angry(bodies: &[&str]) {
    for body in bodies {
        let d = draft(None, body);
        assert!(!run(&AngryTone, &d).is_empty(), "{body}");
    }
}

#[test]
fn a_cover_holds_a_part_inside_any_range_not_only_the_nearest() {
    // A long excusing phrase, then many short ones inside it before the word.
    let ranges = std::iter::once(0..100).chain((0..20).map(|i| 10 + i..12 + i));
    let cover = Cover::new(ranges.collect());
    assert!(cover.holds(50..60));
    assert!(!cover.holds(95..105));
    assert!(!cover.holds(150..160));
    assert!(!Cover::new(Vec::new()).holds(0..1));
}

#[test]
fn the_sentence_around_a_word_is_cut_at_a_reach_and_a_char_boundary() {
    let text = format!("{}idiot{}", "é".repeat(1000), "ж".repeat(1000));
    let at = 2000;
    let s = &text[sentence_around(&text, at, at + 5)];
    assert!(
        s.contains("idiot") && s.len() <= 2 * SENTENCE_REACH + 5,
        "{}",
        s.len()
    );
    let text = "Fine. You idiot! Bye.";
    assert_eq!(&text[sentence_around(text, 10, 15)], " You idiot");
    assert!(contains_any(&[1..3, 6..9], 5..10));
    assert!(!contains_any(&[1..3, 6..11], 5..10));
}

#[test]
fn hostile_words_in_three_languages_with_inflections() {
    for (lang, body, word) in [
        (
            Lang::En,
            "Hi Anna,\nyour delay is unacceptable.",
            "unacceptable",
        ),
        (
            Lang::It,
            "Buongiorno,\nritardi inaccettabili, una vergogna.",
            "inaccettabili",
        ),
        (
            Lang::Ru,
            "Здравствуйте.\nВаша задержка недопустима, это безобразие.",
            "недопустима",
        ),
    ] {
        let d = draft(Some(lang), body);
        let f = run(&AngryTone, &d);
        assert!(
            flagged(&d, &f).contains(&word.to_string()),
            "{lang}: {:?}",
            flagged(&d, &f)
        );
    }
}

#[test]
fn accusations_shouting_and_punctuation() {
    let d = draft(
        Some(Lang::En),
        "You never answer. THIS IS NOT OK. Why?! Stop!!!",
    );
    let words = flagged(&d, &run(&AngryTone, &d));
    assert_eq!(
        words,
        vec!["You never answer", "THIS IS NOT OK", "?!", "!!!"]
    );
    let d = draft(Some(Lang::It), "Quante volte devo chiederlo?!");
    assert_eq!(run(&AngryTone, &d).len(), 2);
    let d = draft(
        Some(Lang::Ru),
        "Сколько раз повторять? Вы всегда опаздываете.",
    );
    assert_eq!(run(&AngryTone, &d).len(), 2);
}

/// "How many times" accuses only when it asks how often the writer must repeat themselves
/// (SpamAssassin ham: "no matter how many times you have to look", "to see how many times
/// they'd mail me" were flagged).
#[test]
fn how_many_times_accuses_only_as_a_complaint() {
    for (lang, angry, calm) in [
        (
            Lang::En,
            "How many times do I have to ask for the invoice? You always forget it.",
            "Tell me how many times the course runs, no matter how many times you looked.",
        ),
        (
            Lang::It,
            "Quante volte devo chiederlo? Non hai mai risposto.",
            "Mi dica quante volte si ripete il corso e quante volte al mese.",
        ),
        (
            Lang::Ru,
            "Сколько раз можно переносить встречу? Вы никогда не звоните.",
            "Напишите, сколько раз в месяц проходит курс и сколько раз вы были.",
        ),
    ] {
        let d = draft(Some(lang), angry);
        assert_eq!(run(&AngryTone, &d).len(), 2, "{lang}: {angry}");
        let d = draft(Some(lang), calm);
        assert!(run(&AngryTone, &d).is_empty(), "{lang}: {calm}");
    }
}

#[test]
fn mixed_language_draft_reads_each_paragraph_in_its_language() {
    let body = "Ciao Anna,\ngrazie per l'ordine, il tavolo sarà pronto la prossima settimana e lo consegniamo noi.\n\nHonestly, your delay is unacceptable and I told you so.";
    let d = draft(None, body);
    assert_eq!(d.language, Lang::It);
    assert_eq!(flagged(&d, &run(&AngryTone, &d)), vec!["unacceptable"]);
}

#[test]
fn one_weak_sign_is_not_anger() {
    assert_calm(&[
        // A hostile word about a third party, alone.
        "Hi,\nthe supplier's delay is unacceptable, I told them so.",
        // A heading, a table header, acronyms, hex, a cheerful "!!!".
        "Hi,\nRELEASE NOTES FOR VERSION TWO\nAll fixed.",
        "Hi,\nNAME     SIZE     DATE\nfoo      12       today",
        "Hi,\nwe use GNU GPL FAQ texts.",
        "Hi,\nthe key is DEADBEEF CAFEBABE FACADE0 in the log.",
        "Great news!!! The release is out.",
        "Ciao,\nil ritardo del fornitore è inaccettabile.",
        "Привет,\nу поставщика бардак, это недопустимо.",
    ]);
    // Aimed at the reader, or two signs together: anger.
    assert_angry(&[
        "Hi,\nyour work is useless.",
        "Hi,\nthe delay is unacceptable!!!",
        "Hi,\nTHIS IS NOT ACCEPTABLE, the delay is ridiculous.",
        "Ciao,\nil vostro ritardo è inaccettabile.",
        "Привет,\nваша задержка недопустима.",
    ]);
}

#[test]
fn calm_text_acronyms_and_quotes_are_fine() {
    assert_calm(&[
        "Hi Anna,\nthe PDF and the SVG are ready. Thank you!",
        "Ciao Anna,\ngrazie mille! A presto.",
        "Thanks, I understand.\n\nOn Mon, Anna wrote:\n> This is RIDICULOUS!!! You NEVER listen.",
        "Спасибо, всё понятно.\n\n16 нояб. 2026 г., в 08:02, Анна пишет:\n> Это безобразие!!!",
    ]);
}

/// Issue 14, SpamAssassin ham: newsletter headings, titles in quotation marks, lines typed in
/// capitals and a newsletter's capitals for names are no shouting; capitals amid the
/// writer's prose still are.
#[test]
fn headings_titles_and_caps_typed_lines_are_no_shouting() {
    for body in [
        "Hi,\n<b>GET WINDOWS XP TIPS:</b> Months after the release, people still learn.\nYou never answer.",
        "Hi,\n04. MOUSELESS WAY HOME.  To go home quickly, touch F6.\nYou never answer.",
        "Hi,\nwe watched \"THE SECRET LIFE OF ZOEY\" on Monday.\nYou never answer.",
        "Hi,\nAT 514 PM EDT NATIONAL WEATHER SERVICE RADAR INDICATED A SEVERE STORM.\nRECEIVE THIS FORM NO LATER THAN MAY 28 IN ORDER TO GET THE PRIZE.\n\nYou never answer.",
        "Hi,\nsee THE GUARDIAN GREAT debate, RED NOSE DAY fun, the PUERILE GOOGLE MISSPELLINGS and\nTHE NINTH CONFIGURATION late on Friday.\nYou never answer.",
        "Ciao,\n<b>OFFERTA DEL GIORNO:</b> il tavolo in rovere costa meno.\nNon hai mai risposto.",
        "Привет,\n1. НОВАЯ ВЕРСИЯ ПРОГРАММЫ. Скачайте её с сайта.\nВы никогда не отвечаете.",
    ] {
        let d = draft(None, body);
        let f = run(&AngryTone, &d);
        assert!(
            !f.is_empty()
                && f.iter()
                    .all(|f| f.label.as_ref().map(|m| m.id) != Some("angry-tone-shouting")),
            "{body}: {:?}",
            flagged(&d, &f)
        );
    }
    // Near misses: capitals inside the writer's sentence.
    for body in [
        "Hi,\nI asked twice. SEND THE FILES NOW, the print run is Friday. You never answer.",
        "Ciao,\nte l'ho detto. MANDA SUBITO TUTTO ADESSO, la stampa è venerdì. Non hai mai risposto.",
        "Привет,\nя просил дважды. ПРИШЛИТЕ ФАЙЛЫ СЕЙЧАС, печать в пятницу. Вы никогда не отвечаете.",
    ] {
        let d = draft(None, body);
        let f = run(&AngryTone, &d);
        assert!(
            f.iter()
                .any(|f| f.label.as_ref().map(|m| m.id) == Some("angry-tone-shouting")),
            "{body}: {:?}",
            flagged(&d, &f)
        );
    }
}

/// Issue 14: hostile words in a URL, in quotation marks (reported speech), about oneself, the
/// same word repeated, or single words about third parties in an argument are not anger;
/// two in one sentence, or one aimed at the reader, are.
#[test]
fn hostile_words_not_aimed_at_the_reader_weigh_less() {
    assert_calm(&[
        "Hi,\nstupid me, I lost the file. See http://www.craphound.com/idiots.jpg for \"idiots\".",
        "Hi,\nhe writes: \"All this crap about diets, it's just a load of\nnonsense. We can all be lazy, I'm sick of excuses.\"",
        "Hi,\nthe tactic is stupid. Stupid tactics lose, and some stupid people use them.",
        "Hi,\nyou never know when it breaks. The tactic is stupid, I think. Later it failed in a\nway that took the whole of last week to understand; the result was useless for us.",
        "Ciao,\nmi sento un idiota, ho perso il file. Lui ha detto \"che idioti\" e se n'è andato.",
        "Привет,\nчувствую себя идиотом, потерял файл. Он сказал «это идиотизм» и ушёл.",
    ]);
    assert_angry(&[
        "Hi,\nthe tactic is stupid and the result pathetic.",
        "Hi,\nyou are an idiot.",
        "Hi,\nYou never answer my calls.",
        "Ciao,\nritardi inaccettabili, una vergogna.",
        "Привет,\nэто безобразие и позор.",
    ]);
}

/// "You always/never" accuses only with a habit of the reader's ("you never answer"), not
/// anyone's ("you always end up adding bits", "because you always have a pointer").
#[test]
fn habit_accusations_name_the_readers_habit() {
    for (angry, body) in [
        (true, "You never answer my emails."),
        (true, "You always forget the attachment."),
        (
            false,
            "Code is like networks: you always end up adding bits where you didn't expect to.",
        ),
        (
            false,
            "It is faster because you always have a pointer to the character.",
        ),
    ] {
        let d = draft(Some(Lang::En), body);
        assert_eq!(!run(&AngryTone, &d).is_empty(), angry, "{body}");
    }
}

/// The same word again in another form ("damned", "damn") weighs once; "we're lazy" is the
/// writer about themselves; quotation marks written as HTML entities quote.
#[test]
fn inflections_self_description_and_entity_quotes() {
    for body in [
        "I checked every damned box and clicked on every damn list I could find.",
        "Because we're inherently lazy, this works for windows only.",
        "The blog says &#8220;Are you also fed up with the war on RSS, you idiot?&#8221; and links it.",
    ] {
        let d = draft(Some(Lang::En), body);
        assert!(run(&AngryTone, &d).is_empty(), "{body}");
    }
}

/// In a bulk text only hostile words aimed at its reader count, half each: a newsletter's
/// capitals, "!!!" and insults about third parties are not anger; two aimed at the reader are.
#[test]
fn a_bulk_text_is_angry_only_at_its_reader() {
    let news = |line: &str| {
        format!(
            "NEWS OF THE MONTH\n\nTOP STORY\nhttps://x.example/a\n------\n\n{line}\n\
             https://x.example/b\n------\n------\n\nTo unsubscribe, go to https://x.example/u\n"
        )
    };
    for (angry, line) in [
        (
            false,
            "The CLICK ON THE LINK campaign was stupid and useless!!!",
        ),
        (false, "Your report is useless."),
        (true, "Your report is useless and your team is incompetent."),
    ] {
        let d = draft(Some(Lang::En), &news(line));
        assert!(d.shape.bulk, "{:?}", d.shape);
        assert_eq!(!run(&AngryTone, &d).is_empty(), angry, "{line}");
    }
}
