#!/bin/sh
# The stack's PostgreSQL (deploy/swarmguard.yaml): Debian's postgresql in swarmguard's own image, run as the
# `postgres` user with a read-only root. The cluster lives in the volume at $PGDATA; the first start makes it,
# with the password from the Docker secret ($POSTGRES_PASSWORD_FILE) and password (SCRAM) authentication for
# every connection: the unix socket and TCP on the stack's encrypted overlay.
set -eu
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
: "${POSTGRES_PASSWORD_FILE:?set POSTGRES_PASSWORD_FILE to the database password secret}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  "$BIN/initdb" -D "$PGDATA" -U swarmguard --pwfile="$POSTGRES_PASSWORD_FILE" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  # initdb lets TCP in from loopback only; the replicas reach it over the overlay.
  printf 'host all swarmguard 0.0.0.0/0 scram-sha-256\nhost all swarmguard ::/0 scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
fi
exec "$BIN/postgres" -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/tmp -c password_encryption=scram-sha-256
