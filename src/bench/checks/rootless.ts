// The verdicts for a rootless engine, by requirement: the same requirement judged on the rootless layout (the
// user's unit, socket, daemon.json and data root, owned by that user), or "not applicable: rootless" with the
// reason where the recommendation has nothing to judge there. Requirements absent here are judged as on a rootful
// engine: the API-level checks (containers, images, swarm) and the system binaries read the same.
import path from 'node:path';
import type { CheckContext, CheckResult } from '../check.js';
import { notApplicableRootless } from '../check.js';
import { homeOfDataRoot, rootlessLayout, type RootlessFacts } from '../rootless.js';
import { benchMessages as M } from '../messages.js';
import { FILE_LABELS, auditVerdict, ownership, permissions, tlsPath } from './host.js';

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

const user = (r: RootlessFacts): { uid: number; engineUser: true } => ({ uid: r.uid, engineUser: true });

const NO_SOCKET_UNIT = M.say('bench.rootless.noSocketUnit');
const NO_ETC = M.say('bench.rootless.noEtc');
const OWN_CONTAINERD = M.say('bench.rootless.ownContainerd');

/** Rootless verdicts by requirement key. */
export const ROOTLESS: Record<string, RootlessVerdict> = {
  '1.1.2': (_c, r) => notApplicableRootless(M.say('bench.rootless.socket', { socket: r.socket, uid: r.uid })),
  '1.1.7': (c, r) => (r.unit ? auditVerdict(c, r.unit, r.unit) : notApplicableRootless(M.say('bench.rootless.noServiceAt'))),
  '1.1.9': () => notApplicableRootless(NO_SOCKET_UNIT),
  '1.1.10': () => notApplicableRootless(NO_ETC),
  '1.1.12': () => notApplicableRootless(OWN_CONTAINERD),
  '1.1.13': () => notApplicableRootless(NO_ETC),
  '2.9': () => notApplicableRootless(M.say('bench.rootless.userns')),
  '2.16': (_c, r) => notApplicableRootless(M.say('bench.rootless.ports', { driver: r.rootlesskit.portDriver ?? 'builtin' })),
  '3.1': (c, r) => (r.unit ? ownership(c, r.unit, user(r), FILE_LABELS.userService) : notApplicableRootless(M.say('bench.rootless.noService'))),
  '3.2': (c, r) => (r.unit ? permissions(c, r.unit, 0o644, FILE_LABELS.userService) : notApplicableRootless(M.say('bench.rootless.noService'))),
  '3.3': () => notApplicableRootless(NO_SOCKET_UNIT),
  '3.4': () => notApplicableRootless(NO_SOCKET_UNIT),
  '3.5': (c, r) => ownership(c, r.configDir, user(r), r.configDir),
  '3.6': (c, r) => permissions(c, r.configDir, 0o755, r.configDir),
  '3.7': (c, r) => ownership(c, path.posix.join(r.configDir, 'certs.d'), user(r), path.posix.join(r.configDir, 'certs.d')),
  '3.8': (c, r) => permissions(c, path.posix.join(r.configDir, 'certs.d'), 0o755, path.posix.join(r.configDir, 'certs.d')),
  '3.9': (c, r) => ownership(c, tlsPath(c, 'tlscacert'), user(r), FILE_LABELS.tlsCaCert),
  '3.11': (c, r) => ownership(c, tlsPath(c, 'tlscert'), user(r), FILE_LABELS.tlsCert),
  '3.13': (c, r) => ownership(c, tlsPath(c, 'tlskey'), user(r), FILE_LABELS.tlsKey),
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
  '5.10': () => notApplicableRootless(M.say('bench.rootless.hostNetwork')),
  '5.31': () => notApplicableRootless(M.say('bench.rootless.hostUserns')),
};

/** The rootless verdict for requirement `check`, or undefined when the engine runs as root or the check reads alike. */
export function rootlessVerdict(check: string, ctx: CheckContext): CheckResult | undefined {
  const verdict = ROOTLESS[check];
  if (!verdict) return undefined;
  const r = rootlessOf(ctx);
  return r ? verdict(ctx, r) : undefined;
}
