//! Federated search benchmark (prints numbers; not a timed test).
//!
//! 1. Parsing and flattening a 660-slot search Bundle: median of 50, three runs (target
//!    ≤ 2 ms median).
//! 2. 20 simulated practices, each with 300 ms injected latency and about 300 free slots,
//!    asked all at once (the cap set to 20): total wall time over the slowest single
//!    practice's own time (a sequential client would be near 20).
//! 3. 50 practices whose latencies are spread evenly from 50 ms to 2 s (in a shuffled
//!    order), under the default cap of 5: the total against the theoretical best under the
//!    cap (max of the slowest practice and the sum over the cap; target ≤ 1.1), and the first
//!    answer against the fastest practice's own time (target: within 50 ms). The first run
//!    starts cold (nothing known of the practices); later runs reuse what the queue learnt.
//!
//! Run: `cargo bench -p gpconnect-sim --bench federation` (`FEDERATION_BENCH=parse` for the
//! first part only, e.g. under `valgrind --tool=callgrind`).
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
use gpconnect::federation::{Federation, FederationEvent, FederationLimits};
use gpconnect::fhir::Bundle;
use gpconnect::slots::{SearchFilters, SlotQuery, resolve_slot_resources};
use gpconnect::time::{DateRange, SystemClock, uk_date};
use gpconnect::{Client, RetryPolicy};
use gpconnect_sim::{Faults, SimConfig, SimOptions, Simulator, render};

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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
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
        let query = SlotQuery::new(DateRange::starting(start, days), SearchFilters::default());
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

async fn all_at_once() {
    const PRACTICES: usize = 20;
    const LATENCY_MS: u64 = 300;
    let options = SimOptions::temporary(SimConfig::synthetic(PRACTICES, 3));
    let sim = Simulator::start(options).await.unwrap();
    let client = client(&sim);
    let (query, per_practice) = window_for(&sim, &client, 300).await;
    for practice in sim.practices() {
        let faults = Faults {
            latency_ms: LATENCY_MS,
            ..Faults::default()
        };
        sim.set_faults(&practice.ods_code, faults);
    }
    let practices = client_practices(&sim);
    let federation = Federation::new(FederationLimits {
        max_concurrent: PRACTICES,
        deadline: Duration::from_secs(30),
    });
    let (mut ratios, mut totals, mut slowest_singles) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let mut slowest = Duration::ZERO;
        for practice in &practices {
            let started = Instant::now();
            client.search_free_slots(practice, &query).await.unwrap();
            slowest = slowest.max(started.elapsed());
        }
        let started = Instant::now();
        let answers: Vec<_> = client
            .search_federation(&practices, &query, &federation)
            .filter_map(|e| std::future::ready(e.answered()))
            .collect()
            .await;
        let total = started.elapsed();
        assert!(answers.iter().all(|o| o.result.is_ok()));
        ratios.push(total.as_secs_f64() / slowest.as_secs_f64());
        totals.push(ms(total));
        slowest_singles.push(ms(slowest));
    }
    println!(
        "all at once: {PRACTICES} practices x {per_practice} free slots, {LATENCY_MS} ms injected latency each, cap {PRACTICES}"
    );
    println!(
        "  total {:.0} ms, slowest single practice {:.0} ms, ratio {:.2} (median of {RUNS}; sequential ~{PRACTICES})",
        median(totals),
        median(slowest_singles),
        median(ratios)
    );
}

/// Latencies from 50 ms to 2 s, evenly spread, in a fixed shuffled order.
fn spread_latencies(count: usize) -> Vec<u64> {
    let step = (2000 - 50) as f64 / (count - 1) as f64;
    let mut latencies: Vec<u64> = (0..count).map(|i| 50 + (i as f64 * step) as u64).collect();
    // A fixed permutation (multiplicative, 17 coprime with 50): neither sorted nor random.
    let shuffled = (0..count)
        .map(|i| latencies[(i * 17 + 3) % count])
        .collect();
    latencies.clear();
    shuffled
}

async fn capped() {
    const PRACTICES: usize = 50;
    let options = SimOptions::temporary(SimConfig::synthetic(PRACTICES, 3));
    let sim = Simulator::start(options).await.unwrap();
    let client = client(&sim);
    let (query, per_practice) = window_for(&sim, &client, 300).await;
    let practices = client_practices(&sim);
    // What one practice costs without injected latency (TLS, JSON, the simulator's work).
    let mut bare = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        client
            .search_free_slots(&practices[0], &query)
            .await
            .unwrap();
        bare.push(ms(started.elapsed()));
    }
    let overhead = median(bare);
    let latencies = spread_latencies(PRACTICES);
    for (practice, latency) in sim.practices().iter().zip(&latencies) {
        let faults = Faults {
            latency_ms: *latency,
            ..Faults::default()
        };
        sim.set_faults(&practice.ods_code, faults);
    }
    let limits = FederationLimits::default();
    let cap = limits.max_concurrent;
    let times: Vec<f64> = latencies.iter().map(|l| *l as f64 + overhead).collect();
    let longest = times.iter().copied().fold(0.0, f64::max);
    let fastest = times.iter().copied().fold(f64::MAX, f64::min);
    let best = longest.max(times.iter().sum::<f64>() / cap as f64);
    let federation = Federation::new(FederationLimits {
        deadline: Duration::from_secs(30),
        ..limits
    });
    println!(
        "capped: {PRACTICES} practices x {per_practice} free slots, latencies 50 ms to 2 s (+{overhead:.0} ms each unloaded), cap {cap}"
    );
    let (mut ratios, mut firsts) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        let started = Instant::now();
        let mut first = None;
        let mut count = 0;
        let mut events = client.search_federation(&practices, &query, &federation);
        while let Some(event) = events.next().await {
            if let FederationEvent::Answered(answer) = event {
                assert!(answer.result.is_ok());
                first.get_or_insert(started.elapsed());
                count += 1;
            }
        }
        assert_eq!(count, PRACTICES);
        let total = ms(started.elapsed());
        let first = ms(first.unwrap());
        let ratio = total / best;
        println!(
            "  run {} ({}): total {total:.0} ms, theoretical best {best:.0} ms, ratio {ratio:.3}; first answer {first:.0} ms, fastest practice's own time {fastest:.0} ms, {:+.0} ms",
            run + 1,
            if run == 0 { "cold" } else { "warm" },
            first - fastest
        );
        if run > 0 {
            ratios.push(ratio);
            firsts.push(first - fastest);
        }
    }
    println!(
        "  warm median: ratio {:.3} (target <= 1.1); first answer {:+.0} ms after the fastest practice's own time (target <= 50)",
        median(ratios),
        median(firsts)
    );
}

/// Median milliseconds of reading and flattening `bytes` (50 times), three runs.
fn time_parse(
    bytes: &[u8],
    practice: &gpconnect::config::Practice,
    expected: usize,
) -> Vec<String> {
    let now = Utc::now();
    let iterations = 50;
    let mut medians = Vec::new();
    for _ in 0..3 {
        let mut per_run = Vec::new();
        for _ in 0..iterations {
            let started = Instant::now();
            let resources = Bundle::resources_from_slice(bytes).unwrap();
            let result =
                resolve_slot_resources(practice, &resources, &SearchFilters::default(), now);
            per_run.push(ms(started.elapsed()));
            assert_eq!(result.slots.len(), expected);
        }
        medians.push(format!("{:.2}", median(per_run)));
    }
    medians
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
    let practice = client_practice(&data.practice);
    // As a JSON library without key order writes it: every object's keys in alphabetical
    // order, so `resourceType` is never first.
    let mut resources: Vec<serde_json::Value> = slots.iter().map(|s| render::slot(s)).collect();
    resources.extend(data.schedules.values().map(|s| render::schedule(s, "1")));
    resources.extend(data.practitioners.values().map(render::practitioner));
    resources.extend(data.locations.values().map(render::location));
    resources.push(render::organization(&data.organization));
    let sorted = serde_json::to_vec(&render::searchset(resources, false)).unwrap();
    // As FHIR servers write it: `resourceType` first (the simulator's own slot search).
    let mut entries: Vec<render::Entry<'_>> =
        slots.iter().map(|s| render::Entry::Slot(s)).collect();
    entries.extend(
        data.schedules
            .values()
            .map(|s| render::Entry::Json(render::schedule(s, "1"))),
    );
    entries.extend(
        data.practitioners
            .values()
            .map(|p| render::Entry::Json(render::practitioner(p))),
    );
    entries.extend(
        data.locations
            .values()
            .map(|l| render::Entry::Json(render::location(l))),
    );
    entries.push(render::Entry::Json(render::organization(
        &data.organization,
    )));
    let served = render::searchset_bytes(&entries);
    println!(
        "parse + flatten a {}-slot Bundle ({} KiB), median of 50 per run, three runs (target <= 2 ms):",
        slots.len(),
        sorted.len() / 1024
    );
    println!(
        "  keys in alphabetical order: {} ms",
        time_parse(&sorted, &practice, slots.len()).join(", ")
    );
    println!(
        "  resourceType first (as served): {} ms",
        time_parse(&served, &practice, slots.len()).join(", ")
    );
}

/// `FEDERATION_BENCH=parse` runs only the parsing benchmark (for a profiler).
#[tokio::main]
async fn main() {
    let only = std::env::var("FEDERATION_BENCH").unwrap_or_default();
    parse_and_flatten();
    if only != "parse" {
        all_at_once().await;
        capped().await;
    }
}
