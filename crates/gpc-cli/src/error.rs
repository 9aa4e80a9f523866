//! What can go wrong in `gpc`, and the exit code each failure gives.
//!
//! Belongs here: [`CliError`] (the client's [`gpconnect::Error`] plus what the command line
//! adds: bad input, profile problems, a slot that is not free, an outcome that stayed
//! unknown) and [`Exit`]. How errors are written for the user is in `crate::output`.

use gpconnect::ids::{OdsCode, SlotId};
use gpconnect::patients::FieldError;

/// The process exit codes; `gpc --help` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Exit {
    /// 0: success.
    Success,
    /// 1: anything else (configuration, an unreadable answer, output not written).
    Failure,
    /// 2: usage (clap's own exit code for bad arguments).
    Usage,
    /// 3: the provider or the Spine Secure Proxy refused the request.
    ProviderRefusal,
    /// 4: no connection, TLS failure, timeout, connection lost.
    Transport,
    /// 5: invalid input, refused before sending.
    InvalidInput,
    /// 6: no one is signed in (or the session ended), or the sign-in was refused.
    SignIn,
    /// 7: a write was sent, its answer lost, and reading back has not found it: do not
    /// repeat it.
    OutcomeUnknown,
}

impl Exit {
    /// The numeric code.
    pub fn code(self) -> u8 {
        match self {
            Self::Success => 0,
            Self::Failure => 1,
            Self::Usage => 2,
            Self::ProviderRefusal => 3,
            Self::Transport => 4,
            Self::InvalidInput => 5,
            Self::SignIn => 6,
            Self::OutcomeUnknown => 7,
        }
    }

    /// The exit code for a client error: 3 for provider and proxy refusals, 4 for
    /// transport and TLS failures, 5 for validation, 1 for the rest.
    pub fn for_client_error(error: &gpconnect::Error) -> Self {
        use gpconnect::Error as E;
        match error {
            E::Provider(_) | E::Proxy(_) => Self::ProviderRefusal,
            E::Connect { .. } | E::Tls { .. } | E::Timeout { .. } | E::ConnectionLost { .. } => {
                Self::Transport
            }
            E::Validation { .. } => Self::InvalidInput,
            _ => Self::Failure,
        }
    }
}

impl Exit {
    /// The exit code for a PDS error: 5 for input refused before sending, 3 for PDS's
    /// refusals (not found, invalidated, too many matches, throttling), 4 for transport, 6
    /// for the token exchange refused, 1 for the rest.
    pub fn for_pds_error(error: &pds::Error) -> Self {
        use pds::Error as E;
        match error {
            E::Validation { .. } => Self::InvalidInput,
            E::Refused(_) | E::TooManyMatches | E::Throttled { .. } | E::Http { .. } => {
                Self::ProviderRefusal
            }
            E::Connect { .. } | E::Tls { .. } | E::Timeout { .. } | E::ConnectionLost { .. } => {
                Self::Transport
            }
            E::TokenExchange { .. } => Self::SignIn,
            _ => Self::Failure,
        }
    }
}

/// Every way a `gpc` command can fail.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// A GP Connect or SDS call failed, or the client refused a value before sending.
    #[error("{0}")]
    Client(#[from] gpconnect::Error),

    /// A value given on the command line is not valid (NHS number, ODS code, date, id).
    #[error("{what}: {message}")]
    Input {
        /// Which argument, e.g. `--nhs-number`.
        what: String,
        /// Why, for the person who typed it.
        message: String,
    },

    /// The registration details have problems; all of them are listed.
    #[error("the registration details need correcting ({} problem(s))", .0.len())]
    Registration(Vec<FieldError>),

    /// Flags that cannot be used together (clap reports the other usage errors itself).
    #[error("usage: {0}")]
    Usage(String),

    /// The profile or a flag does not give a usable configuration.
    #[error("configuration: {0}")]
    Configuration(String),

    /// Slot ids asked for that are not free at the practice in the searched days.
    #[error(
        "not free at {practice} in the days searched (taken, past, or unknown): slot {}",
        ids(.slots)
    )]
    SlotsNotFree {
        /// The practice searched.
        practice: OdsCode,
        /// The ids not found among its free slots.
        slots: Vec<SlotId>,
    },

    /// No patient with that NHS number is registered at the practice.
    #[error(
        "no patient with NHS number {nhs_number} at {practice}: register them there first (gpc patient register)"
    )]
    PatientNotFound {
        /// The practice asked.
        practice: OdsCode,
        /// The NHS number, formatted 3-3-4.
        nhs_number: String,
    },

    /// More than one record matched the NHS number.
    #[error(
        "{count} patient records at {practice} have that NHS number: give --patient-id (see gpc patient find)"
    )]
    PatientAmbiguous {
        /// The practice asked.
        practice: OdsCode,
        /// How many records came back.
        count: usize,
    },

    /// Every practice searched failed; each failure was already reported.
    #[error("no practice answered the slot search ({failed} failed)")]
    NoPracticeAnswered {
        /// How many practices failed.
        failed: usize,
        /// The exit code of the first failure.
        exit: Exit,
    },

    /// A write's answer was lost and reading back has not found it (yet).
    #[error("the {what}'s outcome is unknown: {cause}")]
    OutcomeUnknown {
        /// `booking`, `registration`, `amendment`, `cancellation`.
        what: &'static str,
        /// Why the answer was lost.
        cause: Box<gpconnect::Error>,
        /// Why the last check failed, when it did.
        check: Option<Box<gpconnect::Error>>,
        /// The open journal entry.
        entry: i64,
        /// The write's `Ssp-TraceID`.
        trace_id: String,
    },

    /// A write's answer was lost and reading back shows it cannot have been made.
    #[error("the {what} was not made: {cause}")]
    NotMade {
        /// `amendment`, `cancellation`.
        what: &'static str,
        /// Why the answer was lost.
        cause: Box<gpconnect::Error>,
    },

    /// The error was already written, with the trace ID of the request it came from.
    #[error("{exit:?}")]
    Reported {
        /// The exit code it gives.
        exit: Exit,
    },

    /// The profile asks for sign-in and no one is signed in (nothing was sent), or the
    /// sign-in did not complete or was refused.
    #[error("sign-in: {0}")]
    SignIn(String),

    /// A PDS trace failed, or PDS refused it.
    #[error("PDS: {0}")]
    Pds(#[from] pds::Error),

    /// The keyring holding the session could not be used.
    #[error("keyring: {0}")]
    Keyring(String),

    /// The async runtime could not start.
    #[error("could not start: {0}")]
    Runtime(String),

    /// Writing the output failed (e.g. a closed pipe).
    #[error("could not write the output: {0}")]
    Output(#[from] std::io::Error),
}

fn ids(slots: &[SlotId]) -> String {
    slots
        .iter()
        .map(SlotId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

impl From<csv::Error> for CliError {
    fn from(error: csv::Error) -> Self {
        match error.into_kind() {
            csv::ErrorKind::Io(e) => Self::Output(e),
            other => Self::Output(std::io::Error::other(format!("CSV: {other:?}"))),
        }
    }
}

impl From<serde_json::Error> for CliError {
    fn from(error: serde_json::Error) -> Self {
        // Keeps the kind of an I/O error (e.g. a closed pipe).
        Self::Output(std::io::Error::from(error))
    }
}

impl CliError {
    /// An invalid command-line value.
    pub fn input(what: &str, message: impl ToString) -> Self {
        Self::Input {
            what: what.to_owned(),
            message: message.to_string(),
        }
    }

    /// The exit code this error gives.
    pub fn exit(&self) -> Exit {
        match self {
            Self::Client(error) => Exit::for_client_error(error),
            Self::Input { .. }
            | Self::Registration(_)
            | Self::SlotsNotFree { .. }
            | Self::PatientNotFound { .. }
            | Self::PatientAmbiguous { .. } => Exit::InvalidInput,
            Self::Usage(_) => Exit::Usage,
            Self::NoPracticeAnswered { exit, .. } => *exit,
            Self::OutcomeUnknown { .. } => Exit::OutcomeUnknown,
            Self::NotMade { .. } => Exit::ProviderRefusal,
            Self::Reported { exit } => *exit,
            Self::SignIn(_) => Exit::SignIn,
            Self::Pds(error) => Exit::for_pds_error(error),
            Self::Configuration(_) | Self::Keyring(_) | Self::Runtime(_) | Self::Output(_) => {
                Exit::Failure
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use gpconnect::{Error, ProviderError, ProxyError, ProxyErrorKind, SpineCode, TimeoutStage};

    use super::*;

    #[test]
    fn client_errors_map_to_the_documented_codes() {
        let provider = Error::Provider(ProviderError {
            status: 409,
            spine_code: SpineCode::DuplicateRejected,
            issue_code: None,
            display: None,
            diagnostics: None,
        });
        let proxy = Error::Proxy(ProxyError {
            status: 502,
            kind: ProxyErrorKind::ProviderUnreachable,
            token: None,
            diagnostics: None,
            retry_after: None,
        });
        let timeout = Error::Timeout {
            stage: TimeoutStage::Response,
            after: Duration::from_secs(1),
        };
        let cases = [
            (provider, 3),
            (proxy, 3),
            (timeout, 4),
            (
                Error::Connect {
                    message: "refused".into(),
                },
                4,
            ),
            (Error::validation("description", "too long"), 5),
            (
                Error::Configuration {
                    what: "x".into(),
                    message: "y".into(),
                },
                1,
            ),
            (
                Error::Http {
                    status: 500,
                    content_type: None,
                },
                1,
            ),
        ];
        for (error, code) in cases {
            assert_eq!(CliError::from(error).exit().code(), code);
        }
    }

    #[test]
    fn command_line_errors_map_to_the_documented_codes() {
        assert_eq!(
            CliError::input("--nhs-number", "bad").exit(),
            Exit::InvalidInput
        );
        assert_eq!(
            CliError::Configuration("no profile".into()).exit(),
            Exit::Failure
        );
        assert_eq!(
            CliError::OutcomeUnknown {
                what: "booking",
                cause: Box::new(Error::ConnectionLost {
                    message: "reset".into()
                }),
                check: None,
                entry: 1,
                trace_id: "t".into(),
            }
            .exit()
            .code(),
            7
        );
    }
}
