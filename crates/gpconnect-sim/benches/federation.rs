//! Federated search benchmark (prints numbers; not a timed test).
//!
//! 1. 20 simulated practices, each with 300 ms injected latency and about 300 free slots in
//!    the searched window, searched at once: total wall time divided by the slowest single
//!    practice's own time (target at most 1.2; a sequential client would be near 20).
//! 2. Parsing and flattening a 660-slot search Bundle.
//!
//! Run: `cargo bench -p gpconnect-sim --bench federation`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "benchmark"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{Days, Utc};
use futures::StreamExt;
use gpconnect::fhir::Bundle;
use gpconnect::slots::{SearchFilters, SlotQuery, resolve_slot_resources};
use gpconnect::time::{DateRange, SystemClock, uk_date};
use gpconnect::{Client, RetryPolicy};
use gpconnect_sim::{Faults, SimConfig, SimOptions, Simulator, render};

const PRACTICES: usize = 20;
const LATENCY_MS: u64 = 300;
const RUNS: usize = 5;

fn client_practice(p: &gpconnect_sim::Practice) -> gpconnect::config::Practice {
    gpconnect::config::Practice {
        ods_code: gpconnect::ids::OdsCode::parse(&p.ods_code).unwrap(),
        name: p.name.clone(),
        provider_root: gpconnect::ids::ProviderRoot::parse(&p.provider_root).unwrap(),
        asid: gpconnect::ids::Asid::parse(&p.asid).unwrap(),
    }
}

fn client_practices(sim: &Simulator) -> Vec<gpconnect::config::Practice> {
    sim.practices().iter().map(client_practice).collect()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A client configured from the profile file the simulator wrote.
fn client(sim: &Simulator) -> Client {
    let text = std::fs::read_to_string(sim.profile_path()).unwrap();
    let profile: gpconnect::profile::Profile = toml::from_str(&text).unwrap();
    Client::builder(profile.consumer.clone(), profile.tls.load().unwrap())
        .ssp_url(sim.base_url())
        .retry(RetryPolicy {
            max_attempts: 1,
            initial_backoff: Duration::ZERO,
        })
        .clock(Arc::new(SystemClock))
        .build()
        .unwrap()
}

/// The number of days from tomorrow that holds about `target` free slots per practice.
async fn window_for(sim: &Simulator, client: &Client, target: usize) -> (SlotQuery, usize) {
    let practice = client_practices(sim).remove(0);
    let start = uk_date(Utc::now()).checked_add_days(Days::new(1)).unwrap();
    let mut best = None;
    for days in 1..=14 {
        let query = SlotQuery {
            range: DateRange::starting(start, days),
            filters: SearchFilters::default(),
        };
        let count = client
            .search_free_slots(&practice, &query)
            .await
            .unwrap()
            .slots
            .len();
        best = Some((query, count));
        if count >= target {
            break;
        }
    }
    best.unwrap()
}

async fn federation() {
    let options = SimOptions::temporary(SimConfig::synthetic(PRACTICES, 3));
    let sim = Simulator::start(options).await.unwrap();
    let client = client(&sim);
    let (query, per_practice) = window_for(&sim, &client, 300).await;
    for practice in sim.practices() {
        sim.set_faults(
            &practice.ods_code,
            Faults {
                latency_ms: LATENCY_MS,
                ..Faults::default()
            },
        );
    }
    let practices = client_practices(&sim);
    let mut ratios = Vec::new();
    let mut totals = Vec::new();
    let mut slowest_singles = Vec::new();
    for _ in 0..RUNS {
        let mut slowest = Duration::ZERO;
        for practice in &practices {
            let started = Instant::now();
            client.search_free_slots(practice, &query).await.unwrap();
            slowest = slowest.max(started.elapsed());
        }
        let started = Instant::now();
        let outcomes: Vec<_> = client
            .search_federation(&practices, &query, Duration::from_secs(30))
            .collect()
            .await;
        let total = started.elapsed();
        assert!(outcomes.iter().all(|o| o.result.is_ok()));
        ratios.push(total.as_secs_f64() / slowest.as_secs_f64());
        totals.push(total.as_secs_f64() * 1000.0);
        slowest_singles.push(slowest.as_secs_f64() * 1000.0);
    }
    println!(
        "federated search: {PRACTICES} practices x {per_practice} free slots, {LATENCY_MS} ms injected latency each"
    );
    println!(
        "  total {:.0} ms, slowest single practice {:.0} ms, ratio {:.2} (median of {RUNS}; target <= 1.2, sequential ~{PRACTICES})",
        median(totals),
        median(slowest_singles),
        median(ratios)
    );
}

fn parse_and_flatten() {
    let now = Utc::now();
    let config = SimConfig::synthetic(1, 6);
    let data = gpconnect_sim::seed::build_practice(&config.practices[0], 6, &[], now, "1").unwrap();
    let slots: Vec<_> = data
        .slots
        .iter()
        .filter(|s| s.start.with_timezone(&Utc) > now)
        .take(660)
        .collect();
    let mut resources: Vec<serde_json::Value> = slots.iter().map(|s| render::slot(s)).collect();
    resources.extend(data.schedules.values().map(|s| render::schedule(s, "1")));
    resources.extend(data.practitioners.values().map(render::practitioner));
    resources.extend(data.locations.values().map(render::location));
    resources.push(render::organization(&data.organization));
    let bytes = serde_json::to_vec(&render::searchset(resources, false)).unwrap();
    let practice = client_practice(&data.practice);
    let iterations = 50;
    let mut per_run = Vec::new();
    for _ in 0..iterations {
        let started = Instant::now();
        let resources = Bundle::resources_from_slice(&bytes).unwrap();
        let result = resolve_slot_resources(&practice, &resources, &SearchFilters::default(), now);
        assert_eq!(result.slots.len(), slots.len());
        per_run.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "parse + flatten a {}-slot Bundle ({} KiB): median {:.2} ms over {iterations} runs",
        slots.len(),
        bytes.len() / 1024,
        median(per_run)
    );
}

#[tokio::main]
async fn main() {
    parse_and_flatten();
    federation().await;
}
