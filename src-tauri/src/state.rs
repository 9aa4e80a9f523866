//! The app's managed state: the settings in memory, the keyring, the GP Connect connection
//! (client + resolved practices, rebuilt when settings or credentials change), and the
//! in-process simulator in demo mode.
//!
//! Locks are short: the connection is cloned out (it is an `Arc` inside) before any call.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use gpconnect::config::Practice;
use gpconnect::ids::{Asid, OdsCode, ProviderRoot};
use gpconnect::profile::SdsSettings;
use gpconnect::sds::SdsClient;
use gpconnect::secret::Sensitive;
use gpconnect::{Client, Timeouts};
use gpconnect_sim::{SimConfig, SimOptions, Simulator, SystemClock};

use crate::error::{CommandError, CommandResult};
use crate::secrets::{Keyring, PemSet, certificate_info};
use crate::settings::{Mode, Settings};
use crate::views::{AppStatus, PracticeView};

/// A ready client and the practices it can reach (root and ASID resolved).
#[derive(Debug, Clone)]
pub struct Connection {
    /// The GP Connect client.
    pub client: Client,
    /// The practices, in settings order.
    pub practices: Vec<Practice>,
    /// One practice's deadline in a federated search.
    pub practice_deadline: Duration,
}

impl Connection {
    /// The practice with ODS code `ods`.
    ///
    /// Errors: VALIDATION when it is not one of the configured practices.
    pub fn practice(&self, ods: &str) -> CommandResult<Practice> {
        self.practices
            .iter()
            .find(|p| p.ods_code.as_str().eq_ignore_ascii_case(ods.trim()))
            .cloned()
            .ok_or_else(|| {
                CommandError::new(
                    "VALIDATION",
                    format!("{ods} is not one of the practices in Settings."),
                )
            })
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The simulator's practices as the client's.
///
/// Errors: SIMULATOR when one has a malformed ODS code, root or ASID (never for its seeds).
fn client_practices(practices: Vec<gpconnect_sim::Practice>) -> CommandResult<Vec<Practice>> {
    let invalid = |e: gpconnect::ids::IdError| CommandError::new("SIMULATOR", e.to_string());
    practices
        .into_iter()
        .map(|p| {
            Ok(Practice {
                ods_code: OdsCode::parse(&p.ods_code).map_err(invalid)?,
                name: p.name,
                provider_root: ProviderRoot::parse(&p.provider_root).map_err(invalid)?,
                asid: Asid::parse(&p.asid).map_err(invalid)?,
            })
        })
        .collect()
}

/// Everything the commands share.
#[derive(Debug)]
pub struct AppState {
    settings: Mutex<Settings>,
    keyring: Keyring,
    connection: tokio::sync::Mutex<Option<Connection>>,
    simulator: Mutex<Option<Simulator>>,
    directory: crate::agenda::Directory,
    data_dir: PathBuf,
    problems: Mutex<Vec<String>>,
}

impl AppState {
    /// State keeping data (settings store, simulator certificates) in `data_dir` and
    /// credentials in `keyring`; default settings until [`AppState::replace_settings`].
    pub fn new(data_dir: PathBuf, keyring: Keyring) -> Self {
        Self {
            settings: Mutex::new(Settings::default()),
            keyring,
            connection: tokio::sync::Mutex::new(None),
            simulator: Mutex::new(None),
            directory: crate::agenda::Directory::default(),
            data_dir,
            problems: Mutex::new(Vec::new()),
        }
    }

    /// Records a problem found at start-up (e.g. unreadable settings), shown in the status
    /// for the rest of the session.
    pub fn add_problem(&self, problem: String) {
        lock(&self.problems).push(problem);
    }

    /// A copy of the current settings.
    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// Replaces the settings in memory and drops the connection (it is rebuilt on next use).
    pub async fn replace_settings(&self, settings: Settings) {
        *lock(&self.settings) = settings;
        *self.connection.lock().await = None;
    }

    /// The settings store file (absolute).
    pub fn store_path(&self) -> PathBuf {
        self.data_dir.join(crate::settings::STORE_FILE)
    }

    /// Locations and practitioners read this session.
    pub fn directory(&self) -> &crate::agenda::Directory {
        &self.directory
    }

    /// The keyring.
    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    /// The running simulator's base URL (demo mode), for tests and the banner.
    pub fn simulator_url(&self) -> Option<String> {
        lock(&self.simulator).as_ref().map(Simulator::base_url)
    }

    /// Starts the in-process simulator (if not running), puts its generated credentials in
    /// the keyring through the same path as imported ones, and returns demo settings for it.
    ///
    /// Errors: SIMULATOR when it cannot start; KEYRING.
    pub async fn start_demo(&self, previous: &Settings) -> CommandResult<Settings> {
        let details = |s: &Simulator| (s.practices(), s.base_url(), s.sds_url(), s.pki().clone());
        let running = lock(&self.simulator).as_ref().map(details);
        let (practices, base, sds, pki) = match running {
            Some(running) => running,
            None => {
                // GPC_DEMO_SYNTHETIC=<n> serves n synthetic practices instead (benchmarks).
                let config = std::env::var("GPC_DEMO_SYNTHETIC")
                    .ok()
                    .and_then(|n| n.parse::<usize>().ok())
                    .map_or_else(SimConfig::demo, |n| SimConfig::synthetic(n, 3));
                let options = SimOptions {
                    config,
                    data_dir: self.data_dir.join("simulator"),
                    port: 0,
                    clock: Arc::new(SystemClock),
                };
                let simulator = Simulator::start(options).await.map_err(|e| {
                    CommandError::new(
                        "SIMULATOR",
                        format!("The built-in simulator could not start: {e}"),
                    )
                })?;
                let found = details(&simulator);
                *lock(&self.simulator) = Some(simulator);
                found
            }
        };
        let keyring = self.keyring.clone();
        tokio::task::spawn_blocking(move || {
            // Only write when the keyring does not already hold these credentials.
            if keyring.certificate(Mode::Demo)?.as_deref()
                != Some(pki.client_certificate_pem.as_str())
            {
                keyring.store(
                    Mode::Demo,
                    &PemSet {
                        certificate: pki.client_certificate_pem.clone(),
                        key: Sensitive::new(pki.client_key_pem.clone()),
                        trusted_ca: pki.ca_certificate_pem.clone(),
                    },
                )?;
            }
            Ok::<(), CommandError>(())
        })
        .await
        .map_err(|e| CommandError::new("KEYRING", e.to_string()))??;
        Ok(Settings::demo(
            &client_practices(practices)?,
            &base,
            &sds,
            previous,
        ))
    }

    /// Stops the simulator (leaving demo mode).
    pub fn stop_demo(&self) {
        if let Some(simulator) = lock(&self.simulator).take() {
            simulator.shutdown();
        }
    }

    /// The connection, built on first use from the settings and the keyring; practices
    /// without a root or ASID are looked up in SDS.
    ///
    /// Errors: NOT_CONFIGURED (incomplete settings, no certificate), KEYRING, and any client
    /// error from building or from SDS.
    pub async fn connection(&self) -> CommandResult<Connection> {
        let mut cached = self.connection.lock().await;
        if let Some(connection) = cached.as_ref() {
            return Ok(connection.clone());
        }
        let settings = self.settings();
        if let Some(problem) = settings.validate().first() {
            return Err(CommandError::new(
                "NOT_CONFIGURED",
                format!("Settings are incomplete: {}", problem.message),
            ));
        }
        let identity = settings
            .identity()
            .map_err(|e| CommandError::new("NOT_CONFIGURED", e.message))?;
        let keyring = self.keyring.clone();
        let mode = settings.mode;
        let tls = tokio::task::spawn_blocking(move || keyring.identity(mode))
            .await
            .map_err(|e| CommandError::new("KEYRING", e.to_string()))??
            .ok_or_else(|| {
                CommandError::new(
                    "NOT_CONFIGURED",
                    "No client certificate is imported. Import the certificate, key and CA in Settings.",
                )
            })?;
        let t = &settings.timeouts;
        let timeouts = Timeouts {
            connect: Duration::from_secs(u64::from(t.connect_seconds)),
            request: Duration::from_secs(u64::from(t.request_seconds)),
        };
        let client = Client::builder(identity, tls.clone())
            .ssp_url(settings.ssp_url.trim())
            .timeouts(timeouts)
            .build()?;
        let mut practices = Vec::new();
        let mut sds = None;
        for entry in settings.practice_entries() {
            if let Some(practice) = entry.resolved() {
                practices.push(practice);
                continue;
            }
            if sds.is_none() {
                let settings = SdsSettings {
                    url: settings.sds_url.trim().to_owned(),
                    api_key: gpconnect_sim::DEMO_SDS_API_KEY.to_owned(),
                };
                sds = Some(SdsClient::new(&settings, Some(&tls), timeouts)?);
            }
            if let Some(sds) = &sds {
                let mut practice = sds.discover(&entry.ods_code).await?;
                if let Some(name) = entry.name {
                    practice.name = name;
                }
                practices.push(practice);
            }
        }
        let connection = Connection {
            client,
            practices,
            practice_deadline: Duration::from_secs(u64::from(t.practice_deadline_seconds)),
        };
        *cached = Some(connection.clone());
        Ok(connection)
    }

    /// Looks up one practice in SDS with the current settings and credentials.
    ///
    /// Errors: NOT_CONFIGURED without an SDS address; any client error.
    pub async fn discover(&self, ods: &OdsCode) -> CommandResult<Practice> {
        let settings = self.settings();
        if settings.sds_url.trim().is_empty() {
            return Err(CommandError::new(
                "NOT_CONFIGURED",
                "Enter the SDS address in Settings first.",
            ));
        }
        let keyring = self.keyring.clone();
        let mode = settings.mode;
        let tls = tokio::task::spawn_blocking(move || keyring.identity(mode))
            .await
            .map_err(|e| CommandError::new("KEYRING", e.to_string()))??;
        let sds_settings = SdsSettings {
            url: settings.sds_url.trim().to_owned(),
            api_key: gpconnect_sim::DEMO_SDS_API_KEY.to_owned(),
        };
        let sds = SdsClient::new(&sds_settings, tls.as_ref(), Timeouts::default())?;
        Ok(sds.discover(ods).await?)
    }

    /// The header's status: mode, organisation, user, practices, certificate, problems.
    ///
    /// Errors: KEYRING.
    pub async fn status(&self) -> CommandResult<AppStatus> {
        let settings = self.settings();
        let keyring = self.keyring.clone();
        let mode = settings.mode;
        let certificate = tokio::task::spawn_blocking(move || keyring.certificate(mode))
            .await
            .map_err(|e| CommandError::new("KEYRING", e.to_string()))??;
        let certificate = certificate
            .map(|pem| certificate_info(&pem, chrono::Utc::now()))
            .transpose()?;
        let mut problems = lock(&self.problems).clone();
        problems.extend(settings.validate().into_iter().map(|e| e.message));
        match &certificate {
            None => problems.push("No client certificate is imported.".to_owned()),
            Some(c) if c.expired => problems.push(format!(
                "The client certificate expired on {}.",
                c.not_after
            )),
            Some(_) => {}
        }
        Ok(AppStatus {
            mode,
            organisation: format!(
                "{} ({})",
                settings.organisation.name, settings.organisation.ods_code
            ),
            user: [
                settings.user.title.trim(),
                settings.user.given_names.trim(),
                settings.user.family_name.trim(),
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
            practices: settings
                .practices
                .iter()
                .map(|p| PracticeView {
                    ods_code: p.ods_code.clone(),
                    name: p.name.clone(),
                })
                .collect(),
            certificate,
            problems,
        })
    }
}
