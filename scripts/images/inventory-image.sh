#!/usr/bin/env bash
# Builds swarmguard-test/inventory:latest, an image holding a package of every ecosystem the inventory reads,
# each from a real file: a Go binary (built from vendor/ with Debian's golang-go), a Rust binary's
# cargo-auditable section, jars from Debian's liblog4j2-java and libjackson2-databind-java and a Spring Boot
# style fat jar, installed gemspecs, Composer's installed.json, a .NET deps.json, a Berkeley DB rpmdb
# (RHEL 8) and distroless dpkg status.d files. FROM scratch: no shell, nothing else.
#   scripts/images/inventory-image.sh [REF [KEY]]   build it (KEY becomes the test-recipe label)
#   scripts/images/inventory-image.sh --key         print the hash of its inputs (test-env.sh's cache key)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FIX="$ROOT/test/fixtures/packages"
LABEL=org.swarmguard.test-recipe
JARS=(/usr/share/java/log4j-api-2.19.0.jar /usr/share/java/jackson-databind-2.14.0.jar /usr/share/java/jackson-core-2.14.1.jar)
DPKG=(base-files libssl3 tzdata)

inputs() {
  sha256sum "${BASH_SOURCE[0]}" "$FIX/go/sg-hello" "$FIX/rust/auditable" "$FIX/java/"*.jar "$FIX/gems/"*.gemspec \
    "$FIX/composer/installed.json" "$FIX/dotnet/"*.deps.json "$FIX/rpmdb/rhel8-bdb/Packages" "${JARS[@]}"
  dpkg -s "${DPKG[@]}" | grep -E '^(Package|Version):'
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
for p in "${DPKG[@]}"; do
  dpkg -s "$p" | grep -v '^Status:' >"$r/var/lib/dpkg/status.d/$p"
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
chmod -R u+w,go-w "$r"
printf 'FROM scratch\nCOPY rootfs /\nLABEL %s=%s\n' "$LABEL" "$KEY" >"$ctx/Dockerfile"
DOCKER_BUILDKIT=0 docker build -q --network none -t "$REF" "$ctx" >/dev/null
echo "[image] built $REF"
