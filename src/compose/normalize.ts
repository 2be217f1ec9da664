// Turns the merged, interpolated YAML value into the typed ComposeModel, with an InputError at the line of any bad value.
import path from 'node:path';
import { InputError } from '../core/errors.js';
import type {
  BlankVariable,
  StackRefusal,
  ComposeModel,
  ComposePath,
  DeployConfig,
  FileObjectModel,
  FileReference,
  Healthcheck,
  LoadWarning,
  NetworkModel,
  Placement,
  ResourceSpec,
  RestartPolicy,
  ServiceModel,
  ServiceNetworkAttachment,
  ServicePort,
  ServiceVolume,
  SourcePosition,
  StringMap,
  Ulimit,
  UpdateConfig,
  VolumeModel,
} from './model.js';
import { loadWarning, pointerOf } from './model.js';
import { listMessage, type Message, type MessageValue } from '../core/message.js';
import { composeMessages as M } from './messages.js';
import { stackKeyFate } from '../security/stack-keys.js';
import { coreMessages } from '../core/messages.js';

export interface BuildContext {
  positionOf(p: ComposePath): SourcePosition | undefined;
  /** Absolute path of the file that declared `p` (relative `file:` and bind paths resolve against it). */
  fileOf(p: ComposePath): string;
  /** The variables that left the value at `p` blank after interpolation. */
  blankVariables?(p: ComposePath): BlankVariable[];
  warnings: LoadWarning[];
}

/**
 * A short volume spec as the docker CLI reads it (cli/compose/loader ParseVolume): one or two characters are an
 * anonymous volume's target; otherwise colon-separated SOURCE:TARGET[:MODE], where an empty section or a fourth one
 * is refused. Returns docker's reason for a refusal.
 */
export function parseShortVolume(spec: string): { source?: string; target?: string; mode?: string; refused?: string } {
  if (spec.length === 0) return { refused: 'invalid empty volume spec' };
  if (spec.length <= 2) return { target: spec };
  const sections: string[] = [];
  let buf = '';
  for (let i = 0; i <= spec.length; i++) {
    const c = spec[i];
    // A Windows drive letter ("C:") stays in its section.
    if (c === ':' && buf.length === 1 && /[A-Za-z]/.test(buf)) {
      buf += c;
      continue;
    }
    if (c !== ':' && c !== undefined) {
      buf += c;
      continue;
    }
    if (buf === '') return { refused: `invalid spec: ${spec}: empty section between colons` };
    if (sections.length === 2 && c === ':') return { refused: `invalid spec: ${spec}: too many colons` };
    sections.push(buf);
    buf = '';
  }
  if (sections.length === 1) return { target: sections[0]! };
  return { source: sections[0]!, target: sections[1]!, ...(sections[2] !== undefined ? { mode: sections[2] } : {}) };
}

/** Service keys of the compose file format (v3 and the compose specification). Others are warned about. */
export const KNOWN_SERVICE_KEYS = new Set([
  'build',
  'cap_add',
  'cap_drop',
  'cgroup_parent',
  'cgroupns_mode',
  'command',
  'configs',
  'container_name',
  'credential_spec',
  'depends_on',
  'deploy',
  'devices',
  'dns',
  'dns_opt',
  'dns_search',
  'domainname',
  'entrypoint',
  'env_file',
  'environment',
  'expose',
  'external_links',
  'extra_hosts',
  'healthcheck',
  'hostname',
  'image',
  'init',
  'ipc',
  'isolation',
  'labels',
  'links',
  'logging',
  'mac_address',
  'network_mode',
  'networks',
  'pid',
  'platform',
  'ports',
  'privileged',
  'profiles',
  'pull_policy',
  'read_only',
  'restart',
  'secrets',
  'security_opt',
  'shm_size',
  'stdin_open',
  'stop_grace_period',
  'stop_signal',
  'storage_opt',
  'sysctls',
  'tmpfs',
  'tty',
  'ulimits',
  'user',
  'userns_mode',
  'volumes',
  'working_dir',
  'group_add',
  'oom_score_adj',
]);

/** Top-level keys the stack schema allows (besides `x-` extensions). */
const STACK_TOP_LEVEL_KEYS = new Set(['version', 'services', 'networks', 'volumes', 'secrets', 'configs']);

/** What `docker stack deploy` refuses in one service, with the docker CLI's words. */
function serviceRefusals(name: string, o: Record<string, unknown>, blank: (p: ComposePath) => BlankVariable[]): StackRefusal[] {
  const p = ['services', name];
  const out: StackRefusal[] = [];
  for (const k of Object.keys(o)) {
    if (k.startsWith('x-')) continue;
    if (!KNOWN_SERVICE_KEYS.has(k) || stackKeyFate(k)?.fate === 'refused')
      out.push({ path: [...p, k], reason: `services.${name} Additional property ${k} is not allowed` });
  }
  const dependsOn = o.depends_on;
  if (dependsOn !== undefined && dependsOn !== null && !Array.isArray(dependsOn))
    out.push({ path: [...p, 'depends_on'], reason: `services.${name}.depends_on must be a list` });
  if (Array.isArray(o.volumes)) {
    o.volumes.forEach((v, i) => {
      const refused = typeof v === 'string' ? parseShortVolume(v).refused : undefined;
      if (refused === undefined) return;
      const variables = blank([...p, 'volumes', i]);
      out.push({ path: [...p, 'volumes', i], reason: refused, ...(variables.length > 0 ? { variables } : {}) });
    });
  }
  return out;
}

type Obj = Record<string, unknown>;

class Reader {
  constructor(private readonly ctx: BuildContext) {}

  fail(p: ComposePath, message: Message, hint?: Message): never {
    const pos = this.ctx.positionOf(p);
    // A value left blank by a variable: the variable is the cause, and the fix.
    const vars = this.ctx.blankVariables?.(p) ?? [];
    const at = coreMessages.say('core.inputAt', { where: pointerOf(p), message });
    const text =
      vars.length > 0
        ? M.say('compose.blank.value', {
            value: at,
            variables: listMessage(vars.map((v) => M.say(v.unset ? 'compose.blank.unset' : 'compose.blank.empty', { name: v.name }))),
          })
        : at;
    throw new InputError(pos?.file ?? '(compose)', text, {
      ...(pos ? { line: pos.line } : {}),
      ...(vars.length > 0 ? { hint: M.say('compose.var.set.hint', { variable: vars.map((v) => v.name).join(', ') }) } : hint !== undefined ? { hint } : {}),
    });
  }

  warn(p: ComposePath, message: Message): void {
    this.ctx.warnings.push(loadWarning(coreMessages.say('core.inputAt', { where: pointerOf(p), message }), this.ctx.positionOf(p)));
  }

  obj(v: unknown, p: ComposePath): Obj | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) this.fail(p, M.say('compose.type.mapping', { described: describe(v) }));
    return v as Obj;
  }

  str(v: unknown, p: ComposePath): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.fail(p, M.say('compose.type.string', { described: describe(v) }));
  }

  num(v: unknown, p: ComposePath): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v.trim());
    return this.fail(p, M.say('compose.type.number', { described: describe(v) }));
  }

  bool(v: unknown, p: ComposePath): boolean | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      const s = v.trim().toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(s)) return true;
      if (['false', 'no', 'off', '0'].includes(s)) return false;
    }
    return this.fail(p, M.say('compose.type.boolean', { described: describe(v) }));
  }

  /** A string or a list of strings. */
  strOrList(v: unknown, p: ComposePath): string[] | string | undefined {
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.map((x, i) => this.str(x, [...p, i]) ?? '');
    return this.str(v, p);
  }

  list(v: unknown, p: ComposePath): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      if (typeof v === 'string') return [v];
      return this.fail(p, M.say('compose.type.list', { described: describe(v) }));
    }
    return v.map((x, i) => this.str(x, [...p, i]) ?? '');
  }

  strMap(v: unknown, p: ComposePath): StringMap {
    const o = this.obj(v, p);
    const out: StringMap = {};
    if (!o) return out;
    for (const [k, x] of Object.entries(o)) out[k] = this.str(x, [...p, k]) ?? '';
    return out;
  }
}

/** What a value of the wrong type was ("a list", "string \"x\""): a message, so each language says it in its words. */
function describe(v: unknown): MessageValue {
  if (v === null) return 'null';
  if (Array.isArray(v)) return M.say('compose.described.list');
  if (typeof v === 'object') return M.say('compose.described.mapping');
  const value = JSON.stringify(v).slice(0, 40);
  if (typeof v === 'string') return M.say('compose.described.string', { value });
  if (typeof v === 'number') return M.say('compose.described.number', { value });
  if (typeof v === 'boolean') return M.say('compose.described.boolean', { value });
  return `${typeof v} ${value}`;
}

function parsePortShort(spec: string, r: Reader, p: ComposePath): ServicePort[] {
  let body = spec.trim();
  let protocol: ServicePort['protocol'] = 'tcp';
  const slash = body.lastIndexOf('/');
  if (slash >= 0) {
    const proto = body.slice(slash + 1).toLowerCase();
    if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') r.fail(p, M.say('compose.port.protocol', { value: proto }));
    protocol = proto;
    body = body.slice(0, slash);
  }
  let hostIp: string | undefined;
  const bracket = /^\[([^\]]+)\]:(.*)$/.exec(body);
  if (bracket) {
    hostIp = bracket[1];
    body = bracket[2] ?? '';
  }
  const parts = body.split(':');
  if (parts.length > 3 || (bracket && parts.length > 2)) r.fail(p, M.say('compose.port.unreadable', { value: spec }), M.say('compose.port.unreadable.hint'));
  const targetPart = parts[parts.length - 1] ?? '';
  const publishedPart = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  if (parts.length === 3) hostIp = parts[0];
  const range = (s: string): [number, number] | undefined => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(s.trim());
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    if (a < 1 || b > 65535 || b < a) return undefined;
    return [a, b];
  };
  const t = range(targetPart);
  if (!t) r.fail(p, M.say('compose.port.notPort', { value: targetPart }));
  const pub = publishedPart !== undefined && publishedPart !== '' ? range(publishedPart) : undefined;
  if (publishedPart !== undefined && publishedPart !== '' && !pub) r.fail(p, M.say('compose.port.notPort', { value: publishedPart }));
  const count = t[1] - t[0] + 1;
  if (pub && pub[1] - pub[0] + 1 !== count) r.fail(p, M.say('compose.port.rangeLength', { a: publishedPart ?? '', b: targetPart }));
  const out: ServicePort[] = [];
  for (let i = 0; i < count; i++) {
    const published = pub ? pub[0] + i : undefined;
    out.push({
      target: t[0] + i,
      ...(published !== undefined ? { published } : {}),
      protocol,
      mode: 'ingress',
      ...(hostIp !== undefined && hostIp !== '' ? { hostIp } : {}),
      syntax: 'short',
      item: p[p.length - 1] as number,
    });
  }
  return out;
}

function parsePorts(v: unknown, r: Reader, p: ComposePath): ServicePort[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) r.fail(p, M.say('compose.type.list', { described: describe(v) }));
  const out: ServicePort[] = [];
  v.forEach((item, i) => {
    const ip = [...p, i];
    if (typeof item === 'string' || typeof item === 'number') {
      out.push(...parsePortShort(String(item), r, ip));
      return;
    }
    const o = r.obj(item, ip) ?? {};
    const target = r.num(o.target, [...ip, 'target']);
    if (target === undefined) r.fail(ip, M.say('compose.port.needsTarget'));
    const protocol = (r.str(o.protocol, [...ip, 'protocol']) ?? 'tcp').toLowerCase();
    if (protocol !== 'tcp' && protocol !== 'udp' && protocol !== 'sctp')
      r.fail([...ip, 'protocol'], M.say('compose.port.unknownProtocol', { value: protocol }));
    const mode = r.str(o.mode, [...ip, 'mode']) ?? 'ingress';
    if (mode !== 'ingress' && mode !== 'host') r.fail([...ip, 'mode'], M.say('compose.port.mode', { value: mode }));
    const publishedRaw = o.published;
    const published =
      publishedRaw === undefined || publishedRaw === null
        ? undefined
        : typeof publishedRaw === 'string' && publishedRaw.includes('-')
          ? publishedRaw
          : r.num(publishedRaw, [...ip, 'published']);
    const hostIp = r.str(o.host_ip, [...ip, 'host_ip']);
    out.push({
      target,
      ...(published !== undefined ? { published } : {}),
      protocol,
      mode,
      ...(hostIp !== undefined ? { hostIp } : {}),
      syntax: 'long',
      item: i,
    });
  });
  return out;
}

function parseVolumes(v: unknown, r: Reader, p: ComposePath): ServiceVolume[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) r.fail(p, M.say('compose.type.list', { described: describe(v) }));
  return v.map((item, i): ServiceVolume => {
    const ip = [...p, i];
    if (typeof item === 'string') {
      // What docker refuses here (an empty section, too many colons) is a stack refusal (serviceRefusals), reported at
      // its line by the stack-deploy-refuses rule; the model keeps what docker would have read.
      const { source = '', target = '', mode = '' } = parseShortVolume(item);
      if (source === '') return { type: 'volume', target, readOnly: false, syntax: 'short' };
      const isPath = source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
      const opts = mode.split(',');
      return {
        type: isPath ? 'bind' : 'volume',
        source,
        target,
        readOnly: opts.includes('ro'),
        syntax: 'short',
        ...(isPath && opts.some((o) => /^r?(shared|slave|private)$/.test(o))
          ? { bind: { propagation: opts.find((o) => /^r?(shared|slave|private)$/.test(o)) as string } }
          : {}),
      };
    }
    const o = r.obj(item, ip) ?? {};
    const type = r.str(o.type, [...ip, 'type']) ?? 'volume';
    if (!['bind', 'volume', 'tmpfs', 'npipe'].includes(type)) r.fail([...ip, 'type'], M.say('compose.volume.type', { value: type }));
    const target = r.str(o.target, [...ip, 'target']);
    if (target === undefined) r.fail(ip, M.say('compose.volume.needsTarget'));
    const source = r.str(o.source, [...ip, 'source']);
    const bind = r.obj(o.bind, [...ip, 'bind']);
    const vol = r.obj(o.volume, [...ip, 'volume']);
    const tmpfs = r.obj(o.tmpfs, [...ip, 'tmpfs']);
    const propagation = bind ? r.str(bind.propagation, [...ip, 'bind', 'propagation']) : undefined;
    const createHostPath = bind ? r.bool(bind.create_host_path, [...ip, 'bind', 'create_host_path']) : undefined;
    const nocopy = vol ? r.bool(vol.nocopy, [...ip, 'volume', 'nocopy']) : undefined;
    const consistency = r.str(o.consistency, [...ip, 'consistency']);
    const size = tmpfs?.size;
    const tmode = tmpfs ? r.num(tmpfs.mode, [...ip, 'tmpfs', 'mode']) : undefined;
    return {
      type: type as ServiceVolume['type'],
      ...(source !== undefined ? { source } : {}),
      target,
      readOnly: r.bool(o.read_only, [...ip, 'read_only']) ?? false,
      syntax: 'long',
      ...(bind ? { bind: { ...(propagation !== undefined ? { propagation } : {}), ...(createHostPath !== undefined ? { createHostPath } : {}) } } : {}),
      ...(vol ? { volume: nocopy !== undefined ? { nocopy } : {} } : {}),
      ...(tmpfs
        ? { tmpfs: { ...(typeof size === 'number' || typeof size === 'string' ? { size } : {}), ...(tmode !== undefined ? { mode: tmode } : {}) } }
        : {}),
      ...(consistency !== undefined ? { consistency } : {}),
    };
  });
}

function parseRefs(v: unknown, r: Reader, p: ComposePath): FileReference[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) r.fail(p, M.say('compose.type.list', { described: describe(v) }));
  return v.map((item, i): FileReference => {
    const ip = [...p, i];
    if (typeof item === 'string') return { source: item };
    const o = r.obj(item, ip) ?? {};
    const source = r.str(o.source, [...ip, 'source']);
    if (source === undefined) r.fail(ip, M.say('compose.ref.needsSource'));
    const target = r.str(o.target, [...ip, 'target']);
    const uid = r.str(o.uid, [...ip, 'uid']);
    const gid = r.str(o.gid, [...ip, 'gid']);
    const mode = r.num(o.mode, [...ip, 'mode']);
    return {
      source,
      ...(target !== undefined ? { target } : {}),
      ...(uid !== undefined ? { uid } : {}),
      ...(gid !== undefined ? { gid } : {}),
      ...(mode !== undefined ? { mode } : {}),
    };
  });
}

function parseResources(v: unknown, r: Reader, p: ComposePath): ResourceSpec | undefined {
  const o = r.obj(v, p);
  if (!o) return undefined;
  const out: ResourceSpec = {};
  if (o.cpus !== undefined && o.cpus !== null) out.cpus = typeof o.cpus === 'number' ? o.cpus : r.str(o.cpus, [...p, 'cpus']);
  if (o.memory !== undefined && o.memory !== null) out.memory = typeof o.memory === 'number' ? o.memory : r.str(o.memory, [...p, 'memory']);
  const pids = r.num(o.pids, [...p, 'pids']);
  if (pids !== undefined) out.pids = pids;
  if (Array.isArray(o.generic_resources)) out.genericResources = o.generic_resources;
  if (Array.isArray(o.devices)) out.devices = o.devices;
  return out;
}

function parseUpdate(v: unknown, r: Reader, p: ComposePath): UpdateConfig | undefined {
  const o = r.obj(v, p);
  if (!o) return undefined;
  const out: UpdateConfig = {};
  const parallelism = r.num(o.parallelism, [...p, 'parallelism']);
  if (parallelism !== undefined) out.parallelism = parallelism;
  const delay = r.str(o.delay, [...p, 'delay']);
  if (delay !== undefined) out.delay = delay;
  const failureAction = r.str(o.failure_action, [...p, 'failure_action']);
  if (failureAction !== undefined) out.failureAction = failureAction;
  const monitor = r.str(o.monitor, [...p, 'monitor']);
  if (monitor !== undefined) out.monitor = monitor;
  const ratio = o.max_failure_ratio;
  if (typeof ratio === 'number' || typeof ratio === 'string') out.maxFailureRatio = ratio;
  const order = r.str(o.order, [...p, 'order']);
  if (order !== undefined) out.order = order;
  return out;
}

function parseDeploy(v: unknown, r: Reader, p: ComposePath): DeployConfig | undefined {
  const o = r.obj(v, p);
  if (!o) return undefined;
  const d: DeployConfig = { labels: r.strMap(o.labels, [...p, 'labels']) };
  const mode = r.str(o.mode, [...p, 'mode']);
  if (mode !== undefined) {
    if (mode !== 'replicated' && mode !== 'global' && mode !== 'replicated-job' && mode !== 'global-job')
      r.fail([...p, 'mode'], M.say('compose.deploy.mode', { value: mode }), M.say('compose.deploy.mode.hint'));
    d.mode = mode;
  }
  const replicas = r.num(o.replicas, [...p, 'replicas']);
  if (replicas !== undefined) d.replicas = replicas;
  const endpointMode = r.str(o.endpoint_mode, [...p, 'endpoint_mode']);
  if (endpointMode !== undefined) {
    if (endpointMode !== 'vip' && endpointMode !== 'dnsrr') r.fail([...p, 'endpoint_mode'], M.say('compose.deploy.endpointMode', { value: endpointMode }));
    d.endpointMode = endpointMode;
  }
  const pl = r.obj(o.placement, [...p, 'placement']);
  if (pl) {
    const placement: Placement = {
      constraints: r.list(pl.constraints, [...p, 'placement', 'constraints']),
      preferences: [],
    };
    if (Array.isArray(pl.preferences)) {
      pl.preferences.forEach((x, i) => {
        const po = r.obj(x, [...p, 'placement', 'preferences', i]);
        const spread = po ? r.str(po.spread, [...p, 'placement', 'preferences', i, 'spread']) : undefined;
        if (spread !== undefined) placement.preferences.push({ spread });
      });
    }
    const mrpn = r.num(pl.max_replicas_per_node, [...p, 'placement', 'max_replicas_per_node']);
    if (mrpn !== undefined) placement.maxReplicasPerNode = mrpn;
    d.placement = placement;
  }
  const res = r.obj(o.resources, [...p, 'resources']);
  if (res) {
    const limits = parseResources(res.limits, r, [...p, 'resources', 'limits']);
    const reservations = parseResources(res.reservations, r, [...p, 'resources', 'reservations']);
    d.resources = { ...(limits ? { limits } : {}), ...(reservations ? { reservations } : {}) };
  }
  const rp = r.obj(o.restart_policy, [...p, 'restart_policy']);
  if (rp) {
    const policy: RestartPolicy = {};
    const condition = r.str(rp.condition, [...p, 'restart_policy', 'condition']);
    if (condition !== undefined) policy.condition = condition;
    const delay = r.str(rp.delay, [...p, 'restart_policy', 'delay']);
    if (delay !== undefined) policy.delay = delay;
    const maxAttempts = r.num(rp.max_attempts, [...p, 'restart_policy', 'max_attempts']);
    if (maxAttempts !== undefined) policy.maxAttempts = maxAttempts;
    const window = r.str(rp.window, [...p, 'restart_policy', 'window']);
    if (window !== undefined) policy.window = window;
    d.restartPolicy = policy;
  }
  const update = parseUpdate(o.update_config, r, [...p, 'update_config']);
  if (update) d.updateConfig = update;
  const rollback = parseUpdate(o.rollback_config, r, [...p, 'rollback_config']);
  if (rollback) d.rollbackConfig = rollback;
  return d;
}

function parseHealthcheck(v: unknown, r: Reader, p: ComposePath): Healthcheck | undefined {
  const o = r.obj(v, p);
  if (!o) return undefined;
  const test = r.strOrList(o.test, [...p, 'test']);
  const hc: Healthcheck = { disable: r.bool(o.disable, [...p, 'disable']) ?? false };
  if (test !== undefined) hc.test = test;
  if (Array.isArray(test) && test[0] === 'NONE') hc.disable = true;
  for (const [k, field] of [
    ['interval', 'interval'],
    ['timeout', 'timeout'],
    ['start_period', 'startPeriod'],
  ] as const) {
    const s = r.str(o[k], [...p, k]);
    if (s !== undefined) hc[field] = s;
  }
  const retries = r.num(o.retries, [...p, 'retries']);
  if (retries !== undefined) hc.retries = retries;
  return hc;
}

function parseServiceNetworks(v: unknown, r: Reader, p: ComposePath): Record<string, ServiceNetworkAttachment> | undefined {
  if (v === undefined) return undefined;
  const o = r.obj(v, p) ?? {};
  const out: Record<string, ServiceNetworkAttachment> = {};
  for (const [name, x] of Object.entries(o)) {
    const a = r.obj(x, [...p, name]);
    const att: ServiceNetworkAttachment = { aliases: a ? r.list(a.aliases, [...p, name, 'aliases']) : [] };
    const v4 = a ? r.str(a.ipv4_address, [...p, name, 'ipv4_address']) : undefined;
    const v6 = a ? r.str(a.ipv6_address, [...p, name, 'ipv6_address']) : undefined;
    if (v4 !== undefined) att.ipv4Address = v4;
    if (v6 !== undefined) att.ipv6Address = v6;
    out[name] = att;
  }
  return out;
}

function parseUlimits(v: unknown, r: Reader, p: ComposePath): Record<string, Ulimit> {
  const o = r.obj(v, p);
  const out: Record<string, Ulimit> = {};
  if (!o) return out;
  for (const [k, x] of Object.entries(o)) {
    if (typeof x === 'number' || typeof x === 'string') {
      const n = r.num(x, [...p, k]) as number;
      out[k] = { soft: n, hard: n };
      continue;
    }
    const u = r.obj(x, [...p, k]) ?? {};
    const soft = r.num(u.soft, [...p, k, 'soft']);
    const hard = r.num(u.hard, [...p, k, 'hard']);
    if (soft === undefined || hard === undefined) r.fail([...p, k], M.say('compose.ulimit.softHard'));
    out[k] = { soft, hard };
  }
  return out;
}

function parseEnvironment(v: unknown, r: Reader, p: ComposePath): Record<string, string | null> {
  const o = r.obj(v, p);
  const out: Record<string, string | null> = {};
  if (!o) return out;
  for (const [k, x] of Object.entries(o)) out[k] = r.str(x, [...p, k]) ?? null;
  return out;
}

function parseService(name: string, v: unknown, r: Reader): ServiceModel {
  const p = ['services', name];
  const o = r.obj(v, p) ?? {};
  for (const k of Object.keys(o)) {
    if (!KNOWN_SERVICE_KEYS.has(k) && !k.startsWith('x-')) r.warn([...p, k], M.say('compose.warn.unknownKey', { key: k }));
  }
  const s: ServiceModel = {
    name,
    environment: parseEnvironment(o.environment, r, [...p, 'environment']),
    envFiles: r.list(o.env_file, [...p, 'env_file']),
    labels: r.strMap(o.labels, [...p, 'labels']),
    ports: parsePorts(o.ports, r, [...p, 'ports']),
    volumes: parseVolumes(o.volumes, r, [...p, 'volumes']),
    capAdd: r.list(o.cap_add, [...p, 'cap_add']),
    capDrop: r.list(o.cap_drop, [...p, 'cap_drop']),
    sysctls: r.strMap(o.sysctls, [...p, 'sysctls']),
    ulimits: parseUlimits(o.ulimits, r, [...p, 'ulimits']),
    dns: r.list(o.dns, [...p, 'dns']),
    dnsSearch: r.list(o.dns_search, [...p, 'dns_search']),
    extraHosts:
      Array.isArray(o.extra_hosts) || typeof o.extra_hosts === 'string'
        ? r.list(o.extra_hosts, [...p, 'extra_hosts'])
        : Object.entries(r.strMap(o.extra_hosts, [...p, 'extra_hosts'])).map(([h, ip]) => `${h}:${ip}`),
    secrets: parseRefs(o.secrets, r, [...p, 'secrets']),
    configs: parseRefs(o.configs, r, [...p, 'configs']),
    securityOpt: r.list(o.security_opt, [...p, 'security_opt']),
    devices: Array.isArray(o.devices) ? o.devices.map((d, i) => (typeof d === 'string' ? d : JSON.stringify(r.obj(d, [...p, 'devices', i])))) : [],
    tmpfs: r.list(o.tmpfs, [...p, 'tmpfs']),
    keys: Object.keys(o),
  };
  const strField = (key: string, set: (x: string) => void): void => {
    const x = r.str(o[key], [...p, key]);
    if (x !== undefined) set(x);
  };
  const boolField = (key: string, set: (x: boolean) => void): void => {
    const x = r.bool(o[key], [...p, key]);
    if (x !== undefined) set(x);
  };
  strField('image', (x) => (s.image = x));
  const command = r.strOrList(o.command, [...p, 'command']);
  if (command !== undefined) s.command = command;
  const entrypoint = r.strOrList(o.entrypoint, [...p, 'entrypoint']);
  if (entrypoint !== undefined) s.entrypoint = entrypoint;
  const deploy = parseDeploy(o.deploy, r, [...p, 'deploy']);
  if (deploy) s.deploy = deploy;
  const hc = parseHealthcheck(o.healthcheck, r, [...p, 'healthcheck']);
  if (hc) s.healthcheck = hc;
  strField('user', (x) => (s.user = x));
  strField('working_dir', (x) => (s.workingDir = x));
  boolField('read_only', (x) => (s.readOnly = x));
  strField('stop_grace_period', (x) => (s.stopGracePeriod = x));
  strField('stop_signal', (x) => (s.stopSignal = x));
  const logging = r.obj(o.logging, [...p, 'logging']);
  if (logging) {
    const driver = r.str(logging.driver, [...p, 'logging', 'driver']);
    s.logging = { ...(driver !== undefined ? { driver } : {}), options: r.strMap(logging.options, [...p, 'logging', 'options']) };
  }
  strField('hostname', (x) => (s.hostname = x));
  const networks = parseServiceNetworks(o.networks, r, [...p, 'networks']);
  if (networks) s.networks = networks;
  boolField('privileged', (x) => (s.privileged = x));
  strField('network_mode', (x) => (s.networkMode = x));
  strField('restart', (x) => (s.restart = x));
  strField('pid', (x) => (s.pid = x));
  strField('ipc', (x) => (s.ipc = x));
  boolField('init', (x) => (s.init = x));
  boolField('tty', (x) => (s.tty = x));
  boolField('stdin_open', (x) => (s.stdinOpen = x));
  strField('isolation', (x) => (s.isolation = x));
  return s;
}

/** `external: true`, or the old `external: {name: x}` form. */
function parseExternal(o: Obj, r: Reader, p: ComposePath): { external: boolean; name?: string } {
  const ext = o.external;
  if (ext !== null && typeof ext === 'object' && !Array.isArray(ext)) {
    const name = r.str((ext as Obj).name, [...p, 'external', 'name']);
    return { external: true, ...(name !== undefined ? { name } : {}) };
  }
  return { external: r.bool(ext, [...p, 'external']) ?? false };
}

/** What a network and a volume declare alike: driver, driver_opts, external, labels and name. */
function parseDriverObject(section: 'networks' | 'volumes', key: string, v: unknown, r: Reader): { p: ComposePath; o: Obj; common: VolumeModel } {
  const p = [section, key];
  const o = r.obj(v, p) ?? {};
  const ext = parseExternal(o, r, p);
  const common: VolumeModel = {
    key,
    driverOpts: r.strMap(o.driver_opts, [...p, 'driver_opts']),
    external: ext.external,
    labels: r.strMap(o.labels, [...p, 'labels']),
  };
  const name = r.str(o.name, [...p, 'name']) ?? ext.name;
  if (name !== undefined) common.name = name;
  const driver = r.str(o.driver, [...p, 'driver']);
  if (driver !== undefined) common.driver = driver;
  return { p, o, common };
}

function parseNetwork(key: string, v: unknown, r: Reader): NetworkModel {
  const { p, o, common } = parseDriverObject('networks', key, v, r);
  const n: NetworkModel = { ...common, implicit: false };
  const attachable = r.bool(o.attachable, [...p, 'attachable']);
  if (attachable !== undefined) n.attachable = attachable;
  const internal = r.bool(o.internal, [...p, 'internal']);
  if (internal !== undefined) n.internal = internal;
  const ipam = r.obj(o.ipam, [...p, 'ipam']);
  if (ipam) {
    const ipamDriver = r.str(ipam.driver, [...p, 'ipam', 'driver']);
    const config = Array.isArray(ipam.config)
      ? ipam.config.map((c, i) => {
          const co = r.obj(c, [...p, 'ipam', 'config', i]) ?? {};
          const subnet = r.str(co.subnet, [...p, 'ipam', 'config', i, 'subnet']);
          const ipRange = r.str(co.ip_range, [...p, 'ipam', 'config', i, 'ip_range']);
          const gateway = r.str(co.gateway, [...p, 'ipam', 'config', i, 'gateway']);
          return {
            ...(subnet !== undefined ? { subnet } : {}),
            ...(ipRange !== undefined ? { ipRange } : {}),
            ...(gateway !== undefined ? { gateway } : {}),
            ...(co.aux_addresses !== undefined ? { auxAddresses: r.strMap(co.aux_addresses, [...p, 'ipam', 'config', i, 'aux_addresses']) } : {}),
          };
        })
      : [];
    n.ipam = { ...(ipamDriver !== undefined ? { driver: ipamDriver } : {}), config };
  }
  return n;
}

function parseVolume(key: string, v: unknown, r: Reader): VolumeModel {
  return parseDriverObject('volumes', key, v, r).common;
}

function parseFileObject(section: 'secrets' | 'configs', key: string, v: unknown, r: Reader, ctx: BuildContext): FileObjectModel {
  const p = [section, key];
  const o = r.obj(v, p) ?? {};
  const ext = parseExternal(o, r, p);
  const f: FileObjectModel = { key, external: ext.external, labels: r.strMap(o.labels, [...p, 'labels']) };
  const name = r.str(o.name, [...p, 'name']) ?? ext.name;
  if (name !== undefined) f.name = name;
  const file = r.str(o.file, [...p, 'file']);
  if (file !== undefined) f.file = path.resolve(path.dirname(ctx.fileOf([...p, 'file'])), file);
  const driver = r.str(o.driver, [...p, 'driver']);
  if (driver !== undefined) f.driver = driver;
  const templateDriver = r.str(o.template_driver, [...p, 'template_driver']);
  if (templateDriver !== undefined) f.templateDriver = templateDriver;
  if (!f.external && f.file === undefined && o.environment === undefined && o.content === undefined && driver === undefined) {
    r.fail(p, M.say('compose.object.needsFile'), M.say('compose.object.needsFile.hint', { section, key, file: key }));
  }
  return f;
}

export function buildModel(root: unknown, ctx: BuildContext): ComposeModel {
  const r = new Reader(ctx);
  const top = r.obj(root, []) ?? {};
  const model: ComposeModel = { services: {}, networks: {}, volumes: {}, secrets: {}, configs: {} };
  const version = r.str(top.version, ['version']);
  if (version !== undefined) model.version = version;
  const services = r.obj(top.services, ['services']) ?? {};
  if (Object.keys(services).length === 0) r.fail(['services'], M.say('compose.noServices'), M.say('compose.noServices.hint'));
  for (const [k, v] of Object.entries(r.obj(top.networks, ['networks']) ?? {})) model.networks[k] = parseNetwork(k, v, r);
  for (const [k, v] of Object.entries(r.obj(top.volumes, ['volumes']) ?? {})) model.volumes[k] = parseVolume(k, v, r);
  for (const [k, v] of Object.entries(r.obj(top.secrets, ['secrets']) ?? {})) model.secrets[k] = parseFileObject('secrets', k, v, r, ctx);
  for (const [k, v] of Object.entries(r.obj(top.configs, ['configs']) ?? {})) model.configs[k] = parseFileObject('configs', k, v, r, ctx);
  for (const [k, v] of Object.entries(services)) model.services[k] = parseService(k, v, r);
  const refusals: StackRefusal[] = Object.keys(top)
    .filter((k) => !k.startsWith('x-') && !STACK_TOP_LEVEL_KEYS.has(k))
    .map((k) => ({ path: [k], reason: `(root) Additional property ${k} is not allowed` }));
  for (const [k, v] of Object.entries(services))
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) refusals.push(...serviceRefusals(k, v as Obj, (p) => ctx.blankVariables?.(p) ?? []));
  if (refusals.length > 0) model.stackRefusals = refusals;

  // References to undeclared objects: docker stack deploy refuses these, so we do too, at the line of the reference.
  let usesDefault = false;
  for (const svc of Object.values(model.services)) {
    if (svc.networks === undefined) usesDefault = true;
    for (const n of Object.keys(svc.networks ?? {})) {
      if (n === 'default') usesDefault = true;
      else if (!model.networks[n]) r.fail(['services', svc.name, 'networks', n], M.say('compose.undeclared.network', { name: n }));
    }
    svc.secrets.forEach((s, i) => {
      if (!model.secrets[s.source]) r.fail(['services', svc.name, 'secrets', i], M.say('compose.undeclared.secret', { name: s.source }));
    });
    svc.configs.forEach((c, i) => {
      if (!model.configs[c.source]) r.fail(['services', svc.name, 'configs', i], M.say('compose.undeclared.config', { name: c.source }));
    });
    svc.volumes.forEach((v, i) => {
      if (v.type === 'volume' && v.source !== undefined && v.source !== '' && !model.volumes[v.source]) {
        r.fail(['services', svc.name, 'volumes', i], M.say('compose.undeclared.volume', { name: v.source }));
      }
    });
  }
  if (usesDefault && !model.networks.default) {
    // docker stack deploy creates `<stack>_default`, an overlay network without encryption.
    model.networks.default = { key: 'default', driver: 'overlay', driverOpts: {}, external: false, labels: {}, implicit: true };
  }
  return model;
}
