#!/usr/bin/env bash
# Builds a Debian apache2 image without a registry: debootstrap (minbase, --include=apache2) from the host's apt
# mirror, then `docker import`. It is what an operator gets from "a Debian image with apache2", with Debian's
# paths (/var/run/apache2, /var/log/apache2, /var/lock/apache2), unlike the official httpd image.
#   scripts/images/apache2-image.sh REF KEY MIRROR CACHE_DIR      (run by scripts/test-env.sh up)
set -euo pipefail
ref="$1" key="$2" mirror="$3" cache="$4"
suite=bookworm
label=org.swarmguard.test-recipe
tarball="$cache/debian-$suite-apache2-$(printf '%s' "$mirror" | sha256sum | cut -c1-16).tar"
mkdir -p "$cache"
if [[ ! -s "$tarball" ]]; then
  dir="$(mktemp -d "$cache/apache2-rootfs.XXXXXX")"
  trap 'umount -R "$dir/proc" "$dir/sys" 2>/dev/null || true; rm -rf "$dir"' EXIT
  echo "[apache2-image] debootstrap --variant=minbase --include=apache2 $suite from $mirror (one-off, cached in $tarball)" >&2
  if ! debootstrap --variant=minbase --include=apache2 "$suite" "$dir" "$mirror" >"$cache/apache2-debootstrap.log" 2>&1; then
    tail -n 20 "$cache/apache2-debootstrap.log" >&2
    echo "[apache2-image] debootstrap failed (full log: $cache/apache2-debootstrap.log)" >&2
    exit 1
  fi
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
    "$dir"/var/log/*.log "$dir"/var/log/apt/* "$dir"/dev/* "$dir"/tmp/* "$dir"/root/.cache 2>/dev/null || true
  # Logs to the container's output, as the official images do.
  ln -sf /dev/stdout "$dir/var/log/apache2/access.log"
  ln -sf /dev/stderr "$dir/var/log/apache2/error.log"
  ln -sf /dev/stdout "$dir/var/log/apache2/other_vhosts_access.log"
  tar --numeric-owner -C "$dir" -cf "$tarball.tmp" .
  mv "$tarball.tmp" "$tarball"
  rm -rf "$dir"
  trap - EXIT
fi
docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV APACHE_RUN_DIR=/var/run/apache2 APACHE_PID_FILE=/var/run/apache2/apache2.pid APACHE_LOCK_DIR=/var/lock/apache2 APACHE_LOG_DIR=/var/log/apache2' \
  --change 'EXPOSE 80' \
  --change 'STOPSIGNAL SIGWINCH' \
  --change 'CMD ["apache2ctl", "-D", "FOREGROUND"]' \
  --change "LABEL $label=$key" \
  "$tarball" "$ref" >/dev/null
echo "[apache2-image] built $ref" >&2
