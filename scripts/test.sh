#!/usr/bin/env bash
# `npm test`: the whole suite, as CI runs it.
#   1. the Debian packages the tests use (scripts/test-env.sh packages);
#   2. in the background, the Docker engine, the swarm and the test images (scripts/test-env.sh up), while
#      the project builds: on a fresh machine the images take minutes to build;
#   3. the unit tests in the background, in one worker, their output kept in a log and printed when they end;
#   4. meanwhile the integration tests, against that engine, once it is up (and, beside them, the smoke of Engine 28
#      with the containerd image store, test/integration/engines.test.ts, and the tests of the two-node lab alone,
#      test/lab/, on a lab brought up with the swarmguard image before any test starts). They spend most of their
#      time waiting for the engines (tasks to start, health checks, services to converge), so the unit tests use the
#      CPU time they leave.
# Arguments go to both vitest runs (e.g. `npm test -- -t 'stack'`). Exit code: non-zero when any step failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .cache
env_log=.cache/test-env-up.log
unit_log=.cache/unit-tests.log
engines_log=.cache/engines-smoke.log
lab_log=.cache/lab-tests.log
lab_prep_log=.cache/lab-up.log
integration_log=.cache/integration-tests.log
serial_log=.cache/serial-tests.log
failed_list=.cache/failed-tests.txt
build_status=.cache/build.status
rm -f "$build_status" "$failed_list" "$integration_log" "$serial_log" "$lab_log" "$engines_log" "$unit_log"

bash scripts/test-env.sh packages
# PostgreSQL for the shared-history tests: a unix socket only, in a directory of its own (scripts/postgres.sh).
bash scripts/postgres.sh up
# The images some integration files build for themselves (each script is a no-op when its image is current).
{
  bash scripts/engines.sh fetch 28 >/dev/null # Engine 28's packages (cached), for the smoke below
  bash scripts/test-env.sh up
  bash scripts/images/hardening-images.sh
  bash scripts/images/langs-image.sh
  # The lab (scripts/lab.sh) with the swarmguard image on every node, which needs the build: ready before any test
  # starts, because one integration test restarts the default engine the lab loads its images from. A lab that
  # does not come up leaves its tests to run after the integration tests, where they say why.
  until [[ -e "$build_status" ]]; do sleep 1; done
  if [[ "$(cat "$build_status")" == ok ]] && { bash scripts/images/swarmguard-image.sh && bash scripts/lab.sh up 2; } >"$lab_prep_log" 2>&1; then
    echo "test-env lab: ready"
  else
    echo "test-env lab: not ready (log: $lab_prep_log)"
  fi
} >"$env_log" 2>&1 &
env_pid=$!
unit_pid=''
engines_pid=''
lab_pid=''
# Stop what runs in the background if this script is interrupted (its own PIDs only).
trap 'kill $env_pid $unit_pid $engines_pid $lab_pid 2>/dev/null || true' INT TERM

status=0
if npm run --silent build; then echo ok >"$build_status"; else
  echo failed >"$build_status"
  status=1
fi

echo "== unit tests, in the background (log: $unit_log)"
npx vitest run --project unit --maxWorkers=1 --passWithNoTests "$@" >"$unit_log" 2>&1 &
unit_pid=$!

echo "== waiting for the test environment (log: $env_log)"
if ! wait "$env_pid"; then
  cat "$env_log" >&2
  echo "error: scripts/test-env.sh up failed (log above); the integration tests cannot run" >&2
  wait "$unit_pid" || true
  cat "$unit_log"
  exit 1
fi
grep '^test-env up:\|^test-env lab:' "$env_log" || true
lab_ready=0
grep -q '^test-env lab: ready' "$env_log" && lab_ready=1
# The newest engine beside the default one (scripts/engines.sh: Engine 28, containerd image store, a swarm of its own
# in a network namespace of its own), smoke-tested in the background while the suite runs on the default engine.
echo "== Engine 28 (containerd image store) smoke, in the background (log: $engines_log)"
SWARMGUARD_TEST_ENGINE=28 SWARMGUARD_TEST_STORE=containerd npx vitest run --project integration test/integration/engines.test.ts "$@" >"$engines_log" 2>&1 &
engines_pid=$!
if ((lab_ready)); then
  echo "== the lab's tests, in the background (log: $lab_log)"
  SWARMGUARD_LAB_READY=1 npx vitest run --project lab --passWithNoTests "$@" >"$lab_log" 2>&1 &
  lab_pid=$!
fi
echo "== integration tests"
SWARMGUARD_LAB_READY=$lab_ready npx vitest run --project integration --passWithNoTests "$@" 2>&1 | tee "$integration_log" || status=1

if ((lab_ready)); then
  echo "== the lab's tests (log: $lab_log)"
  wait "$lab_pid" || status=1
  cat "$lab_log"
else
  echo "== the lab's tests (the lab was not ready before the tests: $lab_prep_log)"
  npx vitest run --project lab --passWithNoTests "$@" 2>&1 | tee "$lab_log" || status=1
fi

# The tests that need the lab and the kernel's audit rules to themselves (test/serial/), once both runs above ended.
echo "== tests that run alone"
SWARMGUARD_LAB_READY=$lab_ready npx vitest run --project serial --passWithNoTests "$@" 2>&1 | tee "$serial_log" || status=1

echo "== Engine 28 (containerd image store) smoke (log: $engines_log)"
wait "$engines_pid" || status=1
cat "$engines_log"

echo "== unit tests (log: $unit_log)"
wait "$unit_pid" || status=1
trap - INT TERM
cat "$unit_log"

# The last lines name every test that failed, in every run above (their logs hold the details), and so does
# $failed_list (.ci/run prints it after its summary): a long run's output is often read from its end.
if ((status != 0)); then
  {
    echo "== failed tests (details in $integration_log, $lab_log, $serial_log, $engines_log, $unit_log)"
    for f in "$integration_log" "$lab_log" "$serial_log" "$engines_log" "$unit_log"; do
      [[ -f "$f" ]] && sed 's/\x1b\[[0-9;]*m//g' "$f" | grep -E '^ *FAIL ' | sort -u || true
    done
    [[ "$(cat "$build_status" 2>/dev/null)" == ok ]] || echo "the build failed (npm run build)"
  } >"$failed_list"
  echo
  cat "$failed_list"
fi
exit "$status"
