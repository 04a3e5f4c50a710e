#!/usr/bin/env bash
# Provisions a real VS Code (1.100.3, from the npm package code-server) and
# Debian's Chromium, for running the integration suite on machines that cannot
# download VS Code from Microsoft. Idempotent; cached outside the repository.
set -euo pipefail
VERSION=4.100.3
D="${ASR_VSCODE_HOST_DIR:-$HOME/.cache/vscode-host/1.100.3}"
VS="$D/node_modules/code-server/lib/vscode"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "provision: please install: ${need_apt[*]}" >&2; exit 3
  fi
fi

# The native modules that the server and its extension host load. They are
# built from source by `npm rebuild` below (node-gyp: python3, make, g++).
NATIVE_GYP=(node-pty @vscode/spdlog kerberos native-watchdog)
verify() {
  [ -f "$VS/out/server-main.js" ] && [ -x "$VS/node_modules/@vscode/ripgrep/bin/rg" ] || return 1
  local m
  for m in "${NATIVE_GYP[@]}"; do
    [ -n "$(find "$VS/node_modules/$m" -name '*.node' -print -quit 2>/dev/null)" ] || { echo "provision: $m has no native build" >&2; return 1; }
  done
  (cd "$VS" && node -e 'for (const m of ["node-pty", "@vscode/spdlog", "kerberos", "native-watchdog", "@parcel/watcher"]) require(m)') || return 1
}

if [ -f "$D/.ready" ] && verify; then echo "$VS"; exit 0; fi
rm -f "$D/.ready"
mkdir -p "$D" && cd "$D"
export npm_config_yes=true            # node-pty's build calls `npx node-gyp`
# npm 11 checks install scripts against an allowScripts policy; by default it
# only warns ("... not yet covered by allowScripts") and runs them. Make sure a
# stricter npmrc or an inherited ignore-scripts does not skip the native builds:
# verify() below fails the provisioning if any of them is missing.
export npm_config_ignore_scripts=false npm_config_strict_allow_scripts=false
npm install --no-audit --no-fund --no-save --ignore-scripts "code-server@$VERSION" >/dev/null
npm rebuild argon2 >/dev/null
cd "$VS"
npm install --no-audit --no-fund --omit=dev --ignore-scripts >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --no-audit --no-fund >/dev/null
rm -rf node_modules.asar && ln -s node_modules node_modules.asar
(cd extensions && npm install --no-audit --no-fund --omit=dev >/dev/null)
if ! verify; then
  echo "provision: the VS Code server's native modules did not build (see npm's output above)" >&2
  exit 4
fi
touch "$D/.ready"
echo "$VS"
