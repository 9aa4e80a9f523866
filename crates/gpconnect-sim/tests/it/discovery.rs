//! SDS lookups (§5.3): a consumer discovers each practice's provider root and ASID from its
//! ODS code, exactly as configured in the simulator.

use gpconnect::ids::OdsCode;
use gpconnect::sds::SdsClient;

use crate::support::{client_practices, simulator};

#[tokio::test]
async fn every_practice_is_discoverable_by_ods_code() {
    let sim = simulator().await;
    let profile = {
        let text = std::fs::read_to_string(sim.profile_path()).unwrap();
        toml::from_str::<gpconnect::profile::Profile>(&text).unwrap()
    };
    let tls = profile.tls.load().unwrap();
    let sds = SdsClient::new(
        profile.sds.as_ref().unwrap(),
        Some(&tls),
        profile.timeouts(),
    )
    .unwrap();
    for practice in client_practices(&sim) {
        let found = sds.discover(&practice.ods_code).await.unwrap();
        assert_eq!(found.provider_root, practice.provider_root);
        assert_eq!(found.asid, practice.asid);
        assert_eq!(found.name, practice.name);
    }
    let err = sds
        .discover(&OdsCode::parse("ZZZ99").unwrap())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "NO_RECORD_FOUND");
    // Without an apikey SDS refuses.
    let mut no_key = profile.sds.clone().unwrap();
    no_key.api_key = String::new();
    let err = SdsClient::new(&no_key, Some(&tls), profile.timeouts())
        .unwrap()
        .discover(&OdsCode::parse("A20047").unwrap())
        .await;
    assert!(err.is_err());
}
