//! `gpc` end to end: the real binary against a simulator started by each test (real HTTPS
//! with mutual TLS on 127.0.0.1), one module per area. Every test asserts the exit code and
//! the parsed output.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

mod appointments;
mod booking;
mod discover;
mod failures;
mod help;
mod login;
mod patients;
mod profiles;
mod slots;
mod trace;
mod writes;
