//! Identifiers that GP Connect exchanges, each a newtype that can only be built valid.
//!
//! Belongs here: NHS number (Modulus 11, §7.4), ODS code, ASID, provider service root
//! (§2.1) and FHIR logical ids. Does not belong here: anything that talks to the network.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a text is not a valid identifier. The message is written for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// Nothing was entered.
    #[error("enter a value")]
    Empty,
    /// An NHS number contains something other than digits, spaces and hyphens.
    #[error("an NHS number contains only digits")]
    NhsNumberNotDigits,
    /// An NHS number does not have exactly 10 digits.
    #[error("an NHS number has 10 digits; this has {0}")]
    NhsNumberLength(usize),
    /// The 10th digit of an NHS number does not match the Modulus 11 check.
    #[error("this is not a valid NHS number: check the digits (Modulus 11 check failed)")]
    NhsNumberCheckDigit,
    /// An ODS code is not 3 to 10 letters and digits.
    #[error("an ODS code is 3 to 10 letters and digits")]
    OdsCode,
    /// An ASID is not 1 to 20 digits.
    #[error("an ASID is a number of up to 20 digits")]
    Asid,
    /// A provider service root is not an absolute `https://` URL without a trailing `/`.
    #[error("a provider service root is an https:// URL with no trailing '/' and no spaces")]
    ProviderRoot,
    /// A FHIR logical id is not 1-64 of `A-Z a-z 0-9 - .`.
    #[error("a FHIR id is 1 to 64 letters, digits, '-' or '.'")]
    LogicalId,
    /// A reference is not of the form `{ResourceType}/{id}`.
    #[error("expected a reference like {expected}/123, found {found:?}")]
    Reference {
        /// The resource type that was expected.
        expected: &'static str,
        /// The text found.
        found: String,
    },
}

/// Implements `Display`, `FromStr`, `AsRef<str>` and string serde for a validated newtype.
macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            /// The identifier as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A 10-digit NHS number that has passed the Modulus 11 check (§7.4).
///
/// Input may contain spaces (`"947 671 9931"`); they are removed. `9000000008` is refused
/// (check digit), `9476719931` is accepted.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Validates an NHS number typed by a person or received from a provider. Spaces (any
    /// Unicode whitespace) and hyphens grouping the digits (`"947-671-9931"`) are removed;
    /// the number is kept as its 10 digits. The shared cases in `tests/vectors/nhs-numbers.json`
    /// hold the UI's copy of this rule to it.
    ///
    /// Errors: [`IdError::Empty`], [`IdError::NhsNumberNotDigits`],
    /// [`IdError::NhsNumberLength`], [`IdError::NhsNumberCheckDigit`].
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.is_empty() {
            return Err(IdError::Empty);
        }
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(IdError::NhsNumberNotDigits);
        }
        let digits: Vec<u32> = compact.chars().filter_map(|c| c.to_digit(10)).collect();
        if digits.len() != 10 {
            return Err(IdError::NhsNumberLength(digits.len()));
        }
        let sum: u32 = digits
            .iter()
            .take(9)
            .zip((2..=10).rev())
            .map(|(d, w)| d * w)
            .sum();
        let check = match 11 - (sum % 11) {
            11 => 0,
            10 => return Err(IdError::NhsNumberCheckDigit),
            c => c,
        };
        if digits.get(9) != Some(&check) {
            return Err(IdError::NhsNumberCheckDigit);
        }
        Ok(Self(compact))
    }

    /// The number grouped 3 3 4 for display, e.g. `"947 671 9931"`.
    pub fn formatted(&self) -> String {
        let s = &self.0;
        format!("{} {} {}", &s[..3], &s[3..6], &s[6..])
    }
}

impl fmt::Debug for NhsNumber {
    /// Patient data stays out of logs: only the last 3 digits are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NhsNumber(*******{})", &self.0[7..])
    }
}

string_newtype!(NhsNumber);

/// An ODS organisation code (e.g. `A20047`), upper-cased, 3 to 10 ASCII letters and digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct OdsCode(String);

impl OdsCode {
    /// Validates and upper-cases an ODS code. Error: [`IdError::OdsCode`].
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(IdError::Empty);
        }
        if !(3..=10).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(IdError::OdsCode);
        }
        Ok(Self(code))
    }
}

string_newtype!(OdsCode);

/// An Accredited System ID: the consumer's (sent as `Ssp-From`) or a provider's (`Ssp-To`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Asid(String);

impl Asid {
    /// Validates an ASID: 1 to 20 ASCII digits. Error: [`IdError::Asid`].
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let asid = input.trim();
        if asid.is_empty() {
            return Err(IdError::Empty);
        }
        if asid.len() > 20 || !asid.chars().all(|c| c.is_ascii_digit()) {
            return Err(IdError::Asid);
        }
        Ok(Self(asid.to_owned()))
    }
}

string_newtype!(Asid);

/// A provider's FHIR service root URL as published in SDS (`nhsMhsEndPoint`, §2.1, §5.3),
/// e.g. `https://provider.nhs.uk/A12345/STU3/1/gpconnect`.
///
/// Kept byte-for-byte as discovered: the SSP refuses a request whose root differs from SDS
/// by a single character, so it is never normalised, re-encoded or given a port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct ProviderRoot(String);

impl ProviderRoot {
    /// Accepts an absolute `https://` (or `http://`) URL with no trailing `/` and no
    /// whitespace. The text is not otherwise changed. Error: [`IdError::ProviderRoot`].
    pub fn parse(input: &str) -> Result<Self, IdError> {
        if input.is_empty() {
            return Err(IdError::Empty);
        }
        let has_scheme = input
            .strip_prefix("https://")
            .or_else(|| input.strip_prefix("http://"))
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
        if !has_scheme
            || input.ends_with('/')
            || input.contains(|c: char| c.is_whitespace() || c == '?' || c == '#')
        {
            return Err(IdError::ProviderRoot);
        }
        Ok(Self(input.to_owned()))
    }
}

string_newtype!(ProviderRoot);

/// Declares a FHIR logical id newtype (`[A-Za-z0-9\-\.]{1,64}`) for one resource type.
macro_rules! logical_id {
    ($(#[$doc:meta])* $name:ident, $resource:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
        pub struct $name(String);

        impl $name {
            /// The FHIR resource type this id belongs to.
            pub const RESOURCE_TYPE: &'static str = $resource;

            /// Validates a logical id. Ids are local to one practice's server (§1).
            /// Error: [`IdError::LogicalId`].
            pub fn parse(input: &str) -> Result<Self, IdError> {
                if is_logical_id(input) {
                    Ok(Self(input.to_owned()))
                } else {
                    Err(IdError::LogicalId)
                }
            }

            /// Reads a local relative reference such as `Slot/123` (§2.1).
            /// Error: [`IdError::Reference`] for another type or an absolute URL.
            pub fn from_reference(reference: &str) -> Result<Self, IdError> {
                reference
                    .strip_prefix(concat!($resource, "/"))
                    .and_then(|id| Self::parse(id).ok())
                    .ok_or_else(|| IdError::Reference {
                        expected: $resource,
                        found: reference.to_owned(),
                    })
            }

            /// The local relative reference, e.g. `Slot/123`.
            pub fn reference(&self) -> String {
                format!("{}/{}", $resource, self.0)
            }
        }

        string_newtype!($name);
    };
}

/// True when `s` is a valid FHIR logical id: 1-64 of `A-Z a-z 0-9 - .`.
pub fn is_logical_id(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

logical_id!(
    /// A `Patient` logical id at one practice (from Find or Register, §3.3, §3.4).
    PatientId,
    "Patient"
);
logical_id!(
    /// A `Slot` logical id at one practice (§3.2).
    SlotId,
    "Slot"
);
logical_id!(
    /// A `Schedule` logical id at one practice (§3.2).
    ScheduleId,
    "Schedule"
);
logical_id!(
    /// An `Appointment` logical id at one practice (§3.5-§3.9).
    AppointmentId,
    "Appointment"
);
logical_id!(
    /// A `Location` logical id at one practice (§3.10).
    LocationId,
    "Location"
);
logical_id!(
    /// A `Practitioner` logical id at one practice (§3.10).
    PractitionerId,
    "Practitioner"
);
logical_id!(
    /// An `Organization` logical id at one practice (§3.10).
    OrganizationId,
    "Organization"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_number_modulus_11() {
        assert!(NhsNumber::parse("9476719931").is_ok());
        assert!(NhsNumber::parse("9000000009").is_ok());
        assert_eq!(
            NhsNumber::parse("9000000008"),
            Err(IdError::NhsNumberCheckDigit)
        );
        assert_eq!(
            NhsNumber::parse("999999999"),
            Err(IdError::NhsNumberLength(9))
        );
        assert_eq!(
            NhsNumber::parse("90000000090"),
            Err(IdError::NhsNumberLength(11))
        );
        assert_eq!(NhsNumber::parse("hello"), Err(IdError::NhsNumberNotDigits));
        assert_eq!(
            NhsNumber::parse("34555##4"),
            Err(IdError::NhsNumberNotDigits)
        );
        assert_eq!(NhsNumber::parse("  "), Err(IdError::Empty));
    }

    #[test]
    fn nhs_number_check_of_ten_is_invalid() {
        // 123456789x: sum = 1*10+2*9+...+9*2 = 210, 210 % 11 = 1, check = 10 -> invalid.
        assert_eq!(
            NhsNumber::parse("1234567890"),
            Err(IdError::NhsNumberCheckDigit)
        );
    }

    #[test]
    fn nhs_number_tolerates_spaces_and_formats_3_3_4() {
        let n = NhsNumber::parse(" 947 671 9931 ").unwrap();
        assert_eq!(n.as_str(), "9476719931");
        assert_eq!(n.formatted(), "947 671 9931");
        assert_eq!(format!("{n:?}"), "NhsNumber(*******931)");
    }

    #[test]
    fn nhs_number_deserialise_validates() {
        assert!(serde_json::from_str::<NhsNumber>("\"9000000008\"").is_err());
        let n: NhsNumber = serde_json::from_str("\"9476719931\"").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"9476719931\"");
    }

    #[test]
    fn ods_code_and_asid() {
        assert_eq!(OdsCode::parse(" a20047 ").unwrap().as_str(), "A20047");
        assert_eq!(OdsCode::parse("A2/047"), Err(IdError::OdsCode));
        assert_eq!(OdsCode::parse("AB"), Err(IdError::OdsCode));
        assert_eq!(
            Asid::parse("200000000359").unwrap().as_str(),
            "200000000359"
        );
        assert_eq!(Asid::parse("20000x"), Err(IdError::Asid));
    }

    #[test]
    fn provider_root_is_kept_byte_for_byte() {
        let raw = "https://Provider.NHS.uk/A12345/STU3/1/gpconnect";
        assert_eq!(ProviderRoot::parse(raw).unwrap().as_str(), raw);
        assert!(ProviderRoot::parse("https://p.nhs.uk/A1/STU3/1/gpconnect/").is_err());
        assert!(ProviderRoot::parse("p.nhs.uk/A1").is_err());
        assert!(ProviderRoot::parse("https:///A1").is_err());
        assert!(ProviderRoot::parse("https://p.nhs.uk/A 1").is_err());
    }

    #[test]
    fn logical_ids_and_references() {
        let slot = SlotId::from_reference("Slot/1584").unwrap();
        assert_eq!(slot.as_str(), "1584");
        assert_eq!(slot.reference(), "Slot/1584");
        assert!(SlotId::from_reference("Schedule/14").is_err());
        assert!(SlotId::from_reference("https://x/Slot/1").is_err());
        assert!(LocationId::parse("785b4ff5-aced-4bdf-b7ed-34f92131ce97").is_ok());
        assert!(PatientId::parse("1/../2").is_err());
        assert!(PatientId::parse("").is_err());
    }
}
