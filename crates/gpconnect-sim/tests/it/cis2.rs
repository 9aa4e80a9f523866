//! The CIS2 stand-in driven by the `cis2` client crate through the real flow: discovery,
//! the sign-in page answered as a browser would, the code exchanged with PKCE and a signed
//! client assertion (or a secret), the ID token and userinfo checked. Then what the stand-in
//! refuses: a low-assurance user (refused by the client, with its reason), a cancelled
//! sign-in, an assertion signed with another key, a wrong PKCE verifier.

use std::time::Duration;

use cis2::{AssertionAlgorithm, ClientAuth, IdTokenError, ProviderConfig, Requirements, Secret};
use gpconnect_sim::cis2::browser::{Answer, answer};
use gpconnect_sim::cis2::{
    DEMO_CLIENT_ID, DEMO_CLIENT_KEY_ID, DEMO_CLIENT_SECRET, DEMO_SECRET_CLIENT_ID,
};
use gpconnect_sim::{SimConfig, SimOptions, Simulator};

fn config(sim: &Simulator, auth: ClientAuth, client_id: &str) -> ProviderConfig {
    ProviderConfig {
        issuer: sim.cis2_issuer(),
        client_id: client_id.to_owned(),
        client_auth: auth,
        redirect_port: 0,
        scopes: vec![],
        acr_values: Some("AAL2_OR_AAL3_ANY".to_owned()),
        requirements: Requirements::default(),
        allow_loopback_http: true,
        request_timeout: Duration::from_secs(10),
    }
}

fn key_auth(sim: &Simulator) -> ClientAuth {
    ClientAuth::PrivateKeyJwt {
        key_pem: Secret::new(std::fs::read_to_string(sim.cis2_client_key_path()).unwrap()),
        key_id: DEMO_CLIENT_KEY_ID.to_owned(),
        algorithm: AssertionAlgorithm::Rs512,
    }
}

async fn start() -> Simulator {
    Simulator::start(SimOptions::temporary(SimConfig::demo()))
        .await
        .unwrap()
}

/// Signs in through the stand-in, answering its page with `reply`.
async fn sign_in(config: ProviderConfig, reply: Answer) -> cis2::Result<cis2::SignIn> {
    let provider = cis2::Provider::discover(config).await?;
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let driver = tokio::spawn(async move {
        let url: String = receiver.await.unwrap();
        answer(&url, &reply).await
    });
    let result = cis2::sign_in(
        &provider,
        |pending| {
            sender.send(pending.url.clone()).unwrap();
            Ok(())
        },
        Duration::from_secs(20),
        chrono::Utc::now,
    )
    .await;
    driver.await.unwrap().unwrap();
    result
}

fn as_user(uid: &str, role_id: &str) -> Answer {
    Answer::SignIn {
        uid: uid.to_owned(),
        role_id: role_id.to_owned(),
    }
}

#[tokio::test]
async fn a_single_role_user_signs_in_with_a_signed_assertion() {
    let sim = start().await;
    let config = config(&sim, key_auth(&sim), DEMO_CLIENT_ID);
    let signed_in = sign_in(config, as_user("555000000001", "555000000101"))
        .await
        .unwrap();
    assert_eq!(signed_in.claims.subject, "555000000001");
    assert_eq!(signed_in.claims.issuer, sim.cis2_issuer());
    assert_eq!(signed_in.claims.id_assurance_level, 3);
    let user = signed_in.user();
    assert_eq!(user.sds_user_id, "555000000001");
    assert_eq!(user.family_name, "Jones");
    assert_eq!(user.title.as_deref(), Some("Dr"));
    let choice = signed_in.role_choice(&["Y90001".to_owned()]).unwrap();
    let cis2::RoleChoice::Selected(role) = choice else {
        panic!("one role: selected");
    };
    assert_eq!(role.person_roleid, "555000000101");
    assert_eq!(
        signed_in.organisation_name("Y90001").as_deref(),
        Some("Leeds Urgent Care Service (demo)")
    );
    assert_eq!(sim.cis2().sign_ins().len(), 1);
}

#[tokio::test]
async fn a_two_role_user_gets_the_role_chosen_on_the_page() {
    let sim = start().await;
    let config = config(&sim, key_auth(&sim), DEMO_CLIENT_ID);
    let signed_in = sign_in(config, as_user("555000000002", "555000000202"))
        .await
        .unwrap();
    assert_eq!(signed_in.user_info.roles.len(), 2);
    assert_eq!(
        signed_in.claims.selected_role_id.as_deref(),
        Some("555000000202")
    );
    assert_eq!(
        signed_in.claims.authentication_assurance_level, 2,
        "levels sent as strings are read"
    );
    let allowed = ["Y90001".to_owned(), "Y90002".to_owned()];
    let cis2::RoleChoice::Selected(role) = signed_in.role_choice(&allowed).unwrap() else {
        panic!("selected at sign-in");
    };
    assert_eq!(role.org_code, "Y90002");
    // The same role at an organisation the site does not allow is refused.
    assert!(matches!(
        signed_in.role_choice(&["Y90001".to_owned()]),
        Err(cis2::RoleError::OrganisationNotAllowed { .. })
    ));
}

#[tokio::test]
async fn low_assurance_is_refused_with_its_reason() {
    let sim = start().await;
    let config = config(&sim, key_auth(&sim), DEMO_CLIENT_ID);
    let error = sign_in(config, as_user("555000000003", "555000000301"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            cis2::Error::IdToken(IdTokenError::AssuranceTooLow {
                claim: "id_assurance_level",
                found: Some(1),
                required: 3
            })
        ),
        "{error}"
    );
}

#[tokio::test]
async fn a_cancelled_sign_in_says_so() {
    let sim = start().await;
    let config = config(&sim, key_auth(&sim), DEMO_CLIENT_ID);
    let error = sign_in(config, Answer::Cancel).await.unwrap_err();
    assert!(
        matches!(&error, cis2::Error::Refused { error, .. } if error == "access_denied"),
        "{error}"
    );
}

#[tokio::test]
async fn a_client_secret_works_where_one_is_issued() {
    let sim = start().await;
    let auth = ClientAuth::ClientSecret(Secret::new(DEMO_CLIENT_SECRET.to_owned()));
    let config = config(&sim, auth, DEMO_SECRET_CLIENT_ID);
    let signed_in = sign_in(config, as_user("555000000001", "555000000101"))
        .await
        .unwrap();
    assert_eq!(signed_in.client_id, DEMO_SECRET_CLIENT_ID);
}

#[tokio::test]
async fn an_assertion_signed_with_another_key_is_refused() {
    let sim = start().await;
    let other = ClientAuth::PrivateKeyJwt {
        key_pem: Secret::new(gpconnect_pki::rsa_private_key_pem().unwrap()),
        key_id: DEMO_CLIENT_KEY_ID.to_owned(),
        algorithm: AssertionAlgorithm::Rs512,
    };
    let config = config(&sim, other, DEMO_CLIENT_ID);
    let error = sign_in(config, as_user("555000000001", "555000000101"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, cis2::Error::Refused { error, .. } if error == "invalid_client"),
        "{error}"
    );
}

#[tokio::test]
async fn the_token_endpoint_checks_the_pkce_verifier() {
    let sim = start().await;
    let provider = cis2::Provider::discover(config(&sim, key_auth(&sim), DEMO_CLIENT_ID))
        .await
        .unwrap();
    let listener = cis2::LoopbackListener::bind(0).await.unwrap();
    let pending = provider.begin(&listener.redirect_uri()).unwrap();
    let url = pending.url.clone();
    let driver =
        tokio::spawn(async move { answer(&url, &as_user("555000000001", "555000000101")).await });
    let callback = listener.wait(Duration::from_secs(20)).await.unwrap();
    driver.await.unwrap().unwrap();
    // The code, exchanged by hand with a wrong verifier (and no client authentication
    // problem: the assertion is valid).
    let token_endpoint = provider.token_endpoint().unwrap().to_owned();
    let assertion = cis2::assertion::client_assertion(
        DEMO_CLIENT_ID,
        &token_endpoint,
        &Secret::new(std::fs::read_to_string(sim.cis2_client_key_path()).unwrap()),
        DEMO_CLIENT_KEY_ID,
        AssertionAlgorithm::Rs512,
        chrono::Utc::now(),
    )
    .unwrap();
    let response = reqwest::Client::new()
        .post(&token_endpoint)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", callback.code.expose()),
            ("redirect_uri", &pending.redirect_uri),
            ("code_verifier", &"x".repeat(64)),
            (
                "client_assertion_type",
                cis2::assertion::CLIENT_ASSERTION_TYPE,
            ),
            ("client_assertion", assertion.expose()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
}
