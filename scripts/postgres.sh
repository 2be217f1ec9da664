#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests and the load harness, from Debian's `postgresql` package: `initdb` in
# a directory of its own, listening on a unix socket only (no TCP), password (SCRAM) authentication.
#
#   scripts/postgres.sh up        install the package if needed, initdb once, start (idempotent)
#   scripts/postgres.sh env       print the settings tests read (SG_TEST_PG_HOST, SG_TEST_PG_USER, SG_TEST_PG_PASSWORD_FILE)
#   scripts/postgres.sh restart   restart the server (fast shutdown), as the fault tests and the harness do
#   scripts/postgres.sh down      stop the server this script started
#   scripts/postgres.sh status
#
# The directory is $SG_PG_DIR (default /tmp/swarmguard-pg-<uid>): data/, run/ (the socket), password (0600),
# server.log. Run as root, the server runs as the `postgres` user the package creates (PostgreSQL refuses
# root). The password never leaves its file: clients read it from there.
set -euo pipefail

DIR="${SG_PG_DIR:-/tmp/swarmguard-pg-$(id -u)}"
DATA="$DIR/data"
RUN="$DIR/run"
PWFILE="$DIR/password"
LOGFILE="$DIR/server.log"
DB_USER=swarmguard
log() { printf '[postgres] %s\n' "$*" >&2; }

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

install_package() {
  if [ -z "$(bindir)" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      log "PostgreSQL is not installed: apt-get install postgresql (as root)"
      exit 1
    fi
    log "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
  fi
}

# Runs a server binary as the cluster's owner: postgres when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

prepare_dir() {
  if [ -e "$DIR" ] && [ ! -O "$DIR" ]; then
    log "$DIR exists and belongs to another user: refusing to use it (set SG_PG_DIR)"
    exit 1
  fi
  mkdir -p "$DIR"
  chmod 0755 "$DIR"
  if [ ! -s "$PWFILE" ]; then
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=\n' >"$PWFILE.tmp" && mv "$PWFILE.tmp" "$PWFILE")
  fi
  chmod 0600 "$PWFILE"
  mkdir -p "$RUN"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$RUN"; fi
  chmod 0755 "$RUN"
}

init_cluster() {
  [ -f "$DATA/PG_VERSION" ] && return 0
  local bin pw
  bin=$(bindir)
  rm -rf "$DATA"
  mkdir -p "$DATA"
  pw=$(mktemp "$DIR/.initpw.XXXXXX")
  cp "$PWFILE" "$pw"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DATA" "$pw"; fi
  chmod 0700 "$DATA"
  log "initdb in $DATA"
  as_owner "$bin/initdb" -D "$DATA" -U "$DB_USER" --pwfile="$pw" --auth-local=scram-sha-256 --auth-host=reject -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 ||
    { cat "$DIR/initdb.log" >&2; rm -f "$pw"; exit 1; }
  rm -f "$pw"
}

running() {
  local bin
  bin=$(bindir) || return 1
  [ -f "$DATA/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  local bin
  bin=$(bindir)
  touch "$LOGFILE"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$LOGFILE"; fi
  # listen_addresses='' : the unix socket in $RUN only, no TCP port at all.
  as_owner "$bin/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories='$RUN' -c max_connections=200 -c shared_buffers=32MB" start >/dev/null
}

cmd=${1:-up}
case "$cmd" in
  up)
    install_package
    prepare_dir
    init_cluster
    if running; then log "running (socket in $RUN)"; else start && log "started (socket in $RUN)"; fi
    ;;
  env)
    echo "SG_TEST_PG_HOST=$RUN"
    echo "SG_TEST_PG_USER=$DB_USER"
    echo "SG_TEST_PG_PASSWORD_FILE=$PWFILE"
    ;;
  restart)
    as_owner "$(bindir)/pg_ctl" -D "$DATA" -l "$LOGFILE" -w -t 60 -m fast restart \
      -o "-c listen_addresses='' -c unix_socket_directories='$RUN' -c max_connections=200 -c shared_buffers=32MB" >/dev/null
    log "restarted"
    ;;
  down)
    if running; then as_owner "$(bindir)/pg_ctl" -D "$DATA" -w -m fast stop >/dev/null && log "stopped"; else log "not running"; fi
    ;;
  status)
    if running; then echo "running: socket in $RUN"; else echo "not running"; exit 1; fi
    ;;
  *)
    echo "usage: $0 up|env|restart|down|status" >&2
    exit 2
    ;;
esac
