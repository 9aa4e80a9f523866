//! Tracing the patient on PDS (the patient panel's first step, §5.4): a trace by NHS number
//! and a search by demographics, with the registered practice named when it is one of the
//! practices in Settings.

use pds::{Block, PdsPatient, Trace};
use serde::{Deserialize, Serialize};

/// Trace the patient by NHS number.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TraceRequest {
    /// The NHS number as typed (spaces and hyphens allowed).
    pub nhs_number: String,
    /// Ask PDS again even if this session already traced the number.
    #[serde(default)]
    pub refresh: bool,
}

/// A trace, and what it means here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct TraceView {
    /// The trace: the number asked for, the PDS record, superseded or not, when.
    pub trace: Trace,
    /// The registered practice's name, when it is one of the practices in Settings.
    pub registered_practice_name: Option<String>,
    /// The registered practice is one of the practices in Settings: search it first.
    pub registered_in_federation: bool,
    /// Why no GP Connect request may be sent for the patient (sensitive).
    pub gp_connect_block: Option<Block>,
    /// Why the patient may not be booked or registered (sensitive, deceased).
    pub booking_block: Option<Block>,
    /// Taken from this session's traces: PDS was not asked again.
    pub cached: bool,
    /// The `X-Request-ID` of the request to PDS (quote it to support).
    pub request_id: String,
}

/// One patient a PDS search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PdsMatch {
    /// The record (no match score: PDS's rule, §3.4).
    pub patient: PdsPatient,
    /// The registered practice's name, when it is one of the practices in Settings.
    pub registered_practice_name: Option<String>,
}

/// A PDS search's matches, in the order PDS returned them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PdsSearchResult {
    /// The matches, best first as PDS ordered them.
    pub matches: Vec<PdsMatch>,
    /// The `X-Request-ID` of the search.
    pub request_id: String,
}
