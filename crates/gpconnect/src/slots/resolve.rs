//! A slot search Bundle resolved into [`BookableSlot`]s (§3.2): Slot → Schedule →
//! Location, Practitioner, Organization and (1.2.8) HealthcareService, matched by
//! `resourceType/id`, never `fullUrl` (§2.1). Pure functions over resources already read, so
//! that any provider data can be tested to never panic.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{
    BookableSlot, PractitionerRole, SearchFilters, ServiceFiltering, SlotLocation,
    SlotOrganisation, SlotPractitioner, SlotSearchResult, UnusableSlot,
};
use crate::config::Practice;
use crate::error::Result;
use crate::fhir::urls::EXT_SERVICE_FILTERING_STATUS;
use crate::fhir::{
    Bundle, HealthcareService, Location, Meta, Organization, Practitioner, Resource, Schedule,
    SlotStatus,
};
use crate::ids::{LocationId, PractitionerId, ScheduleId, SlotId};
use crate::time::parse_datetime;

/// The service filtering status a provider put on a slot search Bundle's `meta` (1.2.8), if
/// any. Matched by the extension's name, whichever URL prefix the provider used.
pub fn service_filtering_status(meta: Option<&Meta>) -> Option<ServiceFiltering> {
    let name = EXT_SERVICE_FILTERING_STATUS
        .rsplit('/')
        .next()
        .unwrap_or_default();
    meta?
        .extension
        .iter()
        .find(|e| e.url.ends_with(name))
        .and_then(|e| {
            e.value_code.as_deref().or_else(|| {
                e.value_codeable_concept
                    .as_ref()
                    .and_then(|c| c.coding.first())
                    .and_then(|c| c.code.as_deref())
            })
        })
        .map(ServiceFiltering::from_code)
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
    let mut services: HashMap<&str, &HealthcareService> = HashMap::new();
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
            Resource::HealthcareService(h) => {
                if let Some(id) = h.id.as_deref() {
                    services.insert(id, h);
                }
            }
            _ => {}
        }
    }

    // What every slot of a Schedule shares, worked out once per Schedule (a search has a few
    // Schedules and hundreds of slots each).
    let mut views: HashMap<&str, Result<ScheduleView, &'static str>> = HashMap::new();
    let view_of = |schedule: &Schedule| -> Result<ScheduleView, &'static str> {
        let schedule_id = schedule
            .id
            .as_deref()
            .and_then(|id| ScheduleId::parse(id).ok())
            .ok_or("its Schedule has no valid id")?;
        let location_id = schedule
            .actor_id("Location")
            .and_then(|id| LocationId::parse(id).ok())
            .ok_or("its Schedule has no Location")?;
        let location = locations.get(location_id.as_str()).copied();
        Ok(ScheduleView {
            organisation: location
                .and_then(|l| l.managing_organization.as_ref())
                .and_then(|r| r.type_and_id())
                .and_then(|(_, id)| organisations.get(id).copied())
                .map(|o| SlotOrganisation {
                    ods_code: o.ods_code().map(str::to_owned),
                    name: o.name.clone(),
                }),
            practitioner: schedule
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
                }),
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
            practitioner_role: schedule
                .practitioner_role()
                .and_then(PractitionerRole::from_concept),
            healthcare_service: schedule
                .actor_id("HealthcareService")
                .and_then(|id| services.get(id))
                .and_then(|h| h.name.clone()),
            schedule_id,
        })
    };

    let mut result = SlotSearchResult::default();
    let mut slots: Vec<BookableSlot> = Vec::new();
    // A slot id seen twice in one Bundle: the later entry replaces the earlier.
    let mut index_of: HashMap<&str, usize> = HashMap::new();
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
        let Some((id_text, slot_id)) = slot
            .id
            .as_deref()
            .and_then(|id| SlotId::parse(id).ok().map(|parsed| (id, parsed)))
        else {
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
        let key = schedule.id.as_deref().unwrap_or_default();
        let view = match views.entry(key).or_insert_with(|| view_of(schedule)) {
            Ok(view) => view,
            Err(reason) => {
                result.unusable.push(unusable(reason));
                continue;
            }
        };
        if start.with_timezone(&Utc) <= now {
            result.past_slots += 1;
            continue;
        }
        let bookable = BookableSlot {
            practice_ods_code: practice.ods_code.clone(),
            practice_name: practice.name.clone(),
            slot_id,
            schedule_id: view.schedule_id.clone(),
            duration_minutes: (end - start).num_minutes(),
            start,
            end,
            delivery_channel: slot.delivery_channel(),
            slot_type: slot.slot_type().map(str::to_owned),
            schedule_type: view.schedule_type.clone(),
            location: view.location.clone(),
            practitioner: view.practitioner.clone(),
            practitioner_role: view.practitioner_role.clone(),
            organisation: view.organisation.clone(),
            healthcare_service: view.healthcare_service.clone(),
            searched_org_type: filters.org_type,
        };
        match index_of.get(id_text) {
            Some(&i) => slots[i] = bookable,
            None => {
                index_of.insert(id_text, slots.len());
                slots.push(bookable);
            }
        }
    }
    slots.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.slot_id.cmp(&b.slot_id))
    });
    result.slots = slots;
    result
}

/// What every slot of one Schedule shares, resolved once.
struct ScheduleView {
    schedule_id: ScheduleId,
    location: SlotLocation,
    practitioner: Option<SlotPractitioner>,
    practitioner_role: Option<PractitionerRole>,
    organisation: Option<SlotOrganisation>,
    schedule_type: Option<String>,
    healthcare_service: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::OrganisationType;
    use crate::fhir::DeliveryChannel;
    use crate::ids::{Asid, OdsCode, ProviderRoot};
    use chrono::TimeZone;

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
            "../../../../tests/fixtures/gpconnect-1.2.7/search_for_free_slots_response_example.json"
        );
        serde_json::from_str(text).unwrap()
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
    fn filtering_status_and_service_name_are_read() {
        let mut bundle: serde_json::Value = serde_json::from_str(include_str!(
            "../../../../tests/fixtures/gpconnect-1.2.7/search_for_free_slots_response_example.json"
        ))
        .unwrap();
        bundle["meta"] = serde_json::json!({"extension": [{
            "url": "https://fhir.nhs.uk/STU3/Extension/Extension-GPConnect-ServiceFilteringStatus-1",
            "valueCode": "organization-disabled"}]});
        let entries = bundle["entry"].as_array_mut().unwrap();
        for entry in entries.iter_mut() {
            if entry["resource"]["resourceType"] == "Schedule" {
                entry["resource"]["actor"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({"reference": "HealthcareService/918"}));
            }
        }
        entries.push(serde_json::json!({"resource": {"resourceType": "HealthcareService",
            "id": "918", "name": "Urgent Treatment Centre",
            "identifier": [{"system": "https://fhir.nhs.uk/Id/uec-dos-service-id", "value": "1234567"}]}}));
        let bytes = serde_json::to_vec(&bundle).unwrap();
        let (meta, resources) = Bundle::searchset_from_slice(&bytes).unwrap();
        assert_eq!(
            service_filtering_status(meta.as_ref()),
            Some(ServiceFiltering::OrganizationDisabled)
        );
        let now = Utc.with_ymd_and_hms(2016, 8, 1, 9, 0, 0).unwrap();
        let result =
            resolve_slot_resources(&practice(), &resources, &SearchFilters::default(), now);
        assert_eq!(
            result.slots[0].healthcare_service.as_deref(),
            Some("Urgent Treatment Centre")
        );
        assert_eq!(service_filtering_status(None), None);
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
