// `bench fix`: a plan for every WARN, and the safe ones applied on request: audit rules, daemon.json.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { UserError, errorMessage, messageOf } from '../core/errors.js';
import type { CheckContext } from './check.js';
import { AUDITED, ruleWatches, uncoveredUnknown } from './checks/host.js';
import { canonicalPath, localCommand, ruleLines, type HostCommand } from './host-facts.js';
import type { BenchReport, BenchResult } from './runner.js';
import { english, listMessage, type Message } from '../core/message.js';
import { benchMessages as M } from './messages.js';

type HostCommandName = Parameters<HostCommand>[0];

export interface FixStep {
  /** The recommendations' ids in the report's benchmark version. */
  ids: string[];
  /** Their requirements (src/core/references/cis-docker.ts), for texts kept by requirement. */
  checks?: string[];
  kind: 'audit' | 'daemon' | 'file' | 'swarm' | 'manual';
  /** What to do, in English: the message below, or the remediation of the recommendation (its text kept by requirement). */
  action: string;
  /** The step by message id, when it is one of the plan's own (audit rules, daemon.json, a dockerd flag). */
  message?: Message;
}

const step = (ids: string[], kind: FixStep['kind'], message: Message): FixStep => ({ ids, kind, action: english(message), message });

/** Daemon.json keys that remedy a WARN, by requirement (the same key whatever a version numbers it). Applying them needs a daemon restart. */
const DAEMON_KEYS: Record<string, [string, unknown]> = {
  '2.2': ['icc', false],
  '2.14': ['no-new-privileges', true],
  '2.15': ['live-restore', true],
  '2.16': ['userland-proxy', false],
};

/** The requirements `--apply daemon` can turn from WARN to PASS. */
export const DAEMON_FIX_IDS = Object.keys(DAEMON_KEYS);

/** The dockerd flag that sets each daemon.json key: a key set both ways makes dockerd refuse to start. */
export const KEY_FLAGS: Record<string, string> = {
  icc: '--icc',
  'no-new-privileges': '--no-new-privileges',
  'live-restore': '--live-restore',
  'userland-proxy': '--userland-proxy',
};

/** The argument that sets `flag` on the dockerd command line ("--icc=true", "--icc"), if any. */
export function flagOnCommandLine(argv: readonly string[] | null, flag: string): string | undefined {
  return (argv ?? []).slice(1).find((a) => a === flag || a.startsWith(`${flag}=`));
}

/** The daemon.json dockerd reads: its --config-file, else the default (a rootless engine's is ~/.config/docker/daemon.json). */
export function daemonConfigPath(argv: readonly string[] | null, fallback = '/etc/docker/daemon.json'): string {
  const args = argv ?? [];
  const i = args.findIndex((a) => a === '--config-file' || a.startsWith('--config-file='));
  if (i < 0) return fallback;
  const arg = args[i]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : (args[i + 1] ?? fallback);
}

/** The daemon.json of the engine this context benchmarks. */
export const daemonJsonOf = (ctx: CheckContext): string => daemonConfigPath(ctx.host.daemon.argv, ctx.host.rootless?.configFile);

/** The requirement a result states (results of reports before versions carried none: their id). */
const requirementOf = (r: BenchResult): string => r.check ?? r.id;

/** The WARNs daemon.json can fix, split into keys to write and keys dockerd already takes as flags (manual). */
export function daemonFixes(
  ctx: CheckContext,
  report: BenchReport,
): { write: { id: string; key: string; value: unknown }[]; manual: { id: string; key: string; value: unknown; flag: string }[] } {
  const warned = report.results.filter(
    (r) => r.verdict === 'WARN' && DAEMON_KEYS[requirementOf(r)] !== undefined && !(requirementOf(r) === '2.15' && ctx.snapshot.swarm !== null),
  );
  const write: { id: string; key: string; value: unknown }[] = [];
  const manual: { id: string; key: string; value: unknown; flag: string }[] = [];
  for (const r of warned) {
    const [key, value] = DAEMON_KEYS[requirementOf(r)]!;
    const flag = flagOnCommandLine(ctx.host.daemon.argv, KEY_FLAGS[key]!);
    if (flag !== undefined) manual.push({ id: r.id, key, value, flag });
    else write.push({ id: r.id, key, value });
  }
  return { write, manual };
}

function flagEdit(m: { key: string; value: unknown; flag: string }): Message {
  return M.say('bench.fix.flag', { flag: m.flag, key: m.key, setting: `${KEY_FLAGS[m.key]}=${String(m.value)}` });
}

export const AUDIT_RULES_FILE = 'rules.d/docker.rules';

/**
 * The audit rule lines for every audited path that exists on this host and is not yet watched: the WARNs, and
 * the paths no rules file covers when the loaded rules could not be read (INFO "could not check").
 */
export function auditRulesFor(ctx: CheckContext, report: BenchReport): { id: string; path: string; line: string }[] {
  const results = new Map(report.results.map((r) => [requirementOf(r), r]));
  const out: { id: string; path: string; line: string }[] = [];
  for (const a of AUDITED) {
    const p = a.path(ctx);
    const r = results.get(a.id);
    // Not run, or not applicable to this engine (rootless): no rule to write.
    if (!p || !r || r.notApplicable !== undefined) continue;
    const exists = ctx.host.files[p]?.exists !== false;
    if (r.verdict !== 'WARN' && !(r.verdict === 'INFO' && exists && uncoveredUnknown(ctx, p))) continue;
    // Already loaded: the WARN is about auditing being off, and loading the rule again fails ("Rule exists").
    if (ctx.host.audit.loaded && ruleWatches(ctx.host.audit.loaded, p)) continue;
    if (out.some((o) => o.path === p)) continue;
    out.push({ id: r.id, path: p, line: ruleLine(p, a.dir === true) });
  }
  return out;
}

function ruleLine(p: string, dir: boolean): string {
  return dir ? `-a exit,always -F path=${p} -F perm=war -k docker` : `-w ${p} -p rwxa -k docker`;
}

/**
 * The rules to write: each warned path as the benchmark names it, plus the file it really is (`readlink -f`,
 * resolved under `root`): a watch on /usr/bin/runc → ../sbin/runc does not cover the binary dockerd runs.
 */
export async function resolvedAuditRules(ctx: CheckContext, report: BenchReport, root = '/'): Promise<{ id: string; path: string; line: string }[]> {
  const out: { id: string; path: string; line: string }[] = [];
  for (const r of auditRulesFor(ctx, report)) {
    out.push(r);
    const real = await canonicalPath(root, r.path);
    if (real !== r.path && !out.some((x) => x.path === real)) {
      const dir = AUDITED.find((a) => a.path(ctx) === r.path)?.dir === true;
      out.push({ id: r.id, path: real, line: ruleLine(real, dir) });
    }
  }
  return out;
}

/** Loaded rules for the benchmark's paths that no rules file holds: they vanish at the next reboot. */
export function runtimeOnlyRules(ctx: CheckContext): string[] {
  const loaded = ctx.host.audit.loaded ?? [];
  const persisted = ctx.host.audit.files.flatMap((f) => f.lines);
  const out: string[] = [];
  for (const a of AUDITED) {
    const p = a.path(ctx);
    if (!p || ruleWatches(persisted, p)) continue;
    for (const line of loaded) if (ruleWatches([line], p) && !out.includes(line)) out.push(line);
  }
  return out;
}

export function fixPlan(ctx: CheckContext, report: BenchReport): FixStep[] {
  const warned = report.results.filter((r) => r.verdict === 'WARN');
  const steps: FixStep[] = [];
  const rules = auditRulesFor(ctx, report);
  if (rules.length > 0) {
    steps.push(
      step(
        rules.map((r) => r.id),
        'audit',
        M.say('bench.fix.audit', { file: `/etc/audit/${AUDIT_RULES_FILE}`, rules: rules.map((r) => `    ${r.line}`).join('\n') }),
      ),
    );
  }
  const { write, manual } = daemonFixes(ctx, report);
  const configFile = daemonJsonOf(ctx);
  if (write.length > 0) {
    steps.push(
      step(
        write.map((r) => r.id),
        'daemon',
        M.say('bench.fix.daemon', { file: configFile, json: JSON.stringify(Object.fromEntries(write.map((r) => [r.key, r.value]))) }),
      ),
    );
  }
  for (const m of manual) steps.push(step([m.id], 'manual', flagEdit(m)));
  const daemon = [...write, ...manual];
  for (const r of warned) {
    if (rules.some((x) => x.id === r.id) || daemon.some((x) => x.id === r.id)) continue;
    const kind: FixStep['kind'] = r.id.startsWith('3.') ? 'file' : r.id.startsWith('7.') ? 'swarm' : 'manual';
    steps.push({ ids: [r.id], checks: [requirementOf(r)], kind, action: r.remediation });
  }
  return steps;
}

/**
 * The checks an applied fix can change, among those the report ran, whatever their verdict before: every audit
 * check for `audit` (a rule written or loaded, a rules file rewritten), every daemon.json check for `daemon`.
 */
export function affectedChecks(apply: readonly string[], report: BenchReport): string[] {
  const touched = new Set([...(apply.includes('audit') ? AUDITED.map((a) => a.id) : []), ...(apply.includes('daemon') ? DAEMON_FIX_IDS : [])]);
  return report.results.filter((r) => touched.has(requirementOf(r))).map((r) => r.id);
}

export interface RerunChange {
  id: string;
  before: string;
  after: string;
}

/** Before and after of the re-run checks: WARNs fixed, checks made worse (now WARN), WARNs left, and every change. */
export function compareRuns(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): { checks: number; fixed: string[]; worse: string[]; stillWarn: string[]; changed: RerunChange[] } {
  const ids = Object.keys(after);
  const was = (id: string) => before[id] ?? '-';
  return {
    checks: ids.length,
    fixed: ids.filter((id) => was(id) === 'WARN' && after[id] !== 'WARN'),
    worse: ids.filter((id) => was(id) !== 'WARN' && after[id] === 'WARN'),
    stillWarn: ids.filter((id) => was(id) === 'WARN' && after[id] === 'WARN'),
    changed: ids.filter((id) => was(id) !== after[id]).map((id) => ({ id, before: was(id), after: after[id]! })),
  };
}

/** One line on a re-run: "re-run of 16 affected check(s): 14 WARN fixed; worse: 1.1.4 (PASS → WARN); still WARN: 1.1.8". */
export function rerunSummary(c: ReturnType<typeof compareRuns>): string {
  const warned = c.fixed.length + c.stillWarn.length;
  const parts = [`re-run of ${c.checks} affected check(s): ${c.fixed.length}/${warned} WARN fixed${c.fixed.length > 0 ? ` (${c.fixed.join(', ')})` : ''}`];
  const arrow = (id: string) => {
    const ch = c.changed.find((x) => x.id === id);
    return ch ? `${id} (${ch.before} → ${ch.after})` : id;
  };
  if (c.worse.length > 0) parts.push(`worse: ${c.worse.map(arrow).join(', ')}`);
  if (c.stillWarn.length > 0) parts.push(`still WARN: ${c.stillWarn.join(', ')}`);
  return parts.join('; ');
}

export interface ApplyResult {
  file: string;
  backup: string | null;
  added: string[];
  loaded: boolean;
  /** What was done, in English (the JSON's `message`), and by id (`said`, printed in the reader's language). */
  message: string;
  said: Message;
}

/** A result with its English and its message. */
const result = (r: Omit<ApplyResult, 'message' | 'said'>, said: Message): ApplyResult => ({ ...r, message: english(said), said });

/**
 * Writes the missing audit rules (idempotent, atomic, with a backup) and loads them where the kernel allows:
 * rules for the warned paths and the files they resolve to, and the loaded rules no file persists yet.
 */
export async function applyAudit(
  ctx: CheckContext,
  report: BenchReport,
  auditDir = '/etc/audit',
  load = true,
  root = '/',
  command: HostCommand = localCommand,
): Promise<ApplyResult> {
  const file = path.join(auditDir, AUDIT_RULES_FILE);
  const wanted = await resolvedAuditRules(ctx, report, root);
  let existing = '';
  try {
    existing = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(M.say('bench.fix.unreadable', { file, error: messageOf(e) }));
  }
  const have = existing.split('\n').map((l) => l.trim());
  const added = wanted.filter((r) => !ruleWatches(have, r.path)).map((r) => r.line);
  for (const line of runtimeOnlyRules(ctx)) if (!have.includes(line) && !added.includes(line)) added.push(line);
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
  if (!load) return result({ file, backup, added, loaded: false }, M.say('bench.fix.wrote.noLoad', { count: added.length, file }));
  // The host's own tools load the rules: augenrules merges rules.d into audit.rules and loads it, auditctl -R loads
  // just this file. Under a host root (a node job) they run on the host and see host paths.
  const onHost = (p: string) => (root === '/' ? p : path.posix.join('/', path.relative(root, p)));
  const attempts: [HostCommandName, string[]][] =
    onHost(auditDir) === '/etc/audit'
      ? [
          ['augenrules', ['--load']],
          ['auditctl', ['-R', onHost(file)]],
        ]
      : [['auditctl', ['-R', onHost(file)]]];
  const errors: string[] = [];
  for (const [cmd, args] of attempts) {
    try {
      await command(cmd, args);
      return result({ file, backup, added, loaded: true }, M.say('bench.fix.wrote.loaded', { count: added.length, file, command: `${cmd} ${args.join(' ')}` }));
    } catch (e) {
      errors.push(`${cmd}: ${errorMessage(e).split('\n')[0]}`);
    }
  }
  // A loader that failed on "Rule exists" (a rule of the file already in the kernel: loaded by hand before, or by
  // another node on the same kernel, perhaps while this one was loading) stops at that line: auditctl -R loads nothing
  // after it. Where the kernel lists its rules, those it still lacks are loaded one by one; what counts is the loaded
  // list. A listing that fails is asked once more (a node job asks through a helper container).
  const listLoaded = () => command('auditctl', ['-l']).then(ruleLines, () => null);
  let loadedNow = (await listLoaded()) ?? (await listLoaded());
  const missing = loadedNow === null ? [] : wanted.filter((r) => !ruleWatches(loadedNow ?? [], r.path));
  if (missing.length > 0) {
    for (const r of missing) {
      await command('auditctl', r.line.split(/\s+/)).catch((e: unknown) => {
        // The same refusal as the loaders' is said once.
        const why = errorMessage(e).split('\n')[0] ?? '';
        if (!errors.some((x) => x.endsWith(`: ${why}`))) errors.push(`auditctl ${r.line}: ${why}`);
      });
    }
    loadedNow = (await listLoaded()) ?? (await listLoaded());
  }
  if (loadedNow !== null && wanted.length > 0 && wanted.every((r) => ruleWatches(loadedNow ?? [], r.path))) {
    return result({ file, backup, added, loaded: true }, M.say('bench.fix.wrote.loadedAnyway', { count: added.length, file, errors: errors.join('; ') }));
  }
  return result({ file, backup, added, loaded: false }, M.say('bench.fix.wrote.notLoaded', { count: added.length, file, errors: errors.join('; ') }));
}

/**
 * Merges the daemon.json keys the WARNs call for, with a backup, into the file dockerd reads (its --config-file
 * unless `file` is given). Keys dockerd already takes as command-line flags are left out and returned as manual
 * steps: dockerd refuses to start when a setting is both a flag and in the file. The daemon must be restarted.
 */
export async function applyDaemon(ctx: CheckContext, report: BenchReport, file?: string): Promise<ApplyResult & { manual: string[] }> {
  const target = file ?? daemonJsonOf(ctx);
  const { write, manual } = daemonFixes(ctx, report);
  const manualSteps = manual.map((m) => english(flagEdit(m)));
  let existing = '';
  let current: Record<string, unknown> = {};
  try {
    existing = await fs.readFile(target, 'utf8');
    const parsed = JSON.parse(existing) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    current = parsed as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new UserError(M.say('bench.fix.badJson', { file: target, error: messageOf(e) }), { hint: M.say('bench.fix.badJson.hint') });
  }
  const added: string[] = [];
  for (const { key, value } of write) {
    if (current[key] !== value) {
      current[key] = value;
      added.push(`${key}: ${JSON.stringify(value)}`);
    }
  }
  let backup: string | null = null;
  if (added.length > 0) {
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (existing !== '') {
      backup = `${target}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await fs.writeFile(backup, existing);
    }
    await writeFileAtomic(target, `${JSON.stringify(current, null, 2)}\n`, 0o644);
  }
  const lines = [added.length > 0 ? M.say('bench.fix.merged', { keys: added.join(', '), file: target }) : M.say('bench.fix.alreadyHas', { file: target })];
  for (const m of manual) lines.push(M.say('bench.fix.manualStep', { step: flagEdit(m) }));
  return { ...result({ file: target, backup, added, loaded: false }, listMessage(lines, '\n')), manual: manualSteps };
}
