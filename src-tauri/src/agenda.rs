//! A patient's appointments across the federation (§3.6), reported practice by practice,
//! with each appointment's Location and Practitioner read separately (retrieval does not
//! include them) and cached for the session.

use std::collections::HashMap;
use std::sync::Mutex;

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use gpconnect::Client;
use gpconnect::NhsNumber;
use gpconnect::appointments::AppointmentRecord;
use gpconnect::config::Practice;
use gpconnect::fhir::HumanName;
use gpconnect::patients::demographic_differences;
use gpconnect::time::DateRange;

use crate::error::{CommandError, CommandResult};
use crate::state::Connection;
use crate::views::{
    AppointmentView, AppointmentsEvent, ListAppointmentsRequest, PersonView, PlaceView,
    PracticeView,
};

/// Locations and practitioners read this session, by practice and id.
#[derive(Debug, Default)]
pub struct Directory {
    locations: Mutex<HashMap<(String, String), PlaceView>>,
    practitioners: Mutex<HashMap<(String, String), PersonView>>,
}

fn cached<T: Clone>(
    map: &Mutex<HashMap<(String, String), T>>,
    key: &(String, String),
) -> Option<T> {
    map.lock().ok().and_then(|m| m.get(key).cloned())
}

/// The cached value for `id` at `practice`, or the result of `read`, remembered when it
/// succeeds (a failure is tried again next time).
async fn read_once<T: Clone>(
    map: &Mutex<HashMap<(String, String), T>>,
    practice: &Practice,
    id: &impl std::fmt::Display,
    read: impl std::future::Future<Output = Option<T>>,
) -> Option<T> {
    let key = (practice.ods_code.to_string(), id.to_string());
    if let Some(found) = cached(map, &key) {
        return Some(found);
    }
    let value = read.await?;
    if let Ok(mut m) = map.lock() {
        m.insert(key, value.clone());
    }
    Some(value)
}

impl Directory {
    /// The location `id` at `practice`, read once per session. `None` when the read fails
    /// (the appointment is still shown, with the id).
    pub async fn location(
        &self,
        client: &Client,
        practice: &Practice,
        id: &gpconnect::ids::LocationId,
    ) -> Option<PlaceView> {
        read_once(&self.locations, practice, id, async {
            let location = client.read_location(practice, id).await.ok()?;
            Some(PlaceView {
                name: location.name.clone(),
                address: location
                    .address
                    .first()
                    .map(gpconnect::fhir::Address::lines)
                    .unwrap_or_default(),
                phone: location
                    .telecom
                    .iter()
                    .find(|t| t.system.as_deref() == Some("phone"))
                    .and_then(|t| t.value.clone()),
            })
        })
        .await
    }

    /// The practitioner `id` at `practice`, read once per session; `None` when the read fails.
    pub async fn practitioner(
        &self,
        client: &Client,
        practice: &Practice,
        id: &gpconnect::ids::PractitionerId,
    ) -> Option<PersonView> {
        read_once(&self.practitioners, practice, id, async {
            let practitioner = client.read_practitioner(practice, id).await.ok()?;
            Some(PersonView {
                name: practitioner.name.first().map(HumanName::display),
                gender: practitioner.gender.clone(),
            })
        })
        .await
    }

    /// Reads, concurrently and once each, every location and practitioner that `records`
    /// refer to and that is not cached yet. A failed read leaves that one out.
    pub async fn prefetch(
        &self,
        client: &Client,
        practice: &Practice,
        records: &[AppointmentRecord],
    ) {
        let mut locations = HashMap::new();
        let mut practitioners = HashMap::new();
        for record in records {
            let summary = record.summary();
            if let Some(id) = summary.location_id {
                locations.insert(id.to_string(), id);
            }
            if let Some(id) = summary.practitioner_id {
                practitioners.insert(id.to_string(), id);
            }
        }
        let locations = locations
            .values()
            .map(|id| self.location(client, practice, id));
        let practitioners = practitioners
            .values()
            .map(|id| self.practitioner(client, practice, id));
        futures::future::join(
            futures::future::join_all(locations),
            futures::future::join_all(practitioners),
        )
        .await;
    }

    /// The appointment as the appointments view shows it, with its location and
    /// practitioner (read when not cached).
    pub async fn view(
        &self,
        client: &Client,
        practice: &Practice,
        record: &AppointmentRecord,
    ) -> AppointmentView {
        self.prefetch(client, practice, std::slice::from_ref(record))
            .await;
        self.view_cached(client, practice, record)
    }

    /// The appointment as the appointments view shows it, with the location and
    /// practitioner already cached (see [`Directory::prefetch`]); no reads.
    pub fn view_cached(
        &self,
        client: &Client,
        practice: &Practice,
        record: &AppointmentRecord,
    ) -> AppointmentView {
        let summary = record.summary();
        // UK local with its offset, whatever offset the provider wrote.
        let local = |dt: chrono::DateTime<chrono::FixedOffset>| {
            gpconnect::time::format_datetime(dt.with_timezone(&chrono::Utc))
        };
        let key = |id: &dyn ToString| (practice.ods_code.to_string(), id.to_string());
        let location = summary
            .location_id
            .as_ref()
            .and_then(|id| cached(&self.locations, &key(id)));
        let practitioner = summary
            .practitioner_id
            .as_ref()
            .and_then(|id| cached(&self.practitioners, &key(id)));
        let now = client.clock().now();
        let changeable = record.check_changeable(now).is_ok();
        AppointmentView {
            practice: PracticeView::from(practice),
            appointment_id: summary.id.to_string(),
            version_id: summary.version_id.clone(),
            patient_id: summary.patient_id.as_ref().map(ToString::to_string),
            status: summary
                .status
                .as_ref()
                .map_or_else(|| "unknown".to_owned(), ToString::to_string),
            start: summary.start.map(local),
            end: summary.end.map(local),
            duration_minutes: summary.duration_minutes,
            description: summary.description.clone(),
            comment: summary.comment.clone(),
            delivery_channel: summary.delivery_channel.as_ref().map(ToString::to_string),
            slot_type: summary.slot_type.clone(),
            schedule_type: summary.schedule_type.clone(),
            role: summary
                .practitioner_role
                .as_ref()
                .and_then(|r| r.display.clone().or(r.code.clone())),
            location,
            practitioner,
            booking_organisation: summary.booking_organisation.as_ref().map(|o| {
                format!(
                    "{} ({})",
                    o.name.clone().unwrap_or_default(),
                    o.ods_code.clone().unwrap_or_default()
                )
            }),
            cancellation_reason: summary.cancellation_reason.clone(),
            created: summary.created.map(local),
            slot_ids: summary.slot_ids.iter().map(ToString::to_string).collect(),
            changeable,
        }
    }
}

async fn one_practice(
    connection: &Connection,
    directory: &Directory,
    practice: &Practice,
    nhs: &NhsNumber,
    request: &ListAppointmentsRequest,
    range: DateRange,
) -> AppointmentsEvent {
    let ods_code = practice.ods_code.to_string();
    let client = &connection.client;
    let found = tokio::time::timeout(
        connection.practice_deadline,
        client.patient_appointments(practice, nhs, range),
    )
    .await
    .unwrap_or(Err(gpconnect::Error::Timeout {
        stage: gpconnect::TimeoutStage::Deadline,
        after: connection.practice_deadline,
    }));
    match found {
        Ok(found) => {
            // Locations and practitioners at once, each read once, within a deadline of
            // their own: past it, appointments are shown without the names not yet read.
            let _ = tokio::time::timeout(
                connection.practice_deadline,
                directory.prefetch(client, practice, &found.appointments),
            )
            .await;
            let appointments = found
                .appointments
                .iter()
                .map(|record| directory.view_cached(client, practice, record))
                .collect();
            AppointmentsEvent::Finished {
                ods_code,
                differences: found
                    .patient
                    .as_ref()
                    .map(|p| demographic_differences(&request.entered, p))
                    .unwrap_or_default(),
                patient: found.patient,
                appointments,
            }
        }
        Err(error) => AppointmentsEvent::Failed {
            ods_code,
            error: error.into(),
        },
    }
}

/// Asks every requested practice at once (each within the practice deadline) for the
/// patient's appointments, sending `Started` for each and then `Finished` or `Failed` as
/// each answers.
///
/// Errors: VALIDATION for an invalid NHS number, an unknown practice, or a range starting
/// before today.
pub async fn run(
    connection: &Connection,
    directory: &Directory,
    request: &ListAppointmentsRequest,
    mut send: impl FnMut(AppointmentsEvent),
) -> CommandResult<()> {
    let nhs = NhsNumber::parse(&request.nhs_number)
        .map_err(|e| CommandError::new("VALIDATION", format!("NHS number: {e}")))?;
    let range = DateRange::new(request.from, request.to)
        .map_err(|e| CommandError::new("VALIDATION", e.to_string()))?;
    let today = gpconnect::time::uk_date(connection.client.clock().now());
    if range.start() < today {
        return Err(CommandError::new(
            "VALIDATION",
            "Only appointments from today onwards are available through GP Connect.",
        ));
    }
    let practices = if request.practices.is_empty() {
        connection.practices.clone()
    } else {
        request
            .practices
            .iter()
            .map(|ods| connection.practice(ods))
            .collect::<CommandResult<Vec<_>>>()?
    };
    for practice in &practices {
        send(AppointmentsEvent::Started {
            ods_code: practice.ods_code.to_string(),
        });
    }
    let mut pending: FuturesUnordered<_> = practices
        .iter()
        .map(|practice| one_practice(connection, directory, practice, &nhs, request, range))
        .collect();
    while let Some(event) = pending.next().await {
        send(event);
    }
    Ok(())
}
