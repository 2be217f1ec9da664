// Audit runs over time: score, findings with their targets, coverage, per-node benchmark results and the shape of
// the swarm (services, nodes, overlays) at that moment. Kept in the history file beside the scans, in tables of
// its own with a schema version of its own (the scans table owns PRAGMA user_version).
import { UserError, messageOf } from '../core/errors.js';
import type { SqlDatabase } from '../core/sqlite.js';
import { countBySeverity, type Finding, type SeverityCounts } from '../core/finding.js';
import { notesData, type Message } from '../core/message.js';
import { notesFromData, readBackFinding } from '../core/message-data.js';
import { SEVERITIES, isSeverity, severityRank, type Verdict } from '../core/severity.js';
import type { EngineConnection } from '../engine/connection.js';
import { toolVersion } from '../core/version.js';
import { defaultHistoryPath } from './store.js';
import { listNetworks, listNodes, listServices } from '../engine/api.js';
import type { EngineNetworkModel, EngineNodeModel, EngineServiceModel } from '../engine/models.js';
import { parseOverlayNetwork } from '../network/overlay.js';
import { tryParseImageReference } from '../core/image-reference.js';
import { sayOnStderr } from '../i18n/user-errors.js';
import { say } from './messages.js';
import { coreMessages } from '../core/messages.js';
import { openHistoryFile } from './open.js';

export interface ServiceState {
  id: string;
  name: string;
  stack: string | null;
  /** The image reference without its digest. */
  image: string;
  /** The digest the service is pinned to (`…@sha256:`), when the spec carries one. */
  digest: string | null;
  mode: 'replicated' | 'global';
  /** Desired replicas (replicated mode only). */
  replicas: number | null;
  /** Running tasks when the audit looked, if the engine said. */
  running: number | null;
  networks: { name: string; encrypted: boolean }[];
  ports: string[];
}

export interface NodeState {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  leader: boolean;
  availability: string;
  state: string;
  address: string;
  engineVersion: string;
}

export interface NetworkState {
  id: string;
  name: string;
  encrypted: boolean;
  ingress: boolean;
  internal: boolean;
  attachable: boolean;
  services: string[];
}

/** The swarm as the audit saw it. Environment values, secrets and configs are never kept. */
export interface SwarmState {
  services: ServiceState[];
  nodes: NodeState[];
  networks: NetworkState[];
}

/** Benchmark WARNs of one node in one CIS section (the audit reports WARNs; PASS is every other automated check run). */
export interface BenchSectionResult {
  node: string;
  section: string;
  warn: number;
  /** Every verdict of the section, when the run recorded them (runs before that kept WARNs only). */
  verdicts?: { id: string; verdict: Verdict }[];
}

/** One benchmark verdict of one node, as the audit saw it. */
export interface BenchVerdict {
  node: string;
  id: string;
  verdict: Verdict;
}

export interface AuditRunInput {
  finishedAt: string;
  score: number;
  findings: readonly Finding[];
  coverage: readonly string[];
  checked: readonly string[];
  state: SwarmState;
  toolVersion: string;
  /** Every benchmark verdict (PASS, WARN, INFO, NOTE) per node; without it only the WARN findings are counted. */
  benchVerdicts?: readonly BenchVerdict[];
}

export interface AuditRun {
  id: number;
  finishedAt: string;
  score: number;
  counts: SeverityCounts;
  coverage: string[];
  checked: string[];
  state: SwarmState;
  bench: BenchSectionResult[];
  toolVersion: string;
  findingCount: number;
}

export interface StoredFinding {
  runId: number;
  seq: number;
  finding: Finding;
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 90;

/** Schema steps: entry i takes the audit-run tables from version i to i + 1. Append, never edit. */
export const AUDIT_RUN_MIGRATIONS: readonly ((db: SqlDatabase) => void)[] = [
  (db) => {
    db.exec(`
      CREATE TABLE audit_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        finished_at TEXT NOT NULL,
        score INTEGER NOT NULL,
        counts TEXT NOT NULL,
        coverage TEXT NOT NULL,
        checked TEXT NOT NULL,
        state TEXT NOT NULL,
        bench TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        finding_count INTEGER NOT NULL
      );
      CREATE INDEX audit_runs_finished ON audit_runs(finished_at);
      CREATE TABLE audit_findings (
        run_id INTEGER NOT NULL REFERENCES audit_runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        rule_id TEXT NOT NULL,
        severity TEXT NOT NULL,
        category TEXT NOT NULL,
        target_kind TEXT NOT NULL,
        target_name TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      );
      CREATE INDEX audit_findings_target ON audit_findings(run_id, target_kind, target_name);
      CREATE INDEX audit_findings_rule ON audit_findings(rule_id);
    `);
  },
  // 2: the messages the coverage and checked notes were said from, beside their English (src/core/message.ts notesData).
  (db) => {
    db.exec('ALTER TABLE audit_runs ADD COLUMN notes_said TEXT');
  },
];

const SCHEMA_TABLE = 'audit_runs_schema';

/** SQL that sorts a severity column most severe first, by the one ranking in src/core/severity.ts. */
const SEVERITY_ORDER = (column: string): string => `CASE ${column} ${SEVERITIES.map((s) => `WHEN '${s}' THEN ${-severityRank(s)}`).join(' ')} ELSE 1 END`;

function readVersion(db: SqlDatabase): number {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(SCHEMA_TABLE);
  if (!exists) return 0;
  const row = db.prepare(`SELECT version FROM ${SCHEMA_TABLE}`).get() as { version: unknown } | undefined;
  return typeof row?.version === 'number' ? row.version : 0;
}

/** The audit-run tables' version; a version newer than `known` (a newer swarmguard wrote the file) is refused. */
function knownVersion(db: SqlDatabase, file: string, known: number): number {
  const version = readVersion(db);
  if (version > known) throw new UserError(say('history.audit.newer', { file, version }), { hint: coreMessages.say('core.upgrade.hint') });
  return version;
}

/** Brings the audit-run tables to the newest version, one step per transaction; a failed step leaves the file as it was. */
export function migrateAuditRuns(db: SqlDatabase, file: string, migrations: readonly ((db: SqlDatabase) => void)[] = AUDIT_RUN_MIGRATIONS): number {
  let version = knownVersion(db, file, migrations.length);
  while (version < migrations.length) {
    const step = migrations[version]!;
    const next = version + 1;
    try {
      db.transaction(() => {
        step(db);
        db.exec(`CREATE TABLE IF NOT EXISTS ${SCHEMA_TABLE} (version INTEGER NOT NULL)`);
        db.exec(`DELETE FROM ${SCHEMA_TABLE}`);
        db.prepare(`INSERT INTO ${SCHEMA_TABLE} (version) VALUES (?)`).run(next);
      });
    } catch (e) {
      throw new UserError(say('history.audit.upgradeFailed', { file, next, error: messageOf(e) }), {
        hint: say('history.audit.upgradeFailed.hint'),
      });
    }
    version = next;
  }
  return version;
}

/** The name a finding's target is filed under (service name, node hostname, image ref…). */
export function targetName(f: Finding): string {
  const t = f.target;
  switch (t.kind) {
    case 'file':
    case 'host':
      return t.kind === 'file' ? t.path : (t.hostname ?? t.path ?? '');
    case 'image':
      return t.ref;
    case 'container':
      return t.name;
    case 'service':
    case 'network':
      return t.name;
    case 'task':
      return t.service ?? t.id;
    case 'node':
      return t.hostname;
    case 'engine':
      return t.endpoint;
    case 'swarm':
      return t.id ?? '';
  }
}

/** CIS section of a benchmark id: "5.12" → "5", "1.1.3" → "1.1". */
export function benchSection(id: string): string {
  const parts = id.split('.');
  return parts[0] === '1' && parts.length === 3 ? parts.slice(0, 2).join('.') : (parts[0] ?? id);
}

export function benchBySection(findings: readonly Finding[], verdicts: readonly BenchVerdict[] = []): BenchSectionResult[] {
  const m = new Map<string, BenchSectionResult>();
  for (const v of verdicts) {
    const key = `${v.node}\u0000${benchSection(v.id)}`;
    const cur = m.get(key) ?? { node: v.node, section: benchSection(v.id), warn: 0, verdicts: [] };
    cur.verdicts?.push({ id: v.id, verdict: v.verdict });
    if (v.verdict === 'WARN') cur.warn += 1;
    m.set(key, cur);
  }
  if (verdicts.length > 0) return [...m.values()].sort((a, b) => a.node.localeCompare(b.node) || a.section.localeCompare(b.section, 'en', { numeric: true }));
  for (const f of findings) {
    if (f.category !== 'bench' || f.verdict !== 'WARN') continue;
    const node = f.target.kind === 'node' ? f.target.hostname : f.target.kind === 'host' ? (f.target.hostname ?? '') : '';
    const section = benchSection(f.id);
    const key = `${node}\u0000${section}`;
    const cur = m.get(key) ?? { node, section, warn: 0 };
    cur.warn += 1;
    m.set(key, cur);
  }
  return [...m.values()].sort((a, b) => a.node.localeCompare(b.node) || a.section.localeCompare(b.section, 'en', { numeric: true }));
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The swarm's shape from the engine's typed lists (src/engine/models.ts). Env values, secrets and configs stay behind. */
export function swarmStateOf(raw: {
  networks: readonly EngineNetworkModel[];
  services: readonly EngineServiceModel[];
  nodes: readonly EngineNodeModel[];
}): SwarmState {
  const overlays = raw.networks.map(parseOverlayNetwork).filter((n) => n !== undefined);
  const byId = new Map(overlays.map((n) => [n.id, n]));
  const attached = new Map<string, string[]>();
  const services: ServiceState[] = raw.services.map((svc) => {
    const spec = svc.Spec;
    const image = spec.TaskTemplate.ContainerSpec.Image;
    const at = image.lastIndexOf('@');
    const name = spec.Name;
    const replicated = isRecord(spec.Mode.Replicated) ? spec.Mode.Replicated : undefined;
    const nets = [...spec.TaskTemplate.Networks, ...spec.Networks].map((n) => n.Target);
    const networks = [...new Set(nets)].map((id) => {
      const n = byId.get(id) ?? overlays.find((o) => o.name === id);
      if (n) attached.set(n.id, [...(attached.get(n.id) ?? []), name]);
      return { name: n?.name ?? id, encrypted: n?.encrypted ?? false };
    });
    const ports = svc.Endpoint.Ports.map(
      (p) => `${String(p.PublishedPort ?? '')}:${p.TargetPort}/${p.Protocol || 'tcp'}${p.PublishMode === 'host' ? ' (host)' : ''}`,
    );
    return {
      id: svc.ID,
      name,
      stack: spec.Labels['com.docker.stack.namespace'] || null,
      image: at >= 0 ? image.slice(0, at) : image,
      digest: at >= 0 ? (tryParseImageReference(image)?.digest ?? null) : null,
      mode: 'Global' in spec.Mode ? 'global' : 'replicated',
      replicas: typeof replicated?.Replicas === 'number' ? replicated.Replicas : null,
      running: svc.ServiceStatus ? svc.ServiceStatus.RunningTasks : null,
      networks,
      ports,
    };
  });
  // The routing mesh attaches every service with published ports to ingress.
  const ingress = overlays.find((n) => n.ingress);
  if (ingress)
    attached.set(ingress.id, [...(attached.get(ingress.id) ?? []), ...services.filter((s) => s.ports.some((p) => !p.endsWith('(host)'))).map((s) => s.name)]);
  const nodes: NodeState[] = raw.nodes.map((node) => ({
    id: node.ID,
    hostname: node.Description.Hostname,
    role: node.Spec.Role === 'manager' ? 'manager' : 'worker',
    leader: node.ManagerStatus?.Leader === true,
    availability: node.Spec.Availability,
    state: node.Status.State,
    address: node.Status.Addr,
    engineVersion: node.Description.Engine.EngineVersion,
  }));
  const networks: NetworkState[] = overlays.map((n) => ({
    id: n.id,
    name: n.name,
    encrypted: n.encrypted,
    ingress: n.ingress,
    internal: n.internal,
    attachable: n.attachable,
    services: [...new Set(attached.get(n.id) ?? [])].sort(),
  }));
  return { services, nodes, networks };
}

interface RunRow {
  id: number;
  finished_at: string;
  score: number;
  counts: string;
  coverage: string;
  checked: string;
  state: string;
  bench: string;
  tool_version: string;
  finding_count: number;
  /** { coverage, checked }: each note's message, aligned with the English columns; null in runs kept before schema 2. */
  notes_said?: string | null;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function toRun(r: RunRow): AuditRun {
  const said = parseJson<{ coverage?: unknown; checked?: unknown } | null>(r.notes_said ?? 'null', null);
  const notes = (column: string, kept: unknown): string[] => notesFromData(parseJson<unknown>(column, []), kept);
  return {
    id: r.id,
    finishedAt: r.finished_at,
    score: r.score,
    counts: parseJson<SeverityCounts>(r.counts, countBySeverity([])),
    coverage: notes(r.coverage, said?.coverage),
    checked: notes(r.checked, said?.checked),
    state: parseJson<SwarmState>(r.state, { services: [], nodes: [], networks: [] }),
    bench: parseJson<BenchSectionResult[]>(r.bench, []),
    toolVersion: r.tool_version,
    findingCount: r.finding_count,
  };
}

export interface FindingQuery {
  runId: number;
  targetKind?: Finding['target']['kind'];
  targetName?: string;
  category?: string;
  ruleId?: string;
  severities?: readonly string[];
  offset?: number;
  limit?: number;
}

export class AuditRunStore {
  private readonly db: SqlDatabase;

  private constructor(
    readonly file: string,
    db: SqlDatabase,
  ) {
    this.db = db;
  }

  /** Opens (and creates or upgrades) the audit-run tables of a history file. `readonly` never creates or upgrades. */
  static open(file: string, options: { readonly?: boolean } = {}): AuditRunStore {
    const db = openHistoryFile(file, { readonly: options.readonly === true, foreignKeys: true, store: 'audit' });
    try {
      if (options.readonly) knownVersion(db, file, AUDIT_RUN_MIGRATIONS.length);
      else migrateAuditRuns(db, file);
    } catch (e) {
      db.close();
      if (e instanceof UserError) throw e;
      throw new UserError(say('history.audit.notHistory', { file, error: messageOf(e) }), { hint: say('history.audit.notHistory.hint') });
    }
    return new AuditRunStore(file, db);
  }

  /** True when the file has audit-run tables (a read-only store on a file no audit wrote has none). */
  get hasAuditRuns(): boolean {
    return readVersion(this.db) > 0;
  }

  record(run: AuditRunInput): number {
    const counts = countBySeverity(run.findings);
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          'INSERT INTO audit_runs (finished_at, score, counts, coverage, checked, state, bench, tool_version, finding_count, notes_said) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          run.finishedAt,
          run.score,
          JSON.stringify(counts),
          JSON.stringify(run.coverage),
          JSON.stringify(run.checked),
          JSON.stringify(run.state),
          JSON.stringify(benchBySection(run.findings, run.benchVerdicts)),
          run.toolVersion,
          run.findings.length,
          JSON.stringify({ coverage: notesData(run.coverage), checked: notesData(run.checked) }),
        );
      const id = Number(info.lastInsertRowid);
      const add = this.db.prepare(
        'INSERT INTO audit_findings (run_id, seq, rule_id, severity, category, target_kind, target_name, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      run.findings.forEach((f, i) => add.run(id, i, f.id, f.severity, f.category, f.target.kind, targetName(f), JSON.stringify(f)));
      return id;
    });
  }

  /** Deletes runs finished more than `days` days before `now`; the newest run is always kept. Returns how many went. */
  prune(days: number, now: Date = new Date()): number {
    if (!Number.isFinite(days) || days <= 0) return 0;
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    const info = this.db.prepare('DELETE FROM audit_runs WHERE finished_at < ? AND id <> (SELECT MAX(id) FROM audit_runs)').run(cutoff);
    return Number(info.changes);
  }

  get(id: number): AuditRun | undefined {
    if (!this.hasAuditRuns) return undefined;
    const r = this.db.prepare('SELECT * FROM audit_runs WHERE id = ?').get(id) as RunRow | undefined;
    return r ? toRun(r) : undefined;
  }

  latest(): AuditRun | undefined {
    if (!this.hasAuditRuns) return undefined;
    const r = this.db.prepare('SELECT * FROM audit_runs ORDER BY id DESC LIMIT 1').get() as RunRow | undefined;
    return r ? toRun(r) : undefined;
  }

  previous(id: number): AuditRun | undefined {
    if (!this.hasAuditRuns) return undefined;
    const r = this.db.prepare('SELECT * FROM audit_runs WHERE id < ? ORDER BY id DESC LIMIT 1').get(id) as RunRow | undefined;
    return r ? toRun(r) : undefined;
  }

  /** Newest first. */
  list(limit = 50, offset = 0): AuditRun[] {
    if (!this.hasAuditRuns) return [];
    return (this.db.prepare('SELECT * FROM audit_runs ORDER BY id DESC LIMIT ? OFFSET ?').all(clampLimit(limit), Math.max(0, offset)) as RunRow[]).map(toRun);
  }

  count(): number {
    if (!this.hasAuditRuns) return 0;
    return (this.db.prepare('SELECT COUNT(*) AS n FROM audit_runs').get() as { n: number }).n;
  }

  findings(q: FindingQuery): { total: number; items: StoredFinding[] } {
    if (!this.hasAuditRuns) return { total: 0, items: [] };
    const conditions: [string, (string | number)[]][] = [['run_id = ?', [q.runId]]];
    if (q.targetKind) conditions.push(['target_kind = ?', [q.targetKind]]);
    if (q.targetName !== undefined) conditions.push(['target_name = ?', [q.targetName]]);
    if (q.category) conditions.push(['category = ?', [q.category]]);
    if (q.ruleId) conditions.push(['rule_id = ?', [q.ruleId]]);
    const sevs = (q.severities ?? []).filter(isSeverity);
    if (sevs.length > 0) conditions.push([`severity IN (${sevs.map(() => '?').join(',')})`, sevs]);
    const where = conditions.map(([c]) => c);
    const args = conditions.flatMap(([, a]) => a);
    const clause = where.join(' AND ');
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM audit_findings WHERE ${clause}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT run_id, seq, body FROM audit_findings WHERE ${clause}
         ORDER BY ${SEVERITY_ORDER('severity')}, rule_id, seq LIMIT ? OFFSET ?`,
      )
      .all(...args, clampLimit(q.limit ?? 50), Math.max(0, q.offset ?? 0)) as { run_id: number; seq: number; body: string }[];
    return { total, items: rows.map((r) => ({ runId: r.run_id, seq: r.seq, finding: readBackFinding(JSON.parse(r.body) as Finding) })) };
  }

  /**
   * What changed between two runs: findings of `runId` whose identity (rule, target, package) `previousId` did not
   * have, and the count of those that went away. At most `limit` new findings are returned, most severe first.
   */
  changes(runId: number, previousId: number, limit = 20): { added: StoredFinding[]; addedTotal: number; resolvedTotal: number } {
    if (!this.hasAuditRuns) return { added: [], addedTotal: 0, resolvedTotal: 0 };
    const key = "rule_id || '|' || target_kind || '|' || target_name || '|' || COALESCE(json_extract(body, '$.vulnerability.package'), '')";
    const only = (a: number, b: number) =>
      `FROM audit_findings f WHERE f.run_id = ${a} AND ${key.replace(/(rule_id|target_kind|target_name|body)/g, 'f.$1')} NOT IN (SELECT ${key} FROM audit_findings WHERE run_id = ${b})`;
    const a = Math.trunc(runId);
    const b = Math.trunc(previousId);
    const addedTotal = (this.db.prepare(`SELECT COUNT(*) AS n ${only(a, b)}`).get() as { n: number }).n;
    const resolvedTotal = (this.db.prepare(`SELECT COUNT(*) AS n ${only(b, a)}`).get() as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT f.run_id, f.seq, f.body ${only(a, b)} ORDER BY ${SEVERITY_ORDER('f.severity')}, f.rule_id LIMIT ?`)
      .all(clampLimit(limit)) as { run_id: number; seq: number; body: string }[];
    return { added: rows.map((r) => ({ runId: r.run_id, seq: r.seq, finding: readBackFinding(JSON.parse(r.body) as Finding) })), addedTotal, resolvedTotal };
  }

  /** Severity counts of the findings on one target in one run. */
  countsFor(runId: number, targetKind: string, targetName: string): SeverityCounts {
    const counts = countBySeverity([]);
    if (!this.hasAuditRuns) return counts;
    const rows = this.db
      .prepare('SELECT severity, COUNT(*) AS n FROM audit_findings WHERE run_id = ? AND target_kind = ? AND target_name = ? GROUP BY severity')
      .all(runId, targetKind, targetName) as { severity: string; n: number }[];
    for (const r of rows) if (isSeverity(r.severity)) counts[r.severity] = r.n;
    return counts;
  }

  /** The history's change counter: moves whenever any connection commits (scans included). */
  dataVersion(): number {
    return this.db.dataVersion();
  }

  close(): void {
    this.db.close();
  }
}

function clampLimit(n: number): number {
  return Math.max(1, Math.min(Number.isFinite(n) ? Math.trunc(n) : 50, 500));
}

/** The retention setting: $SWARMGUARD_AUDIT_RETENTION_DAYS, default 90 days. */
export function auditRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SWARMGUARD_AUDIT_RETENTION_DAYS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_AUDIT_RETENTION_DAYS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    throw new UserError(say('history.audit.retention', { raw }), { hint: say('history.audit.retention.hint') });
  }
  return n;
}

/**
 * Keeps one finished `audit` in the history (`$SWARMGUARD_HISTORY`), with the swarm's shape read once more (three
 * typed list calls), then prunes runs past the retention. A history that cannot be written is reported, not fatal.
 */
export async function recordAuditRun(
  conn: EngineConnection,
  result: { findings: readonly Finding[]; coverage: readonly string[]; checked: readonly string[]; score: number; bench?: readonly BenchVerdict[] },
  options: { file?: string; log?: (m: Message) => void; now?: Date } = {},
): Promise<number | undefined> {
  const log = options.log ?? sayOnStderr;
  const file = options.file ?? defaultHistoryPath();
  try {
    const docker = conn.docker;
    const [networks, services, nodes] = await Promise.all([
      listNetworks(docker),
      listServices(docker, { status: true }).catch(() => []),
      listNodes(docker).catch(() => []),
    ]);
    const store = AuditRunStore.open(file);
    try {
      const id = store.record({
        finishedAt: (options.now ?? new Date()).toISOString(),
        score: result.score,
        findings: result.findings,
        coverage: result.coverage,
        checked: result.checked,
        state: swarmStateOf({ networks, services, nodes }),
        toolVersion: toolVersion(),
        ...(result.bench ? { benchVerdicts: result.bench } : {}),
      });
      const pruned = store.prune(auditRetentionDays(), options.now);
      log(pruned > 0 ? say('history.audit.recordedPruned', { id, file, count: pruned }) : say('history.audit.recorded', { id, file }));
      return id;
    } finally {
      store.close();
    }
  } catch (e) {
    log(say('history.audit.notKept', { error: messageOf(e) }));
    return undefined;
  }
}
