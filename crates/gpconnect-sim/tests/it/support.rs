//! A simulator per test, and a client configured from the profile it writes.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use gpconnect::config::Practice;
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
        .clock(Arc::new(SystemClock))
        .build()
        .unwrap()
}

pub fn practice(sim: &Simulator, ods: &str) -> Practice {
    sim.practices()
        .into_iter()
        .find(|p| p.ods_code.as_str() == ods)
        .unwrap()
}

pub fn today() -> NaiveDate {
    uk_date(chrono::Utc::now())
}

pub fn query(client: &Client, days: u32) -> SlotQuery {
    SlotQuery {
        range: DateRange::starting(today(), days),
        filters: SearchFilters::from_identity(client.identity()),
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
