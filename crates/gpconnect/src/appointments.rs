//! Book (§3.5), retrieve (§3.6), read (§3.7), amend (§3.8) and cancel (§3.9) appointments.
//!
//! Booking rules are checked before anything is sent: adjacent slots only (§3.2 "Multiple
//! adjacent slots"), description required and at most 100 characters, comment at most 500,
//! start in the future. The booking payload carries exactly the elements §3.5 allows.
//! Amend and cancel change only their allowed fields on the resource *as read* and send it
//! back with `If-Match`. No write is ever retried automatically.

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::client::{Client, FhirRequest, FhirResponse};
use crate::config::{BookingOrganisation, OrganisationType, Practice};
use crate::error::{DecodeError, Error, Result};
use crate::fhir::urls::{
    CODESYSTEM_ORGANISATION_TYPE, EXT_BOOKING_ORGANISATION, EXT_CANCELLATION_REASON,
    EXT_DELIVERY_CHANNEL, EXT_PRACTITIONER_ROLE, PROFILE_APPOINTMENT, PROFILE_ORGANIZATION,
    SYSTEM_ODS_ORGANISATION,
};
use crate::fhir::{
    Appointment, AppointmentParticipant, AppointmentStatus, Bundle, CodeableConcept, Coding,
    ContactPoint, DeliveryChannel, Extension, Identifier, Meta, Organization, Reference, Resource,
};
use crate::ids::{AppointmentId, LocationId, PatientId, PractitionerId, SlotId};
use crate::interaction::Interaction;
use crate::response::decode_resource;
use crate::slots::{BookableSlot, PractitionerRole};
use crate::time::{DateRange, format_date, format_datetime, parse_datetime, uk_date};

/// The consumer SHALL enforce at most 100 characters of description (§3.5).
pub const DESCRIPTION_MAX_CHARS: usize = 100;
/// The consumer SHALL enforce at most 500 characters of comment (§3.5).
pub const COMMENT_MAX_CHARS: usize = 500;
/// This client's own limit on a cancellation reason (GP Connect sets none, §3.9; providers
/// may truncate).
pub const CANCELLATION_REASON_MAX_CHARS: usize = 500;

/// Why a set of slots cannot be booked as one appointment (§3.2 "Multiple adjacent slots").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum AdjacencyError {
    /// No slot was chosen.
    #[error("choose at least one slot")]
    NoSlots,
    /// The same slot was chosen twice.
    #[error("slot {slot} was chosen twice")]
    DuplicateSlot {
        /// The repeated slot.
        slot: SlotId,
    },
    /// Slots from different practices.
    #[error("slots from different practices cannot be booked together")]
    DifferentPractice,
    /// Slots from different schedules.
    #[error("slots must be in the same session (schedule) to be booked together")]
    DifferentSchedule,
    /// Different delivery channels.
    #[error("slots must have the same delivery channel to be booked together")]
    DifferentDeliveryChannel,
    /// Different slot types.
    #[error("slots must be of the same type to be booked together")]
    DifferentSlotType,
    /// A gap or overlap between two slots.
    #[error(
        "slots must follow each other with no gap: one ends at {previous_end}, the next starts at {next_start}"
    )]
    NotContiguous {
        /// End of the earlier slot.
        #[serde(with = "crate::time::local_datetime")]
        previous_end: DateTime<FixedOffset>,
        /// Start of the next slot.
        #[serde(with = "crate::time::local_datetime")]
        next_start: DateTime<FixedOffset>,
    },
}

/// Orders `slots` by start and checks that they can form one booking: same practice, same
/// Schedule, same delivery channel, same slot type (`serviceType`), and each start equal to
/// the previous end (§3.2). Returns them in start order.
pub fn order_adjacent_slots(slots: &[BookableSlot]) -> Result<Vec<BookableSlot>, AdjacencyError> {
    let mut ordered = slots.to_vec();
    ordered.sort_by_key(|s| s.start);
    let Some(first) = ordered.first() else {
        return Err(AdjacencyError::NoSlots);
    };
    for (i, slot) in ordered.iter().enumerate() {
        // Slot ids are local to one practice: the same id elsewhere is a different slot.
        if ordered[..i]
            .iter()
            .any(|s| s.slot_id == slot.slot_id && s.practice_ods_code == slot.practice_ods_code)
        {
            return Err(AdjacencyError::DuplicateSlot {
                slot: slot.slot_id.clone(),
            });
        }
        if slot.practice_ods_code != first.practice_ods_code {
            return Err(AdjacencyError::DifferentPractice);
        }
        if slot.schedule_id != first.schedule_id {
            return Err(AdjacencyError::DifferentSchedule);
        }
        if slot.delivery_channel != first.delivery_channel {
            return Err(AdjacencyError::DifferentDeliveryChannel);
        }
        if slot.slot_type != first.slot_type {
            return Err(AdjacencyError::DifferentSlotType);
        }
    }
    for pair in ordered.windows(2) {
        if let [previous, next] = pair
            && previous.end != next.start
        {
            return Err(AdjacencyError::NotContiguous {
                previous_end: previous.end,
                next_start: next.start,
            });
        }
    }
    Ok(ordered)
}

/// Checks a description: required, at most [`DESCRIPTION_MAX_CHARS`] characters. Returns it
/// trimmed. Error: [`Error::Validation`] on `description`.
pub fn check_description(description: &str) -> Result<String> {
    let trimmed = description.trim();
    if trimmed.is_empty() {
        return Err(Error::validation("description", "Enter a description"));
    }
    let length = trimmed.chars().count();
    if length > DESCRIPTION_MAX_CHARS {
        return Err(Error::validation(
            "description",
            format!(
                "Description must be {DESCRIPTION_MAX_CHARS} characters or fewer (it has {length})"
            ),
        ));
    }
    Ok(trimmed.to_owned())
}

/// Checks an optional comment: at most [`COMMENT_MAX_CHARS`] characters. Returns it trimmed,
/// `None` when empty. Error: [`Error::Validation`] on `comment`.
pub fn check_comment(comment: Option<&str>) -> Result<Option<String>> {
    let Some(trimmed) = comment.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let length = trimmed.chars().count();
    if length > COMMENT_MAX_CHARS {
        return Err(Error::validation(
            "comment",
            format!("Comment must be {COMMENT_MAX_CHARS} characters or fewer (it has {length})"),
        ));
    }
    Ok(Some(trimmed.to_owned()))
}

/// Checks a cancellation reason: required, at most [`CANCELLATION_REASON_MAX_CHARS`]
/// characters (§3.9). Returns it trimmed. Error: [`Error::Validation`] on `reason`.
pub fn check_cancellation_reason(reason: &str) -> Result<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::validation(
            "reason",
            "Enter the reason for cancelling",
        ));
    }
    if reason.chars().count() > CANCELLATION_REASON_MAX_CHARS {
        return Err(Error::validation(
            "reason",
            format!("Reason must be {CANCELLATION_REASON_MAX_CHARS} characters or fewer"),
        ));
    }
    Ok(reason.to_owned())
}

/// What the user asked to book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingRequest {
    /// The patient's logical id at the practice of the slots (from Find or Register).
    pub patient_id: PatientId,
    /// One slot, or several adjacent ones, from a slot search at that practice.
    pub slots: Vec<BookableSlot>,
    /// Short free text, required, at most 100 characters.
    pub description: String,
    /// Patient-specific notes, at most 500 characters.
    pub comment: Option<String>,
}

/// Builds the `POST /Appointment` body (§3.5) for `request` by `organisation`, created at
/// `now`. Pure: checks every rule, sends nothing.
///
/// The payload holds: `meta.profile`; the contained booking organisation (ODS identifier,
/// name, phone, and `type` only when that type was sent as a search filter); the
/// booking-organisation, delivery-channel and practitioner-role extensions (the last two
/// copied from the Slot and Schedule when present); `status: booked`; description and
/// comment; start and end equal to the first slot's start and the last slot's end; the slot
/// references; `created`; and Patient, Location and (when the Schedule has one)
/// Practitioner participants, each `accepted`.
///
/// Errors: [`Error::Validation`] on `slots` (adjacency, past start), `description`,
/// `comment` or `bookingOrganisation`.
pub fn build_booking(
    organisation: &BookingOrganisation,
    request: &BookingRequest,
    now: DateTime<Utc>,
) -> Result<Appointment> {
    let slots = order_adjacent_slots(&request.slots)
        .map_err(|e| Error::validation("slots", e.to_string()))?;
    let description = check_description(&request.description)?;
    let comment = check_comment(request.comment.as_deref())?;
    if organisation.name.trim().is_empty() || organisation.telephone.trim().is_empty() {
        return Err(Error::validation(
            "bookingOrganisation",
            "The booking organisation needs a name and a telephone number (Settings)",
        ));
    }
    let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
        return Err(Error::validation(
            "slots",
            AdjacencyError::NoSlots.to_string(),
        ));
    };
    if first.start.with_timezone(&Utc) <= now {
        return Err(Error::validation(
            "slots",
            "This slot has already started; only future appointments can be booked",
        ));
    }

    let booking_org = Organization {
        id: Some("1".to_owned()),
        meta: Some(Meta::profile(PROFILE_ORGANIZATION)),
        identifier: vec![Identifier::new(
            SYSTEM_ODS_ORGANISATION,
            organisation.ods_code.as_str(),
        )],
        type_: first
            .searched_org_type
            .map(organisation_type_concept)
            .into_iter()
            .collect(),
        name: Some(organisation.name.trim().to_owned()),
        telecom: vec![ContactPoint {
            system: Some("phone".to_owned()),
            value: Some(organisation.telephone.trim().to_owned()),
            use_: None,
        }],
        address: Vec::new(),
    };
    let mut extension = vec![Extension::reference(EXT_BOOKING_ORGANISATION, "#1")];
    if let Some(channel) = &first.delivery_channel {
        extension.push(Extension::code(EXT_DELIVERY_CHANNEL, channel.as_str()));
    }
    if let Some(role) = &first.practitioner_role {
        extension.push(Extension::codeable_concept(
            EXT_PRACTITIONER_ROLE,
            role_concept(role),
        ));
    }
    let accepted = |reference: String| AppointmentParticipant {
        actor: Some(Reference::to(reference)),
        status: Some("accepted".to_owned()),
    };
    let mut participant = vec![
        accepted(request.patient_id.reference()),
        accepted(first.location.id.reference()),
    ];
    if let Some(practitioner) = &first.practitioner {
        participant.push(accepted(practitioner.id.reference()));
    }
    Ok(Appointment {
        id: None,
        meta: Some(Meta::profile(PROFILE_APPOINTMENT)),
        contained: vec![Resource::Organization(booking_org)],
        extension,
        status: Some(AppointmentStatus::Booked),
        service_category: None,
        service_type: Vec::new(),
        description: Some(description),
        start: Some(provider_datetime(&first.start)),
        end: Some(provider_datetime(&last.end)),
        slot: slots
            .iter()
            .map(|s| Reference::to(s.slot_id.reference()))
            .collect(),
        created: Some(format_datetime(now)),
        comment,
        participant,
    })
}

/// A slot time as the provider wrote it: local time with its own offset, never `Z`.
fn provider_datetime(dt: &DateTime<FixedOffset>) -> String {
    dt.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

fn organisation_type_concept(org_type: OrganisationType) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding {
            system: Some(CODESYSTEM_ORGANISATION_TYPE.to_owned()),
            code: Some(org_type.code().to_owned()),
            display: None,
        }],
        text: None,
    }
}

fn role_concept(role: &PractitionerRole) -> CodeableConcept {
    CodeableConcept {
        coding: vec![Coding {
            system: role.system.clone(),
            code: role.code.clone(),
            display: role.display.clone(),
        }],
        text: None,
    }
}

/// An appointment as read from a provider: the typed view plus the exact JSON, which amend
/// and cancel change in place and send back (§3.8, §3.9).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppointmentRecord {
    /// Logical id at the practice.
    pub id: AppointmentId,
    /// `meta.versionId` (or the `ETag`), sent back as `If-Match: W/"{versionId}"`.
    pub version_id: Option<String>,
    /// The typed resource.
    pub appointment: Appointment,
    /// The resource exactly as received.
    pub raw: Value,
}

/// The booking organisation of an appointment, flattened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BookingOrganisationSummary {
    /// ODS code.
    pub ods_code: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Telephone.
    pub telephone: Option<String>,
    /// Organisation type code.
    pub org_type: Option<String>,
}

/// An appointment flattened for display (§3.6 display requirements). Times are UK local.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppointmentSummary {
    /// Logical id.
    pub id: AppointmentId,
    /// Version.
    pub version_id: Option<String>,
    /// Provider status (booked, cancelled, …).
    pub status: Option<AppointmentStatus>,
    /// Start.
    #[serde(with = "crate::time::local_datetime::option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub start: Option<DateTime<FixedOffset>>,
    /// End.
    #[serde(with = "crate::time::local_datetime::option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub end: Option<DateTime<FixedOffset>>,
    /// Minutes between start and end.
    pub duration_minutes: Option<i64>,
    /// Description.
    pub description: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// Delivery channel.
    pub delivery_channel: Option<DeliveryChannel>,
    /// Slot type (`serviceType.text`).
    pub slot_type: Option<String>,
    /// Schedule type (`serviceCategory.text`).
    pub schedule_type: Option<String>,
    /// Practitioner role.
    pub practitioner_role: Option<PractitionerRole>,
    /// Patient participant.
    pub patient_id: Option<PatientId>,
    /// Location participant (read it for name and address, §3.6).
    pub location_id: Option<LocationId>,
    /// Practitioner participant (read it for name and gender, §3.6).
    pub practitioner_id: Option<PractitionerId>,
    /// Booking organisation.
    pub booking_organisation: Option<BookingOrganisationSummary>,
    /// Cancellation reason, when cancelled.
    pub cancellation_reason: Option<String>,
    /// Booked slots.
    pub slot_ids: Vec<SlotId>,
    /// When booked.
    #[serde(with = "crate::time::local_datetime::option")]
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub created: Option<DateTime<FixedOffset>>,
}

impl AppointmentRecord {
    /// Reads a record from JSON, taking the version from `meta.versionId` or else `etag`.
    /// Error: [`Error::Decode`] for a bad resource or a missing id.
    pub fn from_json(status: u16, raw: Value, etag: Option<&str>) -> Result<Self> {
        let appointment = match Resource::from_value(raw.clone(), "")
            .map_err(|source| Error::Decode { status, source })?
        {
            Resource::Appointment(a) => a,
            other => {
                return Err(Error::Decode {
                    status,
                    source: DecodeError::new(
                        "resourceType",
                        format!("expected Appointment, found {}", other.resource_type()),
                    ),
                });
            }
        };
        let id = appointment
            .id
            .as_deref()
            .and_then(|id| AppointmentId::parse(id).ok())
            .ok_or_else(|| Error::Decode {
                status,
                source: DecodeError::new("id", "the Appointment has no valid id"),
            })?;
        let version_id = appointment
            .meta
            .as_ref()
            .and_then(|m| m.version_id.clone())
            .or_else(|| etag.and_then(version_from_etag));
        Ok(Self {
            id,
            version_id,
            appointment,
            raw,
        })
    }

    fn from_response(response: &FhirResponse) -> Result<Self> {
        let raw: Value = serde_json::from_slice(&response.body).map_err(|e| Error::Decode {
            status: response.status,
            source: DecodeError::new("", format!("not valid JSON: {e}")),
        })?;
        Self::from_json(response.status, raw, response.etag.as_deref())
    }

    /// The `If-Match` header value, `W/"{versionId}"`.
    pub fn if_match(&self) -> Option<String> {
        self.version_id.as_ref().map(|v| format!("W/\"{v}\""))
    }

    /// The start time, parsed.
    pub fn start(&self) -> Option<DateTime<FixedOffset>> {
        self.appointment
            .start
            .as_deref()
            .and_then(|s| parse_datetime(s).ok())
    }

    /// The flattened view for display.
    pub fn summary(&self) -> AppointmentSummary {
        let a = &self.appointment;
        let start = self.start();
        let end = a.end.as_deref().and_then(|s| parse_datetime(s).ok());
        AppointmentSummary {
            id: self.id.clone(),
            version_id: self.version_id.clone(),
            status: a.status.clone(),
            start,
            end,
            duration_minutes: start.zip(end).map(|(s, e)| (e - s).num_minutes()),
            description: a.description.clone(),
            comment: a.comment.clone(),
            delivery_channel: a.delivery_channel(),
            slot_type: a
                .service_type
                .first()
                .and_then(|t| t.label())
                .map(str::to_owned),
            schedule_type: a
                .service_category
                .as_ref()
                .and_then(|c| c.text.clone().or_else(|| c.label().map(str::to_owned))),
            practitioner_role: a.practitioner_role().map(|c| {
                let coding = c.coding.first();
                PractitionerRole {
                    system: coding.and_then(|c| c.system.clone()),
                    code: coding.and_then(|c| c.code.clone()),
                    display: coding.and_then(|c| c.display.clone()).or(c.text.clone()),
                }
            }),
            patient_id: a
                .participant_id("Patient")
                .and_then(|id| PatientId::parse(id).ok()),
            location_id: a
                .participant_id("Location")
                .and_then(|id| LocationId::parse(id).ok()),
            practitioner_id: a
                .participant_id("Practitioner")
                .and_then(|id| PractitionerId::parse(id).ok()),
            booking_organisation: a
                .booking_organisation()
                .map(|o| BookingOrganisationSummary {
                    ods_code: o.ods_code().map(str::to_owned),
                    name: o.name.clone(),
                    telephone: o.phone().map(str::to_owned),
                    org_type: o.organisation_type().map(str::to_owned),
                }),
            cancellation_reason: a.cancellation_reason().map(str::to_owned),
            slot_ids: a
                .slot
                .iter()
                .filter_map(|r| r.reference.as_deref())
                .filter_map(|r| SlotId::from_reference(r).ok())
                .collect(),
            created: a.created.as_deref().and_then(|s| parse_datetime(s).ok()),
        }
    }

    /// Refuses to amend, cancel or move an appointment that is not booked (cancelled,
    /// arrived, fulfilled, …) or has started (§3.8, §3.9: only future, booked appointments).
    ///
    /// Errors: [`Error::Validation`] on field `appointment`.
    pub fn check_changeable(&self, now: DateTime<Utc>) -> Result<()> {
        match self.appointment.status {
            Some(AppointmentStatus::Cancelled) => {
                return Err(Error::validation(
                    "appointment",
                    "This appointment is cancelled and can no longer be changed",
                ));
            }
            // A missing status is tolerated (the provider's own rules still apply).
            Some(AppointmentStatus::Booked) | None => {}
            Some(_) => {
                return Err(Error::validation(
                    "appointment",
                    "This appointment is no longer booked (the patient may have arrived or been \
                     seen) and can no longer be changed",
                ));
            }
        }
        match self.start() {
            Some(start) if start.with_timezone(&Utc) > now => Ok(()),
            _ => Err(Error::validation(
                "appointment",
                "Only future appointments can be changed through GP Connect",
            )),
        }
    }
}

/// `W/"123"` or `"123"` → `123`.
pub fn version_from_etag(etag: &str) -> Option<String> {
    let value = etag.trim();
    let value = value.strip_prefix("W/").unwrap_or(value);
    let value = value.trim_matches('"');
    (!value.is_empty()).then(|| value.to_owned())
}

/// The amend body (§3.8): the resource as read with only `description` and `comment`
/// changed (an empty comment removes it).
///
/// Errors: [`Error::Validation`] on `description`, `comment` or `appointment`.
pub fn amended_resource(
    current: &AppointmentRecord,
    description: &str,
    comment: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Value> {
    current.check_changeable(now)?;
    let description = check_description(description)?;
    let comment = check_comment(comment)?;
    let mut body = current.raw.clone();
    let Some(object) = body.as_object_mut() else {
        return Err(Error::validation(
            "appointment",
            "the appointment as read is not an object",
        ));
    };
    object.insert("description".to_owned(), Value::String(description));
    match comment {
        Some(comment) => object.insert("comment".to_owned(), Value::String(comment)),
        None => object.remove("comment"),
    };
    Ok(body)
}

/// The cancel body (§3.9): the resource as read with only `status` set to `cancelled` and
/// the cancellation-reason extension added (replacing any earlier one).
///
/// Errors: [`Error::Validation`] on `reason` or `appointment`.
pub fn cancelled_resource(
    current: &AppointmentRecord,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Value> {
    current.check_changeable(now)?;
    let reason = check_cancellation_reason(reason)?;
    let mut body = current.raw.clone();
    let Some(object) = body.as_object_mut() else {
        return Err(Error::validation(
            "appointment",
            "the appointment as read is not an object",
        ));
    };
    object.insert("status".to_owned(), Value::String("cancelled".to_owned()));
    let extension = object
        .entry("extension")
        .or_insert_with(|| Value::Array(Vec::new()));
    if !extension.is_array() {
        *extension = Value::Array(Vec::new());
    }
    if let Value::Array(items) = extension {
        items.retain(|e| e.get("url").and_then(Value::as_str) != Some(EXT_CANCELLATION_REASON));
        items.push(serde_json::json!({
            "url": EXT_CANCELLATION_REASON,
            "valueString": reason,
        }));
    }
    Ok(body)
}

impl Client {
    /// Books one slot or several adjacent ones (§3.5). Checks every rule first; sends once.
    ///
    /// Never retried. If the answer is lost ([`Error::outcome_unknown`]), do not resend:
    /// retrieve the patient's appointments at the practice to see whether it was booked.
    ///
    /// Errors: [`Error::Validation`] before sending; 409 `DUPLICATE_REJECTED` when a slot was
    /// taken meanwhile; 422 `INVALID_RESOURCE` / `REFERENCE_NOT_FOUND`; any other [`Error`].
    pub async fn book_appointment(
        &self,
        practice: &Practice,
        request: &BookingRequest,
    ) -> Result<AppointmentRecord> {
        if request
            .slots
            .iter()
            .any(|s| s.practice_ods_code != practice.ods_code)
        {
            return Err(Error::validation(
                "slots",
                "the slots are not from the practice being booked",
            ));
        }
        let appointment =
            build_booking(&self.identity().organisation, request, self.clock().now())?;
        let body = serde_json::to_vec(&Resource::Appointment(appointment))
            .map_err(|e| Error::validation("appointment", e.to_string()))?;
        let mut fhir = FhirRequest::new(Interaction::BookAppointment, "Appointment");
        fhir.body = Some(body);
        let response = self.execute(practice, &fhir).await?;
        if response.body.iter().all(u8::is_ascii_whitespace) {
            // A provider that answered `return=minimal` anyway: the booking exists; read it
            // back from the Location header ([base]/Appointment/{id}/_history/{vid}).
            if let Some(id) = response
                .location
                .as_deref()
                .and_then(appointment_id_from_location)
            {
                return self.read_appointment(practice, &id).await;
            }
        }
        AppointmentRecord::from_response(&response)
    }

    /// Retrieves a patient's appointments at one practice over `range` (§3.6): two
    /// date-only `start` parameters (`ge`, `le`). All appointments in the range come back,
    /// including cancelled ones, whoever booked them.
    ///
    /// Errors: [`Error::Validation`] when the range starts before today (UK): GP Connect only
    /// returns appointments from today on; 404 for an unknown patient; any [`Error`].
    pub async fn retrieve_appointments(
        &self,
        practice: &Practice,
        patient_id: &PatientId,
        range: DateRange,
    ) -> Result<Vec<AppointmentRecord>> {
        let today = uk_date(self.clock().now());
        if range.start() < today {
            return Err(Error::validation(
                "range",
                "GP Connect only returns appointments from today onwards",
            ));
        }
        let mut request = FhirRequest::new(
            Interaction::RetrievePatientAppointments,
            format!("{}/Appointment", patient_id.reference()),
        );
        request.query = vec![
            ("start", format!("ge{}", format_date(range.start()))),
            ("start", format!("le{}", format_date(range.end()))),
        ];
        let response = self.execute(practice, &request).await?;
        let bundle: Bundle = decode_resource(response.status, &response.body)?;
        let mut records = bundle
            .entry
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| entry.resource.clone().map(|r| (i, r)))
            .filter(|(_, r)| r.get("resourceType").and_then(Value::as_str) == Some("Appointment"))
            .map(|(i, raw)| {
                AppointmentRecord::from_json(response.status, raw, None).map_err(|e| match e {
                    Error::Decode { status, source } => Error::Decode {
                        status,
                        source: DecodeError::new(
                            &format!("entry[{i}].resource.{}", source.path),
                            source.message,
                        ),
                    },
                    other => other,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        records.sort_by_key(AppointmentRecord::start);
        Ok(records)
    }

    /// Reads one appointment (§3.7); its version comes from `meta.versionId` or the `ETag`.
    ///
    /// Errors: 404 (`NO_RECORD_FOUND` or similar) for an unknown id; any [`Error`].
    pub async fn read_appointment(
        &self,
        practice: &Practice,
        id: &AppointmentId,
    ) -> Result<AppointmentRecord> {
        let request = FhirRequest::new(Interaction::ReadAppointment, id.reference());
        let response = self.execute(practice, &request).await?;
        AppointmentRecord::from_response(&response)
    }

    /// Amends description and comment (§3.8): the resource as read, only those two fields
    /// changed, `PUT` with `If-Match` and the update interaction ID. Never retried.
    ///
    /// Errors: [`Error::Validation`] before sending; 409 (or 412) when someone else changed
    /// it first: read it again, show what changed and let the user apply the edit again;
    /// 422 `INVALID_RESOURCE`; any other [`Error`].
    pub async fn amend_appointment(
        &self,
        practice: &Practice,
        current: &AppointmentRecord,
        description: &str,
        comment: Option<&str>,
    ) -> Result<AppointmentRecord> {
        let body = amended_resource(current, description, comment, self.clock().now())?;
        self.put_appointment(practice, current, Interaction::AmendAppointment, &body)
            .await
    }

    /// Cancels (§3.9): the resource as read with `status: cancelled` and the reason
    /// extension, `PUT` with `If-Match` and the cancel interaction ID. On success the
    /// provider frees the slots. Never retried.
    ///
    /// Errors: [`Error::Validation`] before sending; 409 `FHIR_CONSTRAINT_VIOLATION` when
    /// stale; 422; any other [`Error`].
    pub async fn cancel_appointment(
        &self,
        practice: &Practice,
        current: &AppointmentRecord,
        reason: &str,
    ) -> Result<AppointmentRecord> {
        let body = cancelled_resource(current, reason, self.clock().now())?;
        self.put_appointment(practice, current, Interaction::CancelAppointment, &body)
            .await
    }

    async fn put_appointment(
        &self,
        practice: &Practice,
        current: &AppointmentRecord,
        interaction: Interaction,
        body: &Value,
    ) -> Result<AppointmentRecord> {
        let mut request = FhirRequest::new(interaction, current.id.reference());
        request.body = Some(
            serde_json::to_vec(body)
                .map_err(|e| Error::validation("appointment", e.to_string()))?,
        );
        request.if_match = current.if_match();
        let response = self.execute(practice, &request).await?;
        AppointmentRecord::from_response(&response)
    }
}

/// What became of a booking, including when its answer was lost.
#[derive(Debug, Clone, PartialEq)]
pub enum BookingOutcome {
    /// Booked; the provider's answer arrived.
    Booked(AppointmentRecord),
    /// The answer was lost (timeout, dropped connection); reading the patient's
    /// appointments found it booked.
    Reconciled(AppointmentRecord),
    /// The answer was lost; reading the patient's appointments shows it was not booked.
    NotBooked {
        /// Why the answer was lost.
        cause: Error,
    },
}

/// The booked appointment in `appointments` that holds every one of `slots`, if any
/// (cancelled ones do not count).
pub fn find_booking<'a>(
    appointments: &'a [AppointmentRecord],
    slots: &[BookableSlot],
) -> Option<&'a AppointmentRecord> {
    appointments.iter().find(|record| {
        let summary = record.summary();
        summary.status != Some(AppointmentStatus::Cancelled)
            && slots.iter().all(|s| summary.slot_ids.contains(&s.slot_id))
    })
}

impl Client {
    /// Books once (§3.5) and, if the answer is lost, reconciles by reading instead of
    /// resending (§2.6): retrieves the patient's appointments at the practice from today to
    /// the day of the last slot and looks for one holding the requested slots.
    ///
    /// Errors: every error of [`Client::book_appointment`] except a lost answer; when the
    /// reconciling read fails too, the original error (its [`Error::outcome_unknown`] is
    /// true: tell the user to check before trying again).
    pub async fn book_and_reconcile(
        &self,
        practice: &Practice,
        request: &BookingRequest,
    ) -> Result<BookingOutcome> {
        let cause = match self.book_appointment(practice, request).await {
            Ok(record) => return Ok(BookingOutcome::Booked(record)),
            Err(e) if e.outcome_unknown() => e,
            Err(e) => return Err(e),
        };
        let today = uk_date(self.clock().now());
        let last_day = request
            .slots
            .iter()
            .map(|s| s.end.date_naive())
            .max()
            .unwrap_or(today)
            .max(today);
        let range = DateRange::new(today, last_day).map_err(|_| cause.clone())?;
        let appointments = self
            .retrieve_appointments(practice, &request.patient_id, range)
            .await
            .map_err(|_| cause.clone())?;
        Ok(match find_booking(&appointments, &request.slots) {
            Some(record) => BookingOutcome::Reconciled(record.clone()),
            None => BookingOutcome::NotBooked { cause },
        })
    }
}

/// The appointment id in a `Location` header: `[base]/Appointment/{id}[/_history/{vid}]`.
fn appointment_id_from_location(location: &str) -> Option<AppointmentId> {
    let after = location.rsplit_once("Appointment/")?.1;
    let id = after.split('/').next()?;
    AppointmentId::parse(id).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{OdsCode, ScheduleId};
    use crate::slots::{SlotLocation, SlotPractitioner};
    use chrono::TimeZone;

    fn slot(id: &str, start: &str, end: &str) -> BookableSlot {
        BookableSlot {
            practice_ods_code: OdsCode::parse("A20047").unwrap(),
            practice_name: "Dr Legg's Surgery".into(),
            slot_id: SlotId::parse(id).unwrap(),
            schedule_id: ScheduleId::parse("14").unwrap(),
            start: parse_datetime(start).unwrap(),
            end: parse_datetime(end).unwrap(),
            duration_minutes: 10,
            delivery_channel: Some(DeliveryChannel::InPerson),
            slot_type: Some("General GP Appointment".into()),
            schedule_type: Some("General GP Appointments".into()),
            location: SlotLocation {
                id: LocationId::parse("17").unwrap(),
                name: Some("Main".into()),
                address: vec![],
                phone: None,
            },
            practitioner: Some(SlotPractitioner {
                id: PractitionerId::parse("2").unwrap(),
                name: None,
                gender: None,
            }),
            practitioner_role: Some(PractitionerRole {
                system: Some(crate::fhir::urls::CODESYSTEM_SDS_JOB_ROLE.into()),
                code: Some("R0260".into()),
                display: Some("General Medical Practitioner".into()),
            }),
            organisation: None,
            searched_org_type: Some(OrganisationType::GpPractice),
        }
    }

    fn three() -> Vec<BookableSlot> {
        vec![
            slot(
                "1",
                "2026-11-23T10:00:00+00:00",
                "2026-11-23T10:10:00+00:00",
            ),
            slot(
                "2",
                "2026-11-23T10:10:00+00:00",
                "2026-11-23T10:20:00+00:00",
            ),
            slot(
                "3",
                "2026-11-23T10:20:00+00:00",
                "2026-11-23T10:30:00+00:00",
            ),
        ]
    }

    #[test]
    fn adjacent_slots_in_any_order_are_accepted() {
        let mut slots = three();
        slots.reverse();
        let ordered = order_adjacent_slots(&slots).unwrap();
        let ids: Vec<&str> = ordered.iter().map(|s| s.slot_id.as_str()).collect();
        assert_eq!(ids, ["1", "2", "3"]);
    }

    #[test]
    fn each_adjacency_rejection() {
        assert_eq!(order_adjacent_slots(&[]), Err(AdjacencyError::NoSlots));

        let mut s = three();
        s[2] = s[0].clone();
        assert!(matches!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::DuplicateSlot { .. })
        ));

        let mut s = three();
        s[1].practice_ods_code = OdsCode::parse("B12345").unwrap();
        assert_eq!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::DifferentPractice)
        );

        let mut s = three();
        s[1].schedule_id = ScheduleId::parse("15").unwrap();
        assert_eq!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::DifferentSchedule)
        );

        let mut s = three();
        s[1].delivery_channel = Some(DeliveryChannel::Telephone);
        assert_eq!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::DifferentDeliveryChannel)
        );

        let mut s = three();
        s[1].slot_type = Some("Nurse".into());
        assert_eq!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::DifferentSlotType)
        );

        let s = vec![three()[0].clone(), three()[2].clone()];
        assert!(matches!(
            order_adjacent_slots(&s),
            Err(AdjacencyError::NotContiguous { .. })
        ));
    }

    #[test]
    fn adjacency_compares_instants_across_offsets() {
        // 00:50 GMT then 02:00 BST on the last Sunday of March is contiguous (01:00 UTC).
        let s = vec![
            slot(
                "1",
                "2026-03-29T00:50:00+00:00",
                "2026-03-29T02:00:00+01:00",
            ),
            slot(
                "2",
                "2026-03-29T02:00:00+01:00",
                "2026-03-29T02:10:00+01:00",
            ),
        ];
        assert!(order_adjacent_slots(&s).is_ok());
    }

    #[test]
    fn text_limits() {
        assert!(check_description(&"a".repeat(100)).is_ok());
        assert_eq!(
            check_description(&"a".repeat(101)).unwrap_err().code(),
            "VALIDATION"
        );
        assert!(check_description("  ").is_err());
        assert_eq!(
            check_description(&"é".repeat(100)).unwrap().chars().count(),
            100
        );
        assert!(check_comment(Some(&"b".repeat(500))).is_ok());
        assert!(check_comment(Some(&"b".repeat(501))).is_err());
        assert_eq!(check_comment(Some("   ")).unwrap(), None);
    }

    #[test]
    fn etag_versions() {
        assert_eq!(version_from_etag("W/\"42\"").as_deref(), Some("42"));
        assert_eq!(version_from_etag("\"42\"").as_deref(), Some("42"));
        assert_eq!(version_from_etag("W/\"\""), None);
        assert_eq!(
            appointment_id_from_location("https://p/A1/STU3/1/gpconnect/Appointment/9/_history/2"),
            Some(AppointmentId::parse("9").unwrap())
        );
    }

    #[test]
    fn booking_refuses_a_started_slot() {
        let organisation = BookingOrganisation {
            ods_code: OdsCode::parse("A00001").unwrap(),
            name: "Test Organization Name".into(),
            telephone: "0300 303 5678".into(),
            org_type: Some(OrganisationType::GpPractice),
        };
        let request = BookingRequest {
            patient_id: PatientId::parse("1").unwrap(),
            slots: three(),
            description: "Free text description.".into(),
            comment: None,
        };
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap();
        assert_eq!(
            build_booking(&organisation, &request, now)
                .unwrap_err()
                .code(),
            "VALIDATION"
        );
    }
}
