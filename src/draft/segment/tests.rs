use super::*;
use crate::draft::LineKind::*;

/// How the reader splits `text` (shared by the tests of the reader's submodules).
pub(super) fn split(text: &str) -> Segments {
    let lex = crate::rules::builtin_lexicon();
    let lines: Vec<&str> = text.lines().collect();
    Segmenter::new(&lex).split(&lines)
}

/// The lines of `text` of kind `kind`, trimmed, blank ones left out.
pub(super) fn of(text: &str, kind: LineKind) -> Vec<String> {
    let s = split(text);
    text.lines()
        .zip(&s.kinds)
        .filter(|(l, k)| **k == kind && !l.trim().is_empty())
        .map(|(l, _)| l.trim().to_string())
        .collect()
}

/// The own lines of `text`, trimmed, blank ones left out.
pub(super) fn own(text: &str) -> Vec<String> {
    of(text, LineKind::Own)
}

#[test]
fn gmail_style_reply() {
    let s = split(
        "Hi Anna,\nthanks.\n\nBest regards,\nMarco\n\nOn Mon, 16 Nov 2026 at 08:02, Anna <a@example.com> wrote:\n> This is RIDICULOUS!!!\n> Really.",
    );
    assert_eq!(
        s.kinds,
        vec![
            Own,
            Own,
            Own,
            Signature,
            Signature,
            Signature,
            Attribution,
            Quote,
            Quote
        ]
    );
    assert_eq!(s.greeting, Some(0));
    assert_eq!(s.signoff, Some(3));
}

#[test]
fn italian_and_russian_attributions() {
    let s = split(
        "Va bene.\nIl giorno lun 16 nov 2026 alle ore 08:02 Anna Rossi <a@example.it> ha scritto:\n> vergogna",
    );
    assert_eq!(s.kinds, vec![Own, Attribution, Quote]);
    let s = split("Хорошо.\n16 нояб. 2026 г., в 08:02, Анна <a@example.ru> пишет:\n> безобразие");
    assert_eq!(s.kinds, vec![Own, Attribution, Quote]);
}

#[test]
fn wrapped_attribution() {
    let s = split(
        "Fine.\nOn Mon, 16 Nov 2026 at 08:02, Anna Rossi <anna@example.com>\nwrote:\n> angry",
    );
    assert_eq!(s.kinds, vec![Own, Attribution, Attribution, Quote]);
}

#[test]
fn unquoted_text_after_attribution_is_quote() {
    let s = split("Sure.\nOn Mon, Anna wrote:\nThis is unacceptable.\nFix it.");
    assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote]);
}

#[test]
fn inline_reply_keeps_own_answers() {
    let s = split("> When?\nTomorrow.\n> Where?\nAt the shop.");
    assert_eq!(s.kinds, vec![Quote, Own, Quote, Own]);
}

#[test]
fn outlook_original_message() {
    let s = split(
        "Calm answer.\n-----Original Message-----\nFrom: Anna\nSent: Monday\nYou NEVER listen!!!",
    );
    assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote, Quote]);
    let s = split("Calm answer.\n\nDa: Anna Rossi\nInviato: lunedì\nOggetto: ordine\nVergogna!");
    assert_eq!(s.kinds, vec![Own, Own, Attribution, Quote, Quote, Quote]);
}

#[test]
fn uuencoded_files_are_not_text() {
    let s = split("See the file.\nbegin 644 a.txt\nM86)C\n`\nend\nBye.");
    assert_eq!(s.kinds, vec![Own, Encoded, Encoded, Encoded, Encoded, Own]);
}

#[test]
fn dash_dash_signature() {
    let s = split("Text.\n-- \nMarco\nsee attached!!!");
    assert_eq!(s.kinds, vec![Own, Signature, Signature, Signature]);
}

#[test]
fn a_patch_diff_is_not_prose() {
    let s = split(
        "Fix the TODO list.\n\nSigned-off-by: A <a@example.com>\n---\n a.txt | 2 +-\n\n\
             diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-STUPID!!!\n\
             + > quoted? no\n--\n-- \n2.47.3\n",
    );
    let k = &s.kinds;
    assert_eq!(&k[..3], &[Own, Own, Own]);
    assert!(k[3..13].iter().all(|&x| x == Patch), "{k:?}");
    assert_eq!(&k[13..], &[Signature, Signature]);
    assert_eq!(s.signoff, Some(13));
}

#[test]
fn a_unified_diff_not_from_git_is_not_prose() {
    // quilt: "---", diffstat, "Index:" over "====", then the hunks; own words above stay.
    let s = split(
        "Define the objects.\n\nSigned-off-by: A <a@example.com>\n---\n a.c | 2 +-\n\n\
             Index: x/a.c\n====\n--- x.orig/a.c\n+++ x/a.c\n@@ -1,2 +1,2 @@\n\
             + *   You should have received a copy of the GNU General Public License\n",
    );
    let k = &s.kinds;
    assert_eq!(&k[..3], &[Own, Own, Own]);
    assert!(k[3..].iter().all(|&x| x == Patch), "{k:?}");
    // `diff -u` and bare headers, with prose before and no "---" line.
    for text in [
        "Try this:\ndiff -u a.c b.c\n--- a.c\n+++ b.c\n@@ -1 +1 @@\n-STUPID\n+fixed\n",
        "Try this:\n--- a.c\n+++ b.c\n@@ -1 +1 @@\n-STUPID\n+fixed\n",
    ] {
        let k = split(text).kinds;
        assert_eq!(k[0], Own, "{text}");
        assert!(k[1..].iter().all(|&x| x == Patch), "{text}: {k:?}");
    }
    // Near misses: a "---" rule and "+++" in prose, an "Index:" line alone.
    for text in [
        "Good news.\n--- \n+++ more soon\nok",
        "Index: chapter 3\n====\nThe first part.",
    ] {
        assert!(split(text).kinds.iter().all(|&x| x != Patch), "{text}");
    }
}

#[test]
fn a_cover_letters_shortlog_and_diffstat_are_not_prose() {
    let s = split(
        "Two fixes, see attached.\n\nAnna Rossi (2):\n  fix a\n  fix b\n\n a.txt | 2 +-\n \
             2 files changed, 2 insertions(+), 2 deletions(-)\n\n-- \n2.47.3\n",
    );
    let k = &s.kinds;
    assert_eq!(&k[..2], &[Own, Own]);
    assert!(k[2..8].iter().all(|&x| x == Patch), "{k:?}");
    assert_eq!(&k[8..], &[Own, Signature, Signature]);
    // Mail that only talks about a diff keeps its words.
    let s = split("I ran diff --git yesterday.\n---\nok");
    assert!(s.kinds.iter().all(|&x| x == Own));
}

#[test]
fn thanks_in_the_middle_is_not_a_signoff() {
    let text = "Thanks,\nline\nline\nline\nline\nline\nline\nline\nline\nline\nline";
    assert_eq!(split(text).signoff, None);
    assert_eq!(split("Thanks for the order.\nOk").signoff, None);
    assert_eq!(split("Text.\nThanks, Anna").signoff, Some(1));
}

#[test]
fn supercite_and_bar_quotes() {
    let s = split("ABC> This is RIDICULOUS\nJames> You NEVER listen\nMy answer.");
    assert_eq!(s.kinds, vec![Quote, Quote, Own]);
    let s = split("| quoted words\n| more\n\nMine.\n| a | b |");
    assert_eq!(s.kinds, vec![Quote, Quote, Own, Own, Own]);
    // Not quotes: an arrow in prose, a Markdown table row, a long prefix.
    let s = split("a->b\nx>y\nsomething long here> no");
    assert_eq!(s.kinds, vec![Own, Own, Own]);
}

#[test]
fn bold_outlook_headers() {
    let s = split("Ok.\n\n**From:** Anna Rossi\n**Sent:** Monday\nYou NEVER listen!!!");
    assert_eq!(s.kinds, vec![Own, Own, Attribution, Quote, Quote]);
    let s = split("Va bene.\n*Da:* Anna\n*Inviato:* lunedì\nVergogna!");
    assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote]);
    let s = split("Хорошо.\nОт: Анна\nОтправлено: 16 ноября\nБезобразие!");
    assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote]);
    let s = split("Gut.\nVon: Anna\nGesendet: Montag\nUnverschämt!");
    assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote]);
}

#[test]
fn gmail_wrapped_attributions() {
    let s = split(
        "Fine.\nOn Tue, Sep 25, 2012 at 8:59 AM, Chris\n<c@example.com> wrote:\nThis is bad.",
    );
    assert_eq!(s.kinds, vec![Own, Attribution, Attribution, Quote]);
    let s = split(
        "Va bene.\nIl giorno lun 30 nov 2026 alle ore 09:12 Francesca Moretti\n\
             <f@example.it> ha scritto:\n> vergogna",
    );
    assert_eq!(s.kinds, vec![Own, Attribution, Attribution, Quote]);
}

#[test]
fn attribution_wrapped_over_three_lines() {
    let s = split(
        "Fine.\n\nOn Dec 16, 2011, at 12:47 PM, Corey Donohoe\n<reply@example.com>\nwrote:\n\n> Was it?",
    );
    assert_eq!(
        s.kinds,
        vec![Own, Own, Attribution, Attribution, Attribution, Own, Quote]
    );
    // Three lines of prose ending in a colon are not one.
    let s = split("On Monday at 9 we meet\nwith the team\nand discuss:\nthe plan");
    assert!(s.kinds.iter().all(|&k| k == Own), "{:?}", s.kinds);
}

#[test]
fn attributions_from_more_clients() {
    for (text, attr) in [
        (
            "Ok.\nW dniu 2017-01-09 11:59:39 użytkownik Anna <a@example.pl> napisał:\n\nTekst",
            1,
        ),
        (
            "Ok.\nDnia 27 grudnia 2016 12:08 Anna <a@example.pl> napisał(a):\n\nTekst",
            1,
        ),
        (
            "Ok.\nOn Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@example.com> wrote\n\nText",
            1,
        ),
        (
            "Ok.\n---- On Wed, 24 Feb 2021 14:02:50 +0530 j@example.com wrote ----\n\nText",
            1,
        ),
        (
            "Ok.\n-------- Oprindelig besked --------\nFra: A <a@example.dk>\nTekst",
            1,
        ),
        (
            "Ok.\n2013.02.08. 7:31 keltezéssel, \"Eszter\" írta:\n> Szöveg",
            1,
        ),
    ] {
        let s = split(text);
        assert_eq!(s.kinds[0], Own, "{text}");
        assert_eq!(s.kinds[attr], Attribution, "{text}");
        assert_eq!(*s.kinds.last().unwrap(), Quote, "{text}");
    }
    // Wrapped: Finnish, and Norwegian with the colon under the address.
    let s =
        split("Ok.\npe 20. lokakuuta 2017 klo 17.50 John Coe\n<j@example.fi> kirjoitti:\n\nTeksti");
    assert_eq!(s.kinds, vec![Own, Attribution, Attribution, Own, Quote]);
    let s = split("Ok.\ntir. 18. apr. 2017 kl. 13:09 skrev Test <t@example.no\n>:\n\n> Ok.");
    assert_eq!(s.kinds, vec![Own, Attribution, Attribution, Own, Quote]);
    // French Outlook headers with a space before the colon.
    let s = split("Ok.\n\nDe : Anna<mailto:a@example.fr>\nEnvoyé le :jeudi\nÀ : moi\nTexte");
    assert_eq!(s.kinds, vec![Own, Own, Attribution, Quote, Quote, Quote]);
    // Near misses: "wrote" ending a line of prose; a sentence starting "De :".
    let s = split("On Monday my colleague <a@example.com> wrote\nthe plan.");
    assert_eq!(s.kinds, vec![Own, Own]);
    let s = split("On the 3rd we wrote\nOk.");
    assert_eq!(s.kinds, vec![Own, Own]);
}

#[test]
fn header_and_attribution_words_in_own_prose() {
    for text in [
        "From: Monday on we open at 9.\nSee you then.",
        "As I wrote: the price holds.\nOk.",
        "Da: lunedì apriamo alle 9.\nA presto.",
        "От: понедельника работаем с 9.\nДо встречи.",
    ] {
        let s = split(text);
        // ("A presto." and "До встречи." are sign-offs: signature, but nothing is quoted.)
        assert!(
            s.kinds.iter().all(|&k| k == Own || k == Signature) && s.kinds[0] == Own,
            "{text}: {:?}",
            s.kinds
        );
    }
}

#[test]
fn app_lines_with_a_link_are_signature() {
    for line in [
        "Get Outlook for iOS<https://aka.ms/o0ukef>",
        "Gesendet von Outlook für Android<https://aka.ms/AAb9ysg>",
        "Envoyé à partir de Outlook pour iOS<https://aka.ms/o0ukef>",
        "Sent from TypeApp<http://www.typeapp.com/r?b=2621>",
    ] {
        let s = split(&format!("Ok, done.\n\n{line}"));
        assert_eq!(s.kinds, vec![Own, Own, Signature], "{line}");
    }
}

#[test]
fn a_dash_and_a_name_ends_the_own_text() {
    let s = split("Oh thanks.\n\n-Abhishek Kona\n\n");
    assert_eq!(s.kinds, vec![Own, Own, Signature, Signature]);
    // Not a list's last item, nor a dash in a sentence, nor "- Name" as a bullet.
    let s = split("Todo:\n-Buy Milk\n-Call Anna");
    assert!(s.kinds.iter().all(|&k| k == Own), "{:?}", s.kinds);
    let s = split("Ok.\n-fine by me");
    assert!(s.kinds.iter().all(|&k| k == Own), "{:?}", s.kinds);
    let s = split("Ok.\n- Anna");
    assert!(s.kinds.iter().all(|&k| k == Own), "{:?}", s.kinds);
}

#[test]
fn russian_headers_without_a_verb_and_other_languages() {
    for attr in [
        "28.11.2026, 14:03, \"Олег Петров\" <o@example.ru>:",
        "сб, 28 нояб. 2026 г. в 14:03, Олег <o@example.ru>:",
        "28 ноября 2026 г., Олег Петров написал(а):",
        "Le lun. 30 nov. 2026 à 09:12, Marie <m@example.fr> a écrit :",
        "Am Mo., 30. Nov. 2026 um 09:12 Uhr schrieb Hans <h@example.de>:",
        "El lun, 30 nov 2026 a las 09:12, Juan (<j@example.es>) escribió:",
        "Em seg., 30 de nov. de 2026 às 09:12, João <j@example.pt> escreveu:",
        "Op ma 30 nov. 2026 om 09:12 schreef Jan <j@example.nl>:",
    ] {
        let s = split(&format!("Ok.\n{attr}\nТекст!!!"));
        assert_eq!(s.kinds, vec![Own, Attribution, Quote], "{attr}");
    }
    // A time and an address in a sentence that does not end with a colon is no attribution.
    let s = split("Call me at 14:03, <o@example.ru> is my address.\nOk");
    assert_eq!(s.kinds, vec![Own, Own]);
}

#[test]
fn pgp_armour_is_not_own_words() {
    let s = split(
        "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\nHello.\n\
             -----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v1\n\niD8DBQE9\n\
             -----END PGP SIGNATURE-----",
    );
    assert_eq!(
        s.kinds,
        vec![
            Signature, Signature, Signature, Own, Signature, Signature, Signature, Signature,
            Signature
        ]
    );
}

#[test]
fn device_lines_and_list_footers_are_signature() {
    for device in [
        "Sent from my iPhone",
        "Inviato da iPhone",
        "Отправлено с iPhone",
        "Sent from my BlackBerry® wireless device",
        "Sent from my mobile device",
        "Sent from Gmail Mobile",
        "Inviato da Gmail Mobile",
        "Отправлено из мобильной Gmail",
    ] {
        let s = split(&format!("Ok, done.\n\n{device}"));
        assert_eq!(s.kinds, vec![Own, Own, Signature], "{device}");
    }
    let s = split(
        "My words.\n\n_______________________________________________\n\
             Exmh-workers mailing list\nExmh-workers@redhat.com\n\
             https://listman.redhat.com/mailman/listinfo/exmh-workers",
    );
    assert_eq!(
        s.kinds,
        vec![Own, Own, Signature, Signature, Signature, Signature]
    );
    let s = split(
        "My words.\n------------------------ Yahoo! Groups Sponsor ---------------------~-->\n\
             Free DVD? Click here!\nTo unsubscribe from this group, send an email to:",
    );
    assert_eq!(s.kinds, vec![Own, Signature, Signature, Signature]);
    // "Sent" in a sentence is not a device line, nor a sentence that goes on after it.
    let s = split("I sent from my office the parcel.\nOk");
    assert_eq!(s.kinds, vec![Own, Own]);
    let s = split("Text.\n\nSent from my desk, is much easier then my mobile phone.");
    assert_eq!(s.kinds, vec![Own, Own, Own]);
    let s = split("Testo.\n\nInviato da Gmail Mobile a Luca il modulo?");
    assert_eq!(s.kinds, vec![Own, Own, Own]);
}

#[test]
fn forwarded_header_blocks_are_quoted() {
    let s = split(
        "Look at this.\n\nDelivered-To: a@example.com\nReceived: from x\n\tby y\n\
             Forwarded-by: Nev <n@example.com>\n\nThe joke.",
    );
    assert_eq!(
        s.kinds,
        vec![Own, Own, Attribution, Quote, Quote, Quote, Quote, Quote]
    );
    // One pasted field is only that field.
    let s = split(
        "It came with
X-Mailer: Foo 1.0
as its mailer.",
    );
    assert_eq!(s.kinds, vec![Own, Quote, Own]);
    // "Received:" mid-sentence is prose.
    let s = split("We received: nothing.");
    assert_eq!(s.kinds, vec![Own]);
}

#[test]
fn more_signoffs() {
    for so in [
        "With best wishes,",
        "Thanks a million,",
        "Un cordiale saluto,",
        "Buona serata,",
        "Un abbraccio",
        "С теплом,",
    ] {
        let s = split(&format!("Text.\n{so}\nMarco"));
        assert_eq!(s.signoff, Some(1), "{so}");
    }
}

#[test]
fn name_first_greetings() {
    for g in [
        "Андрей, добрый день!",
        "Marco,",
        "Tom,",
        "Anna Rossi,",
        "Marco, buongiorno.",
    ] {
        let s = split(&format!("{g}\nthe text."));
        assert_eq!(s.greeting, Some(0), "{g}");
    }
    for g in [
        "Yes, that works.",
        "However, no.",
        "Thanks,",
        "OK, fine",
        "Ok,",
    ] {
        let s = split(&format!("{g}\nthe text."));
        assert_eq!(s.greeting, None, "{g}");
    }
}

#[test]
fn a_reply_of_only_thanks_says_them_and_does_not_sign_off() {
    for text in [
        "Thank you!\n\nOn Mon, 16 Nov 2026 at 08:02, Anna <a@example.com> wrote:\n> The table is ready.",
        "Grazie mille!\n\nIl giorno lun 16 nov 2026 alle ore 08:02 Anna Rossi <a@example.it> ha scritto:\n> Il tavolo è pronto.",
        "Спасибо!\n\n16 нояб. 2026 г., в 08:02, Анна <a@example.ru> пишет:\n> Стол готов.",
    ] {
        let s = split(text);
        assert_eq!(s.kinds[0], Own, "{text}");
        assert_eq!(s.signoff, None, "{text}");
    }
    // Near miss: after words of its own, the same line signs off.
    let s = split(
        "The table ships Friday.\nThank you!\n\nOn Mon, 16 Nov 2026 at 08:02, Anna <a@example.com> wrote:\n> ok",
    );
    assert_eq!(s.kinds[..2], [Own, Signature]);
    assert_eq!(s.signoff, Some(1));
}

#[test]
fn indented_quotes_after_an_attribution() {
    // "Quoting X <x@y>:" (Horde, mutt) and "X wrote:" over indented lines, then the answer.
    for attribution in [
        "Quoting Anna Rossi <anna@example.com>:",
        "You originally said:",
        "Citando Anna Rossi <anna@example.it>:",
        "Цитирую Анна <anna@example.ru>:",
    ] {
        let s = split(&format!(
            "{attribution}\n\n  Could it be? After 20 years\n  it finally works?\n\n  No way!\n\nYes, it works.\nI tried it."
        ));
        assert_eq!(
            s.kinds,
            vec![Attribution, Own, Quote, Quote, Quote, Quote, Own, Own, Own],
            "{attribution}"
        );
    }
    // A nested attribution, indented, over ">" lines, then the answer.
    let s = split("Mr Fork writes:\n  Jim writes:\n> > press play\n> or a sound\n\nA countdown.");
    assert_eq!(s.kinds, vec![Attribution, Quote, Quote, Quote, Own, Own]);
    // Near misses: unindented text after an attribution is still all quote; "Quoting the
    // manual:" names no address and is the writer's own sentence.
    let s = split("Sure.\nQuoting Anna <anna@example.com>:\nThis is unacceptable.\nFix it.");
    assert_eq!(s.kinds, vec![Own, Attribution, Quote, Quote]);
    let s = split("Quoting the manual:\n\n    set it to 1\n\nThat is all.");
    assert!(s.kinds.iter().all(|&k| k == Own), "{:?}", s.kinds);
}

#[test]
fn a_bare_triple_dash_over_a_short_signature() {
    let s = split(
        "It should be fine.\n\n---\n~Randy\n*** Remember to use Documentation/SubmitChecklist when testing your code ***",
    );
    assert_eq!(s.kinds, vec![Own, Own, Signature, Signature, Signature]);
    assert_eq!(s.signoff, Some(2));
    for body in [
        "Va bene così.\n\n---\nMarco Bianchi\nStudio Bianchi",
        "Всё в порядке.\n\n---\nОлег Петров\nООО Ромашка",
    ] {
        let s = split(body);
        assert_eq!(s.kinds[2..], [Signature, Signature, Signature], "{body}");
    }
    // Near misses: a "---" over a sentence (a postscript, a new section) or over a long text,
    // and a "---" with nothing of the writer's above it.
    for body in [
        "It should be fine.\n\n---\nP.S. I forgot to say that the invoice is attached.",
        "Part one.\n---\nPart two\nline\nline\nline\nline\nline\nline\nline\nline\nline",
        "---\nAnna",
    ] {
        let s = split(body);
        assert!(s.kinds.iter().all(|&k| k == Own), "{body}: {:?}", s.kinds);
    }
}

#[test]
fn dash_sign_offs_with_a_space_or_two_dashes() {
    for body in [
        "Play would start at once.\n\n- Gordon",
        "Play would start at once.\n-- Joe",
        "Play would start at once.\n--Joe Smith",
        "Va bene.\n\n- Marco",
        "Хорошо.\n\n— Олег",
        "Better than nothing.\n\n+1\n\n-Bill Kearney",
        "Try this:\n\n  razor-check -n -logfile=razor.log mail/caughtspam\n\n  -chad",
        "Prova così:\n\n  razor-check -n mail/spam\n\n  -marco",
        "Попробуй так:\n\n  razor-check -n mail/spam\n\n  -олег",
    ] {
        let s = split(body);
        assert_eq!(s.kinds.last(), Some(&Signature), "{body}: {:?}", s.kinds);
        assert_eq!(s.kinds[0], Own, "{body}");
    }
    // Near misses: a list's last item, a bullet right under a sentence, an item under a colon.
    for body in [
        "Bring:\n- Bread\n- Milk\n\n- Eggs",
        "Ok.\n- Anna",
        "Things to buy:\n\n- Bread",
        // A flag or a handle under its command is the command's.
        "Run it as:\n\n  razor-check\n\n  -n",
        "Run it as:\n  razor-check\n  -verbose",
        "Da portare:\n- Pane\n- Latte",
        "Купить:\n- Хлеб\n- Молоко",
    ] {
        let s = split(body);
        assert!(s.kinds.iter().all(|&k| k == Own), "{body}: {:?}", s.kinds);
    }
}

/// The kind of the last line that has text.
fn last_kind(text: &str) -> LineKind {
    let s = split(text);
    let lines: Vec<&str> = text.lines().collect();
    let last = (0..lines.len())
        .rev()
        .find(|&j| !lines[j].trim().is_empty())
        .unwrap();
    s.kinds[last]
}

#[test]
fn a_bare_name_as_the_last_line_is_the_signature() {
    for text in [
        "Can you open a bugzilla ticket for this one?\n\nDan\n",
        "Any ideas or alternative tools?\n\nct\n\n\n-- \nIrish Linux Users' Group: ilug@linux.ie",
        "can someone explain this in words of five syllables\nor less?\n\na.\n",
        "Is there an inode number or something?\n\nDavid",
        "Would sawfish 2.0 silently change the config files?\nKate",
        "Anyone care to guess what's up ?\n\nJ.R.\n",
        "Mi mandi il preventivo entro venerdì?\n\nMarco\n",
        "Можете прислать счёт до пятницы?\n\nОлег\n",
    ] {
        assert_eq!(last_kind(text), Signature, "{text}");
    }
    // A closing word with a name and no comma; a short closing line over a handle.
    for text in [
        "Is there a way to look for a file in 100's of zip files??\n\nThanks Justin\n",
        "Ci sono novità sul contratto?\n\nGrazie Marco",
        "Есть новости по договору?\n\nСпасибо Олег",
    ] {
        assert_eq!(last_kind(text), Signature, "{text}");
    }
    let s = split(
        "Any ideas?\n\nKate Smith\n\nOn Mon, 16 Nov 2026 at 08:02, Anna <a@example.com> wrote:\n> hi",
    );
    assert_eq!(s.kinds[2], Signature);
    let s = split("use this address instead, please.\n\nprerogatively,\ngeege");
    assert_eq!(s.kinds, vec![Own, Own, Signature, Signature]);
    assert_eq!(s.signoff, Some(2));
}

#[test]
fn a_bare_name_with_a_full_stop_is_the_signature() {
    for text in [
        "Why do you say Dell is cheaper than DNUK?\n\nIt gets a bit complicated though!\n\nPádraig.\n",
        "Can you send the logs?\n\nDonncha.\n",
        "Has anyone tried the new kernel?\n\nJörg.",
        "Any ideas?\n\nKate Smith.\n",
        "Mi mandi il preventivo entro venerdì?\n\nNicolò.\n",
        "Можете прислать счёт до пятницы?\n\nФёдор.\n",
    ] {
        assert_eq!(last_kind(text), Signature, "{text}");
    }
    // A one-word answer with a full stop, a lower-case word, a sentence: own.
    for text in [
        "Did the build pass on the mirror?\n\nCorrect.",
        "Is the bug still there?\n\nFixed.",
        "I moved the files to the new server.\n\nDone.",
        "Did you read my mail?\n\nNoted.",
        "Hai visto il ticket?\n\nRisolto.",
        "Il server è pronto?\n\nFatto.",
        "Ты получил счёт?\n\nПринято.",
        "Договор подписан?\n\nВерно.",
        "Should we move the list to the new host?\n\nDiscuss.",
        "The box rebooted itself twice today.\n\nMmmm.",
        "Here is the link to the vendor's page.\n\nJust FYI.",
        "The meeting moved.\n\nsee below.",
        "It works now.\n\nIt works.",
    ] {
        assert_eq!(last_kind(text), Own, "{text}");
    }
}

#[test]
fn a_longer_closing_phrase_over_a_bare_name_is_the_signoff() {
    for (text, at) in [
        (
            "Should I switch to ext3 now?\n\nThanks for any opinions,\nBen\n",
            2,
        ),
        (
            "Any idea why the build fails?\nThanks in advance for your help,\nBen",
            1,
        ),
        (
            "Mi mandi il preventivo entro venerdì?\n\nGrazie per l'aiuto,\nMarco\n",
            2,
        ),
        (
            "Можете прислать счёт до пятницы?\n\nСпасибо за помощь,\nОлег\n",
            2,
        ),
    ] {
        let s = split(text);
        assert_eq!(s.signoff, Some(at), "{text}: {:?}", s.kinds);
        assert!(
            s.kinds[at..].iter().all(|&k| k == Signature),
            "{text}: {:?}",
            s.kinds
        );
    }
    // Not a closing: a sentence ending with a comma, a word that only starts like one, a
    // closing phrase that runs on, a closing phrase with nothing above it.
    for text in [
        "The server is down again.\n\nI will call you tomorrow,\nBen\n",
        "The server is down again.\n\nRegardless of the outcome,\nBen\n",
        "The dinner is planned.\n\nThanksgiving is on Thursday this year,\nBen\n",
        "Il server è giù.\n\nTi chiamo domani in mattinata,\nMarco\n",
        "Сервер опять упал.\n\nПозвоню тебе завтра утром,\nОлег\n",
        "The server is down.\n\nThanks for the report, I looked at it and it is a known bug in the old driver,\nBen\n",
    ] {
        let s = split(text);
        assert_eq!(s.kinds[2], Own, "{text}: {:?}", s.kinds);
    }
    let s = split("Thanks for any opinions,\nBen\n");
    assert_eq!(s.kinds[0], Own, "{:?}", s.kinds);
}

#[test]
fn a_signature_framed_by_rules_is_not_own_text() {
    let rule = "-".repeat(72);
    for (text, n) in [
        (
            format!(
                "If you find one, let me know.\n\n{rule}\nBrian Fahrländer              Linux Zealot\nEvansville, IN       My Voyage: http://www.CounterMoon.com\n{rule}\nI don't want to hear news\n\n"
            ),
            2,
        ),
        (
            format!("Mi fai sapere?\n\n{rule}\nMarco Rossi  -  Milano\n{rule}\n"),
            2,
        ),
        (
            format!("Сможешь посмотреть?\n\n{rule}\nОлег Петров, тел. 123\n{rule}\nЦитата дня\n"),
            2,
        ),
    ] {
        let s = split(&text);
        assert_eq!(s.kinds[0], Own, "{text}");
        assert!(
            s.kinds[n..].iter().all(|&k| k == Signature),
            "{text}: {:?}",
            s.kinds
        );
    }
    // A table between rules, a box with a sentence in it, a box that opens the text: own.
    for text in [
        format!(
            "The results:\n\n{rule}\nhost      time\n{rule}\nalpha     12\nbeta      13\n{rule}\n"
        ),
        format!(
            "The results:\n\n{rule}\nthe build failed on two hosts today\n{rule}\nSee above.\n"
        ),
        format!("I risultati:\n\n{rule}\nil server è giù da ieri\n{rule}\n"),
        format!("Результаты:\n\n{rule}\nсервер упал вчера вечером\n{rule}\n"),
        format!("{rule}\nBrian Fahrländer\n{rule}\n"),
    ] {
        let s = split(&text);
        assert!(s.kinds.iter().all(|&k| k == Own), "{text}: {:?}", s.kinds);
    }
}

#[test]
fn an_answer_or_a_sentence_as_the_last_line_stays_own() {
    for text in [
        "Did the build pass on the mirror?\n\nYes",
        "Did the build pass on the mirror?\n\nOK",
        "I moved the files to the new server.\n\nDone.",
        "What do you all think about the new layout?\n\nThoughts",
        "The meeting moved to Friday.\n\nsee below",
        "Hai ricevuto il pacco?\n\nSì",
        "Il server è pronto.\n\nFatto.",
        "Договор подписан?\n\nДа",
        "Счёт отправлен.\n\nГотово",
        // Text, not a name: a sentence, a lower-case phrase, a command, a line under a colon.
        "Here is the fix.\n\nIt works now",
        "Run this:\n\nmake install",
        "The password is:\nSesame",
        "It fails with the error below.\n\nls -la /tmp",
        // A one-word line with nothing before it is the text itself.
        "Dan",
    ] {
        assert_eq!(last_kind(text), Own, "{text}");
    }
    // A one-word paragraph mid-text stays own.
    let s = split("Results:\n\nGreat\n\nThe build passed on all three mirrors today.");
    assert_eq!(s.kinds[2], Own);
}

#[test]
fn list_footers_are_not_own_text() {
    let s = split(
        "please post em :)\n\n_______________________________________________\nRPM-List mailing list <RPM-List@freshrpms.net>\nhttp://lists.freshrpms.net/mailman/listinfo/rpm-list",
    );
    assert_eq!(s.kinds, vec![Own, Own, Signature, Signature, Signature]);
    let s = split(
        "Does anyone else do this?\n\n[Non-text portions of this message have been removed]\n",
    );
    assert_eq!(s.kinds, vec![Own, Own, Signature]);
    // After a message signed as a whole, what follows the signature was added by the list.
    let s = split(
        "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\nThe text.\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n\n-----\nFor subscription changes, please use the WWW form at:\nhttp://www.lp.org/action/email.html",
    );
    assert_eq!(s.kinds[3], Own);
    assert!(
        s.kinds[4..].iter().all(|k| *k == Signature),
        "{:?}",
        s.kinds
    );
    // A signed block pasted after the writer's words: what follows it is still theirs.
    let s = split(
        "See the advisory:\n-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\nUpgrade.\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n\nPlease apply it today.",
    );
    assert_eq!(s.kinds[9], Own);
}

#[test]
fn mutts_mentioned_attribution_over_unquoted_text() {
    let s = split(
        "what time are we talking about?\n\nCW\n\n-------------------\nOn Wed, Aug 14, 2002 at 09:22:27AM +0100, Conor Wynne mentioned:\n\n Tuesday next week. Boars Head.",
    );
    assert_eq!(s.kinds[2], Signature);
    // The rule under the signed top-post opens the pasted message (see `pasted`).
    assert_eq!(s.kinds[4], Attribution);
    assert_eq!(s.kinds[7], Quote);
    let s = split(
        "what time are we talking about?\n\nOn Wed, Aug 14, 2002 at 09:22:27AM +0100, Conor Wynne mentioned:\n\n Tuesday next week. Boars Head.",
    );
    assert_eq!(s.kinds[2], Attribution);
    assert_eq!(s.kinds[4], Quote);
    // Not a sentence that mentions something.
    let s = split("On Monday he mentioned:\n\nthe budget is fine.");
    assert_eq!(s.kinds, vec![Own, Own, Own]);
}

#[test]
fn a_dash_escaped_delimiter_and_a_stated_attribution() {
    // PGP-signed text escapes "-- " as "- -- " (RFC 4880, 7.1); "On DATE, NAME stated:".
    for (ask, text) in [
        (
            "Can you use another irq for it.",
            "On Sun, 4 Aug 2002, Albert White stated:\n\n> my network card now doesn't work\n\nCan you use another irq for it.\n\nSean\n\n- -- \n  Sean Rima            http://www.example.net\n  THE VIEWS EXPRESSED HERE ARE NOT THOSE OF MY WIFE.\n",
        ),
        (
            "Puoi usare un altro irq?",
            "On Sun, 4 Aug 2002, Alberto Bianchi stated:\n\n> la scheda di rete non funziona\n\nPuoi usare un altro irq?\n\n- -- \n  Marco Rossi            http://www.example.it\n",
        ),
        (
            "Можешь взять другое прерывание?",
            "On Sun, 4 Aug 2002, Oleg Volkov stated:\n\n> сетевая карта не работает\n\nМожешь взять другое прерывание?\n\n- -- \n  Олег Волков            http://www.example.ru\n",
        ),
    ] {
        let own = own(text);
        assert_eq!(
            own.first().map(String::as_str),
            Some(ask),
            "{text}: {own:?}"
        );
        assert!(!own.iter().any(|l| l.contains("http")), "{text}: {own:?}");
    }
    // Near miss: a list item "- --verbose" is no delimiter.
    let text = "Run it with:\n\n- --verbose\n- --dry-run\n";
    assert!(own(text).iter().any(|l| l.contains("--dry-run")));
}

/// A list's advertisement between a separator and the list's footer is the list's, not the
/// writer's (issue 14, session 31: SourceForge's "Sponsored by: AMD ..." over Mailman's footer).
/// Near misses: the writer's paragraph right above the footer with no separator over it, and an
/// ad block too long to be one.
#[test]
fn a_lists_ad_over_its_footer_is_not_own_text() {
    let footer = "_______________________________________________\nSA-talk mailing list\nhttps://lists.example.net/lists/listinfo/sa-talk";
    for ad in [
        "Sponsored by: AMD - register now for the Developer Symposium.\nCode: EX8664 http://www.example.com/lab",
        "Offerto da: AMD - iscriviti ora al Simposio degli sviluppatori.\nCodice: EX8664 http://www.example.com/lab",
        "Спонсор: AMD - зарегистрируйтесь на симпозиум разработчиков.\nКод: EX8664 http://www.example.com/lab",
    ] {
        let text = format!(
            "Can anybody point me to a FAQ?\n\n-------------------------------\n{ad}\n{footer}"
        );
        assert_eq!(
            of(&text, Own),
            vec!["Can anybody point me to a FAQ?"],
            "{ad}"
        );
        let text = format!("Can anybody point me to a FAQ?\n\n{ad}\n{footer}");
        assert!(of(&text, Own).len() > 1, "{ad}");
        let long = format!("{ad}\n{ad}\n{ad}");
        let text = format!(
            "Can anybody point me to a FAQ?\n\n-------------------------------\n{long}\n{footer}"
        );
        assert!(of(&text, Own).len() > 1, "{ad}");
    }
}

/// A bug tracker's footer ("------- You are receiving this mail because: -------" and its
/// reason) is not the writer's text; the comment above it is (issue 14, session 31: its words
/// had lifted a short ask to a warning). Near miss: the words in a sentence of the writer's.
#[test]
fn a_bug_trackers_footer_is_not_own_text() {
    for (comment, footer, reason) in [
        (
            "Could you elaborate specifically?",
            "------- You are receiving this mail because: -------",
            "You are the assignee for the bug, or are watching the assignee.",
        ),
        (
            "Potresti spiegare meglio?",
            "------- Ricevi questa email perché: -------",
            "Sei l'assegnatario del bug.",
        ),
        (
            "Можете объяснить подробнее?",
            "------- Вы получили это письмо, потому что: -------",
            "Вы назначены ответственным за ошибку.",
        ),
    ] {
        let text = format!("{comment}\n\n\n\n{footer}\n{reason}");
        assert_eq!(of(&text, Own), vec![comment], "{footer}");
        let prose = format!(
            "{comment}\n\n{} you asked for the catalogue.",
            &footer[8..footer.len() - 9]
        );
        assert_eq!(of(&prose, Own).len(), 2, "{prose}");
    }
}
