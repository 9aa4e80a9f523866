//! Integration tests of the GP Connect client against the specification's own example
//! payloads and a real mutual-TLS server on 127.0.0.1.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

mod support;

mod errors;
mod federation;
mod fixtures;
mod tls;
mod vectors;
mod wire;
mod writes;
