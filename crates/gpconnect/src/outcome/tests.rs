//! The classifier over every status × body shape × stage (property test), and the cases the
//! issue names.

use std::time::Duration;

use proptest::prelude::*;

use super::*;
use crate::error::DecodeError;
use crate::fhir::urls::{CODESYSTEM_SPINE_ERROR, SYSTEM_SSP_RESPONSE_CODE};
use crate::response::error_from_response;

/// The body shapes a response can have.
#[derive(Debug, Clone, Copy)]
enum Body {
    Empty,
    Html,
    ProviderOutcome,
    ProxyOutcome,
    CutOff,
    Resource,
}

fn body(shape: Body, status: u16) -> Vec<u8> {
    let outcome = |system: &str, code: &str| {
        serde_json::json!({"resourceType": "OperationOutcome", "issue": [{"severity": "error",
            "code": "invalid", "details": {"coding": [{"system": system, "code": code}]}}]})
        .to_string()
        .into_bytes()
    };
    match shape {
        Body::Empty => Vec::new(),
        Body::Html => b"<html>error</html>".to_vec(),
        Body::ProviderOutcome => outcome(CODESYSTEM_SPINE_ERROR, "INVALID_RESOURCE"),
        Body::ProxyOutcome => outcome(SYSTEM_SSP_RESPONSE_CODE, &status.to_string()),
        Body::CutOff => br#"{"resourceType":"Appointment","id":"1","sta"#.to_vec(),
        Body::Resource => br#"{"resourceType":"Appointment","id":"1"}"#.to_vec(),
    }
}

/// What the client makes of a response after sending: a 2xx is decoded as the resource, any
/// other status goes through the error mapping.
fn after_sending(status: u16, shape: Body) -> Result<(), Error> {
    let bytes = body(shape, status);
    if (200..300).contains(&status) {
        crate::appointments::AppointmentRecord::from_json(
            status,
            serde_json::from_slice(&bytes).map_err(|e| Error::Decode {
                status,
                source: DecodeError::new("", e.to_string()),
            })?,
            None,
        )
        .map(|_| ())
    } else {
        Err(error_from_response(
            status,
            Some("application/fhir+json"),
            &bytes,
        ))
    }
}

fn shapes() -> impl Strategy<Value = Body> {
    prop_oneof![
        Just(Body::Empty),
        Just(Body::Html),
        Just(Body::ProviderOutcome),
        Just(Body::ProxyOutcome),
        Just(Body::CutOff),
        Just(Body::Resource),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// After sending, "not done" only for a refusal the specification makes definitive;
    /// never for a 5xx, 444, 599, a redirect or an answer without an OperationOutcome; a 2xx
    /// with the resource is done.
    #[test]
    fn only_a_definitive_answer_is_known(status in 100u16..600, shape in shapes()) {
        match after_sending(status, shape) {
            Ok(()) => prop_assert!((200..300).contains(&status)),
            Err(error) => {
                let answer = classify(&error);
                prop_assert_ne!(answer, Answer::NotSent, "a response arrived: {:?}", error);
                if answer == Answer::Refused {
                    let provider = REFUSALS.contains(&status) && matches!(shape, Body::ProviderOutcome);
                    let proxy = !matches!(shape, Body::ProviderOutcome)
                        && matches!(status, 400 | 403 | 405 | 415 | 429 | 495 | 496 | 503);
                    prop_assert!(provider || proxy, "refused for {status} {shape:?}: {error:?}");
                }
                if status >= 500 && !matches!(status, 503) || matches!(status, 444 | 599) || (300..400).contains(&status) {
                    prop_assert_eq!(answer, Answer::Unknown, "{} {:?}", status, shape);
                }
                if (200..300).contains(&status) {
                    prop_assert_eq!(answer, Answer::Unknown, "an unreadable 2xx: {:?}", error);
                }
                prop_assert_eq!(error.outcome_unknown(), answer == Answer::Unknown);
            }
        }
    }

    /// Before sending nothing is unknown.
    #[test]
    fn failures_before_sending_are_not_sent(message in ".{0,20}", secs in 0u64..100) {
        for error in [
            Error::Connect { message: message.clone() },
            Error::Timeout { stage: TimeoutStage::Connect, after: Duration::from_secs(secs) },
            Error::validation("slots", message.clone()),
            Error::Configuration { what: "x".into(), message: message.clone() },
        ] {
            prop_assert_eq!(classify(&error), Answer::NotSent);
            prop_assert!(!error.outcome_unknown());
        }
        for error in [
            Error::Timeout { stage: TimeoutStage::Response, after: Duration::from_secs(secs) },
            Error::Timeout { stage: TimeoutStage::Deadline, after: Duration::from_secs(secs) },
            Error::ConnectionLost { message: message.clone() },
            Error::ResponseTooLarge { limit: 10 },
        ] {
            prop_assert_eq!(classify(&error), Answer::Unknown);
        }
    }
}

#[test]
fn the_answers_the_issue_names() {
    // A proxy 502 after the provider committed; a provider 500; a 504 from the proxy.
    for status in [502, 500, 504, 599, 444] {
        for shape in [
            Body::Empty,
            Body::Html,
            Body::ProviderOutcome,
            Body::ProxyOutcome,
        ] {
            let error = after_sending(status, shape).unwrap_err();
            assert_eq!(classify(&error), Answer::Unknown, "{status} {shape:?}");
        }
    }
    // A 201 whose body is cut off.
    let error = after_sending(201, Body::CutOff).unwrap_err();
    assert_eq!(classify(&error), Answer::Unknown);
    // A 409 DUPLICATE_REJECTED and a 422 are refusals; so is a proxy 403 and a throttle.
    for status in [409, 422, 400, 404, 403] {
        let error = after_sending(status, Body::ProviderOutcome).unwrap_err();
        assert_eq!(classify(&error), Answer::Refused, "{status}");
    }
    for status in [403, 429, 503] {
        let error = after_sending(status, Body::ProxyOutcome).unwrap_err();
        assert_eq!(classify(&error), Answer::Refused, "{status}");
    }
}
