//! `GET /metadata` (§3.1) and the supporting reads and searches of §3.10: Location,
//! Practitioner and Organization by id, Practitioner by SDS user id, Organization by ODS code.

use serde_json::Value;

use super::{Call, Reply};
use crate::model::PracticeData;
use crate::outcome::{SimError, SimResult};
use crate::render;
use crate::vocabulary::{SYSTEM_ODS_ORGANISATION, SYSTEM_SDS_USER};

/// The capability statement: the 1.2.7 template, naming this simulator as the software.
///
/// Error: 500 if the compiled-in template is not a CapabilityStatement (never).
pub fn metadata(practice: &PracticeData) -> SimResult<Reply> {
    let template = include_str!(
        "../../../../tests/fixtures/gpconnect-1.2.7/get_capability_statement_response_example.json"
    );
    let mut statement: Value =
        serde_json::from_str(template).map_err(|e| SimError::internal(e.to_string()))?;
    if statement.get("resourceType").and_then(Value::as_str) != Some("CapabilityStatement") {
        return Err(SimError::internal(
            "the template is not a CapabilityStatement",
        ));
    }
    statement["publisher"] = "GP Connect Booking (simulator)".into();
    statement["software"] = serde_json::json!({
        "name": "gpconnect-sim",
        "version": env!("CARGO_PKG_VERSION"),
    });
    statement["description"] = format!(
        "Simulated GP Connect 1.2.7 provider for {} ({})",
        practice.practice.name, practice.practice.ods_code
    )
    .into();
    Ok(Reply::ok(statement))
}

/// `GET /Location/{id}`. Error: 404 NO_RECORD_FOUND.
pub fn location(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let location = practice.locations.get(call.id()).ok_or_else(|| {
        SimError::not_found("NO_RECORD_FOUND", format!("no Location {}", call.id()))
    })?;
    Ok(Reply::versioned(
        render::location(location),
        &location.version,
    ))
}

/// `GET /Practitioner/{id}`. Error: 404 PRACTITIONER_NOT_FOUND.
pub fn practitioner(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let practitioner = practice.practitioners.get(call.id()).ok_or_else(|| {
        SimError::not_found(
            "PRACTITIONER_NOT_FOUND",
            format!("no Practitioner {}", call.id()),
        )
    })?;
    Ok(Reply::versioned(
        render::practitioner(practitioner),
        &practitioner.version,
    ))
}

/// `GET /Organization/{id}`. Error: 404 ORGANISATION_NOT_FOUND.
pub fn organization(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let organization = &practice.organization;
    if organization.id != call.id() {
        return Err(SimError::not_found(
            "ORGANISATION_NOT_FOUND",
            format!("no Organization {}", call.id()),
        ));
    }
    Ok(Reply::versioned(
        render::organization(organization),
        &organization.version,
    ))
}

/// The value of the one `identifier=system|value` parameter with `system`.
///
/// Errors: 400 BAD_REQUEST unless given exactly once; 422 INVALID_PARAMETER for an empty
/// system or value or no `|`; 400 INVALID_IDENTIFIER_SYSTEM for another system (§3.3, §6.2).
pub fn identifier_param(call: &Call<'_>, system: &str) -> SimResult<String> {
    let values = call.values("identifier");
    let [value] = values.as_slice() else {
        return Err(SimError::bad_request(
            "identifier must be given exactly once",
        ));
    };
    let Some((sent_system, sent_value)) = value.split_once('|') else {
        return Err(SimError::invalid_parameter(
            "identifier must be system|value",
        ));
    };
    if sent_system.is_empty() {
        return Err(SimError::invalid_parameter("identifier system is empty"));
    }
    if sent_value.is_empty() {
        return Err(SimError::invalid_parameter("identifier value is empty"));
    }
    if sent_system != system {
        return Err(SimError::invalid_identifier_system(format!(
            "unsupported identifier system {sent_system}; use {system}"
        )));
    }
    Ok(sent_value.to_owned())
}

/// `GET /Practitioner?identifier=https://fhir.nhs.uk/Id/sds-user-id|X`: 0 or more.
pub fn find_practitioner(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let user = identifier_param(call, SYSTEM_SDS_USER)?;
    let found = practice
        .practitioners
        .values()
        .filter(|p| p.sds_user_id.as_deref() == Some(user.as_str()))
        .map(render::practitioner)
        .collect();
    Ok(Reply::ok(render::searchset(found, false)))
}

/// `GET /Organization?identifier=https://fhir.nhs.uk/Id/ods-organization-code|X`: 0 or 1.
pub fn find_organization(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let ods = identifier_param(call, SYSTEM_ODS_ORGANISATION)?;
    let found = std::iter::once(&practice.organization)
        .filter(|o| o.ods_code.eq_ignore_ascii_case(&ods))
        .map(render::organization)
        .collect();
    Ok(Reply::ok(render::searchset(found, false)))
}
