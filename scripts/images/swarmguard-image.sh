#!/usr/bin/env bash
# Builds swarmguard/swarmguard:local without a registry: FROM the local Debian test image, with this
# machine's Node.js binary and the built project (dist/, node_modules). `bench --all-nodes` runs it on
# every node. Users build the repository's Dockerfile instead.
#   scripts/images/swarmguard-image.sh [TAG]     (needs `npm run build` first)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAG="${1:-swarmguard/swarmguard:local}"
BASE=swarmguard-test/debian:bookworm
LABEL=org.swarmguard.build

[[ -f "$ROOT/dist/bundle/main.js" ]] || { echo "[image] build the project first: npm run build" >&2; exit 1; }
docker image inspect "$BASE" >/dev/null 2>&1 || { echo "[image] $BASE is missing: scripts/test-env.sh up" >&2; exit 1; }
NODE_BIN="$(readlink -f "$(command -v node)")"

key="$( {
  docker image inspect --format '{{.Id}}' "$BASE"
  sha256sum "$NODE_BIN" | cut -c1-64
  sha256sum "${BASH_SOURCE[0]}" | cut -c1-64
  (cd "$ROOT" && find dist bin package.json package-lock.json -type f -print0 | sort -z | xargs -0 sha256sum)
} | sha256sum | cut -c1-16)"
if [[ "$(docker image inspect --format "{{index .Config.Labels \"$LABEL\"}}" "$TAG" 2>/dev/null || true)" == "$key" ]]; then
  echo "[image] $TAG is up to date"
  exit 0
fi

ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/app"
cp "$NODE_BIN" "$ctx/node"
cp -a "$ROOT/dist" "$ROOT/bin" "$ROOT/package.json" "$ctx/app/"
# Production dependencies only (what `npm ci --omit=dev` would install): the dev tools are most of node_modules.
mapfile -t deps < <(cd "$ROOT" && npm ls --omit=dev --all --parseable 2>/dev/null | tail -n +2 | sed "s#^$ROOT/##" | grep '^node_modules/' || true)
((${#deps[@]})) || { echo "[image] npm ls --omit=dev listed no dependencies: run npm ci first" >&2; exit 1; }
tar -C "$ROOT" -cf - "${deps[@]}" | tar -C "$ctx/app" -xf -
cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $BASE
COPY node /usr/local/bin/node
COPY app /opt/swarmguard
LABEL $LABEL=$key
ENTRYPOINT ["/usr/local/bin/node", "/opt/swarmguard/bin/swarmguard.js"]
DOCKERFILE
DOCKER_BUILDKIT=0 docker build -q -t "$TAG" "$ctx" >/dev/null
echo "[image] built $TAG"
