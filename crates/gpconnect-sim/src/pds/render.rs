//! The JSON the PDS stand-in answers with, shaped as the PDS specification's examples
//! (`nhs-identity-pds.md` §3.3-§3.5): an R4 `Patient` (NHS number with its verification
//! status, `meta.security` U or R, the usual name, gender, birth date, date of death, home
//! address, phones, registered GP), a searchset `Bundle`, and R4 `OperationOutcome`s with
//! the `Spine-ErrorOrWarningCode` codes.
//!
//! A restricted person is rendered without address, telecom or GP (§3.5).

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::people::Person;

/// The R4 Spine error code system.
pub const SPINE_ERROR_R4: &str = "https://fhir.nhs.uk/R4/CodeSystem/Spine-ErrorOrWarningCode";
const NHS_NUMBER: &str = "https://fhir.nhs.uk/Id/nhs-number";
const ODS_CODE: &str = "https://fhir.nhs.uk/Id/ods-organization-code";
const VERIFICATION_EXTENSION: &str =
    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
const VERIFICATION_SYSTEM: &str =
    "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus";
const CONFIDENTIALITY: &str = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";

/// A PDS error: HTTP status, Spine code, FHIR issue type, display and diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdsError {
    /// HTTP status.
    pub status: StatusCode,
    /// `RESOURCE_NOT_FOUND`, `INVALID_VALUE`, …
    pub code: &'static str,
    /// FHIR issue type.
    pub issue: &'static str,
    /// The code's display.
    pub display: &'static str,
    /// What is at fault.
    pub diagnostics: Option<String>,
}

impl PdsError {
    fn new(
        status: StatusCode,
        code: &'static str,
        issue: &'static str,
        display: &'static str,
    ) -> Self {
        Self {
            status,
            code,
            issue,
            display,
            diagnostics: None,
        }
    }

    /// With `diagnostics`.
    pub fn saying(mut self, diagnostics: impl Into<String>) -> Self {
        self.diagnostics = Some(diagnostics.into());
        self
    }

    /// 404 RESOURCE_NOT_FOUND.
    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "RESOURCE_NOT_FOUND",
            "not-found",
            "Resource not found",
        )
    }

    /// 404 INVALIDATED_RESOURCE.
    pub fn invalidated() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "INVALIDATED_RESOURCE",
            "processing",
            "Resource that has been marked as invalid was requested - invalid resources cannot be retrieved",
        )
    }

    /// 400 INVALID_RESOURCE_ID.
    pub fn invalid_id() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_RESOURCE_ID",
            "value",
            "Resource Id is invalid",
        )
    }

    /// 400 MISSING_VALUE.
    pub fn missing(diagnostics: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "MISSING_VALUE",
            "required",
            "Required value is missing",
        )
        .saying(diagnostics)
    }

    /// 400 INVALID_VALUE.
    pub fn invalid_value(diagnostics: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_VALUE",
            "value",
            "Provided value is invalid",
        )
        .saying(diagnostics)
    }

    /// 400 INVALID_SEARCH_DATA.
    pub fn invalid_search(diagnostics: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "INVALID_SEARCH_DATA",
            "value",
            "Search data is invalid",
        )
        .saying(diagnostics)
    }

    /// 400 UNSUPPORTED_SERVICE.
    pub fn unsupported() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "UNSUPPORTED_SERVICE",
            "not-supported",
            "Unsupported Service",
        )
    }

    /// 400 ADDITIONAL_PROPERTIES.
    pub fn additional(parameter: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "ADDITIONAL_PROPERTIES",
            "structure",
            "Additional properties",
        )
        .saying(format!(
            "Invalid search data provided - '{parameter}' is not a valid search parameter"
        ))
    }

    /// 401 ACCESS_DENIED.
    pub fn access_denied(diagnostics: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "ACCESS_DENIED",
            "forbidden",
            "Access Denied - Unauthorised",
        )
        .saying(diagnostics)
    }

    /// 429 TOO_MANY_REQUESTS.
    pub fn throttled() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "TOO_MANY_REQUESTS",
            "throttled",
            "You have exceeded your application's rate limit",
        )
    }

    /// 408 UNABLE_TO_CALL_SERVICE.
    pub fn downstream_timeout() -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "UNABLE_TO_CALL_SERVICE",
            "timeout",
            "The downstream domain processing has not completed within the configured timeout period",
        )
    }

    /// The OperationOutcome body.
    pub fn body(&self) -> Value {
        let mut issue = json!({
            "severity": if self.status == StatusCode::NOT_FOUND && self.code == "RESOURCE_NOT_FOUND" { "information" } else { "error" },
            "code": self.issue,
            "details": {"coding": [{
                "system": SPINE_ERROR_R4, "version": "1", "code": self.code, "display": self.display,
            }]},
        });
        if let Some(diagnostics) = &self.diagnostics {
            issue["diagnostics"] = json!(diagnostics);
        }
        json!({"resourceType": "OperationOutcome", "issue": [issue]})
    }
}

/// The HTTP 200 OperationOutcome of a search matching more than `_max-results` (§3.4).
pub fn too_many_matches() -> Value {
    json!({"resourceType": "OperationOutcome", "issue": [{
        "severity": "information", "code": "multiple-matches",
        "details": {"coding": [{"system": SPINE_ERROR_R4, "version": "1",
            "code": "TOO_MANY_MATCHES", "display": "Too Many Matches"}]},
    }]})
}

fn date_time(date: chrono::NaiveDate) -> String {
    format!("{date}T00:00:00+00:00")
}

/// `person` as an R4 Patient; a restricted person without address, telecom or GP.
pub fn patient(person: &Person) -> Value {
    let mut name = json!({
        "id": "1", "use": "usual", "period": {"start": person.birth_date.to_string()},
        "given": person.given, "family": person.family,
    });
    if let Some(title) = &person.title {
        name["prefix"] = json!([title]);
    }
    let (security, display) = if person.sensitive {
        ("R", "restricted")
    } else {
        ("U", "unrestricted")
    };
    let mut patient = json!({
        "resourceType": "Patient",
        "id": person.nhs_number,
        "identifier": [{
            "system": NHS_NUMBER, "value": person.nhs_number,
            "extension": [{"url": VERIFICATION_EXTENSION, "valueCodeableConcept": {"coding": [{
                "system": VERIFICATION_SYSTEM, "version": "1.0.0", "code": person.verification,
                "display": verification_display(person.verification)}]}}],
        }],
        "meta": {"versionId": person.version.to_string(),
            "security": [{"system": CONFIDENTIALITY, "code": security, "display": display}]},
        "name": [name],
        "birthDate": person.birth_date.to_string(),
    });
    if let Some(gender) = &person.gender {
        patient["gender"] = json!(gender);
    }
    if let Some(died) = person.death_date {
        patient["deceasedDateTime"] = json!(date_time(died));
    }
    if person.sensitive {
        return patient;
    }
    if !person.address.is_empty() || person.postcode.is_some() {
        let mut address = json!({"id": "1", "use": "home", "period": {"start": "2015-04-01"},
            "line": person.address});
        if let Some(postcode) = &person.postcode {
            address["postalCode"] = json!(postcode);
        }
        patient["address"] = json!([address]);
    }
    if !person.phones.is_empty() {
        let telecom: Vec<Value> = person
            .phones
            .iter()
            .enumerate()
            .map(|(i, (use_, number))| {
                json!({"id": (i + 1).to_string(), "system": "phone", "value": number, "use": use_})
            })
            .collect();
        patient["telecom"] = json!(telecom);
    }
    if let Some(gp) = &person.gp {
        patient["generalPractitioner"] = json!([{"id": "1", "type": "Organization",
            "identifier": {"system": ODS_CODE, "value": gp, "period": {"start": "2015-04-01"}}}]);
    }
    patient
}

/// A searchset Bundle of `matches` (person, score), best first.
pub fn bundle(base_url: &str, matches: &[(&Person, f64)], now: &str) -> Value {
    let entries: Vec<Value> = matches
        .iter()
        .map(|(person, score)| {
            json!({
                "fullUrl": format!("{base_url}/Patient/{}", person.nhs_number),
                "search": {"score": score},
                "resource": patient(person),
            })
        })
        .collect();
    json!({"resourceType": "Bundle", "type": "searchset", "timestamp": now,
        "total": entries.len(), "entry": entries})
}

/// The display text of an NHS number verification status code (UK Core code system).
fn verification_display(code: &str) -> &'static str {
    match code {
        "01" => "Number present and verified",
        "02" => "Number present but not traced",
        "03" => "Trace required",
        "04" => "Trace attempted - No match or multiple match found",
        "05" => "Trace needs to be resolved - (NHS number or patient detail conflict)",
        "06" => "Trace in progress",
        "07" => "Number not present and trace not required",
        _ => "Trace postponed (baby under six weeks old)",
    }
}
