//! Tracing a patient on the Personal Demographics Service (PDS FHIR R4) as a signed-in
//! healthcare worker: the verified NHS number, the registered GP practice, the restricted
//! (sensitive) flag and the date of death, by NHS number or by demographics for a caller
//! who does not know it. GP Connect consumers SHALL trace the patient before Find patient,
//! Register, Book, Retrieve, Amend and Cancel (`gpconnect-1.2.7.md` §5.4).
//!
//! | Module | What |
//! |---|---|
//! | [`client`] | [`PdsClient`]: retrieval and search, headers, repeats of reads |
//! | [`token`] | the token exchange of the CIS2 ID token (RS512 client assertion) |
//! | [`search`] | [`SearchQuery`] and PDS's rules for it |
//! | [`patient`] | [`PdsPatient`] and [`Trace`]: what a record means (restricted, deceased, superseded, registered practice) |
//! | [`fhir`] | the R4 subset as sent, tolerant in |
//! | [`error`] | [`Error`] with one [`PdsCode`] per PDS code |
//!
//! No Tauri: the desktop app and `gpc patient trace` are thin layers over it. Identifiers
//! (`NhsNumber`, `OdsCode`), time and secrets come from the `gpconnect` crate; the client
//! assertion is signed by the `cis2` crate. Source: `nhs-identity-pds.md` §2-§3 and §5.

pub mod client;
pub mod error;
pub mod fhir;
pub mod patient;
pub mod search;
pub mod token;

pub use client::{PdsClient, PdsSettings, PdsUser, RandomRequestIds, RequestIds};
pub use error::{Error, PdsCode, PdsRefusal, Result};
pub use patient::{Block, Contact, Deceased, HomeAddress, PdsPatient, Trace, Verification};
pub use search::{BirthDate, SearchQuery};
pub use token::{AccessToken, ApplicationKey};
