//! The notes a draft's reader makes (#21): message ids with arguments, said in the interface
//! language when printed. Each note from its producer, and each in English, Italian and Russian.

use super::parse::{parse_draft, parse_draft_limited};
use crate::i18n::{Arg, Msg};
use crate::lang::Lang;
use crate::limits::Limits;
use crate::msg;

fn read(raw: &str, limits: &Limits) -> Vec<Msg> {
    let lex = crate::rules::builtin_lexicon();
    parse_draft_limited("t.eml", raw.as_bytes(), &lex, None, limits)
        .expect("a draft")
        .notes
}

const HEAD: &str = "From: a@example.com\nTo: b@example.com\nSubject: hi\nMIME-Version: 1.0\n";

#[test]
fn each_reader_note_comes_from_its_place_as_an_id() {
    let ids = |notes: Vec<Msg>| notes.iter().map(|n| n.id).collect::<Vec<_>>();
    let damaged = format!(
        "{HEAD}Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n\
         SGVsbG8gd29ybGQ*&^%$\n"
    );
    assert!(ids(read(&damaged, &Limits::default())).contains(&"note-base64-damaged"));
    let bad_utf8 =
        format!("{HEAD}Content-Type: text/plain; charset=utf-8\n\nCiao \u{FFFD} a tutti\n");
    let notes = read(&bad_utf8, &Limits::default());
    assert_eq!(ids(notes.clone()), ["note-charset"]);
    assert_eq!(
        notes[0].text(Lang::It),
        "il set di caratteri del testo (utf-8) non si decodifica del tutto; alcuni caratteri \
         sono stati sostituiti"
    );
    let long = format!("{HEAD}\n{}\n", "parola ".repeat(100));
    let small = Limits {
        max_text_bytes: 70,
        ..Limits::default()
    };
    let notes = read(&long, &small);
    assert_eq!(ids(notes.clone()), ["note-capped"]);
    assert_eq!(
        notes[0].en(),
        "only the first 70 bytes of the body text were read ([limits] max_text_bytes)"
    );
    assert_eq!(
        notes[0].text(Lang::Ru),
        "прочитаны только первые 70 байт текста письма ([limits] max_text_bytes)"
    );
    let deep = format!(
        "{HEAD}Content-Type: text/html; charset=utf-8\n\n{}ciao{}\n",
        "<div>".repeat(300),
        "</div>".repeat(300)
    );
    assert!(ids(read(&deep, &Limits::default())).contains(&"note-html-deep"));
    let clean = format!("{HEAD}\nCiao Anna,\n\ngrazie.\n");
    let lex = crate::rules::builtin_lexicon();
    let d = parse_draft("t.eml", clean.as_bytes(), &lex, None).expect("a draft");
    assert!(d.notes.is_empty(), "{:?}", d.notes);
}

#[test]
fn every_note_in_three_languages() {
    let cases: Vec<(Msg, [&str; 3])> = vec![
        (
            msg!("note-html-deep", depth = 256usize),
            [
                "the HTML nests elements more than 256 deep; the deeper ones were read as plain text",
                "l'HTML annida gli elementi a più di 256 livelli; quelli più interni sono stati letti come testo semplice",
                "в HTML элементы вложены глубже 256 уровней; более глубокие прочитаны как простой текст",
            ],
        ),
        (
            msg!("note-part-damaged", part = 2usize),
            [
                "part 2: the transfer encoding is damaged (truncated or invalid); its text may be incomplete",
                "parte 2: la codifica di trasferimento è danneggiata (troncata o non valida); il testo potrebbe essere incompleto",
                "часть 2: кодировка передачи повреждена (обрезана или неверна); текст может быть неполным",
            ],
        ),
        (
            msg!("note-multipart-unclosed"),
            [
                "the message has no closing MIME boundary (saved unfinished or cut short): read as if it ended with the file",
                "il messaggio non ha il delimitatore MIME di chiusura (salvato a metà o troncato): letto come se finisse con il file",
                "у письма нет закрывающей MIME-границы (сохранено недописанным или обрезано): прочитано так, будто оно заканчивается вместе с файлом",
            ],
        ),
        (
            msg!("note-plain-is-html"),
            [
                "the text/plain part is an HTML page; it was read as HTML",
                "la parte text/plain è una pagina HTML; è stata letta come HTML",
                "часть text/plain — это HTML-страница; она прочитана как HTML",
            ],
        ),
        (
            msg!("note-base64-damaged"),
            [
                "the text body's base64 is damaged; its text was not read",
                "il base64 del testo è danneggiato; il testo non è stato letto",
                "base64 текста письма повреждён; текст не прочитан",
            ],
        ),
        (
            msg!(
                "note-capped",
                bytes = 1002usize,
                what = Msg::new("note-what-html")
            ),
            [
                "only the first 1002 bytes of the HTML body were read ([limits] max_text_bytes)",
                "sono stati letti solo i primi 1002 byte dell'HTML ([limits] max_text_bytes)",
                "прочитаны только первые 1002 байта HTML-части ([limits] max_text_bytes)",
            ],
        ),
        (
            msg!(
                "note-capped",
                bytes = 5usize,
                what = Msg::new("note-what-html-text")
            ),
            [
                "only the first 5 bytes of the HTML body's text were read ([limits] max_text_bytes)",
                "sono stati letti solo i primi 5 byte del testo ricavato dall'HTML ([limits] max_text_bytes)",
                "прочитаны только первые 5 байт текста из HTML-части ([limits] max_text_bytes)",
            ],
        ),
        (
            msg!("note-html-failed", why = "boom"),
            [
                "could not read the HTML part (the HTML reader failed: boom); its text was not checked",
                "non è stato possibile leggere la parte HTML (la lettura dell'HTML è fallita: boom); il testo non è stato controllato",
                "не удалось прочитать HTML-часть (сбой при чтении HTML: boom); её текст не проверен",
            ],
        ),
        (
            msg!(
                "note-charset",
                charset = Arg::Msg(Msg::new("note-charset-unspecified"))
            ),
            [
                "the body's charset (unspecified) did not decode cleanly; some characters were replaced",
                "il set di caratteri del testo (non indicato) non si decodifica del tutto; alcuni caratteri sono stati sostituiti",
                "кодировка текста (не указана) раскодировалась не полностью; некоторые символы заменены",
            ],
        ),
        (
            msg!(
                "note-cut",
                why = "more than 3 MIME parts ([limits] max_parts)",
                line = 40usize
            ),
            [
                "more than 3 MIME parts ([limits] max_parts); the message goes on from line 40",
                "more than 3 MIME parts ([limits] max_parts); il messaggio continua dalla riga 40",
                "more than 3 MIME parts ([limits] max_parts); письмо продолжается со строки 40",
            ],
        ),
        (
            msg!("note-rule-failed", rule = "placeholder", why = "boom"),
            [
                "rule placeholder failed on this message (boom); its findings are missing",
                "la regola placeholder non è riuscita a controllare questo messaggio (boom); i suoi risultati mancano",
                "правило placeholder не сработало на этом письме (boom); его замечаний нет",
            ],
        ),
        (
            msg!(
                "note-rule-too-many",
                rule = "placeholder",
                found = 250usize,
                max = 100usize
            ),
            [
                "rule placeholder found 250 places; only the first 100 are reported",
                "la regola placeholder ha trovato 250 punti; sono indicati solo i primi 100",
                "правило placeholder нашло мест: 250; показаны только первые 100",
            ],
        ),
    ];
    for (m, [en, it, ru]) in &cases {
        assert_eq!(m.text(Lang::En), *en, "{}", m.id);
        assert_eq!(m.text(Lang::It), *it, "{}", m.id);
        assert_eq!(m.text(Lang::Ru), *ru, "{}", m.id);
    }
}
