//! One classification of what a failed write means (§2.6, §5.2, §6; the SSP guide's
//! rules), used by book, register, amend, cancel and reschedule, in the app and in `gpc`.
//!
//! Once a write's bytes may have reached the provider, only a definitive answer counts:
//! - a 2xx with a readable resource: done (the write functions return it);
//! - a GP Connect refusal, an `OperationOutcome` with 400, 403, 404, 409, 412 or 422: not
//!   done ([`Answer::Refused`]);
//! - a Spine Secure Proxy refusal given before forwarding (its 4xx refusals, 495/496, and
//!   throttling 429/503): not done ([`Answer::Refused`]).
//!
//! Everything else after sending is **outcome unknown**: any timeout after sending, a lost
//! connection, any other 5xx from proxy or provider (500, 502, 504, …), 444/599, a redirect,
//! an error without an `OperationOutcome`, a 2xx whose body cannot be read, is too large or
//! lacks the resource. Failures before anything was sent (no connection, TLS handshake,
//! validation, configuration) are [`Answer::NotSent`].
//!
//! Belongs here: the classification and the outcome type of a reconciled write. Reading
//! back is in `reconcile`.

use crate::error::{Error, ProxyErrorKind, TimeoutStage};
use crate::pending::EntryId;

/// What a write's failure says about whether it was carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Nothing reached the provider: not done.
    NotSent,
    /// A definitive refusal: not done.
    Refused,
    /// It may or may not have been done: read back to find out, never resend blindly.
    Unknown,
}

/// HTTP statuses of a provider `OperationOutcome` that mean "not done" (§6.2; 412 is a
/// stale `If-Match`, refused before anything changes).
const REFUSALS: [u16; 6] = [400, 403, 404, 409, 412, 422];

/// Classifies the failure of a write.
pub fn classify(error: &Error) -> Answer {
    match error {
        Error::Connect { .. }
        | Error::Tls { .. }
        | Error::Validation { .. }
        | Error::Configuration { .. }
        | Error::MultiplePatientRecords { .. }
        | Error::WrongPatient { .. }
        | Error::Timeout {
            stage: TimeoutStage::Connect,
            ..
        } => Answer::NotSent,
        Error::Provider(p) if REFUSALS.contains(&p.status) => Answer::Refused,
        Error::Proxy(p) if refused_before_forwarding(p.kind) => Answer::Refused,
        Error::Timeout { .. }
        | Error::ConnectionLost { .. }
        | Error::Decode { .. }
        | Error::Provider(_)
        | Error::Proxy(_)
        | Error::Http { .. }
        | Error::ResponseTooLarge { .. } => Answer::Unknown,
    }
}

/// Proxy refusals given before the request was forwarded (§6.3, CORE).
fn refused_before_forwarding(kind: ProxyErrorKind) -> bool {
    match kind {
        ProxyErrorKind::EndpointMismatch
        | ProxyErrorKind::BadRequest
        | ProxyErrorKind::SenderNotAuthorised
        | ProxyErrorKind::ReceiverNotAuthorised
        | ProxyErrorKind::NoDataSharingAgreement
        | ProxyErrorKind::MethodNotAllowed
        | ProxyErrorKind::UnsupportedMediaType
        | ProxyErrorKind::Throttled
        | ProxyErrorKind::ClientCertificate => true,
        ProxyErrorKind::ProviderUnreachable
        | ProxyErrorKind::ProviderTimeout
        | ProxyErrorKind::Other => false,
    }
}

/// What became of a write (book, register, amend, cancel), including when its answer was
/// lost. A definitive refusal is an `Err` of the write function instead.
#[derive(Debug, Clone, PartialEq)]
pub enum WriteOutcome<T> {
    /// Done: the provider's answer arrived.
    Done(T),
    /// The answer was lost ([`Answer::Unknown`]); reading back found it done, once.
    Confirmed {
        /// What was made or changed, as read back.
        record: T,
        /// Why the answer was lost.
        cause: Error,
    },
    /// The answer was lost; reading back shows it cannot have been done (an amendment or
    /// cancellation overtaken by another change: its `If-Match` is stale).
    NotMade {
        /// Why the answer was lost.
        cause: Error,
    },
    /// The answer was lost and reading back has not found it yet: it may still appear
    /// (a provider committing late). Do not send it again; keep checking.
    Unknown {
        /// Why the answer was lost.
        cause: Error,
        /// Why the last check failed, when it did.
        check_error: Option<Error>,
        /// The journal entry that stays open, to check again.
        entry: EntryId,
        /// The `Ssp-TraceID` of the write.
        trace_id: uuid::Uuid,
    },
}

impl<T> WriteOutcome<T> {
    /// The record when done or confirmed, by value.
    pub fn into_record(self) -> Option<T> {
        match self {
            Self::Done(record) | Self::Confirmed { record, .. } => Some(record),
            _ => None,
        }
    }

    /// The record when done or confirmed.
    pub fn record(&self) -> Option<&T> {
        match self {
            Self::Done(record) | Self::Confirmed { record, .. } => Some(record),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
