//! Building a [`Client`]: TLS, timeouts, retries, clock, trace IDs, the exchange observer,
//! the journal of writes and the reconciliation schedule.

use std::error::Error as StdError;
use std::sync::Arc;

use super::{
    Client, Inner, MAX_RESPONSE_BYTES, RandomTraceIds, RetryPolicy, Scope, Timeouts, TlsIdentity,
    TraceIdSource,
};
use crate::config::ConsumerIdentity;
use crate::error::{Error, Result};
use crate::exchange::ExchangeObserver;
use crate::exchange::NoObserver;
use crate::pending::NoJournal;
use crate::pending::WriteJournal;
use crate::reconcile::ReconcileSchedule;
use crate::time::{Clock, SystemClock};

/// Builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    ssp_url: Option<String>,
    identity: ConsumerIdentity,
    tls: TlsIdentity,
    timeouts: Timeouts,
    retry: RetryPolicy,
    clock: Arc<dyn Clock>,
    trace_ids: Arc<dyn TraceIdSource>,
    observer: Arc<dyn ExchangeObserver>,
    journal: Arc<dyn WriteJournal>,
    reconcile: ReconcileSchedule,
    max_response_bytes: u64,
}

impl ClientBuilder {
    /// Receives every exchange (audit trail, logs).
    #[must_use]
    pub fn observer(mut self, observer: Arc<dyn ExchangeObserver>) -> Self {
        self.observer = observer;
        self
    }

    /// Where writes are recorded before they are sent (default: nowhere).
    #[must_use]
    pub fn journal(mut self, journal: Arc<dyn WriteJournal>) -> Self {
        self.journal = journal;
        self
    }

    /// When a write whose answer was lost is read back.
    #[must_use]
    pub fn reconcile(mut self, schedule: ReconcileSchedule) -> Self {
        self.reconcile = schedule;
        self
    }

    /// The largest response body read (default [`MAX_RESPONSE_BYTES`]).
    #[must_use]
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The Spine Secure Proxy prefix, e.g. `https://proxy.example.nhs.uk` (no trailing `/`).
    /// Without it requests go straight to each provider root.
    #[must_use]
    pub fn ssp_url(mut self, url: impl Into<String>) -> Self {
        self.ssp_url = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// Connect and request time limits.
    #[must_use]
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// Retry policy for reads.
    #[must_use]
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The clock for JWT `iat`, `created` and "today".
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The source of `Ssp-TraceID` values.
    #[must_use]
    pub fn trace_ids(mut self, trace_ids: Arc<dyn TraceIdSource>) -> Self {
        self.trace_ids = trace_ids;
        self
    }

    /// Builds the client: TLS 1.2 or later, only the configured CAs trusted, the client
    /// identity presented, gzip accepted, redirects never followed (a redirected write could
    /// be sent twice or in clear).
    ///
    /// Errors: [`Error::Configuration`] for unreadable PEM or an invalid SSP URL.
    pub fn build(self) -> Result<Client> {
        let configuration = |what: &str, e: &dyn StdError| Error::Configuration {
            what: what.to_owned(),
            message: e.to_string(),
        };
        let cas = reqwest::Certificate::from_pem_bundle(&self.tls.trusted_ca_pem)
            .map_err(|e| configuration("trusted CA certificates", &e))?;
        if cas.is_empty() {
            return Err(Error::Configuration {
                what: "trusted CA certificates".to_owned(),
                message: "no certificate found in the PEM".to_owned(),
            });
        }
        let identity = self.tls.reqwest_identity()?;
        if let Some(ssp) = &self.ssp_url {
            reqwest::Url::parse(ssp).map_err(|e| configuration("Spine Secure Proxy URL", &e))?;
        }
        let http = reqwest::Client::builder()
            .tls_backend_rustls()
            .tls_certs_only(cas)
            .identity(identity)
            .tls_version_min(reqwest::tls::Version::TLS_1_2)
            .https_only(false)
            .connect_timeout(self.timeouts.connect)
            .timeout(self.timeouts.request)
            .gzip(true)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(concat!("gp-connect-booking/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| configuration("HTTP client", &e))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                ssp_url: self.ssp_url,
                identity: self.identity,
                timeouts: self.timeouts,
                retry: self.retry,
                clock: self.clock,
                trace_ids: self.trace_ids,
                observer: self.observer,
                journal: self.journal,
                reconcile: self.reconcile,
                max_response_bytes: self.max_response_bytes,
            }),
            scope: Scope::default(),
        })
    }
}

impl Client {
    /// Starts building a client for `identity`, presenting `tls` (§5.1).
    pub fn builder(identity: ConsumerIdentity, tls: TlsIdentity) -> ClientBuilder {
        ClientBuilder {
            ssp_url: None,
            identity,
            tls,
            timeouts: Timeouts::default(),
            retry: RetryPolicy::default(),
            clock: Arc::new(SystemClock),
            trace_ids: Arc::new(RandomTraceIds),
            observer: Arc::new(NoObserver),
            journal: Arc::new(NoJournal),
            reconcile: ReconcileSchedule::default(),
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }
}
