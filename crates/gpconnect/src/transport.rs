//! How a failed exchange is classified: TLS (and which certificate problem), a timeout
//! (connecting, or waiting for the answer), no connection (nothing sent), or a connection
//! lost after sending (a write's outcome unknown, §2.6).

use std::error::Error as StdError;

use crate::client::Timeouts;
use crate::error::{Error, TimeoutStage, TlsFailure};

/// Classifies a transport failure: TLS, timeout (connect or response), no connection, or a
/// connection lost after sending.
pub(crate) fn transport_error(e: &reqwest::Error, timeouts: Timeouts) -> Error {
    if let Some((failure, message)) = tls_failure(e) {
        return Error::Tls { failure, message };
    }
    if e.is_timeout() {
        return if e.is_connect() {
            Error::Timeout {
                stage: TimeoutStage::Connect,
                after: timeouts.connect,
            }
        } else {
            Error::Timeout {
                stage: TimeoutStage::Response,
                after: timeouts.request,
            }
        };
    }
    let message = error_chain(e);
    if e.is_connect() {
        Error::Connect { message }
    } else {
        Error::ConnectionLost { message }
    }
}

/// The whole `source()` chain as one line.
fn error_chain(e: &dyn StdError) -> String {
    let mut parts = vec![e.to_string()];
    let mut current = e.source();
    while let Some(cause) = current {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = cause.source();
    }
    parts.join(": ")
}

/// Finds a rustls error anywhere in the chain, including inside (nested) `io::Error`s,
/// whose `source()` skips the error they wrap, and classifies it.
fn tls_failure(e: &(dyn StdError + 'static)) -> Option<(TlsFailure, String)> {
    let mut pending: Vec<&(dyn StdError + 'static)> = vec![e];
    while let Some(err) = pending.pop() {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return Some((classify_tls(tls), tls.to_string()));
        }
        if let Some(inner) = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            pending.push(inner);
        }
        if let Some(source) = err.source() {
            pending.push(source);
        }
    }
    None
}

fn classify_tls(e: &rustls::Error) -> TlsFailure {
    use rustls::{AlertDescription as Alert, CertificateError as Cert};
    match e {
        rustls::Error::InvalidCertificate(cert) => match cert {
            Cert::Expired
            | Cert::ExpiredContext { .. }
            | Cert::NotValidYet
            | Cert::NotValidYetContext { .. } => TlsFailure::CertificateExpired,
            Cert::NotValidForName | Cert::NotValidForNameContext { .. } => {
                TlsFailure::ServerNameMismatch
            }
            _ => TlsFailure::ServerCertificateUntrusted,
        },
        rustls::Error::AlertReceived(
            Alert::CertificateRequired
            | Alert::BadCertificate
            | Alert::UnknownCA
            | Alert::CertificateUnknown
            | Alert::CertificateExpired
            | Alert::CertificateRevoked
            | Alert::UnsupportedCertificate
            | Alert::AccessDenied,
        ) => TlsFailure::ClientCertificateRejected,
        _ => TlsFailure::Handshake,
    }
}
