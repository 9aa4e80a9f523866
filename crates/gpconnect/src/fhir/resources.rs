//! The STU3 resources GP Connect Appointment Management uses (§3, §7.1), as a typed subset.
//!
//! Each struct lists only the elements GP Connect populates or allows; anything else a
//! provider sends is ignored on input, and nothing unlisted can be written on output
//! (§3.5: `reason`, `specialty` and unknown elements are refused by providers).
//! Date-times stay as the provider's strings here; `crate::time` parses them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::datatypes::{
    Address, CodeableConcept, ContactPoint, Extension, HumanName, Identifier, Meta, Period,
    Reference, find_extension, one_or_many, open_enum,
};
use super::urls;
use crate::error::DecodeError;

open_enum! {
    /// `Slot.status` (STU3 slotstatus). Searches return only `free` (§3.2).
    pub enum SlotStatus {
        /// Bookable.
        Free => "free",
        /// Taken.
        Busy => "busy",
        /// Not available.
        BusyUnavailable => "busy-unavailable",
        /// Tentatively taken.
        BusyTentative => "busy-tentative",
        /// Entered in error.
        EnteredInError => "entered-in-error",
    }
}

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

open_enum! {
    /// The delivery channel of a slot or appointment (`Extension-GPConnect-DeliveryChannel-2`,
    /// extensible binding, §7.2).
    pub enum DeliveryChannel {
        /// Face to face at the location.
        InPerson => "In-person",
        /// By telephone.
        Telephone => "Telephone",
        /// By video.
        Video => "Video",
    }
}

/// A GP Connect Slot (GPConnect-Slot-1, §3.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    /// Logical id at the practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Extensions; the delivery channel lives here.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub extension: Vec<Extension>,
    /// `serviceType[0].text` is the practice-defined slot type.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub service_type: Vec<CodeableConcept>,
    /// `Schedule/{id}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Reference>,
    /// `free` in search results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<SlotStatus>,
    /// Start, UK local time with offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End, UK local time with offset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

impl Slot {
    /// The delivery channel extension's code, if present.
    pub fn delivery_channel(&self) -> Option<DeliveryChannel> {
        find_extension(&self.extension, urls::EXT_DELIVERY_CHANNEL)
            .and_then(|e| e.value_code.as_deref())
            .map(DeliveryChannel::from_code)
    }

    /// The slot type, `serviceType[0].text` (mandatory since 1.2.7).
    pub fn slot_type(&self) -> Option<&str> {
        self.service_type.first().and_then(CodeableConcept::label)
    }
}

/// A GP Connect Schedule (GPConnect-Schedule-1, §3.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    /// Logical id at the practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Extensions; the practitioner role lives here.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub extension: Vec<Extension>,
    /// `serviceCategory.text` is the schedule type (session name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_category: Option<CodeableConcept>,
    /// Always a `Location/…`, optionally a `Practitioner/…`.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub actor: Vec<Reference>,
    /// The period the schedule covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planning_horizon: Option<Period>,
}

impl Schedule {
    /// The practitioner role extension's value, if present.
    pub fn practitioner_role(&self) -> Option<&CodeableConcept> {
        find_extension(&self.extension, urls::EXT_PRACTITIONER_ROLE)
            .and_then(|e| e.value_codeable_concept.as_ref())
    }

    /// The id of the first actor of `resource_type` (`Location` or `Practitioner`).
    pub fn actor_id(&self, resource_type: &str) -> Option<&str> {
        self.actor
            .iter()
            .filter_map(Reference::type_and_id)
            .find(|(kind, _)| *kind == resource_type)
            .map(|(_, id)| id)
    }
}

/// A practitioner (CareConnect-GPC-Practitioner-1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Practitioner {
    /// Logical id at the practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// SDS user id and others.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub identifier: Vec<Identifier>,
    /// Names; the first is displayed.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub name: Vec<HumanName>,
    /// `male`, `female`, `other`, `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
}

/// A location: the surgery where the appointment takes place (CareConnect-GPC-Location-1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Logical id at the practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Name of the surgery (may be a branch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Address (STU3 has one; the examples vary, so a list is accepted).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub address: Vec<Address>,
    /// Phone numbers.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub telecom: Vec<ContactPoint>,
    /// The organisation running the location (mandatory in the profile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managing_organization: Option<Reference>,
}

/// An organisation (CareConnect-GPC-Organization-1), also the contained booking organisation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// Logical id; `1` for the contained booking organisation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// ODS code.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub identifier: Vec<Identifier>,
    /// Organisation type (`gp-practice` | `urgent-care`) on a booking organisation.
    #[serde(
        rename = "type",
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub type_: Vec<CodeableConcept>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Phone numbers.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub telecom: Vec<ContactPoint>,
    /// Addresses.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub address: Vec<Address>,
}

impl Organization {
    /// The ODS code identifier's value.
    pub fn ods_code(&self) -> Option<&str> {
        super::datatypes::identifier_value(&self.identifier, urls::SYSTEM_ODS_ORGANISATION)
    }

    /// The organisation type code, if any.
    pub fn organisation_type(&self) -> Option<&str> {
        self.type_
            .iter()
            .find_map(|t| t.code_in(urls::CODESYSTEM_ORGANISATION_TYPE))
    }

    /// The first phone number.
    pub fn phone(&self) -> Option<&str> {
        self.telecom
            .iter()
            .find(|t| t.system.as_deref() == Some("phone"))
            .and_then(|t| t.value.as_deref())
    }
}

/// A patient (CareConnect-GPC-Patient-1, §3.3, §3.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    /// Logical id at the practice.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version and profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// Registration details, NHS communication.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub extension: Vec<Extension>,
    /// NHS number (with verification status extension).
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub identifier: Vec<Identifier>,
    /// Whether the record is active (never sent on register).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Names; one has `use: official`.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub name: Vec<HumanName>,
    /// Phone numbers and email.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub telecom: Vec<ContactPoint>,
    /// `male`, `female`, `other`, `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// `yyyy-mm-dd`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Home and temporary addresses.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub address: Vec<Address>,
    /// The organisation addressed by the URL (not necessarily the registered practice).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub managing_organization: Option<Reference>,
}

impl Patient {
    /// The NHS number identifier's value.
    pub fn nhs_number(&self) -> Option<&str> {
        super::datatypes::identifier_value(&self.identifier, urls::SYSTEM_NHS_NUMBER)
    }

    /// The `official` name, else the first name.
    pub fn official_name(&self) -> Option<&HumanName> {
        self.name
            .iter()
            .find(|n| n.use_.as_deref() == Some("official"))
            .or_else(|| self.name.first())
    }

    /// A sub-extension of the registration details extension (`registrationType`,
    /// `registrationPeriod`, `preferredBranchSurgery`).
    pub fn registration_detail(&self, sub: &str) -> Option<&Extension> {
        find_extension(&self.extension, urls::EXT_REGISTRATION_DETAILS)
            .and_then(|details| find_extension(&details.extension, sub))
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

/// One parameter of a `Parameters` resource.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// Parameter name, e.g. `registerPatient`.
    pub name: String,
    /// The resource value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
}

/// Operation parameters (the `$gpc.registerpatient` body, §3.4).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Parameters {
    /// Operation profile (not sent by this client; the spec example omits it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The parameters.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub parameter: Vec<Parameter>,
}

/// One issue of an OperationOutcome (§6.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationOutcomeIssue {
    /// `error`, `fatal`, `warning`, `information`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// FHIR issue type, e.g. `invalid`, `duplicate`; for SSP errors sometimes the HTTP status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Exactly one Spine code in `coding` (system varies: match on code only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<CodeableConcept>,
    /// Free-text detail; providers MUST give it for 422 and 500.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<String>,
}

/// An OperationOutcome: the body of every provider error (§6.1) and SSP error (§6.3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OperationOutcome {
    /// Profile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// The issues; the first carries the error.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub issue: Vec<OperationOutcomeIssue>,
}

/// `CapabilityStatement.software`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapabilitySoftware {
    /// Provider system name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Provider system version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// `CapabilityStatement.rest.resource.interaction` / `.operation` entries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapabilityCode {
    /// Interaction code (`read`, `search-type`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A search parameter a server supports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapabilitySearchParam {
    /// Parameter name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Parameter type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
}

/// What a server supports for one resource type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapabilityResource {
    /// Resource type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Interactions.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub interaction: Vec<CapabilityCode>,
    /// Search parameters.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub search_param: Vec<CapabilitySearchParam>,
    /// Supported `_include` values.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub search_include: Vec<String>,
}

/// A named operation a server supports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapabilityOperation {
    /// Operation name, e.g. `gpc.registerpatient`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The OperationDefinition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<Reference>,
}

/// One `rest` entry of a CapabilityStatement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CapabilityRest {
    /// `server`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Resources.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub resource: Vec<CapabilityResource>,
    /// Operations.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub operation: Vec<CapabilityOperation>,
}

/// The parts of a CapabilityStatement the client reads (§3.1).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapabilityStatement {
    /// The GP Connect version, `1.2.7`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Publisher (provider supplier).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// `3.0.1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fhir_version: Option<String>,
    /// Provider software.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software: Option<CapabilitySoftware>,
    /// Supported formats.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub format: Vec<String>,
    /// REST capabilities.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub rest: Vec<CapabilityRest>,
}

impl CapabilityStatement {
    /// True when the server lists the operation `name` (e.g. `gpc.registerpatient`).
    pub fn supports_operation(&self, name: &str) -> bool {
        self.rest
            .iter()
            .flat_map(|r| r.operation.iter())
            .any(|op| op.name.as_deref() == Some(name))
    }

    /// The capabilities listed for `resource_type`.
    pub fn resource(&self, resource_type: &str) -> Option<&CapabilityResource> {
        self.rest
            .iter()
            .flat_map(|r| r.resource.iter())
            .find(|r| r.type_.as_deref() == Some(resource_type))
    }
}

/// One Bundle entry. The resource is kept as JSON so that a bad entry can be reported with
/// its exact path (`entry[3].resource.start`) and the other entries still read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleEntry {
    /// Providers SHOULD NOT fill it and consumers MUST NOT use it (§2.1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_url: Option<String>,
    /// The resource, as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Value>,
}

/// A `searchset` Bundle (§3.2, §3.3, §3.4, §3.6). No paging in GP Connect.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    /// Profile (register-patient responses).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// `searchset`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// Entries; absent when nothing matched.
    #[serde(
        default,
        deserialize_with = "one_or_many",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub entry: Vec<BundleEntry>,
}

impl Bundle {
    /// Parses every entry's resource. Errors name the entry and the element
    /// (`entry[2].resource.start`).
    pub fn resources(&self) -> Result<Vec<Resource>, DecodeError> {
        self.entry
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.resource.as_ref().map(|r| (i, r)))
            .map(|(i, r)| Resource::from_json(r, &format!("entry[{i}].resource")))
            .collect()
    }
}

/// Any resource this client reads or writes, tagged by `resourceType` on the wire.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "resourceType")]
#[non_exhaustive]
pub enum Resource {
    /// Slot.
    Slot(Slot),
    /// Schedule.
    Schedule(Schedule),
    /// Practitioner.
    Practitioner(Practitioner),
    /// Location.
    Location(Location),
    /// Organization.
    Organization(Organization),
    /// Patient.
    Patient(Patient),
    /// Appointment.
    Appointment(Appointment),
    /// Parameters.
    Parameters(Parameters),
    /// OperationOutcome.
    OperationOutcome(OperationOutcome),
    /// CapabilityStatement.
    CapabilityStatement(CapabilityStatement),
    /// Bundle.
    Bundle(Bundle),
    /// A resource type this client does not use; ignored (§11.5).
    #[serde(skip)]
    Other(String),
}

impl Resource {
    /// The `resourceType`.
    pub fn resource_type(&self) -> &str {
        match self {
            Self::Slot(_) => "Slot",
            Self::Schedule(_) => "Schedule",
            Self::Practitioner(_) => "Practitioner",
            Self::Location(_) => "Location",
            Self::Organization(_) => "Organization",
            Self::Patient(_) => "Patient",
            Self::Appointment(_) => "Appointment",
            Self::Parameters(_) => "Parameters",
            Self::OperationOutcome(_) => "OperationOutcome",
            Self::CapabilityStatement(_) => "CapabilityStatement",
            Self::Bundle(_) => "Bundle",
            Self::Other(kind) => kind,
        }
    }

    /// Parses one resource from JSON by its `resourceType`, moving the JSON into it (a large
    /// Bundle's entries are not copied). `path` prefixes the error path.
    ///
    /// Errors: [`DecodeError`] naming the failing element, e.g. `entry[0].resource.start`.
    pub fn from_value(value: Value, path: &str) -> Result<Self, DecodeError> {
        let kind = resource_type(&value, path)?.to_owned();
        Self::typed_as(&kind, value, path)
    }

    /// Parses one resource from borrowed JSON by its `resourceType`, without copying it.
    /// `path` prefixes the error path.
    ///
    /// Errors: [`DecodeError`] naming the failing element, e.g. `entry[0].resource.start`.
    pub fn from_json(value: &Value, path: &str) -> Result<Self, DecodeError> {
        Self::typed_as(resource_type(value, path)?, value, path)
    }

    /// Deserialises `value` (owned or borrowed JSON) as the resource type `kind`.
    fn typed_as<'de, D>(kind: &str, value: D, path: &str) -> Result<Self, DecodeError>
    where
        D: serde::Deserializer<'de, Error = serde_json::Error>,
    {
        Ok(match kind {
            "Slot" => Self::Slot(typed(value, path)?),
            "Schedule" => Self::Schedule(typed(value, path)?),
            "Practitioner" => Self::Practitioner(typed(value, path)?),
            "Location" => Self::Location(typed(value, path)?),
            "Organization" => Self::Organization(typed(value, path)?),
            "Patient" => Self::Patient(typed(value, path)?),
            "Appointment" => Self::Appointment(typed(value, path)?),
            "Parameters" => Self::Parameters(typed(value, path)?),
            "OperationOutcome" => Self::OperationOutcome(typed(value, path)?),
            "CapabilityStatement" => Self::CapabilityStatement(typed(value, path)?),
            "Bundle" => Self::Bundle(typed(value, path)?),
            other => Self::Other(other.to_owned()),
        })
    }

    /// Parses one resource from JSON bytes. Errors name the failing element.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, DecodeError> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| DecodeError::new("", format!("not valid JSON: {e}")))?;
        Self::from_value(value, "")
    }
}

impl<'de> Deserialize<'de> for Resource {
    /// Reads `resourceType` and then the resource's own fields in one pass when
    /// `resourceType` comes first (as FHIR JSON writes it); otherwise buffers the object.
    /// Nested errors keep their path (`entry[2].resource.start`).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ResourceVisitor)
    }
}

struct ResourceVisitor;

impl<'de> serde::de::Visitor<'de> for ResourceVisitor {
    type Value = Resource;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a FHIR resource (a JSON object with resourceType)")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Resource, A::Error> {
        use serde::de::value::MapAccessDeserializer;
        let first: Option<String> = map.next_key()?;
        if first.as_deref() != Some("resourceType") {
            let mut object = serde_json::Map::new();
            if let Some(key) = first {
                let value: Value = map.next_value()?;
                object.insert(key, value);
            }
            while let Some((key, value)) = map.next_entry::<String, Value>()? {
                object.insert(key, value);
            }
            return Resource::from_value(Value::Object(object), "")
                .map_err(serde::de::Error::custom);
        }
        let kind: String = map.next_value()?;
        let rest = MapAccessDeserializer::new(map);
        Ok(match kind.as_str() {
            "Slot" => Resource::Slot(Slot::deserialize(rest)?),
            "Schedule" => Resource::Schedule(Schedule::deserialize(rest)?),
            "Practitioner" => Resource::Practitioner(Practitioner::deserialize(rest)?),
            "Location" => Resource::Location(Location::deserialize(rest)?),
            "Organization" => Resource::Organization(Organization::deserialize(rest)?),
            "Patient" => Resource::Patient(Patient::deserialize(rest)?),
            "Appointment" => Resource::Appointment(Appointment::deserialize(rest)?),
            "Parameters" => Resource::Parameters(Parameters::deserialize(rest)?),
            "OperationOutcome" => Resource::OperationOutcome(OperationOutcome::deserialize(rest)?),
            "CapabilityStatement" => {
                Resource::CapabilityStatement(CapabilityStatement::deserialize(rest)?)
            }
            "Bundle" => Resource::Bundle(Bundle::deserialize(rest)?),
            _ => {
                serde::de::IgnoredAny::deserialize(rest)?;
                Resource::Other(kind)
            }
        })
    }
}

/// A searchset Bundle read straight into typed resources, in one pass over the bytes.
#[derive(Deserialize)]
struct TypedBundle {
    #[serde(rename = "resourceType")]
    resource_type: String,
    #[serde(default, deserialize_with = "one_or_many")]
    entry: Vec<TypedEntry>,
}

#[derive(Deserialize)]
struct TypedEntry {
    #[serde(default)]
    resource: Option<Resource>,
}

impl Bundle {
    /// Reads a Bundle's resources straight from JSON bytes, without an intermediate JSON
    /// tree: the fast path for large slot searches.
    ///
    /// Errors: [`DecodeError`] naming the failing element (`entry[2].resource.start`), or
    /// the document when it is not a Bundle.
    pub fn resources_from_slice(bytes: &[u8]) -> Result<Vec<Resource>, DecodeError> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let bundle: TypedBundle =
            serde_path_to_error::deserialize(&mut deserializer).map_err(|e| path_error("", e))?;
        if bundle.resource_type != "Bundle" {
            return Err(DecodeError::new(
                "resourceType",
                format!("expected Bundle, found {}", bundle.resource_type),
            ));
        }
        Ok(bundle
            .entry
            .into_iter()
            .filter_map(|e| e.resource)
            .collect())
    }
}

/// The `resourceType` of a JSON resource.
fn resource_type<'v>(value: &'v Value, path: &str) -> Result<&'v str, DecodeError> {
    match value.get("resourceType") {
        Some(Value::String(kind)) => Ok(kind),
        Some(_) => Err(DecodeError::new(
            &join_path(path, "resourceType"),
            "resourceType is not a string",
        )),
        None => Err(DecodeError::new(
            &join_path(path, "resourceType"),
            "missing resourceType",
        )),
    }
}

/// Deserialises `T` from owned or borrowed JSON; errors carry `path` plus the inner element
/// path.
fn typed<'de, T, D>(value: D, path: &str) -> Result<T, DecodeError>
where
    T: serde::de::DeserializeOwned,
    D: serde::Deserializer<'de, Error = serde_json::Error>,
{
    serde_path_to_error::deserialize(value).map_err(|e| path_error(path, e))
}

/// A `serde_path_to_error` failure as a [`DecodeError`] at `prefix` plus the inner path.
fn path_error(prefix: &str, e: serde_path_to_error::Error<serde_json::Error>) -> DecodeError {
    let inner = e.path().to_string();
    let full = if inner == "." {
        prefix.to_owned()
    } else {
        join_path(prefix, &inner)
    };
    DecodeError::new(&full, e.into_inner().to_string())
}

fn join_path(prefix: &str, inner: &str) -> String {
    match (prefix.is_empty(), inner.starts_with('[')) {
        (true, _) => inner.to_owned(),
        (false, true) => format!("{prefix}{inner}"),
        (false, false) => format!("{prefix}.{inner}"),
    }
}

/// Implemented by each resource struct: its `resourceType` and how to take it out of
/// a [`Resource`].
pub trait TypedResource: Sized {
    /// The `resourceType` on the wire.
    const RESOURCE_TYPE: &'static str;
    /// The struct inside `resource` when it is of this type.
    fn from_resource(resource: Resource) -> Option<Self>;
    /// Wraps the struct in a [`Resource`] (for serialising with `resourceType`).
    fn into_resource(self) -> Resource;
}

macro_rules! typed_resource {
    ($($name:ident),+) => {$(
        impl TypedResource for $name {
            const RESOURCE_TYPE: &'static str = stringify!($name);
            fn from_resource(resource: Resource) -> Option<Self> {
                match resource {
                    Resource::$name(inner) => Some(inner),
                    _ => None,
                }
            }
            fn into_resource(self) -> Resource {
                Resource::$name(self)
            }
        }
    )+};
}

typed_resource!(
    Slot,
    Schedule,
    Practitioner,
    Location,
    Organization,
    Patient,
    Appointment,
    Parameters,
    OperationOutcome,
    CapabilityStatement,
    Bundle
);
