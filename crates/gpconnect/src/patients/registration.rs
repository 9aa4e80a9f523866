//! Temporary registration (§3.4): the details sent, every rule checked before sending, and
//! the `Parameters` body.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Gender;
use crate::fhir::urls::{PROFILE_PATIENT, SYSTEM_NHS_NUMBER};
use crate::fhir::{
    Address, ContactPoint, HumanName, Identifier, Meta, Parameter, Parameters, Patient, Resource,
};
use crate::ids::NhsNumber;
use crate::time::format_date;

/// A UK postal address typed by the user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PostalAddress {
    /// Street lines (1 to 5).
    pub lines: Vec<String>,
    /// Town or city.
    pub city: Option<String>,
    /// District or county.
    pub district: Option<String>,
    /// Postcode, e.g. `LS18 1AE`.
    pub postcode: String,
}

/// The details sent to register a patient temporarily (§3.4). Everything not here MUST NOT
/// be sent; what is left out of the SHOULD list is filled in by the provider from PDS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemporaryRegistration {
    /// NHS number (SHALL).
    pub nhs_number: NhsNumber,
    /// Official family name (SHALL).
    pub family_name: String,
    /// Official given names (SHALL, at least one).
    pub given_names: Vec<String>,
    /// Title, e.g. `Miss`.
    pub prefix: Option<String>,
    /// Date of birth (SHALL).
    pub birth_date: NaiveDate,
    /// Gender (SHOULD).
    pub gender: Option<Gender>,
    /// Home address (SHOULD, at most one).
    pub home_address: Option<PostalAddress>,
    /// Temporary address (MAY, at most one).
    pub temporary_address: Option<PostalAddress>,
    /// Home phone.
    pub home_phone: Option<String>,
    /// Mobile phone.
    pub mobile_phone: Option<String>,
    /// Work phone.
    pub work_phone: Option<String>,
    /// Temporary phone (MAY).
    pub temporary_phone: Option<String>,
    /// Email address (SHOULD, at most one).
    pub email: Option<String>,
    /// The patient's language and whether an interpreter is needed (SHOULD, at most one).
    #[serde(default)]
    pub communication: Option<super::NhsCommunication>,
}

pub use crate::error::FieldError;

/// Longest name part accepted (PDS holds up to 35 characters).
pub const NAME_MAX_CHARS: usize = 35;
/// Longest email address accepted, in UTF-8 bytes (RFC 5321 counts octets).
pub const EMAIL_MAX_BYTES: usize = 254;

/// Longest address line accepted.
pub const ADDRESS_LINE_MAX_CHARS: usize = 35;

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// True for a UK postcode shape: `A9 9AA`, `A99 9AA`, `A9A 9AA`, `AA9 9AA`, `AA99 9AA`,
/// `AA9A 9AA` (space optional, any case).
pub fn is_uk_postcode(text: &str) -> bool {
    let compact: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if !(5..=7).contains(&compact.len()) {
        return false;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = inward[0].is_ascii_digit()
        && inward[1].is_ascii_alphabetic()
        && inward[2].is_ascii_alphabetic();
    let outward_ok = match outward {
        [a, d] => a.is_ascii_alphabetic() && d.is_ascii_digit(),
        [a, b, c] => {
            a.is_ascii_alphabetic()
                && ((b.is_ascii_digit() && c.is_ascii_alphanumeric())
                    || (b.is_ascii_alphabetic() && c.is_ascii_digit()))
        }
        [a, b, c, d] => {
            a.is_ascii_alphabetic()
                && b.is_ascii_alphabetic()
                && c.is_ascii_digit()
                && d.is_ascii_alphanumeric()
        }
        _ => false,
    };
    inward_ok && outward_ok
}

/// True for a phone number: digits with optional spaces and a leading `+`, 7 to 15 digits.
pub fn is_phone_number(text: &str) -> bool {
    let text = text.trim();
    let body = text.strip_prefix('+').unwrap_or(text);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    body.chars().all(|c| c.is_ascii_digit() || c == ' ') && (7..=15).contains(&digits)
}

/// True for a plausible email address: one `@`, a dotted domain, no spaces, at most 254.
pub fn is_email(text: &str) -> bool {
    let text = text.trim();
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    text.len() <= EMAIL_MAX_BYTES
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.contains(char::is_whitespace)
}

impl TemporaryRegistration {
    /// Checks every field against §3.4 and the limits above. `today` is the UK date.
    /// Returns all problems at once, empty when valid.
    pub fn validate(&self, today: NaiveDate) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldError {
                field: field.to_owned(),
                message: message.to_owned(),
            });
        };
        let name_checks = [("familyName", self.family_name.as_str())];
        for (field, value) in name_checks {
            if value.trim().is_empty() {
                fail(field, "Enter the family name");
            } else if char_len(value.trim()) > NAME_MAX_CHARS {
                fail(field, "Family name must be 35 characters or fewer");
            }
        }
        let given: Vec<&str> = self
            .given_names
            .iter()
            .map(|g| g.trim())
            .filter(|g| !g.is_empty())
            .collect();
        if given.is_empty() {
            fail("givenNames", "Enter the given name");
        } else if given.iter().any(|g| char_len(g) > NAME_MAX_CHARS) {
            fail(
                "givenNames",
                "Each given name must be 35 characters or fewer",
            );
        }
        if self
            .prefix
            .as_deref()
            .is_some_and(|p| char_len(p.trim()) > NAME_MAX_CHARS)
        {
            fail("prefix", "Title must be 35 characters or fewer");
        }
        if self.birth_date > today {
            fail("birthDate", "Date of birth must be today or in the past");
        } else if today.years_since(self.birth_date).is_some_and(|y| y > 130) {
            fail(
                "birthDate",
                "Date of birth must be within the last 130 years",
            );
        }
        for (field, address) in [
            ("homeAddress", &self.home_address),
            ("temporaryAddress", &self.temporary_address),
        ] {
            let Some(address) = address else { continue };
            let lines: Vec<&str> = address
                .lines
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect();
            if lines.is_empty() {
                fail(
                    &format!("{field}.lines"),
                    "Enter the first line of the address",
                );
            } else if lines.len() > 5 {
                fail(&format!("{field}.lines"), "An address has at most 5 lines");
            } else if lines.iter().any(|l| char_len(l) > ADDRESS_LINE_MAX_CHARS) {
                fail(
                    &format!("{field}.lines"),
                    "Each address line must be 35 characters or fewer",
                );
            }
            for (part, value) in [("city", &address.city), ("district", &address.district)] {
                if value
                    .as_deref()
                    .is_some_and(|v| char_len(v.trim()) > ADDRESS_LINE_MAX_CHARS)
                {
                    fail(&format!("{field}.{part}"), "Must be 35 characters or fewer");
                }
            }
            if !is_uk_postcode(&address.postcode) {
                fail(
                    &format!("{field}.postcode"),
                    "Enter a full UK postcode, like LS18 1AE",
                );
            }
        }
        for (field, phone) in [
            ("homePhone", &self.home_phone),
            ("mobilePhone", &self.mobile_phone),
            ("workPhone", &self.work_phone),
            ("temporaryPhone", &self.temporary_phone),
        ] {
            if phone
                .as_deref()
                .is_some_and(|p| !p.trim().is_empty() && !is_phone_number(p))
            {
                fail(
                    field,
                    "Enter a phone number of 7 to 15 digits, like 0113 496 0000",
                );
            }
        }
        if self
            .email
            .as_deref()
            .is_some_and(|e| !e.trim().is_empty() && !is_email(e))
        {
            fail("email", "Enter an email address like name@example.com");
        }
        if let Some(communication) = &self.communication {
            errors.extend(communication.validate());
        }
        errors
    }

    /// The `$gpc.registerpatient` body: a `Parameters` with one `registerPatient` Patient
    /// carrying only the allowed elements (§3.4).
    pub fn to_parameters(&self) -> Parameters {
        let non_empty = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let mut telecom = Vec::new();
        for (use_, phone) in [
            ("home", &self.home_phone),
            ("mobile", &self.mobile_phone),
            ("work", &self.work_phone),
            ("temp", &self.temporary_phone),
        ] {
            if let Some(value) = non_empty(phone) {
                telecom.push(ContactPoint {
                    system: Some("phone".to_owned()),
                    value: Some(value),
                    use_: Some(use_.to_owned()),
                });
            }
        }
        if let Some(email) = non_empty(&self.email) {
            telecom.push(ContactPoint {
                system: Some("email".to_owned()),
                value: Some(email),
                use_: None,
            });
        }
        let to_address = |use_: &str, a: &PostalAddress| Address {
            use_: Some(use_.to_owned()),
            line: a
                .lines
                .iter()
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty())
                .collect(),
            city: non_empty(&a.city),
            district: non_empty(&a.district),
            postal_code: Some(a.postcode.trim().to_uppercase()),
            ..Address::default()
        };
        let address = [
            self.home_address.as_ref().map(|a| to_address("home", a)),
            self.temporary_address
                .as_ref()
                .map(|a| to_address("temp", a)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let patient = Patient {
            meta: Some(Meta::profile(PROFILE_PATIENT)),
            identifier: vec![Identifier::new(SYSTEM_NHS_NUMBER, self.nhs_number.as_str())],
            name: vec![HumanName {
                use_: Some("official".to_owned()),
                family: Some(self.family_name.trim().to_owned()),
                given: self
                    .given_names
                    .iter()
                    .map(|g| g.trim().to_owned())
                    .filter(|g| !g.is_empty())
                    .collect(),
                prefix: non_empty(&self.prefix).into_iter().collect(),
                text: None,
            }],
            telecom,
            gender: self.gender.map(|g| g.code().to_owned()),
            birth_date: Some(format_date(self.birth_date)),
            address,
            extension: self
                .communication
                .iter()
                .map(super::NhsCommunication::to_extension)
                .collect(),
            ..Patient::default()
        };
        Parameters {
            meta: None,
            parameter: vec![Parameter {
                name: "registerPatient".to_owned(),
                resource: Some(Resource::Patient(patient)),
            }],
        }
    }
}
