//! The three consumer sessions of the seed documents, then retrieve, read, amend and cancel.

use futures::StreamExt;
use gpconnect::NhsNumber;
use gpconnect::appointments::BookingRequest;
use gpconnect::federation::Federation;
use gpconnect::fhir::AppointmentStatus;
use gpconnect::patients::{Gender, PostalAddress, TemporaryRegistration};
use gpconnect::slots::SearchFilters;
use gpconnect::time::DateRange;

use crate::support::{self, adjacent_pair, client, practice, simulator, today};

#[tokio::test]
async fn simple_booking_then_retrieve_read_amend_cancel() {
    let sim = simulator().await;
    let client = client(&sim);
    let legg = practice(&sim, "A20047");

    // 1. Search for free slots.
    let slots = support::slots(&sim, &client, "A20047").await;
    assert!(slots.len() > 100, "{} slots", slots.len());
    let slot = slots[0].clone();
    assert!(slot.location.name.is_some() && slot.practitioner_role.is_some());

    // 2. Find the patient (registered at A20047 in PDS).
    let nhs = NhsNumber::parse("9476719931").unwrap();
    let found = client.find_patient(&legg, &nhs).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].family_name.as_deref(), Some("DAWES"));

    // 3. Book.
    let booked = client
        .book_appointment(
            &legg,
            &BookingRequest {
                patient_id: found[0].id.clone(),
                slots: vec![slot.clone()],
                description: "Asthma review".into(),
                comment: Some("Bring inhaler".into()),
            },
        )
        .await
        .unwrap()
        .into_record()
        .unwrap();
    let summary = booked.summary();
    assert_eq!(summary.status, Some(AppointmentStatus::Booked));
    assert_eq!(summary.start, Some(slot.start));
    assert_eq!(summary.slot_type, slot.slot_type);
    assert_eq!(
        summary.booking_organisation.unwrap().ods_code.as_deref(),
        Some("Y90001")
    );

    // The slot is gone from the search.
    let after = support::slots(&sim, &client, "A20047").await;
    assert!(after.iter().all(|s| s.slot_id != slot.slot_id));

    // Retrieve, read.
    let range = DateRange::starting(today(), 28);
    let listed = client
        .retrieve_appointments(&legg, &found[0].id, range)
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    let read = client.read_appointment(&legg, &booked.id).await.unwrap();
    assert_eq!(read.version_id, booked.version_id);

    // Amend.
    let amended = client
        .amend_appointment(&legg, &read, "Asthma review (annual)", None)
        .await
        .unwrap()
        .into_record()
        .unwrap();
    assert_ne!(
        amended.version_id, read.version_id,
        "versionId changes on every write"
    );
    assert_eq!(
        amended.appointment.description.as_deref(),
        Some("Asthma review (annual)")
    );
    assert_eq!(amended.appointment.comment, None);

    // A stale version is refused with 409.
    let stale = client
        .amend_appointment(&legg, &read, "Something else", None)
        .await
        .unwrap_err();
    assert_eq!(stale.http_status(), Some(409));
    assert!(stale.is_conflict());

    // Cancel: the slot is free again.
    let cancelled = client
        .cancel_appointment(&legg, &amended, "Patient unable to attend")
        .await
        .unwrap()
        .into_record()
        .unwrap();
    assert_eq!(
        cancelled.appointment.status,
        Some(AppointmentStatus::Cancelled)
    );
    assert_eq!(
        cancelled.appointment.cancellation_reason(),
        Some("Patient unable to attend")
    );
    let freed = support::slots(&sim, &client, "A20047").await;
    assert!(freed.iter().any(|s| s.slot_id == slot.slot_id));
    // Cancelled appointments still come back on retrieve.
    let listed = client
        .retrieve_appointments(&legg, &found[0].id, range)
        .await
        .unwrap();
    assert_eq!(
        listed[0].appointment.status,
        Some(AppointmentStatus::Cancelled)
    );
    // And cannot be amended any more.
    let err = client
        .amend_appointment(&legg, &cancelled, "x", None)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "VALIDATION");
}

#[tokio::test]
async fn federated_search_across_practices() {
    let sim = simulator().await;
    let client = client(&sim);
    let practices = support::client_practices(&sim);
    let outcomes: Vec<_> = client
        .search_federation(
            &practices,
            &support::query(&client, 14),
            &Federation::with_deadline(std::time::Duration::from_secs(10)),
        )
        .filter_map(|event| std::future::ready(event.answered()))
        .collect()
        .await;
    assert_eq!(outcomes.len(), 4);
    for outcome in &outcomes {
        let result = outcome.result.as_ref().unwrap();
        assert!(
            !result.slots.is_empty(),
            "{} has slots",
            outcome.practice.ods_code
        );
        assert!(
            result
                .slots
                .iter()
                .all(|s| s.practice_ods_code == outcome.practice.ods_code)
        );
    }
    // The hub only offers slots to urgent-care organisations (§8).
    let hub = practice(&sim, "R3B46");
    let as_gp = gpconnect::slots::SlotQuery {
        range: DateRange::starting(today(), 14),
        filters: SearchFilters {
            ods_code: Some(client.identity().organisation.ods_code.clone()),
            org_type: Some(gpconnect::OrganisationType::GpPractice),
        },
        service: None,
    };
    assert!(
        client
            .search_free_slots(&hub, &as_gp)
            .await
            .unwrap()
            .slots
            .is_empty()
    );
    // The Hepworth clinic schedule has no practitioner.
    let hepworth = support::slots(&sim, &client, "R1A15").await;
    assert!(
        hepworth
            .iter()
            .any(|s| s.practitioner.is_none() && s.practitioner_role.is_some())
    );
    // Dr Legg's has a branch surgery.
    let legg = support::slots(&sim, &client, "A20047").await;
    let locations: std::collections::BTreeSet<_> = legg
        .iter()
        .filter_map(|s| s.location.name.clone())
        .collect();
    assert!(
        locations.contains("Dr Legg's Branch Surgery")
            && locations.contains("Dr Legg's Main Surgery")
    );
}

#[tokio::test]
async fn patient_not_found_then_temporary_registration_then_booking() {
    let sim = simulator().await;
    let client = client(&sim);
    let gpc = practice(&sim, "GPC001");
    // CONWAY Julius, from RegisterPatients.csv: on PDS, registered nowhere.
    let nhs = NhsNumber::parse("9651258535").unwrap();
    assert!(client.find_patient(&gpc, &nhs).await.unwrap().is_empty());
    let registration = TemporaryRegistration {
        nhs_number: nhs.clone(),
        family_name: "Conway".into(),
        given_names: vec!["Julius".into()],
        prefix: Some("Mr".into()),
        birth_date: chrono::NaiveDate::from_ymd_opt(1924, 8, 16).unwrap(),
        gender: Some(Gender::Male),
        home_address: Some(PostalAddress {
            lines: vec!["12 Park Row".into()],
            city: Some("Leeds".into()),
            district: None,
            postcode: "LS1 5HD".into(),
        }),
        temporary_address: None,
        home_phone: None,
        mobile_phone: Some("07700 900123".into()),
        work_phone: None,
        temporary_phone: None,
        email: None,
        communication: None,
    };
    let patient = client
        .register_patient(&gpc, &registration)
        .await
        .unwrap()
        .into_record()
        .unwrap();
    assert_eq!(patient.registration_type.as_deref(), Some("T"));
    // Now found; registering again is refused, and the refusal is checked: the record is
    // there (an earlier attempt of ours), not someone else's.
    assert_eq!(
        client.find_patient(&gpc, &nhs).await.unwrap()[0].id,
        patient.id
    );
    let again = client.register_patient(&gpc, &registration).await.unwrap();
    let gpconnect::outcome::WriteOutcome::Confirmed { record, cause } = again else {
        panic!("{again:?}");
    };
    assert_eq!(cause.code(), "DUPLICATE_REJECTED");
    assert_eq!(record.id, patient.id);
    // Book two adjacent slots.
    let slots = support::slots(&sim, &client, "GPC001").await;
    let pair = adjacent_pair(&slots);
    let booked = client
        .book_appointment(
            &gpc,
            &BookingRequest {
                patient_id: patient.id.clone(),
                slots: pair.clone(),
                description: "Blood pressure check".into(),
                comment: None,
            },
        )
        .await
        .unwrap()
        .into_record()
        .unwrap();
    let summary = booked.summary();
    assert_eq!(summary.slot_ids.len(), 2);
    assert_eq!(summary.start, Some(pair[0].start));
    assert_eq!(summary.end, Some(pair[1].end));
}
