//! `mailcheck sendmail [-t] [-i] [-oi] [-f FROM] [--now] [--] [RCPT...]`: the drop-in for a mail
//! client's `sendmail` (mutt, neomutt, aerc, git send-email's `sendemail.sendmailCmd`).
//!
//! The message comes on standard input; it is checked like `mailcheck send` checks a draft
//! (errors refuse it, an angry tone holds it, off-hours defer it) and queued in the outbox, or
//! with `--now` / `[sendmail] mode = "send"` sent at once through `[smtp]`. Everything the mail
//! client should show goes to stderr; standard output stays empty.
//!
//! The same message handed in twice (same envelope recipients and the same Message-ID, or the same
//! body while the first is unsent: a mail client retrying after a timeout) is accepted the second
//! time without being queued or sent again, with a note on stderr ([`submit::resubmitted`]).
//!
//! Exit codes (sendmail's, from sysexits.h, where mail clients expect them): 0 accepted; 1 refused
//! by the check; 2 unreadable message, bad option or config; 69 (EX_UNAVAILABLE) a recipient
//! refused for good; 75 (EX_TEMPFAIL) the server could not take it now (sent at once only).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use mailcheck::check::CheckOptions;
use mailcheck::config::Settings;
use mailcheck::draft::Lang;
use mailcheck::i18n::{self, Msg};
use mailcheck::inputs::Input;
use mailcheck::msg;
use mailcheck::outbox::submit::{self, Envelope, SendNowOutcome, SendmailMode, Submission};
use mailcheck::outbox::{Meta, Queue, RcptState};
use mailcheck::render::escape_controls as esc;
use mailcheck::render::{self, FileFindings};

use super::outbox::clock_now;
use crate::cli::SendmailArgs;

const EX_UNAVAILABLE: u8 = 69;
const EX_TEMPFAIL: u8 = 75;

/// The command line as sendmail reads it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `-t`: recipients from the To, Cc and Bcc headers (plus those given).
    pub from_headers: bool,
    /// `-f FROM` / `-r FROM`: the envelope sender.
    pub from: Option<String>,
    /// `--now`: send at once; `--queue`: queue, whatever the config says.
    pub mode: Option<SendmailMode>,
    pub lang: Option<Lang>,
    pub recipients: Vec<String>,
}

/// Reads sendmail's options the way msmtp does: the ones mail clients pass and that mean
/// nothing here (-i, -oi, -oem, -odb, -F NAME, -B 8BITMIME, ...) are accepted and ignored.
pub fn parse_args(args: &[String]) -> Result<Options> {
    let mut o = Options::default();
    let mut i = 0;
    // Options that take a value, in the next argument when not attached (`-fme` or `-f me`).
    let with_value = ['f', 'r', 'F', 'B', 'N', 'R', 'V', 'X', 'O', 'L', 'h', 'C'];
    while i < args.len() {
        let a = args[i].as_str();
        i += 1;
        if a == "--" {
            o.recipients.extend(args[i..].iter().cloned());
            break;
        }
        match a {
            "--now" => o.mode = Some(SendmailMode::Send),
            "--queue" => o.mode = Some(SendmailMode::Queue),
            "--lang" => {
                let v = args
                    .get(i)
                    .context("--lang needs a language (en, it, ru)")?;
                i += 1;
                o.lang = Some(
                    <Lang as clap::ValueEnum>::from_str(v, true)
                        .map_err(|_| anyhow::anyhow!("--lang: `{v}` is not en, it or ru"))?,
                );
            }
            "-t" => o.from_headers = true,
            // -i/-oi: a lone "." does not end the message (we read to the end anyway); -U
            // initial submission, -v verbose, -n no aliases, -G gateway; -bm deliver (the
            // default); -e*/-o* error and delivery modes.
            "-i" | "-U" | "-v" | "-n" | "-G" | "-bm" => {}
            _ if a.starts_with("-o") || a.starts_with("-e") => {}
            _ if a.starts_with("-b") => {
                bail!("sendmail mode `{a}` is not supported (only -bm, delivering a message)")
            }
            _ if a.starts_with("--") => bail!("unknown option `{a}`"),
            _ if a.starts_with('-') && a.len() > 1 => {
                let mut chars = a[1..].chars();
                let flag = chars.next().unwrap_or('-');
                if !with_value.contains(&flag) {
                    bail!("unknown sendmail option `{a}`");
                }
                let attached = chars.as_str();
                let value = if attached.is_empty() {
                    let v = args
                        .get(i)
                        .with_context(|| format!("`{a}` needs a value"))?;
                    i += 1;
                    v.clone()
                } else {
                    attached.to_string()
                };
                if matches!(flag, 'f' | 'r') {
                    // `-f<>` (or `-f ""`): the null sender (bounces, auto-replies).
                    let from = bare_address(&value);
                    if !from.is_empty() && from.parse::<lettre::Address>().is_err() {
                        bail!("`{a}`: `{from}` is not an email address");
                    }
                    o.from = Some(from);
                }
            }
            _ => o.recipients.push(a.to_string()),
        }
    }
    o.recipients = o
        .recipients
        .iter()
        .flat_map(|r| r.split(','))
        .map(bare_address)
        .filter(|r| !r.is_empty())
        .collect();
    // Refused here, before anything is read or queued: a bad address in the queue would only
    // fail later, at the server, after the client was told all was well.
    for r in &o.recipients {
        if r.parse::<lettre::Address>().is_err() {
            bail!("`{r}` is not an email address (nothing was queued or sent)");
        }
    }
    Ok(o)
}

/// "Anna <anna@example.com>" -> "anna@example.com".
fn bare_address(s: &str) -> String {
    let s = s.trim();
    match (s.rfind('<'), s.rfind('>')) {
        (Some(a), Some(b)) if a < b => s[a + 1..b].trim().to_string(),
        _ => s.to_string(),
    }
}

fn say(text: &str) -> std::io::Result<()> {
    let mut err = anstream::stderr().lock();
    err.write_all(text.as_bytes())?;
    err.flush()
}

pub fn run(config: Option<&Path>, args: SendmailArgs) -> Result<ExitCode> {
    if args.args.first().is_some_and(|a| a == "--help") {
        use clap::CommandFactory;
        let mut cli = crate::cli::Cli::command();
        if let Some(sub) = cli.find_subcommand_mut("sendmail") {
            sub.print_long_help()?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let opts = parse_args(&args.args)?;
    let settings = Settings::discover(config)?;
    let ui = mailcheck::i18n::resolve_from_env(settings.ui_language);
    // A config others can read or write is refused now, before the draft is queued.
    settings.check_password_config()?;
    let mode = match opts.mode {
        Some(m) => m,
        None => settings.sendmail_mode()?,
    };
    let outbox_settings = settings.outbox()?;
    let now = clock_now()?;
    let checker = settings.into_checker(&CheckOptions {
        at: Some(now),
        lang: opts.lang,
        ..CheckOptions::default()
    })?;
    // At most `max_message_bytes` + 1: a larger message is refused by the check below, as
    // `mailcheck check -` refuses it, without being held whole.
    let raw = Input::Stdin
        .read_max(checker.limits().max_message_bytes)
        .context("cannot read the message on standard input")?;
    let report = checker.check_bytes("-", &raw)?;
    let label = mailcheck::i18n::tr(ui, "level-note");
    for note in &report.draft.notes {
        say(&format!("mailcheck: {label}: {}\n", note.text(ui)))?;
    }
    if !report.findings.is_empty() {
        let files = [FileFindings {
            path: &report.draft.path,
            draft: &report.draft,
            findings: &report.findings,
            ui,
        }];
        say(&render::render_human(&files))?;
    }

    let what = match mode {
        SendmailMode::Queue => "queued",
        SendmailMode::Send => "sent",
    };
    let blocking = report.blocking();
    if blocking > 0 {
        say(&format!(
            "mailcheck: not {what}: {blocking} error{} (fix the message and send it again)\n",
            if blocking == 1 { "" } else { "s" }
        ))?;
        return Ok(ExitCode::from(1));
    }
    let angry = report.holds();
    if angry && mode == SendmailMode::Send {
        say(
            "mailcheck: not sent: the tone is angry; an angry message is never sent at once \
             (queue it to cool down: `mailcheck sendmail --queue`, or soften it)\n",
        )?;
        return Ok(ExitCode::from(1));
    }

    let mut recipients: Vec<String> = Vec::new();
    if opts.from_headers {
        recipients.extend(report.draft.recipient_addresses());
    }
    for r in &opts.recipients {
        let r = r.to_lowercase();
        if !recipients.contains(&r) {
            recipients.push(r);
        }
    }
    if recipients.is_empty() {
        bail!(
            "no recipient: give them as arguments, or use -t to read To, Cc and Bcc (nothing was \
             {what})"
        );
    }
    let envelope = Envelope {
        from: opts.from.clone(),
        recipients: Some(recipients),
    };
    let sub = Submission {
        report: &report,
        raw: &raw,
        envelope: &envelope,
    };
    let store = Queue::open(&outbox_settings)?;
    let env = checker.env();
    // The same message handed in again (a mail client retrying after a timeout): accepted, as
    // an MTA acknowledges a message it already has, and not queued or sent a second time.
    if let Some(m) = submit::resubmitted(&store, sub)? {
        say(&format!(
            "mailcheck: note: the same message <{}> to the same recipients is already in the \
             outbox as {} ({}): accepted, not {what} again\n",
            esc(&m.message_id),
            m.id,
            m.state
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    match mode {
        SendmailMode::Queue => {
            let meta = submit::queue(&store, env, &outbox_settings, sub, now, now)?;
            say(&format!("mailcheck: {}", submit::queued_text(&meta, env)))?;
            Ok(ExitCode::SUCCESS)
        }
        SendmailMode::Send => {
            let (meta, run) = submit::send_now(&store, &outbox_settings, sub, now)?;
            let outcome = SendNowOutcome::from_report(&store, &meta.id, run)?;
            report_outcome(&outcome, ui)
        }
    }
}

fn refused(m: &Meta, ui: Lang) -> String {
    let default = i18n::tr(ui, "sendmail-refused-default");
    m.recipients
        .iter()
        .filter(|r| r.state == RcptState::Failed)
        .map(|r| {
            format!(
                "{} ({})",
                esc(&r.address),
                esc(r.reply.as_deref().unwrap_or(&default))
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What became of a message sent at once, in `ui`: our words translated, the server's reply
/// (`last_reply`, a recipient's reply) as it gave it.
fn outcome_text(outcome: &SendNowOutcome, ui: Lang) -> String {
    let reply = |m: &Meta, default: &'static str| {
        m.last_reply
            .as_ref()
            .map_or_else(|| i18n::tr(ui, default), |r| esc(&r.text(ui)).into_owned())
    };
    let said = match outcome {
        SendNowOutcome::Sent(m) => msg!(
            "sendmail-sent",
            id = m.id.as_str(),
            message_id = esc(&m.message_id).into_owned(),
            reply = reply(m, "sendmail-accepted")
        ),
        SendNowOutcome::LeftInOutbox(m) => {
            let state = m.state.msg_id();
            msg!(
                "sendmail-left",
                id = m.id.as_str(),
                message_id = esc(&m.message_id).into_owned(),
                reply = reply(m, "sendmail-no-reply"),
                state = Msg::new(state)
            )
        }
        SendNowOutcome::Temporary(m) => {
            msg!(
                "sendmail-not-sent",
                reply = reply(m, "sendmail-could-not-take")
            )
        }
        SendNowOutcome::Refused(m) => {
            let sent: Vec<&str> = m
                .recipients
                .iter()
                .filter(|r| r.state == RcptState::Sent)
                .map(|r| r.address.as_str())
                .collect();
            let refused = refused(m, ui);
            if sent.is_empty() {
                msg!("sendmail-refused", refused = refused)
            } else {
                msg!(
                    "sendmail-refused-delivered",
                    refused = refused,
                    sent = sent.join(", ")
                )
            }
        }
    };
    said.text(ui) + "\n"
}

fn report_outcome(outcome: &SendNowOutcome, ui: Lang) -> Result<ExitCode> {
    say(&outcome_text(outcome, ui))?;
    Ok(match outcome {
        SendNowOutcome::Sent(_) | SendNowOutcome::LeftInOutbox(_) => ExitCode::SUCCESS,
        SendNowOutcome::Temporary(_) => ExitCode::from(EX_TEMPFAIL),
        SendNowOutcome::Refused(_) => ExitCode::from(EX_UNAVAILABLE),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: &[&str]) -> Options {
        parse_args(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>()).expect("parses")
    }

    #[test]
    fn mail_client_command_lines() {
        // neomutt
        let o = parse(&["-oem", "-oi", "--", "anna@example.com", "bcc@example.com"]);
        assert_eq!(o.recipients, ["anna@example.com", "bcc@example.com"]);
        // git send-email's sendmailCmd
        let o = parse(&[
            "-i",
            "-f",
            "me@example.com",
            "a@example.com",
            "b@example.com",
        ]);
        assert_eq!(o.from.as_deref(), Some("me@example.com"));
        assert_eq!(o.recipients.len(), 2);
        // mutt -t, aerc, msmtp-style extras
        let o = parse(&[
            "-t",
            "-odb",
            "-F",
            "Marta Rossi",
            "-fme@example.com",
            "--now",
        ]);
        assert!(o.from_headers);
        assert_eq!(o.from.as_deref(), Some("me@example.com"));
        assert_eq!(o.mode, Some(SendmailMode::Send));
        assert!(o.recipients.is_empty());
        let o = parse(&[
            "-B",
            "8BITMIME",
            "-N",
            "never",
            "Anna <A@example.com>, b@example.com",
        ]);
        assert_eq!(o.recipients, ["A@example.com", "b@example.com"]);
        // After --, even what looks like an option is a recipient (and `-t` is no address).
        let p = |v: &[&str]| parse_args(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let e = p(&["--", "-t"]).unwrap_err().to_string();
        assert!(e.contains("`-t` is not an email address"), "{e}");
        let o = parse(&["--", "-t@example.com"]);
        assert_eq!(o.recipients, ["-t@example.com"]);
    }

    /// Trust boundaries 16: after `--` only recipients; bad addresses refused; `-f<>`.
    #[test]
    fn double_dash_bad_addresses_and_the_null_sender() {
        let p = |v: &[&str]| parse_args(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let e = p(&["--", "--now", "anna@example.com"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("`--now` is not an email address"), "{e}");
        let e = p(&["not an address"]).unwrap_err().to_string();
        assert!(
            e.contains("`not an address` is not an email address"),
            "{e}"
        );
        assert!(p(&["-f", "me@@x", "a@example.com"]).is_err());
        let o = parse(&["-f<>", "a@example.com"]);
        assert_eq!(o.from.as_deref(), Some(""));
        let o = parse(&["-f", "<>", "a@example.com"]);
        assert_eq!(o.from.as_deref(), Some(""));
    }

    #[test]
    fn unsupported_modes_and_unknown_options_are_errors() {
        let p = |v: &[&str]| parse_args(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(p(&["-bp"]).is_err());
        assert!(p(&["-Z"]).is_err());
        assert!(p(&["-f"]).is_err());
        assert!(p(&["--frobnicate"]).is_err());
    }

    #[test]
    fn outcomes_in_three_languages_keep_the_servers_reply() {
        let mut m: Meta = serde_json::from_str(
            r#"{"id":"q1","message_id":"q1@example.it","state":"sent","created":"2026-11-23T10:00:00Z",
                "due":"2026-11-23T10:00:00Z","first_due":"2026-11-23T10:00:00Z",
                "sender_zone":"Europe/Rome","from":"a@example.it",
                "recipients":[{"address":"b@example.jp","state":"sent"}],"attempts":1}"#,
        )
        .expect("an entry");
        m.last_reply = Some(mailcheck::outbox::reason::Reason::Text(
            "250 2.0.0 Ok: queued as 4F2A".into(),
        ));
        let sent = SendNowOutcome::Sent(m.clone());
        assert_eq!(
            outcome_text(&sent, Lang::En),
            "mailcheck: sent q1 <q1@example.it>: 250 2.0.0 Ok: queued as 4F2A\n"
        );
        assert_eq!(
            outcome_text(&sent, Lang::It),
            "mailcheck: inviato q1 <q1@example.it>: 250 2.0.0 Ok: queued as 4F2A\n"
        );
        m.last_reply = None;
        m.recipients[0].state = RcptState::Failed;
        m.recipients[0].reply = Some("550 5.1.1 no such user".into());
        let refused = SendNowOutcome::Refused(m.clone());
        assert_eq!(
            outcome_text(&refused, Lang::En),
            "mailcheck: refused by the server for b@example.jp (550 5.1.1 no such user)\n"
        );
        assert_eq!(
            outcome_text(&refused, Lang::Ru),
            "mailcheck: сервер отклонил письмо для b@example.jp (550 5.1.1 no such user)\n"
        );
        let temporary = SendNowOutcome::Temporary(m);
        assert_eq!(
            outcome_text(&temporary, Lang::It),
            "mailcheck: non inviato: il server non ha potuto prenderlo (non l'ha ricevuto \
             nessuno; riprovi più tardi)\n"
        );
    }
}
