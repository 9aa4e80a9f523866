//! A ready GP Connect connection: the client built from the settings, the credentials and the
//! signed-in user (the JWT's `requesting_practitioner` and `requesting_organization` come from
//! the session, never from the settings), and the configured practices resolved through SDS
//! (§5.3), reusing what this session already looked up. The bottom of the shell: it knows the
//! settings and the error type, nothing above them.
//!
//! A practice whose SDS look-up fails does not stop the others: it is kept as
//! [`UnresolvedPractice`] and reported as failed wherever it is asked for.

use std::collections::HashMap;
use std::time::Duration;

use gpconnect::federation::{DEFAULT_MAX_CONCURRENT, Federation, FederationLimits};
use gpconnect::ids::OdsCode;
use gpconnect::profile::SdsSettings;
use gpconnect::sds::{SdsClient, resolve_practices};
use gpconnect::secret::Sensitive;
use gpconnect::{Client, Practice, Timeouts, TlsIdentity};

use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::settings::{Requester, Settings};

/// Practices SDS resolved this session, by SDS address and ODS code (§5.3: cached per
/// session, never across sessions, never written into the settings).
pub type SdsCache = HashMap<(String, OdsCode), Practice>;

/// A configured practice that could not be resolved, and why.
#[derive(Debug, Clone)]
pub struct UnresolvedPractice {
    /// Its ODS code.
    pub ods_code: OdsCode,
    /// Its configured name (the ODS code when none).
    pub name: String,
    /// Why SDS could not resolve it.
    pub error: gpconnect::Error,
}

/// A ready client and the practices it can reach.
#[derive(Debug, Clone)]
pub struct Connection {
    /// The GP Connect client.
    pub client: Client,
    /// The practices resolved (root and ASID known), in settings order.
    pub practices: Vec<Practice>,
    /// The practices SDS could not resolve, in settings order.
    pub unresolved: Vec<UnresolvedPractice>,
    /// One practice's deadline in a federated call.
    pub practice_deadline: Duration,
    /// The queue every federated call of this connection goes through (cap and deadline).
    pub federation: Federation,
    /// The DoS service id sent with slot searches (111 profile), if any.
    pub dos_service_id: Option<String>,
    /// Practices SDS resolved while opening (to add to the session's cache).
    pub resolved_by_sds: SdsCache,
}

/// The client's time limits from the settings.
pub fn timeouts(settings: &Settings) -> Timeouts {
    let t = &settings.timeouts;
    Timeouts {
        connect: Duration::from_secs(u64::from(t.connect_seconds)),
        request: Duration::from_secs(u64::from(t.request_seconds)),
    }
}

/// An SDS client for `settings` with the environment's API key, presenting `tls` when
/// given; `None` when no SDS address is set.
///
/// Errors: NOT_CONFIGURED when an SDS address is set but no API key is stored;
/// CONFIGURATION for an unusable address or certificate.
pub fn sds_client(
    settings: &Settings,
    tls: Option<&TlsIdentity>,
    api_key: Option<Sensitive<String>>,
) -> CommandResult<Option<SdsClient>> {
    let url = settings.sds_url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    let api_key = api_key.ok_or_else(|| {
        CommandError::new(
            ErrorCode::NotConfigured,
            "No SDS API key is stored. Enter the SDS API key in Settings.",
        )
    })?;
    let sds = SdsSettings {
        url: url.to_owned(),
        api_key: api_key.into_inner(),
    };
    Ok(Some(SdsClient::new(&sds, tls, timeouts(settings))?))
}

impl Connection {
    /// Builds the client for `requester` (writes recorded in `records` before sending, every
    /// exchange in its audit trail, lost answers read back on the settings' schedule) and
    /// resolves every configured practice (§5.3), concurrently, taking those already in
    /// `cache` from there.
    ///
    /// Errors: NOT_CONFIGURED for incomplete settings; CONFIGURATION for a certificate or
    /// address the client cannot use. A practice SDS cannot resolve is not an error here.
    pub async fn open(
        settings: &Settings,
        requester: &Requester,
        tls: TlsIdentity,
        sds_api_key: Option<Sensitive<String>>,
        cache: &SdsCache,
        records: std::sync::Arc<crate::journal::Records>,
    ) -> CommandResult<Self> {
        if let Some(problem) = settings.validate().first() {
            return Err(CommandError::new(
                ErrorCode::NotConfigured,
                format!("Settings are incomplete: {}", problem.message),
            ));
        }
        let identity = settings
            .identity(requester)
            .map_err(|e| CommandError::new(ErrorCode::NotConfigured, e.message))?;
        let schedule = settings
            .writes
            .schedule()
            .map_err(|e| CommandError::new(ErrorCode::NotConfigured, e))?;
        let client = Client::builder(identity, tls.clone())
            .ssp_url(settings.ssp_url.trim())
            .timeouts(timeouts(settings))
            .journal(records.clone())
            .observer(records)
            .reconcile(schedule)
            .build()?;
        let sds_url = settings.sds_url.trim().to_owned();
        let mut entries = settings.practice_entries();
        for entry in &mut entries {
            if entry.resolved().is_none()
                && let Some(found) = cache.get(&(sds_url.clone(), entry.ods_code.clone()))
            {
                entry.provider_root = Some(found.provider_root.clone());
                entry.asid = Some(found.asid.clone());
                entry.name = entry.name.clone().or_else(|| Some(found.name.clone()));
            }
        }
        let needs_sds = entries.iter().any(|e| e.resolved().is_none());
        let from_sds: Vec<OdsCode> = entries
            .iter()
            .filter(|e| e.resolved().is_none())
            .map(|e| e.ods_code.clone())
            .collect();
        let sds = if needs_sds {
            sds_client(settings, Some(&tls), sds_api_key)?
        } else {
            None
        };
        let mut practices = Vec::new();
        let mut unresolved = Vec::new();
        let mut resolved_by_sds = SdsCache::new();
        for resolution in resolve_practices(&entries, sds.as_ref()).await {
            match resolution.result {
                Ok(practice) => {
                    if from_sds.contains(&practice.ods_code) {
                        resolved_by_sds.insert(
                            (sds_url.clone(), practice.ods_code.clone()),
                            practice.clone(),
                        );
                    }
                    practices.push(practice);
                }
                Err(error) => unresolved.push(UnresolvedPractice {
                    name: resolution
                        .entry
                        .name
                        .clone()
                        .unwrap_or_else(|| resolution.entry.ods_code.to_string()),
                    ods_code: resolution.entry.ods_code,
                    error,
                }),
            }
        }
        Ok(Self {
            client,
            practices,
            unresolved,
            practice_deadline: Duration::from_secs(u64::from(
                settings.timeouts.practice_deadline_seconds,
            )),
            federation: Federation::new(FederationLimits {
                max_concurrent: usize::try_from(settings.timeouts.max_concurrent_practices)
                    .unwrap_or(DEFAULT_MAX_CONCURRENT),
                deadline: Duration::from_secs(u64::from(
                    settings.timeouts.practice_deadline_seconds,
                )),
            }),
            dos_service_id: settings.nhs111.service_id(),
            resolved_by_sds,
        })
    }

    /// The practice with ODS code `ods`.
    ///
    /// Errors: the practice's SDS error when it could not be resolved; VALIDATION when it is
    /// not one of the configured practices.
    pub fn practice(&self, ods: &OdsCode) -> CommandResult<Practice> {
        if let Some(practice) = self.practices.iter().find(|p| p.ods_code == *ods) {
            return Ok(practice.clone());
        }
        if let Some(failed) = self.unresolved.iter().find(|p| p.ods_code == *ods) {
            return Err(failed.error.clone().into());
        }
        Err(CommandError::invalid(format!(
            "{ods} is not one of the practices in Settings."
        )))
    }

    /// The practices with these ODS codes, in that order; every practice when `codes` is
    /// empty. Unresolved ones are returned apart, with their errors.
    ///
    /// Errors: VALIDATION for a code that is not configured.
    pub fn select(
        &self,
        codes: &[OdsCode],
    ) -> CommandResult<(Vec<Practice>, Vec<UnresolvedPractice>)> {
        if codes.is_empty() {
            return Ok((self.practices.clone(), self.unresolved.clone()));
        }
        let mut found = Vec::new();
        let mut failed = Vec::new();
        for code in codes {
            if let Some(practice) = self.practices.iter().find(|p| p.ods_code == *code) {
                found.push(practice.clone());
            } else if let Some(problem) = self.unresolved.iter().find(|p| p.ods_code == *code) {
                failed.push(problem.clone());
            } else {
                return Err(CommandError::invalid(format!(
                    "{code} is not one of the practices in Settings."
                )));
            }
        }
        Ok((found, failed))
    }
}
