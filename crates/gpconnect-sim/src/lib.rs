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
pub mod demo_seed;
pub mod faults;
pub mod fixtures;
pub mod interactions;
pub mod jwt;
pub mod model;
pub mod outcome;
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

use profile::{PracticeEntry, SdsEntry, TlsEntry};

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
}

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
}

impl SimOptions {
    /// The demo federation in [`default_data_dir`], on a free port, with the system clock.
    pub fn demo() -> Self {
        Self {
            config: SimConfig::demo(),
            data_dir: default_data_dir(),
            port: 0,
            clock: Arc::new(SystemClock),
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
}

impl Simulator {
    /// Creates (or reuses) the demo certificates in the data directory, seeds the practices,
    /// binds 127.0.0.1, serves with mutual TLS and writes the `gpc` profile.
    ///
    /// Errors: [`StartError`].
    pub async fn start(options: SimOptions) -> Result<Self, StartError> {
        std::fs::create_dir_all(&options.data_dir)?;
        let pki = DemoPki::load_or_create(&options.data_dir, "GP Connect Booking Demo")?;
        let sim = Arc::new(Sim::new(options.config, options.clock).map_err(StartError::Seed)?);
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
        let simulator = Self {
            sim,
            addr,
            pki,
            data_dir: options.data_dir,
            handle,
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
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.handle.shutdown();
    }
}
