//! The admin API on loopback: list practices, set and clear faults, re-seed, and play
//! "another client" (take a slot, change an appointment) for tests of the 409 paths.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::faults::Faults;
use crate::state::Sim;

fn not_found(what: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"error": format!("no such {what}")})),
    )
        .into_response()
}

/// `GET /admin/practices`: ODS code, name, provider root and ASID of each practice.
pub async fn practices(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.practices()).into_response()
}

/// `GET /admin/practices/{ods}/faults`.
pub async fn get_faults(State(sim): State<Arc<Sim>>, Path(ods): Path<String>) -> Response {
    match sim.practice_by_ods(&ods) {
        Some(_) => Json(sim.faults(&ods)).into_response(),
        None => not_found("practice"),
    }
}

/// `PUT /admin/practices/{ods}/faults` with a [`Faults`] JSON body.
pub async fn put_faults(
    State(sim): State<Arc<Sim>>,
    Path(ods): Path<String>,
    Json(faults): Json<Faults>,
) -> Response {
    if sim.set_faults(&ods, faults.clone()) {
        Json(faults).into_response()
    } else {
        not_found("practice")
    }
}

/// `DELETE /admin/practices/{ods}/faults`.
pub async fn clear_faults(State(sim): State<Arc<Sim>>, Path(ods): Path<String>) -> Response {
    if sim.set_faults(&ods, Faults::default()) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        not_found("practice")
    }
}

/// `GET /admin/requests`: the GP Connect requests that passed the JWT checks, oldest first,
/// with who asked (organisation, SDS user ID, role profile ID).
pub async fn requests(State(sim): State<Arc<Sim>>) -> Response {
    Json(sim.requests()).into_response()
}

/// `POST /admin/reset`: re-seed every practice as of now and clear faults.
pub async fn reset(State(sim): State<Arc<Sim>>) -> Response {
    sim.reset();
    StatusCode::NO_CONTENT.into_response()
}

/// `POST /admin/practices/{ods}/slots/{slot}/take`: another client books the slot.
pub async fn take_slot(
    State(sim): State<Arc<Sim>>,
    Path((ods, slot)): Path<(String, String)>,
) -> Response {
    if sim.take_slot(&ods, &slot) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        not_found("practice or slot")
    }
}

/// The body of [`touch_appointment`].
#[derive(Debug, Deserialize)]
pub struct Touch {
    /// New description.
    pub description: Option<String>,
    /// New comment.
    pub comment: Option<String>,
}

/// `POST /admin/practices/{ods}/appointments/{id}/touch`: another client amends the
/// appointment (new version), so a stale `If-Match` gets 409.
pub async fn touch_appointment(
    State(sim): State<Arc<Sim>>,
    Path((ods, id)): Path<(String, String)>,
    Json(touch): Json<Touch>,
) -> Response {
    if sim.touch_appointment(
        &ods,
        &id,
        touch.description.as_deref(),
        touch.comment.as_deref(),
    ) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        not_found("practice or appointment")
    }
}

/// The body of [`add_visit`].
#[derive(Debug, Deserialize)]
pub struct Visit {
    /// The patient's NHS number (10 digits).
    pub nhs_number: String,
}

/// `POST /admin/practices/{ods}/visits`: the practice books a home visit (GP Connect 1.2.9)
/// for the patient tomorrow at 11:00; answers `{"id": …}`.
pub async fn add_visit(
    State(sim): State<Arc<Sim>>,
    Path(ods): Path<String>,
    Json(visit): Json<Visit>,
) -> Response {
    match sim.add_visit(&ods, &visit.nhs_number) {
        Some(id) => (StatusCode::CREATED, Json(json!({"id": id}))).into_response(),
        None => not_found("practice or patient"),
    }
}
