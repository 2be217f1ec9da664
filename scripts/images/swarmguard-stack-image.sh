#!/usr/bin/env bash
# Builds swarmguard's own images without a registry, for deploy/swarmguard.yaml on the test swarm:
#   swarmguard-test/swarmguard-base:bookworm   debootstrap (minbase) with Debian's nodejs and postgresql, `docker import`
#   swarmguard-test/swarmguard:local            that base + this checkout's build (dist, bin, production node_modules)
# The base tarball is cached (one-off, a few minutes); the app image rebuilds in seconds.
#   scripts/images/swarmguard-stack-image.sh [base|app|all]      (default all; run `npm run build` first)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${SG_TEST_ENV_CACHE:-$ROOT/.cache/test-env}"
BASE=swarmguard-test/swarmguard-base:bookworm
APP=swarmguard-test/swarmguard:local
suite=bookworm
mkdir -p "$CACHE"
# The host's apt mirror for bookworm (as scripts/test-env.sh finds it), else Debian's.
mirror="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
[ -n "$mirror" ] || mirror="$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null || true)"
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

build_base() {
  if docker image inspect "$BASE" >/dev/null 2>&1; then return 0; fi
  local tarball="$CACHE/debian-$suite-swarmguard-base-$(printf '%s' "$mirror" | sha256sum | cut -c1-16).tar"
  if [[ ! -s "$tarball" ]]; then
    command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    local dir
    dir="$(mktemp -d "$CACHE/swarmguard-rootfs.XXXXXX")"
    trap 'umount -R "$dir/proc" "$dir/sys" 2>/dev/null || true; rm -rf "$dir"' EXIT
    echo "[swarmguard-stack-image] debootstrap --variant=minbase --include=nodejs,postgresql-15 $suite from $mirror (one-off, cached in $tarball)" >&2
    if ! debootstrap --variant=minbase --include=nodejs,postgresql-15,ca-certificates "$suite" "$dir" "$mirror" >"$CACHE/swarmguard-debootstrap.log" 2>&1; then
      tail -n 20 "$CACHE/swarmguard-debootstrap.log" >&2
      exit 1
    fi
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
      "$dir"/var/log/*.log "$dir"/var/log/apt/* "$dir"/dev/* "$dir"/tmp/* "$dir"/root/.cache 2>/dev/null || true
    # The package's own cluster is not used: the stack's PostgreSQL makes its cluster in its volume.
    rm -rf "$dir"/var/lib/postgresql/15/main "$dir"/etc/postgresql/15/main
    tar --numeric-owner -C "$dir" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$dir"
    trap - EXIT
  fi
  docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tarball" "$BASE" >/dev/null
  echo "[swarmguard-stack-image] built $BASE" >&2
}

build_app() {
  [ -f "$ROOT/dist/bundle/main.js" ] || { echo "[swarmguard-stack-image] run npm run build first" >&2; exit 1; }
  local ctx
  ctx="$(mktemp -d)"
  trap 'rm -rf "$ctx"' RETURN
  cp -a "$ROOT/package.json" "$ROOT/bin" "$ROOT/dist" "$ctx/"
  # bookworm's nodejs is 18; swarmguard needs 20+ and its native addon is built for the Node that runs the
  # tests: that same binary goes in (it needs only the libc and libstdc++ the base has).
  cp "$(command -v node)" "$ctx/node"
  mkdir -p "$ctx/node_modules" "$ctx/deploy"
  cp -a "$ROOT/deploy/postgres-entrypoint.sh" "$ctx/deploy/"
  # Production dependencies only (the paths npm resolves for them).
  (cd "$ROOT" && npm ls --omit=dev --all --parseable 2>/dev/null | tail -n +2) | while read -r p; do
    rel="${p#"$ROOT"/}"
    mkdir -p "$ctx/$(dirname "$rel")"
    [ -e "$ctx/$rel" ] || cp -a "$p" "$ctx/$rel"
  done
  cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM swarmguard-test/swarmguard-base:bookworm
COPY node /usr/local/bin/node
COPY package.json /opt/swarmguard/package.json
COPY bin /opt/swarmguard/bin
COPY dist /opt/swarmguard/dist
COPY node_modules /opt/swarmguard/node_modules
COPY deploy/postgres-entrypoint.sh /opt/swarmguard/deploy/postgres-entrypoint.sh
RUN install -d -o postgres -g postgres -m 0700 /var/lib/postgresql/data && install -d -o 65534 -g 65534 -m 0755 /var/lib/swarmguard/db
ENTRYPOINT ["/usr/local/bin/node", "/opt/swarmguard/bin/swarmguard.js"]
CMD ["--help"]
DOCKERFILE
  DOCKER_BUILDKIT=0 docker build --network none -q -t "$APP" "$ctx" >/dev/null
  echo "[swarmguard-stack-image] built $APP ($(docker image inspect --format '{{.Id}}' "$APP"))" >&2
}

case "${1:-all}" in
  base) build_base ;;
  app) build_app ;;
  all) build_base && build_app ;;
  *) echo "usage: $0 [base|app|all]" >&2; exit 2 ;;
esac
