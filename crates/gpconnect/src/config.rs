//! Who is calling and whom: the consumer's identity (ASID, organisation, user, device) and the
//! target practices. Plain data, set once from settings; no I/O. Serialised with
//! snake_case field names (the `gpc` TOML profile).

use serde::{Deserialize, Serialize};

use crate::ids::{Asid, OdsCode, ProviderRoot};

/// A booking organisation's type (`GPConnect-OrganisationType-1`, §7.2). There are no other
/// codes. Sent as a slot `searchFilter` and repeated in the booking organisation (§8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OrganisationType {
    /// `gp-practice`
    #[serde(rename = "gp-practice")]
    GpPractice,
    /// `urgent-care`
    #[serde(rename = "urgent-care")]
    UrgentCare,
}

impl OrganisationType {
    /// The code, `gp-practice` or `urgent-care`.
    pub fn code(self) -> &'static str {
        match self {
            Self::GpPractice => "gp-practice",
            Self::UrgentCare => "urgent-care",
        }
    }

    /// The display text, "GP Practice" or "Urgent Care".
    pub fn display(self) -> &'static str {
        match self {
            Self::GpPractice => "GP Practice",
            Self::UrgentCare => "Urgent Care",
        }
    }

    /// Parses a code; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "gp-practice" => Some(Self::GpPractice),
            "urgent-care" => Some(Self::UrgentCare),
            _ => None,
        }
    }
}

/// The organisation where the user works: the JWT `requesting_organization` (§4.2) and the
/// contained booking organisation of every booking (§3.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingOrganisation {
    /// ODS code (also sent as the ODS `searchFilter`, §8).
    pub ods_code: OdsCode,
    /// Name (required in the booking organisation: 422 if missing).
    pub name: String,
    /// Telephone (required in the booking organisation: 422 if missing).
    pub telephone: String,
    /// Type, sent as the type `searchFilter` when set (§8).
    pub org_type: Option<OrganisationType>,
}

/// The logged-on user: the JWT `requesting_practitioner` (§4.2). Must be the real person,
/// never a generic system user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserIdentity {
    /// Local user id: the JWT `sub` and `requesting_practitioner.id`.
    pub id: String,
    /// Family name.
    pub family_name: String,
    /// Given names.
    pub given_names: Vec<String>,
    /// Titles, e.g. `Dr`.
    pub prefixes: Vec<String>,
    /// Smartcard SDS user id; `UNK` is sent when absent.
    pub sds_user_id: Option<String>,
    /// SDS role profile id; `UNK` is sent when absent.
    pub sds_role_profile_id: Option<String>,
}

impl UserIdentity {
    /// "Title Given Family", e.g. "Dr Claire Jones".
    pub fn display_name(&self) -> String {
        self.prefixes
            .iter()
            .chain(&self.given_names)
            .chain(std::iter::once(&self.family_name))
            .map(|part| part.trim())
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The consumer system: the JWT `requesting_device` and `iss` (§4.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerSystem {
    /// The consumer's Spine endpoint URL, sent as `iss`.
    pub issuer: String,
    /// Consumer-defined identifier system for devices and local user ids.
    pub identifier_system: String,
    /// This installation's device identifier.
    pub device_id: String,
    /// Product name (`requesting_device.model`).
    pub product_name: String,
    /// Product version (`requesting_device.version`).
    pub product_version: String,
}

/// Everything that identifies the caller on every request (§2.2, §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsumerIdentity {
    /// The consumer's ASID, sent as `Ssp-From`.
    pub asid: Asid,
    /// The originating organisation.
    pub organisation: BookingOrganisation,
    /// The logged-on user.
    pub user: UserIdentity,
    /// The consumer system.
    pub system: ConsumerSystem,
}

/// A target practice (or hub): where its FHIR server is and whom to address (§1 steps 2-3).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Practice {
    /// ODS code.
    pub ods_code: OdsCode,
    /// Display name.
    pub name: String,
    /// FHIR service root from SDS, byte-for-byte (§2.1).
    pub provider_root: ProviderRoot,
    /// Provider ASID from SDS, sent as `Ssp-To`.
    pub asid: Asid,
}
