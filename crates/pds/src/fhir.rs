//! The FHIR R4 subset PDS answers with, as sent: `Patient` (the elements a trace uses),
//! `Bundle` (searchset) and `OperationOutcome`. Tolerant in: unknown elements are ignored,
//! every element may be missing, and a single object is accepted where an array is expected.
//! What the elements mean is decided in `patient`; nothing here is shown as is.
//!
//! Source: `nhs-identity-pds.md` §3.3 (Patient shape), §3.4 (search Bundle); the PDS
//! specification's examples (`tests/fixtures/pds/`).

use serde::{Deserialize, Deserializer};

/// An array, or a single object read as an array of one; `null` as empty.
fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
    }
    Ok(match Option::<OneOrMany<T>>::deserialize(deserializer)? {
        None => Vec::new(),
        Some(OneOrMany::Many(items)) => items,
        Some(OneOrMany::One(item)) => vec![item],
    })
}

/// `Coding`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Coding {
    /// Code system.
    pub system: Option<String>,
    /// Code.
    pub code: Option<String>,
    /// Display text.
    pub display: Option<String>,
}

/// `CodeableConcept`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CodeableConcept {
    /// Codings.
    #[serde(deserialize_with = "one_or_many")]
    pub coding: Vec<Coding>,
}

/// `Extension` (the parts a trace reads).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Extension {
    /// Extension URL.
    pub url: Option<String>,
    /// `valueCodeableConcept`.
    pub value_codeable_concept: Option<CodeableConcept>,
}

/// `Period`, dates as sent (`yyyy-mm-dd` or a date-time).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Period {
    /// Start.
    pub start: Option<String>,
    /// End; absent while current.
    pub end: Option<String>,
}

/// `Identifier`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Identifier {
    /// System, e.g. `https://fhir.nhs.uk/Id/nhs-number`.
    pub system: Option<String>,
    /// Value.
    pub value: Option<String>,
    /// Period (on a GP reference's identifier).
    pub period: Option<Period>,
    /// Extensions (the NHS number verification status).
    #[serde(deserialize_with = "one_or_many")]
    pub extension: Vec<Extension>,
}

/// `Meta`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Meta {
    /// Version, equal to the `ETag`.
    pub version_id: Option<String>,
    /// Confidentiality: `U` unrestricted, `R` restricted, `V`, `REDACTED`.
    #[serde(deserialize_with = "one_or_many")]
    pub security: Vec<Coding>,
}

/// `HumanName`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HumanName {
    /// `usual`, `temp`, `nickname`, `old`, `maiden`, …
    #[serde(rename = "use")]
    pub use_: Option<String>,
    /// When it applies.
    pub period: Option<Period>,
    /// Given names, first name first.
    #[serde(deserialize_with = "one_or_many")]
    pub given: Vec<String>,
    /// Family name.
    pub family: Option<String>,
    /// Titles.
    #[serde(deserialize_with = "one_or_many")]
    pub prefix: Vec<String>,
}

/// `Address`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Address {
    /// `home`, `temp`, `billing`, `work`.
    #[serde(rename = "use")]
    pub use_: Option<String>,
    /// When it applies.
    pub period: Option<Period>,
    /// Lines (PDS puts town and county here too).
    #[serde(deserialize_with = "one_or_many")]
    pub line: Vec<String>,
    /// Postcode.
    pub postal_code: Option<String>,
}

/// `ContactPoint`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactPoint {
    /// `phone`, `email`, `other`.
    pub system: Option<String>,
    /// The number or address.
    pub value: Option<String>,
    /// `home`, `work`, `mobile`, `temp`.
    #[serde(rename = "use")]
    pub use_: Option<String>,
    /// When it applies.
    pub period: Option<Period>,
}

/// A `generalPractitioner` reference: the practice by ODS code.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GpReference {
    /// `Organization`.
    #[serde(rename = "type")]
    pub type_: Option<String>,
    /// The ODS code, with the registration's period.
    pub identifier: Option<Identifier>,
}

/// `Patient` (R4), the elements a trace uses.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Patient {
    /// `Patient`.
    pub resource_type: Option<String>,
    /// The NHS number (the current one when the requested number was superseded).
    pub id: Option<String>,
    /// Identifiers (the NHS number with its verification status).
    #[serde(deserialize_with = "one_or_many")]
    pub identifier: Vec<Identifier>,
    /// Version and confidentiality.
    pub meta: Option<Meta>,
    /// Names.
    #[serde(deserialize_with = "one_or_many")]
    pub name: Vec<HumanName>,
    /// `male`, `female`, `other`, `unknown`.
    pub gender: Option<String>,
    /// `yyyy-mm-dd`.
    pub birth_date: Option<String>,
    /// Date of death: a date-time, a date, `yyyy-mm` or `yyyy`.
    pub deceased_date_time: Option<String>,
    /// Addresses.
    #[serde(deserialize_with = "one_or_many")]
    pub address: Vec<Address>,
    /// Phones and email.
    #[serde(deserialize_with = "one_or_many")]
    pub telecom: Vec<ContactPoint>,
    /// The registered GP practice (at most one).
    #[serde(deserialize_with = "one_or_many")]
    pub general_practitioner: Vec<GpReference>,
}

/// `Bundle.entry.search`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EntrySearch {
    /// Match score 0.0-1.0 (never shown: §3.4 onboarding rule).
    pub score: Option<f64>,
}

/// `Bundle.entry`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Entry {
    /// Full URL.
    pub full_url: Option<String>,
    /// Search data.
    pub search: Option<EntrySearch>,
    /// The Patient.
    pub resource: Option<Patient>,
}

/// `Bundle` (searchset).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Bundle {
    /// `Bundle`.
    pub resource_type: Option<String>,
    /// How many matched.
    pub total: Option<u64>,
    /// The matches, best first.
    #[serde(deserialize_with = "one_or_many")]
    pub entry: Vec<Entry>,
}

/// `OperationOutcome.issue.details`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IssueDetails {
    /// Codings (the Spine error code).
    #[serde(deserialize_with = "one_or_many")]
    pub coding: Vec<Coding>,
}

/// `OperationOutcome.issue`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Issue {
    /// `error`, `information`, …
    pub severity: Option<String>,
    /// FHIR issue type.
    pub code: Option<String>,
    /// The Spine error code.
    pub details: Option<IssueDetails>,
    /// Detail.
    pub diagnostics: Option<String>,
}

/// `OperationOutcome`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OperationOutcome {
    /// `OperationOutcome`.
    pub resource_type: Option<String>,
    /// Issues; the first carries the code.
    #[serde(deserialize_with = "one_or_many")]
    pub issue: Vec<Issue>,
}

impl OperationOutcome {
    /// The first issue and its coding carrying a code.
    pub fn first(&self) -> Option<(&Issue, &Coding)> {
        let issue = self.issue.first()?;
        let coding = issue
            .details
            .as_ref()?
            .coding
            .iter()
            .find(|c| c.code.is_some())?;
        Some((issue, coding))
    }
}
