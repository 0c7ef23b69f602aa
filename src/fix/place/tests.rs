use super::*;
use crate::finding::Fix;
use crate::fix::{Templates, apply_fixes};
use crate::rules::testing::raw_draft;

const HEAD: &str = "From: Marco <marco@example.com>\nTo: Anna Rossi <anna@example.com>\n\
                    Subject: Re: Order 1234\n";

fn plain(body: &str) -> String {
    format!("{HEAD}Content-Type: text/plain; charset=utf-8\n\n{body}")
}

fn alternative(text: &str, html: &str) -> String {
    format!(
        "{HEAD}MIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b\"\n\n\
         --b\nContent-Type: text/plain; charset=utf-8\n\n{text}\n\
         --b\nContent-Type: text/html; charset=utf-8\n\n{html}\n--b--\n"
    )
}

fn next_steps(item: &str) -> Fix {
    Fix {
        title: crate::msg!("next-steps-fix", count = 1),
        template: "next-steps",
        vars: serde_json::json!({ "items": [item] }),
        place: FixPlace::BeforeSignoff,
    }
}

fn late_reply() -> Fix {
    Fix {
        title: crate::msg!("late-reply-fix"),
        template: "late-reply-opening",
        vars: serde_json::json!({ "received": "Thursday 3 December" }),
        place: FixPlace::AfterGreeting,
    }
}

fn support_offer() -> Fix {
    Fix {
        title: crate::msg!("no-support-offer-fix"),
        template: "support-offer",
        vars: serde_json::json!({}),
        place: FixPlace::BeforeSignoff,
    }
}

/// The draft with `fixes` applied, as text.
fn fixed(raw: &str, fixes: &[Fix]) -> String {
    let draft = raw_draft(raw);
    let refs: Vec<&Fix> = fixes.iter().collect();
    let out = apply_fixes(raw.as_bytes(), &draft, &refs, &Templates::new(None)).expect("fixed");
    String::from_utf8(out).expect("utf-8")
}

/// The text of the line the block goes before (`None`: at the end).
fn before_signoff(body: &str) -> Option<String> {
    let d = raw_draft(&plain(body));
    let at = anchor_line(&d, FixPlace::BeforeSignoff);
    d.lines.get(at).map(|l| l.text.clone())
}

#[test]
fn without_a_sign_off_the_block_goes_after_the_own_text_not_into_the_quote() {
    // Gmail: own text, the attribution, a blank line (read as own), the quote.
    let gmail = "Hi Paul,\npickup is fine for Friday. Could you send me the order confirmation?\n\n\
                 On Thu, Dec 3, 2026 at 10:12 AM Paul Green <paul@example.com> wrote:\n\n\
                 > Hi, when can I pick up the table?\n>\n";
    assert_eq!(
        before_signoff(gmail).as_deref(),
        Some("On Thu, Dec 3, 2026 at 10:12 AM Paul Green <paul@example.com> wrote:")
    );
    let out = fixed(
        &plain(gmail),
        &[next_steps("Send me the order confirmation")],
    );
    assert!(
        out.contains(
            "confirmation?\n\nNext steps:\n- Send me the order confirmation\n\nOn Thu, Dec 3"
        ),
        "{out}"
    );
    // Italian Gmail, the attribution wrapped over two lines.
    let it = "Buongiorno Sig. Verdi,\nMi manda per favore la conferma d'ordine?\n\n\
              Il giorno gio 3 dic 2026 alle ore 10:12 Paolo Verdi <paolo@example.it> ha\n\
              scritto:\n\n> Buongiorno, quando posso ritirare?\n>\n";
    assert_eq!(
        before_signoff(it).as_deref(),
        Some("Il giorno gio 3 dic 2026 alle ore 10:12 Paolo Verdi <paolo@example.it> ha")
    );
    // Outlook's header block, a forward, a "-- " signature, a device line: before each.
    for (body, next) in [
        (
            "Hi Tom,\n\nCould you confirm the delivery date?\n\n________________________________\n\
             From: Tom Young <tom@example.org>\nSent: 03 December 2026 10:12\n\
             To: Helen <helen@example.co.uk>\nSubject: Order\n\nHi, what is the price?\n",
            "________________________________",
        ),
        (
            "Hi Bob,\n\nCould you check this shipment?\n\n\
             ---------- Forwarded message ---------\nFrom: Peter <peter@example.org>\n\
             Date: Thu, 3 Dec 2026 at 09:12\nSubject: Complaint\nTo: <support@example.com>\n\n\
             Where is my parcel?\n",
            "---------- Forwarded message ---------",
        ),
        (
            "Hi Anna,\n\nCould you send me the width of the wall?\n\n-- \nLuca Ferri\nFerri Insegne\n",
            "-- ",
        ),
        (
            "Could you confirm the billing address?\n\nSent from my iPhone\n\n\
             > On 3 Dec 2026, at 10:12, Anna Rossi <anna@example.com> wrote:\n> \n> Hi Tom\n",
            "Sent from my iPhone",
        ),
        (
            "Ok. Potrebbe mandarmi la conferma?\n\nInviato da Gmail Mobile\n\n\
             Il giorno gio 3 dic 2026 alle ore 10:12 Paolo Verdi <paolo@example.it> ha scritto:\n\
             \n> Buongiorno\n",
            "Inviato da Gmail Mobile",
        ),
    ] {
        assert_eq!(before_signoff(body).as_deref(), Some(next), "{body}");
    }
}

#[test]
fn an_inline_reply_gets_the_block_after_its_last_own_paragraph() {
    let inline = "Hi Anna,\n\nOn 12/7/26 10:12 AM, Anna Rossi wrote:\n> How big can the sign be?\n\n\
                  Up to 2 metres. Could you send me the width of the wall?\n\n\
                  > And what colours do you have?\n\n\
                  Gold, black and white.\nPlease tell me which one you prefer.\n\n\
                  > Thanks\n> Anna\n";
    assert_eq!(
        before_signoff(inline).as_deref(),
        Some("> Thanks"),
        "after the last answer, before the quote that trails it"
    );
    let out = fixed(
        &plain(inline),
        &[next_steps("Send me the width of the wall")],
    );
    assert!(
        out.contains("you prefer.\n\nNext steps:\n- Send me the width of the wall\n\n> Thanks"),
        "{out}"
    );
    // Ending with the own text: at the end, one blank line above.
    let ends = "> How big can the sign be?\n\nUp to 2 metres. Could you send me the width?\n";
    assert_eq!(before_signoff(ends), None);
    let out = fixed(&plain(ends), &[next_steps("Send me the width")]);
    assert!(
        out.ends_with("the width?\n\nNext steps:\n- Send me the width\n\n"),
        "{out}"
    );
    // No greeting: the opening goes above the quote the reply starts with.
    let d = raw_draft(&plain(ends));
    assert_eq!(anchor_line(&d, FixPlace::AfterGreeting), 0);
}

#[test]
fn text_right_above_the_sign_off_gets_a_blank_line_above_the_block() {
    let body = "Hi Anna,\n\nCould you send me the logo?\nThanks,\nMarco\n";
    let out = fixed(&plain(body), &[next_steps("Send me the logo")]);
    assert!(
        out.contains("the logo?\n\nNext steps:\n- Send me the logo\n\nThanks,\nMarco"),
        "{out}"
    );
    // A greeting followed at once by the text: the opening follows it at once too.
    let body = "Hi Anna,\nCould you send me the logo?\n\nThanks,\nMarco\n";
    let out = fixed(&plain(body), &[late_reply()]);
    assert!(
        out.contains("Hi Anna,\nThank you for your message of Thursday 3 December"),
        "{out}"
    );
}

/// Gmail's HTML part: the own text in `<div dir="ltr">`, the attribution and the quote in
/// `<div class="gmail_quote">`, which Gmail folds away.
#[test]
fn gmail_html_gets_the_block_outside_the_folded_quote_and_the_opening_after_the_greeting() {
    let text = "Hi Paul,\npickup is fine for Friday. Could you send me the order confirmation?\n\n\
                On Thu, Dec 3, 2026 at 10:12 AM Paul Green <paul@example.com> wrote:\n\n\
                > Hi, when can I pick up the table?\n>\n";
    let html = "<div dir=\"ltr\">Hi Paul,<div>pickup is fine for Friday. Could you send me the \
                order confirmation?</div></div><br><div class=\"gmail_quote gmail_quote_container\">\
                <div dir=\"ltr\" class=\"gmail_attr\">On Thu, Dec 3, 2026 at 10:12 AM Paul Green \
                &lt;<a href=\"mailto:paul@example.com\">paul@example.com</a>&gt; wrote:<br></div>\
                <blockquote class=\"gmail_quote\">Hi, when can I pick up the table?<br></blockquote>\
                </div>";
    let raw = alternative(text, html);
    let out = fixed(
        &raw,
        &[next_steps("Send me the order confirmation"), late_reply()],
    );
    let (plain_part, html_part) = out.split_once("text/html").expect("two parts");
    assert!(
        plain_part.contains("Hi Paul,\nThank you for your message of Thursday 3 December"),
        "{plain_part}"
    );
    assert!(
        plain_part
            .contains("confirmation?\n\nNext steps:\n- Send me the order confirmation\n\nOn Thu"),
        "{plain_part}"
    );
    let at = |s: &str| {
        html_part
            .find(s)
            .unwrap_or_else(|| panic!("{s}: {html_part}"))
    };
    assert!(
        at("Hi Paul,") < at("<p>Thank you for your message"),
        "{html_part}"
    );
    assert!(
        at("<p>Thank you for your message") < at("<div>pickup"),
        "{html_part}"
    );
    assert!(
        at("confirmation?</div>") < at("<b>Next steps:</b>"),
        "{html_part}"
    );
    assert!(at("</ul>") < at("gmail_quote"), "{html_part}");
}

/// Thunderbird's and Outlook's HTML: the opening after the greeting and the support offer
/// before the sign-off land in the HTML part too, as a paragraph.
#[test]
fn every_fix_lands_in_both_parts_of_a_multipart_alternative_draft() {
    let text = "Hi Anna,\n\nthe site is online. Could you check the contact form?\n\n\
                Best regards,\nLuca\n\nOn 12/3/26 10:12 AM, Anna Rossi wrote:\n> Hello\n";
    let html = "<html><body><p>Hi Anna,</p>\n<p>the site is online. Could you check the contact \
                form?</p>\n<p>Best regards,<br>\nLuca</p>\n<div class=\"moz-cite-prefix\">On \
                12/3/26 10:12 AM, Anna Rossi wrote:<br></div>\n<blockquote type=\"cite\">Hello\
                </blockquote>\n</body></html>";
    let out = fixed(&alternative(text, html), &[late_reply(), support_offer()]);
    let (plain_part, html_part) = out.split_once("text/html").expect("two parts");
    assert!(
        plain_part.contains("Hi Anna,\n\nThank you for your message"),
        "{out}"
    );
    assert!(plain_part.contains("form?\n\nMy work doesn't end"), "{out}");
    assert!(
        html_part.contains("<p>Hi Anna,</p>\n<p>Thank you for your message of Thursday 3 December"),
        "{html_part}"
    );
    assert!(
        html_part.contains("<p>My work doesn&#x27;t end")
            || html_part.contains("<p>My work doesn't end"),
        "{html_part}"
    );
    let at = |s: &str| {
        html_part
            .find(s)
            .unwrap_or_else(|| panic!("{s}: {html_part}"))
    };
    assert!(at("My work") < at("<p>Best regards,"), "{html_part}");
}
