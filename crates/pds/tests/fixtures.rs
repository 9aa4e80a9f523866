//! The PDS specification's own example answers (`tests/fixtures/pds/`, copied unchanged from
//! NHSDigital/personal-demographics-service-api) read through the client's readers: what a
//! full, restricted and minimal record mean, a search Bundle in PDS's order, too many
//! matches, and the error bodies.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use chrono::NaiveDate;
use pds::client::{read_patient, read_refusal, read_search};
use pds::{Error, PdsCode};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/fixtures/pds/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[test]
fn the_full_example_while_its_periods_are_current() {
    let patient = read_patient(&fixture("Patient.json"), day(2025, 6, 1)).unwrap();
    assert_eq!(patient.nhs_number.as_str(), "9000000009");
    assert!(patient.verification.as_ref().unwrap().is_verified());
    assert_eq!(patient.name, "Mrs Jane Smith");
    assert_eq!(patient.birth_date, Some(day(2010, 10, 22)));
    assert_eq!(
        patient.deceased.as_ref().unwrap().date,
        Some(day(2010, 10, 22))
    );
    let address = patient.address.unwrap();
    assert_eq!(address.postcode.as_deref(), Some("LS1 6AE"));
    assert_eq!(address.lines[0], "1 Trevelyan Square");
    assert_eq!(patient.registered_practice.unwrap().as_str(), "Y12345");
    assert!(!patient.restricted);
    assert_eq!(patient.version_id.as_deref(), Some("2"));
    assert!(patient.contacts.iter().any(|c| c.value == "01632960587"));
}

#[test]
fn after_its_periods_end_the_registration_is_not_current_but_the_name_stays() {
    let patient = read_patient(&fixture("Patient.json"), day(2026, 3, 2)).unwrap();
    assert_eq!(patient.registered_practice, None);
    assert_eq!(patient.family_name.as_deref(), Some("Smith"));
    assert!(
        patient
            .contacts
            .iter()
            .all(|c| c.value != "jane.smith@example.com")
    );
}

#[test]
fn the_restricted_example_has_nothing_that_locates_her() {
    let patient = read_patient(&fixture("Sensitive_Patient.json"), day(2025, 6, 1)).unwrap();
    assert!(patient.restricted);
    assert_eq!(patient.address, None);
    assert_eq!(patient.registered_practice, None);
    assert!(patient.contacts.is_empty());
    let minimal = read_patient(&fixture("Minimal_Patient.json"), day(2025, 6, 1)).unwrap();
    assert_eq!(minimal.nhs_number.as_str(), "9000000033");
    assert_eq!(minimal.name, "");
    assert!(!minimal.restricted);
}

#[test]
fn search_bundles_keep_pds_order_and_restricted_matches_lose_their_address() {
    let found = read_search(&fixture("PatientSearch.json"), day(2025, 6, 1)).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].nhs_number.as_str(), "9000000009");
    let sensitive = read_search(&fixture("Sensitive_PatientSearch.json"), day(2025, 6, 1)).unwrap();
    assert!(
        sensitive
            .iter()
            .all(|p| p.restricted && p.address.is_none())
    );
}

#[test]
fn too_many_matches_is_its_own_error() {
    let error = read_search(&fixture("TOO_MANY_MATCHES.json"), day(2025, 6, 1)).unwrap_err();
    assert_eq!(error, Error::TooManyMatches);
}

#[test]
fn error_bodies_give_their_codes() {
    for (file, status, code) in [
        (
            "INVALIDATED_RESOURCE.json",
            404,
            PdsCode::InvalidatedResource,
        ),
        ("RESOURCE_NOT_FOUND.json", 404, PdsCode::ResourceNotFound),
        ("INVALID_RESOURCE_ID.json", 400, PdsCode::InvalidResourceId),
        ("INVALID_SEARCH_DATA.json", 400, PdsCode::InvalidSearchData),
        ("ACCESS_DENIED.json", 401, PdsCode::AccessDenied),
        ("MISSING_VALUE.json", 400, PdsCode::MissingValue),
    ] {
        let error = read_refusal(status, &fixture(file));
        assert_eq!(error.pds_code(), Some(code), "{file}");
        assert_eq!(error.http_status(), Some(status), "{file}");
    }
    assert_eq!(
        read_refusal(502, b"<html>bad gateway</html>"),
        Error::Http { status: 502 }
    );
}
