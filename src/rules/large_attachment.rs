use super::{Check, Context, declare_rule};
use crate::finding::Finding;
use crate::msg;

declare_rule! {
    /// ## What it does
    /// Adds up the decoded size of the attachments and reports a draft over the limit (20 MB by
    /// default).
    ///
    /// ## Why is this bad?
    /// Common servers refuse messages over 20-25 MB, and base64 makes an attachment a third
    /// larger on the wire: the mail bounces, often hours later, or fills the client's mailbox.
    ///
    /// ## Example
    /// Three 9 MB photos of the finished table attached to one message.
    ///
    /// Use instead: a download link (a shared folder), or photos resized for the screen.
    ///
    /// ## Configuration
    /// `max_total_mb` (20) in `lints/large-attachment.toml` or `[rules.large-attachment]`.
    pub struct LargeAttachment {
        id: "large-attachment",
        severity: Warning,
        summary: "attachments over what common mail servers accept",
    }
}

const MB: f64 = 1024.0 * 1024.0;

impl Check for LargeAttachment {
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let max = cx.int("max_total_mb") as f64;
        let total: usize = cx.draft.attachments.iter().map(|a| a.size).sum();
        if total as f64 > max * MB {
            out.push(
                Finding::new(msg!(
                    "large-attachment-message",
                    total = format!("{:.1}", total as f64 / MB),
                    max = format!("{max}")
                ))
                .help(msg!("large-attachment-help")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::*;

    fn with_attachment(bytes: usize) -> String {
        use base64_like::encode;
        format!(
            "From: a@example.com\nSubject: x\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nPhotos.\n--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"a.bin\"\nContent-Transfer-Encoding: base64\n\n{}\n--b--\n",
            encode(bytes)
        )
    }

    /// base64 of `n` zero bytes, in 76-character lines.
    mod base64_like {
        pub fn encode(n: usize) -> String {
            let full = "A".repeat(n.div_ceil(3) * 4);
            full.as_bytes()
                .chunks(76)
                .map(|c| std::str::from_utf8(c).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n")
        }
    }

    #[test]
    fn over_and_under_the_limit() {
        let big = raw_draft(&with_attachment(21 * 1024 * 1024));
        assert_eq!(run(&LargeAttachment, &big).len(), 1);
        let small = raw_draft(&with_attachment(1024));
        assert_eq!(small.attachments.len(), 1);
        assert!(run(&LargeAttachment, &small).is_empty());
    }
}
