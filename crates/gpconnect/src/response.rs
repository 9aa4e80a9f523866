//! Turning an HTTP response into a typed resource or a typed [`Error`] (§6).
//!
//! Pure functions over status, content type and body bytes, so that arbitrary bytes can be
//! tested to never panic.

use crate::error::{DecodeError, Error, ProviderError, ProxyError, ProxyErrorKind, SpineCode};
use crate::fhir::urls::{SYSTEM_SSP_OPERATION_OUTCOME, SYSTEM_SSP_RESPONSE_CODE};
use crate::fhir::{OperationOutcome, Resource, TypedResource};

/// Decodes a successful response body as `T`. Errors: [`Error::Decode`] naming the failing
/// JSON path, or saying which resource type arrived instead.
pub(crate) fn decode_resource<T: TypedResource>(status: u16, body: &[u8]) -> Result<T, Error> {
    let resource = Resource::from_slice(body).map_err(|source| Error::Decode { status, source })?;
    let found = resource.resource_type().to_owned();
    T::from_resource(resource).ok_or_else(|| Error::Decode {
        status,
        source: DecodeError::new(
            "resourceType",
            format!("expected {}, found {found}", T::RESOURCE_TYPE),
        ),
    })
}

/// Maps an unsuccessful response to an [`Error`]:
/// a provider `OperationOutcome` → [`Error::Provider`]; an SSP-shaped one, or a gateway
/// status without a FHIR body → [`Error::Proxy`]; anything else → [`Error::Http`].
pub(crate) fn error_from_response(status: u16, content_type: Option<&str>, body: &[u8]) -> Error {
    let outcome = match Resource::from_slice(body) {
        Ok(Resource::OperationOutcome(outcome)) => Some(outcome),
        _ => None,
    };
    match outcome {
        Some(outcome) => from_outcome(status, &outcome),
        None if is_proxy_status(status) => Error::Proxy(ProxyError {
            status,
            kind: ProxyErrorKind::classify(status, None),
            token: None,
            diagnostics: None,
            retry_after: None,
        }),
        None => Error::Http {
            status,
            content_type: content_type.map(str::to_owned),
        },
    }
}

/// Statuses only the Spine Secure Proxy (or a gateway) produces (§6.3, CORE).
fn is_proxy_status(status: u16) -> bool {
    matches!(status, 429 | 444 | 495 | 496 | 502 | 503 | 504 | 599)
}

fn from_outcome(status: u16, outcome: &OperationOutcome) -> Error {
    let issue = outcome.issue.first();
    let coding = issue
        .and_then(|i| i.details.as_ref())
        .and_then(|d| d.coding.first());
    let system = coding.and_then(|c| c.system.as_deref());
    let code = coding.and_then(|c| c.code.as_deref());
    let display = coding.and_then(|c| c.display.clone());
    let diagnostics = issue.and_then(|i| i.diagnostics.clone());
    let numeric_code =
        code.is_some_and(|c| c.len() == 3 && c.chars().all(|ch| ch.is_ascii_digit()));
    let from_proxy = matches!(
        system,
        Some(SYSTEM_SSP_RESPONSE_CODE | SYSTEM_SSP_OPERATION_OUTCOME)
    ) || numeric_code;
    if from_proxy || (code.is_none() && is_proxy_status(status)) {
        let token = display.clone().or_else(|| diagnostics.clone());
        return Error::Proxy(ProxyError {
            status,
            kind: ProxyErrorKind::classify(status, token.as_deref()),
            token,
            diagnostics,
            retry_after: None,
        });
    }
    let spine_code = match code {
        Some(code) => SpineCode::parse(code),
        None => SpineCode::Other(
            issue
                .and_then(|i| i.code.clone())
                .unwrap_or_else(|| "UNKNOWN".to_owned()),
        ),
    };
    Error::Provider(ProviderError {
        status,
        spine_code,
        issue_code: issue.and_then(|i| i.code.clone()),
        display,
        diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fhir::Appointment;
    use proptest::prelude::*;

    fn outcome(system: &str, code: &str, display: &str, diagnostics: &str) -> Vec<u8> {
        serde_json::json!({
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": "invalid",
                "details": {"coding": [{"system": system, "code": code, "display": display}]},
                "diagnostics": diagnostics}]
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn both_spine_code_systems_map_to_provider_errors() {
        for system in [
            crate::fhir::urls::CODESYSTEM_SPINE_ERROR,
            crate::fhir::urls::VALUESET_SPINE_ERROR,
        ] {
            let e = error_from_response(
                409,
                None,
                &outcome(system, "DUPLICATE_REJECTED", "", "taken"),
            );
            assert_eq!(e.code(), "DUPLICATE_REJECTED");
            assert!(e.is_conflict());
        }
    }

    #[test]
    fn ssp_shape_maps_to_proxy_error() {
        let body = outcome(
            SYSTEM_SSP_RESPONSE_CODE,
            "403",
            "FOT_CHECK_FAILED_MESSAGESENDER_1_MESSAGERECEIVER_2",
            "",
        );
        let e = error_from_response(403, None, &body);
        assert_eq!(e.code(), "PROXY_NO_DATA_SHARING_AGREEMENT");
    }

    #[test]
    fn non_json_bodies() {
        let e = error_from_response(500, Some("text/html"), b"<html>oops</html>");
        assert_eq!(
            e,
            Error::Http {
                status: 500,
                content_type: Some("text/html".into())
            }
        );
        let e = error_from_response(502, None, b"Bad gateway");
        assert_eq!(e.code(), "PROVIDER_UNREACHABLE");
        let e = decode_resource::<Appointment>(200, b"{\"resourceType\": \"Appointment\", ");
        assert_eq!(e.unwrap_err().code(), "DECODE");
    }

    #[test]
    fn decode_error_names_the_path() {
        let body =
            br#"{"resourceType":"Appointment","slot":[{"reference":"Slot/1"},{"reference":5}]}"#;
        match decode_resource::<Appointment>(200, body) {
            Err(Error::Decode { source, .. }) => assert_eq!(source.path, "slot[1].reference"),
            other => panic!("expected a decode error, got {other:?}"),
        }
        let wrong = decode_resource::<Appointment>(200, br#"{"resourceType":"Patient"}"#);
        assert!(matches!(wrong, Err(Error::Decode { .. })));
    }

    #[test]
    fn bundle_fast_path_names_the_path_and_matches_the_slow_path() {
        let bad = br#"{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Slot","id":"1"}},{"resource":{"resourceType":"Slot","start":5}}]}"#;
        let err = crate::fhir::Bundle::resources_from_slice(bad).unwrap_err();
        assert_eq!(err.path, "entry[1].resource.start");
        let not_bundle = crate::fhir::Bundle::resources_from_slice(br#"{"resourceType":"Slot"}"#);
        assert!(not_bundle.is_err());
        let text = include_str!(
            "../../../tests/fixtures/gpconnect-1.2.7/search_for_free_slots_response_example.json"
        );
        let fast = crate::fhir::Bundle::resources_from_slice(text.as_bytes()).unwrap();
        let slow = decode_resource::<crate::fhir::Bundle>(200, text.as_bytes())
            .unwrap()
            .resources()
            .unwrap();
        assert_eq!(fast, slow);
        // resourceType not first: the buffered path.
        let late =
            br#"{"entry":[{"resource":{"id":"9","resourceType":"Slot"}}],"resourceType":"Bundle"}"#;
        let resources = crate::fhir::Bundle::resources_from_slice(late).unwrap();
        assert!(matches!(&resources[0], Resource::Slot(s) if s.id.as_deref() == Some("9")));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Arbitrary bytes as a response body never panic, whatever the status.
        #[test]
        fn arbitrary_bodies_never_panic(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = error_from_response(status, Some("application/fhir+json"), &body);
            let _ = decode_resource::<Appointment>(status, &body);
            let _ = decode_resource::<crate::fhir::Bundle>(status, &body).map(|b| b.resources());
            let _ = crate::fhir::Bundle::resources_from_slice(&body);
        }

        /// JSON-shaped but arbitrary documents never panic either.
        #[test]
        fn arbitrary_json_never_panics(kind in prop_oneof![
                Just("Bundle"), Just("Appointment"), Just("OperationOutcome"), Just("Slot"), Just("Patient")],
            key in "[a-zA-Z]{1,12}", value in any::<i64>(), text in ".{0,40}") {
            let docs = [
                serde_json::json!({"resourceType": kind, key.clone(): value}),
                serde_json::json!({"resourceType": kind, key.clone(): [text.clone(), {"a": value}]}),
                serde_json::json!({"resourceType": kind, "entry": [{"resource": {"resourceType": kind, key.clone(): text.clone()}}],
                    "issue": [{"details": {"coding": {"code": text.clone()}}}]}),
            ];
            for doc in docs {
                let bytes = doc.to_string().into_bytes();
                let _ = error_from_response(422, None, &bytes);
                if let Ok(bundle) = decode_resource::<crate::fhir::Bundle>(200, &bytes) {
                    let _ = bundle.resources();
                }
                let _ = crate::fhir::Bundle::resources_from_slice(&bytes);
            }
        }
    }
}
