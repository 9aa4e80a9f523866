//! The Spine Secure Proxy in front of the practices (§5.2, §6.3): requests arrive as
//! `/{provider root}/{FHIR request}`; the proxy routes by root, checks the Spine headers and
//! the interaction ID, applies the practice's injected faults, then hands the call to the
//! simulated provider, which checks the JWT and the request itself.

use std::io::Write;
use std::sync::Arc;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::faults::Faults;
use crate::interactions::{self, Interaction, Operation};
use crate::jwt;
use crate::outcome::{SimError, SimResult};
use crate::routes::{Call, Reply, appointments, patients, reads, slots};
use crate::state::Sim;

/// Largest request body accepted.
const MAX_BODY: usize = 1024 * 1024;

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// The proxy's checks (§2.2, §5.2, §6.3): the practice by provider root, `Ssp-TraceID` a
/// UUID, `Ssp-From` a consumer ASID it knows, `Ssp-To` the practice's ASID,
/// `Ssp-InteractionID` a row of the §3.0 table matching method and path, and the media type
/// of writes.
fn proxy_checks(
    sim: &Sim,
    method: &str,
    target: &str,
    headers: &HeaderMap,
) -> SimResult<(usize, String, &'static Interaction)> {
    let bad = |token: String| SimError::proxy(StatusCode::BAD_REQUEST, token);
    let Some((index, path)) = sim.route(target) else {
        let to = header(headers, "ssp-to").unwrap_or_default();
        return Err(match sim.practice_by_asid(to) {
            Some(i) => {
                let root = sim
                    .practice(i)
                    .map(|p| p.provider_root.clone())
                    .unwrap_or_default();
                bad(format!(
                    "ENDPOINT_{root}_CPAID_{to}_VARIES_FROM_TARGETURL_{target}"
                ))
            }
            None => bad(format!("NO_ENDPOINT_REGISTERED_FOR_TARGETURL_{target}")),
        });
    };
    if header(headers, "ssp-traceid")
        .and_then(|t| Uuid::parse_str(t).ok())
        .is_none()
    {
        return Err(bad("MISSING_OR_INVALID_HEADER_Ssp-TraceID".to_owned()));
    }
    let from = header(headers, "ssp-from")
        .ok_or_else(|| bad("MISSING_OR_INVALID_HEADER_Ssp-From".to_owned()))?;
    if !sim.consumer_asids().iter().any(|a| a == from) {
        return Err(SimError::proxy(
            StatusCode::FORBIDDEN,
            format!("ASID_CHECK_FAILED_MESSAGESENDER_{from}"),
        ));
    }
    let practice = sim
        .practice(index)
        .ok_or_else(|| SimError::internal("practice vanished"))?;
    match header(headers, "ssp-to") {
        Some(to) if to == practice.asid => {}
        Some(to) => return Err(bad(format!("INVALID_SSP_TO_{to}_FOR_TARGETURL"))),
        None => return Err(bad("MISSING_OR_INVALID_HEADER_Ssp-To".to_owned())),
    }
    let interaction = header(headers, "ssp-interactionid")
        .and_then(interactions::by_id)
        .ok_or_else(|| bad("MISSING_OR_INVALID_HEADER_Ssp-InteractionID".to_owned()))?;
    if !interaction.matches(method, path) {
        return Err(bad(format!(
            "INTERACTION_ID_{}_DOES_NOT_MATCH_{method}_{path}",
            interaction.id
        )));
    }
    if interaction.is_write() {
        let content_type = header(headers, "content-type").unwrap_or_default();
        if !content_type.starts_with("application/fhir+json") {
            return Err(SimError::proxy(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported_Media_Type",
            ));
        }
    }
    Ok((index, path.to_owned(), interaction))
}

/// Entry point for everything that is not SDS or admin: the proxy and the practices.
///
/// Faults are applied in this order: latency, hang, status, write or read status, a late
/// commit behind a 504, the call itself (with a racing update), then what follows a
/// committed write (hang, status, a cut-off body), the slots left out of reads, and the body
/// faults (malformed JSON, gzip, a dropped connection).
pub async fn handle(State(sim): State<Arc<Sim>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY).await else {
        return SimError::bad_request("the request body is too large").into_response();
    };
    let method = parts.method.as_str().to_owned();
    let target = parts
        .uri
        .path()
        .strip_prefix('/')
        .unwrap_or_default()
        .to_owned();
    let query = parts.uri.query().unwrap_or_default().to_owned();
    let (index, path, interaction) = match proxy_checks(&sim, &method, &target, &parts.headers) {
        Ok(routed) => routed,
        Err(e) => return e.into_response(),
    };
    let practice = sim.practice(index);
    let ods = practice
        .as_ref()
        .map(|p| p.ods_code.clone())
        .unwrap_or_default();
    let root = practice
        .map(|p| p.provider_root.clone())
        .unwrap_or_default();
    let faults = sim.faults(&ods);

    if !faults.latency().is_zero() {
        tokio::time::sleep(faults.latency()).await;
    }
    if faults.hang {
        std::future::pending::<()>().await;
    }
    if let Some(status) = faults.status {
        return injected_status(status, &root).into_response();
    }
    if let Some(status) = faults.write_status.filter(|_| interaction.is_write()) {
        return injected_status(status, &root).into_response();
    }
    if let Some(status) = faults.read_status.filter(|_| !interaction.is_write()) {
        return injected_status(status, &root).into_response();
    }
    if let Some(status) = faults.throttle_reads.filter(|_| !interaction.is_write())
        && sim.take_throttle(&ods, faults.throttle_times)
    {
        return throttled(status, faults.retry_after_seconds);
    }
    if let Some(days) = faults.fail_slot_search_from_day
        && interaction.operation == Operation::SearchSlots
        && search_starts_from_day(&query, sim.now(), days)
    {
        return injected_status(502, &root).into_response();
    }
    if let Some(delay) = faults.late_commit_ms.filter(|_| interaction.is_write()) {
        // The proxy gives up at once; the provider commits later, unseen by the consumer.
        let late = LateCommit {
            sim: sim.clone(),
            index,
            interaction,
            path: path.clone(),
            query: query.clone(),
            headers: parts.headers.clone(),
            body: body.clone(),
            root: root.clone(),
        };
        tokio::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
            late.commit();
        });
        return injected_status(504, &root).into_response();
    }
    let update = matches!(
        interaction.operation,
        Operation::AmendAppointment | Operation::CancelAppointment
    );
    if update && faults.race_updates {
        let id = path.rsplit('/').next().unwrap_or_default();
        sim.touch_appointment(&ods, id, None, Some("Changed by another client"));
    }

    let outcome = provide(
        &sim,
        index,
        interaction,
        &path,
        &query,
        &parts.headers,
        &body,
        &root,
    );
    let committed = outcome.is_ok() && interaction.is_write();
    if committed {
        if faults.commit_then_hang {
            std::future::pending::<()>().await;
        }
        if let Some(status) = faults.commit_then_status {
            return injected_status(status, &root).into_response();
        }
    }
    let drop_connection = outcome.is_ok()
        && ((faults.drop_after_booking && interaction.operation == Operation::BookAppointment)
            || (faults.drop_after_update && update));
    let reads_appointments = matches!(
        interaction.operation,
        Operation::RetrieveAppointments | Operation::ReadAppointment
    );
    let mut rendered = match outcome {
        Ok(reply) => Rendered::from(reply),
        Err(e) => Rendered::from(e),
    };
    if faults.retrieve_without_slots && reads_appointments && rendered.status.is_success() {
        rendered.body = without_slots(&rendered.body);
    }
    if faults.commit_then_cut_body && committed {
        rendered.body.truncate(rendered.body.len() / 2);
    }
    finish(rendered, &faults, drop_connection)
}

/// A throttling answer in the proxy's shape (429 per consumer, 503 global, §6.3), with
/// `Retry-After` in seconds when given.
fn throttled(status: u16, retry_after: Option<u64>) -> Response {
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(|s| *s == StatusCode::SERVICE_UNAVAILABLE)
        .unwrap_or(StatusCode::TOO_MANY_REQUESTS);
    let mut response = SimError::proxy(status, "THROTTLED_TRY_AGAIN_LATER").into_response();
    if let Some(seconds) = retry_after
        && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
    {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

/// True when a slot search's `start=ge{date}` is `days` or more after today (UK).
fn search_starts_from_day(query: &str, now: chrono::DateTime<chrono::Utc>, days: u32) -> bool {
    let first_day = crate::time::uk_date(now) + chrono::Days::new(u64::from(days));
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k == "start")
        .filter_map(|(_, v)| {
            v.strip_prefix("ge")
                .and_then(|d| d.get(..10))
                .map(str::to_owned)
        })
        .filter_map(|d| crate::time::parse_date(&d))
        .any(|start| start >= first_day)
}

/// A write to commit after the proxy has already answered 504.
struct LateCommit {
    sim: Arc<Sim>,
    index: usize,
    interaction: &'static Interaction,
    path: String,
    query: String,
    headers: HeaderMap,
    body: Bytes,
    root: String,
}

impl LateCommit {
    fn commit(self) {
        // Nobody is waiting for the answer: only the committed state matters.
        let _ = provide(
            &self.sim,
            self.index,
            self.interaction,
            &self.path,
            &self.query,
            &self.headers,
            &self.body,
            &self.root,
        );
    }
}

/// The body with `slot` removed from every Appointment (a read, or a retrieve's entries).
fn without_slots(body: &[u8]) -> Vec<u8> {
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return body.to_vec();
    };
    let strip = |resource: &mut serde_json::Value| {
        if let Some(object) = resource.as_object_mut() {
            object.remove("slot");
        }
    };
    strip(&mut value);
    if let Some(entries) = value.get_mut("entry").and_then(|e| e.as_array_mut()) {
        for entry in entries {
            if let Some(resource) = entry.get_mut("resource") {
                strip(resource);
            }
        }
    }
    value.to_string().into_bytes()
}

fn injected_status(status: u16, root: &str) -> SimError {
    match status {
        502 => SimError::proxy(
            StatusCode::BAD_GATEWAY,
            format!("ERROR_COMMUNICATING_TO_ENDPOINT_URL_{root}"),
        ),
        504 => SimError::proxy(
            StatusCode::GATEWAY_TIMEOUT,
            format!("TIMEOUT_WAITING_FOR_ENDPOINT_URL_{root}"),
        ),
        _ => SimError::internal("injected fault: the practice system failed"),
    }
}

/// The provider side: JWT, then the interaction, with the practice locked.
#[allow(clippy::too_many_arguments, reason = "one call's parts, passed once")]
fn provide(
    sim: &Sim,
    index: usize,
    interaction: &'static Interaction,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &Bytes,
    root: &str,
) -> SimResult<Reply> {
    let now = sim.now();
    let requester = jwt::validate(headers, interaction, root, now)?;
    if let Some(practice) = sim.practice(index) {
        sim.log_request(crate::state::LoggedRequest {
            ods_code: practice.ods_code.clone(),
            interaction_id: interaction.id.to_owned(),
            requester: requester.clone(),
        });
    }
    let call = Call {
        interaction,
        path,
        query: form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect(),
        headers,
        body,
        requester,
        now,
        root,
    };
    let version = sim.next_version();
    let reply = sim
        .with_practice(index, |practice| match interaction.operation {
            Operation::Metadata => reads::metadata(practice),
            Operation::SearchSlots => slots::search(practice, &call),
            Operation::FindPatient => patients::find(practice, &call),
            Operation::ReadPatient => patients::read(practice, &call),
            Operation::RegisterPatient => patients::register(practice, sim.pds(), &call, &version),
            Operation::BookAppointment => appointments::book(practice, &call, &version),
            Operation::RetrieveAppointments => appointments::retrieve(practice, &call),
            Operation::ReadAppointment => appointments::read(practice, &call),
            Operation::AmendAppointment => appointments::amend(practice, &call, &version),
            Operation::CancelAppointment => appointments::cancel(practice, &call, &version),
            Operation::ReadPractitioner => reads::practitioner(practice, &call),
            Operation::FindPractitioner => reads::find_practitioner(practice, &call),
            Operation::ReadOrganization => reads::organization(practice, &call),
            Operation::FindOrganization => reads::find_organization(practice, &call),
            Operation::ReadLocation => reads::location(practice, &call),
        })
        .ok_or_else(|| SimError::internal("practice vanished"))??;
    Ok(reply)
}

/// A response before body faults are applied.
struct Rendered {
    status: StatusCode,
    body: Vec<u8>,
    etag: Option<String>,
    location: Option<String>,
}

impl From<Reply> for Rendered {
    fn from(reply: Reply) -> Self {
        Self {
            status: StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK),
            body: reply.body.unwrap_or_default(),
            etag: reply.version.map(|v| format!("W/\"{v}\"")),
            location: reply.location,
        }
    }
}

impl From<SimError> for Rendered {
    fn from(error: SimError) -> Self {
        Self {
            status: error.status(),
            body: error.body().to_string().into_bytes(),
            etag: None,
            location: None,
        }
    }
}

/// Builds the HTTP response, applying body faults: malformed JSON, gzip, or a connection
/// dropped before the body (after the booking was committed).
fn finish(rendered: Rendered, faults: &Faults, drop_connection: bool) -> Response {
    let Rendered {
        status,
        body: mut bytes,
        etag,
        location,
    } = rendered;
    if faults.malformed_json && !bytes.is_empty() {
        bytes.truncate(bytes.len() / 2);
    }
    let mut builder = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/fhir+json;charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store");
    if let Some(etag) = etag.filter(|_| status.is_success()) {
        builder = builder.header(header::ETAG, etag);
    }
    if let Some(location) = location.filter(|_| status.is_success()) {
        builder = builder.header(header::LOCATION, location);
    }
    if faults.gzip {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        if encoder.write_all(&bytes).is_ok()
            && let Ok(compressed) = encoder.finish()
        {
            bytes = compressed;
            builder = builder.header(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
    }
    let body = if drop_connection {
        // The booking is committed; the answer never completes (§2.6: the consumer must
        // reconcile by reading, not resend).
        Body::from_stream(futures::stream::once(async {
            Err::<Bytes, std::io::Error>(std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "injected fault: connection dropped after the booking was committed",
            ))
        }))
    } else {
        Body::from(bytes)
    };
    builder
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}
