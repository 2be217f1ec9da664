// Compose model → Engine API specs for a stack, as `docker stack deploy` builds them. Pure: no engine calls, no file reads.
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { rawMessage, type Message } from '../core/message.js';
import { stackMessages as M } from './messages.js';
import type { ComposePath, LoadedCompose, NetworkModel, ServiceModel, ServiceVolume, UpdateConfig } from '../compose/model.js';
import { pointerOf } from '../compose/model.js';
import type {
  ConfigReference,
  ContainerSpec,
  FileObjectSpec,
  MountSpec,
  NetworkAttachment,
  NetworkCreateSpec,
  PortConfig,
  SecretReference,
  ServiceSpec,
  UpdateConfigSpec,
} from './engine-types.js';
import { IMAGE_LABEL, scope, serviceName, stackLabels } from './namespace.js';
import { ShellWordsError, splitShellWords } from './shell-words.js';
import { UnitParseError, parseBytes, parseDuration, parseNanoCpus } from './units.js';
import { STACK_SERVICE_KEYS, stackKeyFate } from '../security/stack-keys.js';
import { coreMessages } from '../core/messages.js';

// What the docker CLI does with the keys it does not apply: the one table (src/security/stack-keys.ts), seen the way
// the CLI prints it.
const fates = Object.entries(STACK_SERVICE_KEYS);
/** Service keys the docker CLI drops for stacks, printed as "Ignoring unsupported options: …" (its UnsupportedProperties). */
export const UNSUPPORTED_PROPERTIES: readonly string[] = fates
  .filter(([, f]) => f.fate === 'dropped' && f.deprecated === undefined)
  .map(([k]) => k)
  .sort();
/** Keys removed from the v3 format; the CLI prints "Ignoring deprecated options:" and these reasons. */
export const DEPRECATED_PROPERTIES: Record<string, string> = Object.fromEntries(
  fates.flatMap(([k, f]) => (f.fate === 'dropped' && f.deprecated !== undefined ? [[k, f.deprecated]] : [])),
);
/** Keys the CLI refuses outright, with its reason. */
export const FORBIDDEN_PROPERTIES: Record<string, string> = Object.fromEntries(
  fates.flatMap(([k, f]) => (f.fate === 'refused' && f.why !== undefined ? [[k, f.why]] : [])),
);

/** A secret or config to create, with where its content came from (the content itself stays in `spec.Data`). */
export interface FileObjectPlan {
  key: string;
  spec: FileObjectSpec;
  file: string;
}

export interface StackSpec {
  stack: string;
  /** Networks the stack creates (only those a service uses, as the CLI does). */
  networks: NetworkCreateSpec[];
  /** Engine names of `external: true` networks the services use: they must exist. */
  externalNetworks: string[];
  secrets: FileObjectPlan[];
  externalSecrets: string[];
  configs: FileObjectPlan[];
  externalConfigs: string[];
  /** Keyed by the compose service name. */
  services: Record<string, ServiceSpec>;
  /** Sorted service keys the CLI would list in "Ignoring unsupported options: …". */
  unsupported: string[];
  deprecated: { key: string; message: string }[];
  /** Things we converted differently from the CLI or could not convert, said once each. */
  notes: string[];
}

export interface ConvertInput {
  stack: string;
  loaded: Pick<LoadedCompose, 'model' | 'envFileEntries' | 'positionOf'>;
  /** Where the compose files were read from; relative bind sources resolve against the first file's folder. */
  cwd: string;
  /** The deploying shell's environment, for `environment: [FOO]` entries without a value. */
  env: Record<string, string | undefined>;
  /** Contents of every secret/config `file:` by absolute path (read by the caller). */
  fileData: ReadonlyMap<string, Buffer>;
  /** HOME, for `~` in bind sources. */
  home?: string;
}

class Converter {
  readonly notes = new Set<string>();
  constructor(private readonly input: ConvertInput) {}

  fail(p: ComposePath, message: Message, hint?: Message): never {
    const pos = this.input.loaded.positionOf(p);
    throw new InputError(pos?.file ?? '(compose)', coreMessages.say('core.inputAt', { where: pointerOf(p), message }), {
      ...(pos ? { line: pos.line } : {}),
      ...(hint !== undefined ? { hint } : {}),
    });
  }

  duration(v: string | undefined, p: ComposePath): number | undefined {
    return this.unit(v, p, parseDuration);
  }

  bytes(v: string | number | undefined, p: ComposePath): number | undefined {
    return this.unit(v, p, parseBytes);
  }

  cpus(v: string | number | undefined, p: ComposePath): number | undefined {
    return this.unit(v, p, parseNanoCpus);
  }

  /** A duration, size or CPU count read with `parse`; a value it refuses fails at its place in the file. */
  private unit<V>(v: V | undefined, p: ComposePath, parse: (v: V) => number): number | undefined {
    if (v === undefined) return undefined;
    try {
      return parse(v);
    } catch (e) {
      if (e instanceof UnitParseError) this.fail(p, e.text);
      throw e;
    }
  }

  words(v: string[] | string | undefined, p: ComposePath): string[] | undefined {
    if (v === undefined) return undefined;
    if (Array.isArray(v)) return v;
    try {
      return splitShellWords(v);
    } catch (e) {
      if (e instanceof ShellWordsError) this.fail(p, M.say('stack.convert.words', { value: v, error: e.text }));
      throw e;
    }
  }
}

const NON_USER_DEFINED = new Set(['default', 'bridge', 'host', 'none']);

/** The engine name of a top-level network (`name:` wins; external networks keep their key). */
export function networkEngineName(stack: string, n: NetworkModel): string {
  if (n.name !== undefined) return n.name;
  return n.external ? n.key : scope(stack, n.key);
}

function fileObjectName(stack: string, o: { key: string; name?: string; external: boolean }): string {
  if (o.name !== undefined) return o.name;
  return o.external ? o.key : scope(stack, o.key);
}

/** Linux capabilities as the CLI normalises them: upper case, `CAP_` prefix, ALL wins, adds beat drops. */
export function effectiveCapabilities(add: string[], drop: string[]): { add: string[]; drop: string[] } {
  const norm = (xs: string[]) =>
    [
      ...new Set(
        xs
          .map((c) => c.trim().toUpperCase())
          .filter((c) => c !== '')
          .map((c) => (c === 'ALL' || c.startsWith('CAP_') ? c : `CAP_${c}`)),
      ),
    ].sort();
  const a = norm(add);
  const d = norm(drop);
  if (a.includes('ALL')) return { add: ['ALL'], drop: d.filter((c) => !a.includes(c) && c !== 'ALL') };
  if (d.includes('ALL')) return { add: a, drop: ['ALL'] };
  return { add: a, drop: d.filter((c) => !a.includes(c)) };
}

function updateConfig(c: Converter, u: UpdateConfig | undefined, p: ComposePath): UpdateConfigSpec | undefined {
  if (!u) return undefined;
  const out: UpdateConfigSpec = { Parallelism: u.parallelism ?? 1 };
  const delay = c.duration(u.delay, [...p, 'delay']);
  if (delay !== undefined) out.Delay = delay;
  if (u.failureAction !== undefined) {
    if (!['pause', 'continue', 'rollback'].includes(u.failureAction))
      c.fail([...p, 'failure_action'], M.say('stack.convert.failureAction', { value: u.failureAction }));
    out.FailureAction = u.failureAction;
  }
  const monitor = c.duration(u.monitor, [...p, 'monitor']);
  if (monitor !== undefined) out.Monitor = monitor;
  if (u.maxFailureRatio !== undefined) {
    const r = Number(u.maxFailureRatio);
    if (!Number.isFinite(r) || r < 0 || r > 1) c.fail([...p, 'max_failure_ratio'], M.say('stack.convert.ratio'));
    out.MaxFailureRatio = r;
  }
  if (u.order !== undefined) {
    if (u.order !== 'stop-first' && u.order !== 'start-first') c.fail([...p, 'order'], M.say('stack.convert.order', { value: u.order }));
    out.Order = u.order;
  }
  return out;
}

function environment(input: ConvertInput, svc: ServiceModel): string[] {
  const merged = new Map<string, string | null>();
  for (const e of input.loaded.envFileEntries[svc.name] ?? []) merged.set(e.name, e.value);
  for (const [k, v] of Object.entries(svc.environment)) merged.set(k, v);
  const out: string[] = [];
  for (const [k, v] of merged) {
    const value = v ?? input.env[k];
    // Like the CLI: a variable set nowhere is passed by name only, which leaves it unset in the container.
    out.push(value === undefined ? k : `${k}=${value}`);
  }
  return out.sort();
}

function extraHosts(hosts: string[]): string[] {
  const out: string[] = [];
  for (const h of hosts) {
    const m = /^([^:=]+)[:=](.+)$/.exec(h.trim());
    if (m) out.push(`${(m[2] as string).trim()} ${(m[1] as string).trim()}`);
  }
  return out;
}

function mounts(c: Converter, input: ConvertInput, stack: string, svc: ServiceModel): MountSpec[] {
  const model = input.loaded.model;
  const out: MountSpec[] = [];
  svc.volumes.forEach((v: ServiceVolume, i) => {
    const p = ['services', svc.name, 'volumes', i];
    const base: MountSpec = {
      Type: v.type,
      Target: v.target,
      ...(v.readOnly ? { ReadOnly: true } : {}),
      ...(v.consistency ? { Consistency: v.consistency } : {}),
    };
    switch (v.type) {
      case 'volume': {
        if (v.bind) c.fail(p, M.say('stack.convert.bindOptions', { type: 'volume' }));
        if (v.tmpfs) c.fail(p, M.say('stack.convert.tmpfsOptions', { type: 'volume' }));
        if (v.source === undefined || v.source === '') {
          out.push(base);
          return;
        }
        const vol = model.volumes[v.source];
        if (!vol) c.fail(p, M.say('stack.convert.undefinedVolume', { name: v.source }), M.say('stack.convert.undefinedVolume.hint'));
        const m: MountSpec = { ...base, Source: vol.name ?? (vol.external ? vol.key : scope(stack, v.source)), VolumeOptions: {} };
        if (v.volume?.nocopy !== undefined) m.VolumeOptions = { NoCopy: v.volume.nocopy };
        if (!vol.external) {
          m.VolumeOptions = { ...m.VolumeOptions, Labels: stackLabels(stack, vol.labels) };
          if (vol.driver !== undefined || Object.keys(vol.driverOpts).length > 0) {
            m.VolumeOptions.DriverConfig = {
              ...(vol.driver !== undefined ? { Name: vol.driver } : {}),
              ...(Object.keys(vol.driverOpts).length > 0 ? { Options: vol.driverOpts } : {}),
            };
          }
        }
        out.push(m);
        return;
      }
      case 'bind': {
        if (v.source === undefined || v.source === '') c.fail(p, M.say('stack.convert.bindSourceEmpty'));
        if (v.volume) c.fail(p, M.say('stack.convert.volumeOptions', { type: 'bind' }));
        if (v.tmpfs) c.fail(p, M.say('stack.convert.tmpfsOptions', { type: 'bind' }));
        let source = v.source;
        if (source === '~' || source.startsWith('~/')) {
          if (input.home === undefined) c.fail(p, M.say('stack.convert.noHome', { path: v.source }));
          source = path.join(input.home, source.slice(1));
        } else if (!path.isAbsolute(source)) {
          // Relative bind sources are relative to the folder of the compose file that wrote them.
          const file = input.loaded.positionOf(p)?.file;
          source = path.resolve(input.cwd, file !== undefined ? path.dirname(file) : '.', source);
        }
        out.push({ ...base, Source: source, ...(v.bind?.propagation !== undefined ? { BindOptions: { Propagation: v.bind.propagation } } : {}) });
        return;
      }
      case 'tmpfs': {
        if (v.source !== undefined && v.source !== '') c.fail(p, M.say('stack.convert.tmpfsSource'));
        if (v.bind) c.fail(p, M.say('stack.convert.bindOptions', { type: 'tmpfs' }));
        if (v.volume) c.fail(p, M.say('stack.convert.volumeOptions', { type: 'tmpfs' }));
        const size = c.bytes(v.tmpfs?.size, [...p, 'tmpfs', 'size']);
        const mode = v.tmpfs?.mode;
        out.push({
          ...base,
          ...(size !== undefined || mode !== undefined
            ? { TmpfsOptions: { ...(size !== undefined ? { SizeBytes: size } : {}), ...(mode !== undefined ? { Mode: mode } : {}) } }
            : {}),
        });
        return;
      }
      case 'npipe':
        c.fail(p, M.say('stack.convert.npipe'), M.say('stack.convert.npipe.hint'));
    }
  });
  // The service-level `tmpfs:` list ("/run" or "/run:size=64m,mode=1777"). The docker CLI drops it for stacks;
  // a read-only service that relies on it would then fail at run time, so it becomes tmpfs mounts here.
  svc.tmpfs.forEach((t, i) => {
    const p = ['services', svc.name, 'tmpfs', i];
    const [target = '', opts = ''] = t.split(/:(.*)/s);
    if (!target.startsWith('/')) c.fail(p, M.say('stack.convert.tmpfsTarget', { path: target }));
    const m: MountSpec = { Type: 'tmpfs', Target: target };
    for (const o of opts.split(',').filter((x) => x !== '')) {
      const [k, val = ''] = o.split('=');
      if (k === 'size') m.TmpfsOptions = { ...m.TmpfsOptions, SizeBytes: c.bytes(val, p) as number };
      else if (k === 'mode') {
        if (!/^[0-7]+$/.test(val)) c.fail(p, M.say('stack.convert.tmpfsMode', { value: val }));
        m.TmpfsOptions = { ...m.TmpfsOptions, Mode: parseInt(val, 8) };
      } else c.fail(p, M.say('stack.convert.tmpfsOption', { value: k ?? '' }));
    }
    out.push(m);
  });
  return out;
}

function ports(svc: ServiceModel, c: Converter): PortConfig[] {
  const out: PortConfig[] = [];
  svc.ports.forEach((pt, i) => {
    let published: number | undefined;
    if (typeof pt.published === 'string') {
      if (!/^\d+$/.test(pt.published))
        c.fail(
          ['services', svc.name, 'ports', i, 'published'],
          M.say('stack.convert.portRange', { value: String(pt.published) }),
          M.say('stack.convert.portRange.hint'),
        );
      published = Number(pt.published);
    } else published = pt.published;
    if (pt.hostIp !== undefined)
      c.notes.add(`service "${svc.name}": Swarm ignores the host IP "${pt.hostIp}" of a published port; it publishes on every address`);
    out.push({ Protocol: pt.protocol, TargetPort: pt.target, ...(published !== undefined ? { PublishedPort: published } : {}), PublishMode: pt.mode });
  });
  return out.sort(
    (a, b) =>
      (a.PublishedPort ?? 0) - (b.PublishedPort ?? 0) ||
      a.TargetPort - b.TargetPort ||
      a.Protocol.localeCompare(b.Protocol) ||
      a.PublishMode.localeCompare(b.PublishMode),
  );
}

/** The container's own keys: command, environment, mounts, limits of the process, capabilities, DNS. */
function containerSpec(c: Converter, input: ConvertInput, svc: ServiceModel, image: string, p: ComposePath): ContainerSpec {
  const { stack } = input;
  const container: ContainerSpec = { Image: image, Labels: stackLabels(stack, svc.labels) };
  const entry = c.words(svc.entrypoint, [...p, 'entrypoint']);
  if (entry !== undefined) container.Command = entry;
  const args = c.words(svc.command, [...p, 'command']);
  if (args !== undefined) container.Args = args;
  if (svc.hostname !== undefined) container.Hostname = svc.hostname;
  const env = environment(input, svc);
  if (env.length > 0) container.Env = env;
  if (svc.workingDir !== undefined) container.Dir = svc.workingDir;
  if (svc.user !== undefined) container.User = svc.user;
  const m = mounts(c, input, stack, svc);
  if (m.length > 0) container.Mounts = m;
  const grace = c.duration(svc.stopGracePeriod, [...p, 'stop_grace_period']);
  if (grace !== undefined) container.StopGracePeriod = grace;
  if (svc.stopSignal !== undefined) container.StopSignal = svc.stopSignal;
  if (svc.tty) container.TTY = true;
  if (svc.stdinOpen) container.OpenStdin = true;
  if (svc.readOnly) container.ReadOnly = true;
  if (svc.isolation !== undefined) container.Isolation = svc.isolation;
  if (svc.init !== undefined) container.Init = svc.init;
  if (Object.keys(svc.sysctls).length > 0) container.Sysctls = svc.sysctls;
  const caps = effectiveCapabilities(svc.capAdd, svc.capDrop);
  if (caps.add.length > 0) container.CapabilityAdd = caps.add;
  if (caps.drop.length > 0) container.CapabilityDrop = caps.drop;
  const ul = Object.entries(svc.ulimits).sort(([a], [b]) => a.localeCompare(b));
  if (ul.length > 0) container.Ulimits = ul.map(([Name, u]) => ({ Name, Soft: u.soft, Hard: u.hard }));
  const hosts = extraHosts(svc.extraHosts);
  if (hosts.length > 0) container.Hosts = hosts;
  if (svc.dns.length > 0 || svc.dnsSearch.length > 0) {
    container.DNSConfig = { ...(svc.dns.length > 0 ? { Nameservers: svc.dns } : {}), ...(svc.dnsSearch.length > 0 ? { Search: svc.dnsSearch } : {}) };
  }
  for (const k of svc.keys.filter((key) => {
    const f = stackKeyFate(key);
    return f?.fate === 'refused' && f.why === undefined;
  }))
    c.notes.add(`service "${svc.name}": ${k} is not applied (docker stack deploy refuses it)`);

  return container;
}

/** healthcheck: disabled, or a test with its timings. */
function healthcheckSpec(c: Converter, svc: ServiceModel, p: ComposePath): ContainerSpec['Healthcheck'] {
  const hc = svc.healthcheck;
  if (hc) {
    const hp = [...p, 'healthcheck'];
    if (hc.disable) {
      if (hc.test !== undefined && !(Array.isArray(hc.test) && hc.test[0] === 'NONE')) c.fail(hp, M.say('stack.convert.healthcheckDisable'));
      return { Test: ['NONE'] };
    } else {
      const test = typeof hc.test === 'string' ? ['CMD-SHELL', hc.test] : hc.test;
      if (test !== undefined && test.length > 0 && !['CMD', 'CMD-SHELL', 'NONE'].includes(test[0] as string)) {
        c.fail([...hp, 'test'], M.say('stack.convert.healthcheckTest', { value: String(test[0]) }));
      }
      return {
        ...(test !== undefined ? { Test: test } : {}),
        ...(hc.interval !== undefined ? { Interval: c.duration(hc.interval, [...hp, 'interval']) as number } : {}),
        ...(hc.timeout !== undefined ? { Timeout: c.duration(hc.timeout, [...hp, 'timeout']) as number } : {}),
        ...(hc.startPeriod !== undefined ? { StartPeriod: c.duration(hc.startPeriod, [...hp, 'start_period']) as number } : {}),
        ...(hc.retries !== undefined ? { Retries: hc.retries } : {}),
      };
    }
  }
  return undefined;
}

/** secrets and configs, by their engine names, sorted by name so a redeploy does not restart tasks over ordering. */
function fileReferences(
  c: Converter,
  svc: ServiceModel,
  p: ComposePath,
  secretNames: Map<string, string>,
  configNames: Map<string, string>,
  container: ContainerSpec,
): void {
  // Secrets and configs, sorted by name so a redeploy does not restart tasks over ordering.
  const secrets: SecretReference[] = svc.secrets.map((s) => ({
    File: { Name: s.target ?? s.source, UID: s.uid ?? '0', GID: s.gid ?? '0', Mode: s.mode ?? 0o444 },
    SecretName: secretNames.get(s.source) ?? c.fail([...p, 'secrets'], M.say('stack.convert.undefinedSecret', { name: s.source })),
  }));
  if (secrets.length > 0) container.Secrets = secrets.sort((a, b) => a.SecretName.localeCompare(b.SecretName));
  const configs: ConfigReference[] = svc.configs.map((s) => ({
    File: { Name: s.target ?? s.source, UID: s.uid ?? '0', GID: s.gid ?? '0', Mode: s.mode ?? 0o444 },
    ConfigName: configNames.get(s.source) ?? c.fail([...p, 'configs'], M.say('stack.convert.undefinedConfig', { name: s.source })),
  }));
  if (configs.length > 0) container.Configs = configs.sort((a, b) => a.ConfigName.localeCompare(b.ConfigName));
}

/** networks: the default network when none is named; every attachment gets the service name as alias. */
function networkAttachments(c: Converter, input: ConvertInput, svc: ServiceModel): NetworkAttachment[] {
  const { stack, loaded } = input;
  const model = loaded.model;
  // Networks: the default network when none is named; every attachment gets the service name as alias.
  const attachments: NetworkAttachment[] = [];
  const nets = svc.networks && Object.keys(svc.networks).length > 0 ? svc.networks : { default: { aliases: [] } };
  for (const [key, att] of Object.entries(nets)) {
    const decl = model.networks[key];
    const target = decl ? networkEngineName(stack, decl) : scope(stack, key);
    const aliases = [...att.aliases];
    if (!NON_USER_DEFINED.has(target) && !target.startsWith('container:')) aliases.push(svc.name);
    attachments.push({ Target: target, ...(aliases.length > 0 ? { Aliases: aliases } : {}) });
    if ('ipv4Address' in att || 'ipv6Address' in att) c.notes.add(`service "${svc.name}": Swarm ignores fixed ipv4_address/ipv6_address on network "${key}"`);
  }
  attachments.sort((a, b) => a.Target.localeCompare(b.Target));
  return attachments;
}

/** deploy.resources: limits and reservations. */
function resourcesSpec(c: Converter, svc: ServiceModel, dp: ComposePath): ServiceSpec['TaskTemplate']['Resources'] {
  const d = svc.deploy;
  const limits = d?.resources?.limits;
  const reservations = d?.resources?.reservations;
  const rp = [...dp, 'resources'];
  const res: NonNullable<ServiceSpec['TaskTemplate']['Resources']> = {};
  if (limits) {
    const nano = c.cpus(limits.cpus, [...rp, 'limits', 'cpus']);
    const mem = c.bytes(limits.memory, [...rp, 'limits', 'memory']);
    res.Limits = {
      ...(nano !== undefined ? { NanoCPUs: nano } : {}),
      ...(mem !== undefined ? { MemoryBytes: mem } : {}),
      ...(limits.pids !== undefined ? { Pids: limits.pids } : {}),
    };
  }
  if (reservations) {
    const nano = c.cpus(reservations.cpus, [...rp, 'reservations', 'cpus']);
    const mem = c.bytes(reservations.memory, [...rp, 'reservations', 'memory']);
    res.Reservations = { ...(nano !== undefined ? { NanoCPUs: nano } : {}), ...(mem !== undefined ? { MemoryBytes: mem } : {}) };
    if (reservations.genericResources && reservations.genericResources.length > 0)
      c.notes.add(`service "${svc.name}": generic_resources reservations are not applied`);
  }
  return res.Limits || res.Reservations ? res : undefined;
}

/** deploy.restart_policy, deploy.placement and logging: where and how tasks run. */
function taskPolicies(c: Converter, svc: ServiceModel, p: ComposePath, dp: ComposePath, spec: ServiceSpec): void {
  const d = svc.deploy;
  const restart = d?.restartPolicy;
  if (restart) {
    const rpp = [...dp, 'restart_policy'];
    if (restart.condition !== undefined && !['none', 'on-failure', 'any'].includes(restart.condition))
      c.fail([...rpp, 'condition'], M.say('stack.convert.restartCondition', { value: restart.condition }));
    const delay = c.duration(restart.delay, [...rpp, 'delay']);
    const window = c.duration(restart.window, [...rpp, 'window']);
    spec.TaskTemplate.RestartPolicy = {
      ...(restart.condition !== undefined ? { Condition: restart.condition } : {}),
      ...(delay !== undefined ? { Delay: delay } : {}),
      ...(restart.maxAttempts !== undefined ? { MaxAttempts: restart.maxAttempts } : {}),
      ...(window !== undefined ? { Window: window } : {}),
    };
  }
  const pl = d?.placement;
  if (pl && (pl.constraints.length > 0 || pl.preferences.length > 0 || pl.maxReplicasPerNode !== undefined)) {
    spec.TaskTemplate.Placement = {
      ...(pl.constraints.length > 0 ? { Constraints: pl.constraints } : {}),
      ...(pl.preferences.length > 0 ? { Preferences: pl.preferences.map((x) => ({ Spread: { SpreadDescriptor: x.spread } })) } : {}),
      ...(pl.maxReplicasPerNode !== undefined ? { MaxReplicas: pl.maxReplicasPerNode } : {}),
    };
  }
  if (svc.logging) {
    if (svc.logging.driver === undefined) c.fail([...p, 'logging'], M.say('stack.convert.loggingDriver'), M.say('stack.convert.loggingDriver.hint'));
    spec.TaskTemplate.LogDriver = { Name: svc.logging.driver, ...(Object.keys(svc.logging.options).length > 0 ? { Options: svc.logging.options } : {}) };
  }
}

/** deploy.mode and deploy.replicas. */
function serviceMode(c: Converter, svc: ServiceModel, dp: ComposePath): ServiceSpec['Mode'] {
  const d = svc.deploy;
  const mode = d?.mode ?? 'replicated';
  const replicas = d?.replicas;
  if ((mode === 'global' || mode === 'global-job') && replicas !== undefined) c.fail([...dp, 'replicas'], M.say('stack.convert.replicasMode'));
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0))
    c.fail([...dp, 'replicas'], M.say('stack.convert.replicasWhole', { value: replicas }));
  if (mode === 'global') return { Global: {} };
  if (mode === 'global-job') return { GlobalJob: {} };
  if (mode === 'replicated-job') return { ReplicatedJob: replicas !== undefined ? { MaxConcurrent: replicas, TotalCompletions: replicas } : {} };
  return { Replicated: replicas !== undefined ? { Replicas: replicas } : {} };
}

/** ports and deploy.endpoint_mode. */
function endpointSpec(c: Converter, svc: ServiceModel, dp: ComposePath): ServiceSpec['EndpointSpec'] {
  const d = svc.deploy;
  const portConfigs = ports(svc, c);
  if (d?.endpointMode === 'dnsrr' && portConfigs.some((x) => x.PublishMode === 'ingress')) {
    c.fail([...dp, 'endpoint_mode'], M.say('stack.convert.dnsrrIngress'), M.say('stack.convert.dnsrrIngress.hint'));
  }
  if (d?.endpointMode !== undefined || portConfigs.length > 0) {
    return {
      ...(d?.endpointMode !== undefined ? { Mode: d.endpointMode.toLowerCase() as 'vip' | 'dnsrr' } : {}),
      ...(portConfigs.length > 0 ? { Ports: portConfigs } : {}),
    };
  }
  return undefined;
}

function serviceSpec(c: Converter, input: ConvertInput, svc: ServiceModel, secretNames: Map<string, string>, configNames: Map<string, string>): ServiceSpec {
  const { stack } = input;
  const p = ['services', svc.name];
  for (const key of svc.keys) {
    const why = FORBIDDEN_PROPERTIES[key];
    if (why !== undefined) c.fail([...p, key], M.say('stack.convert.keyRefused', { key, why: rawMessage(why) }));
  }
  if (svc.image === undefined || svc.image.trim() === '') c.fail(p, M.say('stack.convert.noImage', { name: svc.name }), M.say('stack.convert.noImage.hint'));
  const name = serviceName(stack, svc.name);
  const d = svc.deploy;
  const dp = [...p, 'deploy'];

  const container = containerSpec(c, input, svc, svc.image, p);
  const healthcheck = healthcheckSpec(c, svc, p);
  if (healthcheck !== undefined) container.Healthcheck = healthcheck;
  fileReferences(c, svc, p, secretNames, configNames, container);
  const attachments = networkAttachments(c, input, svc);

  const spec: ServiceSpec = {
    Name: name,
    Labels: { ...stackLabels(stack, d?.labels ?? {}), [IMAGE_LABEL]: svc.image },
    TaskTemplate: { ContainerSpec: container, Networks: attachments },
    Mode: {},
  };
  const resources = resourcesSpec(c, svc, dp);
  if (resources !== undefined) spec.TaskTemplate.Resources = resources;
  taskPolicies(c, svc, p, dp, spec);
  spec.Mode = serviceMode(c, svc, dp);
  const uc = updateConfig(c, d?.updateConfig, [...dp, 'update_config']);
  if (uc) spec.UpdateConfig = uc;
  const rc = updateConfig(c, d?.rollbackConfig, [...dp, 'rollback_config']);
  if (rc) spec.RollbackConfig = rc;
  const endpoint = endpointSpec(c, svc, dp);
  if (endpoint !== undefined) spec.EndpointSpec = endpoint;
  return spec;
}

/** Converts the loaded compose model into everything a stack deploy creates. Throws InputError at the offending line. */
export function convertStack(input: ConvertInput): StackSpec {
  const { stack, loaded } = input;
  const model = loaded.model;
  const c: Converter = new Converter(input);

  // Networks the services use, as the CLI computes them (unused declared networks are not created).
  const used = new Set<string>();
  for (const svc of Object.values(model.services)) {
    const keys = svc.networks && Object.keys(svc.networks).length > 0 ? Object.keys(svc.networks) : ['default'];
    for (const k of keys) used.add(k);
  }
  const networks: NetworkCreateSpec[] = [];
  const externalNetworks: string[] = [];
  for (const key of [...used].sort()) {
    const n: NetworkModel = model.networks[key] ?? { key, driverOpts: {}, external: false, labels: {}, implicit: true };
    const name = networkEngineName(stack, n);
    if (n.external) {
      externalNetworks.push(name);
      continue;
    }
    const driver = n.driver ?? 'overlay';
    const spec: NetworkCreateSpec = {
      Name: name,
      Driver: driver,
      Options: { ...n.driverOpts },
      Labels: stackLabels(stack, n.labels),
      Attachable: n.attachable ?? false,
      Internal: n.internal ?? false,
    };
    if (n.ipam && (n.ipam.driver !== undefined || n.ipam.config.length > 0)) {
      spec.IPAM = {
        ...(n.ipam.driver !== undefined ? { Driver: n.ipam.driver } : {}),
        Config: n.ipam.config.map((x) => ({
          ...(x.subnet !== undefined ? { Subnet: x.subnet } : {}),
          ...(x.ipRange !== undefined ? { IPRange: x.ipRange } : {}),
          ...(x.gateway !== undefined ? { Gateway: x.gateway } : {}),
          ...(x.auxAddresses !== undefined ? { AuxiliaryAddresses: x.auxAddresses } : {}),
        })),
      };
    }
    networks.push(spec);
  }

  const fileObjects = (section: 'secrets' | 'configs') => {
    const created: FileObjectPlan[] = [];
    const external: string[] = [];
    const names = new Map<string, string>();
    for (const [key, o] of Object.entries(model[section]).sort(([a], [b]) => a.localeCompare(b))) {
      const name = fileObjectName(stack, o);
      names.set(key, name);
      if (o.external) {
        external.push(name);
        continue;
      }
      if (o.file === undefined) c.fail([section, key], M.say('stack.convert.objectNeedsFile'), M.say('stack.convert.objectNeedsFile.hint'));
      const data = input.fileData.get(o.file);
      if (data === undefined) c.fail([section, key, 'file'], M.say('stack.convert.fileNotRead', { file: o.file }));
      if (section === 'secrets' && data.length > 500 * 1024) c.fail([section, key, 'file'], M.say('stack.convert.secretTooBig', { size: data.length }));
      const spec: FileObjectSpec = { Name: name, Labels: stackLabels(stack, o.labels), Data: data.toString('base64') };
      if (section === 'secrets' && o.driver !== undefined) spec.Driver = { Name: o.driver };
      if (o.templateDriver !== undefined) spec.Templating = { Name: o.templateDriver };
      created.push({ key, spec, file: o.file });
    }
    return { created, external, names };
  };
  const secrets = fileObjects('secrets');
  const configs = fileObjects('configs');

  const services: Record<string, ServiceSpec> = {};
  const unsupported = new Set<string>();
  const deprecated = new Map<string, string>();
  for (const [key, svc] of Object.entries(model.services).sort(([a], [b]) => a.localeCompare(b))) {
    services[key] = serviceSpec(c, input, svc, secrets.names, configs.names);
    for (const k of svc.keys) {
      if (UNSUPPORTED_PROPERTIES.includes(k)) unsupported.add(k);
      const why = DEPRECATED_PROPERTIES[k];
      if (why !== undefined) deprecated.set(k, why);
    }
  }

  return {
    stack,
    networks,
    externalNetworks,
    secrets: secrets.created,
    externalSecrets: secrets.external,
    configs: configs.created,
    externalConfigs: configs.external,
    services,
    unsupported: [...unsupported].sort(),
    deprecated: [...deprecated.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, message]) => ({ key, message })),
    notes: [...c.notes],
  };
}

/** The lines the docker CLI prints for ignored keys, in its words. */
export function ignoredOptionsText(spec: Pick<StackSpec, 'unsupported' | 'deprecated'>): string[] {
  const out: string[] = [];
  if (spec.unsupported.length > 0) out.push(`Ignoring unsupported options: ${spec.unsupported.join(', ')}`);
  if (spec.deprecated.length > 0) {
    out.push('Ignoring deprecated options:');
    for (const d of spec.deprecated) out.push(`${d.key}: ${d.message}`);
  }
  return out;
}
