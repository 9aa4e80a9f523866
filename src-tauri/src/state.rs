//! The app's managed state: the settings in memory, the keyring, the GP Connect
//! [`Connection`] (rebuilt when settings or credentials change), the session's
//! [`Directory`] of locations and practitioners, and, in demo mode, the in-process
//! simulator (see `demo`).
//!
//! Locks are short: the connection is cloned out (it is an `Arc` inside) before any call.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use gpconnect::Practice;
use gpconnect::directory::Directory;
use gpconnect::ids::OdsCode;
use tauri::{AppHandle, Manager, Runtime};

use crate::connection::{Connection, sds_client};
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::secrets::{Keyring, certificate_info};
use crate::settings::Settings;
use crate::views::{AppStatus, PracticeView};

pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs a blocking keyring operation off the async runtime.
///
/// Errors: what `f` returns; KEYRING when the task could not run.
pub async fn blocking<T, F>(f: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> CommandResult<T> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CommandError::new(ErrorCode::Keyring, e.to_string()))?
}

/// The state a command works with, or UNEXPECTED when the app was not initialised.
///
/// Errors: UNEXPECTED when [`crate::initialise`] did not run.
pub fn managed<R: Runtime>(app: &AppHandle<R>) -> CommandResult<tauri::State<'_, AppState>> {
    app.try_state::<AppState>().ok_or_else(|| {
        CommandError::new(
            ErrorCode::Unexpected,
            "The app did not start properly. Restart it.",
        )
    })
}

/// Everything the commands share.
#[derive(Debug)]
pub struct AppState {
    settings: Mutex<Settings>,
    keyring: Keyring,
    connection: tokio::sync::Mutex<Option<Connection>>,
    directory: Arc<Directory>,
    data_dir: PathBuf,
    problems: Mutex<Vec<String>>,
    #[cfg(feature = "demo")]
    pub(crate) demo: crate::demo::DemoSimulator,
}

impl AppState {
    /// State keeping data (settings store, simulator certificates) in `data_dir` and
    /// credentials in `keyring`; default settings until [`AppState::replace_settings`].
    pub fn new(data_dir: PathBuf, keyring: Keyring) -> Self {
        Self {
            settings: Mutex::new(Settings::default()),
            keyring,
            connection: tokio::sync::Mutex::new(None),
            directory: Arc::new(Directory::default()),
            data_dir,
            problems: Mutex::new(Vec::new()),
            #[cfg(feature = "demo")]
            demo: crate::demo::DemoSimulator::default(),
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

    /// Replaces the settings in memory, drops the connection (rebuilt on next use) and
    /// forgets the locations and practitioners read (a new session).
    pub async fn replace_settings(&self, settings: Settings) {
        *lock(&self.settings) = settings;
        *self.connection.lock().await = None;
        self.directory.clear();
    }

    /// The data directory (settings store, simulator files).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// The settings store file (absolute).
    pub fn store_path(&self) -> PathBuf {
        self.data_dir.join(crate::settings::STORE_FILE)
    }

    /// Locations and practitioners read this session.
    pub fn directory(&self) -> Arc<Directory> {
        self.directory.clone()
    }

    /// The keyring.
    pub fn keyring(&self) -> &Keyring {
        &self.keyring
    }

    /// The connection, built on first use from the settings and the keyring; practices
    /// without a root or ASID are looked up in SDS (one failing does not stop the others).
    ///
    /// Errors: NOT_CONFIGURED (incomplete settings, no certificate, no SDS key when one is
    /// needed), KEYRING, CONFIGURATION.
    pub async fn connection(&self) -> CommandResult<Connection> {
        let mut cached = self.connection.lock().await;
        if let Some(connection) = cached.as_ref() {
            return Ok(connection.clone());
        }
        let settings = self.settings();
        let (keyring, mode) = (self.keyring.clone(), settings.mode);
        let (tls, api_key) =
            blocking(move || Ok((keyring.identity(mode)?, keyring.sds_api_key(mode)?))).await?;
        let tls = tls.ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotConfigured,
                "No client certificate is imported. Import the certificate, key and CA in Settings.",
            )
        })?;
        let connection = Connection::open(&settings, tls, api_key).await?;
        *cached = Some(connection.clone());
        Ok(connection)
    }

    /// Looks up one practice in SDS with the current settings, credentials and SDS key.
    ///
    /// Errors: NOT_CONFIGURED without an SDS address or key; any client error.
    pub async fn discover(&self, ods: &OdsCode) -> CommandResult<Practice> {
        let settings = self.settings();
        let (keyring, mode) = (self.keyring.clone(), settings.mode);
        let (tls, api_key) =
            blocking(move || Ok((keyring.identity(mode)?, keyring.sds_api_key(mode)?))).await?;
        let sds = sds_client(&settings, tls.as_ref(), api_key)?.ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotConfigured,
                "Enter the SDS address in Settings first.",
            )
        })?;
        Ok(sds.discover(ods).await?)
    }

    /// The header's status: mode, organisation, user, practices, certificate, SDS key,
    /// problems.
    ///
    /// Errors: KEYRING.
    pub async fn status(&self) -> CommandResult<AppStatus> {
        let settings = self.settings();
        let (keyring, mode) = (self.keyring.clone(), settings.mode);
        let (certificate, sds_key) =
            blocking(move || Ok((keyring.certificate(mode)?, keyring.sds_api_key(mode)?))).await?;
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
            user: settings.user.display_name(),
            practices: settings
                .practice_entries()
                .iter()
                .map(PracticeView::from)
                .collect(),
            certificate,
            sds_api_key_stored: sds_key.is_some(),
            problems,
            nhs111: settings.nhs111.enabled,
        })
    }
}

#[cfg(not(feature = "demo"))]
impl AppState {
    /// This build has no demo mode (the `demo` feature is off).
    ///
    /// Errors: always SIMULATOR.
    pub async fn start_demo(&self, _previous: &Settings) -> CommandResult<Settings> {
        Err(CommandError::new(
            ErrorCode::Simulator,
            "This build of the app has no demo mode. Set up a live environment in Settings.",
        ))
    }

    /// Nothing to stop without demo mode.
    pub fn stop_demo(&self) {}
}
