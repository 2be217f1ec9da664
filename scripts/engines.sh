#!/usr/bin/env bash
# Extra Docker Engines beside the default one, from Debian's own packages: trixie's docker.io 26.1 and sid's
# docker.io 28.5, each with the overlay2 or the containerd image store. The default engine (bookworm's 20.10 on
# /var/run/docker.sock, started by test-env.sh) is never touched.
#
#   scripts/engines.sh up [ENGINE] [STORE]     start one engine (idempotent): a swarm manager of its own,
#                                              with the local test images loaded from the default engine
#   scripts/engines.sh env [ENGINE] [STORE]    print DOCKER_HOST=... for it (20.10 overlay2 is the default engine)
#   scripts/engines.sh down [ENGINE] [STORE]   stop it (pidfile PID only), remove its namespace, link and data
#   scripts/engines.sh status                  every engine started by this script
#   scripts/engines.sh fetch [ENGINE]          download and extract the packages only
#
# ENGINE is 20.10, 26 or 28 (default $SWARMGUARD_TEST_ENGINE, else 20.10); STORE is overlay2 or containerd
# (default $SWARMGUARD_TEST_STORE, else overlay2). 20.10 has no containerd image store.
#
# Packages: `apt-get download docker.io containerd` with a private sources list and apt state directory (the
# machine's apt configuration is not changed), cached under .cache/engines/. sid's runc needs glibc 2.38, so every
# engine runs the system's runc (bookworm's); dockerd, containerd and the shim come from the package.
#
# Each engine runs in a network namespace of its own (its own docker0, docker_gwbridge, iptables and swarm ports:
# two engines in one namespace would share docker_gwbridge and port 4789), joined to the host by one veth pair
# (host 10.223.K.1, engine 10.223.K.2, no routes beyond), with its own socket, data-root, exec-root and pidfile.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${SG_ENGINES_CACHE:-$ROOT/.cache/engines}"
RUN=/run/swarmguard-engines
DATA=/var/lib/swarmguard-engines
# shellcheck source=scripts/lib/dockerd.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/dockerd.sh"
WAIT_SECONDS="${SG_ENGINES_WAIT_SECONDS:-90}"
MIRROR="${SG_ENGINES_MIRROR:-http://deb.debian.org/debian}"
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# Images every engine gets from the default one (docker save | docker load; nothing is pulled).
IMAGES=(swarmguard-test/busybox:latest swarmguard-test/web:latest swarmguard-test/debian:bookworm)
DEFAULT_SOCK=/var/run/docker.sock

log() { printf '[engines] %s\n' "$*" >&2; }
die() { printf '[engines] ERROR: %s\n' "$*" >&2; exit 1; }

# ENGINE -> "suite docker.io-version containerd-version"
package_versions() {
  case "$1" in
    26) echo "trixie 26.1.5+dfsg1-9+deb13u1+b1 1.7.24~ds1-6+deb13u1" ;;
    28) echo "sid 28.5.2+dfsg4-5 2.1.9+ds1-5" ;;
    *) die "no package for engine '$1' (26 or 28)" ;;
  esac
}

engine_arg() {
  local e="${1:-${SWARMGUARD_TEST_ENGINE:-20.10}}"
  case "$e" in
    20.10 | 26 | 28) echo "$e" ;;
    *) die "unknown engine '$e' (20.10, 26 or 28)" ;;
  esac
}
store_arg() {
  local s="${1:-${SWARMGUARD_TEST_STORE:-overlay2}}"
  case "$s" in
    overlay2 | containerd) echo "$s" ;;
    *) die "unknown image store '$s' (overlay2 or containerd)" ;;
  esac
}

# Per instance: name, index (veth addresses), namespace, socket, pidfile, roots.
instance() { printf '%s-%s' "$1" "$2"; }
index_of() {
  case "$1" in
    26-overlay2) echo 1 ;; 26-containerd) echo 2 ;; 28-overlay2) echo 3 ;; 28-containerd) echo 4 ;;
    *) die "no instance $1" ;;
  esac
}
ns_of() { printf 'sg-eng%s' "$(index_of "$1")"; }
addr_of() { printf '10.223.%s.2' "$(index_of "$1")"; }
host_addr_of() { printf '10.223.%s.1' "$(index_of "$1")"; }
sock_of() { printf '%s/%s.sock' "$RUN" "$1"; }
pidfile_of() { printf '%s/%s.pid' "$RUN" "$1"; }
dk() { local i="$1"; shift; docker -H "unix://$(sock_of "$i")" "$@"; }
ping_sock() {
  if command -v curl >/dev/null 2>&1; then
    [[ "$(curl -s --max-time 3 --unix-socket "$1" http://localhost/_ping 2>/dev/null)" == OK ]]
  else
    [[ -S "$1" ]] && timeout 5 docker -H "unix://$1" version --format '{{.Server.Version}}' >/dev/null 2>&1
  fi
}

instance_pid() {
  dockerd_pid "$(pidfile_of "$1")"
}

apt_opts() {
  local a="$CACHE/apt"
  printf '%s\n' -o "Dir::Etc::SourceList=$a/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o "Dir::State=$a/state" -o "Dir::State::status=$a/state/status" -o "Dir::Cache=$a/cache" \
    -o APT::Architecture=amd64 -o APT::Sandbox::User=root -o Debug::NoLocking=1
}

# Download (once) and extract the packages of ENGINE; prints the extracted root.
fetch() {
  local engine="$1" suite dver cver root debs opts=()
  read -r suite dver cver <<<"$(package_versions "$engine")"
  root="$CACHE/root-$engine"
  debs="$CACHE/debs-$engine"
  if [[ -x "$root/usr/sbin/dockerd" && -s "$root/.versions" && "$(cat "$root/.versions")" == "$dver $cver" ]]; then
    printf '%s\n' "$root"
    return 0
  fi
  mkdir -p "$CACHE/apt/state/lists/partial" "$CACHE/apt/cache/archives/partial" "$debs"
  mapfile -t opts < <(apt_opts)
  if ! ls "$debs"/docker.io_*.deb "$debs"/containerd_*.deb >/dev/null 2>&1; then
    cat >"$CACHE/apt/sources.list" <<EOF
deb [signed-by=$KEYRING] $MIRROR trixie main
deb [signed-by=$KEYRING] $MIRROR sid main
EOF
    : >>"$CACHE/apt/state/status"
    log "apt-get update (private sources: trixie, sid)"
    apt-get "${opts[@]}" update -qq >&2 || die "apt-get update of the private sources failed"
    log "apt-get download docker.io=$dver containerd=$cver"
    (cd "$debs" && apt-get "${opts[@]}" download "docker.io=$dver" "containerd=$cver" >&2) ||
      die "apt-get download failed (the mirror may have moved on: see 'apt-cache madison docker.io' with the same options)"
  fi
  rm -rf "$root.tmp"
  mkdir -p "$root.tmp"
  local f
  for f in "$debs"/*.deb; do dpkg-deb -x "$f" "$root.tmp"; done
  printf '%s %s\n' "$dver" "$cver" >"$root.tmp/.versions"
  rm -rf "$root"
  mv "$root.tmp" "$root"
  printf '%s\n' "$root"
}

ensure_netns() {
  local i="$1" ns host_if k
  ns="$(ns_of "$i")"
  k="$(index_of "$i")"
  host_if="sge-h$k"
  [[ -e "/run/netns/$ns" ]] || ip netns add "$ns"
  if ! ip link show "$host_if" >/dev/null 2>&1; then
    ip link add "$host_if" type veth peer name "sge-p$k"
    ip link set "sge-p$k" netns "$ns"
    ip -n "$ns" link set "sge-p$k" name eth0
    ip -n "$ns" addr add "$(addr_of "$i")/30" dev eth0
    ip addr add "$(host_addr_of "$i")/30" dev "$host_if"
  fi
  ip link set "$host_if" up
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
}

start_engine() {
  local engine="$1" store="$2" i root pid n
  i="$(instance "$engine" "$store")"
  root="$(fetch "$engine")"
  if ping_sock "$(sock_of "$i")"; then
    # An engine another checkout started runs that checkout's binaries (its containerd starts shims from there, and
    # they may be gone): it is restarted from this one's, on the same data.
    pid="$(instance_pid "$i")" || pid=""
    [[ -z "$pid" || "$(readlink "/proc/$pid/exe")" == "$root/usr/sbin/dockerd" ]] && return 0
    log "dockerd $engine ($store store) runs $(readlink "/proc/$pid/exe"), not $root/usr/sbin/dockerd: restarting it"
    stop_dockerd "$pid" "$DATA/$i" "$RUN/$i"
  fi
  mkdir -p "$RUN" "$DATA/$i"
  if [[ "$store" == containerd ]]; then
    echo '{"features":{"containerd-snapshotter":true}}' >"$DATA/$i/daemon.json"
  else
    echo '{"storage-driver":"overlay2","features":{"containerd-snapshotter":false}}' >"$DATA/$i/daemon.json"
  fi
  if ! pid="$(instance_pid "$i")"; then
    ensure_netns "$i"
    log "starting dockerd $engine ($store store) in $(ns_of "$i") (log: $DATA/$i/dockerd.log)"
    # The package's binaries first; runc from the system. Only the network and UTS namespaces are entered (the
    # mount namespace stays the host's, or the cgroup mounts would be hidden from dockerd).
    nsenter --net="/run/netns/$(ns_of "$i")" unshare --uts setsid env \
      PATH="$root/usr/sbin:$root/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
      sh -c 'hostname "$0" && exec "$@"' "sg-engine-$i" "$root/usr/sbin/dockerd" \
      --config-file "$DATA/$i/daemon.json" --data-root "$DATA/$i/data" --exec-root "$RUN/$i" \
      --pidfile "$(pidfile_of "$i")" -H "unix://$(sock_of "$i")" \
      >>"$DATA/$i/dockerd.log" 2>&1 </dev/null 9>&- &
    pid=$!
  fi
  for ((n = 0; n < WAIT_SECONDS * 4; n++)); do
    ping_sock "$(sock_of "$i")" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  tail -n 25 "$DATA/$i/dockerd.log" >&2 || true
  die "dockerd $i did not answer on $(sock_of "$i") within ${WAIT_SECONDS}s"
}

ensure_swarm() {
  local i="$1" state
  state="$(dk "$i" info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null || echo unknown)"
  [[ "$state" == "active true" ]] && return 0
  [[ "$state" == inactive* ]] || dk "$i" swarm leave --force >/dev/null 2>&1 || true
  log "$i: docker swarm init --advertise-addr $(addr_of "$i")"
  dk "$i" swarm init --advertise-addr "$(addr_of "$i")" --listen-addr "$(addr_of "$i"):2377" >/dev/null
}

# The images come from the default engine; a store keeps the content, so the config digest (what `docker image
# inspect --format {{.Id}}` prints on overlay2; on the containerd store it prints the manifest digest) is compared
# through the config's RootFS instead: the layer DiffIDs are the same on both stores.
image_key() { docker -H "$1" image inspect --format '{{range .RootFS.Layers}}{{.}} {{end}}{{json .Config.Labels}}' "$2" 2>/dev/null || true; }

ensure_images() {
  local i="$1" missing=() img
  for img in "${IMAGES[@]}"; do
    docker -H "unix://$DEFAULT_SOCK" image inspect "$img" >/dev/null 2>&1 ||
      die "$img is missing on the default engine: run scripts/test-env.sh up first"
    [[ "$(image_key "unix://$(sock_of "$i")" "$img")" == "$(image_key "unix://$DEFAULT_SOCK" "$img")" ]] || missing+=("$img")
  done
  if ((${#missing[@]})); then
    log "$i: loading ${missing[*]} from the default engine"
    docker -H "unix://$DEFAULT_SOCK" save "${missing[@]}" | dk "$i" load -q >/dev/null
  fi
}

cmd_up() {
  local engine store i t0=$SECONDS
  engine="$(engine_arg "${1:-}")"
  store="$(store_arg "${2:-}")"
  if [[ "$engine" == 20.10 ]]; then
    [[ "$store" == overlay2 ]] || die "Engine 20.10 has no containerd image store"
    bash "$ROOT/scripts/test-env.sh" up >&2
    echo "DOCKER_HOST=unix://$DEFAULT_SOCK"
    return 0
  fi
  [[ "$(id -u)" == 0 ]] || die "must run as root (network namespaces, dockerd)"
  command -v nsenter >/dev/null && command -v ip >/dev/null || die "needs nsenter (util-linux) and ip (iproute2)"
  i="$(instance "$engine" "$store")"
  mkdir -p "$RUN" "$CACHE"
  exec 9>"$RUN/$i.lock"
  flock -w 600 9 || die "another engines.sh holds $RUN/$i.lock"
  start_engine "$engine" "$store"
  ensure_swarm "$i"
  ensure_images "$i"
  log "$i up in $((SECONDS - t0))s: $(dk "$i" version --format 'Engine {{.Server.Version}}, API {{.Server.APIVersion}}'), $(dk "$i" info --format '{{.Driver}}')"
  echo "DOCKER_HOST=unix://$(sock_of "$i")"
}

cmd_env() {
  local engine store
  engine="$(engine_arg "${1:-}")"
  store="$(store_arg "${2:-}")"
  if [[ "$engine" == 20.10 ]]; then
    echo "DOCKER_HOST=unix://$DEFAULT_SOCK"
  else
    echo "DOCKER_HOST=unix://$(sock_of "$(instance "$engine" "$store")")"
  fi
}

cmd_down() {
  local engine store i pid k
  engine="$(engine_arg "${1:-}")"
  store="$(store_arg "${2:-}")"
  [[ "$engine" != 20.10 ]] || die "the default engine is managed by scripts/test-env.sh, not here"
  i="$(instance "$engine" "$store")"
  k="$(index_of "$i")"
  pid="$(instance_pid "$i")" || pid=""
  stop_dockerd "$pid" "$DATA/$i" "$RUN/$i"
  ip link del "sge-h$k" 2>/dev/null || true
  ip netns del "$(ns_of "$i")" 2>/dev/null || true
  rm -rf "${DATA:?}/$i" "${RUN:?}/$i" "$(sock_of "$i")" "$(pidfile_of "$i")"
  echo "engines down: $i"
}

cmd_status() {
  local e s i
  for e in 26 28; do
    for s in overlay2 containerd; do
      i="$(instance "$e" "$s")"
      if ping_sock "$(sock_of "$i")"; then
        echo "$i: $(dk "$i" version --format 'Engine {{.Server.Version}}, API {{.Server.APIVersion}}'), swarm $(dk "$i" info --format '{{.Swarm.LocalNodeState}}'), DOCKER_HOST=unix://$(sock_of "$i")"
      elif instance_pid "$i" >/dev/null; then
        echo "$i: dockerd running, not answering"
      fi
    done
  done
}

case "${1:-up}" in
  up) cmd_up "${2:-}" "${3:-}" ;;
  env) cmd_env "${2:-}" "${3:-}" ;;
  down) cmd_down "${2:-}" "${3:-}" ;;
  status) cmd_status ;;
  fetch) fetch "$(engine_arg "${2:-}")" ;;
  -h | --help | help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (up | env | down | status | fetch)" ;;
esac
