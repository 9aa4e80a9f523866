//! The Spine Directory Service FHIR API (§5.3), simulated: `GET /Endpoint` and `GET /Device`
//! by ODS code and interaction ID, so a consumer can discover a practice's provider root and
//! ASID from its ODS code. An `apikey` header is required, as on the national service.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::interactions;
use crate::outcome::SimError;
use crate::practice::Practice;
use crate::seed::PROVIDER_HOST;
use crate::state::Sim;
use crate::vocabulary::{
    SDS_INTERACTION_ID, SDS_MHS_ENDPOINT, SDS_MHS_FQDN, SDS_PARTY_KEY, SDS_SPINE_ASID,
    SYSTEM_ODS_ORGANISATION,
};

/// The path prefix of the simulated SDS.
pub const SDS_PATH: &str = "/spine-directory/FHIR/R4";

/// The MHS party key of a simulated practice.
pub fn party_key(practice: &Practice) -> String {
    format!("{}-900001", practice.ods_code)
}

struct Query {
    organisation: String,
    party_key: Option<String>,
}

fn parse(headers: &HeaderMap, query: Option<String>) -> Result<Query, Box<Response>> {
    if headers.get("apikey").is_none_or(|k| k.is_empty()) {
        return Err(Box::new(
            (StatusCode::UNAUTHORIZED, "apikey header is required").into_response(),
        ));
    }
    let params: Vec<(String, String)> =
        form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    let mut organisation = None;
    let mut interaction = None;
    let mut party_key = None;
    for (key, value) in &params {
        let (system, code) = value.split_once('|').unwrap_or(("", value.as_str()));
        match (key.as_str(), system) {
            ("organization", SYSTEM_ODS_ORGANISATION) => organisation = Some(code.to_owned()),
            ("identifier", SDS_INTERACTION_ID) => interaction = interactions::by_id(code),
            ("identifier", SDS_PARTY_KEY) => party_key = Some(code.to_owned()),
            _ => {}
        }
    }
    match (organisation, interaction) {
        (Some(organisation), Some(_)) => Ok(Query {
            organisation,
            party_key,
        }),
        _ => Err(Box::new(
            SimError::bad_request(
                "organization (ods-organization-code|X) and identifier (nhsServiceInteractionId|urn) are required",
            )
            .into_response(),
        )),
    }
}

fn bundle(resources: Vec<Value>) -> Response {
    let entries: Vec<Value> = resources
        .into_iter()
        .map(|r| json!({"resource": r}))
        .collect();
    let body = json!({"resourceType": "Bundle", "type": "searchset", "total": entries.len(), "entry": entries});
    (
        StatusCode::OK,
        [("content-type", "application/fhir+json")],
        body.to_string(),
    )
        .into_response()
}

fn practice(sim: &Sim, ods: &str) -> Option<Practice> {
    sim.practice_by_ods(ods)
        .and_then(|i| sim.practice(i).cloned())
}

/// `GET /Endpoint?organization=…|{ODS}&identifier=…nhsServiceInteractionId|{id}`.
pub async fn endpoint(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = match parse(&headers, query) {
        Ok(q) => q,
        Err(response) => return *response,
    };
    let found = practice(&sim, &query.organisation).map(|p| {
        let root = p.provider_root.clone();
        json!({
            "resourceType": "Endpoint",
            "id": format!("endpoint-{}", p.ods_code),
            "status": "active",
            "connectionType": {"system": "http://terminology.hl7.org/CodeSystem/endpoint-connection-type", "code": "hl7-fhir-rest"},
            "payloadType": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/endpoint-payload-type", "code": "any"}]}],
            "address": root,
            "managingOrganization": {"identifier": {"system": SYSTEM_ODS_ORGANISATION, "value": p.ods_code}, "display": p.name},
            "identifier": [
                {"system": SDS_MHS_FQDN, "value": PROVIDER_HOST.trim_start_matches("https://")},
                {"system": SDS_MHS_ENDPOINT, "value": root},
                {"system": SDS_PARTY_KEY, "value": party_key(&p)},
            ],
        })
    });
    bundle(found.into_iter().collect())
}

/// `GET /Device?organization=…|{ODS}&identifier=…nhsServiceInteractionId|{id}&identifier=…nhsMhsPartyKey|{key}`.
pub async fn device(
    State(sim): State<Arc<Sim>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = match parse(&headers, query) {
        Ok(q) => q,
        Err(response) => return *response,
    };
    let found = practice(&sim, &query.organisation)
        .filter(|p| query.party_key.as_deref().is_none_or(|k| k == party_key(p)))
        .map(|p| {
            json!({
                "resourceType": "Device",
                "id": format!("device-{}", p.ods_code),
                "identifier": [
                    {"system": SDS_SPINE_ASID, "value": p.asid},
                    {"system": SDS_PARTY_KEY, "value": party_key(&p)},
                ],
                "owner": {"identifier": {"system": SYSTEM_ODS_ORGANISATION, "value": p.ods_code}},
            })
        });
    bundle(found.into_iter().collect())
}
