use super::{Check, Context, declare_rule};
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Counts the addresses in To and Cc outside the sender's own domain and reports a draft with
    /// more than 10. A mailing list's address (`lists`: "... List <...>", "x-l@", "@lists.")
    /// exposes nobody and is not counted.
    ///
    /// ## Why is this bad?
    /// Every recipient sees every other address: a notice to twenty clients hands each of them
    /// the others' contacts, which clients rightly resent (and privacy law may forbid), and
    /// invites reply-all storms.
    ///
    /// ## Example
    /// A shipping notice with 25 clients in `To:`.
    ///
    /// Use instead: your own address in `To:` and the clients in `Bcc:`, or one message each.
    ///
    /// ## Configuration
    /// `max_external` (10) and the `lists` patterns in `lints/recipients-exposed.toml` or
    /// `[rules.recipients-exposed]`.
    pub struct RecipientsExposed {
        id: "recipients-exposed",
        severity: Warning,
        summary: "many external addresses in To/Cc that should be in Bcc",
    }
}

fn domain(address: &str) -> Option<String> {
    address
        .rsplit_once('@')
        .map(|(_, d)| d.trim().to_lowercase())
}

impl Check for RecipientsExposed {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let h = &cx.draft.headers;
        let own = h
            .from
            .first()
            .and_then(|m| m.address.as_deref())
            .and_then(domain);
        let lists = cx.matcher("lists");
        let external =
            h.to.iter()
                .chain(&h.cc)
                .filter_map(|m| Some((m.name.as_deref().unwrap_or(""), m.address.as_deref()?)))
                .filter(|(_, a)| domain(a) != own)
                .filter(|(name, a)| !lists.is_match(&format!("{name} <{a}>")))
                .count();
        let max = cx.usize("max_external");
        if external > max {
            out.push(
                Finding::new(msg!("recipients-exposed-message", count = external))
                    .at_header(if h.to.is_empty() { "Cc" } else { "To" })
                    .label(msg!("recipients-exposed-label"))
                    .help(msg!("recipients-exposed-help")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn draft_to(n: usize, domain: &str) -> crate::draft::Draft {
        let to: Vec<String> = (0..n).map(|i| format!("c{i}@{domain}")).collect();
        raw_draft(&format!(
            "From: shop@example.it\nTo: {}\nSubject: x\n\nSpedito.\n",
            to.join(", ")
        ))
    }

    #[test]
    fn counts_external_addresses_only() {
        assert_eq!(
            run(&RecipientsExposed, &draft_to(11, "client.example.com")).len(),
            1
        );
        assert!(run(&RecipientsExposed, &draft_to(10, "client.example.com")).is_empty());
        assert!(run(&RecipientsExposed, &draft_to(15, "example.it")).is_empty());
    }

    #[test]
    fn mailing_lists_expose_nobody() {
        let with = |lists: &[&str]| {
            let mut to: Vec<String> = (0..9).map(|i| format!("c{i}@client.example.com")).collect();
            to.extend(lists.iter().map(|l| l.to_string()));
            raw_draft(&format!(
                "From: shop@example.it\nTo: {}\nSubject: x\n\nSpedito.\n",
                to.join(", ")
            ))
        };
        // Nine people and three lists (EN, IT, RU display names; list-shaped addresses).
        for lists in [
            [
                "Digital Bearer Settlement List <dbs@philodox.com>",
                "cyberia-l@listserv.aol.com",
                "nettime-l@bbs.thing.net",
            ],
            [
                "Lista soci <soci@club.example.it>",
                "info@lists.example.org",
                "exmh-workers@example.com",
            ],
            [
                "Рассылка клуба <club@example.ru>",
                "team@googlegroups.com",
                "rpm-list@example.net",
            ],
            // The kernel's lists, Gmane's, "-developer@" and "-general@" lists.
            [
                "linux-kernel@vger.kernel.org",
                "glkc-cpufreq2@lo.gmane.org",
                "v9fs-developer@lists.example.net",
            ],
            [
                "netdev@vger.kernel.org",
                "spi-devel-general@example.net",
                "user-mode-linux-user@example.net",
            ],
        ] {
            assert!(
                run(&RecipientsExposed, &with(&lists)).is_empty(),
                "{lists:?}"
            );
        }
        // Near miss: nine people and three more people are twelve.
        let people = [
            "Listo Bianchi <lb@example.com>",
            "elisa@example.com",
            "l.rossi@example.com",
        ];
        assert_eq!(run(&RecipientsExposed, &with(&people)).len(), 1);
        // Nor are people at a host named like a list server's part ("vger@", "@gmane.example.com", "developer@").
        let people = [
            "vger@example.com",
            "anna@gmane.example.com",
            "developer@example.com",
        ];
        assert_eq!(run(&RecipientsExposed, &with(&people)).len(), 1);
    }
}
