// Section 7: the swarm, read from the manager's API and this node's certificates.
import type { BenchCheckSpec, CheckContext, CheckResult } from '../check.js';
import { isEncryptedOverlay } from '../../security/overlay.js';
import { info, note, pass, warn } from '../check.js';
import { benchMessages as M } from '../messages.js';
import type { Message } from '../../core/message.js';

const DAY = 24 * 3600 * 1000;
const NS_PER_DAY = 24 * 3600 * 1e9;

function swarmOnly(ctx: CheckContext, fn: () => CheckResult): CheckResult {
  if (ctx.snapshot.info.Swarm.LocalNodeState !== 'active') return info(M.say('bench.swarm.off'));
  return fn();
}

function managerOnly(ctx: CheckContext, fn: (sw: NonNullable<CheckContext['snapshot']['swarm']>) => CheckResult): CheckResult {
  return swarmOnly(ctx, () => (ctx.snapshot.swarm ? fn(ctx.snapshot.swarm) : info(M.say('bench.swarm.worker'))));
}

export const swarmChecks: BenchCheckSpec[] = [
  {
    id: '7.1',
    remediation: 'Run an odd number of managers, 3 or 5 (at most 7): `docker node promote` / `demote`.',
    severity: 'MEDIUM',
    evaluate: (ctx) =>
      managerOnly(ctx, (sw) => {
        const managers = sw.nodes.filter((n) => n.ManagerStatus !== undefined);
        const reachable = managers.filter((n) => n.ManagerStatus?.Reachability === 'reachable');
        const n = managers.length;
        const details: Message[] = [M.say('bench.swarm.managers', { count: n, reachable: reachable.length, quorum: Math.floor(n / 2) + 1 })];
        if (reachable.length < n)
          details.push(
            M.say('bench.swarm.unreachable', {
              names: managers
                .filter((m) => !reachable.includes(m))
                .map((m) => m.Description.Hostname)
                .join(', '),
            }),
          );
        // CIS asks for no more managers than needed (each one can change the swarm's security settings).
        if (reachable.length <= n / 2) return warn([...details, M.say('bench.swarm.quorumLost')], [String(n)]);
        if (n % 2 === 0) return warn([...details, M.say('bench.swarm.even')], [String(n)]);
        if (n > 7) return warn([...details, M.say('bench.swarm.tooMany')], [String(n)]);
        return pass(...details, ...(n === 1 ? [M.say('bench.swarm.single')] : []));
      }),
  },
  {
    id: '7.2',
    remediation: 'Bind the swarm to a specific interface: `docker swarm init --listen-addr ADDR` / `join --listen-addr ADDR`.',
    evaluate: (ctx) =>
      swarmOnly(ctx, () => {
        const l = ctx.host.daemon.listeners.filter((x) => x.port === 2377);
        if (l.length === 0) return info(M.say('bench.swarm.no2377'));
        const wildcard = l.filter((x) => x.address === '0.0.0.0' || x.address === '::');
        return wildcard.length > 0
          ? warn([M.say('bench.swarm.allInterfaces', { addresses: wildcard.map((x) => `${x.address}:2377`).join(', ') })])
          : pass(M.say('bench.swarm.listens', { addresses: l.map((x) => x.address).join(', ') }));
      }),
  },
  {
    id: '7.3',
    remediation:
      'Create overlay networks with `--opt encrypted` (compose: driver_opts: {encrypted: ""}); recreate ingress encrypted when published ports cross nodes.',
    severity: 'HIGH',
    evaluate: (ctx) =>
      swarmOnly(ctx, () => {
        const overlays = ctx.snapshot.networks.filter((n) => n.Driver === 'overlay');
        const plain = overlays.filter((n) => !isEncryptedOverlay(n.Options));
        const isIngress = (n: (typeof plain)[number]): boolean => n.Ingress || n.Name === 'ingress';
        const ingress = plain.filter(isIngress).map((n) => n.Name);
        const user = plain.filter((n) => !isIngress(n)).map((n) => n.Name);
        const details = ingress.map((n) =>
          M.say('bench.swarm.plainIngress', { name: n, command: `docker network create --ingress --driver overlay --opt encrypted ${n}` }),
        );
        if (user.length + ingress.length > 0)
          return warn([...user.map((n) => M.say('bench.swarm.plainOverlay', { name: n })), ...details], [...user, ...ingress]);
        return pass(M.say('bench.swarm.encrypted', { count: overlays.length }));
      }),
  },
  {
    id: '7.4',
    remediation: 'Pass secrets with `docker secret` (compose `secrets:`), never in environment variables or images.',
    evaluate: (ctx) =>
      managerOnly(ctx, (sw) =>
        info(
          M.say('bench.swarm.secrets', {
            count: sw.services.filter((s) => s.Spec.TaskTemplate.ContainerSpec.Secrets.length > 0).length,
            total: sw.services.length,
          }),
        ),
      ),
  },
  {
    id: '7.5',
    remediation: '`docker swarm update --autolock=true`, and keep the unlock key safe.',
    severity: 'MEDIUM',
    evaluate: (ctx) =>
      managerOnly(ctx, (sw) =>
        sw.inspect.Spec.EncryptionConfig.AutoLockManagers ? pass(M.say('bench.swarm.autolockOn')) : warn([M.say('bench.swarm.autolockOff')]),
      ),
  },
  {
    id: '7.6',
    remediation: 'Rotate the unlock key periodically: `docker swarm unlock-key --rotate`.',
    evaluate: (ctx) => managerOnly(ctx, () => note(M.say('bench.swarm.unlockKey'))),
  },
  {
    id: '7.7',
    remediation: 'Keep node certificates short-lived: `docker swarm update --cert-expiry 720h` (or less).',
    evaluate: (ctx) =>
      swarmOnly(ctx, () => {
        const details: Message[] = [];
        const expiryNs = ctx.snapshot.swarm?.inspect.Spec.CAConfig.NodeCertExpiry ?? 0;
        if (expiryNs > 0) details.push(M.say('bench.swarm.certLifetime', { days: Math.round(expiryNs / NS_PER_DAY) }));
        const cert = ctx.host.swarmNodeCert;
        if (!cert) return info(...details, M.say('bench.swarm.noNodeCert'));
        const left = (Date.parse(cert.notAfter) - ctx.options.now.getTime()) / DAY;
        details.push(M.say('bench.swarm.certExpires', { at: cert.notAfter, days: Math.floor(left) }));
        if (left < 0) return warn([...details, M.say('bench.swarm.certExpired')]);
        if (expiryNs / NS_PER_DAY > 90) return warn([...details, M.say('bench.swarm.certTooLong')]);
        return pass(...details);
      }),
  },
  {
    id: '7.8',
    remediation: 'Rotate the swarm CA periodically: `docker swarm ca --rotate`.',
    evaluate: (ctx) =>
      swarmOnly(ctx, () => {
        const ca = ctx.host.swarmCaCert;
        if (!ca) return info(M.say('bench.swarm.noCa'));
        const age = (ctx.options.now.getTime() - Date.parse(ca.notBefore)) / DAY;
        const details = [M.say('bench.swarm.ca', { at: ca.notBefore, days: Math.floor(age), end: ca.notAfter })];
        return age > 365 ? warn([...details, M.say('bench.swarm.caOld')]) : pass(...details);
      }),
  },
  {
    id: '7.9',
    remediation: 'Use a separate interface for data traffic: `docker swarm init --data-path-addr ADDR`.',
    evaluate: (ctx) =>
      swarmOnly(ctx, () => {
        // The management address is the one the node advertises (Status.Addr and ManagerStatus.Addr both show it);
        // the data path has its own setting, kept in the data root's swarm state.
        const hostOf = (addr: string): string => addr.replace(/^\[(.*)\](:\d+)?$/, '$1').replace(/^([^:]+):\d+$/, '$1');
        const state = ctx.host.swarmState;
        const mgmt = hostOf(state?.advertiseAddr || ctx.snapshot.info.Swarm.NodeAddr);
        if (!state || state.error) {
          return info(M.say('bench.couldNotCheck', { why: state?.error ?? M.say('bench.swarm.noState') }));
        }
        if (state.dataPathAddr === '') {
          return warn([M.say('bench.swarm.noDataPath', { address: mgmt })]);
        }
        const data = hostOf(state.dataPathAddr);
        return data === mgmt
          ? warn([M.say('bench.swarm.sharedAddress', { management: mgmt, data })])
          : pass(M.say('bench.swarm.separate', { management: mgmt, data }));
      }),
  },
];
