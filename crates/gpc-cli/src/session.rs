//! A configured session: the GP Connect client built from the profile, "today" in the UK,
//! and the practices it can address, looked up in SDS when the profile gives only an ODS
//! code.
//!
//! Opening a session reads the certificate files but sends nothing; the first request is
//! made by the command.

use chrono::NaiveDate;
use gpconnect::profile::{PracticeEntry, Profile};
use gpconnect::sds::{SdsClient, resolve_practice};
use gpconnect::time::uk_date;
use gpconnect::{Client, OdsCode, Practice, TlsIdentity};

use crate::error::CliError;
use crate::profile::Configuration;

/// The client and the configuration it was built from.
#[derive(Debug)]
pub struct Session {
    /// The profile in force (flags applied).
    pub profile: Profile,
    /// The GP Connect client.
    pub client: Client,
    tls: TlsIdentity,
}

impl Session {
    /// Loads the certificate files and builds the client, for the signed-in user when the
    /// profile sets up sign-in ([`crate::sign_in::apply_session`]).
    /// Errors: [`CliError::SignIn`] when sign-in is set up and no one is signed in;
    /// [`CliError::Client`] with [`gpconnect::Error::Configuration`] naming a file that
    /// could not be read or used (never its content).
    pub fn open(configuration: Configuration) -> Result<Self, CliError> {
        let profile = crate::sign_in::apply_session(configuration.profile)?;
        let tls = profile.tls.load()?;
        let mut builder =
            Client::builder(profile.consumer.clone(), tls.clone()).timeouts(profile.timeouts());
        if let Some(ssp_url) = &profile.ssp_url {
            builder = builder.ssp_url(ssp_url.clone());
        }
        let client = builder.build()?;
        Ok(Self {
            profile,
            client,
            tls,
        })
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
