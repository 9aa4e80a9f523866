//! The client against the simulator over real mutual-TLS sockets: the consumer sessions of
//! the seed documents, every validation rule, concurrency, faults and SDS discovery.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

mod concurrency;
mod discovery;
mod faults;
mod manage;
mod sessions;
mod validation;
