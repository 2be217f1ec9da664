#!/usr/bin/env bash
# `npm test`: the whole suite, as CI runs it.
#   1. the Debian packages the tests use (scripts/test-env.sh packages);
#   2. in the background, the Docker engine, the swarm and the test images (scripts/test-env.sh up), while
#      the unit tests run and the project builds: on a fresh machine the images take minutes to build;
#   3. the integration tests, against that engine, once it is up.
# Arguments go to both vitest runs (e.g. `npm test -- -t 'stack'`). Exit code: non-zero when any step failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .cache
env_log=.cache/test-env-up.log

bash scripts/test-env.sh packages
# The images some integration files build for themselves (each script is a no-op when its image is current).
{
  bash scripts/test-env.sh up
  bash scripts/images/hardening-images.sh
  bash scripts/images/langs-image.sh
} >"$env_log" 2>&1 &
env_pid=$!
# Stop the background set-up if this script is interrupted (its own PID only).
trap 'kill "$env_pid" 2>/dev/null || true' INT TERM

status=0
npx vitest run --project unit --passWithNoTests "$@" || status=1
npm run --silent build || status=1

echo "== waiting for the test environment (log: $env_log)"
if ! wait "$env_pid"; then
  cat "$env_log" >&2
  echo "error: scripts/test-env.sh up failed (log above); the integration tests cannot run" >&2
  exit 1
fi
trap - INT TERM
grep '^test-env up:' "$env_log" || true
npx vitest run --project integration --passWithNoTests "$@" || status=1
exit "$status"
