//! A typed FHIR STU3 subset for GP Connect Appointment Management 1.2.7.
//!
//! Why not a general STU3 crate: `fhir-model` 0.13 (fhir-sdk) refuses 3 of the 19
//! specification examples (the slot search and location examples carry `address`/`telecom`
//! as single objects, and its CapabilityStatement rejects the example), and takes minutes to
//! compile. GP Connect uses a small, profiled part of STU3, so this module writes exactly
//! that part: tolerant on input (§11.5), exact on output (§3.5).
//!
//! Belongs here: data shapes and their accessors. Does not belong here: HTTP, validation of
//! business rules (see `crate::appointments`), time parsing (see `crate::time`).

pub mod datatypes;
pub mod resources;
pub mod urls;

pub use datatypes::{
    Address, CodeableConcept, Coding, ContactPoint, Extension, HumanName, Identifier, Meta, Period,
    Reference, find_extension, identifier_value,
};
pub use resources::{
    Appointment, AppointmentParticipant, AppointmentStatus, Bundle, BundleEntry,
    CapabilityStatement, DeliveryChannel, HealthcareService, Location, OperationOutcome,
    OperationOutcomeIssue, Organization, Parameter, Parameters, Patient, Practitioner, Resource,
    Schedule, Slot, SlotStatus, TypedResource,
};
