//! Sign-in benchmark (prints numbers; not a timed test): the whole CIS2 flow of the `cis2`
//! crate against the simulator's stand-in on loopback, as demo mode's one-click sign-in runs
//! it: discovery and keys, the sign-in page answered, the code exchanged with PKCE and an
//! RS512 client assertion, the ID token verified, userinfo read. Prints the median and the
//! slowest of the runs, split into discovery and the rest.
//!
//! Run: `cargo bench -p gpconnect-sim --bench sign_in`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "benchmark"
)]

use std::time::{Duration, Instant};

use cis2::{AssertionAlgorithm, ClientAuth, ProviderConfig, Requirements, Secret};
use gpconnect_sim::cis2::browser::{Answer, answer};
use gpconnect_sim::cis2::{DEMO_CLIENT_ID, DEMO_CLIENT_KEY_ID};
use gpconnect_sim::{SimConfig, SimOptions, Simulator};

const RUNS: usize = 20;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

#[tokio::main]
async fn main() {
    let sim = Simulator::start(SimOptions::temporary(SimConfig::demo()))
        .await
        .unwrap();
    let key = std::fs::read_to_string(sim.cis2_client_key_path()).unwrap();
    let config = ProviderConfig {
        issuer: sim.cis2_issuer(),
        client_id: DEMO_CLIENT_ID.to_owned(),
        client_auth: ClientAuth::PrivateKeyJwt {
            key_pem: Secret::new(key),
            key_id: DEMO_CLIENT_KEY_ID.to_owned(),
            algorithm: AssertionAlgorithm::Rs512,
        },
        redirect_port: 0,
        scopes: vec![],
        acr_values: None,
        requirements: Requirements::default(),
        allow_loopback_http: true,
        request_timeout: Duration::from_secs(10),
    };
    let (mut discovery, mut flow) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let started = Instant::now();
        let provider = cis2::Provider::discover(config.clone()).await.unwrap();
        let discovered = Instant::now();
        let (sender, receiver) = tokio::sync::oneshot::channel::<String>();
        let driver = tokio::spawn(async move {
            let url = receiver.await.unwrap();
            let reply = Answer::SignIn {
                uid: "555000000001".to_owned(),
                role_id: "555000000101".to_owned(),
            };
            answer(&url, &reply).await
        });
        cis2::sign_in(
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
        discovery.push((discovered - started).as_secs_f64() * 1000.0);
        flow.push(discovered.elapsed().as_secs_f64() * 1000.0);
    }
    let slowest = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    println!("CIS2 sign-in against the stand-in on loopback, {RUNS} runs:");
    println!(
        "  discovery + keys: median {:.1} ms, slowest {:.1} ms",
        median(discovery.clone()),
        slowest(&discovery)
    );
    println!(
        "  page, token (PKCE, RS512 assertion), ID token, userinfo: median {:.1} ms, slowest {:.1} ms",
        median(flow.clone()),
        slowest(&flow)
    );
    sim.shutdown();
}
