//! `GET /metadata` (§3.1) and the supporting reads and searches of §3.10.

use gpconnect::fhir::urls::{SYSTEM_ODS_ORGANISATION, SYSTEM_SDS_USER};
use gpconnect::fhir::{Bundle, CapabilityStatement, Resource, identifier_value};

use super::{Call, Reply, to_json};
use crate::model::PracticeData;
use crate::outcome::{SimError, SimResult};

/// The capability statement: the 1.2.7 template, naming this simulator as the software.
pub fn metadata(practice: &PracticeData) -> SimResult<Reply> {
    let template = include_str!(
        "../../../../tests/fixtures/gpconnect-1.2.7/get_capability_statement_response_example.json"
    );
    let mut statement: serde_json::Value =
        serde_json::from_str(template).map_err(|e| SimError::internal(e.to_string()))?;
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
    // Check that it reads as a CapabilityStatement before serving it.
    let _: CapabilityStatement =
        serde_json::from_value(statement.clone()).map_err(|e| SimError::internal(e.to_string()))?;
    Ok(Reply::ok(statement))
}

/// `GET /Location/{id}`. Error: 404 NO_RECORD_FOUND.
pub fn location(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let location = practice.locations.get(call.id()).ok_or_else(|| {
        SimError::not_found("NO_RECORD_FOUND", format!("no Location {}", call.id()))
    })?;
    versioned(Resource::Location(location.clone()), location.meta.as_ref())
}

/// `GET /Practitioner/{id}`. Error: 404 PRACTITIONER_NOT_FOUND.
pub fn practitioner(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let practitioner = practice.practitioners.get(call.id()).ok_or_else(|| {
        SimError::not_found(
            "PRACTITIONER_NOT_FOUND",
            format!("no Practitioner {}", call.id()),
        )
    })?;
    versioned(
        Resource::Practitioner(practitioner.clone()),
        practitioner.meta.as_ref(),
    )
}

/// `GET /Organization/{id}`. Error: 404 ORGANISATION_NOT_FOUND.
pub fn organization(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    if practice.organization.id.as_deref() != Some(call.id()) {
        return Err(SimError::not_found(
            "ORGANISATION_NOT_FOUND",
            format!("no Organization {}", call.id()),
        ));
    }
    versioned(
        Resource::Organization(practice.organization.clone()),
        practice.organization.meta.as_ref(),
    )
}

fn identifier_param(call: &Call<'_>, system: &str) -> SimResult<String> {
    let values = call.values("identifier");
    let [value] = values.as_slice() else {
        return Err(SimError::bad_request(
            "identifier must be given exactly once",
        ));
    };
    match value.split_once('|') {
        Some((s, v)) if s == system && !v.is_empty() => Ok(v.to_owned()),
        Some(("", _)) => Err(SimError::invalid_parameter("identifier needs a system")),
        Some((s, _)) if s != system => Err(SimError::invalid_identifier_system(format!(
            "unsupported identifier system {s}"
        ))),
        _ => Err(SimError::invalid_parameter(
            "identifier must be system|value",
        )),
    }
}

/// `GET /Practitioner?identifier=sds-user-id|X`.
pub fn find_practitioner(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let user = identifier_param(call, SYSTEM_SDS_USER)?;
    let found = practice
        .practitioners
        .values()
        .filter(|p| identifier_value(&p.identifier, SYSTEM_SDS_USER) == Some(user.as_str()))
        .map(|p| Resource::Practitioner(p.clone()));
    bundle(found)
}

/// `GET /Organization?identifier=ods-organization-code|X`.
pub fn find_organization(practice: &PracticeData, call: &Call<'_>) -> SimResult<Reply> {
    let ods = identifier_param(call, SYSTEM_ODS_ORGANISATION)?;
    let found = std::iter::once(&practice.organization)
        .filter(|o| o.ods_code().is_some_and(|c| c.eq_ignore_ascii_case(&ods)))
        .map(|o| Resource::Organization(o.clone()));
    bundle(found)
}

fn bundle(resources: impl IntoIterator<Item = Resource>) -> SimResult<Reply> {
    let bundle = Bundle::searchset(resources).map_err(|e| SimError::internal(e.to_string()))?;
    Ok(Reply::ok(to_json(&Resource::Bundle(bundle))?))
}

fn versioned(resource: Resource, meta: Option<&gpconnect::fhir::Meta>) -> SimResult<Reply> {
    let version = meta.and_then(|m| m.version_id.clone()).unwrap_or_default();
    Ok(Reply::versioned(to_json(&resource)?, &version))
}
