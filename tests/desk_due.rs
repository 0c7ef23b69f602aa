//! `mailcheck due` on realistic mailboxes built in a temp dir: a Maildir INBOX (cur/ and new/),
//! an mbox Sent folder, an mbox archive, the outbox's sent/ Maildir; English, Italian and Russian
//! mail with real threading headers, quoted replies, a forward, an auto-reply and a newsletter.
//! The scenario runs over the Europe/Rome DST change (Sunday 25 October 2026) and checks the exact
//! due list at fixed `--at` times.

use crate::common;

use std::path::{Path, PathBuf};

use common::*;
use predicates::prelude::*;
use serde_json::{Value, json};

const CONFIG: &str = r#"
[sender]
timezone = "Europe/Rome"
business_hours = "09:00-18:00"
business_days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
holidays = ["2026-12-25"]

[outbox]
path = "outbox"

[desk]
me = ["marco@studio.it"]
clients = ["ferramenta-bianchi.it"]
"#;

fn eml(headers: &[(&str, &str)], body: &str) -> String {
    let mut s = String::new();
    for (k, v) in headers {
        s.push_str(&format!("{k}: {v}\n"));
    }
    s.push_str("MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n");
    s.push_str("Content-Transfer-Encoding: 8bit\n\n");
    s.push_str(body);
    s
}

fn maildir(dir: &Path) {
    for d in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
}

/// An mbox file of (envelope sender, envelope date, message).
fn mbox(path: &Path, messages: &[(&str, &str, String)]) {
    let mut s = String::new();
    for (from, date, m) in messages {
        s.push_str(&format!("From {from} {date}\n{m}\n"));
    }
    std::fs::write(path, s).unwrap();
}

struct Desk {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Desk {
    fn config(&self) -> PathBuf {
        self.root.join("mailcheck.toml")
    }
    fn inbox(&self) -> String {
        self.root.join("Mail/INBOX").display().to_string()
    }
    fn sent(&self) -> String {
        self.root.join("Mail/Sent").display().to_string()
    }
    fn archive(&self) -> String {
        self.root.join("Mail/klienti.mbox").display().to_string()
    }
    fn run(&self, extra: &[&str]) -> std::process::Output {
        let (inbox, sent, archive) = (self.inbox(), self.sent(), self.archive());
        mailcheck()
            .env("MAILCHECK_CONFIG", self.config())
            .args(["due", &inbox, &sent, &archive])
            .args(extra)
            .output()
            .expect("runs")
    }
    /// The due list at `at`, each item without its `source` (a temp path).
    fn due(&self, at: &str) -> Vec<Value> {
        let out = self.run(&["--format", "json", "--at", at]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(v["timezone"], "Europe/Rome");
        assert_eq!(v["skipped"], json!([]));
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let mut i = i.clone();
                let source = i["source"].take();
                if i["kind"] != "weekly-status" {
                    assert!(
                        source
                            .as_str()
                            .is_some_and(|s| s.contains(&*self.root.display().to_string())),
                        "{source}"
                    );
                }
                i.as_object_mut().unwrap().remove("source");
                i
            })
            .collect()
    }
}

/// The mailboxes of Marco, a freelance web designer in Rome, in the last week of October 2026.
fn desk() -> Desk {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    std::fs::write(root.join("mailcheck.toml"), CONFIG).unwrap();
    let inbox = root.join("Mail/INBOX");
    maildir(&inbox);
    let put = |sub: &str, name: &str, text: String| {
        std::fs::write(inbox.join(sub).join(name), text).unwrap();
    };

    // Thread A (Italian): asked on Friday afternoon, answered on Monday inside the deadline
    // (across the weekend and the DST change), then a new message from the client.
    put(
        "cur",
        "1761229800.M1.desk:2,S",
        eml(
            &[
                ("Message-ID", "<a1.preventivo@ferramenta-bianchi.it>"),
                ("From", "Giulia Bianchi <giulia@ferramenta-bianchi.it>"),
                ("To", "Marco Rossi <marco@studio.it>"),
                ("Date", "Fri, 23 Oct 2026 16:30:00 +0200"),
                ("Subject", "Preventivo sito e-commerce"),
            ],
            "Buongiorno Marco,\n\nstiamo pensando di aprire un negozio online per la ferramenta. \
             Potresti mandarmi un preventivo per il sito, con i tempi di consegna?\n\n\
             Grazie mille,\nGiulia Bianchi\nFerramenta Bianchi\n",
        ),
    );
    put(
        "cur",
        "1761640500.M3.desk:2,S",
        eml(
            &[
                ("Message-ID", "<a3.budget@ferramenta-bianchi.it>"),
                ("From", "Giulia Bianchi <giulia@ferramenta-bianchi.it>"),
                ("To", "marco@studio.it"),
                ("Date", "Wed, 28 Oct 2026 09:15:00 +0100"),
                ("Subject", "Re: Preventivo sito e-commerce"),
                ("In-Reply-To", "<a2.preventivo@studio.it>"),
                (
                    "References",
                    "<a1.preventivo@ferramenta-bianchi.it> <a2.preventivo@studio.it>",
                ),
            ],
            "Ciao Marco,\n\nil budget che abbiamo in mente è di circa cinquemila euro. \
             Ti va bene partire con la versione più semplice e poi aggiungere il resto?\n\n\
             Giulia\n\nIl giorno lun 26 ott 2026 alle 11:00 Marco Rossi ha scritto:\n\
             > Buongiorno Giulia,\n> grazie per la richiesta. Mi confermi il budget?\n",
        ),
    );
    // Thread E (Italian): a forward from the client's colleague; Marco only forwards it on to the
    // printer (not an answer).
    put(
        "new",
        "1761562800.M5.desk",
        eml(
            &[
                ("Message-ID", "<e1.ordine@ferramenta-bianchi.it>"),
                ("From", "Paolo Bianchi <paolo@ferramenta-bianchi.it>"),
                ("To", "marco@studio.it"),
                ("Date", "Tue, 27 Oct 2026 12:00:00 +0100"),
                ("Subject", "Fwd: Ordine n. 4411 volantini"),
            ],
            "Ciao Marco,\n\nti inoltro la mail della tipografia sui volantini. Puoi darci \
             un’occhiata e dirci se il file va bene?\n\nPaolo\n\n\
             ---------- Messaggio inoltrato ---------\nDa: Tipografia Verdi <ordini@tipografia.it>\n\
             Data: lun 26 ott 2026 alle 17:40\nOggetto: Ordine n. 4411 volantini\n\n\
             Gentile cliente, il file del volantino ha una risoluzione troppo bassa per la stampa.\n",
        ),
    );
    // Thread B (English): answered after its deadline; Marco's answer asks something; an
    // out-of-office reply comes back (it answers nothing).
    put(
        "cur",
        "1761467400.M2.desk:2,S",
        eml(
            &[
                ("Message-ID", "<CAB1=logo@mail.bakerandco.co.uk>"),
                ("From", "Tom Baker <tom@bakerandco.co.uk>"),
                ("To", "marco@studio.it"),
                ("Date", "Mon, 26 Oct 2026 09:30:00 +0100"),
                ("Subject", "Logo files for the new menu"),
            ],
            "Hi Marco,\n\nwe are printing the new menu next month. Could you send us the logo \
             files in vector format?\n\nThanks,\nTom\n",
        ),
    );
    put(
        "new",
        "1761660060.M6.desk",
        eml(
            &[
                ("Message-ID", "<ooo.1@mail.bakerandco.co.uk>"),
                ("From", "Tom Baker <tom@bakerandco.co.uk>"),
                ("To", "marco@studio.it"),
                ("Date", "Wed, 28 Oct 2026 15:01:00 +0100"),
                ("Subject", "Out of office: Re: Logo files for the new menu"),
                ("In-Reply-To", "<b2.logo@studio.it>"),
                ("Auto-Submitted", "auto-replied"),
            ],
            "I am out of the office until 3 November with limited access to email.\n",
        ),
    );
    // A newsletter: nobody waits for an answer.
    put(
        "new",
        "1761559200.M4.desk",
        eml(
            &[
                ("Message-ID", "<news.2026-10@fornitore-hosting.it>"),
                ("From", "Hosting Italia <news@fornitore-hosting.it>"),
                ("To", "marco@studio.it"),
                ("Date", "Tue, 27 Oct 2026 11:00:00 +0100"),
                ("Subject", "Le novità di ottobre: domini a metà prezzo!"),
                ("List-Id", "<news.fornitore-hosting.it>"),
                ("List-Unsubscribe", "<mailto:unsub@fornitore-hosting.it>"),
            ],
            "Ciao, questo mese i domini .it costano la metà. Cosa aspetti?\n",
        ),
    );
    // Thread F (English): answered inside the deadline, nothing asked.
    put(
        "cur",
        "1761555600.M7.desk:2,S",
        eml(
            &[
                ("Message-ID", "<f1.invoice@greenleaf.com>"),
                ("From", "Sarah Green <sarah@greenleaf.com>"),
                ("To", "marco@studio.it"),
                ("Date", "Tue, 27 Oct 2026 10:00:00 +0100"),
                ("Subject", "Invoice 2026-117"),
            ],
            "Hi Marco,\n\ncould you tell me if you received the payment for invoice 2026-117?\n\n\
             Best,\nSarah\n",
        ),
    );

    // Sent mail, as an mbox.
    let sent = vec![
        (
            "marco@studio.it",
            "Mon Oct 26 11:00:00 2026",
            eml(
                &[
                    ("Message-ID", "<a2.preventivo@studio.it>"),
                    ("From", "Marco Rossi <marco@studio.it>"),
                    ("To", "Giulia Bianchi <giulia@ferramenta-bianchi.it>"),
                    ("Date", "Mon, 26 Oct 2026 11:00:00 +0100"),
                    ("Subject", "Re: Preventivo sito e-commerce"),
                    ("In-Reply-To", "<a1.preventivo@ferramenta-bianchi.it>"),
                    ("References", "<a1.preventivo@ferramenta-bianchi.it>"),
                ],
                "Buongiorno Giulia,\n\ngrazie per la richiesta. Mi confermi il budget?\n\n\
                 Prossimi passi:\n- confermami il budget\n\nCordiali saluti,\nMarco\n\n\
                 Il giorno ven 23 ott 2026 alle 16:30 Giulia Bianchi ha scritto:\n\
                 > Potresti mandarmi un preventivo per il sito?\n",
            ),
        ),
        (
            "marco@studio.it",
            "Tue Oct 27 14:00:00 2026",
            eml(
                &[
                    ("Message-ID", "<f2.invoice@studio.it>"),
                    ("From", "Marco Rossi <marco@studio.it>"),
                    ("To", "Sarah Green <sarah@greenleaf.com>"),
                    ("Date", "Tue, 27 Oct 2026 14:00:00 +0100"),
                    ("Subject", "Re: Invoice 2026-117"),
                    ("In-Reply-To", "<f1.invoice@greenleaf.com>"),
                    ("References", "<f1.invoice@greenleaf.com>"),
                ],
                "Hi Sarah,\n\nyes, the payment arrived on Monday. Thank you!\n\nBest regards,\n\
                 Marco\n\nOn Tue, 27 Oct 2026 at 10:00, Sarah Green wrote:\n\
                 > could you tell me if you received the payment?\n",
            ),
        ),
        (
            "marco@studio.it",
            "Tue Oct 27 15:00:00 2026",
            eml(
                &[
                    ("Message-ID", "<e2.fwd@studio.it>"),
                    ("From", "Marco Rossi <marco@studio.it>"),
                    ("To", "Luca Verdi <luca@tipografia.it>"),
                    ("Date", "Tue, 27 Oct 2026 15:00:00 +0100"),
                    ("Subject", "Fwd: Ordine n. 4411 volantini"),
                    ("References", "<e1.ordine@ferramenta-bianchi.it>"),
                ],
                "Ciao Luca,\n\nti giro la mail di Paolo sui volantini.\n\nMarco\n",
            ),
        ),
        (
            "marco@studio.it",
            "Wed Oct 28 15:00:00 2026",
            eml(
                &[
                    ("Message-ID", "<b2.logo@studio.it>"),
                    ("From", "Marco Rossi <marco@studio.it>"),
                    ("To", "Tom Baker <tom@bakerandco.co.uk>"),
                    ("Date", "Wed, 28 Oct 2026 15:00:00 +0100"),
                    ("Subject", "Re: Logo files for the new menu"),
                    ("In-Reply-To", "<CAB1=logo@mail.bakerandco.co.uk>"),
                    ("References", "<CAB1=logo@mail.bakerandco.co.uk>"),
                ],
                "Hi Tom,\n\nhere is the link to the logo in SVG and PDF. Could you confirm which \
                 colour version goes on the menu?\n\nBest regards,\nMarco\n\n\
                 On Mon, 26 Oct 2026 at 09:30, Tom Baker wrote:\n> Could you send us the logo files?\n",
            ),
        ),
        (
            "marco@studio.it",
            "Thu Oct 29 12:00:00 2026",
            eml(
                &[
                    ("Message-ID", "<g2.schet@studio.it>"),
                    ("From", "Marco Rossi <marco@studio.it>"),
                    ("To", "olga@klient.ru"),
                    ("Date", "Thu, 29 Oct 2026 12:00:00 +0100"),
                    ("Subject", "Re: Вопрос по счёту"),
                    ("In-Reply-To", "<g1.schet@klient.ru>"),
                    ("References", "<g1.schet@klient.ru>"),
                ],
                "Здравствуйте, Ольга!\n\nСчёт выставлен на ООО «Клиент», оплата до конца месяца.\n\n\
                 С уважением,\nМарко\n",
            ),
        ),
    ];
    mbox(&root.join("Mail/Sent"), &sent);

    // An archive of client mail, as an mbox: a Russian question that arrived before opening time.
    mbox(
        &root.join("Mail/klienti.mbox"),
        &[(
            "olga@klient.ru",
            "Thu Oct 29 08:30:00 2026",
            eml(
                &[
                    ("Message-ID", "<g1.schet@klient.ru>"),
                    ("From", "Ольга Смирнова <olga@klient.ru>"),
                    ("To", "marco@studio.it"),
                    ("Date", "Thu, 29 Oct 2026 08:30:00 +0100"),
                    ("Subject", "Вопрос по счёту"),
                ],
                "Здравствуйте, Марко!\n\nПодскажите, пожалуйста, на какое юрлицо выставлен счёт \
                 и до какого числа его нужно оплатить?\n\nСпасибо,\nОльга\n",
            ),
        )],
    );

    // The outbox's sent/ (a Maildir): a Russian request sent through `mailcheck send`, never
    // answered.
    let outbox_sent = root.join("outbox/sent");
    maildir(&outbox_sent);
    std::fs::write(
        outbox_sent.join("new/1761120000.Mc1.mailcheck"),
        eml(
            &[
                ("Message-ID", "<c1.maket@studio.it>"),
                ("From", "Marco Rossi <marco@studio.it>"),
                ("To", "Иван Петров <ivan@klient.ru>"),
                ("Date", "Tue, 20 Oct 2026 10:00:00 +0200"),
                ("Subject", "Макет главной страницы"),
            ],
            "Здравствуйте, Иван!\n\nМакет главной страницы готов. Пришлите, пожалуйста, тексты \
             для разделов «О нас» и «Контакты».\n\nСледующие шаги:\n- пришлите тексты\n\n\
             С уважением,\nМарко\n",
        ),
    )
    .unwrap();
    Desk { _tmp: tmp, root }
}

fn reply_giulia(overdue: i64) -> Value {
    json!({
        "kind": "reply", "urgency": "overdue",
        "deadline": "2026-10-29T09:15:00+01:00", "overdue_minutes": overdue,
        "since": "2026-10-28T09:15:00+01:00",
        "to": "giulia@ferramenta-bianchi.it", "name": "Giulia Bianchi",
        "subject": "Re: Preventivo sito e-commerce",
        "message_id": "a3.budget@ferramenta-bianchi.it", "asked": null, "language": "it",
        "template": "holding-reply",
        "command": "mailcheck new holding-reply --to giulia@ferramenta-bianchi.it --reply-to a3.budget@ferramenta-bianchi.it --var 'subject=Preventivo sito e-commerce' --lang it",
        "args": ["new", "holding-reply", "--to", "giulia@ferramenta-bianchi.it",
                 "--reply-to", "a3.budget@ferramenta-bianchi.it",
                 "--var", "subject=Preventivo sito e-commerce", "--lang", "it"],
    })
}

fn reply_paolo(overdue: i64) -> Value {
    json!({
        "kind": "reply", "urgency": "overdue",
        "deadline": "2026-10-28T12:00:00+01:00", "overdue_minutes": overdue,
        "since": "2026-10-27T12:00:00+01:00",
        "to": "paolo@ferramenta-bianchi.it", "name": "Paolo Bianchi",
        "subject": "Fwd: Ordine n. 4411 volantini",
        "message_id": "e1.ordine@ferramenta-bianchi.it", "asked": null, "language": "it",
        "template": "holding-reply",
        "command": "mailcheck new holding-reply --to paolo@ferramenta-bianchi.it --reply-to e1.ordine@ferramenta-bianchi.it --var 'subject=Ordine n. 4411 volantini' --lang it",
        "args": ["new", "holding-reply", "--to", "paolo@ferramenta-bianchi.it",
                 "--reply-to", "e1.ordine@ferramenta-bianchi.it",
                 "--var", "subject=Ordine n. 4411 volantini", "--lang", "it"],
    })
}

fn follow_up_ivan(overdue: i64) -> Value {
    json!({
        "kind": "follow-up", "urgency": "due",
        "deadline": "2026-10-23T10:00:00+02:00", "overdue_minutes": overdue,
        "since": "2026-10-20T10:00:00+02:00",
        "to": "ivan@klient.ru", "name": null, "subject": "Макет главной страницы",
        "message_id": "c1.maket@studio.it",
        "asked": "Пришлите, пожалуйста, тексты для разделов «О нас» и «Контакты»",
        "language": "ru", "template": "follow-up",
        "command": "mailcheck new follow-up --to ivan@klient.ru --reply-to c1.maket@studio.it --var 'subject=Макет главной страницы' --var 'sent=20 октября' --lang ru",
        "args": ["new", "follow-up", "--to", "ivan@klient.ru", "--reply-to", "c1.maket@studio.it",
                 "--var", "subject=Макет главной страницы", "--var", "sent=20 октября",
                 "--lang", "ru"],
    })
}

#[test]
fn monday_morning_after_the_weekend_and_the_dst_change() {
    let d = desk();
    // Giulia wrote on Friday 16:30 CEST: due Monday 16:30 CET (one business day, 73 hours of wall
    // clock). Tom wrote at 09:30 today. Marco's Russian request of Tuesday 20 (sent through the
    // outbox) has waited three business days since Friday 10:00 CEST.
    let items = d.due("2026-10-26T10:00:00+01:00");
    assert_eq!(
        items,
        vec![
            follow_up_ivan(73 * 60),
            json!({
                "kind": "reply", "urgency": "waiting",
                "deadline": "2026-10-26T16:30:00+01:00", "overdue_minutes": -390,
                "since": "2026-10-23T16:30:00+02:00",
                "to": "giulia@ferramenta-bianchi.it", "name": "Giulia Bianchi",
                "subject": "Preventivo sito e-commerce",
                "message_id": "a1.preventivo@ferramenta-bianchi.it", "asked": null,
                "language": "it", "template": "holding-reply",
                "command": "mailcheck new holding-reply --to giulia@ferramenta-bianchi.it --reply-to a1.preventivo@ferramenta-bianchi.it --var 'subject=Preventivo sito e-commerce' --lang it",
                "args": ["new", "holding-reply", "--to", "giulia@ferramenta-bianchi.it",
                         "--reply-to", "a1.preventivo@ferramenta-bianchi.it",
                         "--var", "subject=Preventivo sito e-commerce", "--lang", "it"],
            }),
            json!({
                "kind": "reply", "urgency": "waiting",
                "deadline": "2026-10-27T09:30:00+01:00", "overdue_minutes": -1410,
                "since": "2026-10-26T09:30:00+01:00",
                "to": "tom@bakerandco.co.uk", "name": "Tom Baker",
                "subject": "Logo files for the new menu",
                "message_id": "CAB1=logo@mail.bakerandco.co.uk", "asked": null,
                "language": "en", "template": "holding-reply",
                "command": "mailcheck new holding-reply --to tom@bakerandco.co.uk --reply-to CAB1=logo@mail.bakerandco.co.uk --var 'subject=Logo files for the new menu' --lang en",
                "args": ["new", "holding-reply", "--to", "tom@bakerandco.co.uk",
                         "--reply-to", "CAB1=logo@mail.bakerandco.co.uk",
                         "--var", "subject=Logo files for the new menu", "--lang", "en"],
            }),
        ]
    );
}

#[test]
fn thursday_morning() {
    let d = desk();
    // Paolo's forward was only forwarded on (overdue since Wednesday 12:00); Giulia's new message
    // is 45 minutes past its deadline; Tom's was answered late (no longer due) and Marco's
    // question to him is not three business days old; his out-of-office and the newsletter are
    // not mail to answer; Sarah was answered in time; Olga wrote before opening time, so her
    // day starts at 09:00.
    let items = d.due("2026-10-29T10:00:00+01:00");
    assert_eq!(
        items,
        vec![
            reply_paolo(22 * 60),
            reply_giulia(45),
            follow_up_ivan(6 * 24 * 60 + 60),
            json!({
                "kind": "reply", "urgency": "waiting",
                "deadline": "2026-10-30T09:00:00+01:00", "overdue_minutes": -23 * 60,
                "since": "2026-10-29T08:30:00+01:00",
                "to": "olga@klient.ru", "name": "Ольга Смирнова", "subject": "Вопрос по счёту",
                "message_id": "g1.schet@klient.ru", "asked": null, "language": "ru",
                "template": "holding-reply",
                "command": "mailcheck new holding-reply --to olga@klient.ru --reply-to g1.schet@klient.ru --var 'subject=Вопрос по счёту' --lang ru",
                "args": ["new", "holding-reply", "--to", "olga@klient.ru",
                         "--reply-to", "g1.schet@klient.ru",
                         "--var", "subject=Вопрос по счёту", "--lang", "ru"],
            }),
        ]
    );
}

#[test]
fn not_clients_are_never_waited_on_nor_sent_a_status() {
    // klient.ru turns out to be Marco's supplier: Olga's question waits on no answer, Marco's
    // request to Ivan needs no follow-up, and Ivan gets no weekly status on Friday.
    let d = desk();
    std::fs::write(
        d.config(),
        CONFIG.replace(
            "clients = [\"ferramenta-bianchi.it\"]",
            "clients = [\"ferramenta-bianchi.it\"]\nnot_clients = [\"KLIENT.ru\"]",
        ),
    )
    .unwrap();
    assert_eq!(
        d.due("2026-10-29T10:00:00+01:00"),
        vec![reply_paolo(22 * 60), reply_giulia(45)]
    );
    assert_eq!(
        d.due("2026-10-30T14:00:00+01:00"),
        vec![reply_paolo(2 * 24 * 60 + 120), reply_giulia(24 * 60 + 285)]
    );
}

fn weekly_ivan(overdue: i64) -> Value {
    json!({
        "kind": "weekly-status", "urgency": "due",
        "deadline": "2026-10-30T14:00:00+01:00", "overdue_minutes": overdue,
        "since": "2026-10-20T10:00:00+02:00",
        "to": "ivan@klient.ru", "name": null, "subject": null, "message_id": null,
        "asked": null, "language": "ru", "template": "weekly-status",
        "command": "mailcheck new weekly-status --to ivan@klient.ru --lang ru",
        "args": ["new", "weekly-status", "--to", "ivan@klient.ru", "--lang", "ru"],
    })
}

#[test]
fn weekly_status_from_friday_14_00() {
    let d = desk();
    // Olga was answered on Thursday. Ivan is the only active client with nothing sent this week
    // (Olga, at the same company, was written to: clients count per address); Giulia and Paolo
    // are one client (the domain is in [desk] clients), written to on Monday.
    let before = d.due("2026-10-30T13:59:00+01:00");
    let base = vec![
        reply_paolo(2 * 24 * 60 + 119),
        reply_giulia(24 * 60 + 284),
        follow_up_ivan(7 * 24 * 60 + 60 + 239),
    ];
    assert_eq!(before, base);
    let after = d.due("2026-10-30T14:00:00+01:00");
    let mut expected = vec![
        reply_paolo(2 * 24 * 60 + 120),
        reply_giulia(24 * 60 + 285),
        follow_up_ivan(7 * 24 * 60 + 60 + 240),
        weekly_ivan(0),
    ];
    assert_eq!(after, expected);
    // Saturday: still this week's.
    expected = vec![
        reply_paolo(3 * 24 * 60 - 120),
        reply_giulia(2 * 24 * 60 + 45),
        follow_up_ivan(8 * 24 * 60 + 60),
        weekly_ivan(20 * 60),
    ];
    assert_eq!(d.due("2026-10-31T10:00:00+01:00"), expected);
}

#[test]
fn monday_after_the_follow_up_to_tom_is_due_and_the_week_starts_over() {
    let d = desk();
    let items = d.due("2026-11-02T16:00:00+01:00");
    let kinds: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i["kind"].as_str().unwrap(), i["to"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("reply", "paolo@ferramenta-bianchi.it"),
            ("reply", "giulia@ferramenta-bianchi.it"),
            ("follow-up", "ivan@klient.ru"),
            ("follow-up", "tom@bakerandco.co.uk"),
        ]
    );
    assert_eq!(items[3]["deadline"], "2026-11-02T15:00:00+01:00");
    // The name Tom writes under; Ivan never wrote, so his has none.
    assert_eq!(items[3]["name"], "Tom Baker");
    assert_eq!(items[2]["name"], Value::Null);
    assert_eq!(
        items[3]["asked"],
        "Could you confirm which colour version goes on the menu?"
    );
    // A shorter look-back leaves out everything older than three days.
    let out = d.run(&[
        "--format",
        "json",
        "--at",
        "2026-11-02T16:00:00+01:00",
        "--look-back",
        "3",
    ]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["items"].as_array().unwrap().len(), 0, "{v}");
}

#[test]
fn human_output() {
    let d = desk();
    let out = d.run(&["--at", "2026-10-30T14:00:00+01:00"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stdout));
}

#[test]
fn an_empty_list_says_so() {
    let d = desk();
    let out = d.run(&["--at", "2026-10-20T09:00:00+02:00"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Nothing due at Tue 20 Oct 09:00 Europe/Rome: every client message has an answer, no \
         follow-up or weekly status is due.\n"
    );
}

#[test]
fn the_suggested_follow_up_renders_a_clean_draft() {
    let d = desk();
    let items = d.due("2026-10-29T10:00:00+01:00");
    let args: Vec<String> = serde_json::from_value(items[2]["args"].clone()).unwrap();
    let draft = d.root.join("follow-up.eml");
    mailcheck()
        .env("MAILCHECK_CONFIG", d.config())
        .args(&args)
        .args(["--var", "sender_name=Marco", "-o", draft.to_str().unwrap()])
        .assert()
        .success();
    let text = std::fs::read_to_string(&draft).unwrap();
    assert!(text.contains("In-Reply-To: <c1.maket@studio.it>"), "{text}");
    assert!(text.contains("от 20 октября"), "{text}");
    mailcheck()
        .env("MAILCHECK_CONFIG", d.config())
        .args(["--at", "2026-10-29T10:00:00+01:00", draft.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("No problems found"));
}

#[test]
fn a_missing_mailbox_is_exit_2_naming_it() {
    let d = desk();
    let missing = d.root.join("Mail/Nope");
    mailcheck()
        .env("MAILCHECK_CONFIG", d.config())
        .args(["due", &d.inbox(), missing.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(missing.to_str().unwrap()));
    // No mailbox given and no [mailbox] path: says what is missing.
    mailcheck()
        .env("MAILCHECK_CONFIG", d.config())
        .arg("due")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("[mailbox] path"));
    // [mailbox] path is the default (the INBOX alone: Marco's answers in Sent are not seen, so
    // Giulia's first message is still waiting; the outbox's sent/ is always read).
    let config = d.root.join("with-mailbox.toml");
    std::fs::write(
        &config,
        format!("{CONFIG}\n[mailbox]\npath = \"Mail/INBOX\"\n"),
    )
    .unwrap();
    mailcheck()
        .env("MAILCHECK_CONFIG", &config)
        .args([
            "due",
            "--at",
            "2026-10-29T10:00:00+01:00",
            "--format",
            "json",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\"a1.preventivo@ferramenta-bianchi.it\"",
        ))
        .stdout(predicate::str::contains("\"c1.maket@studio.it\""));
}

/// A mailbox that does not exist: one clear error, the system's reason said once, exit 2.
#[test]
fn a_missing_mailbox_says_why_once() {
    for command in ["due", "report"] {
        let out = mailcheck()
            .args([command, "tests/fixtures/no-such-mailbox"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("no-such-mailbox: cannot read mailbox"),
            "{err}"
        );
        assert_eq!(err.matches("(os error 2)").count(), 1, "{err}");
    }
}

// The interface language (#21): the same list in Italian and Russian, dates in their words.
#[test]
fn human_output_in_italian_and_russian() {
    let d = desk();
    let (inbox, sent, archive) = (d.inbox(), d.sent(), d.archive());
    let mut text = String::new();
    for locale in ["it_IT.UTF-8", "ru_RU.UTF-8"] {
        let out = mailcheck()
            .env("MAILCHECK_CONFIG", d.config())
            .env("LANG", locale)
            .args(["due", &inbox, &sent, &archive])
            .args(["--at", "2026-10-30T14:00:00+01:00"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0));
        text.push_str(&format!("=== LANG={locale}\n"));
        text.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    insta::assert_snapshot!(text);
}

/// A mailbox where no message is the user's (no sent folder given, no `[desk] me`) reads as all
/// unanswered: `due` says so and how to name the user, in the interface language (a new-user
/// audit got five OVERDUE replies for threads already answered, with no hint). The same desk
/// with its sent folder says nothing.
#[test]
fn a_mailbox_with_nothing_of_yours_says_how_to_name_you() {
    let d = desk();
    for (lang, said) in [
        ("en_GB.UTF-8", "[desk] me"),
        ("it_IT.UTF-8", "nessuno dei messaggi letti"),
        ("ru_RU.UTF-8", "ни одно из прочитанных писем"),
    ] {
        let out = mailcheck()
            .env(
                "MAILCHECK_CONFIG",
                root().join("tests/fixtures/mailcheck.toml"),
            )
            .env("LANG", lang)
            .args(["due", "--at", "2026-10-30T14:00:00+01:00", &d.inbox()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{lang}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(said), "{lang}: {err}");
    }
    let out = d.run(&["--at", "2026-10-30T14:00:00+01:00"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("[desk] me"));
}
