#!/usr/bin/env bash
# Smoke test of the Linux installer: installs the .deb that `tauri build` made (dpkg, then
# apt-get -f install for any missing dependency), launches the installed binary under Xvfb
# through tauri-driver, checks that it starts and shows the app (the Book screen ready, the
# demo banner, a screenshot), then removes the package again. Needs root or sudo. Runs under a
# lock, so two test runs on one machine never install and remove the package over each other.
#
# Usage: tests/deb/smoke.sh [path to .deb]   (default: the newest in target/debug/bundle/deb)
set -euo pipefail
cd "$(dirname "$0")/../.."

run_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

deb="${1:-$(ls -t target/debug/bundle/deb/*.deb 2>/dev/null | head -n 1)}"
[ -f "$deb" ] || { echo "no .deb to test: build it first (npm run tauri -- build --debug --bundles deb)" >&2; exit 1; }
package=$(dpkg-deb --field "$deb" Package)
# The listing names files `./usr/bin/x` or `usr/bin/x` depending on the dpkg version; read it
# whole (no early exit, which pipefail would report).
binary=$(dpkg-deb --contents "$deb" \
  | awk '!found && $6 ~ /^(\.\/)?usr\/bin\/./ { path = $6; sub(/^\.?\/?/, "/", path); print path; found = 1 }')
[ -n "$binary" ] || { echo "$deb installs nothing in /usr/bin" >&2; exit 1; }

exec 9>/tmp/gp-connect-booking-deb-smoke.lock
flock 9
cleanup() {
  run_as_root dpkg --remove "$package" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "==> installing $deb ($package)"
if ! run_as_root env DEBIAN_FRONTEND=noninteractive dpkg --install "$deb"; then
  echo "==> installing missing dependencies"
  run_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq --no-install-recommends
fi
dpkg-query --show --showformat='${Status}\n' "$package" | grep -q "install ok installed"
[ -x "$binary" ] || { echo "$binary is not installed" >&2; exit 1; }

echo "==> launching the installed $binary under Xvfb"
GPC_APP_BINARY="$binary" bash tests/e2e/run.sh tests/deb/smoke.test.mjs
