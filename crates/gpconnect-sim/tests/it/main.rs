//! The simulator over real mutual-TLS sockets: every rule, with requests built from the
//! specification's own examples (`raw`, `spec`, `validation`, `bodies`); the three readings
//! of the interaction table (`interaction_table`); the UI's demo seed; and the client driving
//! it through the consumer sessions, concurrency, faults and SDS discovery.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod raw;
mod spec;
mod support;

mod bodies;
mod cis2;
mod concurrency;
mod demo_seed;
mod discovery;
mod faults;
mod interaction_table;
mod manage;
mod pds;
mod sessions;
mod uec;
mod validation;
mod write_faults;
