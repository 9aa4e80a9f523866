//! What the user should do next after each kind of [`Error`], in plain words: shown under
//! every error message.

use crate::error::{Error, ProxyErrorKind, SpineCode, TlsFailure};

impl Error {
    /// What the user should do next, in plain words.
    pub fn advice(&self) -> &'static str {
        match self {
            Self::Connect { .. } => {
                "The practice system could not be reached. Check the network connection and try again."
            }
            Self::Tls {
                failure: TlsFailure::ClientCertificateRejected,
                ..
            } => {
                "The practice refused this computer's certificate. Check the client certificate in Settings, or contact your IT support."
            }
            Self::Tls { .. } => {
                "A secure connection could not be made. Check the certificates in Settings, or contact your IT support."
            }
            Self::Timeout { .. } | Self::ConnectionLost { .. } => {
                "The practice did not answer in time. For a booking, check the patient's appointments before trying again."
            }
            Self::Decode { .. } | Self::Http { .. } => {
                "The practice system sent an answer that could not be read. Try again; if it keeps happening, report it to the practice's system supplier."
            }
            Self::Provider(p) => provider_advice(&p.spine_code),
            Self::Proxy(p) => proxy_advice(p.kind),
            Self::Validation { .. } => "Correct the highlighted field and try again.",
            Self::MultiplePatientRecords { .. } => {
                "The practice holds more than one record for this NHS number. Contact the practice to resolve it before booking there."
            }
            Self::Configuration { .. } => "Check the settings and certificates.",
            Self::ResponseTooLarge { .. } => {
                "The practice system sent a far larger answer than expected. Try a shorter date range; if it keeps happening, report it to the practice's system supplier."
            }
            Self::WrongPatient { .. } => {
                "The practice's answer was about another patient, so nothing was shown or sent. Find the patient again; if it keeps happening, report it to the practice."
            }
        }
    }
}

fn provider_advice(code: &SpineCode) -> &'static str {
    match code {
        SpineCode::DuplicateRejected => {
            "Someone else got there first (the slot was just taken, or the record already exists). Refresh and choose again."
        }
        SpineCode::FhirConstraintViolation | SpineCode::PreconditionFailed => {
            "Someone else changed this appointment first. Reload it and apply your change again."
        }
        SpineCode::InvalidNhsNumber
        | SpineCode::InvalidIdentifierSystem
        | SpineCode::InvalidIdentifierValue => "Check the NHS number with the patient.",
        SpineCode::InvalidPatientDemographics => {
            "The practice could not verify the patient's details against PDS. Check name and date of birth, or book through the patient's own practice."
        }
        SpineCode::PatientNotFound
        | SpineCode::NoRecordFound
        | SpineCode::OrganisationNotFound
        | SpineCode::PractitionerNotFound => {
            "The practice has no such record. Search again; it may have been changed or removed."
        }
        SpineCode::AccessDenied
        | SpineCode::NoOrganisationConsent
        | SpineCode::NoPatientConsent => {
            "The practice does not allow this organisation to book here. Contact the practice."
        }
        SpineCode::InvalidResource | SpineCode::InvalidParameter | SpineCode::ReferenceNotFound => {
            "The practice refused the request. Read the practice's message below; if it does not help, report it to support."
        }
        SpineCode::BadRequest => {
            "The practice refused the request as malformed. Report it to support with the time it happened."
        }
        SpineCode::NotImplemented => "This practice's system does not support this action.",
        SpineCode::InternalServerError | SpineCode::Other(_) => {
            "The practice system had a problem. Try again shortly."
        }
    }
}

fn proxy_advice(kind: ProxyErrorKind) -> &'static str {
    match kind {
        ProxyErrorKind::ProviderUnreachable | ProxyErrorKind::ProviderTimeout => {
            "The practice system is not answering. Try again shortly or contact the practice by phone."
        }
        ProxyErrorKind::Throttled => "The NHS network is busy. Wait a moment and try again.",
        ProxyErrorKind::NoDataSharingAgreement
        | ProxyErrorKind::SenderNotAuthorised
        | ProxyErrorKind::ReceiverNotAuthorised => {
            "Your organisation is not set up to book at this practice (data-sharing agreement or ASID). Contact your IT support."
        }
        ProxyErrorKind::ClientCertificate => {
            "The NHS network refused this computer's certificate. Contact your IT support."
        }
        ProxyErrorKind::EndpointMismatch => {
            "The practice's address in Settings does not match the NHS directory. Look it up again in Settings."
        }
        ProxyErrorKind::BadRequest
        | ProxyErrorKind::MethodNotAllowed
        | ProxyErrorKind::UnsupportedMediaType
        | ProxyErrorKind::Other => {
            "The NHS network refused the request. Report it to support with the time it happened."
        }
    }
}
