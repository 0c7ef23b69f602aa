//! The server's certificate and the rustls configuration.
//!
//! With `cert_file` and `key_file` those are used. Otherwise a self-signed certificate for
//! `localhost` and `127.0.0.1` (as ProtonMail Bridge does) is made with `rcgen` on first start
//! and kept in the data directory (`cert.pem`, `key.pem`, mode 0600, written to a temp file,
//! synced, renamed); mail clients ask the user once to trust it, and `serve --setup` shows its
//! SHA-256 fingerprint to compare.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::ServeError;
use super::config::ServeSettings;

/// The certificate in use and where it came from.
pub struct ServerCert {
    pub chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    pub cert_path: PathBuf,
    /// Whether it was made just now.
    pub created: bool,
}

impl ServerCert {
    /// SHA-256 of the first certificate, as clients show it ("AB:CD:...").
    pub fn fingerprint(&self) -> String {
        let der = self.chain.first().map(|c| c.as_ref()).unwrap_or_default();
        let digest = ring::digest::digest(&ring::digest::SHA256, der);
        digest
            .as_ref()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":")
    }

    /// The rustls configuration for the listeners.
    pub fn server_config(&self) -> Result<Arc<rustls::ServerConfig>, ServeError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| ServeError::Tls(e.to_string()))?
            .with_no_client_auth()
            .with_single_cert(self.chain.clone(), self.key.clone_key())
            .map_err(|e| ServeError::File {
                path: self.cert_path.clone(),
                message: format!("the certificate and key do not work together: {e}"),
            })?;
        Ok(Arc::new(config))
    }
}

/// The configured certificate, else the self-signed one (made if missing).
pub fn load_or_create(s: &ServeSettings) -> Result<ServerCert, ServeError> {
    match &s.cert {
        Some((cert, key)) => load(cert, key, false),
        None => {
            let cert = s.data_dir.join("cert.pem");
            let key = s.data_dir.join("key.pem");
            if cert.exists() && key.exists() {
                return load(&cert, &key, false);
            }
            create(&s.data_dir, &cert, &key)?;
            load(&cert, &key, true)
        }
    }
}

fn load(cert: &Path, key: &Path, created: bool) -> Result<ServerCert, ServeError> {
    let file_err = |path: &Path, message: String| ServeError::File {
        path: path.to_path_buf(),
        message,
    };
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| file_err(cert, format!("cannot read the certificate: {e}")))?
        .collect::<Result<_, _>>()
        .map_err(|e| file_err(cert, format!("not a PEM certificate: {e}")))?;
    if chain.is_empty() {
        return Err(file_err(cert, "holds no certificate (PEM)".into()));
    }
    let key_der = PrivateKeyDer::from_pem_file(key)
        .map_err(|e| file_err(key, format!("not a PEM private key: {e}")))?;
    Ok(ServerCert {
        chain,
        key: key_der,
        cert_path: cert.to_path_buf(),
        created,
    })
}

fn create(dir: &Path, cert: &Path, key: &Path) -> Result<(), ServeError> {
    let file_err = |path: &Path, message: String| ServeError::File {
        path: path.to_path_buf(),
        message,
    };
    std::fs::create_dir_all(dir).map_err(|e| file_err(dir, format!("cannot create: {e}")))?;
    let made = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
        .map_err(|e| ServeError::Tls(format!("cannot make a certificate: {e}")))?;
    // The key first: a certificate without its key would be loaded and fail.
    write_private(key, made.signing_key.serialize_pem().as_bytes())
        .map_err(|e| file_err(key, format!("cannot write: {e}")))?;
    write_private(cert, made.cert.pem().as_bytes())
        .map_err(|e| file_err(cert, format!("cannot write: {e}")))?;
    Ok(())
}

/// Writes a file with mode 0600 through a temp file, synced, then renamed, then the folder synced.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        std::fs::File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_signed_certificate_is_made_once_private_and_loads() {
        let dir = tempfile::tempdir().unwrap();
        let cert = dir.path().join("serve/cert.pem");
        let key = dir.path().join("serve/key.pem");
        create(&dir.path().join("serve"), &cert, &key).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let c = load(&cert, &key, true).unwrap();
        assert_eq!(c.fingerprint().len(), 32 * 3 - 1);
        assert!(c.server_config().is_ok());
        let e = load(&key, &key, false)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.contains("certificate"), "{e}");
    }
}
