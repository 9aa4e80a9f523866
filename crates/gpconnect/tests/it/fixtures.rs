//! Every specification example parses; request examples round-trip; the payloads this
//! crate builds have exactly the elements of the spec's request examples.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use gpconnect::appointments::{
    AppointmentRecord, BookingRequest, amended_resource, build_booking, cancelled_resource,
};
use gpconnect::config::{BookingOrganisation, OrganisationType};
use gpconnect::fhir::{Resource, TypedResource};
use gpconnect::ids::{LocationId, OdsCode, PatientId, ScheduleId, SlotId};
use gpconnect::patients::{Gender, PostalAddress, TemporaryRegistration};
use gpconnect::slots::{BookableSlot, PractitionerRole, SlotLocation, SlotPractitioner};
use gpconnect::time::parse_datetime;
use gpconnect::{NhsNumber, fhir};
use serde_json::Value;

use crate::support::fixture;

const ALL: [&str; 19] = [
    "amend_appt_request_example.json",
    "amend_appt_response_example.json",
    "book_appt_request_example.json",
    "book_appt_response_example.json",
    "cancel_appt_request_example.json",
    "cancel_appt_response_example.json",
    "find_organization_response_example.json",
    "find_patient_response_example.json",
    "find_practitioner_response_example.json",
    "get_capability_statement_response_example.json",
    "read_appt_response_example.json",
    "read_location_response_example.json",
    "read_organization_response_example.json",
    "read_patient_response_example.json",
    "read_practitioner_response_example.json",
    "register_patient_request_example.json",
    "register_patient_response_example.json",
    "retrieve_patients_appts_response_example.json",
    "search_for_free_slots_response_example.json",
];

fn json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// Every element path (`contained.identifier.system`), arrays collapsed.
fn element_paths(value: &Value) -> BTreeSet<String> {
    fn walk(value: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let path = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(child, &path, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, prefix, out)),
            _ => {
                out.insert(prefix.to_owned());
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(value, "", &mut out);
    out
}

#[test]
fn the_directory_holds_exactly_these_examples() {
    let dir = format!(
        "{}/../../tests/fixtures/gpconnect-1.2.7",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ALL);
}

#[test]
fn every_example_parses_including_bundle_entries() {
    for name in ALL {
        let resource = Resource::from_slice(fixture(name).as_bytes())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            !matches!(resource, Resource::Other(_)),
            "{name}: unknown resource type"
        );
        if let Resource::Bundle(bundle) = &resource {
            let entries = bundle.resources().unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!entries.is_empty(), "{name}");
            assert!(
                entries.iter().all(|r| !matches!(r, Resource::Other(_))),
                "{name}"
            );
        }
    }
}

#[test]
fn tolerant_parsing_of_single_objects_in_the_slot_example() {
    let bundle: fhir::Bundle =
        serde_json::from_str(&fixture("search_for_free_slots_response_example.json")).unwrap();
    let location = bundle
        .resources()
        .unwrap()
        .into_iter()
        .find_map(fhir::Location::from_resource)
        .unwrap();
    assert_eq!(location.telecom.len(), 1, "telecom sent as a single object");
    assert_eq!(location.address[0].postal_code.as_deref(), Some("LS1 6AE"));
}

#[test]
fn capability_statement_is_read() {
    let Resource::CapabilityStatement(cs) =
        Resource::from_slice(fixture("get_capability_statement_response_example.json").as_bytes())
            .unwrap()
    else {
        panic!("not a CapabilityStatement");
    };
    assert_eq!(cs.version.as_deref(), Some("1.2.7"));
    assert!(cs.supports_operation("gpc.registerpatient"));
    let slot = cs.resource("Slot").unwrap();
    assert!(
        slot.search_include
            .iter()
            .any(|i| i == "Location:managingOrganization")
    );
}

#[test]
fn request_examples_round_trip_to_equivalent_json() {
    for name in [
        "book_appt_request_example.json",
        "amend_appt_request_example.json",
        "cancel_appt_request_example.json",
        "register_patient_request_example.json",
    ] {
        let original = json(name);
        let parsed = Resource::from_value(original.clone(), "").unwrap();
        let written = serde_json::to_value(&parsed).unwrap();
        assert_eq!(written, original, "{name} did not round-trip");
    }
}

fn organisation() -> BookingOrganisation {
    BookingOrganisation {
        ods_code: OdsCode::parse("A00001").unwrap(),
        name: "Test Organization Name".into(),
        telephone: "0300 303 5678".into(),
        org_type: Some(OrganisationType::GpPractice),
    }
}

/// The slot of the spec's book example: Slot/1, 10:00-10:25 BST, Location/32, no
/// practitioner, channel or role; found with the `gp-practice` type filter.
fn example_slot() -> BookableSlot {
    BookableSlot {
        practice_ods_code: OdsCode::parse("A20047").unwrap(),
        practice_name: "Example".into(),
        slot_id: SlotId::parse("1").unwrap(),
        schedule_id: ScheduleId::parse("14").unwrap(),
        start: parse_datetime("2017-05-30T10:00:00+01:00").unwrap(),
        end: parse_datetime("2017-05-30T10:25:00+01:00").unwrap(),
        duration_minutes: 25,
        delivery_channel: None,
        slot_type: None,
        schedule_type: None,
        location: SlotLocation {
            id: LocationId::parse("32").unwrap(),
            name: None,
            address: vec![],
            phone: None,
        },
        practitioner: None,
        practitioner_role: None,
        organisation: None,
        searched_org_type: Some(OrganisationType::GpPractice),
        healthcare_service: None,
    }
}

fn example_request(slot: BookableSlot) -> BookingRequest {
    BookingRequest {
        patient_id: PatientId::parse("1").unwrap(),
        slots: vec![slot],
        description: "Free text description.".into(),
        comment: Some("Free text comment.".into()),
    }
}

/// 2017-05-25T13:48:41+01:00, the example's `created`.
fn example_now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2017, 5, 25, 12, 48, 41).unwrap()
}

#[test]
fn booking_payload_equals_the_spec_book_request() {
    let built = build_booking(
        &organisation(),
        &example_request(example_slot()),
        example_now(),
    )
    .unwrap();
    let built = serde_json::to_value(built.into_resource()).unwrap();
    assert_eq!(built, json("book_appt_request_example.json"));
}

#[test]
fn booking_payload_with_practitioner_channel_and_role_adds_only_spec_elements() {
    let mut slot = example_slot();
    slot.delivery_channel = Some(fhir::DeliveryChannel::InPerson);
    slot.practitioner = Some(SlotPractitioner {
        id: gpconnect::ids::PractitionerId::parse("2").unwrap(),
        name: None,
        gender: None,
    });
    slot.practitioner_role = Some(PractitionerRole {
        system: Some(fhir::urls::CODESYSTEM_SDS_JOB_ROLE.into()),
        code: Some("R0260".into()),
        display: Some("General Medical Practitioner".into()),
    });
    let built = build_booking(&organisation(), &example_request(slot), example_now()).unwrap();
    let built = serde_json::to_value(built.into_resource()).unwrap();
    let request_paths = element_paths(&json("book_appt_request_example.json"));
    let response_paths = element_paths(&json("book_appt_response_example.json"));
    let built_paths = element_paths(&built);
    assert!(built_paths.is_superset(&request_paths));
    for extra in built_paths.difference(&request_paths) {
        assert!(
            response_paths.contains(extra),
            "{extra} is in no spec example"
        );
    }
    for forbidden in [
        "reason",
        "specialty",
        "appointmentType",
        "indication",
        "supportingInformation",
        "incomingReferral",
        "requestedPeriod",
    ] {
        assert!(built.get(forbidden).is_none());
    }
    assert_eq!(
        built["participant"][2]["actor"]["reference"],
        "Practitioner/2"
    );
    assert_eq!(built["extension"][1]["valueCode"], "In-person");
}

#[test]
fn booking_organisation_type_only_when_it_was_a_search_filter() {
    let mut slot = example_slot();
    slot.searched_org_type = None;
    let built = build_booking(&organisation(), &example_request(slot), example_now()).unwrap();
    let built = serde_json::to_value(built.into_resource()).unwrap();
    assert!(built["contained"][0].get("type").is_none());
    assert_eq!(built["contained"][0]["identifier"][0]["value"], "A00001");
}

#[test]
fn register_payload_has_the_spec_elements() {
    let registration = TemporaryRegistration {
        nhs_number: NhsNumber::parse("9476719931").unwrap(),
        family_name: "Jackson".into(),
        given_names: vec!["Jane".into()],
        prefix: Some("Miss".into()),
        birth_date: chrono::NaiveDate::from_ymd_opt(1952, 5, 31).unwrap(),
        gender: Some(Gender::Female),
        home_address: Some(PostalAddress {
            lines: vec!["1 Withings Lane".into(), "Shadwell".into()],
            city: Some("Leeds".into()),
            district: Some("West Yorkshire".into()),
            postcode: "LS18 1AE".into(),
        }),
        temporary_address: None,
        home_phone: Some("01454587554".into()),
        mobile_phone: Some("07777111222".into()),
        work_phone: None,
        temporary_phone: None,
        email: None,
        communication: None,
    };
    let built = serde_json::to_value(Resource::Parameters(registration.to_parameters())).unwrap();
    // The example also carries the NHS number verification status (which only PDS can
    // assert), a name `text` that contradicts its own family name, and `address.type`;
    // this client sends none of them. Everything else is identical.
    let mut expected = json("register_patient_request_example.json");
    let patient = &mut expected["parameter"][0]["resource"];
    patient["identifier"][0]
        .as_object_mut()
        .unwrap()
        .remove("extension");
    patient["name"][0].as_object_mut().unwrap().remove("text");
    patient["address"][0]
        .as_object_mut()
        .unwrap()
        .remove("type");
    assert_eq!(built, expected);
    assert!(element_paths(&built).is_subset(&element_paths(&json(
        "register_patient_request_example.json"
    ))));
}

fn record(name: &str) -> AppointmentRecord {
    AppointmentRecord::from_json(200, json(name), None).unwrap()
}

#[test]
fn amend_changes_only_description_and_comment_of_the_resource_as_read() {
    let mut as_read = json("amend_appt_request_example.json");
    as_read["description"] = "Free text description.".into();
    let current = AppointmentRecord::from_json(200, as_read, None).unwrap();
    assert_eq!(
        current.if_match().as_deref(),
        Some("W/\"636068818095315079\"")
    );
    let before_start = Utc.with_ymd_and_hms(2017, 5, 26, 9, 0, 0).unwrap();
    let body = amended_resource(
        &current,
        "Free text description updated.",
        Some("Free text comment."),
        before_start,
    )
    .unwrap();
    assert_eq!(body, json("amend_appt_request_example.json"));
}

#[test]
fn cancel_changes_only_status_and_reason_of_the_resource_as_read() {
    let current = record("amend_appt_request_example.json");
    let before_start = Utc.with_ymd_and_hms(2017, 5, 26, 9, 0, 0).unwrap();
    let body =
        cancelled_resource(&current, "Free text cancellation reason.", before_start).unwrap();
    assert_eq!(body, json("cancel_appt_request_example.json"));
}

#[test]
fn amend_and_cancel_refuse_past_and_cancelled_appointments() {
    let after_start = Utc.with_ymd_and_hms(2017, 6, 1, 9, 0, 0).unwrap();
    let before_start = Utc.with_ymd_and_hms(2017, 5, 26, 9, 0, 0).unwrap();
    let booked = record("amend_appt_request_example.json");
    assert!(amended_resource(&booked, "x", None, after_start).is_err());
    assert!(cancelled_resource(&booked, "x", after_start).is_err());
    assert!(cancelled_resource(&booked, "  ", before_start).is_err());
    let cancelled = record("cancel_appt_request_example.json");
    assert!(amended_resource(&cancelled, "x", None, before_start).is_err());
    // Only booked appointments change: one the patient has arrived for does not.
    let mut arrived = json("amend_appt_request_example.json");
    arrived["status"] = "arrived".into();
    let arrived = AppointmentRecord::from_json(200, arrived, None).unwrap();
    let refused = cancelled_resource(&arrived, "x", before_start).unwrap_err();
    assert!(
        matches!(&refused, gpconnect::Error::Validation { fields } if fields[0].field == "appointment"),
        "{refused:?}"
    );
    assert!(booked.check_changeable(before_start).is_ok());
}

#[test]
fn appointment_summary_from_the_read_example() {
    let summary = record("read_appt_response_example.json").summary();
    assert_eq!(summary.id.as_str(), "148");
    assert_eq!(summary.duration_minutes, Some(30));
    assert_eq!(summary.slot_ids.len(), 3);
    assert_eq!(summary.location_id.unwrap().as_str(), "1");
    assert_eq!(summary.practitioner_id.unwrap().as_str(), "2");
    assert_eq!(summary.slot_type.as_deref(), Some("General GP Appointment"));
    assert_eq!(
        summary.schedule_type.as_deref(),
        Some("General GP Appointments")
    );
    assert_eq!(
        summary.booking_organisation.unwrap().ods_code.as_deref(),
        Some("A00001")
    );
    assert_eq!(
        summary.practitioner_role.unwrap().code.as_deref(),
        Some("R0260")
    );
}
