// `bench fix`: a plan for every WARN, and the safe ones applied on request: audit rules, daemon.json.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../core/atomic-write.js';
import { UserError, errorMessage } from '../core/errors.js';
import type { CheckContext } from './check.js';
import { AUDITED, ruleWatches } from './checks/host.js';
import type { BenchReport } from './runner.js';

const run = promisify(execFile);

export interface FixStep {
  ids: string[];
  kind: 'audit' | 'daemon' | 'file' | 'swarm' | 'manual';
  action: string;
}

/** Daemon.json keys that remedy a WARN. Applying them needs a daemon restart. */
const DAEMON_KEYS: Record<string, [string, unknown]> = {
  '2.2': ['icc', false],
  '2.14': ['no-new-privileges', true],
  '2.15': ['live-restore', true],
  '2.16': ['userland-proxy', false],
};

export const AUDIT_RULES_FILE = 'rules.d/docker.rules';

/** The audit rule lines for every audited path that exists on this host and is not yet watched. */
export function auditRulesFor(ctx: CheckContext, report: BenchReport): { id: string; path: string; line: string }[] {
  const warned = new Set(report.results.filter((r) => r.verdict === 'WARN').map((r) => r.id));
  const out: { id: string; path: string; line: string }[] = [];
  for (const a of AUDITED) {
    if (!warned.has(a.id)) continue;
    const p = a.path(ctx);
    if (!p) continue;
    // Already loaded: the WARN is about auditing being off, and loading the rule again fails ("Rule exists").
    if (ctx.host.audit.loaded && ruleWatches(ctx.host.audit.loaded, p)) continue;
    out.push({ id: a.id, path: p, line: a.dir ? `-a exit,always -F path=${p} -F perm=war -k docker` : `-w ${p} -p rwxa -k docker` });
  }
  return out;
}

export function fixPlan(ctx: CheckContext, report: BenchReport): FixStep[] {
  const warned = report.results.filter((r) => r.verdict === 'WARN');
  const steps: FixStep[] = [];
  const rules = auditRulesFor(ctx, report);
  if (rules.length > 0) {
    steps.push({ ids: rules.map((r) => r.id), kind: 'audit', action: `write /etc/audit/${AUDIT_RULES_FILE}:\n${rules.map((r) => `    ${r.line}`).join('\n')}\n  then \`augenrules --load\`  (--apply audit)` });
  }
  const daemon = warned.filter((r) => DAEMON_KEYS[r.id] !== undefined && !(r.id === '2.15' && ctx.snapshot.swarm !== null));
  if (daemon.length > 0) {
    steps.push({
      ids: daemon.map((r) => r.id),
      kind: 'daemon',
      action: `merge into /etc/docker/daemon.json: ${JSON.stringify(Object.fromEntries(daemon.map((r) => DAEMON_KEYS[r.id]!)))}; restart dockerd  (--apply daemon)`,
    });
  }
  for (const r of warned) {
    if (rules.some((x) => x.id === r.id) || daemon.some((x) => x.id === r.id)) continue;
    const kind: FixStep['kind'] = r.id.startsWith('3.') ? 'file' : r.id.startsWith('7.') ? 'swarm' : 'manual';
    steps.push({ ids: [r.id], kind, action: r.remediation });
  }
  return steps;
}

export interface ApplyResult {
  file: string;
  backup: string | null;
  added: string[];
  loaded: boolean;
  message: string;
}

/** Writes the missing audit rules (idempotent, atomic, with a backup) and loads them where the kernel allows. */
export async function applyAudit(ctx: CheckContext, report: BenchReport, auditDir = '/etc/audit', load = true): Promise<ApplyResult> {
  const file = path.join(auditDir, AUDIT_RULES_FILE);
  const wanted = auditRulesFor(ctx, report);
  let existing = '';
  try {
    existing = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`cannot read ${file}: ${errorMessage(e)}`);
  }
  const have = existing.split('\n').map((l) => l.trim());
  const added = wanted.filter((r) => !ruleWatches(have, r.path)).map((r) => r.line);
  let backup: string | null = null;
  if (added.length > 0) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    if (existing !== '') {
      backup = `${file}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await fs.writeFile(backup, existing, { mode: 0o640 });
    }
    const header = existing === '' ? '# Audit rules for the Docker daemon and its files (CIS Docker Benchmark 1.1.x), written by swarmguard bench fix.\n' : '';
    await writeFileAtomic(file, `${existing}${existing !== '' && !existing.endsWith('\n') ? '\n' : ''}${header}${added.join('\n')}\n`, 0o640);
  }
  if (!load) return { file, backup, added, loaded: false, message: `wrote ${added.length} rule(s) to ${file}; not loaded (--no-load)` };
  // augenrules merges rules.d into audit.rules and loads it; auditctl -R loads just this file.
  const attempts: [string, string[]][] = auditDir === '/etc/audit' ? [['augenrules', ['--load']], ['auditctl', ['-R', file]]] : [['auditctl', ['-R', file]]];
  const errors: string[] = [];
  for (const [cmd, args] of attempts) {
    try {
      await run(cmd, args, { timeout: 20_000 });
      return { file, backup, added, loaded: true, message: `wrote ${added.length} rule(s) to ${file} and loaded them (${cmd} ${args.join(' ')})` };
    } catch (e) {
      errors.push(`${cmd}: ${errorMessage(e).split('\n')[0]}`);
    }
  }
  return {
    file,
    backup,
    added,
    loaded: false,
    message: `wrote ${added.length} rule(s) to ${file}, but could not load them (${errors.join('; ')}): the kernel may have no audit support, or auditd is not installed — the rules apply at the next boot with auditd`,
  };
}

/** Merges the daemon.json keys the WARNs call for, with a backup. The daemon must be restarted. */
export async function applyDaemon(ctx: CheckContext, report: BenchReport, file = '/etc/docker/daemon.json'): Promise<ApplyResult> {
  const warned = report.results.filter((r) => r.verdict === 'WARN' && DAEMON_KEYS[r.id] !== undefined && !(r.id === '2.15' && ctx.snapshot.swarm !== null));
  let existing = '';
  let current: Record<string, unknown> = {};
  try {
    existing = await fs.readFile(file, 'utf8');
    const parsed = JSON.parse(existing) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    current = parsed as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(`${file} is not valid JSON (${errorMessage(e)}): not changing it`, { hint: 'fix the file by hand first' });
  }
  const added: string[] = [];
  for (const r of warned) {
    const [k, v] = DAEMON_KEYS[r.id]!;
    if (current[k] !== v) {
      current[k] = v;
      added.push(`${k}: ${JSON.stringify(v)}`);
    }
  }
  let backup: string | null = null;
  if (added.length > 0) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    if (existing !== '') {
      backup = `${file}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await fs.writeFile(backup, existing);
    }
    await writeFileAtomic(file, `${JSON.stringify(current, null, 2)}\n`, 0o644);
  }
  return { file, backup, added, loaded: false, message: added.length > 0 ? `merged ${added.join(', ')} into ${file}; restart dockerd for them to take effect` : `${file} already has the keys` };
}
