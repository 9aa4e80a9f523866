//! What each command does: one function per user action, each a few lines that take the
//! arguments, clone what they need out of the state, call one domain function and map its
//! result. Business rules live in the `gpconnect` crate. The Tauri command wrappers, their
//! names and argument names are generated from the table in `crate::ipc`.

pub mod appointments;
pub mod booking;
pub mod credentials;
pub mod patients;
pub mod pds_credentials;
pub mod session;
pub mod settings;
pub mod slots;
pub mod trace;
pub mod writes;

use gpconnect::ids::OdsCode;

use crate::error::{CommandError, CommandResult};

/// An ODS code typed by the user.
///
/// Errors: VALIDATION naming the rule.
pub(crate) fn ods_code(text: &str) -> CommandResult<OdsCode> {
    OdsCode::parse(text).map_err(|e| CommandError::invalid(format!("ODS code: {e}")))
}

/// An NHS number typed by the user.
///
/// Errors: VALIDATION naming the rule.
pub(crate) fn nhs_number(text: &str) -> CommandResult<gpconnect::NhsNumber> {
    gpconnect::NhsNumber::parse(text).map_err(|e| CommandError::invalid(format!("NHS number: {e}")))
}

/// A client's result as a command's, an error carrying the trace ID of the request it came
/// from (to quote to support).
pub(crate) fn traced<T>(
    result: gpconnect::Result<T>,
    recorder: &gpconnect::exchange::Recorder,
) -> CommandResult<T> {
    result.map_err(|e| CommandError::from(e).traced(recorder.error_trace_id()))
}

/// Milliseconds since `started`, saturating.
pub(crate) fn elapsed_ms(started: std::time::Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}
