//! Slot (GPConnect-Slot-1, §3.2), its status and delivery channel.

use serde::{Deserialize, Serialize};

use crate::fhir::datatypes::{
    CodeableConcept, Extension, Meta, Reference, find_extension, one_or_many, open_enum,
};
use crate::fhir::urls;

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
    /// The delivery channel of a slot or appointment (`Extension-GPConnect-DeliveryChannel-2`,
    /// extensible binding, §7.2).
    pub enum DeliveryChannel {
        /// Face to face at the location.
        InPerson => "In-person",
        /// By telephone.
        Telephone => "Telephone",
        /// By video.
        Video => "Video",
        /// A home visit (GP Connect 1.2.9): never bookable, amendable or cancellable through
        /// GP Connect; retrieve and read still return such appointments.
        Visit => "Visit",
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
