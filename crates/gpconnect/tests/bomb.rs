//! A gzip bomb (256 MiB of zeros in ~250 KB) ends in a typed error with bounded memory: the
//! client stops decompressing at its 32 MiB limit. Its own test binary, so that the
//! process's peak memory (`VmHWM`) measures this one download.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

#[path = "it/support/mod.rs"]
#[allow(dead_code, reason = "shared with the it suite")]
mod support;

use std::io::Write;

use chrono::Utc;
use gpconnect::Error;
use gpconnect::client::MAX_RESPONSE_BYTES;

use crate::support::{Reply, TestServer};

/// The process's peak resident memory, in KiB (Linux).
fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn bomb(decompressed: usize) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1024 * 1024];
    for _ in 0..decompressed / zeros.len() {
        encoder.write_all(&zeros).unwrap();
    }
    encoder.finish().unwrap()
}

#[tokio::test]
async fn a_gzip_bomb_ends_in_a_typed_error_with_bounded_memory() {
    let body = bomb(256 * 1024 * 1024);
    assert!(body.len() < 2 * 1024 * 1024, "{} bytes", body.len());
    let server = TestServer::start(move |_| {
        let mut reply = Reply::ok("");
        reply.raw = Some(body.clone());
        reply.with_header("content-encoding", "gzip")
    })
    .await;
    let before = peak_kib();
    let client = support::client_for(&server, Utc::now());
    let err = client
        .capability_statement(&support::default_practice())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        Error::ResponseTooLarge {
            limit: MAX_RESPONSE_BYTES
        }
    );
    let grown_mib = peak_kib().saturating_sub(before) / 1024;
    eprintln!("peak memory grew by {grown_mib} MiB reading a 256 MiB gzip bomb");
    assert!(
        grown_mib < 128,
        "memory must stay bounded by the 32 MiB limit, grew {grown_mib} MiB"
    );
}
