// The verdicts for a rootless engine, by requirement: the same requirement judged on the rootless layout (the
// user's unit, socket, daemon.json and data root, owned by that user), or "not applicable: rootless" with the
// reason where the recommendation has nothing to judge there. Requirements absent here are judged as on a rootful
// engine: the API-level checks (containers, images, swarm) and the system binaries read the same.
import path from 'node:path';
import type { CheckContext, CheckResult } from '../check.js';
import { notApplicableRootless } from '../check.js';
import { homeOfDataRoot, rootlessLayout, type RootlessFacts } from '../rootless.js';
import { auditVerdict, ownership, permissions, tlsPath } from './host.js';

/** `docker info` says rootless: Security Options name=rootless. */
export function infoSaysRootless(ctx: Pick<CheckContext, 'snapshot'>): boolean {
  return ctx.snapshot.info.SecurityOptions.some((o) => o.split(',').includes('name=rootless'));
}

/**
 * The rootless layout of the engine, or null when it runs as root: the host's reading when it found one, else the
 * layout `docker info` implies (a remote or containerised run sees no rootless process).
 */
export function rootlessOf(ctx: CheckContext): RootlessFacts | null {
  if (ctx.host.rootless) return ctx.host.rootless;
  if (!infoSaysRootless(ctx)) return null;
  const dataRoot = typeof ctx.snapshot.info.DockerRootDir === 'string' ? ctx.snapshot.info.DockerRootDir : '';
  const home = homeOfDataRoot(dataRoot) ?? path.posix.dirname(dataRoot);
  const uid = ctx.host.files[dataRoot]?.uid ?? -1;
  return {
    ...rootlessLayout({ uid, home, evidence: ['docker info: Security Options name=rootless'] }),
    unit: null,
    script: null,
    config: null,
  };
}

type RootlessVerdict = (ctx: CheckContext, r: RootlessFacts) => CheckResult;

const user = (r: RootlessFacts): { uid: number; owner: string } => ({ uid: r.uid, owner: `the engine's user` });

const NO_SOCKET_UNIT = "dockerd-rootless.sh is started by the user's docker.service (systemctl --user); rootless Docker installs no docker.socket unit";
const NO_ETC =
  "a rootless dockerd reads its settings from ~/.config/docker/daemon.json and the environment of the user's docker.service, not from files under /etc";
const OWN_CONTAINERD = 'a rootless dockerd runs its own containerd, configured by dockerd under $XDG_RUNTIME_DIR/docker/containerd';

/** Rootless verdicts by requirement key. */
export const ROOTLESS: Record<string, RootlessVerdict> = {
  '1.1.2': (_c, r) =>
    notApplicableRootless(`the engine's socket ${r.socket} belongs to its user (uid ${r.uid}); membership of the docker group gives no access to it`),
  '1.1.7': (c, r) =>
    r.unit ? auditVerdict(c, r.unit, r.unit) : notApplicableRootless('no user docker.service (~/.config/systemd/user/docker.service) was found'),
  '1.1.9': () => notApplicableRootless(NO_SOCKET_UNIT),
  '1.1.10': () => notApplicableRootless(NO_ETC),
  '1.1.12': () => notApplicableRootless(OWN_CONTAINERD),
  '1.1.13': () => notApplicableRootless(NO_ETC),
  '2.9': () =>
    notApplicableRootless(
      "the whole engine already runs in RootlessKit's user namespace, which maps container root to the user's subordinate ids; dockerd refuses userns-remap there",
    ),
  '2.16': (_c, r) =>
    notApplicableRootless(
      `published ports are forwarded by RootlessKit's port driver (${r.rootlesskit.portDriver ?? 'builtin'}), not by the host's docker-proxy; userland-proxy does not change what the host exposes`,
    ),
  '3.1': (c, r) => (r.unit ? ownership(c, r.unit, user(r), 'the user docker.service') : notApplicableRootless('no user docker.service was found')),
  '3.2': (c, r) => (r.unit ? permissions(c, r.unit, 0o644, 'the user docker.service') : notApplicableRootless('no user docker.service was found')),
  '3.3': () => notApplicableRootless(NO_SOCKET_UNIT),
  '3.4': () => notApplicableRootless(NO_SOCKET_UNIT),
  '3.5': (c, r) => ownership(c, r.configDir, user(r), r.configDir),
  '3.6': (c, r) => permissions(c, r.configDir, 0o755, r.configDir),
  '3.7': (c, r) => ownership(c, path.posix.join(r.configDir, 'certs.d'), user(r), path.posix.join(r.configDir, 'certs.d')),
  '3.8': (c, r) => permissions(c, path.posix.join(r.configDir, 'certs.d'), 0o755, path.posix.join(r.configDir, 'certs.d')),
  '3.9': (c, r) => ownership(c, tlsPath(c, 'tlscacert'), user(r), 'the TLS CA certificate (--tlscacert)'),
  '3.11': (c, r) => ownership(c, tlsPath(c, 'tlscert'), user(r), 'the server certificate (--tlscert)'),
  '3.13': (c, r) => ownership(c, tlsPath(c, 'tlskey'), user(r), 'the server key (--tlskey)'),
  '3.15': (c, r) => ownership(c, r.socket, user(r), r.socket),
  '3.16': (c, r) => permissions(c, r.socket, 0o660, r.socket),
  '3.17': (c, r) => ownership(c, r.configFile, user(r), r.configFile),
  '3.18': (c, r) => permissions(c, r.configFile, 0o644, r.configFile),
  '3.19': () => notApplicableRootless(NO_ETC),
  '3.20': () => notApplicableRootless(NO_ETC),
  '3.21': () => notApplicableRootless(NO_ETC),
  '3.22': () => notApplicableRootless(NO_ETC),
  '3.23': (c, r) => ownership(c, r.containerdSocket, user(r), r.containerdSocket),
  '3.24': (c, r) => permissions(c, r.containerdSocket, 0o660, r.containerdSocket),
  '5.10': () =>
    notApplicableRootless("--network host joins RootlessKit's network namespace, not the host's: the container cannot see or bind the host's interfaces"),
  '5.31': () => notApplicableRootless("--userns host joins RootlessKit's user namespace, in which the host's root is not mapped"),
};

/** The rootless verdict for requirement `check`, or undefined when the engine runs as root or the check reads alike. */
export function rootlessVerdict(check: string, ctx: CheckContext): CheckResult | undefined {
  const verdict = ROOTLESS[check];
  if (!verdict) return undefined;
  const r = rootlessOf(ctx);
  return r ? verdict(ctx, r) : undefined;
}
