#!/usr/bin/env bash
# npm test: everything CI checks. Type-check every tsconfig, lint and format check, build (the e2e tests drive
# the built renderer), then every test. Keychain tests need a Secret Service: where no D-Bus session exists
# (CI, containers), run inside a private one with an unlocked gnome-keyring.
set -euo pipefail
cd "$(dirname "$0")/.."
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
echo "== type-check"
npx tsc -p tsconfig.node.json
npx tsc -p tsconfig.web.json
echo "== lint and format (biome)"
npx biome check
echo "== build"
npx electron-vite build >/dev/null
echo "== tests"
vitest=(npx vitest run --config test/vitest.config.ts "$@")
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  # A fresh keyring folder each run: a login keyring left by an earlier run under another password stays locked.
  keyrings=$(mktemp -d)
  trap 'rm -rf "$keyrings"' EXIT
  dbus-run-session -- sh -c 'echo -n alp-test | XDG_DATA_HOME="$0" gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "$@"' "$keyrings" "${vitest[@]}"
  exit $?
fi
exec "${vitest[@]}"
