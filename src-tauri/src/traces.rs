//! Tracing the patient on PDS for the signed-in session, and the trace guard every GP
//! Connect request about a patient passes first (§5.4: Find patient, Register, Book,
//! Retrieve, Amend and Cancel need a trace; `nhs-identity-pds.md` §5).
//!
//! - [`AppState::pds_client`]: the PDS client of the session (the user's CIS2 ID token and
//!   role, the application's keys from the keyring), made once per session.
//! - [`AppState::remember_trace`]: a trace is kept for this session only, under the NHS
//!   number asked for and the current one.
//! - [`AppState::require_trace`]: no trace, no request (TRACE_REQUIRED); a superseded number
//!   is refused in favour of the current one; a sensitive patient gets no GP Connect request
//!   at all (PATIENT_SENSITIVE); a deceased one is not booked or registered
//!   (PATIENT_DECEASED); a number PDS does not hold as verified (status other than `01`) is
//!   not found, registered or booked (NHS_NUMBER_UNVERIFIED). Enforced here, whatever the
//!   screen shows.
//! - [`AppState::audit_trace`]: each trace in the audit trail.
//!
//! PDS's errors become command errors in [`pds_error`].

use gpconnect::NhsNumber;
use gpconnect_journal::{AuditOutcome, TraceAudit};
use pds::{ApplicationKey, Block, PdsClient, PdsSettings, PdsUser, Trace};

use crate::connection::timeouts;
use crate::error::{CommandError, CommandResult, ErrorCode};
use crate::session::ActiveSession;
use crate::state::{AppState, blocking};

/// The session's PDS client, once made.
#[derive(Debug, Default)]
pub struct TraceState {
    client: tokio::sync::Mutex<Option<(u64, PdsClient)>>,
}

/// What a request about a patient is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Find patient (§3.3).
    Find,
    /// Register a patient (§3.4).
    Register,
    /// Book (§3.5), including the booking of a reschedule.
    Book,
    /// Retrieve or read appointments (§3.6, §3.7).
    View,
    /// Amend or cancel (§3.8, §3.9).
    Change,
}

impl AppState {
    /// The PDS client of the signed-in user, made on first use in a session from the
    /// settings, the keyring and the session (ID token, role).
    ///
    /// Errors: SIGN_IN_REQUIRED; NOT_CONFIGURED without PDS addresses, key or API key;
    /// KEYRING; CONFIGURATION.
    pub async fn pds_client(&self) -> CommandResult<PdsClient> {
        let session = self.require_session()?;
        let mut cached = self.traces.client.lock().await;
        if let Some((generation, client)) = cached.as_ref()
            && *generation == session.generation
        {
            return Ok(client.clone());
        }
        let settings = self.settings();
        if !settings.pds.is_set() {
            return Err(CommandError::new(
                ErrorCode::NotConfigured,
                "Tracing on PDS is not set up for this environment, so no patient can be found \
                 or booked. Enter the PDS addresses in Settings.",
            ));
        }
        let (keyring, mode) = (self.keyring().clone(), settings.environment);
        let (key, api_key, tls) = blocking(move || {
            Ok((
                keyring.pds_client_key(mode)?,
                keyring.pds_api_key(mode)?,
                keyring.identity(mode)?,
            ))
        })
        .await?;
        let missing = |what: &str| {
            CommandError::new(
                ErrorCode::NotConfigured,
                format!("No {what} is stored for tracing on PDS. Add it in Settings."),
            )
        };
        let key = key.ok_or_else(|| missing("PDS private key"))?;
        let api_key = api_key.ok_or_else(|| missing("PDS API key"))?;
        let client = PdsClient::new(
            PdsSettings {
                base_url: settings.pds.url.trim().to_owned(),
                token_url: settings.pds.token_url.trim().to_owned(),
                key: ApplicationKey {
                    api_key,
                    private_key_pem: key,
                    key_id: settings.pds.key_id.trim().to_owned(),
                },
                // As for SDS: the environment's CAs are trusted besides the system's.
                extra_trusted_ca_pem: tls.map(|t| t.trusted_ca_pem),
                timeouts: timeouts(&settings),
                retry: gpconnect::RetryPolicy::default(),
            },
            PdsUser {
                id_token: session.id_token.clone(),
                role_id: session.role.person_roleid.clone(),
                organisation: Some(session.role.org_code.clone()),
            },
        )
        .map_err(pds_error)?;
        *cached = Some((session.generation, client.clone()));
        Ok(client)
    }

    /// Forgets the PDS client (rebuilt on next use), e.g. after its keys changed.
    pub async fn forget_pds_client(&self) {
        *self.traces.client.lock().await = None;
    }

    /// Keeps `trace` for the session of `generation`, under the number asked for and, when
    /// that was superseded, the current one too.
    pub fn remember_trace(&self, generation: u64, trace: &Trace) {
        self.session().update(generation, |session| {
            session
                .traces
                .insert(trace.requested.clone(), trace.clone());
            if trace.superseded {
                let current = Trace::new(
                    trace.patient.nhs_number.clone(),
                    trace.patient.clone(),
                    trace.traced_at,
                );
                session
                    .traces
                    .insert(trace.patient.nhs_number.clone(), current);
            }
        });
    }

    /// The session's trace of `nhs_number`, when a request for `purpose` may be sent for
    /// them. Nothing is sent otherwise.
    ///
    /// Errors: SIGN_IN_REQUIRED; TRACE_REQUIRED (not traced this session);
    /// NHS_NUMBER_SUPERSEDED (use the current number); PATIENT_SENSITIVE (no GP Connect
    /// request at all); PATIENT_DECEASED (no booking or registration); NHS_NUMBER_UNVERIFIED
    /// (no find, registration or booking).
    pub fn require_trace(&self, nhs_number: &NhsNumber, purpose: Purpose) -> CommandResult<Trace> {
        let session = self.require_session()?;
        check_trace(&session, nhs_number, purpose)
    }

    /// Records a trace (or its failure) in the audit trail. A trace is never refused because
    /// the audit trail could not be written (the failure is logged).
    pub fn audit_trace(&self, session: &ActiveSession, entry: TraceAudit) {
        if let Ok(journal) = self.journal()
            && let Err(error) = journal.append_trace(&TraceAudit {
                user_id: session.user.sds_user_id.clone(),
                user_name: session.user.display_name.clone(),
                organisation: session.role.org_code.clone(),
                ..entry
            })
        {
            tracing::error!(target: "gp_connect_booking::traces", %error, "trace not audited");
        }
    }
}

/// What PDS holds for the traced patient, to compare with a practice's record (§3.3): name,
/// date of birth, gender and home address (lines, postcode last).
pub fn demographics_of(trace: &Trace) -> gpconnect::patients::Demographics {
    let patient = &trace.patient;
    gpconnect::patients::Demographics {
        family_name: patient.family_name.clone(),
        given_name: patient.given_names.first().cloned(),
        gender: patient.gender,
        birth_date: patient.birth_date,
        address: patient
            .address
            .as_ref()
            .map(|a| a.lines.iter().chain(a.postcode.iter()).cloned().collect())
            .unwrap_or_default(),
    }
}

/// What stops tracing, for the status: no PDS address, key or API key.
pub fn problems(settings: &crate::settings::PdsSettings, key: bool, api_key: bool) -> Vec<String> {
    if !settings.is_set() {
        return vec![
            "Tracing on PDS is not set up: no patient can be found or booked until it is."
                .to_owned(),
        ];
    }
    let mut problems = Vec::new();
    if !key {
        problems.push("No PDS private key is imported: patients cannot be traced.".to_owned());
    }
    if !api_key {
        problems.push("No PDS API key is stored: patients cannot be traced.".to_owned());
    }
    problems
}

/// The guard's rule, on one session's traces.
///
/// Errors: as [`AppState::require_trace`].
pub fn check_trace(
    session: &ActiveSession,
    nhs_number: &NhsNumber,
    purpose: Purpose,
) -> CommandResult<Trace> {
    let trace = session.traces.get(nhs_number).ok_or_else(|| {
        CommandError::new(
            ErrorCode::TraceRequired,
            format!(
                "Trace the patient on PDS first: NHS number {} has not been traced in this \
                 session. Nothing was sent.",
                nhs_number.formatted()
            ),
        )
    })?;
    if trace.patient.nhs_number != *nhs_number {
        return Err(CommandError::new(
            ErrorCode::NhsNumberSuperseded,
            format!(
                "NHS number {} was replaced by {} on PDS. Use {}. Nothing was sent.",
                nhs_number.formatted(),
                trace.patient.nhs_number.formatted(),
                trace.patient.nhs_number.formatted()
            ),
        ));
    }
    // Sensitive first: whatever else is true, nothing is sent for them.
    match trace.booking_block() {
        Some(Block::Sensitive) => {
            return Err(CommandError::new(
                ErrorCode::PatientSensitive,
                "This patient's PDS record is restricted (sensitive). GP Connect must not be used \
                 for them: nothing was sent. Book through the practice by telephone.",
            ));
        }
        Some(Block::Deceased) if matches!(purpose, Purpose::Book | Purpose::Register) => {
            return Err(CommandError::new(
                ErrorCode::PatientDeceased,
                "PDS records this patient as deceased. No appointment can be booked for them: \
                 nothing was sent.",
            ));
        }
        _ => {}
    }
    // A verified NHS number is one PDS holds with status 01 (`nhs-identity-pds.md` §5): until
    // then no practice is asked to find, register or book for it. Existing appointments can
    // still be viewed and changed.
    let verified = trace
        .patient
        .verification
        .as_ref()
        .is_some_and(pds::Verification::is_verified);
    if !verified && matches!(purpose, Purpose::Find | Purpose::Register | Purpose::Book) {
        let status = trace.patient.verification.as_ref().map_or_else(
            || "no status".to_owned(),
            |v| match &v.display {
                Some(display) => format!("{} {display}", v.code),
                None => v.code.clone(),
            },
        );
        return Err(CommandError::new(
            ErrorCode::NhsNumberUnverified,
            format!(
                "PDS does not hold NHS number {} as verified ({status}). Check the caller's \
                 details, or ask the registered practice to resolve the trace. Nothing was sent.",
                nhs_number.formatted()
            ),
        ));
    }
    Ok(trace.clone())
}

/// A trace's audit entry without the user (filled in by [`AppState::audit_trace`]).
pub fn audit_entry(
    request_id: uuid::Uuid,
    search: bool,
    result: Result<(Vec<String>, Option<String>), &pds::Error>,
) -> TraceAudit {
    let (outcome, http_status, error_code, nhs_numbers, superseded_by) = match result {
        Ok((numbers, superseded)) => (AuditOutcome::Ok, Some(200), None, numbers, superseded),
        Err(error) => (
            match error {
                pds::Error::Refused(_)
                | pds::Error::TooManyMatches
                | pds::Error::Throttled { .. }
                | pds::Error::TokenExchange { .. } => AuditOutcome::Refused,
                _ => AuditOutcome::Failed,
            },
            error.http_status(),
            Some(code_text(pds_error(error.clone()).code)),
            Vec::new(),
            None,
        ),
    };
    TraceAudit {
        at: chrono::Utc::now(),
        user_id: String::new(),
        user_name: String::new(),
        organisation: String::new(),
        request_id: request_id.to_string(),
        search,
        outcome,
        http_status,
        error_code,
        nhs_numbers,
        superseded_by,
    }
}

/// The code as the UI sees it, e.g. `PDS_NOT_FOUND`.
fn code_text(code: ErrorCode) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A PDS error as a command error, with what to do next.
pub fn pds_error(error: pds::Error) -> CommandError {
    use pds::Error as E;
    let (code, message) = match &error {
        E::Validation { fields } => {
            return CommandError::fields(
                &fields
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                fields.clone(),
            );
        }
        _ if error.is_not_found() => (
            ErrorCode::PdsNotFound,
            "No patient on PDS has this NHS number. Check it with the caller, or search by \
             name and date of birth."
                .to_owned(),
        ),
        _ if error.is_invalidated() => (
            ErrorCode::PdsInvalidated,
            "This NHS number was invalidated on PDS and cannot be used. Search for the patient \
             by name and date of birth."
                .to_owned(),
        ),
        E::TooManyMatches => (
            ErrorCode::PdsTooManyMatches,
            "Too many patients match on PDS. Add the given name, postcode or exact date of \
             birth and search again."
                .to_owned(),
        ),
        E::Throttled { .. } => (
            ErrorCode::PdsThrottled,
            "PDS is busy and asked us to slow down. Wait a moment and try again.".to_owned(),
        ),
        E::TokenExchange { .. } => (
            ErrorCode::PdsAccessDenied,
            "The NHS API platform refused access to PDS for this sign-in. Sign in again; if it \
             persists, check the PDS API key and key in Settings."
                .to_owned(),
        ),
        _ if error.is_access_denied() => (
            ErrorCode::PdsAccessDenied,
            "PDS refused access for this sign-in. Sign in again and retry.".to_owned(),
        ),
        E::Refused(refusal) => (
            ErrorCode::PdsRefused,
            format!(
                "PDS refused the request ({} {}).",
                refusal.status, refusal.code
            ),
        ),
        E::Connect { .. } => (
            ErrorCode::Connect,
            "PDS could not be reached. Check the network and try again.".to_owned(),
        ),
        E::Tls { .. } => (
            ErrorCode::Tls,
            "A secure connection to PDS could not be made.".to_owned(),
        ),
        E::Timeout { .. } => (
            ErrorCode::Timeout,
            "PDS did not answer in time. Try again.".to_owned(),
        ),
        E::ConnectionLost { .. } => (
            ErrorCode::ConnectionLost,
            "The connection to PDS was lost. Try again.".to_owned(),
        ),
        E::Decode { .. } => (
            ErrorCode::Decode,
            "PDS's answer could not be read.".to_owned(),
        ),
        E::Http { status } => (
            ErrorCode::HttpError,
            format!("PDS or the NHS API platform failed (HTTP {status})."),
        ),
        _ => (
            ErrorCode::Configuration,
            "The PDS settings or keys cannot be used. Check them in Settings.".to_owned(),
        ),
    };
    let mut command = CommandError::new(code, message);
    command.details.http_status = error.http_status();
    command.details.retryable = error.is_transient();
    command.details.spine_code = error.pds_code().map(|c| c.to_string());
    if let E::Refused(refusal) = &error {
        command.details.diagnostics.clone_from(&refusal.diagnostics);
    }
    if let E::TokenExchange { description, .. } = &error {
        command.details.diagnostics.clone_from(description);
    }
    command
}
