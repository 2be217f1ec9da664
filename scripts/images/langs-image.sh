#!/usr/bin/env bash
# Builds swarmguard-test/langs:latest: Debian plus this machine's Python dist-packages and this project's
# node_modules tree (no registry, nothing downloaded): the inventory's npm and Python analyzers are checked
# against what npm and Python themselves report for the same trees.
#   scripts/images/langs-image.sh   (needs `npm ci` done in the checkout)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAG=swarmguard-test/langs:latest
LABEL=org.swarmguard.test-recipe
PY=/usr/lib/python3/dist-packages
key="$({ sha256sum "${BASH_SOURCE[0]}"; sha256sum "$ROOT/package-lock.json"; ls "$PY"; docker image inspect --format '{{.Id}}' swarmguard-test/debian:bookworm; } | sha256sum | cut -c1-16)"
[[ "$(docker image inspect --format "{{index .Config.Labels \"$LABEL\"}}" "$TAG" 2>/dev/null || true)" == "$key" ]] && exit 0
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/py" "$ctx/app"
[[ -d "$PY" ]] && cp -a "$PY/." "$ctx/py/"
cp "$ROOT/package.json" "$ROOT/package-lock.json" "$ctx/app/"
cp -a "$ROOT/node_modules" "$ctx/app/node_modules"
cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM swarmguard-test/debian:bookworm
COPY py /usr/lib/python3/dist-packages
COPY app /app
LABEL $LABEL=$key
DOCKERFILE
DOCKER_BUILDKIT=0 docker build -q --network none -t "$TAG" "$ctx" >/dev/null
echo "[image] built $TAG"
