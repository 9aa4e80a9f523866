#!/usr/bin/env bash
# Runs GP Connect Booking. On first run it starts in demo mode against the built-in provider
# simulator (no NHS network needed). Installs what a fresh Debian machine lacks first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
npm run build:ui
exec cargo run --release -- "$@"
