//! Search for free slots (§3.2) and the flat bookable-slot view a screen displays.
//!
//! Here: what a search asks for ([`SlotQuery`], its query parameters) and what it gives
//! ([`BookableSlot`], [`SlotSearchResult`]). `resolve`: a Bundle resolved (Slot → Schedule →
//! Location, Practitioner, Organization, HealthcareService, matched by `resourceType/id`,
//! never `fullUrl`, §2.1) into [`BookableSlot`]s carrying every display field §3.2 requires.
//! `search`: the client calls, 14-day windows one after another, a later window's failure
//! kept apart from the slots already found.

mod resolve;
mod search;

pub use resolve::*;
pub use search::check_search_range;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::config::{ConsumerIdentity, OrganisationType};
use crate::fhir::DeliveryChannel;
use crate::fhir::urls::{
    CODESYSTEM_ORGANISATION_TYPE, SYSTEM_DOS_SERVICE_ID, SYSTEM_ODS_ORGANISATION,
};
use crate::ids::{LocationId, OdsCode, PractitionerId, ScheduleId, SlotId};
use crate::time::{DateRange, format_date};

/// The longest range one search may cover, in days: a year and a day (a leap year). The UI
/// refuses longer ranges as they are typed; the client refuses them too, before anything is
/// sent, so no caller can start hundreds of 14-day window requests by mistake.
pub const MAX_SEARCH_RANGE_DAYS: i64 = 366;

/// The `searchFilter`s sent with a slot search (§3.2, §8). Consumers SHOULD send both, their
/// own ODS code and their own organisation type, to see the most slots.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchFilters {
    /// The booking organisation's ODS code.
    pub ods_code: Option<OdsCode>,
    /// The booking organisation's type.
    pub org_type: Option<OrganisationType>,
}

impl SearchFilters {
    /// Both filters from the consumer's own organisation, as §8 recommends.
    pub fn from_identity(identity: &ConsumerIdentity) -> Self {
        Self {
            ods_code: Some(identity.organisation.ods_code.clone()),
            org_type: identity.organisation.org_type,
        }
    }
}

/// What to search for: a range of UK calendar days, the filters and, for a 111 (UEC)
/// consumer that chose a service from the Directory of Services, its DoS service id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlotQuery {
    /// Days to search, inclusive; split into 14-day windows when longer (at most
    /// [`MAX_SEARCH_RANGE_DAYS`]).
    pub range: DateRange,
    /// The `searchFilter`s.
    pub filters: SearchFilters,
    /// A DoS service id sent as `service.identifier` (GP Connect 1.2.8 service filtering):
    /// only 111/UEC consumers that chose the service from DoS send it. Providers without
    /// filtering ignore it.
    #[serde(default)]
    pub service: Option<String>,
}

impl SlotQuery {
    /// A query over `range` with `filters` and no DoS service.
    pub fn new(range: DateRange, filters: SearchFilters) -> Self {
        Self {
            range,
            filters,
            service: None,
        }
    }
}

/// The query parameters of one slot search window, in the order of the spec's example:
/// `status`, `start=ge`, `end=le`, `_include`, three `_include:recurse`, then the type and
/// ODS `searchFilter`s (§3.2). Dates are date-only (`yyyy-mm-dd`). With a DoS `service`,
/// also `service.identifier` and the HealthcareService include (1.2.8).
pub fn slot_search_params(
    window: DateRange,
    filters: &SearchFilters,
    service: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut params = vec![
        ("status", "free".to_owned()),
        ("start", format!("ge{}", format_date(window.start()))),
        ("end", format!("le{}", format_date(window.end()))),
        ("_include", "Slot:schedule".to_owned()),
        ("_include:recurse", "Schedule:actor:Practitioner".to_owned()),
        ("_include:recurse", "Schedule:actor:Location".to_owned()),
        (
            "_include:recurse",
            "Location:managingOrganization".to_owned(),
        ),
    ];
    if let Some(org_type) = filters.org_type {
        params.push((
            "searchFilter",
            format!("{CODESYSTEM_ORGANISATION_TYPE}|{}", org_type.code()),
        ));
    }
    if let Some(ods) = &filters.ods_code {
        params.push(("searchFilter", format!("{SYSTEM_ODS_ORGANISATION}|{ods}")));
    }
    if let Some(service) = service.map(str::trim).filter(|s| !s.is_empty()) {
        params.push((
            "_include:recurse",
            "Schedule:actor:HealthcareService".to_owned(),
        ));
        params.push((
            "service.identifier",
            format!("{SYSTEM_DOS_SERVICE_ID}|{service}"),
        ));
    }
    params
}

/// Where a slot takes place (the Location actor of its Schedule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SlotLocation {
    /// Location id at the practice (the booking's Location participant, §3.5).
    pub id: LocationId,
    /// Surgery name; `None` when the provider did not include the Location.
    pub name: Option<String>,
    /// Address lines, postcode last.
    pub address: Vec<String>,
    /// Phone number.
    pub phone: Option<String>,
}

/// The practitioner of a slot's Schedule, when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SlotPractitioner {
    /// Practitioner id at the practice (the booking's Practitioner participant, §3.5).
    pub id: PractitionerId,
    /// Display name, e.g. "Mrs Sarah Black"; `None` when not included.
    pub name: Option<String>,
    /// `male`, `female`, `other`, `unknown`.
    pub gender: Option<String>,
}

/// A practitioner role code (`Extension-GPConnect-PractitionerRole-1`), e.g. `R0260`
/// "General Medical Practitioner".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PractitionerRole {
    /// Code system URL.
    pub system: Option<String>,
    /// SDS job role code.
    pub code: Option<String>,
    /// Display text.
    pub display: Option<String>,
}

impl PractitionerRole {
    fn from_concept(concept: &crate::fhir::CodeableConcept) -> Option<Self> {
        let coding = concept.coding.first();
        let role = Self {
            system: coding.and_then(|c| c.system.clone()),
            code: coding.and_then(|c| c.code.clone()),
            display: coding
                .and_then(|c| c.display.clone())
                .or(concept.text.clone()),
        };
        (role.code.is_some() || role.display.is_some()).then_some(role)
    }
}

/// The organisation managing a slot's location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SlotOrganisation {
    /// ODS code.
    pub ods_code: Option<String>,
    /// Name.
    pub name: Option<String>,
}

/// A free slot flattened for display and booking, carrying every field §3.2 requires the
/// consumer to show. Times are UK local with their offsets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BookableSlot {
    /// The practice searched (ODS code).
    pub practice_ods_code: OdsCode,
    /// The practice searched (name from settings).
    pub practice_name: String,
    /// Slot id at the practice.
    pub slot_id: SlotId,
    /// The Schedule the slot belongs to.
    pub schedule_id: ScheduleId,
    /// Start, UK local time with offset.
    #[serde(with = "crate::time::local_datetime")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub start: DateTime<FixedOffset>,
    /// End, UK local time with offset.
    #[serde(with = "crate::time::local_datetime")]
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub end: DateTime<FixedOffset>,
    /// Length in minutes.
    pub duration_minutes: i64,
    /// In-person, Telephone, Video (or another code the provider uses).
    pub delivery_channel: Option<DeliveryChannel>,
    /// Practice-defined slot type (`Slot.serviceType.text`).
    pub slot_type: Option<String>,
    /// Schedule type or session name (`Schedule.serviceCategory.text`).
    pub schedule_type: Option<String>,
    /// Where the appointment takes place.
    pub location: SlotLocation,
    /// Who it is with, when the Schedule names a practitioner.
    pub practitioner: Option<SlotPractitioner>,
    /// The Schedule's practitioner role.
    pub practitioner_role: Option<PractitionerRole>,
    /// The organisation managing the location.
    pub organisation: Option<SlotOrganisation>,
    /// The healthcare service of the slot's Schedule, by name (1.2.8: shown where present).
    #[serde(default)]
    pub healthcare_service: Option<String>,
    /// The organisation type sent as `searchFilter` in the search that found this slot; the
    /// booking organisation repeats it, or omits `type` when none was sent (§3.5, §8).
    pub searched_org_type: Option<OrganisationType>,
}

/// A slot in the Bundle that could not be offered, and why (provider data problem).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnusableSlot {
    /// The slot id as sent, if any.
    pub slot_id: Option<String>,
    /// What was wrong.
    pub reason: String,
}

/// Whether a practice applied 1.2.8 service filtering to a search that sent a DoS service
/// id (`Extension-GPConnect-ServiceFilteringStatus-1` on the Bundle's `meta`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "status", content = "code")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ServiceFiltering {
    /// `enabled`: only the service's slots came back.
    Enabled,
    /// `supplier-disabled`: the practice's system does not filter; every slot came back.
    SupplierDisabled,
    /// `organization-disabled`: the practice has not switched filtering on; every slot
    /// came back.
    OrganizationDisabled,
    /// A service id was sent but the practice said nothing (a 1.2.7 provider): every slot
    /// came back, unfiltered.
    NotReported,
    /// Another code.
    Other(String),
}

impl ServiceFiltering {
    /// From the extension's `valueCode`.
    pub fn from_code(code: &str) -> Self {
        match code {
            "enabled" => Self::Enabled,
            "supplier-disabled" => Self::SupplierDisabled,
            "organization-disabled" => Self::OrganizationDisabled,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// A 14-day window of a longer search that a practice did not answer; the slots of its other
/// windows are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MissingWindow {
    /// The days not searched (UK dates, inclusive).
    pub range: DateRange,
    /// Why, as the client's stable error code (e.g. `TIMEOUT`, `PROXY_THROTTLED`).
    pub code: String,
    /// Why, in words.
    pub message: String,
}

/// The outcome of a slot search at one practice.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SlotSearchResult {
    /// Free, future slots in start order.
    pub slots: Vec<BookableSlot>,
    /// Free slots returned that have already started (cannot be booked, §3.2).
    pub past_slots: usize,
    /// Slots the provider returned that could not be offered.
    pub unusable: Vec<UnusableSlot>,
    /// Windows after the first that failed: their days were not searched.
    #[serde(default)]
    pub missing: Vec<MissingWindow>,
    /// The service filtering status, when a DoS service id was sent.
    #[serde(default)]
    pub service_filtering: Option<ServiceFiltering>,
}

impl SlotSearchResult {
    /// Adds `other`'s slots, dropping any slot id already present (windows may overlap at a
    /// boundary), and keeps start order.
    pub fn merge(&mut self, other: SlotSearchResult) {
        let mut seen: std::collections::HashSet<SlotId> =
            self.slots.iter().map(|s| s.slot_id.clone()).collect();
        self.slots.extend(
            other
                .slots
                .into_iter()
                .filter(|s| seen.insert(s.slot_id.clone())),
        );
        self.slots.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then_with(|| a.slot_id.cmp(&b.slot_id))
        });
        self.past_slots += other.past_slots;
        self.unusable.extend(other.unusable);
        self.missing.extend(other.missing);
        if self.service_filtering.is_none() {
            self.service_filtering = other.service_filtering;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn params_match_the_spec_example() {
        let window = DateRange::new(
            NaiveDate::from_ymd_opt(2020, 5, 6).unwrap(),
            NaiveDate::from_ymd_opt(2020, 5, 19).unwrap(),
        )
        .unwrap();
        let filters = SearchFilters {
            ods_code: Some(OdsCode::parse("A1001").unwrap()),
            org_type: Some(OrganisationType::GpPractice),
        };
        let query = crate::client::encode_query(&slot_search_params(window, &filters, None));
        assert_eq!(
            query,
            "status=free&start=ge2020-05-06&end=le2020-05-19&_include=Slot:schedule\
             &_include:recurse=Schedule:actor:Practitioner&_include:recurse=Schedule:actor:Location\
             &_include:recurse=Location:managingOrganization\
             &searchFilter=https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1%7Cgp-practice\
             &searchFilter=https://fhir.nhs.uk/Id/ods-organization-code%7CA1001"
        );
    }

    #[test]
    fn a_dos_service_adds_service_identifier_and_the_service_include() {
        let window = DateRange::starting(NaiveDate::from_ymd_opt(2026, 5, 6).unwrap(), 7);
        let params = slot_search_params(window, &SearchFilters::default(), Some(" 1234567 "));
        assert!(params.contains(&(
            "service.identifier",
            "https://fhir.nhs.uk/Id/uec-dos-service-id|1234567".to_owned()
        )));
        assert!(params.contains(&(
            "_include:recurse",
            "Schedule:actor:HealthcareService".to_owned()
        )));
        let none = slot_search_params(window, &SearchFilters::default(), Some("  "));
        assert!(none.iter().all(|(k, _)| *k != "service.identifier"));
    }
}
