//! Unit tests of `outbox::smtp`.

use super::transaction::{certificate_hint, data_block};
use super::*;
use crate::config::{ConfigFile, Settings};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

fn settings_at(path: &Path, text: &str, mode: u32) -> Settings {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    let file: ConfigFile = toml::from_str(text).unwrap();
    Settings::from_config(Some(path), file).unwrap()
}

#[test]
fn refuses_unsafe_configs_and_keeps_the_password_out_of_debug() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.toml");
    let text = "[smtp]\nhost = \"mail.example.com\"\nusername = \"me\"\npassword_command = \"echo s3cret-pw\"\n";
    let e = settings_at(&p, text, 0o644)
        .smtp_account()
        .unwrap_err()
        .to_string();
    assert!(e.contains("group or others can read or write"), "{e}");
    let acct = settings_at(&p, text, 0o600).smtp_account().unwrap();
    assert_eq!(acct.port, 587);
    assert!(!format!("{acct:?}").contains("s3cret-pw"));

    let text = "[smtp]\nhost = \"h\"\ntls = \"none\"\nusername = \"me\"\npassword_env = \"X_PW\"\n";
    let e = settings_at(&p, text, 0o600)
        .smtp_account()
        .unwrap_err()
        .to_string();
    assert!(e.contains("unencrypted"), "{e}");
    let text = "[smtp]\nhost = \"h\"\ntls = \"maybe\"\n";
    let e = settings_at(&p, text, 0o644)
        .smtp_account()
        .unwrap_err()
        .to_string();
    assert!(e.contains("smtp.tls"), "{e}");
    let text = "[smtp]\nhost = \"h\"\nusername = \"me\"\npassword_command = \"exit 3\"\n";
    let e = settings_at(&p, text, 0o600)
        .smtp_account()
        .unwrap_err()
        .to_string();
    assert!(e.contains("password command failed"), "{e}");
    // A relay with no password: fine at any mode.
    let text = "[smtp]\nhost = \"localhost\"\ntls = \"none\"\n";
    let acct = settings_at(&p, text, 0o644).smtp_account().unwrap();
    assert_eq!((acct.port, acct.tls), (25, TlsMode::None));
}

/// Trust boundaries 10: a config others can write is refused like one they can read.
#[test]
fn a_password_config_others_can_write_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.toml");
    let text = "[smtp]\nhost = \"h\"\nusername = \"me\"\npassword_env = \"X_PW_UNSET\"\n";
    for mode in [0o622, 0o602, 0o620, 0o640, 0o604] {
        let settings = settings_at(&p, text, mode);
        let e = settings.smtp_account().unwrap_err().to_string();
        assert!(
            e.contains("group or others can read or write"),
            "{mode:o}: {e}"
        );
        assert!(settings.check_password_config().is_err(), "{mode:o}");
    }
    assert!(settings_at(&p, text, 0o600).check_password_config().is_ok());
}

/// Trust boundaries 9: the password command has a time bound and a size bound.
#[test]
fn the_password_command_is_bounded_in_time_and_size() {
    let t = Instant::now();
    let e = run_password_command("sleep 1000", Duration::from_secs(1))
        .unwrap_err()
        .to_string();
    assert!(e.contains("did not finish within 1 s"), "{e}");
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    // Endless output: bounded memory, stopped at the timeout.
    let e = run_password_command("yes pw", Duration::from_secs(1))
        .unwrap_err()
        .to_string();
    assert!(e.contains("did not finish"), "{e}");
    // A first line over 4 KiB is refused; only the first line is the password.
    let e = run_password_command(
        "head -c 5000 /dev/zero | tr '\\0' a",
        Duration::from_secs(5),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("longer than 4096 bytes"), "{e}");
    let pw = run_password_command("printf 'first\\nsecond\\n'", Duration::from_secs(5));
    assert_eq!(pw.as_deref(), Ok("first"));
    // A child in the background does not keep it waiting.
    let t = Instant::now();
    let pw = run_password_command("sleep 30 & echo quick", Duration::from_secs(5));
    assert_eq!(pw.as_deref(), Ok("quick"));
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
}

#[test]
fn ca_file_resolves_home_and_paths_relative_to_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.toml");
    let cannot_read = |text: &str| {
        settings_at(&p, text, 0o600)
            .smtp_account()
            .unwrap_err()
            .to_string()
    };
    // `~/`: under $HOME (read from the environment, never changed or written to here).
    let home = std::env::var_os("HOME").expect("HOME is set");
    let name = format!("mailcheck-test-{}-missing.pem", std::process::id());
    let e = cannot_read(&format!("[smtp]\nhost = \"h\"\nca_file = \"~/{name}\"\n"));
    let want = Path::new(&home).join(&name);
    assert!(e.contains("smtp.ca_file"), "{e}");
    assert!(
        e.contains(&format!("{}: cannot read", want.display())),
        "{e}"
    );
    // Relative: next to the config file, whatever the current directory.
    let e = cannot_read("[smtp]\nhost = \"h\"\nca_file = \"certs/missing.pem\"\n");
    let want = dir.path().join("certs/missing.pem");
    assert!(
        e.contains(&format!("{}: cannot read", want.display())),
        "{e}"
    );
    std::fs::write(dir.path().join("ca.pem"), b"pem bytes").unwrap();
    let text = "[smtp]\nhost = \"h\"\nca_file = \"ca.pem\"\n";
    let acct = settings_at(&p, text, 0o600).smtp_account().unwrap();
    assert_eq!(acct.ca_pem.as_deref(), Some(&b"pem bytes"[..]));
}

#[test]
fn data_block_dot_stuffs_and_ends_the_data_in_one_piece() {
    assert_eq!(data_block(b"a\r\nb\r\n"), b"a\r\nb\r\n.\r\n");
    assert_eq!(
        data_block(b".x\r\n.\r\nb..\r\n..y\r\n"),
        b"..x\r\n..\r\nb..\r\n...y\r\n.\r\n"
    );
    // No final CRLF: the end marker adds one.
    assert_eq!(data_block(b"a"), b"a\r\n.\r\n");
    assert_eq!(data_block(b""), b"\r\n.\r\n");
}

#[test]
fn each_sender_has_its_own_account_and_never_another() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.toml");
    let text = "[smtp]\nhost = \"smtp.desk.example\"\nfrom = \"desk@desk.example\"\ntimeout = 7\n\
                [smtp.accounts.\"Anna@Desk.example\"]\nport = 2587\nusername = \"anna\"\n\
                password_env = \"MC_UNIT_ANNA_PW\"\n";
    let settings = settings_at(&p, text, 0o600);
    let source = settings.smtp_source();
    assert_eq!(
        source.choose("ANNA@desk.example"),
        Ok(Some("anna@desk.example".into()))
    );
    // The default account serves its own `from` only, once there are accounts.
    assert_eq!(source.choose("desk@desk.example"), Ok(None));
    let e = source.choose("carla@desk.example").unwrap_err().en();
    assert!(e.contains("[smtp.accounts.\"carla@desk.example\"]"), "{e}");
    let e = source
        .for_message(Some("carla@desk.example"), "carla@desk.example")
        .unwrap_err();
    assert_eq!(
        e.en(),
        "not sent: it was queued for the SMTP account `carla@desk.example`, which this config \
         does not have: add `[smtp.accounts.\"carla@desk.example\"]`, then `mailcheck outbox retry`"
    );
    assert!(
        e.text(crate::lang::Lang::It).contains("non inviato"),
        "{e:?}"
    );
    assert!(
        e.text(crate::lang::Lang::Ru).contains("не отправлено"),
        "{e:?}"
    );
    // The account: its own port and user, the rest from [smtp]; errors name its keys.
    let e = source
        .account_for(Some("anna@desk.example"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("smtp.accounts.\"anna@desk.example\".password_env"),
        "{e}"
    );
    // Without accounts, every sender uses [smtp], as for one person.
    let one = settings_at(&p, "[smtp]\nhost = \"smtp.example.com\"\n", 0o600).smtp_source();
    assert_eq!(one.choose("anyone@example.com"), Ok(None));
    assert!(
        one.for_message(Some("anna@desk.example"), "anna@desk.example")
            .is_err()
    );
}

/// The hints of a misconfigured `[smtp]` (an untrusted or wrong-name certificate, STARTTLS
/// missing, AUTH without TLS) in the interface language; the step and the TLS library's words
/// stay as they came. English is what it always was.
#[test]
fn smtp_setup_hints_speak_the_interface_language() {
    use crate::error::ConfigError;
    use crate::lang::Lang;
    let tls = "invalid peer certificate: UnknownIssuer";
    assert!(certificate_hint("h:587: STARTTLS", "connection refused", "h").is_none());
    let (key, m) = certificate_hint("h:587: STARTTLS", tls, "h").unwrap();
    assert_eq!(key, "ca_file");
    assert_eq!(
        m.text(Lang::En),
        "h:587: STARTTLS: invalid peer certificate: UnknownIssuer; the server's certificate is \
         not signed by a trusted authority (self-signed or a private CA): set `ca_file` to the \
         CA certificate that signed it"
    );
    let it = m.text(Lang::It);
    assert!(
        it.starts_with(&format!("h:587: STARTTLS: {tls}; il certificato")),
        "{it}"
    );
    assert!(it.contains("`ca_file`"), "{it}");
    let ru = m.text(Lang::Ru);
    assert!(
        ru.starts_with(&format!("h:587: STARTTLS: {tls}; сертификат")),
        "{ru}"
    );
    assert!(ru.contains("`ca_file`"), "{ru}");

    let name = "invalid peer certificate: certificate not valid for name \"mail.example.it\"";
    let (key, m) = certificate_hint(
        "mail.example.it:465: connecting (TLS)",
        name,
        "mail.example.it",
    )
    .unwrap();
    assert_eq!(key, "host");
    for lang in Lang::ALL {
        let said = m.text(lang);
        assert!(
            said.contains(name) && said.contains("`mail.example.it`"),
            "{said}"
        );
    }
    assert!(m.text(Lang::It).contains("non è valido per il nome"));
    assert!(m.text(Lang::Ru).contains("выдан не на имя"));

    // As the CLI shows them: path and key, then the message in the language.
    let e = ConfigError::Setting {
        path: "c.toml".into(),
        key: "smtp.tls".into(),
        message: crate::msg!("smtp-no-starttls", server = "h:587"),
    };
    assert_eq!(e.localized(Lang::En), e.to_string());
    assert!(
        e.to_string()
            .starts_with("c.toml: `smtp.tls`: h:587 does not offer STARTTLS;")
    );
    assert!(e.localized(Lang::It).contains("h:587 non offre STARTTLS"));
    assert!(
        e.localized(Lang::Ru)
            .contains("h:587 не предлагает STARTTLS")
    );

    // AUTH with tls = "none", refused when the config is read.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("c.toml");
    let text = "[smtp]\nhost = \"h\"\ntls = \"none\"\nusername = \"me\"\npassword_env = \"X_PW\"\n";
    let e = settings_at(&p, text, 0o600).smtp_account().unwrap_err();
    assert_eq!(e.localized(Lang::En), e.to_string());
    assert!(
        e.to_string()
            .contains("AUTH is never sent over an unencrypted connection")
    );
    assert!(
        e.localized(Lang::It)
            .contains("`smtp.tls`: AUTH non viene mai inviato"),
        "{}",
        e.localized(Lang::It)
    );
    assert!(
        e.localized(Lang::Ru)
            .contains("`smtp.tls`: AUTH никогда не отправляется"),
        "{}",
        e.localized(Lang::Ru)
    );
}

/// Implicit TLS against a plain-text port (the TLS library reads "220 ..." as a record of no known
/// type) is told from other TLS failures, and the hint names the port in the three languages.
#[test]
fn tls_against_a_plain_text_port_is_told_apart() {
    use super::transaction::plain_text_hint;
    use crate::lang::Lang;
    let what = "h:25: connecting (TLS)";
    let text = "network error: received corrupt message of type InvalidContentType";
    assert!(plain_text_hint(what, "connection refused", 25).is_none());
    assert!(plain_text_hint(what, "invalid peer certificate: UnknownIssuer", 25).is_none());
    let m = plain_text_hint(what, text, 25).unwrap();
    for (lang, words) in [
        (Lang::En, "does not speak TLS on port 25"),
        (Lang::It, "non parla TLS sulla porta 25"),
        (Lang::Ru, "не говорит TLS на порту 25"),
    ] {
        let said = m.text(lang);
        assert!(said.starts_with(&format!("{what}: {text}; ")), "{said}");
        assert!(
            said.contains(words) && said.contains("tls = \"starttls\""),
            "{said}"
        );
    }
}
