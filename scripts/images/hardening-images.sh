#!/usr/bin/env bash
# Builds the two images the hardening checks are tested on, from local images only (no registry):
#   swarmguard-test/insecure:latest  root, no healthcheck, a secret in ENV and in history, shells, a setuid
#                                    binary, a private key file, apt lists left behind
#   swarmguard-test/hardened:latest  a static binary only (no shell), non-root user, a HEALTHCHECK, no secrets
set -euo pipefail
LABEL=org.swarmguard.test-recipe
recipe="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
current() { docker image inspect --format "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null || true; }
ctx="$(mktemp -d)"
trap 'rm -rf "$ctx"' EXIT

if [[ "$(current swarmguard-test/insecure:latest)" != "$recipe" ]]; then
  mkdir -p "$ctx/insecure"
  # A throwaway key made here, so that the image really holds a private key (never a real one).
  openssl genpkey -algorithm ed25519 -out "$ctx/insecure/id_ed25519" 2>/dev/null
  cat >"$ctx/insecure/Dockerfile" <<DOCKERFILE
FROM swarmguard-test/debian:bookworm
ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
COPY id_ed25519 /root/.ssh/id_ed25519
RUN chmod u+s /usr/bin/find && mkdir -p /var/lib/apt/lists && echo "Package: x" > /var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages
RUN apt-get update || true
LABEL $LABEL=$recipe
CMD ["bash"]
DOCKERFILE
  DOCKER_BUILDKIT=0 docker build -q --network none -t swarmguard-test/insecure:latest "$ctx/insecure" >/dev/null
  echo "[image] built swarmguard-test/insecure:latest"
fi

if [[ "$(current swarmguard-test/hardened:latest)" != "$recipe" ]]; then
  mkdir -p "$ctx/hardened"
  cat >"$ctx/hardened/app.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--health") == 0) return 0;
  for (;;) pause();
}
C
  gcc -static -Os -o "$ctx/hardened/app" "$ctx/hardened/app.c"
  cat >"$ctx/hardened/Dockerfile" <<DOCKERFILE
FROM scratch
COPY --chown=10001:10001 app /app
USER 10001:10001
HEALTHCHECK --interval=30s CMD ["/app", "--health"]
LABEL $LABEL=$recipe
ENTRYPOINT ["/app"]
DOCKERFILE
  DOCKER_BUILDKIT=0 docker build -q --network none -t swarmguard-test/hardened:latest "$ctx/hardened" >/dev/null
  echo "[image] built swarmguard-test/hardened:latest"
fi
