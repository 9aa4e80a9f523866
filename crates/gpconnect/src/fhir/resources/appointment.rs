//! Appointment (GPConnect-Appointment-1, §3.5-§3.9), its status and participants.

use serde::{Deserialize, Serialize};

use super::{DeliveryChannel, Organization, Resource};
use crate::fhir::datatypes::{
    CodeableConcept, Extension, Meta, Reference, find_extension, one_or_many, open_enum,
};
use crate::fhir::urls;

open_enum! {
    /// `Appointment.status`. Providers may return any STU3 value (§3.6, §12).
    pub enum AppointmentStatus {
        /// Proposed.
        Proposed => "proposed",
        /// Pending.
        Pending => "pending",
        /// Booked: the only status a consumer sends on book and amend (§3.5, §3.8).
        Booked => "booked",
        /// The patient has arrived.
        Arrived => "arrived",
        /// The appointment took place.
        Fulfilled => "fulfilled",
        /// Cancelled (§3.9).
        Cancelled => "cancelled",
        /// The patient did not attend.
        Noshow => "noshow",
        /// Entered in error.
        EnteredInError => "entered-in-error",
    }
}

/// An appointment participant.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AppointmentParticipant {
    /// `Patient/…`, `Location/…` or `Practitioner/…`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<Reference>,
    /// `accepted` (1..1 in STU3; the suite fails when missing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// A GP Connect Appointment (GPConnect-Appointment-1, §3.5-§3.9).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Appointment {
    /// Logical id (absent on book).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The contained booking organisation (`id` `1`).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub contained: Vec<Resource>,
    /// Booking organisation, delivery channel, practitioner role, cancellation reason.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub extension: Vec<Extension>,
    /// `booked`, `cancelled`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<AppointmentStatus>,
    /// Schedule type, filled in by the provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_category: Option<CodeableConcept>,
    /// Slot type, filled in by the provider.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub service_type: Vec<CodeableConcept>,
    /// Short free text, at most 100 characters (§3.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Start, UK local time with offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End, UK local time with offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// `Slot/{id}` for each booked slot.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub slot: Vec<Reference>,
    /// When the booking was made, UK local time with offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// Patient-specific notes, at most 500 characters (§3.5).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Patient, Location and (optionally) Practitioner.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub participant: Vec<AppointmentParticipant>,
}

impl Appointment {
    /// The id of the first participant of `resource_type`.
    pub fn participant_id(&self, resource_type: &str) -> Option<&str> {
        self.participant
            .iter()
            .filter_map(|p| p.actor.as_ref())
            .filter_map(Reference::type_and_id)
            .find(|(kind, _)| *kind == resource_type)
            .map(|(_, id)| id)
    }

    /// The contained organisation the booking-organisation extension points to.
    pub fn booking_organisation(&self) -> Option<&Organization> {
        let reference = find_extension(&self.extension, urls::EXT_BOOKING_ORGANISATION)?
            .value_reference
            .as_ref()?
            .reference
            .as_deref()?;
        let id = reference.strip_prefix('#')?;
        self.contained.iter().find_map(|r| match r {
            Resource::Organization(org) if org.id.as_deref() == Some(id) => Some(org),
            _ => None,
        })
    }

    /// The delivery channel extension's code.
    pub fn delivery_channel(&self) -> Option<DeliveryChannel> {
        find_extension(&self.extension, urls::EXT_DELIVERY_CHANNEL)
            .and_then(|e| e.value_code.as_deref())
            .map(DeliveryChannel::from_code)
    }

    /// The practitioner role extension's value.
    pub fn practitioner_role(&self) -> Option<&CodeableConcept> {
        find_extension(&self.extension, urls::EXT_PRACTITIONER_ROLE)
            .and_then(|e| e.value_codeable_concept.as_ref())
    }

    /// The cancellation reason, on a cancelled appointment.
    pub fn cancellation_reason(&self) -> Option<&str> {
        find_extension(&self.extension, urls::EXT_CANCELLATION_REASON)
            .and_then(|e| e.value_string.as_deref())
    }
}
