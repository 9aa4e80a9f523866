//! Each fault of a provider that commits a booking and then answers badly, 100 times through
//! the `gpc` binary against the simulator: how many bookings were made, and how `gpc`
//! reported them (made, exit 0; still unknown, exit 7; anything else counts as "not made"),
//! and how many slots ended up with more than one appointment. Prints a table; asserts
//! nothing (`cargo bench -p gpc-cli --bench faults`; `GPC_BENCH_RUNS` changes the count).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::print_stdout,
    reason = "benchmark"
)]

use std::time::{Duration, Instant};

use gpconnect::NhsNumber;
use gpconnect::time::{DateRange, uk_date};
use gpconnect_sim::{Faults, SimConfig, SimOptions, Simulator};

struct Row {
    fault: &'static str,
    made: usize,
    reported_made: usize,
    reported_unknown: usize,
    reported_not_made: usize,
    not_made_when_made: usize,
    duplicates: usize,
    seconds: f64,
}

fn client(sim: &Simulator) -> gpconnect::Client {
    let profile: gpconnect::profile::Profile =
        toml::from_str(&std::fs::read_to_string(sim.profile_path()).unwrap()).unwrap();
    gpconnect::Client::builder(profile.consumer.clone(), profile.tls.load().unwrap())
        .ssp_url(sim.base_url())
        .build()
        .unwrap()
}

async fn run(fault: &'static str, faults: Faults, wait: Duration, runs: usize) -> Row {
    let sim = Simulator::start(SimOptions::temporary(SimConfig::demo()))
        .await
        .unwrap();
    let client = client(&sim);
    let practice = gpconnect::Practice {
        ods_code: gpconnect::OdsCode::parse("A20047").unwrap(),
        name: "Dr Legg's Surgery".into(),
        provider_root: gpconnect::ProviderRoot::parse(
            &sim.practices()
                .iter()
                .find(|p| p.ods_code == "A20047")
                .unwrap()
                .provider_root,
        )
        .unwrap(),
        asid: gpconnect::Asid::parse(
            &sim.practices()
                .iter()
                .find(|p| p.ods_code == "A20047")
                .unwrap()
                .asid,
        )
        .unwrap(),
    };
    let today = uk_date(chrono::Utc::now());
    let query = gpconnect::slots::SlotQuery {
        range: DateRange::starting(today, 42),
        filters: gpconnect::slots::SearchFilters::from_identity(client.identity()),
        service: None,
    };
    let soon = chrono::Utc::now() + chrono::Duration::hours(2);
    let slots: Vec<_> = client
        .search_free_slots(&practice, &query)
        .await
        .unwrap()
        .slots
        .into_iter()
        .filter(|s| s.start.to_utc() > soon)
        .take(runs)
        .collect();
    assert!(slots.len() >= runs, "only {} free slots", slots.len());
    let patient = client
        .find_single_patient(&practice, &NhsNumber::parse("9476719931").unwrap())
        .await
        .unwrap()
        .unwrap();
    let data = sim.data_dir().join("gpc-bench");
    let mut row = Row {
        fault,
        made: 0,
        reported_made: 0,
        reported_unknown: 0,
        reported_not_made: 0,
        not_made_when_made: 0,
        duplicates: 0,
        seconds: 0.0,
    };
    let started = Instant::now();
    for slot in &slots {
        sim.set_faults("A20047", faults.clone());
        let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_gpc"))
            .args(["--profile", sim.profile_path().to_str().unwrap()])
            .args(["--data-dir", data.to_str().unwrap()])
            .args(["--json", "book", "--practice", "A20047", "--patient-id"])
            .arg(patient.id.as_str())
            .args([
                "--slot",
                slot.slot_id.as_str(),
                "--description",
                "Benchmark",
            ])
            .env_remove("GPC_PROFILE")
            .output()
            .await
            .unwrap();
        let code = output.status.code().unwrap_or(-1);
        tokio::time::sleep(wait).await;
        sim.set_faults("A20047", Faults::default());
        let holding = client
            .retrieve_appointments(&practice, &patient.id, DateRange::starting(today, 43))
            .await
            .unwrap()
            .iter()
            .filter(|a| a.summary().slot_ids.contains(&slot.slot_id))
            .count();
        if holding > 0 {
            row.made += 1;
        }
        if holding > 1 {
            row.duplicates += 1;
        }
        match code {
            0 => row.reported_made += 1,
            7 => row.reported_unknown += 1,
            _ => {
                row.reported_not_made += 1;
                if holding > 0 {
                    row.not_made_when_made += 1;
                }
            }
        }
    }
    row.seconds = started.elapsed().as_secs_f64();
    sim.shutdown();
    row
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::var("GPC_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(100);
    let cases: Vec<(&'static str, Faults, Duration)> = vec![
        (
            "commit then 502",
            Faults {
                commit_then_status: Some(502),
                ..Faults::default()
            },
            Duration::ZERO,
        ),
        (
            "commit then 500",
            Faults {
                commit_then_status: Some(500),
                ..Faults::default()
            },
            Duration::ZERO,
        ),
        (
            "commit then cut-off 201",
            Faults {
                commit_then_cut_body: true,
                ..Faults::default()
            },
            Duration::ZERO,
        ),
        (
            "504, commit 1.5 s later",
            Faults {
                late_commit_ms: Some(1500),
                ..Faults::default()
            },
            Duration::from_millis(200),
        ),
        (
            "502 + reads without slot[]",
            Faults {
                commit_then_status: Some(502),
                retrieve_without_slots: true,
                ..Faults::default()
            },
            Duration::ZERO,
        ),
    ];
    println!(
        "{:<28} {:>5} {:>5} {:>9} {:>9} {:>9} {:>10} {:>6}",
        "fault", "runs", "made", "rep made", "rep unkn", "rep not", "duplicates", "s"
    );
    for (name, faults, wait) in cases {
        let row = run(name, faults, wait, runs).await;
        println!(
            "{:<28} {:>5} {:>5} {:>9} {:>9} {:>9} {:>10} {:>6.1}",
            row.fault,
            runs,
            row.made,
            row.reported_made,
            row.reported_unknown,
            row.reported_not_made,
            row.duplicates,
            row.seconds
        );
        if row.not_made_when_made > 0 {
            println!(
                "  !! {} reported not made although made",
                row.not_made_when_made
            );
        }
    }
}
