use chrono_tz::Tz;

use super::{Check, Context, declare_rule};
use crate::calendar::{BusinessHours, next_common_open};
use crate::finding::Finding;
use crate::i18n::Arg;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Judges the send time (`--at`, or now) against the sender's business hours, days and
    /// holidays (`[sender]` in the config), and against business hours in the own time zone of
    /// every recipient whose zone is known (`[recipients]`). When it is outside any of them, it
    /// says when the next good time is: the first moment inside the sender's hours and every
    /// known recipient's, DST included.
    ///
    /// ## Why is this bad?
    /// Mail sent at 23:00 or on Sunday teaches clients that you answer at any hour, and you
    /// answer best when you are at work and can act. The service rule: don't answer when you are
    /// not where you can act; the client can wait until the morning. `mailcheck send` defers
    /// such mail to the next good time.
    ///
    /// ## Example
    /// `mailcheck --at 2026-11-21T23:00:00+01:00 draft.eml` with `timezone = "Europe/Rome"`:
    /// "next good time: Mon 23 Nov 09:00 Europe/Rome".
    ///
    /// ## Configuration
    /// ```toml
    /// [sender]
    /// timezone = "Europe/Rome"
    /// business_hours = "09:00-18:00"
    /// business_days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    /// holidays = ["2026-12-25"]
    ///
    /// [recipients]            # an address or a domain -> IANA time zone
    /// "example.jp" = "Asia/Tokyo"
    /// ```
    /// `search_days` (7) in `lints/off-hours.toml`: how far ahead to look for a common time.
    pub struct OffHours {
        id: "off-hours",
        severity: Warning,
        summary: "the send time is outside business hours (yours, or the recipient's in their zone)",
        on_send: Defer,
    }
}

impl Check for OffHours {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let sender = &cx.env.sender;
        let mut recipients: Vec<(String, BusinessHours)> = Vec::new();
        for addr in cx.draft.recipient_addresses() {
            if let Some(tz) = cx.env.zone_of(&addr)
                && !recipients.iter().any(|(a, _)| *a == addr)
            {
                recipients.push((addr, sender.in_zone(tz)));
            }
        }
        let at = cx.at;
        let mut closed = Vec::new();
        if !sender.is_open(at) {
            closed.push(msg!("off-hours-yours", hours = Arg::hours(sender)));
        }
        for (addr, cal) in &recipients {
            if !cal.is_open(at) {
                closed.push(msg!(
                    "off-hours-theirs",
                    address = addr,
                    time = Arg::time(at, cal.tz)
                ));
            }
        }
        if closed.is_empty() {
            return;
        }
        let mut parties: Vec<&BusinessHours> = vec![sender];
        parties.extend(recipients.iter().map(|(_, c)| c));
        let days = cx.int("search_days").max(1);
        let next = next_common_open(&parties, at, days).or_else(|| {
            // Nothing common within the window: the primary recipient's next morning.
            let primary = recipients.first().map(|(_, c)| c).unwrap_or(sender);
            primary.next_open(at)
        });
        let when = match next {
            Some(t) => {
                let mut zones: Vec<Tz> = vec![sender.tz];
                for (_, c) in &recipients {
                    if !zones.contains(&c.tz) {
                        zones.push(c.tz);
                    }
                }
                let shown = zones.iter().map(|&z| (t, z)).collect();
                msg!("off-hours-help", next = Arg::Times(shown))
            }
            None => msg!("off-hours-help-no-time"),
        };
        out.push(
            Finding::new(msg!(
                "off-hours-message",
                time = Arg::time(at, sender.tz),
                closed = closed
            ))
            .help(when),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ConfigFile, Settings};
    use crate::rules::testing::*;

    fn settings(extra: &str) -> Settings {
        let file: ConfigFile = toml::from_str(&format!(
            "[sender]\ntimezone = \"Europe/Rome\"\nholidays = [\"2026-12-25\"]\n{extra}"
        ))
        .unwrap();
        Settings::from_config(None, file).unwrap()
    }

    fn check(at: &str, extra: &str, to: &str) -> Vec<Finding> {
        let d = raw_draft(&format!(
            "From: m@example.it\nTo: {to}\nSubject: x\n\nCiao\n"
        ));
        run_with(&OffHours, &d, &settings(extra).env, at)
    }

    #[test]
    fn inside_hours_is_fine() {
        assert!(check("2026-11-23T10:00:00+01:00", "", "a@example.it").is_empty());
    }

    #[test]
    fn saturday_night_defers_to_monday_morning() {
        let f = check("2026-11-21T23:00:00+01:00", "", "a@example.it");
        assert_eq!(f.len(), 1);
        let help = f[0].help.as_ref().unwrap().en();
        assert!(help.contains("Mon 23 Nov 09:00 Europe/Rome"), "{help}");
    }

    #[test]
    fn holiday_is_closed() {
        let f = check("2026-12-25T10:00:00+01:00", "", "a@example.it");
        assert!(
            f[0].help
                .as_ref()
                .unwrap()
                .en()
                .contains("Mon 28 Dec 09:00"),
            "{:?}",
            f[0].help
        );
    }

    #[test]
    fn recipient_zone_is_judged_in_its_own_hours() {
        let tokyo = "[recipients]\n\"example.jp\" = \"Asia/Tokyo\"\n";
        // 10:00 in Rome is 18:00 in Tokyo: closed there.
        let f = check("2026-11-23T10:00:00+01:00", tokyo, "ken@example.jp");
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.en().contains("ken@example.jp"),
            "{:?}",
            f[0].message
        );
        let help = f[0].help.as_ref().unwrap().en();
        assert!(
            help.contains("Tue 24 Nov 09:00 Europe/Rome = Tue 24 Nov 17:00 Asia/Tokyo"),
            "{help}"
        );
    }

    #[test]
    fn across_a_dst_change_in_the_senders_zone() {
        // Fri 27 Mar 2026 19:00 CET; Rome moves to CEST on Sunday 29 Mar. Monday 09:00 CEST is
        // 16:00 in Tokyo (no DST there): both open.
        let tokyo = "[recipients]\n\"example.jp\" = \"Asia/Tokyo\"\n";
        let f = check("2026-03-27T19:00:00+01:00", tokyo, "ken@example.jp");
        let help = f[0].help.as_ref().unwrap().en();
        assert!(
            help.contains("Mon 30 Mar 09:00 Europe/Rome = Mon 30 Mar 16:00 Asia/Tokyo"),
            "{help}"
        );
    }
}
