//! Unit tests of `outbox::pg`.

use super::*;

#[test]
fn migrations_are_numbered_in_order() {
    for (i, m) in MIGRATIONS.iter().enumerate() {
        assert_eq!(m.0, i as i32 + 1);
    }
    assert_eq!(latest_version(), MIGRATIONS.len() as i32);
}

#[test]
fn ids_and_owners() {
    let a = random_hex(12);
    assert_eq!(a.len(), 12);
    assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
    assert_ne!(a, random_hex(12));
    assert_ne!(owner_name(), owner_name());
    assert_eq!(
        shown_url("postgresql://desk@db:5432/desk?sslmode=disable"),
        "postgresql://desk@db:5432/desk"
    );
}

#[test]
fn tls_options_are_taken_out_of_the_url() {
    let (rest, mode, root) = split_tls_options(
        "postgresql://desk@db/desk?connect_timeout=5&sslmode=verify-full&sslrootcert=%2Fca.pem",
    );
    assert_eq!(rest, "postgresql://desk@db/desk?connect_timeout=5");
    assert_eq!(mode.as_deref(), Some("verify-full"));
    assert_eq!(root.as_deref(), Some("/ca.pem"));
    let (rest, mode, root) = split_tls_options("postgresql://desk@db/desk");
    assert_eq!(
        (rest.as_str(), mode, root),
        ("postgresql://desk@db/desk", None, None)
    );
}

#[test]
fn tls_modes() {
    use postgres::config::SslMode;
    let setup = |mode: Option<&str>, root: Option<&str>, ca: Option<&Path>| {
        let mut c = postgres::Config::new();
        let r = tls_setup(&mut c, mode, root, ca, None);
        (r.map(|t| matches!(t, Tls::On(_))), c.get_ssl_mode())
    };
    // No mode, no CA: plaintext, and no TLS request either.
    assert_eq!(setup(None, None, None), (Ok(false), SslMode::Disable));
    assert_eq!(
        setup(Some("disable"), None, None),
        (Ok(false), SslMode::Disable)
    );
    for m in ["require", "verify-full"] {
        assert_eq!(setup(Some(m), None, None), (Ok(true), SslMode::Require));
    }
    assert_eq!(
        setup(Some("prefer"), None, None),
        (Ok(true), SslMode::Prefer)
    );
    // `sslrootcert=system`: the platform's roots, TLS required.
    assert_eq!(
        setup(None, Some("system"), None),
        (Ok(true), SslMode::Require)
    );
    let e = setup(Some("verify-ca"), None, None).0.unwrap_err();
    assert!(e.0 == "database" && e.1.contains("not supported"), "{e:?}");
    let e = setup(Some("disable"), Some("/x.pem"), None).0.unwrap_err();
    assert!(e.1.contains("sslmode=disable"), "{e:?}");
    let e = setup(None, Some("/a.pem"), Some(Path::new("/b.pem")))
        .0
        .unwrap_err();
    assert!(e.0 == "ca_file" && e.1.contains("not both"), "{e:?}");
    // A CA file that is missing or not PEM: named, no connection tried.
    let e = setup(None, None, Some(Path::new("/nonexistent/ca.pem")))
        .0
        .unwrap_err();
    assert!(
        e.0 == "ca_file" && e.1.contains("/nonexistent/ca.pem: cannot read"),
        "{e:?}"
    );
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("ca.pem");
    std::fs::write(&junk, "not a certificate\n").unwrap();
    let e = setup(Some("verify-full"), None, Some(&junk)).0.unwrap_err();
    assert!(e.1.contains("no PEM certificate"), "{e:?}");
}
