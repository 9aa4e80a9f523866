//! The client's settings: the TLS identity (§5.1), time limits, the retry policy of reads,
//! the source of `Ssp-TraceID` values and the response size limit.

use std::fmt;
use std::time::Duration;

use uuid::Uuid;

use crate::error::{Error, Result};
use crate::secret::Sensitive;

/// The client certificate, its private key and the CA certificates to trust (§5.1), all PEM.
#[derive(Clone)]
pub struct TlsIdentity {
    /// Client certificate chain, PEM.
    pub client_certificate_pem: Vec<u8>,
    /// Client private key (PKCS#8, PKCS#1 or SEC1), PEM.
    pub client_key_pem: Sensitive<Vec<u8>>,
    /// CA certificates to trust, PEM (one or more). Only these are trusted: for Spine the
    /// Root and SubCA, never public CAs.
    pub trusted_ca_pem: Vec<u8>,
}

impl TlsIdentity {
    /// The client certificate and key as one reqwest identity (§5.1).
    ///
    /// Errors: [`Error::Configuration`] for PEM that does not hold a certificate and key.
    pub(crate) fn reqwest_identity(&self) -> Result<reqwest::Identity> {
        let mut pem = self.client_certificate_pem.clone();
        pem.push(b'\n');
        pem.extend_from_slice(self.client_key_pem.expose());
        reqwest::Identity::from_pem(&pem).map_err(|e| Error::Configuration {
            what: "client certificate and key".to_owned(),
            message: e.to_string(),
        })
    }
}

impl fmt::Debug for TlsIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsIdentity")
            .field(
                "client_certificate_pem",
                &format!("{} bytes", self.client_certificate_pem.len()),
            )
            .field("client_key_pem", &self.client_key_pem)
            .field(
                "trusted_ca_pem",
                &format!("{} bytes", self.trusted_ca_pem.len()),
            )
            .finish()
    }
}

/// The largest response body read, compressed or decompressed: 32 MiB (a 14-day slot
/// search of a busy practice is under 1 MB, beyond-1.2.7 §5).
pub const MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// Connect and whole-request time limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Opening the TCP and TLS connection.
    pub connect: Duration,
    /// The whole request, from sending to the last byte of the body.
    pub request: Duration,
}

impl Default for Timeouts {
    /// 10 s to connect, 30 s per request (providers SHALL answer queries in 3 s, §2.6).
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// How reads are retried on transient failures (§2.6: at most 3 automatic retries, with
/// back-off). Writes are never retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all for a read, including the first (1 = no retry).
    pub max_attempts: u32,
    /// Wait before the first retry; doubled before each further one.
    pub initial_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 3 attempts, waiting 250 ms then 500 ms.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(250),
        }
    }
}

/// Where `Ssp-TraceID` values come from; injectable so tests can pin them.
pub trait TraceIdSource: Send + Sync + fmt::Debug {
    /// The next trace id.
    fn next_trace_id(&self) -> Uuid;
}

/// A new random (v4) UUID per request.
#[derive(Debug, Default, Clone, Copy)]
pub struct RandomTraceIds;

impl TraceIdSource for RandomTraceIds {
    fn next_trace_id(&self) -> Uuid {
        Uuid::new_v4()
    }
}
