//! Who a simulated practice is to the outside world: ODS code, name, FHIR service root and
//! ASID, as SDS publishes them (§5.3) and the proxy routes by them (§2.1).
//!
//! Belongs here: the practice's identity only. What it holds (slots, patients, …) is in
//! [`crate::model`].

use serde::{Deserialize, Serialize};

/// A simulated practice (or hub). Serialised with snake_case names, as
/// `GET /admin/practices` and the `gpc` profile show it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Practice {
    /// ODS code, e.g. `A20047`.
    pub ods_code: String,
    /// Display name.
    pub name: String,
    /// FHIR service root, `https://{host}/{ODS}/STU3/1/gpconnect`, no trailing `/` (§2.1).
    pub provider_root: String,
    /// Provider ASID, 12 digits: the `Ssp-To` the proxy expects.
    pub asid: String,
}
