//! Handing a checked draft to the outbox: what `mailcheck send` and `mailcheck sendmail` share.
//!
//! - error findings refuse the draft, except `angry-tone`, which holds it for a cool-down
//!   ([`blocking_errors`]);
//! - [`queue`] plans the send time (cool-down, business hours) and enqueues the draft with its
//!   envelope;
//! - [`send_now`] enqueues it due now and runs that one entry through the runner at once (the
//!   sendmail shim's `--now` / `[sendmail] mode = "send"`), so a message sent at once still gets
//!   its Message-ID, its `sent/` copy and the per-recipient record.

use chrono::{DateTime, Utc};

use super::runner::RunReport;
use super::schedule::{self, Plan};
use super::{Meta, OutboxError, OutboxSettings, Queue, State};
use crate::check::Report;
use crate::finding::Finding;
use crate::rules::RuleEnv;

/// Who the message goes to and comes from on the SMTP envelope, when that is not what its
/// headers say (sendmail's recipient arguments and `-f`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Envelope {
    /// The envelope sender; default: the draft's From, else `[smtp] from`.
    pub from: Option<String>,
    /// The recipients; default: the draft's To, Cc and Bcc.
    pub recipients: Option<Vec<String>>,
}

/// A checked draft on its way to the outbox: the check's report, the bytes as given, the
/// envelope.
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    pub report: &'a Report,
    pub raw: &'a [u8],
    pub envelope: &'a Envelope,
}

/// What the sendmail shim does with a message that passes the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendmailMode {
    Queue,
    Send,
}

/// The error findings that refuse a draft: errors of rules whose `on_send` is `Block` (the
/// registry's word; `angry-tone` holds instead).
pub fn blocking_errors(findings: &[Finding]) -> usize {
    crate::rules::blocking(findings)
}

/// Plans the send time of a checked draft asked for at `at` and queues it.
pub fn queue(
    store: &Queue,
    env: &RuleEnv,
    outbox: &OutboxSettings,
    sub: Submission<'_>,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Meta, OutboxError> {
    let draft = &sub.report.draft;
    let plan = schedule::plan(env, outbox, draft, &sub.report.findings, at);
    super::enqueue_with(store, outbox, draft, sub.raw, &plan, sub.envelope, now)
}

/// What makes two submissions the same message: the Message-ID (without `<>`), the envelope
/// recipients (lower case, sorted, once each) and the body.
struct Identity {
    message_id: Option<String>,
    recipients: Vec<String>,
    body: Vec<u8>,
}

impl Identity {
    fn of(sub: Submission<'_>) -> Identity {
        let draft = &sub.report.draft;
        let message_id = draft
            .headers
            .message_id
            .as_deref()
            .map(|m| m.trim_matches(['<', '>', ' ']).to_string())
            .filter(|m| !m.is_empty());
        let mut recipients: Vec<String> = match &sub.envelope.recipients {
            Some(r) => r.iter().map(|a| a.to_ascii_lowercase()).collect(),
            None => draft
                .headers
                .recipients()
                .filter_map(|m| m.address.as_deref())
                .map(str::to_ascii_lowercase)
                .collect(),
        };
        recipients.sort();
        recipients.dedup();
        Identity {
            message_id,
            recipients,
            body: body_of(sub.raw),
        }
    }

    fn same_id(&self, meta: &Meta) -> bool {
        self.message_id.as_deref() == Some(meta.message_id.as_str())
    }

    fn same_recipients(&self, meta: &Meta) -> bool {
        let mut theirs: Vec<String> = meta
            .recipients
            .iter()
            .map(|r| r.address.to_ascii_lowercase())
            .collect();
        theirs.sort();
        theirs.dedup();
        theirs == self.recipients
    }

    fn same_body(&self, store: &Queue, meta: &Meta) -> bool {
        store
            .message(&meta.id)
            .is_ok_and(|stored| body_of(&stored) == self.body)
    }
}

/// Every readable entry (a damaged one is `outbox list`'s business, and never this message).
fn entries(store: &Queue) -> Result<Vec<Meta>, OutboxError> {
    let (entries, _damaged) = store.list_map(None, |m| m)?;
    Ok(entries.into_iter().map(|(_, m)| m).collect())
}

/// The unsent entries that are this draft again: the same Message-ID, or the same body to the
/// same recipients (the same draft sent twice by mistake). `send` refuses to queue it again
/// without `--force`.
pub fn duplicates(store: &Queue, sub: Submission<'_>) -> Result<Vec<Meta>, OutboxError> {
    let me = Identity::of(sub);
    Ok(entries(store)?
        .into_iter()
        .filter(|meta| meta.state != State::Sent)
        .filter(|meta| me.same_id(meta) || (me.same_recipients(meta) && me.same_body(store, meta)))
        .collect())
}

/// The entry a sendmail call hands in again: a mail client that got no answer in time (or
/// crashed before it saw one) calls sendmail again with the same message. It is that message
/// when it goes to the same envelope recipients and has the same Message-ID (queued or already
/// sent), or the same body (still unsent). A failed entry does not count (sending again is
/// what the person wants then), nor does the same message to other recipients (a bounce or
/// resend keeps the Message-ID). `sendmail` accepts such a message without queuing it twice,
/// as an MTA acknowledges a message it already has.
pub fn resubmitted(store: &Queue, sub: Submission<'_>) -> Result<Option<Meta>, OutboxError> {
    let me = Identity::of(sub);
    Ok(entries(store)?.into_iter().find(|meta| {
        meta.state != State::Failed
            && me.same_recipients(meta)
            && (me.same_id(meta) || (meta.state != State::Sent && me.same_body(store, meta)))
    }))
}

/// A message's body (after the blank line that ends the header), LF line ends, trailing white
/// space trimmed.
fn body_of(raw: &[u8]) -> Vec<u8> {
    let lf = super::entry::to_lf(raw);
    let start = lf
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(lf.len(), |i| i + 2);
    lf[start..].trim_ascii_end().to_vec()
}

/// "queued ID: sends WHEN (UTC)", the reasons, the Message-ID: what `send` prints.
pub fn queued_text(meta: &Meta, env: &RuleEnv) -> String {
    queued_text_in(meta, env, crate::lang::Lang::En)
}

/// [`queued_text`] in the interface language `ui` (the reasons are the queue's own records).
pub fn queued_text_in(meta: &Meta, env: &RuleEnv, ui: crate::lang::Lang) -> String {
    let tz = env.sender.tz;
    let id = if meta.state == State::Held {
        "send-held"
    } else {
        "send-queued"
    };
    let mut text = crate::i18n::Msg::new(id)
        .arg("id", meta.id.as_str())
        .arg("when", crate::i18n::Arg::time(meta.due, tz))
        .arg("utc", meta.due.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .text(ui);
    text.push('\n');
    use crate::render::escape_controls as esc;
    for r in &meta.reasons {
        text.push_str(&format!("  {}\n", esc(&r.text(ui))));
    }
    text.push_str(&format!("  Message-ID: <{}>\n", esc(&meta.message_id)));
    text
}

/// Queues a checked draft due now and sends it at once through `[smtp]` (only that entry; other
/// due mail waits for `outbox run`). The report says what became of it; see
/// [`SendNowOutcome::from_report`].
pub fn send_now(
    store: &Queue,
    outbox: &OutboxSettings,
    sub: Submission<'_>,
    now: DateTime<Utc>,
) -> Result<(Meta, RunReport), OutboxError> {
    let plan = Plan {
        due: schedule::whole_second(now),
        hold: None,
        reasons: vec![super::reason::Reason::new("reason-sent-now")],
    };
    let draft = &sub.report.draft;
    let meta = super::enqueue_with(store, outbox, draft, sub.raw, &plan, sub.envelope, now)?;
    let run = store.run_entry(&meta.id, outbox, now);
    match run {
        Ok(r) => Ok((meta, r)),
        Err(e) => {
            // Nothing was sent (a config or account problem): leave no copy behind, so the mail
            // client's draft is the only one.
            let _ = store.remove_if_free(&meta.id);
            Err(e)
        }
    }
}

/// What a message sent at once became.
#[derive(Debug, Clone)]
pub enum SendNowOutcome {
    /// Every recipient accepted it.
    Sent(Meta),
    /// The server may have it, or some recipients are left to retry: the outbox keeps it and
    /// `outbox run` finishes the job.
    LeftInOutbox(Meta),
    /// Nobody got it and the server said try later (or could not be reached): removed from the
    /// outbox.
    Temporary(Meta),
    /// Some or all recipients were refused for good.
    Refused(Meta),
}

impl SendNowOutcome {
    /// Classifies the runner's report for entry `id`; a temporary failure with nobody reached is
    /// removed from the outbox (the mail client keeps the draft and can send it again).
    pub fn from_report(store: &Queue, id: &str, report: RunReport) -> Result<Self, OutboxError> {
        use super::RcptState;
        let find = |v: Vec<Meta>| v.into_iter().find(|m| m.id == id);
        let RunReport {
            sent,
            deferred,
            uncertain,
            failed,
            held_late,
            ..
        } = report;
        if let Some(m) = find(sent) {
            return Ok(if m.recipients.iter().all(|r| r.state == RcptState::Sent) {
                SendNowOutcome::Sent(m)
            } else {
                SendNowOutcome::Refused(m)
            });
        }
        if let Some(m) = find(uncertain) {
            return Ok(SendNowOutcome::LeftInOutbox(m));
        }
        if let Some(m) = find(deferred) {
            let reached = m.recipients.iter().any(|r| r.state == RcptState::Sent);
            let refused = m.recipients.iter().any(|r| r.state == RcptState::Failed);
            if reached {
                return Ok(SendNowOutcome::LeftInOutbox(m));
            }
            store.remove_if_free(id)?;
            return Ok(if refused {
                SendNowOutcome::Refused(m)
            } else {
                SendNowOutcome::Temporary(m)
            });
        }
        if let Some(m) = find(failed) {
            store.remove_if_free(id)?;
            return Ok(SendNowOutcome::Refused(m));
        }
        if let Some(m) = find(held_late) {
            return Ok(SendNowOutcome::LeftInOutbox(m));
        }
        // Another runner took it first: it is being sent.
        Ok(SendNowOutcome::LeftInOutbox(store.load(id)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    fn finding(rule: &'static str, severity: Severity) -> Finding {
        Finding {
            rule,
            severity,
            ..Finding::new(crate::msg!("html-only-message"))
        }
    }

    #[test]
    fn angry_tone_holds_other_errors_refuse() {
        let f = [
            finding("angry-tone", Severity::Error),
            finding("too-long", Severity::Warning),
        ];
        assert_eq!(blocking_errors(&f), 0);
        let f = [finding("placeholder", Severity::Error)];
        assert_eq!(blocking_errors(&f), 1);
    }

    #[test]
    fn sendmail_mode_from_config() {
        let s = |t: &str| {
            let file: crate::config::ConfigFile = toml::from_str(t).expect("toml");
            crate::config::Settings::from_config(Some(std::path::Path::new("t.toml")), file)
                .expect("settings")
        };
        assert_eq!(s("").sendmail_mode().ok(), Some(SendmailMode::Queue));
        assert_eq!(
            s("[sendmail]\nmode = \"send\"").sendmail_mode().ok(),
            Some(SendmailMode::Send)
        );
        let e = s("[sendmail]\nmode = \"now\"")
            .sendmail_mode()
            .unwrap_err()
            .to_string();
        assert!(e.contains("sendmail.mode"), "{e}");
    }
}
