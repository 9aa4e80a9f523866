//! GP Connect Appointment Management 1.2.7 (FHIR STU3): a consumer client.
//!
//! Every call a booking client makes, exactly as providers and the Spine Secure Proxy
//! expect: the typed STU3 subset ([`fhir`]), validated identifiers ([`ids`]), the
//! interaction table ([`interaction`]), the audit JWT ([`jwt`]), UK time ([`time`]), the
//! transport with mutual TLS ([`Client`]) and one error type ([`Error`]).
//!
//! Interactions are methods on [`Client`]:
//!
//! | § | Interaction | Method |
//! |---|---|---|
//! | 3.1 | Capability statement | [`Client::capability_statement`] |
//! | 3.2 | Search for free slots | [`Client::search_free_slots`], [`Client::search_federation`] |
//! | 3.3 | Find a patient | [`Client::find_patient`], [`Client::find_single_patient`] |
//! | 3.4 | Register a patient | [`Client::register_patient`] |
//! | 3.5 | Book | [`Client::book_appointment`] |
//! | 3.6 | Retrieve a patient's appointments | [`Client::retrieve_appointments`], across practices [`Client::federated_appointments`] |
//! | 3.7 | Read an appointment | [`Client::read_appointment`] |
//! | 3.8 | Amend | [`Client::amend_appointment`] |
//! | 3.9 | Cancel | [`Client::cancel_appointment`] |
//! | 5.3 | Discover a practice (SDS) | [`sds::SdsClient::discover`], [`sds::resolve_practices`] |
//! | 3.10 | Read patient, location, practitioner, organisation | [`Client::read_patient`], [`Client::read_location`], [`Client::read_practitioner`], [`Client::read_organization`] |
//!
//! Writes are made safe by [`outcome`] (what a failed write means), [`pending`] (recorded
//! before sending) and [`reconcile`] (a lost answer read back, never resent); every request
//! is reported to an [`exchange::ExchangeObserver`] with its `Ssp-TraceID`.
//!
//! This crate never depends on Tauri: the desktop app and the `gpc` command line are thin
//! layers over it.

mod advice;
pub mod agenda;
pub mod appointments;
pub mod client;
pub mod config;
pub mod directory;
pub mod environment;
pub mod error;
pub mod exchange;
pub mod federation;
pub mod fhir;
pub mod ids;
pub mod interaction;
pub mod jwt;
pub mod manage;
pub mod outcome;
pub mod patients;
pub mod pending;
pub mod profile;
mod reads;
pub mod reconcile;
mod response;
pub mod sds;
pub mod secret;
pub mod slots;
pub mod throttle;
pub mod time;
mod transport;
mod writes;

pub use client::{Client, ClientBuilder, RetryPolicy, Timeouts, TlsIdentity, TraceIdSource};
pub use config::{
    BookingOrganisation, ConsumerIdentity, ConsumerSystem, OrganisationType, Practice, UserIdentity,
};
pub use error::{
    Error, FieldError, ProviderError, ProxyError, ProxyErrorKind, Result, SpineCode, TimeoutStage,
    TlsFailure,
};
pub use ids::{Asid, NhsNumber, OdsCode, PatientId, ProviderRoot};
pub use interaction::{Interaction, RequestedScope};
