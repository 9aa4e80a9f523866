#!/usr/bin/env bash
# Runs every check and test of the project. This is the README's test command; CI runs it
# through .ci/run after installing what a fresh machine lacks (scripts/install-deps.sh --test).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (the Secret
# Service the app keeps credentials in), with a throwaway HOME for the keyring files.
with_keyring() {
  RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" \
    dbus-run-session -- bash -c '
      export HOME=$(mktemp -d)
      eval "$(printf test | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
      exec "$@"' with-keyring "$@"
}

step "UI: types, lint, unit tests (Vitest), build"
npm run --silent typecheck
npm run --silent lint
npm run --silent format:check
npm run --silent test:ui
npx vite build --config ui/vite.config.ts --logLevel warn

step "UI: the app's build holds no test fake (ui/test/fake, ui/dev)"
# FAKE_MARKER in ui/test/fake/backend.ts, and a name only the fake's seed data holds.
if grep -rl -e "gpc-fake-backend" -e "MCVEY" ui/dist; then
  echo "ui/dist contains the in-memory fake backend: the app's entry must not import ui/test or ui/dev" >&2
  exit 1
fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo clippy of the app without demo mode (no simulator linked in)"
cargo clippy --lib --no-default-features --locked -- -D warnings

step "cargo doc (broken links and missing docs are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

step "cargo test (TypeScript bindings drift, commands over IPC, keyring on a real Secret Service)"
with_keyring cargo test --workspace --locked

# Provider times are UK local whatever the machine's zone: run the time-sensitive crate
# again with the machine's TZ far from London.
for zone in America/Los_Angeles Pacific/Auckland; do
  step "cargo test -p gpconnect with TZ=$zone"
  TZ=$zone cargo test -p gpconnect --locked --quiet
done

step "end-to-end: the real app under Xvfb, through tauri-driver and WebKitWebDriver"
cargo build --locked --quiet
bash tests/e2e/run.sh

step "Linux installer: tauri build --debug (.deb)"
npm run --silent tauri -- build --debug --bundles deb --ci
ls target/debug/bundle/deb/*.deb

step "Linux installer: install the .deb, launch the installed app under Xvfb, remove it"
bash tests/deb/smoke.sh

step "all checks passed"
