#!/usr/bin/env bash
# A multi-node Swarm lab on this one machine: one network namespace per node on a private bridge,
# one extra dockerd per namespace (own data-root, exec-root, socket, pidfile), joined into a swarm
# of their own (node1 manager, the others workers). The host's own engine is not part of it.
#
#   scripts/lab.sh up [N]   N nodes (default 2), idempotent; loads the local test images on every node
#   scripts/lab.sh env      one line per node: NAME DOCKER_HOST ADDRESS
#   scripts/lab.sh down     stop the lab's dockerds (by pidfile PID), remove namespaces, links, data
#   scripts/lab.sh status
#   scripts/lab.sh dataplane   one more engine (namespace sg-dp1, socket $RUN/dp1.sock), a one-node swarm of its
#                          own with separate management (10.222.0.31) and data-path (10.222.1.31) addresses;
#                          it never touches the lab's nodes and is not listed by `env`
#
# Addresses: bridge sglab0 10.222.0.1/24 on the host; node K is 10.222.0.(10+K) in namespace sg-nodeK.
# The namespaces have no default route: traffic stays between the lab's own addresses.
set -euo pipefail

BRIDGE=sglab0
SUBNET_PREFIX=10.222.0
HOST_ADDR="$SUBNET_PREFIX.1"
RUN=/run/swarmguard-lab
DATA=/var/lib/swarmguard-lab
# shellcheck source=scripts/lib/dockerd.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/dockerd.sh"
IMAGES=(swarmguard-test/busybox:latest swarmguard-test/web:latest)
# Loaded too when the host has them (built by scripts/images/*.sh).
OPTIONAL_IMAGES=(swarmguard/swarmguard:local)
LAB_WAIT_SECONDS="${SG_LAB_WAIT_SECONDS:-60}"

log() { printf '[lab] %s\n' "$*" >&2; }
die() { printf '[lab] ERROR: %s\n' "$*" >&2; exit 1; }

ns_of() { printf 'sg-node%s' "$1"; }
addr_of() { printf '%s.%s' "$SUBNET_PREFIX" "$((10 + $1))"; }
sock_of() { printf '%s/node%s.sock' "$RUN" "$1"; }
pidfile_of() { printf '%s/node%s.pid' "$RUN" "$1"; }
dk() { local n="$1"; shift; docker -H "unix://$(sock_of "$n")" "$@"; }

existing_nodes() {
  local f
  for f in /run/netns/sg-node*; do
    [[ -e "$f" ]] && printf '%s\n' "${f##*/sg-node}"
  done | sort -n
}

node_pid() {
  dockerd_pid "$(pidfile_of "$1")"
}

ping_node() { [[ "$(curl -s --max-time 3 --unix-socket "$(sock_of "$1")" http://localhost/_ping 2>/dev/null)" == OK ]]; }

ensure_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$HOST_ADDR/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  # With bridge netfilter on, the host's FORWARD policy (DROP once dockerd runs) would drop the
  # lab's bridged traffic: accept what stays on the lab bridge.
  if command -v iptables >/dev/null 2>&1 && ! iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null; then
    iptables -I FORWARD 1 -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
  fi
}

ensure_netns() {
  local n="$1" ns host_if
  ns="$(ns_of "$n")"
  host_if="sgl-n$n"
  [[ -e "/run/netns/$ns" ]] || ip netns add "$ns"
  if ! ip link show "$host_if" >/dev/null 2>&1; then
    ip link add "$host_if" type veth peer name "sgl-p$n"
    ip link set "sgl-p$n" netns "$ns"
    ip -n "$ns" link set "sgl-p$n" name eth0
    ip -n "$ns" addr add "$(addr_of "$n")/24" dev eth0
  fi
  ip link set "$host_if" master "$BRIDGE"
  ip link set "$host_if" up
  ip -n "$ns" link set lo up
  ip -n "$ns" link set eth0 up
}

start_node() {
  local n="$1" pid i
  if ping_node "$n"; then return 0; fi
  mkdir -p "$RUN" "$DATA/node$n"
  if ! pid="$(node_pid "$n")"; then
    log "starting dockerd for node$n in $(ns_of "$n")"
    # Only the network namespace (plus a UTS namespace, so each node has its own hostname):
    # entering the mount namespace too would hide the cgroup mounts dockerd needs.
    nsenter --net="/run/netns/$(ns_of "$n")" unshare --uts setsid sh -c 'hostname "$0" && exec "$@"' "$(ns_of "$n")" dockerd \
      --data-root "$DATA/node$n/data" --exec-root "$RUN/node$n" \
      --pidfile "$(pidfile_of "$n")" -H "unix://$(sock_of "$n")" -H "unix://$RUN/$(ns_of "$n").sock" \
      >>"$DATA/node$n/dockerd.log" 2>&1 </dev/null 9>&- &
    pid=$!
  fi
  for ((i = 0; i < LAB_WAIT_SECONDS * 4; i++)); do
    ping_node "$n" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  tail -n 20 "$DATA/node$n/dockerd.log" >&2 || true
  die "dockerd of node$n did not answer on $(sock_of "$n")"
}

swarm_state() { dk "$1" info --format '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}' 2>/dev/null || echo "unknown false"; }

ensure_swarm() {
  local count="$1" n token state
  state="$(swarm_state 1)"
  if [[ "$state" != "active true" ]]; then
    [[ "$state" == inactive* ]] || dk 1 swarm leave --force >/dev/null 2>&1 || true
    log "node1: docker swarm init --advertise-addr $(addr_of 1)"
    dk 1 swarm init --advertise-addr "$(addr_of 1)" --listen-addr "$(addr_of 1):2377" >/dev/null
  fi
  token="$(dk 1 swarm join-token -q worker)"
  for ((n = 2; n <= count; n++)); do
    state="$(swarm_state "$n")"
    [[ "$state" == active* ]] && continue
    log "node$n: joining the swarm as a worker"
    dk "$n" swarm join --token "$token" --advertise-addr "$(addr_of "$n")" --listen-addr "$(addr_of "$n"):2377" "$(addr_of 1):2377" >/dev/null
  done
  # Wait until the manager sees every node Ready.
  local i ready
  for ((i = 0; i < LAB_WAIT_SECONDS; i++)); do
    ready="$(dk 1 node ls --format '{{.Status}}' | grep -c '^Ready$' || true)"
    [[ "$ready" -ge "$count" ]] && return 0
    sleep 1
  done
  die "only $ready of $count lab nodes are Ready"
}

ensure_images() {
  local n="$1" missing=() img
  for img in "${OPTIONAL_IMAGES[@]}"; do
    docker image inspect "$img" >/dev/null 2>&1 || continue
    [[ "$(dk "$n" image inspect --format '{{.Id}}' "$img" 2>/dev/null)" == "$(docker image inspect --format '{{.Id}}' "$img")" ]] || missing+=("$img")
  done
  for img in "${IMAGES[@]}"; do
    docker image inspect "$img" >/dev/null 2>&1 || die "$img is missing on the host engine: run scripts/test-env.sh up first"
    [[ "$(dk "$n" image inspect --format '{{.Id}}' "$img" 2>/dev/null)" == "$(docker image inspect --format '{{.Id}}' "$img")" ]] || missing+=("$img")
  done
  if ((${#missing[@]})); then
    log "node$n: loading ${missing[*]}"
    docker save "${missing[@]}" | dk "$n" load -q >/dev/null
  fi
}

cmd_up() {
  local count="${1:-2}" n t0=$SECONDS
  [[ "$count" =~ ^[1-9]$ ]] || die "the node count must be 1 to 9"
  [[ "$(id -u)" == 0 ]] || die "must run as root (network namespaces, dockerd)"
  command -v nsenter >/dev/null && command -v ip >/dev/null || die "needs nsenter (util-linux) and ip (iproute2)"
  mkdir -p "$RUN" "$DATA"
  exec 9>"$RUN/lab.lock"
  flock -w 300 9 || die "another lab.sh holds $RUN/lab.lock"
  ensure_bridge
  for ((n = 1; n <= count; n++)); do
    ensure_netns "$n"
    start_node "$n"
    ensure_images "$n"
  done
  ensure_swarm "$count"
  printf 'lab up: %s node(s) in %ss; manager DOCKER_HOST=unix://%s\n' "$count" "$((SECONDS - t0))" "$(sock_of 1)"
}

cmd_env() {
  local n
  for n in $(existing_nodes); do
    printf 'node%s DOCKER_HOST=unix://%s ADDRESS=%s\n' "$n" "$(sock_of "$n")" "$(addr_of "$n")"
  done
}

stop_node() {
  local n="$1" pid
  pid="$(node_pid "$n")" || pid=""
  stop_dockerd "$pid" "$DATA/node$n" "$RUN/node$n"
}

cmd_down() {
  local n pid
  mkdir -p "$RUN"
  for n in $(existing_nodes) $(ls "$RUN" 2>/dev/null | sed -n 's/^node\([0-9]\)\.pid$/\1/p'); do
    stop_node "$n"
    ip link del "sgl-n$n" 2>/dev/null || true
    ip netns del "$(ns_of "$n")" 2>/dev/null || true
    rm -rf "${DATA:?}/node$n" "${RUN:?}/node$n" "$(sock_of "$n")" "$RUN/$(ns_of "$n").sock" "$(pidfile_of "$n")"
  done
  pid="$(dockerd_pid "$DP_PIDFILE")" || pid=""
  stop_dockerd "$pid" "$DATA/$DP" "$RUN/$DP"
  ip link del "$DP_LINK" 2>/dev/null || true
  ip netns del "$DP_NS" 2>/dev/null || true
  rm -rf "${DATA:?}/$DP" "${RUN:?}/$DP" "$DP_SOCK" "$DP_PIDFILE"
  ip link del "$BRIDGE" 2>/dev/null || true
  while iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT 2>/dev/null; do
    iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -j ACCEPT
  done
  echo "lab down"
}

cmd_status() {
  local n
  ip link show "$BRIDGE" >/dev/null 2>&1 && echo "bridge: $BRIDGE $HOST_ADDR/24" || echo "bridge: none"
  for n in $(existing_nodes); do
    if ping_node "$n"; then
      echo "node$n: $(addr_of "$n") engine up, swarm $(swarm_state "$n")"
    else
      echo "node$n: $(addr_of "$n") engine DOWN"
    fi
  done
}

# The data-plane node: a separate engine whose swarm has --data-path-addr apart from --advertise-addr.
DP=dp1
DP_NS="sg-$DP"
DP_LINK="sgl-$DP"
DP_MGMT="$SUBNET_PREFIX.31"
DP_DATA=10.222.1.31
DP_SOCK="$RUN/$DP.sock"
DP_PIDFILE="$RUN/$DP.pid"

dp_ping() { [[ "$(curl -s --max-time 3 --unix-socket "$DP_SOCK" http://localhost/_ping 2>/dev/null)" == OK ]]; }

cmd_dataplane() {
  local pid i state
  [[ "$(id -u)" == 0 ]] || die "must run as root (network namespaces, dockerd)"
  mkdir -p "$RUN" "$DATA/$DP"
  exec 9>"$RUN/lab-$DP.lock"
  flock -w 300 9 || die "another lab.sh holds $RUN/lab-$DP.lock"
  ensure_bridge
  [[ -e "/run/netns/$DP_NS" ]] || ip netns add "$DP_NS"
  if ! ip link show "$DP_LINK" >/dev/null 2>&1; then
    ip link add "$DP_LINK" type veth peer name "${DP_LINK}p"
    ip link set "${DP_LINK}p" netns "$DP_NS"
    ip -n "$DP_NS" link set "${DP_LINK}p" name eth0
    ip -n "$DP_NS" addr add "$DP_MGMT/24" dev eth0
    ip -n "$DP_NS" addr add "$DP_DATA/24" dev eth0
  fi
  ip link set "$DP_LINK" master "$BRIDGE"
  ip link set "$DP_LINK" up
  ip -n "$DP_NS" link set lo up
  ip -n "$DP_NS" link set eth0 up
  if ! dp_ping; then
    log "starting dockerd for $DP in $DP_NS"
    nsenter --net="/run/netns/$DP_NS" unshare --uts setsid sh -c 'hostname "$0" && exec "$@"' "$DP_NS" dockerd \
      --data-root "$DATA/$DP/data" --exec-root "$RUN/$DP" \
      --pidfile "$DP_PIDFILE" -H "unix://$DP_SOCK" \
      >>"$DATA/$DP/dockerd.log" 2>&1 </dev/null 9>&- &
    pid=$!
    for ((i = 0; i < LAB_WAIT_SECONDS * 4; i++)); do
      dp_ping && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    dp_ping || { tail -n 20 "$DATA/$DP/dockerd.log" >&2; die "dockerd of dp1 did not answer on $DP_SOCK"; }
  fi
  state="$(docker -H "unix://$DP_SOCK" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || echo unknown)"
  if [[ "$state" != active ]]; then
    log "dp1: docker swarm init --advertise-addr $DP_MGMT --data-path-addr $DP_DATA"
    docker -H "unix://$DP_SOCK" swarm init --advertise-addr "$DP_MGMT" --listen-addr "$DP_MGMT:2377" --data-path-addr "$DP_DATA" >/dev/null
  fi
  printf 'dp1 DOCKER_HOST=unix://%s MANAGEMENT=%s DATA_PATH=%s\n' "$DP_SOCK" "$DP_MGMT" "$DP_DATA"
}

case "${1:-up}" in
  up) cmd_up "${2:-2}" ;;
  dataplane) cmd_dataplane ;;
  env) cmd_env ;;
  down) cmd_down ;;
  status) cmd_status ;;
  -h | --help | help) sed -n '2,16p' "$0" ;;
  *) die "unknown command '$1' (up [N] | env | down | status | dataplane)" ;;
esac
