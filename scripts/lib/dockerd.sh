# Shared by scripts/engines.sh, scripts/lab.sh and scripts/test-env.sh: stopping a dockerd the script started, by its PID.
# shellcheck shell=bash

# stop_dockerd PID ROOT...: TERM, up to 30 s for it to go, then KILL; then lazily unmount whatever the engine left
# mounted below its roots (netns files, overlay mounts), deepest first.
stop_dockerd() {
  local pid="$1" n m roots
  shift
  if [[ -n "$pid" ]]; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((n = 0; n < 120; n++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  roots="$*"
  for m in $(awk -v roots="$roots" 'BEGIN { n = split(roots, r, " ") } { for (i = 1; i <= n; i++) if (index($2, r[i] "/") == 1) { print $2; break } }' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
}

# dockerd_pid PIDFILE: the PID in the file if that process is a dockerd (a stale file or a reused PID is not ours).
dockerd_pid() {
  local pid
  [[ -s "$1" ]] || return 1
  pid="$(tr -dc 0-9 <"$1")"
  [[ -n "$pid" && -r "/proc/$pid/comm" && "$(cat "/proc/$pid/comm")" == dockerd ]] || return 1
  printf '%s\n' "$pid"
}
