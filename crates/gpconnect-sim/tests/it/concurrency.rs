//! Many parallel bookings of one slot: exactly one is made; every other gets 409
//! DUPLICATE_REJECTED, which the client checks against the patient's appointments and so
//! reports as that one booking (same patient, same slot), never as a second.

use gpconnect::NhsNumber;
use gpconnect::appointments::BookingRequest;

use crate::support::{self, client, practice, simulator};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_bookings_of_one_slot_exactly_one_succeeds() {
    let sim = simulator().await;
    let client = client(&sim);
    let legg = practice(&sim, "A20047");
    let slot = support::slots(&sim, &client, "A20047").await.remove(0);
    let patient = client
        .find_patient(&legg, &NhsNumber::parse("9476719931").unwrap())
        .await
        .unwrap()
        .remove(0);
    let request = BookingRequest {
        patient_id: patient.id,
        slots: vec![slot],
        description: "Race".into(),
        comment: None,
    };
    let attempts: Vec<_> = (0..24)
        .map(|_| {
            let client = client.clone();
            let legg = legg.clone();
            let request = request.clone();
            tokio::spawn(async move { client.book_appointment(&legg, &request).await })
        })
        .collect();
    let mut booked = 0;
    let mut ids = std::collections::BTreeSet::new();
    for attempt in attempts {
        match attempt.await.unwrap() {
            Ok(gpconnect::outcome::WriteOutcome::Done(record)) => {
                booked += 1;
                ids.insert(record.id);
            }
            Ok(gpconnect::outcome::WriteOutcome::Confirmed { record, cause }) => {
                assert_eq!(cause.code(), "DUPLICATE_REJECTED", "{cause}");
                assert_eq!(cause.http_status(), Some(409));
                ids.insert(record.id);
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(booked, 1, "one booking made");
    assert_eq!(ids.len(), 1, "every attempt reports that one appointment");
}
