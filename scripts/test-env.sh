#!/usr/bin/env bash
# Test environment for swarmguard: a local Docker Engine in swarm mode plus
# the locally built test images (no registry is ever contacted).
#
#   scripts/test-env.sh [up]   install packages, start dockerd, init swarm, build images
#   scripts/test-env.sh packages   install the Debian packages only (the unit tests need some)
#   scripts/test-env.sh down   stop the dockerd started by this script (pidfile PID only)
#   scripts/test-env.sh status engine reachability, swarm state, test images
#
# Everything expensive is cached under .cache/test-env/ so a warm `up` only
# runs a handful of cheap checks. See scripts/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib/dockerd.sh
. "$ROOT/scripts/lib/dockerd.sh"
CACHE="${SG_TEST_ENV_CACHE:-$ROOT/.cache/test-env}"
DOCKER_SOCK=/var/run/docker.sock
# Machine-wide, not per checkout: any clone of the project manages the same engine.
DOCKERD_PIDFILE="${SG_DOCKERD_PIDFILE:-/run/swarmguard-test-env/dockerd.pid}"
DOCKERD_LOG="$CACHE/dockerd.log"
DOCKERD_WAIT_SECONDS="${SG_DOCKERD_WAIT_SECONDS:-60}"
# Extra flags for dockerd, appended verbatim (word-split).
SG_DOCKERD_FLAGS="${SG_DOCKERD_FLAGS:-}"
RECIPE_LABEL=org.swarmguard.test-recipe

export DEBIAN_FRONTEND=noninteractive
# This script always manages the local engine, whatever the caller's DOCKER_HOST.
export DOCKER_HOST="unix://$DOCKER_SOCK"
unset DOCKER_CONTEXT

# ---------------------------------------------------------------------------
# Test images. To add one: write a `build_<something>` function below that
# creates "$1" (the image reference) and append "<ref> <builder> [deps...]"
# here. Entries are built in order; deps are image refs listed earlier whose
# image IDs feed the cache key, so a rebuilt base image rebuilds dependants.
# The cache key also covers the builder's own source text, so editing a
# builder rebuilds exactly that image on the next `up`.
# ---------------------------------------------------------------------------
TEST_IMAGES=(
  "swarmguard-test/busybox:latest build_busybox"
  "swarmguard-test/debian:bookworm build_debian"
  "swarmguard-test/web:latest build_web swarmguard-test/busybox:latest"
  "swarmguard-test/apache2:bookworm build_apache2"
  "swarmguard-test/inventory:latest build_inventory"
)

REQUIRED_PACKAGES=(docker.io debootstrap busybox-static iproute2 iptables tcpdump openssl rpm python3-rpm docker-registry apache2-utils zstd chromium golang-go golang-gopkg-yaml.v3-dev liblog4j2-java libjackson2-databind-java unzip fonts-noto-cjk php-cli php-composer-semver)
OPTIONAL_PACKAGES=(auditd)

SUMMARY=()
log() { printf '[test-env] %s\n' "$*" >&2; }
die() { printf '[test-env] ERROR: %s\n' "$*" >&2; exit 1; }
note() { SUMMARY+=("$*"); }

sha() { sha256sum | cut -c1-16; }

# --------------------------------------------------------------- packages --
missing_packages() {
  local pkgs=("$@") out p
  out="$(dpkg-query -W -f='${Package} ${Status}\n' "${pkgs[@]}" 2>/dev/null || true)"
  for p in "${pkgs[@]}"; do
    # docker-ce style installs provide dockerd without the docker.io package
    if [[ "$p" == docker.io ]] && command -v dockerd >/dev/null 2>&1; then continue; fi
    grep -q "^$p install ok installed$" <<<"$out" || printf '%s\n' "$p"
  done
}

APT_UPDATED=0
apt_install() {
  if [[ "$APT_UPDATED" == 0 ]]; then
    log "apt-get update"
    apt-get update -qq >&2
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  apt-get install -y -qq --no-install-recommends "$@" >&2
}

ensure_packages() {
  [[ "$(id -u)" == 0 ]] || die "must run as root (installs packages, starts dockerd)"
  local missing=() optional=()
  mapfile -t missing < <(missing_packages "${REQUIRED_PACKAGES[@]}")
  if ((${#missing[@]})); then
    apt_install "${missing[@]}" || die "apt-get install ${missing[*]} failed"
    note "installed ${missing[*]}"
  fi
  # Optional packages: one attempt per machine; a failure is remembered.
  mapfile -t optional < <(missing_packages "${OPTIONAL_PACKAGES[@]}")
  local p
  for p in "${optional[@]}"; do
    [[ -e "$CACHE/skip-package-$p" ]] && continue
    if apt_install "$p"; then
      note "installed $p"
    else
      log "optional package $p did not install cleanly; skipping it from now on"
      apt-get purge -y -qq "$p" >/dev/null 2>&1 || true
      : >"$CACHE/skip-package-$p"
    fi
  done
}

# ----------------------------------------------------------------- engine --
engine_ping() {
  if command -v curl >/dev/null 2>&1; then
    [[ "$(curl -s --max-time 3 --unix-socket "$DOCKER_SOCK" http://localhost/_ping 2>/dev/null)" == OK ]]
  else
    timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
  fi
}

# PID from our pidfile if it is a live dockerd, else nothing.
our_dockerd_pid() { dockerd_pid "$DOCKERD_PIDFILE"; }

# Decide how dockerd can drive iptables on this kernel.
# Prints extra dockerd flags; may prepend a PATH shim selecting iptables-legacy.
dockerd_iptables_flags() {
  if iptables -w -nL >/dev/null 2>&1; then
    return 0 # default (nf_tables on Debian 12) works
  fi
  if command -v iptables-legacy >/dev/null 2>&1 && iptables-legacy -w -nL >/dev/null 2>&1; then
    local shim="$CACHE/iptables-legacy-bin" t
    mkdir -p "$shim"
    for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
      command -v "$t-legacy" >/dev/null 2>&1 && ln -sfn "$(command -v "$t-legacy")" "$shim/$t"
    done
    log "iptables (nft) unusable, running dockerd with iptables-legacy"
    echo "PATH=$shim:$PATH"
    return 0
  fi
  log "no working iptables; starting dockerd with --iptables=false (no NAT/port publishing)"
  echo "--iptables=false"
}

start_engine() {
  if engine_ping; then return 0; fi
  mkdir -p "$CACHE" "$(dirname "$DOCKERD_PIDFILE")"
  local pid
  if pid="$(our_dockerd_pid)"; then
    log "dockerd (pid $pid) is running but $DOCKER_SOCK does not answer yet; waiting"
  else
    local extra=() envs=() f
    while read -r f; do
      [[ -z "$f" ]] && continue
      if [[ "$f" == PATH=* ]]; then envs+=("$f"); else extra+=("$f"); fi
    done < <(dockerd_iptables_flags)
    # shellcheck disable=SC2206
    extra+=($SG_DOCKERD_FLAGS)
    log "starting dockerd (log: $DOCKERD_LOG)"
    printf '\n=== %s test-env.sh starting dockerd %s\n' "$(date -Is)" "${extra[*]}" >>"$DOCKERD_LOG"
    # 9>&-: dockerd must not inherit the lock's descriptor, or it would hold the lock for its lifetime.
    env "${envs[@]}" setsid dockerd --pidfile "$DOCKERD_PIDFILE" -H "unix://$DOCKER_SOCK" \
      "${extra[@]}" >>"$DOCKERD_LOG" 2>&1 </dev/null 9>&- &
    pid=$!
    note "started dockerd pid $pid"
  fi
  local i
  for ((i = 0; i < DOCKERD_WAIT_SECONDS * 4; i++)); do
    engine_ping && return 0
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.25
  done
  {
    echo "[test-env] ERROR: dockerd did not answer on $DOCKER_SOCK/_ping within ${DOCKERD_WAIT_SECONDS}s"
    kill -0 "$pid" 2>/dev/null || echo "[test-env] dockerd (pid $pid) has exited"
    echo "[test-env] last lines of $DOCKERD_LOG:"
    tail -n 25 "$DOCKERD_LOG" | sed 's/^/    /'
  } >&2
  exit 1
}

ensure_swarm() {
  local state
  state="$(docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null)" ||
    die "docker info failed"
  case "$state" in
    "active true") return 0 ;;
    "active false") die "this engine is a swarm worker; the tests need a manager (docker swarm leave --force)" ;;
    inactive*)
      log "docker swarm init --advertise-addr 127.0.0.1"
      docker swarm init --advertise-addr 127.0.0.1 >/dev/null
      note "swarm initialised"
      ;;
    *) die "unexpected swarm state '$state' (docker info --format '{{.Swarm.LocalNodeState}}')" ;;
  esac
}

# ----------------------------------------------------------------- images --
# Debian mirror used by apt on this machine (deb822 or one-line format).
debian_mirror() {
  local m=""
  if [[ -r /etc/apt/sources.list.d/debian.sources ]]; then
    m="$(awk '
      /^URIs:/ { uri=$2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") found=1 }
      /^[[:space:]]*$/ { if (found && uri != "") { print uri; exit } uri=""; found=0 }
      END { if (found && uri != "") print uri }' /etc/apt/sources.list.d/debian.sources | head -n1)"
  fi
  if [[ -z "$m" && -r /etc/apt/sources.list ]]; then
    m="$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list)"
  fi
  printf '%s\n' "${m:-http://deb.debian.org/debian}"
}

# Every builder gets: $1 = image ref, $2 = cache key (must become the
# $RECIPE_LABEL label of the image so the next `up` can skip it).

build_busybox() {
  local ref="$1" key="$2" bb=/bin/busybox dir
  [[ -x "$bb" ]] && file_is_static "$bb" || die "$bb is missing or not static (install busybox-static)"
  dir="$(mktemp -d "$CACHE/busybox-rootfs.XXXXXX")"
  mkdir -p "$dir"/{bin,dev,etc,home,proc,root,sys,tmp,usr/sbin,var/www,www}
  chmod 1777 "$dir/tmp"
  install -m 0755 "$bb" "$dir/bin/busybox"
  local a
  # Same layout as the upstream busybox image: every applet lives in /bin.
  for a in $("$bb" --list); do
    [[ "$a" == busybox ]] || ln -s busybox "$dir/bin/$a"
  done
  cat >"$dir/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
EOF
  cat >"$dir/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
www-data:x:33:
nogroup:x:65534:
EOF
  cat >"$dir/www/index.html" <<'EOF'
<!DOCTYPE html>
<html><head><title>swarmguard test web</title></head>
<body><h1>swarmguard-test web</h1><p>served by busybox httpd</p></body></html>
EOF
  tar --numeric-owner --owner=0 --group=0 -C "$dir" -c . |
    docker import \
      --change 'CMD ["sh"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      --change "LABEL $RECIPE_LABEL=$key" \
      - "$ref" >/dev/null
  rm -rf "$dir"
}

file_is_static() {
  # ldd (libc-bin, always present) refuses static executables
  ! LC_ALL=C ldd "$1" >/dev/null 2>&1
}

DEBIAN_SUITE=bookworm
build_debian() {
  local ref="$1" key="$2" mirror tarball
  mirror="$(debian_mirror)"
  # Tarball cached per (suite, variant, mirror): built once per machine.
  tarball="$CACHE/debian-$DEBIAN_SUITE-minbase-$(printf '%s' "$mirror" | sha).tar"
  if [[ ! -s "$tarball" ]]; then
    local dir
    dir="$(mktemp -d "$CACHE/debian-rootfs.XXXXXX")"
    log "debootstrap --variant=minbase $DEBIAN_SUITE from $mirror (one-off, cached in $tarball)"
    # shellcheck disable=SC2064
    trap "umount -R '$dir/proc' '$dir/sys' 2>/dev/null || true; rm -rf '$dir'" EXIT
    if ! debootstrap --variant=minbase "$DEBIAN_SUITE" "$dir" "$mirror" >"$CACHE/debootstrap.log" 2>&1; then
      tail -n 20 "$CACHE/debootstrap.log" >&2
      die "debootstrap failed (full log: $CACHE/debootstrap.log)"
    fi
    # Trim like the official image: no apt lists/caches, empty /dev.
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
      "$dir"/var/log/*.log "$dir"/var/log/apt/* "$dir"/dev/* "$dir"/tmp/* "$dir"/root/.cache 2>/dev/null || true
    tar --numeric-owner -C "$dir" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$dir"
    trap - EXIT
  fi
  docker import \
    --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL $RECIPE_LABEL=$key" \
    "$tarball" "$ref" >/dev/null
}

# Debian's apache2 (debootstrap --include=apache2): what `compose init --image-httpd` must fit.
build_apache2() {
  bash "$ROOT/scripts/images/apache2-image.sh" "$1" "$2" "$(debian_mirror)" "$CACHE"
}

build_web() {
  local ref="$1" key="$2"
  # PID 1 is a shell that exits on TERM so `docker stop` / service updates are
  # immediate (busybox httpd as PID 1 would ignore SIGTERM for 10 s).
  local dockerfile
  dockerfile='FROM swarmguard-test/busybox:latest
EXPOSE 80
STOPSIGNAL SIGTERM
CMD ["sh", "-c", "trap '"'exit 0'"' TERM INT; httpd -f -p 80 -h /www & wait"]'
  # Legacy builder: resolves FROM against local images only, never a registry.
  if ! DOCKER_BUILDKIT=0 docker build -q -t "$ref" --label "$RECIPE_LABEL=$key" - \
    <<<"$dockerfile" >/dev/null 2>"$CACHE/build-web.log"; then
    cat "$CACHE/build-web.log" >&2
    die "docker build $ref failed"
  fi
}

# Every package ecosystem the inventory reads, from real files (see the script).
build_inventory() { bash "$ROOT/scripts/images/inventory-image.sh" "$1" "$2"; }

# Cache key of an image = hash(builder source, builder inputs, dep image IDs).
recipe_inputs() {
  case "$1" in
    build_busybox) stat -c '%s %Y' /bin/busybox 2>/dev/null || true ;;
    build_debian) printf '%s %s\n' "$DEBIAN_SUITE" "$(debian_mirror)" ;;
    build_apache2) printf '%s ' "$(debian_mirror)"; sha256sum <"$ROOT/scripts/images/apache2-image.sh" ;;
    build_inventory) bash "$ROOT/scripts/images/inventory-image.sh" --key ;;
  esac
}

declare -A IMAGE_ID=() IMAGE_KEY=()
inspect_images() {
  local refs=() e line ref id key
  for e in "${TEST_IMAGES[@]}"; do refs+=("${e%% *}"); done
  IMAGE_ID=() IMAGE_KEY=()
  while IFS='|' read -r ref id key; do
    [[ -n "$ref" ]] || continue
    IMAGE_ID["$ref"]="$id"
    IMAGE_KEY["$ref"]="$key"
  done < <(for ref in "${refs[@]}"; do
    docker image inspect --format "$ref|{{.Id}}|{{index .Config.Labels \"$RECIPE_LABEL\"}}" "$ref" 2>/dev/null || true
  done)
}

# Images are built in waves: every image whose dependencies are ready builds at once, each in its own process
# with its own log (the two debootstraps, the busybox import and the inventory image run side by side on a fresh
# machine), then the images that were waiting for them.
ensure_images() {
  inspect_images
  local e ref builder deps key d p pid built=() pending=() wave=() pids=() ready i slug
  for e in "${TEST_IMAGES[@]}"; do pending+=("$e"); done
  while ((${#pending[@]})); do
    wave=() pids=()
    local rest=()
    for e in "${pending[@]}"; do
      read -r ref builder deps <<<"$e"
      ready=1
      for d in $deps; do
        for p in "${pending[@]}"; do [[ "${p%% *}" == "$d" ]] && ready=0; done
      done
      if ((ready)); then wave+=("$e"); else rest+=("$e"); fi
    done
    ((${#wave[@]})) || die "TEST_IMAGES: a dependency cycle among: ${rest[*]}"
    for e in "${wave[@]}"; do
      read -r ref builder deps <<<"$e"
      key="$({
        declare -f "$builder"
        recipe_inputs "$builder"
        for d in $deps; do printf 'dep %s %s\n' "$d" "${IMAGE_ID[$d]:-}"; done
      } | sha)"
      [[ -n "${IMAGE_ID[$ref]:-}" && "${IMAGE_KEY[$ref]:-}" == "$key" ]] && continue
      slug="${ref//[^A-Za-z0-9]/-}"
      log "building $ref (log: $CACHE/build-$slug.log)"
      ("$builder" "$ref" "$key") >"$CACHE/build-$slug.log" 2>&1 &
      pids+=("$!|$ref|$slug")
    done
    for i in "${pids[@]}"; do
      IFS="|" read -r pid ref slug <<<"$i"
      if ! wait "$pid"; then
        tail -n 30 "$CACHE/build-$slug.log" >&2
        die "building $ref failed (log: $CACHE/build-$slug.log)"
      fi
      built+=("$ref")
    done
    pending=("${rest[@]}")
    inspect_images
  done
  ((${#built[@]})) && note "built ${built[*]}"
  return 0
}

# ------------------------------------------------------------- subcommands --
with_lock() {
  mkdir -p "$CACHE"
  exec 9>"$CACHE/up.lock"
  flock -w 900 9 || die "timed out waiting for $CACHE/lock"
}

cmd_up() {
  local t0=$SECONDS
  with_lock
  ensure_packages
  start_engine
  ensure_swarm
  ensure_images
  ((${#SUMMARY[@]})) || note "nothing to do"
  local IFS=';'
  printf 'test-env up: %s (%ss; engine %s, swarm manager, images ok)\n' \
    "${SUMMARY[*]}" "$((SECONDS - t0))" "$DOCKER_SOCK"
}

cmd_down() {
  with_lock
  local pid
  if ! pid="$(our_dockerd_pid)"; then
    echo "test-env down: no dockerd started by this script is running (pidfile $DOCKERD_PIDFILE)"
    return 0
  fi
  stop_dockerd "$pid"
  echo "test-env down: stopped dockerd pid $pid (packages, swarm state and images are kept)"
}

cmd_status() {
  local rc=0
  if engine_ping; then
    echo "engine: reachable at $DOCKER_SOCK ($(docker version --format 'server {{.Server.Version}}, API {{.Server.APIVersion}}' 2>/dev/null))"
    local pid
    pid="$(our_dockerd_pid || true)"
    echo "dockerd: ${pid:+started by test-env.sh, pid $pid}${pid:-not started by test-env.sh}"
    echo "swarm: $(docker info --format '{{.Swarm.LocalNodeState}} (manager: {{.Swarm.ControlAvailable}}, node {{.Swarm.NodeID}}, addr {{.Swarm.NodeAddr}})')"
    inspect_images
    local e ref
    for e in "${TEST_IMAGES[@]}"; do
      ref="${e%% *}"
      if [[ -n "${IMAGE_ID[$ref]:-}" ]]; then
        echo "image: $ref present ${IMAGE_ID[$ref]:7:12}"
      else
        echo "image: $ref MISSING"
        rc=1
      fi
    done
  else
    echo "engine: NOT reachable at $DOCKER_SOCK"
    rc=1
  fi
  return "$rc"
}

cmd_packages() {
  with_lock
  ensure_packages
  ((${#SUMMARY[@]})) || note "nothing to install"
  local IFS=';'
  printf 'test-env packages: %s\n' "${SUMMARY[*]}"
}

case "${1:-up}" in
  up) cmd_up ;;
  packages) cmd_packages ;;
  down) cmd_down ;;
  status) cmd_status ;;
  -h | --help | help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown subcommand '$1' (up|packages|down|status)" ;;
esac
