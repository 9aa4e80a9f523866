//! Managing a patient's appointments across practices: the list, changes as of a version
//! (the 409 path), and reschedule as book-then-cancel with each failure.

use gpconnect::NhsNumber;
use gpconnect::appointments::BookingRequest;
use gpconnect::fhir::AppointmentStatus;
use gpconnect::manage::{ChangeOutcome, RescheduleOutcome};
use gpconnect::patients::{PatientRecord, TemporaryRegistration};
use gpconnect::time::DateRange;
use gpconnect_sim::{Faults, Simulator};

use crate::support::{self, client, practice, simulator, today};

const DAWES: &str = "9476719931";

async fn patient_at(sim: &Simulator, client: &gpconnect::Client, ods: &str) -> PatientRecord {
    let at = practice(sim, ods);
    let nhs = NhsNumber::parse(DAWES).unwrap();
    if let Some(found) = client.find_patient(&at, &nhs).await.unwrap().pop() {
        return found;
    }
    let registration = TemporaryRegistration {
        nhs_number: nhs,
        family_name: "Dawes".into(),
        given_names: vec!["Minnie".into()],
        prefix: None,
        birth_date: chrono::NaiveDate::from_ymd_opt(1952, 5, 31).unwrap(),
        gender: None,
        home_address: None,
        temporary_address: None,
        home_phone: None,
        mobile_phone: None,
        work_phone: None,
        temporary_phone: None,
        email: None,
        communication: None,
    };
    client
        .register_patient(&at, &registration)
        .await
        .unwrap()
        .into_record()
        .unwrap()
}

async fn book(
    sim: &Simulator,
    client: &gpconnect::Client,
    ods: &str,
    index: usize,
) -> gpconnect::appointments::AppointmentRecord {
    let patient = patient_at(sim, client, ods).await;
    let slot = support::slots(sim, client, ods).await.remove(index);
    client
        .book_appointment(
            &practice(sim, ods),
            &BookingRequest {
                patient_id: patient.id,
                slots: vec![slot],
                description: format!("Review at {ods}"),
                comment: None,
            },
        )
        .await
        .unwrap()
        .into_record()
        .unwrap()
}

#[tokio::test]
async fn the_list_covers_every_practice_the_patient_is_known_at() {
    let sim = simulator().await;
    let client = client(&sim);
    book(&sim, &client, "A20047", 0).await;
    book(&sim, &client, "GPC001", 0).await;
    let nhs = NhsNumber::parse(DAWES).unwrap();
    let range = DateRange::starting(today(), 28);
    let legg = client
        .patient_appointments(&practice(&sim, "A20047"), &nhs, range)
        .await
        .unwrap();
    assert_eq!(legg.appointments.len(), 1);
    let gpc = client
        .patient_appointments(&practice(&sim, "GPC001"), &nhs, range)
        .await
        .unwrap();
    assert_eq!(gpc.appointments.len(), 1);
    assert_eq!(gpc.patient.unwrap().registration_type.as_deref(), Some("T"));
    let hepworth = client
        .patient_appointments(&practice(&sim, "R1A15"), &nhs, range)
        .await
        .unwrap();
    assert!(hepworth.patient.is_none() && hepworth.appointments.is_empty());
}

#[tokio::test]
async fn amend_and_cancel_as_of_a_version_report_conflicts() {
    let sim = simulator().await;
    let client = client(&sim);
    let legg = practice(&sim, "A20047");
    let booked = book(&sim, &client, "A20047", 0).await;
    let seen = booked.version_id.clone();
    // Another client amends it first.
    assert!(sim.state().touch_appointment(
        "A20047",
        booked.id.as_str(),
        Some("Changed elsewhere"),
        None
    ));
    match client
        .amend_as_of(&legg, &booked.id, seen.as_deref(), "My edit", None)
        .await
        .unwrap()
    {
        ChangeOutcome::Conflict(current) => {
            assert_eq!(
                current.appointment.description.as_deref(),
                Some("Changed elsewhere")
            );
            // Apply the edit again, as of the current version.
            match client
                .amend_as_of(
                    &legg,
                    &booked.id,
                    current.version_id.as_deref(),
                    "My edit",
                    None,
                )
                .await
                .unwrap()
            {
                ChangeOutcome::Changed(changed) => {
                    assert_eq!(changed.appointment.description.as_deref(), Some("My edit"))
                }
                other => panic!("{other:?}"),
            }
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    // The same race on cancel.
    let now = client.read_appointment(&legg, &booked.id).await.unwrap();
    assert!(
        sim.state()
            .touch_appointment("A20047", booked.id.as_str(), None, Some("note"))
    );
    assert!(matches!(
        client
            .cancel_as_of(&legg, &booked.id, now.version_id.as_deref(), "Unwell")
            .await
            .unwrap(),
        ChangeOutcome::Conflict(_)
    ));
    match client
        .cancel_as_of(&legg, &booked.id, None, "Unwell")
        .await
        .unwrap()
    {
        ChangeOutcome::Changed(cancelled) => assert_eq!(
            cancelled.appointment.status,
            Some(AppointmentStatus::Cancelled)
        ),
        other => panic!("{other:?}"),
    }
}

async fn reschedule_to(
    sim: &Simulator,
    client: &gpconnect::Client,
    old: &gpconnect::appointments::AppointmentRecord,
    to: &str,
    index: usize,
) -> (RescheduleOutcome, gpconnect::slots::BookableSlot) {
    let patient = patient_at(sim, client, to).await;
    let slot = support::slots(sim, client, to).await.remove(index);
    let request = BookingRequest {
        patient_id: patient.id,
        slots: vec![slot.clone()],
        description: "Moved".into(),
        comment: None,
    };
    let outcome = client
        .reschedule(
            &practice(sim, "A20047"),
            &old.id,
            old.version_id.as_deref(),
            &practice(sim, to),
            &request,
            "Patient asked to move",
        )
        .await
        .unwrap();
    (outcome, slot)
}

#[tokio::test]
async fn reschedule_books_first_then_cancels() {
    let sim = simulator().await;
    let client = client(&sim);
    let old = book(&sim, &client, "A20047", 0).await;
    let (outcome, _) = reschedule_to(&sim, &client, &old, "GPC001", 3).await;
    let RescheduleOutcome::Rescheduled { booked, cancelled } = outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(cancelled.id, old.id);
    assert_eq!(
        cancelled.appointment.status,
        Some(AppointmentStatus::Cancelled)
    );
    assert_eq!(booked.appointment.status, Some(AppointmentStatus::Booked));
}

#[tokio::test]
async fn reschedule_keeps_the_old_appointment_when_the_new_booking_fails() {
    let sim = simulator().await;
    let client = client(&sim);
    let legg = practice(&sim, "A20047");
    let old = book(&sim, &client, "A20047", 0).await;
    // The new slot is taken by someone else between the search and the booking: 409.
    let patient = patient_at(&sim, &client, "GPC001").await;
    let slot = support::slots(&sim, &client, "GPC001").await.remove(2);
    assert!(sim.state().take_slot("GPC001", slot.slot_id.as_str()));
    let request = BookingRequest {
        patient_id: patient.id,
        slots: vec![slot],
        description: "Moved".into(),
        comment: None,
    };
    let outcome = client
        .reschedule(
            &legg,
            &old.id,
            old.version_id.as_deref(),
            &practice(&sim, "GPC001"),
            &request,
            "Patient asked to move",
        )
        .await
        .unwrap();
    match outcome {
        RescheduleOutcome::NotRescheduled(error) => assert_eq!(error.code(), "DUPLICATE_REJECTED"),
        other => panic!("{other:?}"),
    }
    // A practice failing writes with 500: the booking may have been made, so nothing is
    // cancelled and the outcome stays unknown (never "not rescheduled, try again").
    sim.set_faults(
        "GPC001",
        Faults {
            write_status: Some(500),
            ..Faults::default()
        },
    );
    let (outcome, _) = reschedule_to(&sim, &client, &old, "GPC001", 4).await;
    assert!(
        matches!(outcome, RescheduleOutcome::BookingUnknown { .. }),
        "{outcome:?}"
    );
    let still = client.read_appointment(&legg, &old.id).await.unwrap();
    assert_eq!(
        still.appointment.status,
        Some(AppointmentStatus::Booked),
        "the old one is kept"
    );
}

#[tokio::test]
async fn a_failed_cancel_leaves_two_appointments_and_says_which() {
    let sim = simulator().await;
    let client = client(&sim);
    let old = book(&sim, &client, "A20047", 0).await;
    sim.set_faults(
        "A20047",
        Faults {
            write_status: Some(500),
            ..Faults::default()
        },
    );
    let (outcome, slot) = reschedule_to(&sim, &client, &old, "GPC001", 5).await;
    let RescheduleOutcome::CancelFailed {
        booked,
        old: kept,
        error,
    } = outcome
    else {
        panic!("{outcome:?}");
    };
    assert_eq!(kept.id, old.id);
    assert_eq!(error.http_status(), Some(500));
    assert!(booked.summary().slot_ids.contains(&slot.slot_id));
    sim.set_faults("A20047", Faults::default());
    let nhs = NhsNumber::parse(DAWES).unwrap();
    let range = DateRange::starting(today(), 28);
    let legg = client
        .patient_appointments(&practice(&sim, "A20047"), &nhs, range)
        .await
        .unwrap();
    assert_eq!(
        legg.appointments[0].appointment.status,
        Some(AppointmentStatus::Booked)
    );
}

async fn appointments_at(
    sim: &Simulator,
    client: &gpconnect::Client,
    ods: &str,
) -> Vec<gpconnect::appointments::AppointmentRecord> {
    let nhs = NhsNumber::parse(DAWES).unwrap();
    let range = DateRange::starting(today(), 28);
    client
        .patient_appointments(&practice(sim, ods), &nhs, range)
        .await
        .unwrap()
        .appointments
}

#[tokio::test]
async fn a_conflict_on_the_put_itself_is_answered_with_the_appointment_as_it_now_is() {
    let sim = simulator().await;
    let client = client(&sim);
    let legg = practice(&sim, "A20047");
    let booked = book(&sim, &client, "A20047", 0).await;
    // The version read matches, but another client's change lands just before the PUT.
    sim.set_faults(
        "A20047",
        Faults {
            race_updates: true,
            ..Faults::default()
        },
    );
    let outcome = client
        .amend_as_of(
            &legg,
            &booked.id,
            booked.version_id.as_deref(),
            "My edit",
            None,
        )
        .await
        .unwrap();
    let ChangeOutcome::Conflict(current) = outcome else {
        panic!("expected a conflict, got {outcome:?}");
    };
    assert_eq!(
        current.appointment.comment.as_deref(),
        Some("Changed by another client")
    );
    assert_ne!(current.version_id, booked.version_id);
    sim.set_faults("A20047", Faults::default());
    let now = client.read_appointment(&legg, &booked.id).await.unwrap();
    assert_eq!(
        now.appointment.description, booked.appointment.description,
        "my edit was not applied"
    );
}

#[tokio::test]
async fn reschedule_refuses_a_stale_version_and_books_nothing() {
    let sim = simulator().await;
    let client = client(&sim);
    let old = book(&sim, &client, "A20047", 0).await;
    patient_at(&sim, &client, "GPC001").await;
    assert!(sim.state().touch_appointment(
        "A20047",
        old.id.as_str(),
        Some("Changed elsewhere"),
        None
    ));
    let (outcome, _) = reschedule_to(&sim, &client, &old, "GPC001", 1).await;
    let RescheduleOutcome::Conflict(current) = outcome else {
        panic!("expected a conflict, got {outcome:?}");
    };
    assert_eq!(
        current.appointment.description.as_deref(),
        Some("Changed elsewhere")
    );
    assert!(appointments_at(&sim, &client, "GPC001").await.is_empty());
    assert_eq!(
        appointments_at(&sim, &client, "A20047").await[0]
            .appointment
            .status,
        Some(AppointmentStatus::Booked)
    );
}

#[tokio::test]
async fn reschedule_checks_a_lost_cancel_answer_by_reading() {
    let sim = simulator().await;
    let client = client(&sim);
    let old = book(&sim, &client, "A20047", 0).await;
    // The cancel is committed but its answer is lost.
    sim.set_faults(
        "A20047",
        Faults {
            drop_after_update: true,
            ..Faults::default()
        },
    );
    let (outcome, _) = reschedule_to(&sim, &client, &old, "GPC001", 2).await;
    let RescheduleOutcome::Rescheduled { cancelled, .. } = outcome else {
        panic!("the read shows the cancel went through: {outcome:?}");
    };
    assert_eq!(
        cancelled.appointment.status,
        Some(AppointmentStatus::Cancelled)
    );
}

#[tokio::test]
async fn a_lost_booking_answer_that_cannot_be_checked_is_reported_as_unknown() {
    let sim = simulator().await;
    let client = client(&sim);
    let old = book(&sim, &client, "A20047", 0).await;
    let patient = patient_at(&sim, &client, "GPC001").await;
    let slot = support::slots(&sim, &client, "GPC001").await.remove(3);
    let request = BookingRequest {
        patient_id: patient.id,
        slots: vec![slot.clone()],
        description: "Moved".into(),
        comment: None,
    };
    // The booking is committed, its answer lost, and the practice cannot be read to check.
    sim.set_faults(
        "GPC001",
        Faults {
            drop_after_booking: true,
            read_status: Some(500),
            ..Faults::default()
        },
    );
    let outcome = client
        .reschedule(
            &practice(&sim, "A20047"),
            &old.id,
            old.version_id.as_deref(),
            &practice(&sim, "GPC001"),
            &request,
            "Patient asked to move",
        )
        .await
        .unwrap();
    let RescheduleOutcome::BookingUnknown { cause: error, .. } = outcome else {
        panic!("expected an unknown outcome, got {outcome:?}");
    };
    assert!(error.outcome_unknown());
    sim.set_faults("GPC001", Faults::default());
    // It was in fact booked, and the old appointment was left alone.
    let at_gpc = appointments_at(&sim, &client, "GPC001").await;
    assert!(at_gpc[0].summary().slot_ids.contains(&slot.slot_id));
    assert_eq!(
        appointments_at(&sim, &client, "A20047").await[0]
            .appointment
            .status,
        Some(AppointmentStatus::Booked)
    );
}

#[tokio::test]
async fn reschedule_at_the_same_practice_refuses_another_patients_booking() {
    let sim = simulator().await;
    let client = client(&sim);
    let legg = practice(&sim, "A20047");
    let old = book(&sim, &client, "A20047", 0).await;
    let slot = support::slots(&sim, &client, "A20047").await.remove(1);
    let request = BookingRequest {
        patient_id: gpconnect::ids::PatientId::parse("999").unwrap(),
        slots: vec![slot],
        description: "Moved".into(),
        comment: None,
    };
    let refused = client
        .reschedule(
            &legg,
            &old.id,
            old.version_id.as_deref(),
            &legg,
            &request,
            "Patient asked to move",
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, gpconnect::Error::Validation { fields } if fields[0].field == "patient"),
        "{refused:?}"
    );
    assert_eq!(
        appointments_at(&sim, &client, "A20047").await.len(),
        1,
        "nothing booked"
    );
}
