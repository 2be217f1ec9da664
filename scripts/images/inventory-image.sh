#!/usr/bin/env bash
# Builds swarmguard-test/inventory:latest, an image holding a package of every ecosystem the inventory reads,
# each from a real file: a Go binary (built from vendor/ with Debian's golang-go), a Rust binary's
# cargo-auditable section, jars from Debian's liblog4j2-java and libjackson2-databind-java and a Spring Boot
# style fat jar, installed gemspecs, Composer's installed.json, a .NET deps.json, a Berkeley DB rpmdb
# (RHEL 8), distroless dpkg status.d files, an npm package and a Python package with two metadata directories. FROM scratch: no shell, nothing else.
#   scripts/images/inventory-image.sh [REF [KEY]]   build it (KEY becomes the test-recipe label)
#   scripts/images/inventory-image.sh --key         print the hash of its inputs (test-env.sh's cache key)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FIX="$ROOT/test/fixtures/packages"
LABEL=org.swarmguard.test-recipe
JARS=(/usr/share/java/log4j-api-2.19.0.jar /usr/share/java/jackson-databind-2.14.0.jar /usr/share/java/jackson-core-2.14.1.jar)

# The hash of every input, by content and path relative to the checkout (so another clone shares the image).
inputs() {
  (cd "$ROOT" && inputs_abs | sed "s#  $ROOT/#  #")
}
inputs_abs() {
  sha256sum "$ROOT/scripts/images/inventory-image.sh" "$FIX/go/sg-hello" "$FIX/rust/auditable" "$FIX/java/"*.jar "$FIX/gems/"*.gemspec \
    "$FIX/composer/installed.json" "$FIX/dotnet/"*.deps.json "$FIX/rpmdb/rhel8-bdb/Packages" "$FIX/status.d/"* "$FIX/python/"*/* "$FIX/npm/semver/package.json" "${JARS[@]}"
}
if [[ "${1:-}" == --key ]]; then inputs | sha256sum | cut -c1-16; exit 0; fi
REF="${1:-swarmguard-test/inventory:latest}"
KEY="${2:-$(inputs | sha256sum | cut -c1-16)}"
[[ "$(docker image inspect --format "{{index .Config.Labels \"$LABEL\"}}" "$REF" 2>/dev/null || true)" == "$KEY" ]] && exit 0

ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT
r="$ctx/rootfs"
mkdir -p "$r/etc" "$r/usr/local/bin" "$r/app/lib" "$r/app/php/vendor/composer" "$r/app/dotnet" \
  "$r/usr/share/rubygems-integration/all/specifications" "$r/var/lib/rpm" "$r/var/lib/dpkg/status.d"
# Distroless images say Debian in os-release and keep one dpkg stanza per file in status.d (no Status field).
printf '%s\n' 'PRETTY_NAME="Distroless"' 'NAME="Debian GNU/Linux"' 'ID="debian"' 'VERSION_ID="12"' 'VERSION="Debian GNU/Linux 12 (bookworm)"' 'HOME_URL="https://github.com/GoogleContainerTools/distroless"' >"$r/etc/os-release"
for f in "$FIX/status.d/"*; do
  p="$(basename "$f")"
  cp "$f" "$r/var/lib/dpkg/status.d/$p"
  printf 'd41d8cd98f00b204e9800998ecf8427e  usr/share/doc/%s/copyright\n' "$p" >"$r/var/lib/dpkg/status.d/$p.md5sums"
done
install -m 0755 "$FIX/go/sg-hello" "$r/usr/local/bin/sg-hello"
install -m 0755 "$FIX/rust/auditable" "$r/usr/local/bin/auditable"
cp "$FIX/java/commons-cli-1.5.0.jar" "$FIX/java/commons-logging-adapters-1.2.jar" "${JARS[@]}" "$r/app/lib/"
cp "$FIX/java/fat.jar" "$r/app/app.jar"
cp "$FIX/gems/"*.gemspec "$r/usr/share/rubygems-integration/all/specifications/"
cp "$FIX/composer/installed.json" "$r/app/php/vendor/composer/installed.json"
cp "$FIX/dotnet/ExampleApp1.deps.json" "$r/app/dotnet/"
cp "$FIX/rpmdb/rhel8-bdb/Packages" "$r/var/lib/rpm/Packages"
# One Python package described twice (.dist-info and .egg-info, as Debian's python3-cryptography ships it) and
# one npm package.
mkdir -p "$r/usr/local/lib/python3.11/site-packages" "$r/app/node/node_modules/semver"
cp -a "$FIX/python/." "$r/usr/local/lib/python3.11/site-packages/"
cp "$FIX/npm/semver/package.json" "$r/app/node/node_modules/semver/package.json"
chmod -R u+w,go-w "$r"
printf 'FROM scratch\nCOPY rootfs /\nLABEL %s=%s\n' "$LABEL" "$KEY" >"$ctx/Dockerfile"
DOCKER_BUILDKIT=0 docker build -q --network none -t "$REF" "$ctx" >/dev/null
echo "[image] built $REF"
