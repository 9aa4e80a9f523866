//! The STU3 resources GP Connect Appointment Management uses (§3, §7.1), as a typed subset.
//!
//! Each struct lists only the elements GP Connect populates or allows; anything else a
//! provider sends is ignored on input, and nothing unlisted can be written on output
//! (§3.5: `reason`, `specialty` and unknown elements are refused by providers).
//! Date-times stay as the provider's strings here; `crate::time` parses them.

mod appointment;
mod bundle;
mod capability_statement;
mod healthcare_service;
mod location;
mod operation_outcome;
mod organization;
mod parameters;
mod patient;
mod practitioner;
mod resource;
mod schedule;
mod slot;

pub use appointment::*;
pub use bundle::*;
pub use capability_statement::*;
pub use healthcare_service::*;
pub use location::*;
pub use operation_outcome::*;
pub use organization::*;
pub use parameters::*;
pub use patient::*;
pub use practitioner::*;
pub use resource::*;
pub use schedule::*;
pub use slot::*;
