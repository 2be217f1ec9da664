#!/usr/bin/env bash
# Records the Engine API answers swarmguard reads, from a real engine, into test/fixtures/engine-api/ENGINE-STORE/:
# version, info, swarm, nodes, services, tasks, networks (list and one), containers (list and one), images (list and
# one, and on API 1.47+ with `manifests=1`), events, system df. The unit tests parse every one through the engine edge
# (test/unit/engine/fixtures.test.ts), so a change of the models is checked against every engine without one.
#
#   scripts/engines-record.sh ENGINE STORE     e.g. 28 containerd; 20.10 overlay2 is the default engine
#
# It creates, and removes afterwards, one overlay network, one service and one container named sgfix-*; it asks at the
# API version swarmguard would use (the engine's, capped at src/engine/connection.ts MAX_API_VERSION).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENGINE="${1:?engine: 20.10, 26 or 28}"
STORE="${2:?store: overlay2 or containerd}"
OUT="$ROOT/test/fixtures/engine-api/$ENGINE-$STORE"
IMAGE=swarmguard-test/busybox:latest
MAX_API="$(sed -n "s/^export const MAX_API_VERSION = '\([0-9.]*\)';/\1/p" "$ROOT/src/engine/connection.ts")"

host="$(bash "$ROOT/scripts/engines.sh" up "$ENGINE" "$STORE" | sed -n 's/^DOCKER_HOST=unix:\/\///p')"
[[ -S "$host" ]] || { echo "no engine socket for $ENGINE $STORE" >&2; exit 1; }
export DOCKER_HOST="unix://$host"

server_api="$(curl -sf --unix-socket "$host" http://localhost/version | python3 -c 'import json,sys; print(json.load(sys.stdin)["ApiVersion"])')"
api="$(printf '%s\n%s\n' "$server_api" "$MAX_API" | sort -V | head -n1)"
at_least() { [[ "$(printf '%s\n%s\n' "$api" "$1" | sort -V | head -n1)" == "$1" ]]; }

get() { # NAME PATH: the answer, pretty-printed, into NAME.json
  local body
  body="$(curl -sf --unix-socket "$host" "http://localhost/v$api$2")" || { echo "GET $2 failed" >&2; exit 1; }
  printf '%s' "$body" | python3 -c 'import json,sys; json.dump(json.load(sys.stdin), sys.stdout, indent=2, sort_keys=True); print()' >"$OUT/$1.json"
}
urlq() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

cleanup() {
  docker rm -f sgfix-ctr >/dev/null 2>&1 || true
  docker service rm sgfix-web >/dev/null 2>&1 || true
  # The network goes once the service's task has left it.
  for _ in $(seq 1 30); do
    docker network inspect sgfix-net >/dev/null 2>&1 || break
    docker network rm sgfix-net >/dev/null 2>&1 && break
    sleep 1
  done
}
trap cleanup EXIT
cleanup

t0="$(date +%s)"
docker network create -d overlay --attachable --label sgfix=1 sgfix-net >/dev/null
docker service create -d --name sgfix-web --label sgfix=1 --network sgfix-net --no-resolve-image \
  --health-cmd 'true' --health-interval 2s "$IMAGE" sleep 600 >/dev/null
docker run -d --name sgfix-ctr --label sgfix=1 --cap-drop ALL --read-only "$IMAGE" sleep 600 >/dev/null
for _ in $(seq 1 60); do
  docker service ps --filter desired-state=running --format '{{.CurrentState}}' sgfix-web | grep -q '^Running' && break
  sleep 1
done

rm -rf "$OUT"
mkdir -p "$OUT"
label="$(urlq '{"label":["sgfix=1"]}')"
get version /version
get info /info
get swarm /swarm
get nodes /nodes
get services "/services?status=true&filters=$label"
get tasks "/tasks?filters=$(urlq '{"service":["sgfix-web"]}')"
get networks /networks
get network "/networks/sgfix-net"
get containers "/containers/json?all=1&filters=$label"
get container /containers/sgfix-ctr/json
get images /images/json
get image "/images/$(urlq "$IMAGE")/json"
if at_least 1.47; then get images-manifests "/images/json?manifests=1"; fi
if at_least 1.48; then get image-manifests "/images/$(urlq "$IMAGE")/json?manifests=1"; fi
get system-df /system/df
curl -sf --unix-socket "$host" "http://localhost/v$api/events?since=$t0&until=$(date +%s)" >"$OUT/events.jsonl"
# A two-layer image of a few kilobytes (a dpkg database and os-release, then one more package), made on this engine
# and written by its `docker save`: the archive format each engine and store writes (test/unit/image/saves.test.ts).
ctx="$(mktemp -d)"
mkdir -p "$ctx/root/var/lib/dpkg" "$ctx/root/etc" "$ctx/build"
printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n' >"$ctx/root/etc/os-release"
printf 'Package: sgfix-base\nStatus: install ok installed\nPriority: optional\nSection: misc\nMaintainer: none\nArchitecture: all\nVersion: 1.0-1\nDescription: layer one\n\n' >"$ctx/root/var/lib/dpkg/status"
cp "$ctx/root/var/lib/dpkg/status" "$ctx/build/status"
printf 'Package: sgfix-extra\nStatus: install ok installed\nPriority: optional\nSection: misc\nMaintainer: none\nArchitecture: all\nVersion: 2.0-1\nDescription: layer two\n\n' >>"$ctx/build/status"
tar --numeric-owner --owner=0 --group=0 --mtime=@0 -C "$ctx/root" -c . | docker import - sgfix/save:base >/dev/null
printf 'FROM sgfix/save:base\nCOPY status /var/lib/dpkg/status\n' >"$ctx/build/Dockerfile"
DOCKER_BUILDKIT=0 docker build -q -t sgfix/save:1 "$ctx/build" >/dev/null 2>&1
docker save -o "$OUT/save.tar" sgfix/save:1
docker rmi sgfix/save:1 sgfix/save:base >/dev/null
rm -rf "$ctx"

printf '{"engine":"%s","store":"%s","api":"%s","serverApi":"%s","serverVersion":"%s","recorded":"%s"}\n' \
  "$ENGINE" "$STORE" "$api" "$server_api" "$(docker version --format '{{.Server.Version}}')" "$(date -u +%Y-%m-%d)" >"$OUT/recording.json"
echo "recorded $(ls "$OUT" | wc -l) answers of Engine $ENGINE ($STORE store, API $api) into ${OUT#"$ROOT"/}"
