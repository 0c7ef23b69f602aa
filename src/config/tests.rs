//! Unit tests of `config` (its own file: `mod.rs` stays under the size limit).

use super::*;

fn settings(text: &str) -> Result<Settings, ConfigError> {
    let file: ConfigFile = toml_error::parse(Path::new("t.toml"), text)?;
    Settings::from_config(Some(Path::new("t.toml")), file)
}

#[test]
fn errors_name_the_key() {
    let e = settings("[sender]\ntimezone = \"Europe/Rom\"")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("sender.timezone") && e.contains("Europe/Rom"),
        "{e}"
    );
    let e = settings("[sender]\nbusiness_hours = \"9-18\"")
        .unwrap_err()
        .to_string();
    assert!(e.contains("sender.business_hours"), "{e}");
    let e = settings("allow = [\"too-lng\"]").unwrap_err().to_string();
    assert!(e.contains("allow") && e.contains("too-lng"), "{e}");
    let e = settings("[rules.nope]\nseverity = \"error\"")
        .unwrap_err()
        .to_string();
    assert!(e.contains("rules.nope"), "{e}");
    let e = settings("[rules.too-long]\nmax_wrods = 3")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("rules.too-long") && e.contains("max_wrods"),
        "{e}"
    );
    let e = settings("[recipients]\n\"example.jp\" = \"Tokio\"")
        .unwrap_err()
        .to_string();
    assert!(e.contains("recipients.\"example.jp\""), "{e}");
    assert!(settings("colour = 1").is_err());
    let e = settings("[limits]\nmax_parts = 0").unwrap_err();
    assert!(matches!(e, ConfigError::Setting { ref key, .. } if key == "limits.max_parts"));
    let e = e.to_string();
    assert!(
        e.contains("t.toml") && e.contains("`limits.max_parts`"),
        "{e}"
    );
    assert!(settings("[limits]\nmax_parts = 1").is_ok());
}

/// Each family of setting errors: English word for word as it was (the `Display`), Italian
/// and Russian in their own words around the same key and value.
#[test]
fn setting_errors_in_three_languages() {
    use crate::lang::Lang;
    let err = |text: &str| -> ConfigError {
        let s = match settings(text) {
            Ok(s) => s,
            Err(e) => return e,
        };
        if let Err(e) = s.outbox() {
            return e;
        }
        if let Err(e) = s.sendmail_mode() {
            return e;
        }
        if let Err(e) = s.desk() {
            return e;
        }
        s.serve()
            .err()
            .unwrap_or_else(|| panic!("no error for {text}"))
    };
    let cases = [
        (
            "allow = [\"nope\"]",
            "t.toml: `allow`: unknown rule `nope`",
            "regola sconosciuta `nope`",
            "неизвестное правило `nope`",
        ),
        (
            "[sender]\ntimezone = \"Europe/Rom\"",
            "t.toml: `sender.timezone`: `Europe/Rom` is not an IANA time zone (like \"Europe/Rome\")",
            "non è un fuso orario IANA",
            "не часовой пояс IANA",
        ),
        (
            "[sender]\nbusiness_hours = \"18:00-09:00\"",
            "t.toml: `sender.business_hours`: `18:00-09:00`: the day must open before it closes",
            "la giornata deve aprire prima di chiudere",
            "рабочий день должен начинаться",
        ),
        (
            "[sender]\nbusiness_days = [\"Lun\"]",
            "t.toml: `sender.business_days`: `Lun` is not a day of the week (Mon, Tue, ...)",
            "non è un giorno della settimana",
            "не день недели",
        ),
        (
            "[rules.report]\nseverity = \"error\"",
            "t.toml: `rules.report.severity`: `report` holds data, not a rule: it has no severity",
            "contiene dati, non è una regola",
            "это данные, а не правило",
        ),
        (
            "[rules.too-long]\nseverity = \"loud\"",
            "t.toml: `rules.too-long.severity`: \"loud\" is not one of \"error\", \"warning\", \"hint\", \"off\"",
            "\"loud\" non è tra \"error\"",
            "\"loud\" — не одно из значений",
        ),
        (
            "[limits]\nmax_parts = 0",
            "t.toml: `limits.max_parts`: 0 is not a usable limit (it would refuse or cut drafts \
             that are fine); use at least 1, or leave the key out for the default",
            "non è un limite utilizzabile",
            "непригодный предел",
        ),
        (
            "[outbox]\npath = \"/tmp/x\"\ntick = \"soon\"",
            "t.toml: `outbox.tick`: `soon` is not a duration like \"30s\", \"5m\", \"4h\" or \"5d\"",
            "non è una durata",
            "не продолжительность",
        ),
        (
            "[outbox]\npath = \"/tmp/x\"\nsend_windows = [\"9am\"]",
            "t.toml: `outbox.send_windows`: `9am` is not a time of day like \"09:00\"",
            "non è un'ora del giorno",
            "не время дня",
        ),
        (
            "[outbox]\npath = \"/tmp/x\"\n[sendmail]\nmode = \"now\"",
            "t.toml: `sendmail.mode`: `now` is not one of \"queue\", \"send\"",
            "`now` non è tra \"queue\", \"send\"",
            "`now` — не одно из значений",
        ),
        (
            "[outbox]\npath = \"/tmp/x\"\n[desk]\nstatus_due = \"friday\"",
            "t.toml: `desk.status_due`: `friday` is not a weekday and a time like \"fri 14:00\"",
            "non è un giorno e un'ora",
            "не день недели и время",
        ),
        (
            "[outbox]\npath = \"/tmp/x\"\n[serve]\nlisten = \"\"\ntls_listen = \"\"",
            "t.toml: `serve.listen`: both `listen` and `tls_listen` are off: nothing to serve",
            "sono entrambi spenti",
            "выключены",
        ),
        (
            "[outbox]\npath = \"/tmp/x\"\n[serve]\nlisten = \"localhost\"",
            "t.toml: `serve.listen`: `localhost` is not an address and port like \"127.0.0.1:1587\"",
            "non è un indirizzo con porta",
            "не адрес с портом",
        ),
        (
            "[outbox]\npath = \"/tmp/x\"\n[serve]\nusername = \"\"",
            "t.toml: `serve.username`: missing: the name mail clients log in with",
            "manca: il nome",
            "не задано: имя",
        ),
    ];
    for (text, en, it, ru) in cases {
        let e = err(text);
        assert!(matches!(e, ConfigError::Setting { .. }), "{e:?}");
        assert_eq!(e.to_string(), en);
        assert_eq!(e.localized(Lang::En), en);
        let (i, r) = (e.localized(Lang::It), e.localized(Lang::Ru));
        assert!(i.contains(it) && i.starts_with("t.toml: `"), "{i}");
        assert!(r.contains(ru) && r.starts_with("t.toml: `"), "{r}");
    }
    let e = err("[outbox]\npath = \"/tmp/x\"");
    let en = e.to_string();
    assert!(
        en.starts_with(
            "t.toml: `serve`: no [serve] section: `mailcheck serve` needs one; add \
                        these lines (and set the password in the variable):\n\n[serve]\n"
        ),
        "{en}"
    );
    assert_eq!(e.localized(Lang::En), en);
    assert!(
        e.localized(Lang::It)
            .contains("variabile):\n\n[serve]\nlisten")
    );

    // `[smtp]` and its accounts, made when a message is due.
    let smtp = |text: &str| match settings(text).map(|s| s.smtp_account()) {
        Ok(Err(crate::outbox::OutboxError::Config(e))) => e,
        other => panic!("no config error for {text}: {other:?}"),
    };
    let cases = [
        (
            "[smtp]\nport = 25",
            "t.toml: `smtp.host`: missing: the SMTP server's name",
            "manca: il nome del server SMTP",
            "не задано: имя SMTP-сервера",
        ),
        (
            "[smtp]\nhost = \"mx\"\ntls = \"ssl\"",
            "t.toml: `smtp.tls`: `ssl` is not one of \"starttls\", \"tls\", \"none\"",
            "`ssl` non è tra \"starttls\"",
            "`ssl` — не одно из значений",
        ),
    ];
    for (text, en, it, ru) in cases {
        let e = smtp(text);
        assert!(matches!(e, ConfigError::Setting { .. }), "{e:?}");
        assert_eq!(e.to_string(), en);
        assert_eq!(e.localized(Lang::En), en);
        assert!(
            e.localized(Lang::It).contains(it),
            "{}",
            e.localized(Lang::It)
        );
        assert!(
            e.localized(Lang::Ru).contains(ru),
            "{}",
            e.localized(Lang::Ru)
        );
    }

    // `[outbox] database`, refused before any connection is tried.
    let outbox = settings(
        "[outbox]\npath = \"/tmp/x\"\ndatabase = \"postgresql://desk:secret@127.0.0.1/desk\"",
    )
    .and_then(|s| s.outbox())
    .expect("outbox settings");
    let Err(crate::outbox::OutboxError::Config(e)) = crate::outbox::pg::connect(&outbox) else {
        panic!("a password in the URL is not refused");
    };
    assert_eq!(
        e.to_string(),
        "t.toml: `outbox.database`: the URL holds a password: put it in `password_env` or \
         `password_command`"
    );
    assert!(
        e.localized(Lang::It)
            .contains("l'URL contiene una password")
    );
    assert!(e.localized(Lang::Ru).contains("в адресе есть пароль"));
}

#[test]
fn recipient_zones_by_address_and_domain() {
    let s = settings(
        "[recipients]\n\"example.jp\" = \"Asia/Tokyo\"\n\"anna@example.ru\" = \"Europe/Moscow\"",
    )
    .unwrap();
    assert_eq!(s.zone_of("Ken@Example.JP"), Some(chrono_tz::Asia::Tokyo));
    assert_eq!(
        s.zone_of("ken@mail.example.jp"),
        Some(chrono_tz::Asia::Tokyo)
    );
    assert_eq!(
        s.zone_of("anna@example.ru"),
        Some(chrono_tz::Europe::Moscow)
    );
    assert_eq!(s.zone_of("boris@example.ru"), None);
}

#[test]
fn rule_tables_override_severity_thresholds_and_extend_lists() {
    let s = settings(
        "[rules.too-long]\nseverity = \"error\"\nmax_words = 50\n[rules.angry-tone]\nseverity = \"off\"\n[rules.angry-tone.it]\nhostile = [\"porca miseria\"]",
    )
    .unwrap();
    assert_eq!(s.severity_of("too-long"), Some(Severity::Error));
    assert_eq!(s.severity_of("angry-tone"), None);
    assert_eq!(s.env.lexicon.int("too-long", "max_words"), Some(50));
    let it = s.env.lexicon.entries(
        "angry-tone",
        "hostile",
        crate::lexicon::Scope::Lang(crate::draft::Lang::It),
    );
    assert!(it.contains(&"porca miseria"));
}

#[test]
fn report_and_desk_data_extend_from_the_config_without_a_severity() {
    use crate::desk::report::categories::Categories;
    let s = settings(
        "[rules.report]\nfaq_max = 3\n[rules.report.en]\nwholesale = [\"wholesale\", \"reseller*\"]\n\
         [rules.desk.any]\nautomated_senders = [\"robot\"]",
    )
    .unwrap();
    let cats = Categories::from_lexicon(&s.env.lexicon);
    let all = cats.all();
    assert_eq!(&all[all.len() - 2..], ["wholesale", "other"]);
    assert_eq!(
        cats.name(cats.classify(&s.env.lexicon, "Are you looking for resellers?")),
        "wholesale"
    );
    assert_eq!(s.env.lexicon.int("report", "faq_max"), Some(3));
    assert!(
        s.env
            .lexicon
            .entries("desk", "automated_senders", crate::lexicon::Scope::All)
            .contains(&"robot")
    );
    let e = settings("[rules.report]\nseverity = \"off\"").unwrap_err();
    assert!(
        matches!(e, ConfigError::Setting { ref key, .. } if key == "rules.report.severity"),
        "{e}"
    );
    let e = settings("[rules.report]\nfaq_mxa = 3")
        .unwrap_err()
        .to_string();
    assert!(e.contains("rules.report") && e.contains("faq_mxa"), "{e}");
}

/// The password settings' errors (a config others can read, a password command that does not
/// end, `[imap]`'s both or neither): English word for word as it was, Italian and Russian in
/// their own words around the same path, key and value.
#[test]
fn secret_errors_in_three_languages() {
    use crate::imap::{ImapError, ImapUrl};
    use crate::lang::Lang;
    use crate::outbox::OutboxError;
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mailcheck.toml");
    let p = path.display().to_string();
    let at = |text: &str, mode: u32| -> Settings {
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        let file: ConfigFile = toml::from_str(text).unwrap();
        Settings::from_config(Some(&path), file).unwrap()
    };
    let smtp = |text: &str, mode: u32| match at(text, mode).smtp_account() {
        Err(OutboxError::Config(e)) => (
            e.to_string(),
            e.localized(Lang::En),
            e.localized(Lang::It),
            e.localized(Lang::Ru),
        ),
        other => panic!("{other:?}"),
    };
    let url = ImapUrl::parse("imaps://me@h/INBOX").unwrap();
    let imap = |text: &str, mode: u32| match at(text, mode).imap().account(&url) {
        Err(e @ ImapError::Config { .. }) => (
            e.to_string(),
            e.localized(Lang::En),
            e.localized(Lang::It),
            e.localized(Lang::Ru),
        ),
        Err(e) => panic!("{e:?}"),
        Ok(_) => panic!("no error for {text}"),
    };
    let smtp_env = "[smtp]\nhost = \"h\"\nusername = \"me\"\npassword_env = \"MC_T21F_UNSET\"\n";
    let imap_env = "[imap]\npassword_env = \"MC_T21F_UNSET\"\n";
    let cases = [
        (
            smtp(smtp_env, 0o644),
            format!(
                "{p}: `smtp`: {p} holds password settings and group or others can read or \
                 write it (mode 644); run `chmod 600 {p}`"
            ),
            "contiene impostazioni di password e il gruppo o altri utenti possono leggerlo o \
             modificarlo (permessi 644); esegua `chmod 600 ",
            "содержит настройки пароля, и группа или другие пользователи могут его читать или \
             изменять (права 644); выполните `chmod 600 ",
        ),
        (
            smtp(
                "[smtp]\nhost = \"h\"\nusername = \"me\"\npassword_command = \"sleep 30\"\n\
                 password_timeout = 1\n",
                0o600,
            ),
            format!(
                "{p}: `smtp.password_command`: the password command did not finish within 1 s \
                 (set `password_timeout` for a slower one)"
            ),
            "il comando della password non è terminato entro 1 s (imposti `password_timeout`",
            "команда пароля не завершилась за 1 с (для более медленной команды задайте \
             `password_timeout`)",
        ),
        (
            imap(imap_env, 0o640),
            format!(
                "{p}: imap: {p} holds password settings and group or others can read or write \
                 it (mode 640); run `chmod 600 {p}`"
            ),
            "(permessi 640); esegua `chmod 600 ",
            "(права 640); выполните `chmod 600 ",
        ),
        (
            imap(
                "[imap]\npassword_env = \"MC_T21F_UNSET\"\npassword_command = \"echo pw\"\n",
                0o600,
            ),
            format!(
                "{p}: imap.password_command: set either `password_command` or `password_env`, \
                 not both"
            ),
            "imposti `password_command` oppure `password_env`, non entrambi",
            "задайте либо `password_command`, либо `password_env`, но не оба",
        ),
        (
            imap(imap_env, 0o600),
            format!("{p}: imap.password_env: the environment variable `MC_T21F_UNSET` is not set"),
            "la variabile d'ambiente `MC_T21F_UNSET` non è impostata",
            "переменная окружения `MC_T21F_UNSET` не задана",
        ),
        (
            imap("[imap]\ntimeout = 5\n", 0o600),
            format!(
                "{p}: imap: no password for me@h: set `password_env` or `password_command` in \
                 [imap] (see docs/imap.md)"
            ),
            "nessuna password per me@h: imposti `password_env` o `password_command` in [imap]",
            "нет пароля для me@h: задайте `password_env` или `password_command` в [imap]",
        ),
    ];
    for ((shown, en_said, it_said, ru_said), en, it, ru) in cases {
        assert_eq!(shown, en);
        assert_eq!(en_said, en);
        assert!(it_said.contains(it) && it_said.starts_with(&p), "{it_said}");
        assert!(ru_said.contains(ru) && ru_said.starts_with(&p), "{ru_said}");
    }
}
