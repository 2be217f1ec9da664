// Carries out a deploy plan through the Engine API, in an order that refuses before changing anything, and says exactly what exists when it stops half-way.
import type Docker from 'dockerode';
import { ExitCode, UserError } from '../core/errors.js';
import { tryParseImageReference } from '../core/image-reference.js';
import type { FileObjectPlan, StackSpec } from './convert.js';
import type { EngineService, FileObjectSpec, ServiceSpec } from './engine-types.js';
import type { DeployPlan, FileObjectAction, FileObjectPlanItem, PlanOptions } from './plan.js';
import { specForUpdate, withObjectIds } from './plan.js';
import type { ClusterObjects } from './state.js';
import { createConfig, createNetwork, createSecret, createService, imageDistribution, updateConfig, updateSecret, updateService } from '../engine/api.js';
import { removeObject } from '../engine/objects.js';
import { engineMessage, engineStatus as statusOf, translateEngineError } from '../engine/models.js';
import { stackMessages as M } from './messages.js';
import { joinMessages, notesSaid, type Message } from '../core/message.js';
import { engineMessages as E } from '../engine/messages.js';

export interface DeployOptions extends PlanOptions {
  /** Progress lines ("Creating network web_front"), as the docker CLI prints them. */
  log: (line: string) => void;
  /** Warnings (image not resolvable, engine warnings). */
  warn: (line: string) => void;
  /** Milliseconds for each registry resolution through the engine. */
  resolveTimeoutMs?: number;
}

export interface DeployResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  removed: string[];
}

/** Raised when a deploy stopped after changing something: it lists what was done, so nothing is half-done silently. */
export class PartialDeployError extends UserError {
  constructor(
    message: Message,
    readonly done: DeployResult,
    cause: unknown,
    exitCode: number,
    baseHint?: Message,
  ) {
    const nothing = done.created.length + done.updated.length + done.removed.length === 0;
    super(message, {
      exitCode,
      cause,
      hint: nothing
        ? baseHint !== undefined
          ? M.say('stack.deploy.partial.nothing', { hint: baseHint })
          : M.say('stack.deploy.partial.nothingNoHint')
        : baseHint !== undefined
          ? M.say('stack.deploy.partial.doneHint', { done: describeDone(done), hint: baseHint })
          : M.say('stack.deploy.partial.done', { done: describeDone(done) }),
    });
    this.name = 'PartialDeployError';
  }
}

/** What a deploy did before it stopped: one message per kind of change, joined with "; ". */
function describeDone(d: DeployResult): Message {
  const parts: Message[] = [];
  if (d.created.length > 0) parts.push(M.say('stack.deploy.done.created', { list: d.created.join(', ') }));
  if (d.updated.length > 0) parts.push(M.say('stack.deploy.done.updated', { list: d.updated.join(', ') }));
  if (d.removed.length > 0) parts.push(M.say('stack.deploy.done.removed', { list: d.removed.join(', ') }));
  return joinMessages(parts, '; ');
}

/**
 * Resolves a tag to a digest through the engine (`GET /distribution/NAME/json`), as the CLI's --resolve-image does.
 * Returns undefined when the registry cannot be reached: the tag is kept and each node pulls or uses its own copy.
 */
export async function resolveImageDigest(docker: Docker, image: string, timeoutMs: number): Promise<string | undefined> {
  // A pinned reference stays as it is; one that does not parse has no registry to ask.
  const ref = tryParseImageReference(image);
  if (ref === undefined || ref.digest !== undefined) return undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const info = await Promise.race([
      imageDistribution(docker, image),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    const digest = info.Descriptor.digest;
    return digest !== undefined && /^sha256:[0-9a-f]{64}$/.test(digest) ? `${image}@${digest}` : undefined;
  } catch {
    return undefined;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/**
 * The exit code of a deploy that failed at one step, from the error's code: 3 when the engine was not reached (or
 * went away), 2 for bad input, 4 for every other failure part-way. Never from the wording, which is localized.
 */
export function deployFailureExit(e: UserError): number {
  if (e.code === 'engine.unreachable') return ExitCode.ENGINE;
  if (e.exitCode === ExitCode.USAGE) return ExitCode.USAGE;
  return ExitCode.FAILED;
}

const IMMUTABLE = /only updates to Labels are allowed/i;

/** What the steps of one deploy share: the engine, what is wanted, the plan, and what has been done so far. */
interface DeployRun {
  readonly docker: Docker;
  readonly desired: StackSpec;
  readonly plan: DeployPlan;
  readonly opts: DeployOptions;
  readonly done: DeployResult;
  /** Stops the deploy with what was done so far and the exit code the error's code gives. */
  readonly fail: (what: Message, e: unknown) => never;
}

/** Executes the plan. Blockers refuse before any change; content checks of existing secrets run before anything is created. */
export async function executePlan(docker: Docker, desired: StackSpec, plan: DeployPlan, cluster: ClusterObjects, opts: DeployOptions): Promise<DeployResult> {
  refuseBlockedPlan(plan);
  const done: DeployResult = { created: [], updated: [], unchanged: [], removed: [] };
  const fail = (what: Message, e: unknown): never => {
    const base = e instanceof UserError ? e : translateEngineError(e, what);
    throw new PartialDeployError(base.text, done, e, deployFailureExit(base), base.hintText);
  };
  const run: DeployRun = { docker, desired, plan, opts, done, fail };
  // 1. Existing secrets: the engine is the only one that can compare their content (it never returns it).
  await checkExistingSecrets(run);
  await relabelConfigs(run);
  // 2. Networks, then secrets and configs, then services: what a service refers to exists before it.
  await createNetworks(run);
  const ids = await createSecretsAndConfigs(run, cluster);
  await applyServices(run, cluster, ids);
  // 3. Prune last, once the new services are in place.
  if (opts.prune) await pruneServices(run);
  return done;
}

function refuseBlockedPlan(plan: DeployPlan): void {
  if (plan.blockers.length === 0) return;
  throw new UserError(M.say('stack.deploy.blocked', { stack: plan.stack, list: joinMessages(notesSaid(plan.blockers), '\n  - ') }), {
    hint: M.say('stack.deploy.nothingChanged'),
    exitCode: ExitCode.USAGE,
  });
}

/** The plan's secrets (or configs) with `action`, each with the object the stack file wants. */
function plannedObjects(
  desired: readonly FileObjectPlan[],
  planned: readonly FileObjectPlanItem[],
  action: FileObjectAction,
): [FileObjectPlanItem, FileObjectPlan][] {
  const specs = new Map(desired.map((s) => [s.spec.Name, s]));
  return planned.flatMap((item): [FileObjectPlanItem, FileObjectPlan][] => {
    const want = item.action === action ? specs.get(item.name) : undefined;
    return want ? [[item, want]] : [];
  });
}

/** Sends each existing secret's spec again: the engine refuses when its content changed, which only it can see. */
async function checkExistingSecrets({ docker, desired, plan, fail }: DeployRun): Promise<void> {
  for (const [s, want] of plannedObjects(desired.secrets, plan.secrets, 'check')) {
    if (s.id === undefined || s.version === undefined) continue;
    try {
      await updateSecret(docker, s.id, s.version, want.spec);
    } catch (e) {
      if (IMMUTABLE.test(engineMessage(e))) {
        fail(
          E.say('engine.do.updateSecret', { id: s.name }),
          new UserError(M.say('stack.deploy.secretImmutable', { name: s.name, file: want.file }), {
            hint: M.say('stack.deploy.secretImmutable.hint', { name: s.name, key: want.key }),
          }),
        );
      }
      fail(E.say('engine.do.updateSecret', { id: s.name }), e);
    }
  }
}

/** Configs whose labels alone changed are updated in place. */
async function relabelConfigs({ docker, desired, plan, done, fail }: DeployRun): Promise<void> {
  for (const [c, want] of plannedObjects(desired.configs, plan.configs, 'labels')) {
    if (c.id === undefined || c.version === undefined) continue;
    try {
      await updateConfig(docker, c.id, c.version, want.spec);
      done.updated.push(`config ${c.name}`);
    } catch (e) {
      fail(E.say('engine.do.updateConfig', { id: c.name }), e);
    }
  }
}

async function createNetworks({ docker, desired, plan, opts, done, fail }: DeployRun): Promise<void> {
  const networkSpecs = new Map(desired.networks.map((n) => [n.Name, n]));
  for (const n of plan.networks.filter((x) => x.action === 'create')) {
    const spec = networkSpecs.get(n.name);
    if (!spec) continue;
    opts.log(`Creating network ${n.name}`);
    try {
      await createNetwork(docker, { ...spec, CheckDuplicate: true });
      done.created.push(`network ${n.name}`);
    } catch (e) {
      fail(E.say('engine.do.createNamedNetwork', { id: n.name }), e);
    }
  }
}

/** The IDs services refer to secrets and configs by, by name: those the cluster has and those created here. */
interface ObjectIds {
  readonly secretIds: Map<string, string>;
  readonly configIds: Map<string, string>;
}

async function createSecretsAndConfigs(run: DeployRun, cluster: ClusterObjects): Promise<ObjectIds> {
  const { desired, plan } = run;
  const secretIds = new Map(cluster.secrets.map((s) => [s.Spec.Name, s.ID]));
  const configIds = new Map(cluster.configs.map((s) => [s.Spec.Name, s.ID]));
  await createObjects(run, 'secret', desired.secrets, plan.secrets, secretIds, createSecret, (id) => E.say('engine.do.createNamedSecret', { id }));
  await createObjects(run, 'config', desired.configs, plan.configs, configIds, createConfig, (id) => E.say('engine.do.createNamedConfig', { id }));
  return { secretIds, configIds };
}

/** Creates the secrets (or configs) the plan creates, adding their IDs to `ids`. */
async function createObjects(
  { docker, opts, done, fail }: DeployRun,
  kind: 'secret' | 'config',
  desired: readonly FileObjectPlan[],
  planned: readonly FileObjectPlanItem[],
  ids: Map<string, string>,
  create: (docker: Docker, spec: FileObjectSpec) => Promise<string>,
  doing: (name: string) => Message,
): Promise<void> {
  for (const [o, want] of plannedObjects(desired, planned, 'create')) {
    opts.log(`Creating ${kind} ${o.name}`);
    try {
      ids.set(o.name, await create(docker, want.spec));
      done.created.push(`${kind} ${o.name}`);
    } catch (e) {
      fail(doing(o.name), e);
    }
  }
}

/** Resolves each image once per deploy, warning once for an image no registry answered for. */
function imageResolver(docker: Docker, opts: DeployOptions): (image: string) => Promise<string> {
  const resolved = new Map<string, string | undefined>();
  return async (image) => {
    if (!resolved.has(image)) {
      const r = await resolveImageDigest(docker, image, opts.resolveTimeoutMs ?? 15_000);
      resolved.set(image, r);
      if (r === undefined) {
        opts.warn(
          `image ${image} could not be accessed on a registry to record its digest; each node will use ${image} as it finds it, possibly leading to different nodes running different versions of the image`,
        );
      }
    }
    return resolved.get(image) ?? image;
  };
}

const withImage = (spec: ServiceSpec, image: string): ServiceSpec => ({
  ...spec,
  TaskTemplate: { ...spec.TaskTemplate, ContainerSpec: { ...spec.TaskTemplate.ContainerSpec, Image: image } },
});

async function applyServices(run: DeployRun, cluster: ClusterObjects, ids: ObjectIds): Promise<void> {
  const current = new Map(cluster.services.map((s) => [s.ID, s]));
  const resolve = imageResolver(run.docker, run.opts);
  for (const svc of run.plan.services) {
    if (svc.action === 'unchanged') run.done.unchanged.push(`service ${svc.name}`);
    else if (svc.action === 'create') await createPlannedService(run, svc, ids, resolve);
    else {
      const cur = svc.id !== undefined ? current.get(svc.id) : undefined;
      if (cur) await updatePlannedService(run, svc, cur, ids, resolve);
    }
  }
}

type PlannedService = DeployPlan['services'][number];

async function createPlannedService(
  { docker, opts, done, fail }: DeployRun,
  svc: PlannedService,
  ids: ObjectIds,
  resolve: (image: string) => Promise<string>,
): Promise<void> {
  let spec: ServiceSpec = withObjectIds(svc.spec, ids.secretIds, ids.configIds);
  if (opts.resolveImage !== 'never') spec = withImage(spec, await resolve(svc.spec.TaskTemplate.ContainerSpec.Image));
  opts.log(`Creating service ${svc.name}`);
  try {
    await createService(docker, spec);
    done.created.push(`service ${svc.name}`);
  } catch (e) {
    fail(E.say('engine.do.createNamedService', { id: svc.name }), e);
  }
}

async function updatePlannedService(
  { docker, opts, done, fail }: DeployRun,
  svc: PlannedService,
  cur: EngineService,
  ids: ObjectIds,
  resolve: (image: string) => Promise<string>,
): Promise<void> {
  const image = svc.spec.TaskTemplate.ContainerSpec.Image;
  let spec = withObjectIds(specForUpdate(svc.spec, cur, opts.resolveImage), ids.secretIds, ids.configIds);
  const imageChanged = image !== cur.Spec.Labels?.['com.docker.stack.image'];
  if (opts.resolveImage === 'always' || (opts.resolveImage === 'changed' && imageChanged)) spec = withImage(spec, await resolve(image));
  opts.log(`Updating service ${svc.name} (id: ${cur.ID})${svc.changes.length > 0 ? `: ${svc.changes.join(', ')}` : ''}`);
  try {
    for (const w of await updateService(docker, cur.ID, cur.Version.Index, spec)) opts.warn(w);
    done.updated.push(`service ${svc.name}`);
  } catch (e) {
    if (statusOf(e) === 500 && /update out of sequence/i.test(engineMessage(e))) {
      fail(
        E.say('engine.do.updateService', { id: svc.name }),
        new UserError(M.say('stack.deploy.outOfSequence', { name: svc.name }), { hint: M.say('stack.deploy.outOfSequence.hint') }),
      );
    }
    fail(E.say('engine.do.updateService', { id: svc.name }), e);
  }
}

async function pruneServices({ docker, plan, opts, done, fail }: DeployRun): Promise<void> {
  for (const p of plan.prune) {
    opts.log(`Removing service ${p.name}`);
    try {
      await removeObject(docker, 'service', p.id);
      done.removed.push(`service ${p.name}`);
    } catch (e) {
      if (statusOf(e) === 404) continue;
      fail(E.say('engine.do.removeService', { id: p.name }), e);
    }
  }
}
