//! A configured session: the GP Connect client built from the profile, "today" in the UK,
//! the journal of writes and audit trail it records in (one SQLite file in gpc's data
//! directory), and the practices it can address, looked up in SDS when the profile gives
//! only an ODS code.
//!
//! Opening a session reads the certificate files but sends nothing; the first request is
//! made by the command.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use gpconnect::exchange::{CallContext, Recorder};
use gpconnect::profile::{PracticeEntry, Profile};
use gpconnect::reconcile::ReconcileSchedule;
use gpconnect::sds::{SdsClient, resolve_practice};
use gpconnect::time::uk_date;
use gpconnect::{Client, OdsCode, Practice, TlsIdentity};
use gpconnect_journal::Journal;

use crate::cli::WriteArgs;
use crate::error::CliError;
use crate::profile::{Configuration, EnvLookup};

/// The client and the configuration it was built from.
#[derive(Debug)]
pub struct Session {
    /// The profile in force (flags applied).
    pub profile: Profile,
    /// The GP Connect client (every exchange kept by [`Session::recorder`]).
    pub client: Client,
    /// The journal of writes and the audit trail.
    pub journal: Arc<Journal>,
    /// The exchanges of this run, to quote the trace ID of a failure.
    pub recorder: Arc<Recorder>,
    tls: TlsIdentity,
}

/// gpc's own data directory: `$XDG_DATA_HOME/gpc`, else `$HOME/.local/share/gpc`, else
/// `./.gpc`.
pub fn default_data_dir(env: EnvLookup<'_>) -> PathBuf {
    env("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .map_or_else(|| PathBuf::from(".gpc"), |d| d.join("gpc"))
}

/// The read-back schedule of the flags. Error: [`CliError::Input`] for one that is not
/// ascending or exceeds the total.
pub fn schedule(args: &WriteArgs) -> Result<ReconcileSchedule, CliError> {
    let default = ReconcileSchedule::default();
    if args.check_at.is_empty() && args.check_total.is_none() {
        return Ok(default);
    }
    let checks: Vec<u32> = if args.check_at.is_empty() {
        vec![0, 2, 5, 10]
    } else {
        args.check_at.clone()
    };
    let total = args.check_total.unwrap_or(30);
    ReconcileSchedule::from_seconds(&checks, total).map_err(|e| CliError::input("--check-at", e))
}

/// Opens the journal in `data_dir` and removes audit rows older than the retention.
/// Error: [`CliError::Configuration`] naming the file.
pub fn open_journal(data_dir: &Path, retention_days: u32) -> Result<Arc<Journal>, CliError> {
    let journal = Journal::in_dir(data_dir)
        .map_err(|e| CliError::Configuration(format!("journal of writes: {e}")))?;
    let cutoff = chrono::Utc::now() - chrono::Duration::days(i64::from(retention_days));
    journal
        .purge_audit(cutoff)
        .map_err(|e| CliError::Configuration(format!("audit retention: {e}")))?;
    Ok(Arc::new(journal))
}

impl Session {
    /// Loads the certificate files, opens the journal and builds the client, for the
    /// signed-in user when the profile sets up sign-in ([`crate::sign_in::apply_session`]),
    /// recording writes in the journal before sending them and every exchange in the audit
    /// trail.
    /// Errors: [`CliError::SignIn`] when sign-in is set up and no one is signed in;
    /// [`CliError::Client`] with [`gpconnect::Error::Configuration`] naming a file that
    /// could not be read or used (never its content); [`CliError::Configuration`] for the
    /// journal; [`CliError::Input`] for a bad schedule.
    pub fn open(
        configuration: Configuration,
        journal: Arc<Journal>,
        schedule: ReconcileSchedule,
    ) -> Result<Self, CliError> {
        let profile = crate::sign_in::apply_session(configuration.profile)?;
        let tls = profile.tls.load()?;
        let mut builder = Client::builder(profile.consumer.clone(), tls.clone())
            .timeouts(profile.timeouts())
            .journal(journal.clone())
            .observer(journal.clone())
            .reconcile(schedule);
        if let Some(ssp_url) = &profile.ssp_url {
            builder = builder.ssp_url(ssp_url.clone());
        }
        let (client, recorder) = builder.build()?.scoped(CallContext::default());
        Ok(Self {
            profile,
            client,
            journal,
            recorder,
            tls,
        })
    }

    /// The client for calls about the patient with `nhs_number` (the audit trail records
    /// it), keeping this run's recorder.
    pub fn for_patient(&self, nhs_number: &gpconnect::NhsNumber) -> Client {
        self.client.for_patient(nhs_number)
    }

    /// Today's date in the UK, from the client's clock.
    pub fn today(&self) -> NaiveDate {
        uk_date(self.client.clock().now())
    }

    /// An SDS client, presenting the profile's certificate.
    /// Error: [`CliError::Configuration`] when the profile has no `sds` settings.
    pub fn sds(&self) -> Result<SdsClient, CliError> {
        let settings = self.profile.sds.as_ref().ok_or_else(|| {
            CliError::Configuration(
                "SDS is not configured: add an [sds] table (url, api_key) to the profile, or give \
                 --sds-url and --sds-api-key"
                    .to_owned(),
            )
        })?;
        Ok(SdsClient::new(
            settings,
            Some(&self.tls),
            self.profile.timeouts(),
        )?)
    }

    /// The ODS codes of every practice in the profile, in profile order.
    pub fn practice_codes(&self) -> Vec<OdsCode> {
        self.profile
            .practices
            .iter()
            .map(|p| p.ods_code.clone())
            .collect()
    }

    /// The practice with `ods`: from the profile when its provider root and ASID are there,
    /// else looked up in SDS (keeping the profile's name, if any).
    /// Errors: [`CliError::Configuration`] when a lookup is needed and SDS is not
    /// configured; any SDS error.
    pub async fn practice(&self, ods: &OdsCode) -> Result<Practice, CliError> {
        let entry = self
            .profile
            .practices
            .iter()
            .find(|p| p.ods_code == *ods)
            .cloned()
            .unwrap_or_else(|| PracticeEntry {
                ods_code: ods.clone(),
                name: None,
                provider_root: None,
                asid: None,
            });
        let sds = match (entry.resolved(), &self.profile.sds) {
            (Some(_), _) => None,
            (None, Some(_)) => Some(self.sds()?),
            (None, None) => {
                return Err(CliError::Configuration(format!(
                    "practice {ods} has no provider root and ASID in the profile, and SDS is \
                     not configured to look them up (--practice-root {ods}=URL --practice-asid \
                     {ods}=ASID, or --sds-url and --sds-api-key)"
                )));
            }
        };
        Ok(resolve_practice(&entry, sds.as_ref()).await?)
    }
}
