//! One logged-in IMAP session: TCP, TLS (implicit, or STARTTLS which is required for
//! `imap://`), LOGIN. Every step waits at most the account's timeout.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls;

use super::{Account, ImapError, Security};

pub type Session = async_imap::Session<TlsStream<TcpStream>>;

/// A one-thread runtime for the blocking callers (the desk view, a rule).
pub fn runtime(account: &str) -> Result<tokio::runtime::Runtime, ImapError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| ImapError::Connect {
            account: account.to_string(),
            why: format!("cannot start the network runtime: {e}"),
        })
}

/// Runs `fut`, failing with [`ImapError::Timeout`] after the account's timeout.
pub async fn timed<T, E: std::fmt::Display>(
    account: &Account,
    during: &str,
    fut: impl Future<Output = Result<T, E>>,
    wrap: impl FnOnce(String) -> ImapError,
) -> Result<T, ImapError> {
    match tokio::time::timeout(account.timeout, fut).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(wrap(e.to_string())),
        Err(_) => Err(timeout_error(account, during)),
    }
}

pub fn timeout_error(account: &Account, during: &str) -> ImapError {
    ImapError::Timeout {
        account: account.url.account(),
        secs: account.timeout.as_secs(),
        during: during.to_string(),
    }
}

fn tls_config(account: &Account) -> Result<rustls::ClientConfig, ImapError> {
    let name = account.url.account();
    let tls_err = |why: String| ImapError::Tls {
        account: name.clone(),
        why,
    };
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut extra = Vec::new();
    if let Some(pem) = &account.ca_pem {
        use rustls_pki_types::CertificateDer;
        use rustls_pki_types::pem::PemObject;
        for c in CertificateDer::pem_slice_iter(pem) {
            extra.push(c.map_err(|e| tls_err(format!("ca_file: not a PEM certificate: {e}")))?);
        }
        if extra.is_empty() {
            return Err(tls_err("ca_file: no certificate in it".into()));
        }
    }
    let verifier =
        rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider.clone())
            .map_err(|e| tls_err(format!("cannot load the trusted certificates: {e}")))?;
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_err(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    Ok(config)
}

async fn tls(account: &Account, tcp: TcpStream) -> Result<TlsStream<TcpStream>, ImapError> {
    let name = account.url.account();
    let config = tls_config(account)?;
    let server = rustls_pki_types::ServerName::try_from(account.url.host.clone()).map_err(|e| {
        ImapError::Tls {
            account: name.clone(),
            why: format!("`{}` is not a host name: {e}", account.url.host),
        }
    })?;
    let connector = TlsConnector::from(Arc::new(config));
    timed(
        account,
        "TLS handshake",
        connector.connect(server, tcp),
        |why| {
            let hint = if why.contains("UnknownIssuer") || why.contains("invalid peer certificate")
            {
                " (a self-signed certificate or a private CA: set `[imap] ca_file` to the CA \
             certificate that signed it)"
            } else {
                ""
            };
            ImapError::Tls {
                account: name.clone(),
                why: format!("{why}{hint}"),
            }
        },
    )
    .await
}

/// Connects and logs in.
pub async fn connect(account: &Account) -> Result<Session, ImapError> {
    let name = account.url.account();
    let connect_err = |why: String| ImapError::Connect {
        account: name.clone(),
        why,
    };
    let addr = (account.url.host.as_str(), account.url.port);
    let tcp = timed(account, "connect", TcpStream::connect(addr), connect_err).await?;
    let _ = tcp.set_nodelay(true);
    let client = match account.url.security {
        Security::Tls => {
            let stream = tls(account, tcp).await?;
            let mut client = async_imap::Client::new(stream);
            greeting(account, &mut client).await?;
            client
        }
        Security::StartTls => {
            let mut plain = async_imap::Client::new(tcp);
            greeting(account, &mut plain).await?;
            // The server answers BAD/NO when it has no STARTTLS: then nothing else is sent.
            let r = tokio::time::timeout(
                account.timeout,
                plain.run_command_and_check_ok("STARTTLS", None),
            )
            .await
            .map_err(|_| timeout_error(account, "STARTTLS"))?;
            if r.is_err() {
                return Err(ImapError::NoStartTls { account: name });
            }
            let tcp = plain.into_inner();
            let stream = tls(account, tcp).await?;
            async_imap::Client::new(stream)
        }
    };
    let login = tokio::time::timeout(
        account.timeout,
        client.login(&account.url.user, &account.password.0),
    )
    .await
    .map_err(|_| timeout_error(account, "login"))?;
    login.map_err(|(e, _)| ImapError::Login {
        account: name.clone(),
        why: clean_server_text(&e.to_string()),
    })
}

async fn greeting<T>(account: &Account, client: &mut async_imap::Client<T>) -> Result<(), ImapError>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let name = account.url.account();
    match tokio::time::timeout(account.timeout, client.read_response()).await {
        Err(_) => Err(timeout_error(account, "waiting for the server's greeting")),
        Ok(Err(e)) => Err(ImapError::Connect {
            account: name,
            why: e.to_string(),
        }),
        Ok(Ok(None)) => Err(ImapError::Connect {
            account: name,
            why: "the server closed the connection before its greeting".into(),
        }),
        Ok(Ok(Some(_))) => Ok(()),
    }
}

/// A server's answer, shortened and without control characters, for an error message.
pub fn clean_server_text(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect();
    s.trim().to_string()
}

/// Logs out, waiting at most a short while (the data is already safe).
pub async fn logout(mut session: Session) {
    let _ = tokio::time::timeout(Duration::from_secs(5), session.logout()).await;
}
