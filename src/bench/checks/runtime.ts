// Sections 4, 5 and 6: images, container runtime (containers on this node and the swarm's service specs), operations.
import type { ContainerFacts } from '../../engine/snapshot.js';
import type { EngineServiceModel, ServiceContainerSpec } from '../../engine/models.js';
import { dangerousCapabilities } from '../../security/capabilities.js';
import { engineSocketAt } from '../../security/engine-socket.js';
import { engineSocketSaid } from '../../security-words/messages.js';
import { hostMountRisk } from '../../security/host-mount.js';
import { disablesHealthcheck } from '../../core/healthcheck.js';
import { sharesHostNamespace } from '../../security/namespaces.js';
import { classifyUser } from '../../security/user.js';
import type { BenchCheckSpec, CheckContext, CheckResult } from '../check.js';
import { info, note, pass, warn } from '../check.js';
import { listMessage, type Message, type MessageValue } from '../../core/message.js';
import { benchMessages as M, capabilityMessages } from '../messages.js';

const hc = (c: ContainerFacts) => c.inspect.HostConfig;
const spec = (s: EngineServiceModel): ServiceContainerSpec => s.Spec.TaskTemplate.ContainerSpec;
const limits = (s: EngineServiceModel) => s.Spec.TaskTemplate.Resources.Limits;

/** Containers (and, where the spec says it, swarm services) that break a rule: WARN with them as items. */
function offenders(
  ctx: CheckContext,
  onContainer: (c: ContainerFacts) => Message | null,
  onService?: (s: EngineServiceModel) => Message | null,
  runningOnly = true,
): CheckResult {
  const items: string[] = [];
  const details: Message[] = [];
  for (const c of ctx.snapshot.containers) {
    if (runningOnly && !c.running) continue;
    const why = onContainer(c);
    if (why !== null) {
      items.push(c.name);
      details.push(M.say('bench.container', { name: c.name, why }));
    }
  }
  for (const s of ctx.snapshot.swarm?.services ?? []) {
    const why = onService?.(s) ?? null;
    if (why !== null) {
      items.push(`service ${s.Spec.Name}`);
      details.push(M.say('bench.service', { name: s.Spec.Name, why }));
    }
  }
  return items.length > 0 ? warn(details, items) : pass();
}

/** The user verdict in words, or null when not root. */
const rootUser = (user: string, unset: Message): Message | null => {
  const v = classifyUser(user);
  return v === 'root' ? M.say('bench.why.runsAs', { user }) : v === 'image-default' ? unset : null;
};
/** Sensitive bind mounts, as "source (ro)". */
const sensitiveMounts = (mounts: readonly { type: string; source: string; readOnly: boolean }[]): MessageValue[] =>
  mounts
    .filter((m) => m.type === 'bind' && hostMountRisk(m.source, m.readOnly) !== undefined)
    .map((m) => (m.readOnly ? M.say('bench.why.mountRo', { source: m.source }) : m.source));
const socketMounts = (mounts: readonly { type: string; source: string }[]): Message[] =>
  mounts
    .filter((m) => m.type === 'bind')
    .flatMap((m) => {
      const exposed = engineSocketAt(m.source);
      return exposed === undefined ? [] : [M.say('bench.why.mountSocket', { source: m.source, what: engineSocketSaid(exposed) })];
    });
const containerMounts = (c: ContainerFacts) => c.inspect.Mounts.map((m) => ({ type: m.Type, source: m.Source, readOnly: !m.RW }));
const serviceMounts = (s: EngineServiceModel) => spec(s).Mounts.map((m) => ({ type: m.Type, source: m.Source, readOnly: m.ReadOnly }));
const mounted = (items: MessageValue[]): Message | null => (items.length > 0 ? M.say('bench.why.mounts', { list: listMessage(items) }) : null);
/** Containers (stopped ones too) and services with a mount `judge` finds fault with, each bad mount said by `judge`. */
const mountOffenders = (ctx: CheckContext, judge: (mounts: ReturnType<typeof containerMounts>) => MessageValue[]): CheckResult =>
  offenders(
    ctx,
    (c) => mounted(judge(containerMounts(c))),
    (s) => mounted(judge(serviceMounts(s))),
    false,
  );
/** CIS 5.4: capabilities added beyond what isolation tolerates (the shared list; docker-bench knows three of them). */
const addsCapabilities = (added: readonly string[]): Message | null => {
  const dangerous = dangerousCapabilities(added).map((d) =>
    M.say('bench.why.capability', { capability: d.capability, why: capabilityMessages.say(`bench.capability.${d.capability}`) }),
  );
  return dangerous.length > 0 ? M.say('bench.why.adds', { capabilities: listMessage(dangerous, '; ') }) : null;
};
const HOST_MODES = {
  network: M.say('bench.why.hostNetwork'),
  PID: M.say('bench.why.hostPid'),
  IPC: M.say('bench.why.hostIpc'),
  UTS: M.say('bench.why.hostUts'),
  userns: M.say('bench.why.hostUserns'),
};
const hostMode = (what: keyof typeof HOST_MODES, mode: string): Message | null => (sharesHostNamespace(mode) ? HOST_MODES[what] : null);

export const imageChecks: BenchCheckSpec[] = [
  {
    id: '4.1',
    remediation: 'Create a user in the image (USER) or run with --user / compose `user:`.',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => rootUser(c.inspect.Config.User, M.say('bench.why.rootUnset')),
        (s) => rootUser(spec(s).User, M.say('bench.why.serviceUserUnset')),
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
        M.say(process.env.DOCKER_CONTENT_TRUST === '1' ? 'bench.image.contentTrustSet' : 'bench.image.contentTrust'),
        M.say('bench.image.count', { count: ctx.snapshot.images.length }),
      ),
  },
  {
    id: '4.6',
    remediation: 'Add a HEALTHCHECK instruction to the image (or a healthcheck to the service).',
    evaluate: (ctx) => {
      const without = ctx.snapshot.images.filter((i) => !i.healthcheck).map((i) => i.tags[0] ?? i.id.slice(7, 19));
      return without.length > 0
        ? warn(
            without.map((t) => M.say('bench.image.noHealthcheck', { image: t })),
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
      if (ctx.snapshot.info.Swarm.LocalNodeState !== 'active') return pass(M.say('bench.runtime.swarmOff'));
      return ctx.options.swarmIntended ? info(M.say('bench.runtime.swarmIntended')) : warn([M.say('bench.runtime.swarmOn')]);
    },
  },
  {
    id: '5.2',
    remediation: 'Run containers with an AppArmor profile (the default docker-default).',
    evaluate: (ctx) => {
      if (!ctx.snapshot.info.SecurityOptions.some((o) => o.includes('apparmor'))) return info(M.say('bench.runtime.noAppArmor'));
      return offenders(ctx, (c) => (['', 'unconfined'].includes(c.inspect.AppArmorProfile) ? M.say('bench.why.noAppArmor') : null));
    },
  },
  {
    id: '5.3',
    remediation: 'Run containers with SELinux labels where SELinux is used.',
    evaluate: (ctx) => {
      if (!ctx.snapshot.info.SecurityOptions.some((o) => o.includes('selinux'))) return info(M.say('bench.runtime.noSelinux'));
      return offenders(ctx, (c) => (hc(c).SecurityOpt.some((o) => o.startsWith('label')) ? null : M.say('bench.why.noSelinux')));
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
    evaluate: (ctx) => offenders(ctx, (c) => (hc(c).Privileged ? M.say('bench.why.privileged') : null), undefined, false),
  },
  {
    id: '5.6',
    remediation: 'Do not mount sensitive host directories; mount them read-only if you must.',
    severity: 'HIGH',
    evaluate: (ctx) => mountOffenders(ctx, sensitiveMounts),
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
          ssh.map((n) => M.say('bench.runtime.sshd', { name: n })),
          ssh,
        );
      if (unknown.length > 0) return info(M.say('bench.runtime.noProcesses', { names: unknown.join(', ') }));
      return pass(M.say('bench.runtime.processes', { count: running.length }));
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
        return low.length > 0 ? M.say('bench.why.lowPorts', { ports: low.join(', ') }) : null;
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
        (c) => (hc(c).Memory === 0 ? M.say('bench.why.noMemory') : null),
        (s) => (limits(s).MemoryBytes === 0 ? M.say('bench.why.noMemory') : null),
      ),
  },
  {
    id: '5.12',
    remediation: 'Set CPU shares or limits (--cpu-shares, deploy.resources.limits.cpus).',
    evaluate: (ctx) => offenders(ctx, (c) => ([0, 1024].includes(hc(c).CpuShares) && hc(c).NanoCpus === 0 ? M.say('bench.why.noCpu') : null)),
  },
  {
    id: '5.13',
    remediation: 'Run with a read-only root filesystem (--read-only, compose read_only: true) and tmpfs for what must be written.',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => (hc(c).ReadonlyRootfs ? null : M.say('bench.why.writableRoot')),
        (s) => (spec(s).ReadOnly ? null : M.say('bench.why.writableRoot')),
      ),
  },
  {
    id: '5.14',
    remediation: 'Bind published ports to a specific host address (-p 10.0.0.5:8080:80).',
    evaluate: (ctx) =>
      offenders(ctx, (c) => {
        const any = Object.entries(hc(c).PortBindings).filter(([, b]) => b.some((x) => ['', '0.0.0.0', '::'].includes(x.HostIp)));
        return any.length > 0 ? M.say('bench.why.allInterfaces', { ports: any.map(([p]) => p).join(', ') }) : null;
      }),
  },
  {
    id: '5.15',
    remediation: "Use restart policy 'on-failure:5' rather than 'always'.",
    evaluate: (ctx) =>
      offenders(ctx, (c) => {
        const rp = hc(c).RestartPolicy;
        if (rp.Name === 'always' || rp.Name === 'unless-stopped') return M.say('bench.why.restartPolicy', { policy: rp.Name });
        if (rp.Name === 'on-failure' && rp.MaximumRetryCount > 5) return M.say('bench.why.onFailure', { count: rp.MaximumRetryCount });
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
      return withDevices.length > 0
        ? { verdict: 'INFO', details: withDevices.map((n) => M.say('bench.runtime.devices', { name: n })), items: withDevices }
        : pass();
    },
  },
  {
    id: '5.19',
    remediation: 'Override ulimits per container only when needed.',
    evaluate: (ctx) => {
      const set = ctx.snapshot.containers.filter((c) => hc(c).Ulimits.length > 0).map((c) => c.name);
      return set.length > 0 ? { verdict: 'INFO', details: [M.say('bench.runtime.ulimits', { names: set.join(', ') })], items: set } : pass();
    },
  },
  {
    id: '5.20',
    remediation: 'Do not use shared mount propagation.',
    evaluate: (ctx) =>
      offenders(ctx, (c) => (c.inspect.Mounts.some((m) => ['shared', 'rshared'].includes(m.Propagation)) ? M.say('bench.why.sharedPropagation') : null)),
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
    evaluate: (ctx) => offenders(ctx, (c) => (hc(c).SecurityOpt.some((o) => /seccomp[:=]unconfined/.test(o)) ? M.say('bench.why.seccompUnconfined') : null)),
  },
  {
    id: '5.23',
    remediation: 'Do not use `docker exec --privileged`.',
    evaluate: () => info(M.say('bench.runtime.execAudit')),
  },
  { id: '5.24', remediation: 'Do not use `docker exec --user=root`.', evaluate: () => info(M.say('bench.runtime.execAudit')) },
  {
    id: '5.25',
    remediation: 'Leave --cgroup-parent at its default unless needed.',
    evaluate: (ctx) => offenders(ctx, (c) => (hc(c).CgroupParent !== '' ? M.say('bench.why.cgroupParent', { parent: hc(c).CgroupParent }) : null)),
  },
  {
    id: '5.26',
    remediation: 'Run with --security-opt no-new-privileges (or "no-new-privileges": true daemon-wide).',
    evaluate: (ctx) => {
      const daemonWide = ctx.host.daemon.config?.['no-new-privileges'] === true || (ctx.host.daemon.argv ?? []).includes('--no-new-privileges');
      if (daemonWide) return pass(M.say('bench.runtime.noNewPrivileges'));
      return offenders(ctx, (c) => (hc(c).SecurityOpt.some((o) => /^no-new-privileges(:true|=true)?$/.test(o)) ? null : M.say('bench.why.newPrivileges')));
    },
  },
  {
    id: '5.27',
    remediation: 'Add a health check (HEALTHCHECK, --health-cmd, compose healthcheck).',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => (c.inspect.State.Health === undefined ? M.say('bench.why.noHealthcheck') : null),
        (s) => (disablesHealthcheck(spec(s).Healthcheck?.Test) ? M.say('bench.why.healthcheckDisabled') : null),
      ),
  },
  { id: '5.28', remediation: 'Pull images by digest, or with --pull always.', evaluate: () => note() },
  {
    id: '5.29',
    remediation: 'Set a PIDs limit (--pids-limit, deploy.resources.limits.pids).',
    evaluate: (ctx) =>
      offenders(
        ctx,
        (c) => (hc(c).PidsLimit <= 0 ? M.say('bench.why.noPids') : null),
        (s) => (limits(s).Pids <= 0 ? M.say('bench.why.noPids') : null),
      ),
  },
  {
    id: '5.30',
    remediation: 'Attach containers to user-defined networks, not docker0.',
    evaluate: (ctx) => {
      const onBridge = ctx.snapshot.containers
        .filter((c) => c.running && Object.keys(c.inspect.NetworkSettings.Networks).includes('bridge'))
        .map((c) => c.name);
      return onBridge.length > 0
        ? { verdict: 'INFO', details: [M.say('bench.runtime.defaultBridge', { names: onBridge.join(', ') })], items: onBridge }
        : pass();
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
    evaluate: (ctx) => mountOffenders(ctx, socketMounts),
  },
];

export const operationsChecks: BenchCheckSpec[] = [
  {
    id: '6.1',
    remediation: 'Remove images no container uses (`docker image prune -a`).',
    evaluate: (ctx) => {
      const used = new Set(ctx.snapshot.containers.map((c) => c.inspect.Image));
      const unused = ctx.snapshot.images.filter((i) => !used.has(i.id)).length;
      return info(M.say('bench.ops.images', { count: ctx.snapshot.images.length, unused }));
    },
  },
  {
    id: '6.2',
    remediation: 'Remove stopped containers (`docker container prune`).',
    evaluate: (ctx) => {
      const running = ctx.snapshot.containers.filter((c) => c.running).length;
      return info(M.say('bench.ops.containers', { count: ctx.snapshot.containers.length, running }));
    },
  },
];
