//! Mutual TLS: a client without the right certificate is refused, and a server whose
//! certificate is from another CA is not trusted (§5.1).

use std::sync::Arc;

use chrono::Utc;
use gpconnect::time::FixedClock;
use gpconnect::{Client, Error, TlsFailure};
use gpconnect_pki::DemoPki;

use crate::support::{self, Reply, TestServer, fixture, tls_for};

fn metadata(_: &support::Recorded) -> Reply {
    Reply::ok(fixture("get_capability_statement_response_example.json"))
}

#[tokio::test]
async fn the_right_client_certificate_is_accepted() {
    let server = TestServer::start(metadata).await;
    let client = support::client_for(&server, Utc::now());
    assert!(
        client
            .capability_statement(&support::default_practice())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_client_certificate_from_another_ca_is_refused() {
    let server = TestServer::start(metadata).await;
    let foreign = DemoPki::generate("Somebody Else").unwrap();
    let mut tls = tls_for(&foreign);
    tls.trusted_ca_pem = server.pki.ca_certificate_pem.clone().into_bytes();
    let client = Client::builder(support::identity(), tls)
        .ssp_url(server.base_url())
        .clock(Arc::new(FixedClock::new(Utc::now())))
        .build()
        .unwrap();
    let err = client
        .capability_statement(&support::default_practice())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Tls {
                failure: TlsFailure::ClientCertificateRejected,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.code(), "TLS");
    assert!(server.requests().is_empty(), "nothing got through");
}

#[tokio::test]
async fn a_server_certificate_from_another_ca_is_not_trusted() {
    let server = TestServer::start_with(DemoPki::generate("Rogue Server").unwrap(), metadata).await;
    let ours = DemoPki::generate("Test Spine").unwrap();
    let client = Client::builder(support::identity(), tls_for(&ours))
        .ssp_url(server.base_url())
        .build()
        .unwrap();
    let err = client
        .capability_statement(&support::default_practice())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Tls {
                failure: TlsFailure::ServerCertificateUntrusted,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(server.requests().is_empty());
}

#[test]
fn unreadable_pem_is_a_configuration_error_without_the_secret() {
    let pki = DemoPki::generate("Test").unwrap();
    let mut tls = tls_for(&pki);
    tls.client_key_pem = gpconnect::secret::Sensitive::new(
        b"-----BEGIN PRIVATE KEY-----\nSECRETSTUFF\n-----END PRIVATE KEY-----\n".to_vec(),
    );
    let err = Client::builder(support::identity(), tls)
        .build()
        .unwrap_err();
    assert_eq!(err.code(), "CONFIGURATION");
    assert!(!format!("{err} {err:?}").contains("SECRETSTUFF"));
    let mut tls = tls_for(&pki);
    tls.trusted_ca_pem = b"not a pem".to_vec();
    assert_eq!(
        Client::builder(support::identity(), tls)
            .build()
            .unwrap_err()
            .code(),
        "CONFIGURATION"
    );
}
