//! The PDS client against the simulator's stand-in of the NHS API platform (HTTPS on
//! loopback, the token exchange of a real CIS2 stand-in sign-in): each case of the issue
//! through the client. A registered practice, a deceased patient, a sensitive one, a
//! superseded number, an invalidated one, no such patient, a search in PDS's order, too many
//! matches, throttling repeated with the same `X-Request-ID`, a refused token exchanged
//! again, and the application's key refused.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::time::Duration;

use chrono::NaiveDate;
use gpconnect::patients::Gender;
use gpconnect::secret::Sensitive;
use gpconnect::{NhsNumber, RetryPolicy, Timeouts};
use gpconnect_sim::cis2::browser::{Answer, answer};
use gpconnect_sim::cis2::{DEMO_CLIENT_ID, DEMO_CLIENT_KEY_ID};
use gpconnect_sim::pds::{DEMO_API_KEY, DEMO_KEY_ID, PdsFaults};
use gpconnect_sim::{SimConfig, SimOptions, Simulator};
use pds::{ApplicationKey, BirthDate, Block, Error, PdsClient, PdsSettings, PdsUser, SearchQuery};

/// The receptionist's second role (at Y90002) and first (at Y90001).
const SAM: &str = "555000000002";
const SAM_ROLE: &str = "555000000201";

async fn start() -> Simulator {
    Simulator::start(SimOptions::temporary(SimConfig::demo()))
        .await
        .unwrap()
}

/// Signs Sam in through the CIS2 stand-in; the raw ID token.
async fn id_token(sim: &Simulator) -> String {
    let config = cis2::ProviderConfig {
        issuer: sim.cis2_issuer(),
        client_id: DEMO_CLIENT_ID.to_owned(),
        client_auth: cis2::ClientAuth::PrivateKeyJwt {
            key_pem: cis2::Secret::new(
                std::fs::read_to_string(sim.cis2_client_key_path()).unwrap(),
            ),
            key_id: DEMO_CLIENT_KEY_ID.to_owned(),
            algorithm: cis2::AssertionAlgorithm::Rs512,
        },
        redirect_port: 0,
        scopes: vec![],
        acr_values: None,
        requirements: cis2::Requirements::default(),
        allow_loopback_http: true,
        request_timeout: Duration::from_secs(10),
    };
    let provider = cis2::Provider::discover(config).await.unwrap();
    let (sender, receiver) = tokio::sync::oneshot::channel::<String>();
    let driver = tokio::spawn(async move {
        let url = receiver.await.unwrap();
        let reply = Answer::SignIn {
            uid: SAM.to_owned(),
            role_id: SAM_ROLE.to_owned(),
        };
        answer(&url, &reply).await
    });
    let signed_in = cis2::sign_in(
        &provider,
        |pending| {
            sender.send(pending.url.clone()).unwrap();
            Ok(())
        },
        Duration::from_secs(20),
        chrono::Utc::now,
    )
    .await
    .unwrap();
    driver.await.unwrap().unwrap();
    signed_in.id_token.expose().clone()
}

fn settings(sim: &Simulator) -> PdsSettings {
    PdsSettings {
        base_url: sim.pds_url(),
        token_url: sim.token_url(),
        key: ApplicationKey {
            api_key: Sensitive::new(DEMO_API_KEY.to_owned()),
            private_key_pem: Sensitive::new(
                std::fs::read_to_string(sim.pds_client_key_path()).unwrap(),
            ),
            key_id: DEMO_KEY_ID.to_owned(),
        },
        extra_trusted_ca_pem: Some(sim.pki().ca_certificate_pem.clone().into_bytes()),
        timeouts: Timeouts {
            connect: Duration::from_secs(5),
            request: Duration::from_secs(10),
        },
        retry: RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(10),
        },
    }
}

async fn client(sim: &Simulator) -> PdsClient {
    PdsClient::new(
        settings(sim),
        PdsUser {
            id_token: Sensitive::new(id_token(sim).await),
            role_id: SAM_ROLE.to_owned(),
            organisation: Some("Y90001".to_owned()),
        },
    )
    .unwrap()
}

fn nhs(text: &str) -> NhsNumber {
    NhsNumber::parse(text).unwrap()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn each_case_of_the_stand_in_through_the_client() {
    let sim = start().await;
    let pds = client(&sim).await;

    // Registered at a practice of the federation, verified, with her address.
    let dawes = pds.retrieve(&nhs("9476719931")).await.unwrap();
    assert!(!dawes.superseded);
    let patient = &dawes.patient;
    assert_eq!(
        patient.registered_practice.as_ref().unwrap().as_str(),
        "A20047"
    );
    assert!(patient.verification.as_ref().unwrap().is_verified());
    assert_eq!(patient.family_name.as_deref(), Some("DAWES"));
    assert_eq!(patient.birth_date, Some(day(1952, 5, 31)));
    assert_eq!(patient.gender, Some(Gender::Female));
    assert_eq!(
        patient.address.as_ref().unwrap().postcode.as_deref(),
        Some("DN20 8AF")
    );
    assert_eq!(dawes.booking_block(), None);

    // Deceased: no booking.
    let phelan = pds.retrieve(&nhs("9476719974")).await.unwrap();
    assert_eq!(
        phelan.patient.deceased.as_ref().unwrap().date,
        Some(day(2007, 7, 10))
    );
    assert_eq!(phelan.booking_block(), Some(Block::Deceased));

    // Sensitive: nothing that locates her, and no GP Connect at all.
    let hardy = pds.retrieve(&nhs("9476113162")).await.unwrap();
    assert!(hardy.patient.restricted);
    assert_eq!(hardy.patient.address, None);
    assert_eq!(hardy.patient.registered_practice, None);
    assert_eq!(hardy.gp_connect_block(), Some(Block::Sensitive));

    // Superseded: the current record, and the change is visible.
    let merged = pds.retrieve(&nhs("9990000018")).await.unwrap();
    assert!(merged.superseded);
    assert_eq!(merged.requested.as_str(), "9990000018");
    assert_eq!(merged.patient.nhs_number.as_str(), "9476719923");

    // Invalidated, and unknown.
    assert!(
        pds.retrieve(&nhs("9990000026"))
            .await
            .unwrap_err()
            .is_invalidated()
    );
    assert!(
        pds.retrieve(&nhs("9990000034"))
            .await
            .unwrap_err()
            .is_not_found()
    );

    // Registered outside the federation: the ODS code PDS holds.
    let lowday = pds.retrieve(&nhs("9476730129")).await.unwrap();
    assert_eq!(
        lowday.patient.registered_practice.unwrap().as_str(),
        "A21474"
    );

    // Every request carried the headers, one X-Request-ID each, and the role.
    let requests = sim.pds().requests();
    assert_eq!(requests.len(), 7);
    assert!(
        requests
            .iter()
            .all(|r| r.session_urid.as_deref() == Some(SAM_ROLE)
                && r.end_user_organisation.as_deref() == Some("Y90001")
                && r.correlation_id.is_some()
                && r.user.as_deref() == Some(SAM))
    );
    let mut ids: Vec<_> = requests
        .iter()
        .map(|r| r.request_id.clone().unwrap())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 7);
}

#[tokio::test]
async fn a_caller_without_a_number_is_found_by_name_date_of_birth_and_postcode() {
    let sim = start().await;
    let pds = client(&sim).await;
    // Dolly Banton has moved: PDS has her new postcode.
    let query = SearchQuery {
        family_name: Some("banton".into()),
        birth_date: Some(BirthDate::On(day(1955, 9, 18))),
        postcode: Some("DN161HQ".into()),
        max_results: Some(10),
        ..SearchQuery::default()
    };
    let found = pds.search(&query).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].nhs_number.as_str(), "9476719958");
    assert_eq!(
        found[0].registered_practice.as_ref().unwrap().as_str(),
        "A20047"
    );
    // The old postcode finds no one.
    let old = SearchQuery {
        postcode: Some("DN16 2BZ".into()),
        ..query.clone()
    };
    assert!(pds.search(&old).await.unwrap().is_empty());
    // A sensitive patient is never found by postcode.
    let hardy = SearchQuery {
        family_name: Some("HARDY".into()),
        birth_date: Some(BirthDate::On(day(1953, 11, 2))),
        postcode: Some("DN17 2EQ".into()),
        ..SearchQuery::default()
    };
    assert!(pds.search(&hardy).await.unwrap().is_empty());
    let without_postcode = SearchQuery {
        postcode: None,
        ..hardy
    };
    let found = pds.search(&without_postcode).await.unwrap();
    assert!(found[0].restricted && found[0].address.is_none());
}

#[tokio::test]
async fn a_wide_search_comes_back_in_pds_order_or_as_too_many_matches() {
    let sim = start().await;
    let pds = client(&sim).await;
    let crooks = SearchQuery {
        family_name: Some("CROOK".into()),
        birth_date: Some(BirthDate::Between {
            from: Some(day(1950, 1, 1)),
            to: Some(day(2020, 12, 31)),
        }),
        max_results: Some(10),
        ..SearchQuery::default()
    };
    let found = pds.search(&crooks).await.unwrap();
    assert_eq!(found.len(), 5);
    let numbers: Vec<&str> = found.iter().map(|p| p.nhs_number.as_str()).collect();
    let mut sorted = numbers.clone();
    sorted.sort_unstable();
    assert_eq!(numbers, sorted, "equal scores come in NHS number order");
    let narrow = SearchQuery {
        max_results: Some(3),
        ..crooks.clone()
    };
    assert_eq!(
        pds.search(&narrow).await.unwrap_err(),
        Error::TooManyMatches
    );
    // Fuzzy: a homophone of the family name.
    let fuzzy = SearchQuery {
        family_name: Some("Crooke".into()),
        given_name: Some("Pearl".into()),
        birth_date: Some(BirthDate::On(day(1972, 7, 29))),
        fuzzy: true,
        ..SearchQuery::default()
    };
    let found = pds.search(&fuzzy).await.unwrap();
    assert_eq!(found[0].nhs_number.as_str(), "9651260084");
    // Refused before sending: nothing reaches PDS.
    let before = sim.pds().requests().len();
    let invalid = SearchQuery {
        family_name: Some("C*".into()),
        ..crooks
    };
    assert!(matches!(
        pds.search(&invalid).await,
        Err(Error::Validation { .. })
    ));
    assert_eq!(sim.pds().requests().len(), before);
}

#[tokio::test]
async fn throttling_is_repeated_with_the_same_request_id_then_reported() {
    let sim = start().await;
    let pds = client(&sim).await;
    pds.retrieve(&nhs("9476719931")).await.unwrap();
    sim.pds().set_faults(&PdsFaults {
        fail_next: vec![429, 408],
        retry_after_seconds: Some(0),
    });
    pds.retrieve(&nhs("9476719931")).await.unwrap();
    let requests = sim.pds().requests();
    let last: Vec<_> = requests[1..]
        .iter()
        .map(|r| (r.status, r.request_id.clone()))
        .collect();
    assert_eq!(
        last.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        [429, 408, 200]
    );
    assert!(
        last.iter().all(|(_, id)| *id == last[0].1),
        "one X-Request-ID for the repeats"
    );
    assert_ne!(requests[0].request_id, last[0].1);

    sim.pds().set_faults(&PdsFaults {
        fail_next: vec![429, 429, 429],
        retry_after_seconds: None,
    });
    let error = pds.retrieve(&nhs("9476719931")).await.unwrap_err();
    assert_eq!(error, Error::Throttled { retry_after: None });
    assert!(error.is_transient());
    // A long Retry-After is not waited for.
    sim.pds().set_faults(&PdsFaults {
        fail_next: vec![429],
        retry_after_seconds: Some(60),
    });
    let started = std::time::Instant::now();
    let error = pds.retrieve(&nhs("9476719931")).await.unwrap_err();
    assert!(matches!(error, Error::Throttled { retry_after: Some(d) } if d.as_secs() == 60));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_refused_access_token_is_exchanged_again_once() {
    let sim = start().await;
    let pds = client(&sim).await;
    pds.retrieve(&nhs("9476719931")).await.unwrap();
    sim.pds().expire_tokens();
    pds.retrieve(&nhs("9476719931")).await.unwrap();
    let statuses: Vec<u16> = sim.pds().requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 401, 200]);
}

#[tokio::test]
async fn the_platform_refuses_a_wrong_key_a_wrong_api_key_and_a_role_not_the_users() {
    let sim = start().await;
    let token = id_token(&sim).await;
    let user = |role: &str| PdsUser {
        id_token: Sensitive::new(token.clone()),
        role_id: role.to_owned(),
        organisation: None,
    };
    let mut other_key = settings(&sim);
    other_key.key.private_key_pem = Sensitive::new(gpconnect_pki::rsa_private_key_pem().unwrap());
    let error = PdsClient::new(other_key, user(SAM_ROLE))
        .unwrap()
        .retrieve(&nhs("9476719931"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::TokenExchange { status: 401, .. }),
        "{error}"
    );
    let mut other_api_key = settings(&sim);
    other_api_key.key.api_key = Sensitive::new("not-registered".to_owned());
    let error = PdsClient::new(other_api_key, user(SAM_ROLE))
        .unwrap()
        .retrieve(&nhs("9476719931"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::TokenExchange { status: 401, .. }),
        "{error}"
    );
    // Dr Jones's role is not Sam's.
    let error = PdsClient::new(settings(&sim), user("555000000101"))
        .unwrap()
        .retrieve(&nhs("9476719931"))
        .await
        .unwrap_err();
    assert_eq!(
        error.pds_code(),
        Some(pds::PdsCode::InvalidValue),
        "{error}"
    );
    assert!(sim.pds().requests().iter().all(|r| r.status != 200));
    // An expired ID token cannot be exchanged.
    let expired = PdsClient::new(
        settings(&sim),
        PdsUser {
            id_token: Sensitive::new("e30.e30.sig".to_owned()),
            ..user(SAM_ROLE)
        },
    )
    .unwrap();
    assert!(matches!(
        expired.retrieve(&nhs("9476719931")).await.unwrap_err(),
        Error::TokenExchange { status: 400, .. }
    ));
}

#[tokio::test]
async fn plain_http_is_refused_before_anything_is_sent() {
    let sim = start().await;
    let mut insecure = settings(&sim);
    insecure.base_url = insecure.base_url.replace("https://", "http://");
    let error = PdsClient::new(
        insecure,
        PdsUser {
            id_token: Sensitive::new(String::new()),
            role_id: SAM_ROLE.to_owned(),
            organisation: None,
        },
    )
    .unwrap_err();
    assert!(matches!(error, Error::Configuration { .. }));
}
