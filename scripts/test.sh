#!/usr/bin/env bash
# Runs every check and test of the project. This is the README's test command; CI runs it
# through .ci/run after installing what a fresh machine lacks.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo doc (broken links and missing docs are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "cargo test"
cargo test --workspace --locked

# Provider times are UK local whatever the machine's zone: run the time-sensitive crate
# again with the machine's TZ far from London.
for zone in America/Los_Angeles Pacific/Auckland; do
  step "cargo test -p gpconnect with TZ=$zone"
  TZ=$zone cargo test -p gpconnect --locked --quiet
done

step "all checks passed"
