//! Tracing the patient on PDS: by NHS number (a retrieval, kept for the session and reused
//! unless asked again), or by demographics for a caller who does not know it (a search;
//! choosing a match traces it). Every trace is recorded in the audit trail.

use gpconnect::OdsCode;
use pds::{PdsPatient, SearchQuery, Trace};

use super::nhs_number;
use crate::error::CommandResult;
use crate::state::AppState;
use crate::traces::{audit_entry, pds_error};
use crate::views::{PdsMatch, PdsSearchResult, TraceRequest, TraceView};

/// The name of practice `ods` when it is one of the practices in Settings.
fn practice_name(state: &AppState, ods: Option<&OdsCode>) -> Option<String> {
    let ods = ods?;
    state
        .settings()
        .practice_entries()
        .into_iter()
        .find(|p| p.ods_code == *ods)
        .map(|p| p.name.unwrap_or_else(|| ods.to_string()))
}

fn view(state: &AppState, trace: Trace, cached: bool, request_id: String) -> TraceView {
    let name = practice_name(state, trace.patient.registered_practice.as_ref());
    TraceView {
        registered_in_federation: name.is_some(),
        registered_practice_name: name,
        gp_connect_block: trace.gp_connect_block(),
        booking_block: trace.booking_block(),
        trace,
        cached,
        request_id,
    }
}

/// Traces the patient by NHS number on PDS (§5.4). A number traced earlier in this session
/// is answered from the session (no request), unless `refresh`.
///
/// Errors: VALIDATION for an invalid NHS number; SIGN_IN_REQUIRED; NOT_CONFIGURED;
/// PDS_NOT_FOUND, PDS_INVALIDATED, PDS_THROTTLED, PDS_ACCESS_DENIED, PDS_REFUSED; transport
/// errors.
pub async fn trace_patient(state: &AppState, request: TraceRequest) -> CommandResult<TraceView> {
    let number = nhs_number(&request.nhs_number)?;
    let session = state.require_session()?;
    if !request.refresh
        && let Some(trace) = session.traces.get(&number)
        && trace.requested == number
    {
        return Ok(view(state, trace.clone(), true, String::new()));
    }
    let client = state.pds_client().await?;
    let request_id = uuid::Uuid::new_v4();
    let result = client.retrieve_as(&number, request_id).await;
    let audited = result.as_ref().map(|t| {
        (
            vec![number.as_str().to_owned()],
            t.superseded
                .then(|| t.patient.nhs_number.as_str().to_owned()),
        )
    });
    state.audit_trace(&session, audit_entry(request_id, false, audited));
    let trace = result.map_err(pds_error)?;
    state.remember_trace(session.generation, &trace);
    Ok(view(state, trace, false, request_id.to_string()))
}

/// Searches PDS by demographics (§3.4): the matches in PDS's order, no score. Choosing one
/// traces it ([`trace_patient`]).
///
/// Errors: VALIDATION listing every problem with the search (before sending);
/// PDS_TOO_MANY_MATCHES; as [`trace_patient`].
pub async fn search_pds(state: &AppState, query: SearchQuery) -> CommandResult<PdsSearchResult> {
    query.validate().map_err(pds_error)?;
    let session = state.require_session()?;
    let client = state.pds_client().await?;
    let request_id = uuid::Uuid::new_v4();
    let result = client.search_as(&query, request_id).await;
    let audited = result.as_ref().map(|found| {
        (
            found
                .iter()
                .map(|p| p.nhs_number.as_str().to_owned())
                .collect(),
            None,
        )
    });
    state.audit_trace(&session, audit_entry(request_id, true, audited));
    let found: Vec<PdsPatient> = result.map_err(pds_error)?;
    Ok(PdsSearchResult {
        matches: found
            .into_iter()
            .map(|patient| PdsMatch {
                registered_practice_name: practice_name(
                    state,
                    patient.registered_practice.as_ref(),
                ),
                patient,
            })
            .collect(),
        request_id: request_id.to_string(),
    })
}
