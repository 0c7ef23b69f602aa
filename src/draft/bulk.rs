//! The shape of the writer's own text: whether it reads as a bulk text (a newsletter, a digest, a
//! list's announcement) rather than a message written to one reader.
//!
//! Read from the text alone, never from transport headers a draft does not have (`List-Id`,
//! `Precedence`): a draft pasted from a newsletter has none of them. The signs, each counted once
//! over the own lines (linear in the text):
//! - links: URLs in the own text (`http://`, `https://`, `ftp://`, `www.`);
//! - separators: lines that are only a rule of `-`, `=`, `_`, `*`, `~`, `#` or `+` (story
//!   separators);
//! - headings: short lines typed in capitals ("GET WINDOWS XP TIPS", "01. MOUSELESS WAY HOME");
//! - a table of contents: `bulk_contents` short numbered lines in a row ("01. Secure IE",
//!   "02. Disk cleanup on XP", ...);
//! - a list footer: a line with one of `bulk_footer` in `lints/draft.toml` ("to unsubscribe",
//!   "your subscribed e-mail address", "per cancellarti", "отписаться").
//!
//! - a feed item's byline: a line that opens with one of `bulk_bylines` ("posted by pudge on
//!   Wednesday September 18", "pubblicato da", "опубликовал").
//!
//! The text is bulk when at least `bulk_signs` of these six are there, each at its threshold
//! (`bulk_links`, `bulk_separators`, `bulk_headings`, `bulk_contents`; the footer and the byline
//! at one line);
//! three times `bulk_links` URLs (a digest of links: a blog's daily update, a vendor's download
//! list) count as two signs.
//!
//! A machine's notice is bulk too, on one line: a line with one of `machine_notice` ("This is an
//! automated mailing list and replies are not read", Mailman's "This notice of pending requests",
//! "Questo è un messaggio automatico", "Это письмо сформировано автоматически"). Nobody wrote it
//! to this reader; its "Please attend to this at your earliest convenience" is a form's line.

use serde::Serialize;

use crate::lexicon::{Lexicon, Scope};

const FILE: &str = "draft";

/// What the own text looks like; rules read [`Shape::bulk`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Shape {
    /// URLs in the own text.
    pub links: usize,
    /// Lines that are only a separator rule ("-----", "=====").
    pub separators: usize,
    /// Short lines typed in capitals.
    pub headings: usize,
    /// The longest run of short numbered lines (a table of contents).
    pub contents: usize,
    /// A line of a list's or newsletter's footer ("to unsubscribe ...").
    pub footer: bool,
    /// A line that opens with a feed item's byline ("posted by pudge on ...", `bulk_bylines`).
    pub byline: bool,
    /// A line of a machine's notice ("This is an automated message", `machine_notice`).
    pub notice: bool,
    /// Enough of the signs above: a newsletter, digest or list announcement.
    pub bulk: bool,
}

impl Shape {
    /// The shape of `lines` (the own lines, in order).
    pub fn read<'a>(lex: &Lexicon, lines: impl Iterator<Item = &'a str>) -> Shape {
        let footer_list = lex.matcher(FILE, "bulk_footer", Scope::All);
        let notice_list = lex.matcher(FILE, "machine_notice", Scope::All);
        let byline_list = lex.matcher(FILE, "bulk_bylines", Scope::All);
        let mut shape = Shape::default();
        let mut numbered = 0;
        // The line before, for a notice's phrase wrapped over two lines ("This notice of /
        // pending requests").
        let mut before = "";
        for line in lines {
            let t = line.trim();
            if t.is_empty() {
                before = "";
                continue;
            }
            numbered = if is_numbered_title(t) {
                numbered + 1
            } else {
                0
            };
            shape.contents = shape.contents.max(numbered);
            shape.links += t
                .split_whitespace()
                .filter(|w| {
                    let w = w.trim_start_matches(['(', '<', '[', '"', '\'']);
                    w.starts_with("http://")
                        || w.starts_with("https://")
                        || w.starts_with("ftp://")
                        || w.starts_with("www.")
                })
                .count();
            if is_separator(t) {
                shape.separators += 1;
            } else if is_caps_heading(t) {
                shape.headings += 1;
            }
            // The footer list is only tried on lines that could hold one (it is a few dozen
            // phrases; one pass of an automaton per line).
            if !shape.footer && footer_list.is_match(t) {
                shape.footer = true;
            }
            // Also in a box drawn with "|" ("|   posted by KM on Sunday ...  |").
            let boxed = t.trim_start_matches(['|', ' ', '\t']);
            if !shape.byline && byline_list.find(boxed).is_some_and(|m| m.start == 0) {
                shape.byline = true;
            }
            if !shape.notice
                && (notice_list.is_match(t)
                    || !before.is_empty() && notice_list.is_match(&format!("{before} {t}")))
            {
                shape.notice = true;
            }
            before = t;
        }
        let at = |name: &str, default: usize| {
            lex.int(FILE, name)
                .and_then(|n| usize::try_from(n).ok())
                .unwrap_or(default)
                .max(1)
        };
        let links = at("bulk_links", 8);
        let signs = [
            shape.links >= links,
            shape.links >= 3 * links,
            shape.separators >= at("bulk_separators", 3),
            shape.headings >= at("bulk_headings", 4),
            shape.contents >= at("bulk_contents", 5),
            shape.footer,
            shape.byline,
        ];
        shape.bulk = shape.notice || signs.iter().filter(|s| **s).count() >= at("bulk_signs", 2);
        shape
    }
}

/// A line that is only a rule: at least four of one of `-=_*~#+.` (spaces between allowed;
/// dots only spaced, ". . . . .", not an ellipsis).
fn is_separator(t: &str) -> bool {
    let mut chars = t.chars().filter(|c| !c.is_whitespace());
    let Some(first) = chars.next() else {
        return false;
    };
    (matches!(first, '-' | '=' | '_' | '*' | '~' | '#' | '+') || first == '.' && t.contains(". ."))
        && t.chars().filter(|c| *c == first).count() >= 4
        && chars.all(|c| c == first)
}

/// A short line (two to ten words) with letters, none of them lower-case, that does not end like
/// a sentence's "." ("GET WINDOWS XP TIPS:", "01. MOUSELESS WAY HOME", "<b>TOP STORIES</b>").
fn is_caps_heading(t: &str) -> bool {
    let words = t.split_whitespace().count();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    (2..=10).contains(&words)
        && letters >= 6
        && !t.chars().any(char::is_lowercase)
        && !t.ends_with(['.', ','])
}

/// A short numbered line, as in a table of contents: "01. Secure IE", "2) Pricing" (at most
/// eight words, not ending like a sentence).
fn is_numbered_title(t: &str) -> bool {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && t[digits..].starts_with(['.', ')'])
        && t.split_whitespace().count() <= 8
        && !t.ends_with(['.', ',', ':', ';'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Shape {
        let lex = crate::rules::builtin_lexicon();
        Shape::read(&lex, text.lines())
    }

    #[test]
    fn a_newsletter_is_bulk_a_letter_is_not() {
        let mut news = String::from("TOP STORIES THIS WEEK\n\n");
        for i in 0..4 {
            news.push_str(&format!(
                "NEW RELEASE NUMBER {i}\nRead it at http://example.com/{i}\n---------------\n"
            ));
        }
        news.push_str("To unsubscribe, please go to your user page.\n");
        let s = shape(&news);
        assert!(s.bulk, "{s:?}");
        assert!(s.footer && s.separators == 4 && s.headings == 5 && s.links == 4);

        // A client letter with a few links, a heading and a separator is a letter.
        let letter = "Hi Anna,\n\nthe staging site is at https://staging.example.com and the \
                      docs at https://docs.example.com.\n\nNEXT STEPS\n-----\nPlease confirm \
                      the dates by Friday.\n\nBest,\nMarco";
        assert!(!shape(letter).bulk);
        // A table of contents and capital headings: a digest.
        let digest = "IN THIS ISSUE:\n01. Secure IE\n02. Disk cleanup\n03. Thanks\n04. Home\n\
                      05. Kartoo\n\n01. SECURE IE. Text.\n. . . . .\nMore.\n. . . . .\n. . . . .\n";
        let s = shape(digest);
        assert!(s.bulk && s.contents == 5 && s.separators == 3, "{s:?}");
        // A digest of links alone.
        let links: String = (0..40)
            .map(|i| format!("see https://x.org/{i}\n"))
            .collect();
        assert!(shape(&links).bulk);
        // A vendor's download list of ftp:// links is a digest of links too (issue 14, session
        // 30: an advisory's "Please download Gaim 0.59" over 30 package links).
        let ftp: String = (0..40)
            .map(|i| format!("ftp://ftp.example.com/pub/pkg-{i}.rpm\n"))
            .collect();
        assert!(shape(&ftp).bulk);
        // A blog's daily update: 27 links in its items (issue 14, session 30).
        let blog: String = (0..27)
            .map(|i| format!("Item {i} (http://blog.example.com/{i}) says more.\n"))
            .collect();
        assert!(shape(&blog).bulk);
        // One sign alone (many links, or a footer) is not enough.
        let links: String = (0..12).map(|i| format!("https://x.org/{i}\n")).collect();
        assert!(!shape(&links).bulk);
        assert!(!shape("Per cancellarti dalla newsletter scrivi a me.").bulk);
    }

    #[test]
    fn footers_in_three_languages() {
        for footer in [
            "To unsubscribe or change your delivery address, visit the page.",
            "Per cancellarti da questa newsletter clicca qui.",
            "Чтобы отписаться от рассылки, перейдите по ссылке.",
            // A list's "if you do not want to receive any further messages" and a service's
            // notification preferences (issue 14, session 30).
            "the CAUCE-ANNOUNCE mailing list. If you do not want to receive any",
            "Changing Notification Preferences",
            "If you wish to be be unsubscribed from this mailing list, please click the link",
            "Se non desideri ricevere altri messaggi da questa lista, scrivi qui.",
            "Настройки уведомлений можно изменить в профиле.",
        ] {
            let text = format!("{footer}\n=====\n=====\n=====\n");
            let s = shape(&text);
            assert!(s.footer && s.bulk, "{footer}: {s:?}");
        }
    }

    #[test]
    fn a_feed_items_byline_and_footer_are_bulk() {
        for byline in [
            "    posted by pudge on Wednesday September 18, @08:08 (links)",
            "    pubblicato da Paola il 18 settembre",
            "    опубликовал Иван 18 сентября",
            "|   posted by KM on Sunday September 22, @09:08 (news)    |",
        ] {
            let text = format!(
                "How much does Perl suck?\n{byline}\n\nYou have received this message because \
                 you subscribed to it. To stop receiving it, please go to your user page.\n"
            );
            let s = shape(&text);
            assert!(s.byline && s.footer && s.bulk, "{byline}: {s:?}");
            // Near miss: a byline alone, or "posted by" inside a sentence, is a letter.
            let s = shape(&format!("How much does Perl suck?\n{byline}\n"));
            assert!(s.byline && !s.bulk, "{byline}: {s:?}");
        }
        let s = shape("The parcel was posted by Anna. To unsubscribe, write to me.");
        assert!(!s.byline && !s.bulk, "{s:?}");
    }

    #[test]
    fn machine_notices_in_three_languages() {
        for notice in [
            "Please attend to this at your earliest convenience.  This notice of\npending \
             requests, if any, will be sent out daily.",
            "Do not reply to this email. This is an automated mailing list and replies are not read.",
            "We attempted to deliver this message to you with HTML formatting. However, your \
             e-mail program does not support HTML-enhanced messages. Please go to your settings.",
            "Il tuo programma di posta non supporta i messaggi HTML. Vai alle impostazioni.",
            "Ваша почтовая программа не поддерживает сообщения в формате HTML. Откройте настройки.",
            "Questo è un messaggio automatico: controlla le richieste in attesa.",
            "Это письмо сформировано автоматически. Проверьте заявки.",
            "This Network World Fusion <http://www.nwfusion.com> article was sent to you by Geege\n\n\
             Have you visited Network World Fusion yet? Visit us today.",
            "Questo articolo ti è stato inviato da Marco.\n\nHai già visitato il nostro sito?",
            "Эту статью вам отправил Олег.\n\nВы уже были на нашем сайте?",
            // A mail server's delay notice: "For further assistance, please send mail to
            // <postmaster>" asks no one.
            "This is the Postfix program at host kci.kciLink.com.\n\nYour message could not be \
             delivered for 4.0 hours.\n\nFor further assistance, please send mail to <postmaster>",
            "Recapito non riuscito a questi destinatari o gruppi: anna@example.it. Contatta \
             l'amministratore.",
            "Не удалось доставить сообщение следующим получателям или группам: anna@example.ru. \
             Обратитесь к администратору.",
            // Delivery failures (issue 14, session 30).
            "Unable to find user: <matt@example.net>\nPlease make sure the address is correct and \
             resend your mail.",
            "post: illegal header line -- Date:\n\nMessage not delivered to anyone.",
            "Messaggio non recapitato: controlla l'indirizzo e invia di nuovo.",
            // A shop's mailing (issue 14, session 30).
            "Please note that this message was sent to the following e-mail\naddress: x@example.com",
            "Nota: questo messaggio è stato inviato al seguente indirizzo: x@example.it",
            "Обратите внимание: это письмо было отправлено на адрес x@example.ru",
            "Сообщение не доставлено: проверьте адрес и отправьте снова.",
        ] {
            let s = shape(notice);
            assert!(s.notice && s.bulk, "{notice}: {s:?}");
        }
        // Near misses: a person writing about automation, a phrase cut by a blank line.
        for letter in [
            "Hi Anna, the automated message we send at night failed. Can you check it?",
            "Ciao Anna, il messaggio automatico di stanotte non è partito. Puoi controllare?",
            "Анна, автоматическое сообщение ночью не ушло. Проверите?",
            "Please attend to this. This notice of\n\npending requests goes out daily.",
            "Hi Anna, the Postfix program at our host refused your mail. Can you resend it?",
            "Hi Anna, the article I sent to you by mail yesterday is out. Can you read it?",
            "Ciao Anna, il recapito non è riuscito: puoi rimandarmi il file?",
            "Анна, сообщение не удалось доставить. Пришлёте ещё раз?",
        ] {
            let s = shape(letter);
            assert!(!s.notice && !s.bulk, "{letter}: {s:?}");
        }
    }

    #[test]
    fn separators_and_headings() {
        assert!(is_separator("------"));
        assert!(is_separator("= = = = ="));
        assert!(!is_separator("---"));
        assert!(!is_separator("-- "));
        assert!(!is_separator("----- Original -----"));
        assert!(is_caps_heading("GET WINDOWS XP TIPS:"));
        assert!(is_caps_heading("01. MOUSELESS WAY HOME"));
        assert!(!is_caps_heading("I AM SO ANGRY ABOUT THIS."));
        assert!(!is_caps_heading("OK"));
        assert!(!is_caps_heading("Top stories"));
        assert!(is_separator(". . . . ."));
        assert!(!is_separator("......"));
        assert!(is_numbered_title("01. Secure IE"));
        assert!(is_numbered_title("2) Pricing"));
        assert!(!is_numbered_title("1. Send me the logo by Friday."));
        assert!(!is_numbered_title("2002 was a good year"));
    }
}
