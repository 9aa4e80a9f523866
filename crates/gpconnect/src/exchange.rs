//! What each request was, for the audit trail, the diagnostics log and error reports: one
//! [`Exchange`] per HTTP request (its `Ssp-TraceID`, interaction, practice, status, Spine
//! code and duration), handed to the client's [`ExchangeObserver`] and to the [`Recorder`]
//! of the call it belongs to.
//!
//! Belongs here: the record and the two ways of receiving it. The client makes them
//! (`client.rs`); the app and `gpc` store them (the `gpconnect-journal` crate). An exchange
//! never holds a request or response body, and holds an NHS number only when the caller
//! named the patient in its [`CallContext`] (for the local audit trail, never for logs).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::ids::{NhsNumber, OdsCode};
use crate::interaction::Interaction;
use crate::outcome::Answer;

/// Who a call is for and why, set by the caller with [`crate::Client::scoped`]: carried by
/// every exchange of that call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallContext {
    /// The patient the call is about, when known (audit trail only).
    pub nhs_number: Option<NhsNumber>,
    /// What the user did, e.g. `book`, `reschedule`, `check` (a read made to learn a lost
    /// answer's outcome); `None` for the interaction's own meaning.
    pub action: Option<&'static str>,
    /// What the user said about the call, kept in the audit trail with its writes: why a
    /// slot after the disposition timeframe was booked.
    pub note: Option<String>,
}

/// One HTTP request and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The `Ssp-TraceID` sent.
    pub trace_id: Uuid,
    /// The interaction (§3.0).
    pub interaction: Interaction,
    /// The practice addressed.
    pub practice: OdsCode,
    /// When the request was started (UTC).
    pub started_at: DateTime<Utc>,
    /// From sending to the last byte (or the failure).
    pub duration: Duration,
    /// HTTP status, when a response arrived.
    pub status: Option<u16>,
    /// The error's stable code (`Error::code`) when the exchange failed, e.g. `TIMEOUT`,
    /// `DUPLICATE_REJECTED`, `PROVIDER_UNREACHABLE`.
    pub error_code: Option<String>,
    /// The provider's Spine code or the proxy's token, when one was sent.
    pub spine_code: Option<String>,
    /// The appointment addressed or created: of a read, amend or cancel (from the path), of
    /// a booking (from its `Location` header).
    pub resource_id: Option<String>,
    /// What a failure means for a write ([`crate::outcome::classify`]); `None` when the
    /// exchange succeeded.
    pub answer: Option<Answer>,
    /// The user's local id (the JWT's `requesting_practitioner`).
    pub user_id: String,
    /// The user's name.
    pub user_name: String,
    /// The booking organisation's ODS code.
    pub organisation: OdsCode,
    /// The caller's context.
    pub context: Arc<CallContext>,
}

impl Exchange {
    /// True when the exchange failed (no 2xx answer).
    pub fn failed(&self) -> bool {
        self.error_code.is_some() || !self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Receives every exchange of a client (audit trail, logs). Must not block for long: it runs
/// on the request's task.
pub trait ExchangeObserver: Send + Sync + std::fmt::Debug {
    /// Called once per request, after its answer (or failure).
    fn exchanged(&self, exchange: &Exchange);
}

/// Ignores exchanges.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoObserver;

impl ExchangeObserver for NoObserver {
    fn exchanged(&self, _exchange: &Exchange) {}
}

/// The exchanges of one call, in order: which request an error came from.
#[derive(Debug, Default)]
pub struct Recorder(Mutex<Vec<Exchange>>);

impl Recorder {
    /// Every exchange so far, oldest first.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// The trace ID to quote for the call's error: the last exchange that failed, else the
    /// last exchange (a 2xx whose body could not be read); `None` when nothing was sent.
    pub fn error_trace_id(&self) -> Option<Uuid> {
        let exchanges = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        exchanges
            .iter()
            .rev()
            .find(|e| e.failed())
            .or_else(|| exchanges.last())
            .map(|e| e.trace_id)
    }

    pub(crate) fn push(&self, exchange: Exchange) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(exchange);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(status: Option<u16>, code: Option<&str>) -> Exchange {
        Exchange {
            trace_id: Uuid::new_v4(),
            interaction: Interaction::BookAppointment,
            practice: OdsCode::parse("A20047").unwrap(),
            started_at: Utc::now(),
            duration: Duration::from_millis(5),
            status,
            error_code: code.map(str::to_owned),
            spine_code: None,
            resource_id: None,
            answer: code.map(|_| Answer::Unknown),
            user_id: "u".into(),
            user_name: "U".into(),
            organisation: OdsCode::parse("Y90001").unwrap(),
            context: Arc::default(),
        }
    }

    #[test]
    fn the_error_trace_id_is_the_last_failure() {
        let recorder = Recorder::default();
        assert_eq!(recorder.error_trace_id(), None);
        let failed = exchange(Some(409), Some("DUPLICATE_REJECTED"));
        let check = exchange(Some(200), None);
        recorder.push(failed.clone());
        recorder.push(check.clone());
        assert_eq!(recorder.error_trace_id(), Some(failed.trace_id));
        let only_ok = Recorder::default();
        only_ok.push(check.clone());
        assert_eq!(only_ok.error_trace_id(), Some(check.trace_id));
        assert!(exchange(None, Some("TIMEOUT")).failed());
    }
}
