//! What 111 call handlers and hubs meet (issue 12), client against simulator: the hub's
//! round-the-clock urgent treatment centre; 1.2.8 service filtering (`service.identifier`,
//! the filtering status, the service's name, `NO_RECORD_FOUND`); the proxy throttling reads
//! with `Retry-After`; a later 14-day window failing while the first is kept; the 1.2.9 home
//! visit that cannot be changed; the patient's language at registration; the preferred
//! branch surgery; and finding the patient at every practice at once under the cap.

use std::time::{Duration, Instant};

use chrono::Utc;
use futures::StreamExt;
use gpconnect::federation::{Federation, FederationEvent, FederationLimits};
use gpconnect::fhir::AppointmentStatus;
use gpconnect::fhir::DeliveryChannel;
use gpconnect::patients::{Gender, NhsCommunication, PostalAddress, TemporaryRegistration};
use gpconnect::slots::{ServiceFiltering, SlotQuery};
use gpconnect::time::DateRange;
use gpconnect::{NhsNumber, ProxyErrorKind};
use gpconnect_sim::Faults;
use gpconnect_sim::seed::DEMO_DOS_SERVICE_ID;

use crate::support::{client, practice, query, simulator, today};

const DAWES: &str = "9476719931";

fn with_service(client: &gpconnect::Client, days: u32, service: &str) -> SlotQuery {
    SlotQuery {
        service: Some(service.to_owned()),
        ..query(client, days)
    }
}

#[tokio::test]
async fn the_hub_has_urgent_slots_within_six_hours_at_any_time_of_day() {
    let sim = simulator().await;
    let client = client(&sim);
    let found = client
        .search_free_slots(&practice(&sim, "R3B46"), &query(&client, 2))
        .await
        .unwrap();
    let soon = Utc::now() + chrono::Duration::hours(6);
    let urgent: Vec<_> = found
        .slots
        .iter()
        .filter(|s| s.schedule_type.as_deref() == Some("Urgent Treatment Centre"))
        .collect();
    assert!(
        urgent.iter().any(|s| s.start.with_timezone(&Utc) <= soon),
        "a slot within six hours"
    );
    assert!(
        urgent
            .iter()
            .any(|s| s.delivery_channel == Some(DeliveryChannel::Telephone))
    );
    assert!(
        urgent.iter().all(|s| s.healthcare_service.is_none()),
        "the HealthcareService is only asked for with a DoS id"
    );
    assert_eq!(found.service_filtering, None, "no DoS id sent, no status");
}

#[tokio::test]
async fn service_filtering_as_each_practice_has_it_switched() {
    let sim = simulator().await;
    let client = client(&sim);
    let hub = client
        .search_free_slots(
            &practice(&sim, "R3B46"),
            &with_service(&client, 7, DEMO_DOS_SERVICE_ID),
        )
        .await
        .unwrap();
    assert_eq!(hub.service_filtering, Some(ServiceFiltering::Enabled));
    assert!(!hub.slots.is_empty());
    assert!(
        hub.slots
            .iter()
            .all(|s| s.schedule_type.as_deref() == Some("Urgent Treatment Centre")),
        "only the service's slots"
    );
    assert!(
        hub.slots
            .iter()
            .all(|s| s.healthcare_service.as_deref() == Some("Leeds Urgent Treatment Centre")),
        "the service's name comes with the Schedule's HealthcareService actor"
    );
    let unknown = client
        .search_free_slots(&practice(&sim, "R3B46"), &with_service(&client, 7, "999"))
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), "NO_RECORD_FOUND");
    assert_eq!(unknown.http_status(), Some(404));
    let legg = client
        .search_free_slots(
            &practice(&sim, "A20047"),
            &with_service(&client, 7, DEMO_DOS_SERVICE_ID),
        )
        .await
        .unwrap();
    assert_eq!(
        legg.service_filtering,
        Some(ServiceFiltering::OrganizationDisabled)
    );
    assert!(!legg.slots.is_empty(), "filtering off: every slot");
}

#[tokio::test]
async fn a_throttled_read_waits_as_the_proxy_asks_then_succeeds() {
    let sim = simulator().await;
    let client = client(&sim);
    sim.set_faults(
        "GPC001",
        Faults {
            throttle_reads: Some(429),
            retry_after_seconds: Some(1),
            throttle_times: 1,
            ..Faults::default()
        },
    );
    let started = Instant::now();
    let found = client
        .search_free_slots(&practice(&sim, "GPC001"), &query(&client, 7))
        .await
        .unwrap();
    assert!(!found.slots.is_empty());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for Retry-After, not the 20 ms back-off"
    );
    // Asked to wait far longer than a patient can: the error comes back at once.
    sim.set_faults(
        "GPC001",
        Faults {
            throttle_reads: Some(503),
            retry_after_seconds: Some(120),
            ..Faults::default()
        },
    );
    let started = Instant::now();
    let error = client
        .search_free_slots(&practice(&sim, "GPC001"), &query(&client, 7))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(matches!(&error, gpconnect::Error::Proxy(p) if p.kind == ProxyErrorKind::Throttled));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
}

#[tokio::test]
async fn a_failing_second_window_keeps_the_first_windows_slots() {
    let sim = simulator().await;
    let client = client(&sim);
    sim.set_faults(
        "A20047",
        Faults {
            fail_slot_search_from_day: Some(14),
            ..Faults::default()
        },
    );
    let found = client
        .search_free_slots(&practice(&sim, "A20047"), &query(&client, 28))
        .await
        .unwrap();
    assert!(!found.slots.is_empty(), "the first fortnight's slots");
    assert_eq!(found.missing.len(), 1);
    let missing = &found.missing[0];
    assert_eq!(
        missing.range,
        DateRange::starting(today() + chrono::Days::new(14), 14)
    );
    assert_eq!(missing.code, "PROVIDER_UNREACHABLE");
    let last_day = today() + chrono::Days::new(13);
    assert!(found.slots.iter().all(|s| s.start.date_naive() <= last_day));
}

#[tokio::test]
async fn a_home_visit_is_listed_but_cannot_be_changed() {
    let sim = simulator().await;
    let client = client(&sim);
    let legg = practice(&sim, "A20047");
    let id = sim.state().add_visit("A20047", DAWES).unwrap();
    let nhs = NhsNumber::parse(DAWES).unwrap();
    let found = client
        .patient_appointments(&legg, &nhs, DateRange::starting(today(), 7))
        .await
        .unwrap();
    let visit = found
        .appointments
        .iter()
        .find(|a| a.id.as_str() == id)
        .unwrap();
    assert_eq!(
        visit.appointment.delivery_channel(),
        Some(DeliveryChannel::Visit)
    );
    assert_eq!(visit.appointment.status, Some(AppointmentStatus::Booked));
    let refused = visit.check_changeable(Utc::now()).unwrap_err();
    assert!(refused.to_string().contains("home visit"), "{refused}");
    let location = client
        .read_location(&legg, &gpconnect::ids::LocationId::parse("visit").unwrap())
        .await
        .unwrap();
    let summary = gpconnect::directory::LocationSummary::of(&location);
    assert_eq!(
        summary.name.as_deref(),
        Some("Contact practice for location of the visit")
    );
    assert!(
        summary.address.is_empty(),
        "\"Unknown\" is not shown as an address"
    );
}

#[tokio::test]
async fn the_language_sent_at_registration_comes_back_and_branch_preferences_are_held() {
    let sim = simulator().await;
    let client = client(&sim);
    let hepworth = practice(&sim, "R1A15");
    let registration = TemporaryRegistration {
        nhs_number: NhsNumber::parse(DAWES).unwrap(),
        family_name: "Dawes".into(),
        given_names: vec!["Minnie".into()],
        prefix: None,
        birth_date: chrono::NaiveDate::from_ymd_opt(1952, 5, 31).unwrap(),
        gender: Some(Gender::Female),
        home_address: Some(PostalAddress {
            lines: vec!["24 Grammar School Road".into()],
            city: Some("Brigg".into()),
            district: None,
            postcode: "DN20 8AF".into(),
        }),
        temporary_address: None,
        home_phone: None,
        mobile_phone: None,
        work_phone: None,
        temporary_phone: None,
        email: None,
        communication: Some(NhsCommunication {
            language_code: "pa".into(),
            language: Some("Panjabi".into()),
            interpreter_required: true,
        }),
    };
    let record = client
        .register_patient(&hepworth, &registration)
        .await
        .unwrap()
        .into_record()
        .expect("registered");
    let communication = record.communication.unwrap();
    assert_eq!(communication.language_code, "pa");
    assert!(communication.interpreter_required);
    // Dr Legg's has a branch surgery: its patients' preferences name one of its locations.
    let legg = practice(&sim, "A20047");
    let dawes = client
        .find_single_patient(&legg, &NhsNumber::parse(DAWES).unwrap())
        .await
        .unwrap()
        .unwrap();
    let branch = dawes.preferred_branch_surgery.unwrap();
    assert!(["16", "17"].contains(&branch.as_str()));
}

#[tokio::test]
async fn the_patient_is_found_everywhere_at_once_under_the_cap() {
    let sim = simulator().await;
    let client = client(&sim);
    let practices = crate::support::client_practices(&sim);
    let federation = Federation::new(FederationLimits {
        max_concurrent: 2,
        deadline: Duration::from_secs(10),
    });
    let events: Vec<_> = client
        .find_patient_federation(&practices, &NhsNumber::parse(DAWES).unwrap(), &federation)
        .collect()
        .await;
    let answers: Vec<_> = events
        .into_iter()
        .filter_map(FederationEvent::answered)
        .collect();
    assert_eq!(answers.len(), practices.len());
    for answer in &answers {
        let record = answer.result.as_ref().unwrap();
        assert_eq!(
            record.is_some(),
            answer.practice.ods_code.as_str() == "A20047",
            "Minnie Dawes is registered at Dr Legg's only ({})",
            answer.practice.ods_code
        );
    }
}
