//! The app's managed state: the settings in memory (and the other environments' aside), the
//! keyring, the signed-in [`SessionState`], the GP Connect [`Connection`] (rebuilt when the
//! session, settings or credentials change), the session's [`Directory`] of locations and
//! practitioners, and, in demo mode, the in-process simulator (see `demo`).
//!
//! Locks are short: the connection is cloned out (it is an `Arc` inside) before any call.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use gpconnect::Practice;
use gpconnect::directory::Directory;
use gpconnect::ids::OdsCode;
use tauri::{AppHandle, Manager, Runtime};

use crate::connection::{Connection, sds_client};
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::journal::{Earlier, Records, Watchers};
use crate::patients::SessionPatients;
use crate::secrets::{CredentialKind, Keyring, certificate_info};
use crate::session::{ActiveSession, SessionState};
use crate::settings::{Environment, Settings};
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

/// Answers the demo sign-in page at a URL (the app playing the browser, demo mode only).
pub type DemoAnswer = Box<
    dyn FnOnce(
            String,
        )
            -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), String>> + Send>>
        + Send,
>;

/// Everything the commands share.
#[derive(Debug)]
pub struct AppState {
    settings: Mutex<Settings>,
    other_environments: Mutex<BTreeMap<Environment, Settings>>,
    keyring: Keyring,
    session: SessionState,
    connection: tokio::sync::Mutex<Option<(u64, Connection)>>,
    directory: Arc<Directory>,
    data_dir: PathBuf,
    problems: Mutex<Vec<String>>,
    records: Arc<Records>,
    watchers: Watchers,
    earlier: Earlier,
    patients: SessionPatients,
    pub(crate) traces: crate::traces::TraceState,
    chosen_files: Mutex<Vec<(CredentialKind, PathBuf)>>,
    #[cfg(feature = "demo")]
    pub(crate) demo: crate::demo::DemoSimulator,
}

impl AppState {
    /// State keeping data (settings store, simulator certificates) in `data_dir` and
    /// credentials in `keyring`; default settings until [`AppState::replace_settings`].
    pub fn new(data_dir: PathBuf, keyring: Keyring) -> Self {
        Self {
            settings: Mutex::new(Settings::default()),
            other_environments: Mutex::new(BTreeMap::new()),
            keyring,
            session: SessionState::default(),
            connection: tokio::sync::Mutex::new(None),
            directory: Arc::new(Directory::default()),
            data_dir,
            problems: Mutex::new(Vec::new()),
            records: Arc::new(Records::default()),
            watchers: Watchers::default(),
            earlier: Earlier::default(),
            patients: SessionPatients::default(),
            traces: crate::traces::TraceState::default(),
            chosen_files: Mutex::new(Vec::new()),
            #[cfg(feature = "demo")]
            demo: crate::demo::DemoSimulator::default(),
        }
    }

    /// The same state recording writes and the audit trail in `journal` (`None` when it
    /// could not be opened: writes are then refused).
    #[must_use]
    pub fn with_journal(mut self, journal: Option<Arc<gpconnect_journal::Journal>>) -> Self {
        if let Some(journal) = &journal
            && let Ok(open) = journal.open_entries()
        {
            self.earlier.remember(&open);
        }
        self.records = Arc::new(Records::new(journal));
        self
    }

    /// The journal of writes and audit trail.
    ///
    /// Errors: JOURNAL when it could not be opened at start-up.
    pub fn journal(&self) -> CommandResult<Arc<gpconnect_journal::Journal>> {
        self.records.journal().cloned().ok_or_else(|| {
            CommandError::new(
                ErrorCode::Journal,
                "The record of writes could not be opened, so nothing can be booked or changed. \
                 Restart the app; if it keeps happening, contact your IT support.",
            )
        })
    }

    /// The screens watching writes.
    pub fn watchers(&self) -> &Watchers {
        &self.watchers
    }

    /// The entries open when the app started.
    pub fn earlier(&self) -> &Earlier {
        &self.earlier
    }

    /// The patients this session found, per practice (the patient guard).
    pub fn patients(&self) -> &SessionPatients {
        &self.patients
    }

    /// Remembers a file the user chose in the native dialog for `kind`: the only file
    /// `import_credentials` accepts for it.
    pub fn choose_file(&self, kind: CredentialKind, path: PathBuf) {
        let mut chosen = lock(&self.chosen_files);
        chosen.retain(|(k, _)| *k != kind);
        chosen.push((kind, path));
    }

    /// True when `path` is the file the user chose in the dialog for `kind`.
    pub fn was_chosen(&self, kind: CredentialKind, path: &std::path::Path) -> bool {
        lock(&self.chosen_files)
            .iter()
            .any(|(k, p)| *k == kind && p == path)
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
        self.patients.clear();
        self.forget_pds_client().await;
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

    /// The signed-in session.
    pub fn session(&self) -> &SessionState {
        &self.session
    }

    /// The settings kept aside for the environments not in use.
    pub fn other_environments(&self) -> BTreeMap<Environment, Settings> {
        lock(&self.other_environments).clone()
    }

    /// Replaces the settings kept aside for the other environments.
    pub fn set_other_environments(&self, others: BTreeMap<Environment, Settings>) {
        *lock(&self.other_environments) = others;
    }

    /// The session for a call now, counted as activity.
    ///
    /// Errors: SIGN_IN_REQUIRED.
    pub fn require_session(&self) -> CommandResult<ActiveSession> {
        let idle = self.settings().idle_timeout_minutes;
        self.session.require(chrono::Utc::now(), idle)
    }

    /// The connection of the signed-in user, built on first use in a session from the
    /// settings, the keyring and the session; practices without a root or ASID are looked up
    /// in SDS once per session (one failing does not stop the others). Nothing is sent
    /// without a session.
    ///
    /// Errors: SIGN_IN_REQUIRED; NOT_CONFIGURED (incomplete settings, no certificate, no SDS
    /// key when one is needed), KEYRING, CONFIGURATION.
    pub async fn connection(&self) -> CommandResult<Connection> {
        let session = self.require_session()?;
        let mut cached = self.connection.lock().await;
        if let Some((generation, connection)) = cached.as_ref()
            && *generation == session.generation
        {
            return Ok(connection.clone());
        }
        let settings = self.settings();
        let (keyring, mode) = (self.keyring.clone(), settings.environment);
        let (tls, api_key) =
            blocking(move || Ok((keyring.identity(mode)?, keyring.sds_api_key(mode)?))).await?;
        let tls = tls.ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotConfigured,
                "No client certificate is imported. Import the certificate, key and CA in Settings.",
            )
        })?;
        let connection = Connection::open(
            &settings,
            &session.requester(),
            tls,
            api_key,
            &session.sds,
            self.records.clone(),
        )
        .await?;
        let found = connection.resolved_by_sds.clone();
        self.session
            .update(session.generation, |s| s.sds.extend(found));
        *cached = Some((session.generation, connection.clone()));
        Ok(connection)
    }

    /// Looks up one practice in SDS with `form` (the settings as typed, not necessarily
    /// saved): its SDS address, and the certificate and SDS key of its environment. The
    /// result is kept for this session only.
    ///
    /// Errors: SIGN_IN_REQUIRED; NOT_CONFIGURED without an SDS address or key; any client
    /// error.
    pub async fn discover(&self, form: &Settings, ods: &OdsCode) -> CommandResult<Practice> {
        let session = self.require_session()?;
        let key = (form.sds_url.trim().to_owned(), ods.clone());
        if let Some(found) = session.sds.get(&key) {
            return Ok(found.clone());
        }
        let (keyring, mode) = (self.keyring.clone(), form.environment);
        let (tls, api_key) =
            blocking(move || Ok((keyring.identity(mode)?, keyring.sds_api_key(mode)?))).await?;
        let sds = sds_client(form, tls.as_ref(), api_key)?.ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotConfigured,
                "Enter the SDS address in Settings first.",
            )
        })?;
        let practice = sds.discover(ods).await?;
        let found = practice.clone();
        self.session.update(session.generation, |s| {
            s.sds.insert(key, found);
        });
        Ok(practice)
    }

    /// Drops the connection (rebuilt for the next call), e.g. after the session changed.
    pub async fn drop_connection(&self) {
        *self.connection.lock().await = None;
    }

    /// The header's status: mode, organisation, user, practices, certificate, SDS key,
    /// problems.
    ///
    /// Errors: KEYRING.
    pub async fn status(&self) -> CommandResult<AppStatus> {
        let settings = self.settings();
        let (keyring, mode) = (self.keyring.clone(), settings.environment);
        let (certificate, sds_key, cis2_key, cis2_secret) = blocking(move || {
            Ok((
                keyring.certificate(mode)?,
                keyring.sds_api_key(mode)?,
                keyring.cis2_client_key(mode)?.is_some(),
                keyring.cis2_client_secret(mode)?.is_some(),
            ))
        })
        .await?;
        let (keyring, mode) = (self.keyring.clone(), settings.environment);
        let (pds_key, pds_api_key) = blocking(move || {
            Ok((
                keyring.pds_client_key(mode)?.is_some(),
                keyring.pds_api_key(mode)?.is_some(),
            ))
        })
        .await?;
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
        match settings.cis2.client_auth {
            crate::settings::Cis2ClientAuth::PrivateKeyJwt if !cis2_key => problems.push(
                "No CIS2 private key is imported: sign-in cannot work until it is.".to_owned(),
            ),
            crate::settings::Cis2ClientAuth::ClientSecret if !cis2_secret => problems.push(
                "No CIS2 client secret is stored: sign-in cannot work until it is.".to_owned(),
            ),
            _ => {}
        }
        problems.extend(crate::traces::problems(&settings.pds, pds_key, pds_api_key));
        let session = self
            .session
            .current(chrono::Utc::now(), settings.idle_timeout_minutes);
        Ok(AppStatus {
            environment: mode,
            environment_label: mode.label().to_owned(),
            organisation: match &session {
                Some(s) => format!("{} ({})", s.organisation_name, s.role.org_code),
                None => format!(
                    "{} ({})",
                    settings.organisation.name, settings.organisation.ods_code
                ),
            },
            user: session.as_ref().map_or_else(String::new, |s| {
                format!("{} ({})", s.user.display_name, s.role.short_name())
            }),
            practices: settings
                .practice_entries()
                .iter()
                .map(PracticeView::from)
                .collect(),
            certificate,
            sds_api_key_stored: sds_key.is_some(),
            cis2_key_stored: cis2_key,
            cis2_secret_stored: cis2_secret,
            pds_key_stored: pds_key,
            pds_api_key_stored: pds_api_key,
            problems,
            nhs111: settings.nhs111.enabled,
        })
    }
}

#[cfg(not(feature = "demo"))]
impl AppState {
    /// No demo users without demo mode.
    pub fn demo_users(&self) -> Vec<crate::views::DemoUserView> {
        Vec::new()
    }

    /// One-click sign-in needs demo mode.
    ///
    /// Errors: always SIMULATOR.
    pub fn demo_answer(&self, _uid: String, _role_id: String) -> CommandResult<DemoAnswer> {
        Err(CommandError::new(
            ErrorCode::Simulator,
            "This build of the app has no demo mode. Sign in with NHS CIS2.",
        ))
    }

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
