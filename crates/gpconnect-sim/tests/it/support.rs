//! A simulator per test, and a client configured from the profile it writes (for the tests
//! that exercise the client against the simulator).

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use gpconnect::config::Practice;
use gpconnect::ids::{Asid, OdsCode, ProviderRoot};
use gpconnect::slots::{BookableSlot, SearchFilters, SlotQuery};
use gpconnect::time::{DateRange, SystemClock, uk_date};
use gpconnect::{Client, RetryPolicy};
use gpconnect_sim::{SimConfig, SimOptions, Simulator};

pub async fn simulator() -> Simulator {
    Simulator::start(SimOptions::temporary(SimConfig::demo()))
        .await
        .unwrap()
}

/// A client built only from the profile file the simulator wrote.
pub fn client(sim: &Simulator) -> Client {
    let text = std::fs::read_to_string(sim.profile_path()).unwrap();
    let profile: gpconnect::profile::Profile = toml::from_str(&text).unwrap();
    Client::builder(profile.consumer.clone(), profile.tls.load().unwrap())
        .ssp_url(profile.ssp_url.clone().unwrap())
        .timeouts(profile.timeouts())
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(20),
        })
        .reconcile(
            gpconnect::reconcile::ReconcileSchedule::new(
                vec![Duration::ZERO, Duration::from_millis(200)],
                Duration::from_secs(5),
            )
            .unwrap(),
        )
        .clock(Arc::new(SystemClock))
        .build()
        .unwrap()
}

/// The simulator's practices as the client's.
pub fn client_practices(sim: &Simulator) -> Vec<Practice> {
    sim.practices()
        .into_iter()
        .map(|p| Practice {
            ods_code: OdsCode::parse(&p.ods_code).unwrap(),
            name: p.name,
            provider_root: ProviderRoot::parse(&p.provider_root).unwrap(),
            asid: Asid::parse(&p.asid).unwrap(),
        })
        .collect()
}

/// Practice `ods` as the client's.
pub fn practice(sim: &Simulator, ods: &str) -> Practice {
    client_practices(sim)
        .into_iter()
        .find(|p| p.ods_code.as_str() == ods)
        .unwrap()
}

/// Today in the UK.
pub fn today() -> NaiveDate {
    uk_date(chrono::Utc::now())
}

pub fn query(client: &Client, days: u32) -> SlotQuery {
    SlotQuery {
        range: DateRange::starting(today(), days),
        filters: SearchFilters::from_identity(client.identity()),
        service: None,
    }
}

/// Free slots at `ods` over the next 14 days.
pub async fn slots(sim: &Simulator, client: &Client, ods: &str) -> Vec<BookableSlot> {
    client
        .search_free_slots(&practice(sim, ods), &query(client, 14))
        .await
        .unwrap()
        .slots
}

/// Two adjacent slots of one schedule, channel and type.
pub fn adjacent_pair(slots: &[BookableSlot]) -> Vec<BookableSlot> {
    slots
        .iter()
        .find_map(|a| {
            slots
                .iter()
                .find(|b| {
                    b.start == a.end
                        && b.schedule_id == a.schedule_id
                        && b.delivery_channel == a.delivery_channel
                        && b.slot_type == a.slot_type
                })
                .map(|b| vec![a.clone(), b.clone()])
        })
        .expect("two adjacent slots")
}
