// What a deploy will do, computed from the desired stack and the engine's objects: pure, so it is testable and printable (--dry-run).
import type { EngineFileObject, EngineNetwork, EngineService, ServiceSpec } from './engine-types.js';
import { isEncryptedOverlay } from '../security/overlay.js';
import type { ClusterObjects } from './state.js';
import { namespaceOf } from './state.js';
import { IMAGE_LABEL } from './namespace.js';
import type { StackSpec } from './convert.js';
import { pushNote, type Message } from '../core/message.js';
import { stackMessages as M } from './messages.js';

export type ServiceAction = 'create' | 'update' | 'unchanged';
export type NetworkAction = 'create' | 'exists' | 'external' | 'external-missing';
/** `check` = the secret exists; Swarm never returns secret data, so the content is compared by the engine at deploy. */
export type FileObjectAction = 'create' | 'unchanged' | 'labels' | 'check' | 'changed' | 'external' | 'external-missing';

export interface NetworkPlan {
  name: string;
  action: NetworkAction;
  driver: string;
  encrypted: boolean;
  id?: string;
}

export interface FileObjectPlanItem {
  name: string;
  action: FileObjectAction;
  id?: string;
  version?: number;
}

export interface ServicePlan {
  key: string;
  name: string;
  action: ServiceAction;
  /** Dotted spec paths that differ (update only). */
  changes: string[];
  id?: string;
  version?: number;
  spec: ServiceSpec;
}

export interface DeployPlan {
  stack: string;
  networks: NetworkPlan[];
  secrets: FileObjectPlanItem[];
  configs: FileObjectPlanItem[];
  services: ServicePlan[];
  /** Services of the namespace not in the files: removed with --prune, otherwise kept. */
  prune: { name: string; id: string }[];
  pruneEnabled: boolean;
  /** Reasons the deploy cannot go ahead (nothing is changed when there is one). */
  blockers: string[];
  warnings: string[];
}

/** `encrypted` in driver options enables IPsec for an overlay whatever its value: the shared predicate. */
export const isEncrypted = isEncryptedOverlay;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * Canonical form of a service spec for comparison: drops empty values, engine defaults and fields the
 * engine adds or we never send, so "unchanged" means the running service already is what the file says.
 */
export function canonicalSpec(spec: ServiceSpec | EngineService['Spec'], networkNames: ReadonlyMap<string, string> = new Map()): Json {
  const s = JSON.parse(JSON.stringify(spec)) as Record<string, unknown>;
  const tt = (s.TaskTemplate ?? {}) as Record<string, unknown>;
  // The engine stores attachments by network ID; compare by name, in name order.
  const nets = (tt.Networks ?? []) as { Target: string }[];
  for (const n of nets) n.Target = networkNames.get(n.Target) ?? n.Target;
  nets.sort((a, b) => a.Target.localeCompare(b.Target));
  delete tt.ForceUpdate;
  if (tt.Runtime === 'container') delete tt.Runtime;
  const cs = (tt.ContainerSpec ?? {}) as Record<string, unknown>;
  if (cs.Isolation === 'default') delete cs.Isolation;
  delete cs.Privileges;
  const mode = (s.Mode ?? {}) as Record<string, Record<string, unknown> | undefined>;
  if (mode.Replicated && mode.Replicated.Replicas === undefined) mode.Replicated.Replicas = 1;
  // A resource value of 0 is the engine's "no limit": the same as leaving it out.
  const res = (tt.Resources ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const part of [res.Limits, res.Reservations]) for (const [k, v] of Object.entries(part ?? {})) if (v === 0) delete part![k];
  const ep = s.EndpointSpec as Record<string, unknown> | undefined;
  if (ep && ep.Mode === 'vip') delete ep.Mode;
  // The engine stores MaxFailureRatio 0 (its default) even when it was not sent.
  for (const key of ['UpdateConfig', 'RollbackConfig']) {
    const cfg = s[key] as Record<string, unknown> | undefined;
    if (cfg && cfg.MaxFailureRatio === 0) delete cfg.MaxFailureRatio;
  }
  return prune(s as Json) ?? {};
}

function prune(v: Json | undefined): Json | undefined {
  if (v === null || v === undefined || v === false || v === '') return undefined;
  if (Array.isArray(v)) {
    const items = v.map((x) => prune(x)).filter((x): x is Json => x !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (typeof v === 'object') {
    const out: Record<string, Json> = {};
    for (const k of Object.keys(v).sort()) {
      const p = prune(v[k]);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return v;
}

/** Dotted paths where two canonical values differ, at most `depth` levels deep. */
export function diffPaths(a: Json | undefined, b: Json | undefined, depth = 3, prefix = ''): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (x: Json | undefined): x is { [k: string]: Json } => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (depth === 0 || !isObj(a) || !isObj(b)) return [prefix === '' ? '(root)' : prefix];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.flatMap((k) => diffPaths(a[k], b[k], depth - 1, prefix === '' ? k : `${prefix}.${k}`));
}

/** The spec deploy sends for an existing service: as the CLI, keep the resolved image when the file's image is unchanged, keep ForceUpdate. */
export function specForUpdate(desired: ServiceSpec, current: EngineService, resolve: 'always' | 'changed' | 'never'): ServiceSpec {
  const spec: ServiceSpec = JSON.parse(JSON.stringify(desired)) as ServiceSpec;
  const sameImage = desired.TaskTemplate.ContainerSpec.Image === current.Spec.Labels?.[IMAGE_LABEL];
  if (sameImage && resolve !== 'always') spec.TaskTemplate.ContainerSpec.Image = current.Spec.TaskTemplate.ContainerSpec.Image;
  if (current.Spec.TaskTemplate.ForceUpdate !== undefined) spec.TaskTemplate.ForceUpdate = current.Spec.TaskTemplate.ForceUpdate;
  return spec;
}

/** Fills SecretID/ConfigID from the objects by name, as the engine needs them; unknown names stay without an ID. */
export function withObjectIds(spec: ServiceSpec, secrets: Map<string, string>, configs: Map<string, string>): ServiceSpec {
  const out: ServiceSpec = JSON.parse(JSON.stringify(spec)) as ServiceSpec;
  const cs = out.TaskTemplate.ContainerSpec;
  for (const r of cs.Secrets ?? []) {
    const id = secrets.get(r.SecretName);
    if (id !== undefined) r.SecretID = id;
  }
  for (const r of cs.Configs ?? []) {
    const id = configs.get(r.ConfigName);
    if (id !== undefined) r.ConfigID = id;
  }
  return out;
}

function sameLabels(a: Record<string, string> | null | undefined, b: Record<string, string>): boolean {
  const x = a ?? {};
  const ka = Object.keys(x).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && x[k] === b[k]);
}

export interface PlanOptions {
  prune: boolean;
  resolveImage: 'always' | 'changed' | 'never';
}

/** Why a plan cannot run (blockers) and what it does that the user should know (warnings), in the order found. */
interface PlanNotes {
  readonly stack: string;
  readonly blockers: string[];
  readonly warnings: string[];
}

const foreign = (ns: string | undefined): Message => (ns === undefined ? M.say('stack.plan.noStack') : M.say('stack.plan.ofStack', { stack: ns }));

/** Computes the deploy plan. Pure: the cluster objects were read once before. */
export function computePlan(desired: StackSpec, cluster: ClusterObjects, opts: PlanOptions): DeployPlan {
  const stack = desired.stack;
  const notes: PlanNotes = { stack, blockers: [], warnings: [] };
  const networks = planNetworks(desired, cluster, notes);
  const secrets = planFileObjects('secret', desired.secrets, desired.externalSecrets, cluster.secrets, notes);
  const configs = planFileObjects('config', desired.configs, desired.externalConfigs, cluster.configs, notes);
  const services = planServices(desired, cluster, opts, notes);
  const prune = planPrune(desired, cluster, opts, notes);
  warnUnencryptedOverlays(networks, notes);
  return { stack, networks, secrets, configs, services, prune, pruneEnabled: opts.prune, blockers: notes.blockers, warnings: notes.warnings };
}

/** External networks must exist in swarm scope; the stack's own are created, or kept when this stack has them. */
function planNetworks(desired: StackSpec, cluster: ClusterObjects, { stack, blockers, warnings }: PlanNotes): NetworkPlan[] {
  const networksByName = new Map<string, EngineNetwork[]>();
  for (const n of cluster.networks) networksByName.set(n.Name, [...(networksByName.get(n.Name) ?? []), n]);

  const networks: NetworkPlan[] = [];
  for (const name of desired.externalNetworks) {
    const found = (networksByName.get(name) ?? [])[0];
    if (!found) {
      pushNote(blockers, M.say('stack.plan.externalNetworkMissing', { name }));
      networks.push({ name, action: 'external-missing', driver: '?', encrypted: false });
    } else {
      if (found.Scope !== 'swarm' && !['host', 'bridge', 'none'].includes(name)) {
        pushNote(blockers, M.say('stack.plan.externalNetworkScope', { name, scope: found.Scope }));
      }
      networks.push({ name, action: 'external', driver: found.Driver, encrypted: isEncrypted(found.Options), id: found.Id });
    }
  }
  for (const n of desired.networks) {
    const existing = networksByName.get(n.Name) ?? [];
    const ours = existing.find((e) => namespaceOf(e.Labels) === stack);
    if (ours) {
      networks.push({ name: n.Name, action: 'exists', driver: ours.Driver, encrypted: isEncrypted(ours.Options), id: ours.Id });
      if (isEncrypted(ours.Options) !== isEncrypted(n.Options)) {
        pushNote(warnings, M.say(isEncrypted(n.Options) ? 'stack.plan.networkNowEncrypted' : 'stack.plan.networkNowPlain', { name: n.Name }));
      }
      continue;
    }
    if (existing.length > 0) {
      pushNote(blockers, M.say('stack.plan.networkTaken', { name: n.Name, owner: foreign(namespaceOf(existing[0]?.Labels)) }));
    }
    networks.push({ name: n.Name, action: 'create', driver: n.Driver, encrypted: isEncrypted(n.Options) });
  }
  return networks;
}

/** Secrets or configs: external ones must exist; the stack's own are created, checked or relabelled, never taken over. */
function planFileObjects(
  kind: 'secret' | 'config',
  wanted: StackSpec['secrets'],
  external: string[],
  have: EngineFileObject[],
  { stack, blockers }: PlanNotes,
): FileObjectPlanItem[] {
  const byName = new Map(have.map((o) => [o.Spec.Name, o]));
  const out: FileObjectPlanItem[] = [];
  for (const name of external) {
    const o = byName.get(name);
    if (!o) {
      pushNote(blockers, M.say(kind === 'secret' ? 'stack.plan.externalSecretMissing' : 'stack.plan.externalConfigMissing', { name }));
      out.push({ name, action: 'external-missing' });
    } else out.push({ name, action: 'external', id: o.ID, version: o.Version.Index });
  }
  for (const w of wanted) {
    const o = byName.get(w.spec.Name);
    if (!o) {
      out.push({ name: w.spec.Name, action: 'create' });
      continue;
    }
    const ns = namespaceOf(o.Spec.Labels);
    if (ns !== stack) {
      pushNote(blockers, M.say(kind === 'secret' ? 'stack.plan.secretTaken' : 'stack.plan.configTaken', { name: w.spec.Name, owner: foreign(ns) }));
      out.push({ name: w.spec.Name, action: 'check', id: o.ID, version: o.Version.Index });
      continue;
    }
    const labelsSame = sameLabels(o.Spec.Labels, w.spec.Labels);
    if (kind === 'config') {
      if (o.Spec.Data !== undefined && o.Spec.Data !== w.spec.Data) {
        pushNote(blockers, M.say('stack.plan.configImmutable', { name: w.spec.Name, file: w.file, key: w.key }));
        out.push({ name: w.spec.Name, action: 'changed', id: o.ID, version: o.Version.Index });
        continue;
      }
      out.push({ name: w.spec.Name, action: labelsSame ? 'unchanged' : 'labels', id: o.ID, version: o.Version.Index });
    } else {
      out.push({ name: w.spec.Name, action: 'check', id: o.ID, version: o.Version.Index });
    }
  }
  return out;
  return out;
}

/** Each service is created, updated with the paths that change, or left as it is; another stack's is never updated. */
function planServices(desired: StackSpec, cluster: ClusterObjects, opts: PlanOptions, { stack, blockers, warnings }: PlanNotes): ServicePlan[] {
  const byName = new Map(cluster.services.map((s) => [s.Spec.Name, s]));
  const networkNames = new Map(cluster.networks.map((n) => [n.Id, n.Name]));
  const secretIds = new Map(cluster.secrets.map((s) => [s.Spec.Name, s.ID]));
  const configIds = new Map(cluster.configs.map((s) => [s.Spec.Name, s.ID]));
  const services: ServicePlan[] = [];
  for (const [key, spec] of Object.entries(desired.services)) {
    const current = byName.get(spec.Name);
    if (!current) {
      services.push({ key, name: spec.Name, action: 'create', changes: [], spec });
      continue;
    }
    const ns = namespaceOf(current.Spec.Labels);
    if (ns !== stack) {
      pushNote(blockers, M.say('stack.plan.serviceTaken', { name: spec.Name, owner: foreign(ns) }));
      services.push({ key, name: spec.Name, action: 'update', changes: [], id: current.ID, version: current.Version.Index, spec });
      continue;
    }
    const fromMode = current.Spec.EndpointSpec?.Mode ?? 'vip';
    const toMode = spec.EndpointSpec?.Mode ?? 'vip';
    if (fromMode !== toMode) {
      const id = fromMode === 'vip' ? 'stack.plan.endpointModeFromVip' : 'stack.plan.endpointModeToVip';
      pushNote(warnings, M.say(id, { name: spec.Name, from: fromMode, to: toMode, stack }));
    }
    const next = withObjectIds(specForUpdate(spec, current, opts.resolveImage), secretIds, configIds);
    const changes = diffPaths(canonicalSpec(next, networkNames), canonicalSpec(current.Spec, networkNames));
    services.push({
      key,
      name: spec.Name,
      action: changes.length === 0 ? 'unchanged' : 'update',
      changes,
      id: current.ID,
      version: current.Version.Index,
      spec,
    });
  }
  return services;
}

/** The stack's services the file no longer has: removed with --prune, else named in a warning. */
function planPrune(desired: StackSpec, cluster: ClusterObjects, opts: PlanOptions, { stack, warnings }: PlanNotes): DeployPlan['prune'] {
  const wantedNames = new Set(Object.values(desired.services).map((s) => s.Name));
  const prune = cluster.services
    .filter((s) => namespaceOf(s.Spec.Labels) === stack && !wantedNames.has(s.Spec.Name))
    .map((s) => ({ name: s.Spec.Name, id: s.ID }))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (prune.length > 0 && !opts.prune) {
    pushNote(warnings, M.say('stack.plan.kept', { stack, services: prune.map((p) => p.name).join(', ') }));
  }
  return prune;
}

function warnUnencryptedOverlays(networks: readonly NetworkPlan[], { warnings }: PlanNotes): void {
  for (const n of networks) {
    if (n.action !== 'external-missing' && n.driver === 'overlay' && !n.encrypted) pushNote(warnings, M.say('stack.plan.plainOverlay', { name: n.name }));
  }
}

/** True when the plan changes nothing on the engine. */
export function planIsNoop(plan: DeployPlan): boolean {
  return (
    plan.networks.every((n) => n.action !== 'create') &&
    [...plan.secrets, ...plan.configs].every((o) => o.action !== 'create' && o.action !== 'labels') &&
    plan.services.every((s) => s.action === 'unchanged') &&
    (!plan.pruneEnabled || plan.prune.length === 0)
  );
}
