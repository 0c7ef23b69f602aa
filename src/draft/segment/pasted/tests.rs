use crate::draft::LineKind::*;
use crate::draft::segment::tests::{own, split};

#[test]
fn an_earlier_message_under_a_signed_top_post_and_a_rule_is_quoted() {
    let en = "Surely it would be faster to reinstall.\n\nCW\n\n----------------\nOK, here's how to do it: remove the i686 versions of glibc and the kernel.\n\n1. rpm -e --nodeps glibc\n2. rpm -ivh glibc.i386.rpm\n\n> quoted by the earlier writer\nAnd his answer.";
    assert_eq!(own(en), ["Surely it would be faster to reinstall."]);
    let s = split(en);
    assert_eq!(s.kinds[4], Attribution);
    assert!(s.kinds[5..].iter().all(|k| *k == Quote));
    // The earlier message opens with its attribution and answers inline under it.
    let en = "Whats the story? What time are we talking about?\n\nCW\n\n-------------------\nOn Wed, Aug 14, 2002 at 09:22:27AM +0100, Wynne, Conor mentioned:\n> When are we going to have a pint?\n\n Tuesday next week. Boars Head, Capel st.\n\nKate";
    assert_eq!(
        own(en),
        ["Whats the story? What time are we talking about?"]
    );
    // Initials right over the rule, under a closing line.
    let en = "There are other articles too.\n\nHope that helps,\n\nCW\n----------------\nHow many admins out there use the kickstart to install all the workstations?";
    assert_eq!(
        own(en),
        ["There are other articles too.", "Hope that helps,"]
    );
    // Signed right under the text, then a long rule and a pasted article.
    let en = "SpamAssassin is hurting democracy!\nOwen\n--------------------------------------------------\n\nInternet can level the political playing field, by Mike McCurry and Larry Purpuro.";
    assert_eq!(own(en), ["SpamAssassin is hurting democracy!"]);
    let it = "Grazie, adesso funziona tutto.\n\nMarco\n\n------------\nCiao a tutti, qualcuno sa come si configura il router per la VPN?\n";
    assert_eq!(own(it), ["Grazie, adesso funziona tutto."]);
    let ru = "Спасибо, всё работает.\n\nОлег\n\n------------\n> Попробуй перезапустить сервер.\nА как это сделать без прав администратора?";
    assert_eq!(own(ru), ["Спасибо, всё работает."]);
}

#[test]
fn a_rule_that_is_not_under_a_signature_keeps_the_text_under_it() {
    // A rule under a sentence, an underlined heading, a name over a signature's short lines:
    // the writer's own text goes on.
    let en = "Here is what I did:\n\n----------\n1. I removed the old packages and installed the new ones from the CD.\n2. Rebooted.";
    assert_eq!(own(en).len(), 4);
    let en = "The issue is out.\n\nContents\n--------\n1. Turns of phrase: the beanpole family and what it means for you\n";
    assert_eq!(own(en).len(), 4);
    let en = "Very annoying.\n\nTa very,\n\nR\n\n----------------------------------------\nRichard Eibrand,\nSchool of Computing\nDublin Institute of Technology";
    assert!(own(en).contains(&"School of Computing".to_string()));
    let en = "WORLD WIDE WORDS\n-------------------------------------------------------------------\nSent each Saturday to 15,000+ subscribers.\n\nContents\n-------------------------------------------------------------------\n1. Turns of Phrase: Beanpole family, and what the words of the week mean.\n";
    assert_eq!(own(en).len(), 6);
    let en = "Good news.\n\nContents\n-------------------------------------------------------------------\n1. Turns of Phrase: Beanpole family, and what the words of the week mean.\n";
    assert_eq!(own(en).len(), 4);
    let en = "Here is the news.\n\nIN THIS ISSUE\n\n----------\nThe market fell again today and nobody knows where the bottom is.";
    assert_eq!(own(en).len(), 4);
    let it = "Ecco i passi:\n\n------------\n1. Scaricare il pacchetto dal sito e installarlo come amministratore.";
    assert_eq!(own(it).len(), 3);
    let ru = "Вот что я сделал:\n\n------------\n1. Удалил старые пакеты и поставил новые с диска, как ты советовал.";
    assert_eq!(own(ru).len(), 3);
}

#[test]
fn a_bracketed_name_over_quoted_lines_is_an_attribution() {
    let s = split("[Anthony Baxter]\n> 5 sets, each of 1800 ham.\n\nHow were these split?");
    assert_eq!(s.kinds, vec![Attribution, Quote, Own, Own]);
    let s = split("[Marco Rossi]\n> Ho provato con 5 insiemi.\n\nCome li hai divisi?");
    assert_eq!(s.kinds, vec![Attribution, Quote, Own, Own]);
    let s = split("[Олег]\n> Пять наборов по 1800 писем.\n\nКак ты их делил?");
    assert_eq!(s.kinds, vec![Attribution, Quote, Own, Own]);
    // An aside in brackets, or a name in brackets over the writer's own words, stays own.
    let s = split("[on skip tokens]\n> It shows up in spam.\n\nSo it does.");
    assert_eq!(s.kinds[0], Own);
    let s = split("Fine.\n[Anthony Baxter]\nThat is my name in brackets.");
    assert_eq!(s.kinds, vec![Own, Own, Own]);
    let s = split("Va bene.\n[Marco Rossi]\nè il mio nome.");
    assert_eq!(s.kinds, vec![Own, Own, Own]);
}

#[test]
fn nmhs_indented_header_block_is_an_attribution() {
    let block = "    Date:        Tue, 20 Aug 2002 17:27:47 -0500\n    From:        Chris Garrigues <cwg@example.com>\n    Message-ID:  <1029882468.3116@example.com>\n\n";
    let en = format!(
        "{block}  | I'm hoping these are purely cosmetic changes.\n\nWell, first, when exmh starts, I get an error."
    );
    let s = split(&en);
    assert_eq!(
        &s.kinds[..5],
        &[Attribution, Attribution, Attribution, Own, Quote]
    );
    assert_eq!(own(&en), ["Well, first, when exmh starts, I get an error."]);
    let it = format!(
        "{block}  | Spero che siano solo ritocchi.\n\nAllora, quando parte exmh ho un errore."
    );
    assert_eq!(own(&it), ["Allora, quando parte exmh ho un errore."]);
    let ru = format!(
        "{block}  | Надеюсь, это только косметика.\n\nНу, во-первых, при запуске exmh ошибка."
    );
    assert_eq!(own(&ru), ["Ну, во-первых, при запуске exmh ошибка."]);
    // No "From:" in it, or prose under it rather than quoted lines: not an attribution.
    let s = split("    Date:   Tue, 20 Aug 2002\n    Subject: exmh\n\n  | quoted\nMine.");
    assert_eq!(&s.kinds[..2], &[Own, Own]);
    let s = split(
        "    From:   Chris <c@example.com>\n    Message-ID:  <1@example.com>\n\nMy own words.",
    );
    assert_eq!(s.kinds, vec![Own, Own, Own, Own]);
}

#[test]
fn a_full_name_over_an_affiliation_is_the_signature() {
    let en = "Can anyone suggest a way to get around this?   TIA...\n\nJim McCullars\nThe University of Alabama in Huntsville";
    assert_eq!(
        own(en),
        ["Can anyone suggest a way to get around this?   TIA..."]
    );
    let it = "Qualcuno sa come aggirare il problema?\n\nMarco Rossi\nUniversità di Bologna";
    assert_eq!(own(it), ["Qualcuno sa come aggirare il problema?"]);
    let ru = "Кто-нибудь знает, как это обойти?\n\nОлег Петров\nМосковский университет";
    assert_eq!(own(ru), ["Кто-нибудь знает, как это обойти?"]);
    // A sentence under a name, a one-word name, a lower-case line: the writer's words.
    let en = "Here it is.\n\nJim McCullars\nWill call you tomorrow.";
    assert!(own(en).contains(&"Will call you tomorrow.".to_string()));
    let en = "Here it is.\n\nJim\nThe University of Alabama";
    assert!(own(en).contains(&"The University of Alabama".to_string()));
    let it = "Eccolo.\n\nMarco Rossi\nti chiamo domani";
    assert!(own(it).contains(&"ti chiamo domani".to_string()));
    let ru = "Вот он.\n\nОлег Петров\nпозвоню завтра";
    assert!(own(ru).contains(&"позвоню завтра".to_string()));
}

#[test]
fn a_drawn_out_interjection_is_not_a_name() {
    assert_eq!(
        own("Hee. Visualization with real lights.\nSliiiiccckk."),
        ["Hee. Visualization with real lights.", "Sliiiiccckk."]
    );
    assert_eq!(own("Funziona.\n\nSiiiii"), ["Funziona.", "Siiiii"]);
    assert_eq!(own("Работает.\n\nУраааа"), ["Работает.", "Ураааа"]);
    // A name is still the signature, a numeral in capitals too.
    assert_eq!(
        own("Thanks for the fix.\n\nJohn Smith III"),
        ["Thanks for the fix."]
    );
    assert_eq!(own("Funziona, grazie.\n\nMassimo"), ["Funziona, grazie."]);
    assert_eq!(own("Работает, спасибо.\n\nАлла"), ["Работает, спасибо."]);
}
