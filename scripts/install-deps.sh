#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to build and run GP Connect Booking:
# the system libraries Tauri needs (WebKitGTK), the npm packages, and, with --test, what the
# tests need (Xvfb, WebKitWebDriver, gnome-keyring, tauri-driver). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

run_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

build_packages=(libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev
  libdbus-1-dev build-essential pkg-config file)
test_packages=(xvfb xauth webkit2gtk-driver gnome-keyring libsecret-tools dbus-x11
  fonts-dejavu-core imagemagick xdotool)

packages=("${build_packages[@]}")
$want_test && packages+=("${test_packages[@]}")
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  run_as_root apt-get update -qq
  run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v node >/dev/null 2>&1; then
  echo "==> apt-get install nodejs npm"
  run_as_root apt-get update -qq
  run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi

if $want_test && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> cargo install tauri-driver"
  cargo install tauri-driver --locked
fi
