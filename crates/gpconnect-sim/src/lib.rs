//! A GP Connect 1.2.7 provider simulator, strict enough that a consumer which passes against
//! it would pass the providers' checks: a Spine Secure Proxy in front of several practices,
//! an SDS, and an admin API for faults, all on one HTTPS server on 127.0.0.1 that requires a
//! client certificate.
//!
//! | Path | What |
//! |---|---|
//! | `/{provider root}/{FHIR request}` | the proxy and the practices ([`proxy`]) |
//! | `/spine-directory/FHIR/R4/Endpoint`, `/Device` | SDS lookups ([`sds`]) |
//! | `/admin/…` | practices, faults, reset, "another client takes a slot" ([`admin`]) |
//!
//! Beside it, on their own loopback listeners: the CIS2 stand-in ([`cis2`], plain HTTP for
//! the browser) and the NHS API platform's stand-in ([`pds`]: PDS FHIR R4 and the token
//! exchange, HTTPS without client certificates).
//!
//! A library first: [`router`] builds the `axum` router over a [`state::Sim`]; [`Simulator`]
//! serves it over mutual TLS and writes the consumer's credentials and a ready `gpc`
//! profile. The binary `gpconnect-sim` is a thin wrapper.
//!
//! An independent second reading of the specification: it shares no code with the client
//! crate `gpconnect`. Its interaction table ([`interactions`]), JWT checks ([`jwt`]), body
//! rules on raw JSON ([`rules`]), strings ([`vocabulary`]), UK time ([`time`]) and stored
//! types ([`model`], rendered by [`render`]) are written from the digest
//! (`gpconnect-1.2.7.md`, cited as §N), so a misreading on either side shows up as a
//! refusal in the tests rather than passing both.

pub mod admin;
pub mod cis2;
pub mod demo_seed;
pub mod faults;
pub mod fixtures;
pub mod interactions;
pub mod jwt;
pub mod model;
pub mod outcome;
pub mod pds;
pub mod practice;
pub mod profile;
pub mod proxy;
pub mod render;
pub mod routes;
pub mod rules;
pub mod sds;
pub mod seed;
pub mod state;
pub mod time;
pub mod visits;
pub mod vocabulary;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use gpconnect_pki::DemoPki;

pub use demo_seed::demo_seed;
pub use faults::Faults;
pub use practice::Practice;
pub use profile::{Consumer, GpcProfile};
pub use seed::{SimConfig, demo_consumer};
pub use state::Sim;
pub use time::{Clock, FixedClock, SystemClock};

use profile::{Cis2Entry, PdsEntry, PracticeEntry, SdsEntry, TlsEntry};

/// The `apikey` the simulated SDS is given in the demo profile (any non-empty key works).
pub const DEMO_SDS_API_KEY: &str = "demo-sds-api-key";

/// The simulator's routes over `sim`.
pub fn router(sim: Arc<Sim>) -> Router {
    Router::new()
        .route(&format!("{}/Endpoint", sds::SDS_PATH), get(sds::endpoint))
        .route(&format!("{}/Device", sds::SDS_PATH), get(sds::device))
        .route("/admin/practices", get(admin::practices))
        .route(
            "/admin/practices/{ods}/faults",
            get(admin::get_faults)
                .put(admin::put_faults)
                .delete(admin::clear_faults),
        )
        .route(
            "/admin/practices/{ods}/slots/{slot}/take",
            post(admin::take_slot),
        )
        .route(
            "/admin/practices/{ods}/appointments/{id}/touch",
            post(admin::touch_appointment),
        )
        .route("/admin/practices/{ods}/visits", post(admin::add_visit))
        .route("/admin/reset", post(admin::reset))
        .route("/admin/requests", get(admin::requests))
        .fallback(proxy::handle)
        .with_state(sim)
}

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// Certificates could not be created or read.
    #[error(transparent)]
    Pki(#[from] gpconnect_pki::PkiError),
    /// The port could not be bound, or a file not written.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The seed data is invalid.
    #[error("seed: {0}")]
    Seed(String),
    /// The profile could not be written.
    #[error("profile: {0}")]
    Profile(String),
    /// The CIS2 stand-in could not be set up.
    #[error(transparent)]
    Cis2(#[from] cis2::Cis2Error),
    /// The PDS stand-in could not be set up.
    #[error(transparent)]
    Pds(#[from] pds::PdsSetupError),
}

/// The file (in the data directory) of the CIS2 stand-in's signing key.
pub const CIS2_SIGNING_KEY_FILE: &str = "cis2-signing-key.pem";

/// The file (in the data directory) of the demo client's `private_key_jwt` key: the site's
/// key in demo mode, imported into the keyring like a real one.
pub const CIS2_CLIENT_KEY_FILE: &str = "cis2-client-key.pem";

/// The file (in the data directory) of the demo application's key for the NHS API
/// platform's token exchange (PDS): the site's key in demo mode.
pub const PDS_CLIENT_KEY_FILE: &str = "pds-client-key.pem";

/// How to start a simulator.
#[derive(Debug, Clone)]
pub struct SimOptions {
    /// The practices and consumers.
    pub config: SimConfig,
    /// Where certificates and the `gpc` profile go.
    pub data_dir: PathBuf,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// The clock ("today" for the seed, "now" for the rules and the JWT expiry).
    pub clock: Arc<dyn Clock>,
    /// Port of the CIS2 stand-in on 127.0.0.1; 0 picks a free one.
    pub cis2_port: u16,
}

impl SimOptions {
    /// The demo federation in [`default_data_dir`], on a free port, with the system clock.
    pub fn demo() -> Self {
        Self {
            config: SimConfig::demo(),
            data_dir: default_data_dir(),
            port: 0,
            clock: Arc::new(SystemClock),
            cis2_port: 0,
        }
    }

    /// `config` in a fresh temporary directory, on a free port, with the system clock (for
    /// tests).
    pub fn temporary(config: SimConfig) -> Self {
        let unique = uuid::Uuid::new_v4();
        Self {
            config,
            data_dir: std::env::temp_dir().join(format!("gpconnect-sim-{unique}")),
            port: 0,
            clock: Arc::new(SystemClock),
            cis2_port: 0,
        }
    }
}

/// `$XDG_DATA_HOME/gpconnect-sim`, else `~/.local/share/gpconnect-sim`, else
/// `./.gpconnect-sim`.
pub fn default_data_dir() -> PathBuf {
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .map_or_else(
            || PathBuf::from(".gpconnect-sim"),
            |d| d.join("gpconnect-sim"),
        )
}

/// The file name of the `gpc` profile the simulator writes in its data directory.
pub const PROFILE_FILE: &str = "gpc-profile.toml";

/// A running simulator. Stops when [`Simulator::shutdown`] is called or it is dropped.
#[derive(Debug)]
pub struct Simulator {
    sim: Arc<Sim>,
    addr: SocketAddr,
    pki: DemoPki,
    data_dir: PathBuf,
    handle: axum_server::Handle<SocketAddr>,
    cis2: Arc<cis2::Cis2>,
    cis2_addr: SocketAddr,
    cis2_task: tokio::task::JoinHandle<()>,
    pds: Arc<pds::Pds>,
    pds_handle: axum_server::Handle<SocketAddr>,
}

impl Simulator {
    /// Creates (or reuses) the demo certificates in the data directory, seeds the practices,
    /// binds 127.0.0.1, serves with mutual TLS and writes the `gpc` profile.
    ///
    /// Errors: [`StartError`].
    pub async fn start(options: SimOptions) -> Result<Self, StartError> {
        std::fs::create_dir_all(&options.data_dir)?;
        let pki = DemoPki::load_or_create(&options.data_dir, "GP Connect Booking Demo")?;
        let sim =
            Arc::new(Sim::new(options.config, options.clock.clone()).map_err(StartError::Seed)?);
        let listener = std::net::TcpListener::bind(("127.0.0.1", options.port))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let tls =
            axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(pki.server_config()?));
        let handle = axum_server::Handle::new();
        let server = axum_server::from_tcp_rustls(listener, tls)?.handle(handle.clone());
        let app = router(sim.clone());
        tokio::spawn(async move {
            let _ = server.serve(app.into_make_service()).await;
        });
        let (cis2, cis2_addr, cis2_task) =
            start_cis2(&options.data_dir, options.cis2_port, options.clock.clone()).await?;
        let (pds, pds_handle) =
            start_pds(&options.data_dir, &pki, &sim, &cis2, options.clock.clone())?;
        let simulator = Self {
            sim,
            addr,
            pki,
            data_dir: options.data_dir,
            handle,
            cis2,
            cis2_addr,
            cis2_task,
            pds,
            pds_handle,
        };
        simulator.write_profile()?;
        Ok(simulator)
    }

    /// `https://127.0.0.1:{port}`: the Spine Secure Proxy prefix.
    pub fn base_url(&self) -> String {
        format!("https://127.0.0.1:{}", self.addr.port())
    }

    /// The SDS FHIR API base URL.
    pub fn sds_url(&self) -> String {
        format!("{}{}", self.base_url(), sds::SDS_PATH)
    }

    /// The admin API base URL.
    pub fn admin_url(&self) -> String {
        format!("{}/admin", self.base_url())
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The demo certificates (the consumer's client certificate and key, and the CA).
    pub fn pki(&self) -> &DemoPki {
        &self.pki
    }

    /// The data directory (certificates, profile).
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The state, for in-process control (faults, reset).
    pub fn state(&self) -> &Arc<Sim> {
        &self.sim
    }

    /// The simulated practices (ODS code, name, provider root, ASID), in configuration order.
    pub fn practices(&self) -> Vec<Practice> {
        self.sim.practices()
    }

    /// Sets the faults of practice `ods`; `false` for an unknown practice.
    pub fn set_faults(&self, ods: &str, faults: Faults) -> bool {
        self.sim.set_faults(ods, faults)
    }

    /// A consumer profile that works against this simulator: the demo consumer, the proxy
    /// and SDS URLs, every practice, and the credential files in the data directory. Written
    /// as TOML to [`Simulator::profile_path`] on start.
    pub fn profile(&self) -> GpcProfile {
        GpcProfile {
            ssp_url: self.base_url(),
            sds: SdsEntry {
                url: self.sds_url(),
                api_key: DEMO_SDS_API_KEY.to_owned(),
            },
            consumer: demo_consumer(),
            practices: self
                .practices()
                .into_iter()
                .map(|p| PracticeEntry {
                    ods_code: p.ods_code,
                    name: p.name,
                    provider_root: p.provider_root,
                    asid: p.asid,
                })
                .collect(),
            tls: TlsEntry {
                client_certificate: self.data_dir.join("client.pem"),
                client_key: self.data_dir.join("client-key.pem"),
                trusted_ca: self.data_dir.join("ca.pem"),
            },
            cis2: Cis2Entry {
                issuer: self.cis2_issuer(),
                client_id: cis2::DEMO_CLIENT_ID.to_owned(),
                private_key: self.cis2_client_key_path(),
                key_id: cis2::DEMO_CLIENT_KEY_ID.to_owned(),
                redirect_port: 0,
                allowed_organisations: vec!["Y90002".to_owned()],
            },
            pds: PdsEntry {
                url: self.pds_url(),
                token_url: self.token_url(),
                api_key: pds::DEMO_API_KEY.to_owned(),
                private_key: self.pds_client_key_path(),
                key_id: pds::DEMO_KEY_ID.to_owned(),
            },
            connect_timeout_seconds: 5,
            request_timeout_seconds: 30,
        }
    }

    /// Where the `gpc` profile was written.
    pub fn profile_path(&self) -> PathBuf {
        self.data_dir.join(PROFILE_FILE)
    }

    fn write_profile(&self) -> Result<(), StartError> {
        let text = toml::to_string_pretty(&self.profile())
            .map_err(|e| StartError::Profile(e.to_string()))?;
        let header = "# Written by gpconnect-sim: a gpc profile for the simulator running at this address.\n\
                      # Rewritten every time the simulator starts.\n\n";
        std::fs::write(self.profile_path(), format!("{header}{text}"))?;
        Ok(())
    }

    /// Stops serving (open connections are closed).
    pub fn shutdown(&self) {
        self.handle.shutdown();
        self.pds_handle.shutdown();
        self.cis2_task.abort();
    }

    /// The PDS stand-in (its request log, faults).
    pub fn pds(&self) -> &Arc<pds::Pds> {
        &self.pds
    }

    /// The PDS FHIR R4 base URL of the stand-in, `https://127.0.0.1:{port}/personal-demographics/FHIR/R4`.
    pub fn pds_url(&self) -> String {
        self.pds.pds_url()
    }

    /// The token endpoint of the NHS API platform's stand-in.
    pub fn token_url(&self) -> String {
        self.pds.token_url()
    }

    /// The demo application's key for the token exchange (PKCS#8 PEM).
    pub fn pds_client_key_path(&self) -> PathBuf {
        self.data_dir.join(PDS_CLIENT_KEY_FILE)
    }

    /// The CIS2 stand-in (demo users, sign-ins, token lifetime).
    pub fn cis2(&self) -> &Arc<cis2::Cis2> {
        &self.cis2
    }

    /// The CIS2 stand-in's issuer, `http://127.0.0.1:{port}/openam/oauth2/realms/…`.
    pub fn cis2_issuer(&self) -> String {
        self.cis2.issuer().to_owned()
    }

    /// The CIS2 stand-in's port.
    pub fn cis2_port(&self) -> u16 {
        self.cis2_addr.port()
    }

    /// The demo client's `private_key_jwt` key file (PKCS#8 PEM).
    pub fn cis2_client_key_path(&self) -> PathBuf {
        self.data_dir.join(CIS2_CLIENT_KEY_FILE)
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.handle.shutdown();
        self.pds_handle.shutdown();
        self.cis2_task.abort();
    }
}

/// Starts the NHS API platform's stand-in (PDS and the token endpoint) over HTTPS on its
/// own loopback port, registering the demo application's key from `data_dir` (made on
/// first start).
fn start_pds(
    data_dir: &Path,
    pki: &DemoPki,
    sim: &Sim,
    cis2: &cis2::Cis2,
    clock: Arc<dyn Clock>,
) -> Result<(Arc<pds::Pds>, axum_server::Handle<SocketAddr>), StartError> {
    let key = gpconnect_pki::load_or_create_rsa_key(data_dir, PDS_CLIENT_KEY_FILE)?;
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let pds = Arc::new(pds::Pds::new(
        &format!("https://127.0.0.1:{}", addr.port()),
        sim.config().practices.as_slice(),
        cis2.issuer(),
        cis2.jwks(),
        vec![pds::Application {
            api_key: pds::DEMO_API_KEY.to_owned(),
            key_id: pds::DEMO_KEY_ID.to_owned(),
            public_key: public_key(&key)?,
        }],
        clock,
    )?);
    let tls =
        axum_server::tls_rustls::RustlsConfig::from_config(Arc::new(pki.tls_server_config()?));
    let handle = axum_server::Handle::new();
    let server = axum_server::from_tcp_rustls(listener, tls)?.handle(handle.clone());
    let app = pds::router(pds.clone());
    tokio::spawn(async move {
        let _ = server.serve(app.into_make_service()).await;
    });
    Ok((pds, handle))
}

/// Starts the CIS2 stand-in on its own plain-HTTP loopback listener (a browser reaches its
/// sign-in page without a client certificate), with its signing key and the demo client's
/// key from `data_dir` (made on first start).
async fn start_cis2(
    data_dir: &Path,
    port: u16,
    clock: Arc<dyn Clock>,
) -> Result<(Arc<cis2::Cis2>, SocketAddr, tokio::task::JoinHandle<()>), StartError> {
    let signing = gpconnect_pki::load_or_create_rsa_key(data_dir, CIS2_SIGNING_KEY_FILE)?;
    let client_key = gpconnect_pki::load_or_create_rsa_key(data_dir, CIS2_CLIENT_KEY_FILE)?;
    let public = public_key(&client_key)?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    let cis2 = Arc::new(cis2::Cis2::new(
        &format!("http://127.0.0.1:{}", addr.port()),
        &signing,
        vec![
            cis2::RegisteredClient {
                client_id: cis2::DEMO_CLIENT_ID.to_owned(),
                key: cis2::ClientKey::PublicKey(public),
            },
            cis2::RegisteredClient {
                client_id: cis2::DEMO_SECRET_CLIENT_ID.to_owned(),
                key: cis2::ClientKey::Secret(cis2::DEMO_CLIENT_SECRET.to_owned()),
            },
        ],
        clock,
    )?);
    let app = cis2::router(cis2.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((cis2, addr, task))
}

/// The public half of an RSA private key, for verifying a client's assertions.
fn public_key(private_pem: &str) -> Result<jsonwebtoken::DecodingKey, StartError> {
    let failed = |e: jsonwebtoken::errors::Error| StartError::Seed(format!("client key: {e}"));
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(private_pem.as_bytes()).map_err(failed)?;
    let jwk = jsonwebtoken::jwk::Jwk::from_encoding_key(&key, jsonwebtoken::Algorithm::RS512)
        .map_err(failed)?;
    jsonwebtoken::DecodingKey::from_jwk(&jwk).map_err(failed)
}
