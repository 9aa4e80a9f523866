//! Search for free slots (§3.2) and the flat bookable-slot view a screen displays.
//!
//! A search longer than 14 days is split into consecutive compliant windows and merged
//! without duplicates. Each Bundle is resolved (Slot → Schedule → Location, Practitioner,
//! Organization, matched by `resourceType/id`, never `fullUrl`, §2.1) into
//! [`BookableSlot`]s carrying every display field §3.2 requires.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

use crate::client::{Client, FhirRequest};
use crate::config::{ConsumerIdentity, OrganisationType, Practice};
use crate::error::Result;
use crate::fhir::urls::{CODESYSTEM_ORGANISATION_TYPE, SYSTEM_ODS_ORGANISATION};
use crate::fhir::{
    Bundle, DeliveryChannel, Location, Organization, Practitioner, Resource, Schedule, SlotStatus,
};
use crate::ids::{LocationId, OdsCode, PractitionerId, ScheduleId, SlotId};
use crate::interaction::Interaction;
use crate::time::{DateRange, MAX_SLOT_SEARCH_DAYS, format_date, parse_datetime};

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

/// What to search for: a range of UK calendar days and the filters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SlotQuery {
    /// Days to search, inclusive; split into 14-day windows when longer.
    pub range: DateRange,
    /// The `searchFilter`s.
    pub filters: SearchFilters,
}

/// The query parameters of one slot search window, in the order of the spec's example:
/// `status`, `start=ge`, `end=le`, `_include`, three `_include:recurse`, then the type and
/// ODS `searchFilter`s (§3.2). Dates are date-only (`yyyy-mm-dd`).
pub fn slot_search_params(
    window: DateRange,
    filters: &SearchFilters,
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
    }
}

/// Resolves a slot search Bundle into bookable slots (§3.2). Slots starting at or before
/// `now` are counted in `past_slots`, not returned. Slots that cannot be resolved (no
/// schedule, no Location actor, bad times) are listed in `unusable`, never fatal.
///
/// Errors: [`crate::Error::Decode`] when an entry is not a valid resource.
pub fn resolve_slot_bundle(
    practice: &Practice,
    bundle: &Bundle,
    filters: &SearchFilters,
    now: DateTime<Utc>,
) -> Result<SlotSearchResult> {
    let resources = bundle.resources().map_err(|source| crate::Error::Decode {
        status: 200,
        source,
    })?;
    Ok(resolve_slot_resources(practice, &resources, filters, now))
}

/// As [`resolve_slot_bundle`], over resources already read (see
/// [`Bundle::resources_from_slice`]). Never fails: unusable slots are listed.
pub fn resolve_slot_resources(
    practice: &Practice,
    resources: &[Resource],
    filters: &SearchFilters,
    now: DateTime<Utc>,
) -> SlotSearchResult {
    let mut schedules: HashMap<&str, &Schedule> = HashMap::new();
    let mut practitioners: HashMap<&str, &Practitioner> = HashMap::new();
    let mut locations: HashMap<&str, &Location> = HashMap::new();
    let mut organisations: HashMap<&str, &Organization> = HashMap::new();
    for resource in resources {
        match resource {
            Resource::Schedule(s) => {
                if let Some(id) = s.id.as_deref() {
                    schedules.insert(id, s);
                }
            }
            Resource::Practitioner(p) => {
                if let Some(id) = p.id.as_deref() {
                    practitioners.insert(id, p);
                }
            }
            Resource::Location(l) => {
                if let Some(id) = l.id.as_deref() {
                    locations.insert(id, l);
                }
            }
            Resource::Organization(o) => {
                if let Some(id) = o.id.as_deref() {
                    organisations.insert(id, o);
                }
            }
            _ => {}
        }
    }

    let mut result = SlotSearchResult::default();
    // BTreeMap keyed by slot id drops duplicate entries within one Bundle.
    let mut slots: BTreeMap<SlotId, BookableSlot> = BTreeMap::new();
    for resource in resources {
        let Resource::Slot(slot) = resource else {
            continue;
        };
        let unusable = |reason: &str| UnusableSlot {
            slot_id: slot.id.clone(),
            reason: reason.to_owned(),
        };
        if slot.status.as_ref().is_some_and(|s| *s != SlotStatus::Free) {
            continue;
        }
        let Some(slot_id) = slot.id.as_deref().and_then(|id| SlotId::parse(id).ok()) else {
            result.unusable.push(unusable("missing or invalid id"));
            continue;
        };
        let times = (
            slot.start.as_deref().map(parse_datetime),
            slot.end.as_deref().map(parse_datetime),
        );
        let (Some(Ok(start)), Some(Ok(end))) = times else {
            result
                .unusable
                .push(unusable("missing or invalid start/end"));
            continue;
        };
        if end <= start {
            result.unusable.push(unusable("end is not after start"));
            continue;
        }
        let schedule = slot
            .schedule
            .as_ref()
            .and_then(|r| r.type_and_id())
            .filter(|(kind, _)| *kind == "Schedule")
            .and_then(|(_, id)| schedules.get(id).copied());
        let Some(schedule) = schedule else {
            result
                .unusable
                .push(unusable("its Schedule is not in the response"));
            continue;
        };
        let Some(schedule_id) = schedule
            .id
            .as_deref()
            .and_then(|id| ScheduleId::parse(id).ok())
        else {
            result
                .unusable
                .push(unusable("its Schedule has no valid id"));
            continue;
        };
        let Some(location_id) = schedule
            .actor_id("Location")
            .and_then(|id| LocationId::parse(id).ok())
        else {
            result
                .unusable
                .push(unusable("its Schedule has no Location"));
            continue;
        };
        if start.with_timezone(&Utc) <= now {
            result.past_slots += 1;
            continue;
        }
        let location = locations.get(location_id.as_str()).copied();
        let organisation = location
            .and_then(|l| l.managing_organization.as_ref())
            .and_then(|r| r.type_and_id())
            .and_then(|(_, id)| organisations.get(id).copied())
            .map(|o| SlotOrganisation {
                ods_code: o.ods_code().map(str::to_owned),
                name: o.name.clone(),
            });
        let practitioner = schedule
            .actor_id("Practitioner")
            .and_then(|id| PractitionerId::parse(id).ok())
            .map(|id| {
                let found = practitioners.get(id.as_str()).copied();
                SlotPractitioner {
                    name: found
                        .and_then(|p| p.name.first())
                        .map(crate::fhir::HumanName::display)
                        .filter(|n| !n.is_empty()),
                    gender: found.and_then(|p| p.gender.clone()),
                    id,
                }
            });
        let bookable = BookableSlot {
            practice_ods_code: practice.ods_code.clone(),
            practice_name: practice.name.clone(),
            slot_id: slot_id.clone(),
            schedule_id,
            duration_minutes: (end - start).num_minutes(),
            start,
            end,
            delivery_channel: slot.delivery_channel(),
            slot_type: slot.slot_type().map(str::to_owned),
            schedule_type: schedule
                .service_category
                .as_ref()
                .and_then(|c| c.text.clone().or_else(|| c.label().map(str::to_owned))),
            location: SlotLocation {
                name: location.and_then(|l| l.name.clone()),
                address: location
                    .and_then(|l| l.address.first())
                    .map(crate::fhir::Address::lines)
                    .unwrap_or_default(),
                phone: location.and_then(|l| {
                    l.telecom
                        .iter()
                        .find(|t| t.system.as_deref() == Some("phone"))
                        .and_then(|t| t.value.clone())
                }),
                id: location_id,
            },
            practitioner,
            practitioner_role: schedule
                .practitioner_role()
                .and_then(PractitionerRole::from_concept),
            organisation,
            searched_org_type: filters.org_type,
        };
        slots.insert(slot_id, bookable);
    }
    result.slots = slots.into_values().collect();
    result.slots.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.slot_id.cmp(&b.slot_id))
    });
    result
}

impl Client {
    /// Searches one practice for free slots over `query.range` (§3.2), in 14-day windows
    /// one after another, merged without duplicates. Past slots are counted, not returned.
    ///
    /// Errors: any [`crate::Error`]; the first failing window fails the search.
    pub async fn search_free_slots(
        &self,
        practice: &Practice,
        query: &SlotQuery,
    ) -> Result<SlotSearchResult> {
        let mut merged = SlotSearchResult::default();
        for window in query.range.windows(MAX_SLOT_SEARCH_DAYS) {
            let mut request = FhirRequest::new(Interaction::SearchSlots, "Slot");
            request.query = slot_search_params(window, &query.filters);
            let response = self.execute(practice, &request).await?;
            let resources = Bundle::resources_from_slice(&response.body).map_err(|source| {
                crate::Error::Decode {
                    status: response.status,
                    source,
                }
            })?;
            merged.merge(resolve_slot_resources(
                practice,
                &resources,
                &query.filters,
                self.clock().now(),
            ));
        }
        Ok(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{Asid, ProviderRoot};
    use chrono::{NaiveDate, TimeZone};

    fn practice() -> Practice {
        Practice {
            ods_code: OdsCode::parse("A00001").unwrap(),
            name: "The Trevelyan Practice".into(),
            provider_root: ProviderRoot::parse("https://p.nhs.uk/A00001/STU3/1/gpconnect").unwrap(),
            asid: Asid::parse("918999198738").unwrap(),
        }
    }

    fn fixture_bundle() -> Bundle {
        let text = include_str!(
            "../../../tests/fixtures/gpconnect-1.2.7/search_for_free_slots_response_example.json"
        );
        serde_json::from_str(text).unwrap()
    }

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
        let query = crate::client::encode_query(&slot_search_params(window, &filters));
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
    fn resolves_every_display_field_from_the_spec_example() {
        let now = Utc.with_ymd_and_hms(2016, 8, 1, 9, 0, 0).unwrap();
        let filters = SearchFilters {
            ods_code: None,
            org_type: Some(OrganisationType::GpPractice),
        };
        let result = resolve_slot_bundle(&practice(), &fixture_bundle(), &filters, now).unwrap();
        assert_eq!(result.slots.len(), 2);
        assert!(result.unusable.is_empty());
        let slot = &result.slots[0];
        assert_eq!(slot.slot_id.as_str(), "1584");
        assert_eq!(slot.start.to_rfc3339(), "2016-08-15T11:30:00+01:00");
        assert_eq!(slot.end.to_rfc3339(), "2016-08-15T11:40:00+01:00");
        assert_eq!(slot.duration_minutes, 10);
        assert_eq!(slot.delivery_channel, Some(DeliveryChannel::InPerson));
        assert_eq!(slot.slot_type.as_deref(), Some("General GP Appointment"));
        assert_eq!(
            slot.schedule_type.as_deref(),
            Some("General GP Appointments")
        );
        assert_eq!(
            slot.location.name.as_deref(),
            Some("The Trevelyan Practice")
        );
        assert_eq!(
            slot.location.address,
            vec!["Trevelyan Square", "Boar Ln", "Leeds", "LS1 6AE"]
        );
        let practitioner = slot.practitioner.as_ref().unwrap();
        assert_eq!(practitioner.name.as_deref(), Some("Mrs Sarah Black"));
        assert_eq!(practitioner.gender.as_deref(), Some("female"));
        let role = slot.practitioner_role.as_ref().unwrap();
        assert_eq!(role.code.as_deref(), Some("R0260"));
        assert_eq!(
            role.display.as_deref(),
            Some("General Medical Practitioner")
        );
        assert_eq!(
            slot.organisation.as_ref().unwrap().ods_code.as_deref(),
            Some("A00001")
        );
        assert_eq!(slot.practice_name, "The Trevelyan Practice");
        assert_eq!(slot.searched_org_type, Some(OrganisationType::GpPractice));
        assert_eq!(
            result.slots[1].slot_type.as_deref(),
            Some("NHS Health Check")
        );
    }

    #[test]
    fn past_slots_are_counted_not_offered() {
        let now = Utc.with_ymd_and_hms(2016, 8, 15, 10, 35, 0).unwrap(); // 11:35 BST
        let result = resolve_slot_bundle(
            &practice(),
            &fixture_bundle(),
            &SearchFilters::default(),
            now,
        )
        .unwrap();
        assert_eq!(result.past_slots, 1);
        assert_eq!(result.slots.len(), 1);
        assert_eq!(result.slots[0].slot_id.as_str(), "1644");
    }

    #[test]
    fn slot_without_schedule_is_unusable_not_fatal() {
        let mut bundle = fixture_bundle();
        bundle.entry[0].resource.as_mut().unwrap()["schedule"]["reference"] = "Schedule/404".into();
        let now = Utc.with_ymd_and_hms(2016, 8, 1, 9, 0, 0).unwrap();
        let result =
            resolve_slot_bundle(&practice(), &bundle, &SearchFilters::default(), now).unwrap();
        assert_eq!(result.slots.len(), 1);
        assert_eq!(result.unusable.len(), 1);
        assert_eq!(result.unusable[0].slot_id.as_deref(), Some("1584"));
    }

    #[test]
    fn merge_drops_duplicates_and_keeps_order() {
        let now = Utc.with_ymd_and_hms(2016, 8, 1, 9, 0, 0).unwrap();
        let result = resolve_slot_bundle(
            &practice(),
            &fixture_bundle(),
            &SearchFilters::default(),
            now,
        )
        .unwrap();
        let mut merged = SlotSearchResult::default();
        merged.merge(result.clone());
        merged.merge(result);
        assert_eq!(merged.slots.len(), 2);
        assert!(merged.slots[0].start < merged.slots[1].start);
    }
}
