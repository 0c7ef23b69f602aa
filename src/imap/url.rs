//! IMAP URLs (RFC 5092): `imaps://user@host[:port][/Folder]` (implicit TLS, port 993) and
//! `imap://user@host[:port][/Folder]` (STARTTLS required, port 143). `;AUTH=…` in the user part
//! and `;UIDVALIDITY=…` / `/;UID=…` after the folder are accepted and ignored. Parsing is the `url`
//! crate's; percent-escapes in the user and folder are decoded.

use std::fmt;

use super::ImapError;

/// How the connection is encrypted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Security {
    /// `imaps://`: TLS from the first byte.
    Tls,
    /// `imap://`: plain TCP upgraded with STARTTLS; a server without it is refused.
    StartTls,
}

/// A parsed IMAP URL.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ImapUrl {
    pub security: Security,
    pub user: String,
    pub host: String,
    pub port: u16,
    /// The folder, `None` when only the account is named (then INBOX and the SPECIAL-USE
    /// folders are read).
    pub folder: Option<String>,
}

/// Whether `s` is meant as an IMAP URL (and not a file path).
pub fn is_imap_url(s: &str) -> bool {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    lower.starts_with("imaps://") || lower.starts_with("imap://")
}

impl ImapUrl {
    pub fn parse(s: &str) -> Result<Self, ImapError> {
        let mut shown = s.to_string();
        let bad = |shown: &str, why: &str| ImapError::Url {
            url: shown.to_string(),
            why: why.to_string(),
        };
        let u = url::Url::parse(s).map_err(|e| bad(&shown, &e.to_string()))?;
        if u.password().is_some() {
            let mut r = u.clone();
            let _ = r.set_password(None);
            shown = r.to_string();
        }
        let bad = |why: &str| bad(&shown, why);
        let security = match u.scheme() {
            "imaps" => Security::Tls,
            "imap" => Security::StartTls,
            _ => return Err(bad("not an imap:// or imaps:// URL")),
        };
        let host = u
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("no host"))?
            .to_string();
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if u.password().is_some() {
            return Err(bad(
                "a password in the URL is refused: set `[imap] password_env` or \
                 `password_command` (see docs/imap.md)",
            ));
        }
        let user = decode(u.username());
        let user = user.split(';').next().unwrap_or_default().to_string();
        if user.is_empty() {
            return Err(bad("no user: write it as imaps://user@host/INBOX"));
        }
        let port = u.port().unwrap_or(match security {
            Security::Tls => 993,
            Security::StartTls => 143,
        });
        let path = u.path().trim_start_matches('/');
        // `Folder;UIDVALIDITY=1/;UID=2`: the folder is what comes before the first `;`, and
        // before a `/;` part.
        let path = path.split("/;").next().unwrap_or_default();
        let path = path.split(';').next().unwrap_or_default();
        // As the user sees it; a name copied in modified UTF-7 is decoded (see [`super::utf7`]).
        let folder = super::utf7::normalize(&decode(path.trim_end_matches('/')));
        let folder = (!folder.is_empty()).then_some(folder);
        if let Some(f) = &folder
            && f.chars().any(|c| c.is_control())
        {
            return Err(bad("the folder name holds a control character"));
        }
        Ok(ImapUrl {
            security,
            user,
            host,
            port,
            folder,
        })
    }

    /// The same account with another folder.
    pub fn with_folder(&self, folder: &str) -> Self {
        ImapUrl {
            folder: Some(folder.to_string()),
            ..self.clone()
        }
    }

    /// `user@host` (with `:port` when not the default): the key of `[imap.accounts]` and of the
    /// cache folder.
    pub fn account(&self) -> String {
        let default = match self.security {
            Security::Tls => 993,
            Security::StartTls => 143,
        };
        if self.port == default {
            format!("{}@{}", self.user, self.host)
        } else {
            format!("{}@{}:{}", self.user, self.host, self.port)
        }
    }
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

impl fmt::Display for ImapUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.security {
            Security::Tls => "imaps",
            Security::StartTls => "imap",
        };
        write!(f, "{scheme}://{}", self.account())?;
        if let Some(folder) = &self.folder {
            write!(f, "/{folder}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ImapUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imaps_with_folder_and_default_port() {
        let u = ImapUrl::parse("imaps://marco%40studio.it@mail.example.com/INBOX").unwrap();
        assert_eq!(u.security, Security::Tls);
        assert_eq!(u.user, "marco@studio.it");
        assert_eq!(u.host, "mail.example.com");
        assert_eq!(u.port, 993);
        assert_eq!(u.folder.as_deref(), Some("INBOX"));
        assert_eq!(
            u.to_string(),
            "imaps://marco@studio.it@mail.example.com/INBOX"
        );
    }

    #[test]
    fn imap_with_port_nested_folder_and_rfc5092_parts() {
        let u =
            ImapUrl::parse("imap://me;AUTH=*@h:1143/%5BGmail%5D/Sent%20Mail;UIDVALIDITY=7/;UID=3")
                .unwrap();
        assert_eq!(u.security, Security::StartTls);
        assert_eq!(u.user, "me");
        assert_eq!(u.port, 1143);
        assert_eq!(u.folder.as_deref(), Some("[Gmail]/Sent Mail"));
        assert_eq!(u.account(), "me@h:1143");
    }

    #[test]
    fn folder_names_are_kept_as_the_user_sees_them() {
        let ru = "Отправленные";
        let escaped = utf8_escape(ru);
        for url in [
            format!("imaps://me@h/{ru}"),
            format!("imaps://me@h/{escaped}"),
            "imaps://me@h/&BB4EQgQ,BEAEMAQyBDsENQQ9BD0ESwQ1-".to_string(),
        ] {
            let u = ImapUrl::parse(&url).unwrap();
            assert_eq!(u.folder.as_deref(), Some(ru), "{url}");
        }
        let it = ImapUrl::parse("imaps://me@h/Posta%20inviata").unwrap();
        assert_eq!(it.folder.as_deref(), Some("Posta inviata"));
    }

    fn utf8_escape(s: &str) -> String {
        percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
    }

    #[test]
    fn account_only_and_refusals() {
        assert_eq!(ImapUrl::parse("imaps://me@h").unwrap().folder, None);
        assert_eq!(ImapUrl::parse("imaps://me@h/").unwrap().folder, None);
        for bad in [
            "imaps://h/INBOX",
            "imaps://me:pw@h/INBOX",
            "pop3://me@h",
            "imaps://me@",
        ] {
            let e = ImapUrl::parse(bad).unwrap_err().to_string();
            assert!(!e.contains("pw@"), "the password is not echoed: {e}");
        }
        assert!(is_imap_url("IMAPS://me@h"));
        assert!(is_imap_url("imap://me@h"));
        assert!(!is_imap_url("/home/me/Mail"));
        assert!(!is_imap_url("imap"));
    }
}
