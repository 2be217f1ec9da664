// Section 7: the swarm, read from the manager's API and this node's certificates.
import type { BenchCheckSpec, CheckContext, CheckResult } from '../check.js';
import { isEncryptedOverlay } from '../../security/overlay.js';
import { info, note, pass, warn } from '../check.js';

const DAY = 24 * 3600 * 1000;
const NS_PER_DAY = 24 * 3600 * 1e9;

function swarmOnly(ctx: CheckContext, fn: () => CheckResult): CheckResult {
  if (ctx.snapshot.info.Swarm.LocalNodeState !== 'active') return info('swarm mode is not enabled: not applicable');
  return fn();
}

function managerOnly(ctx: CheckContext, fn: (sw: NonNullable<CheckContext['snapshot']['swarm']>) => CheckResult): CheckResult {
  return swarmOnly(ctx, () => (ctx.snapshot.swarm ? fn(ctx.snapshot.swarm) : info('this node is a worker: run the benchmark on a manager for swarm checks')));
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
        const details = [`${n} manager(s), ${reachable.length} reachable; quorum needs ${Math.floor(n / 2) + 1}`];
        if (reachable.length < n)
          details.push(
            `unreachable: ${managers
              .filter((m) => !reachable.includes(m))
              .map((m) => m.Description.Hostname)
              .join(', ')}`,
          );
        // CIS asks for no more managers than needed (each one can change the swarm's security settings).
        if (reachable.length <= n / 2) return warn([...details, 'quorum is lost'], [String(n)]);
        if (n % 2 === 0) return warn([...details, 'an even number of managers tolerates no more failures than one fewer: one is in excess'], [String(n)]);
        if (n > 7) return warn([...details, 'more than 7 managers: in excess, and slower consensus'], [String(n)]);
        return pass(...details, ...(n === 1 ? ['a single manager: no fault tolerance (add two for high availability)'] : []));
      }),
  },
  {
    id: '7.2',
    remediation: 'Bind the swarm to a specific interface: `docker swarm init --listen-addr ADDR` / `join --listen-addr ADDR`.',
    evaluate: (ctx) =>
      swarmOnly(ctx, () => {
        const l = ctx.host.daemon.listeners.filter((x) => x.port === 2377);
        if (l.length === 0) return info('no listener on 2377 found for dockerd (a worker, or not visible from here)');
        const wildcard = l.filter((x) => x.address === '0.0.0.0' || x.address === '::');
        return wildcard.length > 0
          ? warn([`the swarm listens on ${wildcard.map((x) => `${x.address}:2377`).join(', ')}: all interfaces`])
          : pass(`listens on ${l.map((x) => x.address).join(', ')}`);
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
        const details = ingress.map(
          (n) => `unencrypted routing-mesh network: ${n} (recreate it with \`docker network create --ingress --driver overlay --opt encrypted ${n}\`)`,
        );
        if (user.length + ingress.length > 0) return warn([...user.map((n) => `unencrypted overlay: ${n}`), ...details], [...user, ...ingress]);
        return pass(`${overlays.length} overlay network(s), all with the "encrypted" driver option`);
      }),
  },
  {
    id: '7.4',
    remediation: 'Pass secrets with `docker secret` (compose `secrets:`), never in environment variables or images.',
    evaluate: (ctx) =>
      managerOnly(ctx, (sw) =>
        info(
          `${sw.services.filter((s) => s.Spec.TaskTemplate.ContainerSpec.Secrets.length > 0).length} of ${sw.services.length} service(s) use Docker secrets`,
        ),
      ),
  },
  {
    id: '7.5',
    remediation: '`docker swarm update --autolock=true`, and keep the unlock key safe.',
    severity: 'MEDIUM',
    evaluate: (ctx) =>
      managerOnly(ctx, (sw) =>
        sw.inspect.Spec.EncryptionConfig.AutoLockManagers ? pass('autolock is on') : warn(['autolock is off: a stolen manager disk reveals the raft keys']),
      ),
  },
  {
    id: '7.6',
    remediation: 'Rotate the unlock key periodically: `docker swarm unlock-key --rotate`.',
    evaluate: (ctx) => managerOnly(ctx, () => note('the engine does not expose when the unlock key was last rotated')),
  },
  {
    id: '7.7',
    remediation: 'Keep node certificates short-lived: `docker swarm update --cert-expiry 720h` (or less).',
    evaluate: (ctx) =>
      swarmOnly(ctx, () => {
        const details: string[] = [];
        const expiryNs = ctx.snapshot.swarm?.inspect.Spec.CAConfig.NodeCertExpiry ?? 0;
        if (expiryNs > 0) details.push(`node certificate lifetime setting: ${Math.round(expiryNs / NS_PER_DAY)} days`);
        const cert = ctx.host.swarmNodeCert;
        if (!cert) return info(...details, "could not read this node's certificate (swarm/certificates/swarm-node.crt; not root?)");
        const left = (Date.parse(cert.notAfter) - ctx.options.now.getTime()) / DAY;
        details.push(`this node's certificate expires ${cert.notAfter} (in ${Math.floor(left)} days)`);
        if (left < 0) return warn([...details, 'the certificate has expired']);
        if (expiryNs / NS_PER_DAY > 90) return warn([...details, 'certificates live longer than 90 days']);
        return pass(...details);
      }),
  },
  {
    id: '7.8',
    remediation: 'Rotate the swarm CA periodically: `docker swarm ca --rotate`.',
    evaluate: (ctx) =>
      swarmOnly(ctx, () => {
        const ca = ctx.host.swarmCaCert;
        if (!ca) return info('could not read the swarm root CA certificate (not root?)');
        const age = (ctx.options.now.getTime() - Date.parse(ca.notBefore)) / DAY;
        const details = [`the root CA was issued ${ca.notBefore} (${Math.floor(age)} days ago), expires ${ca.notAfter}`];
        return age > 365 ? warn([...details, 'not rotated for over a year']) : pass(...details);
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
          return info(`could not check: ${state?.error ?? 'the swarm state (swarm/docker-state.json in the data root) could not be read; run as root'}`);
        }
        if (state.dataPathAddr === '') {
          return warn([
            `no --data-path-addr: data traffic uses the advertise address ${mgmt}, the same as management traffic (DataPathAddr is empty in docker-state.json)`,
          ]);
        }
        const data = hostOf(state.dataPathAddr);
        return data === mgmt
          ? warn([`management (${mgmt}) and data (DataPathAddr ${data}) traffic share one address`])
          : pass(`management traffic on ${mgmt}, data traffic on ${data} (DataPathAddr in docker-state.json)`);
      }),
  },
];
