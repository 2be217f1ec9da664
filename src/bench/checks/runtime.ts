// Sections 4, 5 and 6: images, container runtime (containers on this node and the swarm's service specs), operations.
import type { ContainerFacts } from '../../engine/snapshot.js';
import type { EngineServiceModel, ServiceContainerSpec } from '../../engine/models.js';
import { dangerousCapabilities } from '../../security/capabilities.js';
import { engineSocketExposedBy } from '../../security/engine-socket.js';
import { hostMountRisk } from '../../security/host-mount.js';
import { disablesHealthcheck } from '../../core/healthcheck.js';
import { sharesHostNamespace } from '../../security/namespaces.js';
import { classifyUser } from '../../security/user.js';
import type { BenchCheckSpec, CheckContext, CheckResult } from '../check.js';
import { info, note, pass, warn } from '../check.js';

const hc = (c: ContainerFacts) => c.inspect.HostConfig;
const spec = (s: EngineServiceModel): ServiceContainerSpec => s.Spec.TaskTemplate.ContainerSpec;
const limits = (s: EngineServiceModel) => s.Spec.TaskTemplate.Resources.Limits;

/** Containers (and, where the spec says it, swarm services) that break a rule: WARN with them as items. */
function offenders(
  ctx: CheckContext,
  onContainer: (c: ContainerFacts) => string | null,
  onService?: (s: EngineServiceModel) => string | null,
  runningOnly = true,
): CheckResult {
  const items: string[] = [];
  const details: string[] = [];
  for (const c of ctx.snapshot.containers) {
    if (runningOnly && !c.running) continue;
    const why = onContainer(c);
    if (why !== null) {
      items.push(c.name);
      details.push(`${c.name}: ${why}`);
    }
  }
  for (const s of ctx.snapshot.swarm?.services ?? []) {
    const why = onService?.(s) ?? null;
    if (why !== null) {
      items.push(`service ${s.Spec.Name}`);
      details.push(`service ${s.Spec.Name}: ${why}`);
    }
  }
  return items.length > 0 ? warn(details, items) : pass();
}

/** The user verdict in words, or null when not root. */
const rootUser = (user: string, unset: string): string | null => {
  const v = classifyUser(user);
  return v === 'root' ? `runs as ${user}` : v === 'image-default' ? unset : null;
};
/** Sensitive bind mounts, as "source (ro)" strings. */
const sensitiveMounts = (mounts: readonly { type: string; source: string; readOnly: boolean }[]): string[] =>
  mounts.filter((m) => m.type === 'bind' && hostMountRisk(m.source, m.readOnly) !== undefined).map((m) => `${m.source}${m.readOnly ? ' (ro)' : ''}`);
const socketMounts = (mounts: readonly { type: string; source: string }[]): string[] =>
  mounts
    .filter((m) => m.type === 'bind')
    .flatMap((m) => {
      const what = engineSocketExposedBy(m.source);
      return what === undefined ? [] : [`${m.source} (${what})`];
    });
const containerMounts = (c: ContainerFacts) => c.inspect.Mounts.map((m) => ({ type: m.Type, source: m.Source, readOnly: !m.RW }));
const serviceMounts = (s: EngineServiceModel) => spec(s).Mounts.map((m) => ({ type: m.Type, source: m.Source, readOnly: m.ReadOnly }));
const listed = (verb: string, items: string[]): string | null => (items.length > 0 ? `${verb} ${items.join(', ')}` : null);
/** CIS 5.4: capabilities added beyond what isolation tolerates (the shared list; docker-bench knows three of them). */
const addsCapabilities = (added: readonly string[]): string | null => {
  const dangerous = dangerousCapabilities(added).map((d) => `${d.capability} (${d.why})`);
  return dangerous.length > 0 ? `adds ${dangerous.join('; ')}` : null;
};
const hostMode = (what: string, mode: string): string | null => (sharesHostNamespace(mode) ? `${what} mode host` : null);

export const imageChecks: BenchCheckSpec[] = [
  {
    id: '4.1',
    remediation: 'Create a user in the image (USER) or run with --user / compose `user:`.',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => rootUser(c.inspect.Config.User, 'runs as root (no user set in the image or at run time)'),
        (s) => rootUser(spec(s).User, 'no user in the spec (the image decides; root for most images)'),
      ),
  },
  { id: '4.2', remediation: 'Use images from trusted registries, pinned by digest.', evaluate: () => note() },
  { id: '4.3', remediation: 'Keep images minimal (`swarmguard image lint` lists shells and package managers).', evaluate: () => note() },
  { id: '4.4', remediation: 'Scan images (`swarmguard image scan`) and rebuild them when fixes are available.', evaluate: () => note() },
  {
    id: '4.5',
    remediation: 'Sign images and verify signatures at deploy time with Sigstore cosign or Notation, and pin images by digest.',
    evaluate: (ctx) =>
      info(
        `Docker Content Trust (Notary v1) is retired${process.env.DOCKER_CONTENT_TRUST === '1' ? ' (DOCKER_CONTENT_TRUST=1 is set here)' : ''}: sign and verify images with Sigstore cosign or Notation, and pin images by digest`,
        `${ctx.snapshot.images.length} images on this node`,
      ),
  },
  {
    id: '4.6',
    remediation: 'Add a HEALTHCHECK instruction to the image (or a healthcheck to the service).',
    evaluate: (ctx) => {
      const without = ctx.snapshot.images.filter((i) => !i.healthcheck).map((i) => i.tags[0] ?? i.id.slice(7, 19));
      return without.length > 0
        ? warn(
            without.map((t) => `no HEALTHCHECK: ${t}`),
            without,
          )
        : pass();
    },
  },
  { id: '4.7', remediation: 'Combine `apt-get update` with the install in one RUN (`swarmguard image lint` checks history).', evaluate: () => note() },
  { id: '4.8', remediation: 'Remove setuid/setgid bits in the image (`swarmguard image lint` lists them).', evaluate: () => note() },
  { id: '4.9', remediation: 'Use COPY instead of ADD.', evaluate: () => note() },
  { id: '4.10', remediation: 'Keep secrets out of images; use Docker secrets (`swarmguard image lint` finds them).', evaluate: () => note() },
  { id: '4.11', remediation: 'Install only verified (signed) packages.', evaluate: () => note() },
  { id: '4.12', remediation: 'Validate signatures of every artifact you deploy.', evaluate: () => note() },
];

export const runtimeChecks: BenchCheckSpec[] = [
  {
    id: '5.1',
    remediation: 'If swarm mode is not needed here: `docker swarm leave`.',
    evaluate: (ctx) => {
      if (ctx.snapshot.info.Swarm.LocalNodeState !== 'active') return pass('swarm mode is not enabled');
      return ctx.options.swarmIntended
        ? info('swarm mode is enabled and intended (this node is a swarm member; pass --no-swarm to treat it as unintended)')
        : warn(['swarm mode is enabled']);
    },
  },
  {
    id: '5.2',
    remediation: 'Run containers with an AppArmor profile (the default docker-default).',
    evaluate: (ctx) => {
      if (!ctx.snapshot.info.SecurityOptions.some((o) => o.includes('apparmor'))) return info('AppArmor is not enabled on this host');
      return offenders(ctx, (c) => (['', 'unconfined'].includes(c.inspect.AppArmorProfile) ? 'no AppArmor profile' : null));
    },
  },
  {
    id: '5.3',
    remediation: 'Run containers with SELinux labels where SELinux is used.',
    evaluate: (ctx) => {
      if (!ctx.snapshot.info.SecurityOptions.some((o) => o.includes('selinux'))) return info('SELinux is not enabled in the daemon');
      return offenders(ctx, (c) => (hc(c).SecurityOpt.some((o) => o.startsWith('label')) ? null : 'no SELinux options'));
    },
  },
  {
    id: '5.4',
    remediation: 'Drop all capabilities (cap_drop: [ALL]) and add back only what is needed.',
    severity: 'MEDIUM',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => addsCapabilities(hc(c).CapAdd),
        (s) => addsCapabilities(spec(s).CapabilityAdd),
        false,
      ),
  },
  {
    id: '5.5',
    remediation: 'Do not run privileged containers.',
    severity: 'CRITICAL',
    evaluate: (ctx) => offenders(ctx, (c) => (hc(c).Privileged ? 'privileged' : null), undefined, false),
  },
  {
    id: '5.6',
    remediation: 'Do not mount sensitive host directories; mount them read-only if you must.',
    severity: 'HIGH',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => listed('mounts', sensitiveMounts(containerMounts(c))),
        (s) => listed('mounts', sensitiveMounts(serviceMounts(s))),
        false,
      ),
  },
  {
    id: '5.7',
    remediation: 'Do not run sshd in containers; use `docker exec` for access.',
    evaluate: (ctx) => {
      const running = ctx.snapshot.containers.filter((c) => c.running);
      const unknown = running.filter((c) => c.processes === null).map((c) => c.name);
      const ssh = running.filter((c) => c.processes?.some((p) => /(^|\/)sshd(\s|$|:)/.test(p.split(' ')[0] ?? '') || /^sshd:/.test(p))).map((c) => c.name);
      if (ssh.length > 0)
        return warn(
          ssh.map((n) => `sshd runs in ${n}`),
          ssh,
        );
      if (unknown.length > 0) return info(`could not list the processes of ${unknown.join(', ')}`);
      return pass(`processes of ${running.length} running container(s) listed through the API (no exec)`);
    },
  },
  {
    id: '5.8',
    remediation: 'Do not map privileged ports (< 1024) on the host.',
    evaluate: (ctx) =>
      offenders(ctx, (c) => {
        const low = Object.values(hc(c).PortBindings)
          .flat()
          .map((b) => Number(b.HostPort))
          .filter((p) => p > 0 && p < 1024);
        return low.length > 0 ? `host port(s) ${low.join(', ')}` : null;
      }),
  },
  { id: '5.9', remediation: 'Publish only the ports the service needs.', evaluate: () => note() },
  {
    id: '5.10',
    remediation: 'Do not use the host network mode.',
    severity: 'HIGH',
    evaluate: (ctx) => offenders(ctx, (c) => hostMode('network', hc(c).NetworkMode)),
  },
  {
    id: '5.11',
    remediation: 'Set a memory limit (--memory, deploy.resources.limits.memory).',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => (hc(c).Memory === 0 ? 'no memory limit' : null),
        (s) => (limits(s).MemoryBytes === 0 ? 'no memory limit' : null),
      ),
  },
  {
    id: '5.12',
    remediation: 'Set CPU shares or limits (--cpu-shares, deploy.resources.limits.cpus).',
    evaluate: (ctx) => offenders(ctx, (c) => ([0, 1024].includes(hc(c).CpuShares) && hc(c).NanoCpus === 0 ? 'no CPU priority or limit' : null)),
  },
  {
    id: '5.13',
    remediation: 'Run with a read-only root filesystem (--read-only, compose read_only: true) and tmpfs for what must be written.',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => (hc(c).ReadonlyRootfs ? null : 'root filesystem is writable'),
        (s) => (spec(s).ReadOnly ? null : 'root filesystem is writable'),
      ),
  },
  {
    id: '5.14',
    remediation: 'Bind published ports to a specific host address (-p 10.0.0.5:8080:80).',
    evaluate: (ctx) =>
      offenders(ctx, (c) => {
        const any = Object.entries(hc(c).PortBindings).filter(([, b]) => b.some((x) => ['', '0.0.0.0', '::'].includes(x.HostIp)));
        return any.length > 0 ? `port(s) ${any.map(([p]) => p).join(', ')} bound to all interfaces` : null;
      }),
  },
  {
    id: '5.15',
    remediation: "Use restart policy 'on-failure:5' rather than 'always'.",
    evaluate: (ctx) =>
      offenders(ctx, (c) => {
        const rp = hc(c).RestartPolicy;
        if (rp.Name === 'always' || rp.Name === 'unless-stopped') return `restart policy ${rp.Name}`;
        if (rp.Name === 'on-failure' && rp.MaximumRetryCount > 5) return `on-failure:${rp.MaximumRetryCount}`;
        return null;
      }),
  },
  {
    id: '5.16',
    remediation: "Do not share the host's PID namespace.",
    severity: 'HIGH',
    evaluate: (ctx) => offenders(ctx, (c) => hostMode('PID', hc(c).PidMode), undefined, false),
  },
  {
    id: '5.17',
    remediation: "Do not share the host's IPC namespace.",
    severity: 'HIGH',
    evaluate: (ctx) => offenders(ctx, (c) => hostMode('IPC', hc(c).IpcMode), undefined, false),
  },
  {
    id: '5.18',
    remediation: 'Expose host devices only when needed, with the least permissions.',
    evaluate: (ctx) => {
      const withDevices = ctx.snapshot.containers.filter((c) => hc(c).Devices.length > 0).map((c) => c.name);
      return withDevices.length > 0 ? { verdict: 'INFO', details: withDevices.map((n) => `${n} has host devices`), items: withDevices } : pass();
    },
  },
  {
    id: '5.19',
    remediation: 'Override ulimits per container only when needed.',
    evaluate: (ctx) => {
      const set = ctx.snapshot.containers.filter((c) => hc(c).Ulimits.length > 0).map((c) => c.name);
      return set.length > 0 ? { verdict: 'INFO', details: [`ulimits overridden: ${set.join(', ')}`], items: set } : pass();
    },
  },
  {
    id: '5.20',
    remediation: 'Do not use shared mount propagation.',
    evaluate: (ctx) => offenders(ctx, (c) => (c.inspect.Mounts.some((m) => ['shared', 'rshared'].includes(m.Propagation)) ? 'shared mount propagation' : null)),
  },
  {
    id: '5.21',
    remediation: "Do not share the host's UTS namespace.",
    evaluate: (ctx) => offenders(ctx, (c) => hostMode('UTS', hc(c).UTSMode)),
  },
  {
    id: '5.22',
    remediation: 'Do not disable the default seccomp profile.',
    severity: 'HIGH',
    evaluate: (ctx) => offenders(ctx, (c) => (hc(c).SecurityOpt.some((o) => /seccomp[:=]unconfined/.test(o)) ? 'seccomp unconfined' : null)),
  },
  {
    id: '5.23',
    remediation: 'Do not use `docker exec --privileged`.',
    evaluate: () => info('needs the audit log of `docker exec` calls (ausearch -k docker)'),
  },
  { id: '5.24', remediation: 'Do not use `docker exec --user=root`.', evaluate: () => info('needs the audit log of `docker exec` calls (ausearch -k docker)') },
  {
    id: '5.25',
    remediation: 'Leave --cgroup-parent at its default unless needed.',
    evaluate: (ctx) => offenders(ctx, (c) => (hc(c).CgroupParent !== '' ? `cgroup parent ${hc(c).CgroupParent}` : null)),
  },
  {
    id: '5.26',
    remediation: 'Run with --security-opt no-new-privileges (or "no-new-privileges": true daemon-wide).',
    evaluate: (ctx) => {
      const daemonWide = ctx.host.daemon.config?.['no-new-privileges'] === true || (ctx.host.daemon.argv ?? []).includes('--no-new-privileges');
      if (daemonWide) return pass('no-new-privileges is the daemon default');
      return offenders(ctx, (c) => (hc(c).SecurityOpt.some((o) => /^no-new-privileges(:true|=true)?$/.test(o)) ? null : 'may acquire new privileges'));
    },
  },
  {
    id: '5.27',
    remediation: 'Add a health check (HEALTHCHECK, --health-cmd, compose healthcheck).',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => (c.inspect.State.Health === undefined ? 'no health check' : null),
        (s) => (disablesHealthcheck(spec(s).Healthcheck?.Test) ? 'health check disabled' : null),
      ),
  },
  { id: '5.28', remediation: 'Pull images by digest, or with --pull always.', evaluate: () => note() },
  {
    id: '5.29',
    remediation: 'Set a PIDs limit (--pids-limit, deploy.resources.limits.pids).',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => (hc(c).PidsLimit <= 0 ? 'no PIDs limit' : null),
        (s) => (limits(s).Pids <= 0 ? 'no PIDs limit' : null),
      ),
  },
  {
    id: '5.30',
    remediation: 'Attach containers to user-defined networks, not docker0.',
    evaluate: (ctx) => {
      const onBridge = ctx.snapshot.containers
        .filter((c) => c.running && Object.keys(c.inspect.NetworkSettings.Networks).includes('bridge'))
        .map((c) => c.name);
      return onBridge.length > 0 ? { verdict: 'INFO', details: [`on the default bridge: ${onBridge.join(', ')}`], items: onBridge } : pass();
    },
  },
  {
    id: '5.31',
    remediation: "Do not share the host's user namespace (--userns=host).",
    evaluate: (ctx) => offenders(ctx, (c) => hostMode('userns', hc(c).UsernsMode)),
  },
  {
    id: '5.32',
    remediation: 'Never mount the Docker socket into a container.',
    severity: 'CRITICAL',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => listed('mounts', socketMounts(containerMounts(c))),
        (s) => listed('mounts', socketMounts(serviceMounts(s))),
        false,
      ),
  },
];

export const operationsChecks: BenchCheckSpec[] = [
  {
    id: '6.1',
    remediation: 'Remove images no container uses (`docker image prune -a`).',
    evaluate: (ctx) => {
      const used = new Set(ctx.snapshot.containers.map((c) => c.inspect.Image));
      const unused = ctx.snapshot.images.filter((i) => !used.has(i.id)).length;
      return info(`${ctx.snapshot.images.length} images, ${unused} not used by any container`);
    },
  },
  {
    id: '6.2',
    remediation: 'Remove stopped containers (`docker container prune`).',
    evaluate: (ctx) => {
      const running = ctx.snapshot.containers.filter((c) => c.running).length;
      return info(`${ctx.snapshot.containers.length} containers, ${running} running`);
    },
  },
];
