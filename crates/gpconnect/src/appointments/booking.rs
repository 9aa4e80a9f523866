//! Booking one slot or several adjacent ones (§3.5): the payload, and sending it once
//! through the journal, reconciling by reading when the answer is lost (§2.6).

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use super::{
    AdjacencyError, AppointmentRecord, check_comment, check_description, order_adjacent_slots,
};
use crate::client::{Client, FhirRequest, FhirResponse};
use crate::config::{BookingOrganisation, OrganisationType, Practice};
use crate::error::{Error, Result};
use crate::fhir::urls::{
    CODESYSTEM_ORGANISATION_TYPE, EXT_BOOKING_ORGANISATION, EXT_DELIVERY_CHANNEL,
    EXT_PRACTITIONER_ROLE, PROFILE_APPOINTMENT, PROFILE_ORGANIZATION, SYSTEM_ODS_ORGANISATION,
};
use crate::fhir::{
    Appointment, AppointmentParticipant, AppointmentStatus, CodeableConcept, Coding, ContactPoint,
    Extension, Identifier, Meta, Organization, Reference, Resource,
};
use crate::ids::{AppointmentId, PatientId};
use crate::interaction::Interaction;
use crate::outcome::WriteOutcome;
use crate::pending::WriteDetail;
use crate::slots::{BookableSlot, PractitionerRole};
use crate::time::format_datetime;
use crate::writes::is_duplicate;

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

impl Client {
    /// Books one slot or several adjacent ones (§3.5): checks every rule, records the booking
    /// in the journal, sends it once and reads a lost answer back on the client's schedule
    /// ([`crate::reconcile`]): never resent.
    ///
    /// A 409 `DUPLICATE_REJECTED` is checked against the patient's appointments before it is
    /// reported: when one of them is this booking (an earlier attempt whose answer was lost),
    /// the outcome is [`WriteOutcome::Confirmed`].
    ///
    /// Errors: [`Error::Validation`] before sending; 409 `DUPLICATE_REJECTED` when a slot was
    /// taken by someone else; 422 `INVALID_RESOURCE` / `REFERENCE_NOT_FOUND`; a proxy
    /// refusal; any failure before sending.
    pub async fn book_appointment(
        &self,
        practice: &Practice,
        request: &BookingRequest,
    ) -> Result<BookingOutcome> {
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
        let detail = WriteDetail::Book {
            request: request.clone(),
        };
        let sent = self
            .send_recorded(practice, fhir, detail, Some(request.patient_id.clone()))
            .await?;
        self.settle(
            sent,
            |response| self.booked_record(practice, response),
            || self.check_booking(practice, request),
            is_duplicate,
            |record| record.id.to_string(),
        )
        .await
    }

    /// The booked appointment from a 201: its body, or, from a provider that answered
    /// `return=minimal` anyway, read back from the `Location` header.
    async fn booked_record(
        &self,
        practice: &Practice,
        response: FhirResponse,
    ) -> Result<AppointmentRecord> {
        if response.body.iter().all(u8::is_ascii_whitespace)
            && let Some(id) = response
                .location
                .as_deref()
                .and_then(appointment_id_from_location)
        {
            return self.read_appointment(practice, &id).await;
        }
        AppointmentRecord::from_response(&response)
    }
}

/// What became of a booking, including when its answer was lost.
pub type BookingOutcome = WriteOutcome<AppointmentRecord>;

/// The appointment id in a `Location` header: `[base]/Appointment/{id}[/_history/{vid}]`.
pub(crate) fn appointment_id_from_location(location: &str) -> Option<AppointmentId> {
    let after = location.rsplit_once("Appointment/")?.1;
    let id = after.split('/').next()?;
    AppointmentId::parse(id).ok()
}
