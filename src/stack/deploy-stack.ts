// The `stack deploy` use-case: load, lint gate, read secret/config files, convert, plan against the engine, then deploy (or print the plan).
import { promises as fs } from 'node:fs';
import type Docker from 'dockerode';
import { EngineError, InputError, messageOf } from '../core/errors.js';
import type { Message } from '../core/message.js';
import type { Finding } from '../core/finding.js';
import { atLeast, type Severity } from '../core/severity.js';
import { loadCompose } from '../compose/load.js';
import type { LoadedCompose } from '../compose/model.js';
import { runRules, selectRules } from '../compose/rules/index.js';
import { convertStack, type StackSpec } from './convert.js';
import { validateStackName } from './namespace.js';
import { computePlan, type DeployPlan } from './plan.js';
import { readInfo } from '../engine/api.js';
import { readClusterObjects } from './state.js';
import { stackMessages as M } from './messages.js';
import { coreMessages } from '../core/messages.js';

/** Swarm refuses secrets and configs above 500 KB. */
const MAX_OBJECT_BYTES = 500 * 1024;

export interface DeployRequest {
  stack: string;
  files: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  envFile?: string;
  failOn: Severity;
  force: boolean;
  dryRun: boolean;
  prune: boolean;
  resolveImage: 'always' | 'changed' | 'never';
  skipRules?: string[];
}

export interface GateResult {
  findings: Finding[];
  blocking: Finding[];
}

export interface PreparedStack {
  loaded: LoadedCompose;
  gate: GateResult;
  spec: StackSpec;
}

/** Reads every secret/config `file:` once, refusing missing or oversized files at the line that names them. */
export async function readObjectFiles(loaded: LoadedCompose): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const section of ['secrets', 'configs'] as const) {
    for (const [key, o] of Object.entries(loaded.model[section])) {
      if (o.external || o.file === undefined || out.has(o.file)) continue;
      const pos = loaded.positionOf([section, key, 'file']);
      const where = (message: Message, hint?: Message) =>
        new InputError(pos?.file ?? o.file ?? '', coreMessages.say('core.inputAt', { where: `${section}.${key}.file`, message }), {
          ...(pos ? { line: pos.line } : {}),
          ...(hint ? { hint } : {}),
        });
      let stat;
      try {
        stat = await fs.stat(o.file);
      } catch (e) {
        throw where(
          (e as NodeJS.ErrnoException).code === 'ENOENT'
            ? M.say('stack.objectFile.missing', { file: o.file })
            : M.say('stack.objectFile.unreadable', { file: o.file, error: messageOf(e) }),
          M.say('stack.objectFile.relative.hint'),
        );
      }
      if (!stat.isFile()) throw where(M.say('stack.objectFile.notFile', { file: o.file }));
      if (stat.size > MAX_OBJECT_BYTES) throw where(M.say('stack.objectFile.tooBig', { file: o.file, size: stat.size, section }));
      try {
        out.set(o.file, await fs.readFile(o.file));
      } catch (e) {
        throw where(M.say('stack.objectFile.unreadable', { file: o.file, error: messageOf(e) }));
      }
    }
  }
  return out;
}

/** Everything that needs no engine: name check, load, lint gate, conversion. */
export async function prepareStack(req: DeployRequest): Promise<PreparedStack> {
  validateStackName(req.stack);
  const loaded = await loadCompose(req.files, { cwd: req.cwd, env: req.env, ...(req.envFile !== undefined ? { envFile: req.envFile } : {}) });
  const findings = runRules(loaded, selectRules({ skip: req.skipRules ?? [] }));
  const blocking = findings.filter((f) => !f.waived && atLeast(f.severity, req.failOn));
  const fileData = await readObjectFiles(loaded);
  const spec = convertStack({
    stack: req.stack,
    loaded,
    cwd: req.cwd,
    env: req.env,
    fileData,
    ...(req.env.HOME !== undefined ? { home: req.env.HOME } : {}),
  });
  return { loaded, gate: { findings, blocking }, spec };
}

/** Refuses unless the engine is a Swarm manager: stacks live in the Swarm control plane. */
export async function requireSwarmManager(docker: Docker): Promise<void> {
  const info = await readInfo(docker);
  if (info.Swarm.LocalNodeState !== 'active') {
    throw new EngineError(M.say('stack.notSwarm'), { hint: M.say('stack.notSwarm.hint') });
  }
  if (!info.Swarm.ControlAvailable) {
    throw new EngineError(M.say('stack.notManager'), { hint: M.say('stack.notManager.hint') });
  }
}

export async function planDeploy(docker: Docker, spec: StackSpec, req: Pick<DeployRequest, 'prune' | 'resolveImage'>) {
  const cluster = await readClusterObjects(docker);
  const plan: DeployPlan = computePlan(spec, cluster, { prune: req.prune, resolveImage: req.resolveImage });
  return { cluster, plan };
}
