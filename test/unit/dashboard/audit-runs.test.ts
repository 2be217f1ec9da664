import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqlite, type SqlDatabase } from '../../../src/core/sqlite.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import type { Finding } from '../../../src/core/finding.js';
import { HISTORY_SCHEMA_VERSION, HistoryStore } from '../../../src/history/store.js';
import {
  AUDIT_RUN_MIGRATIONS,
  AuditRunStore,
  auditRetentionDays,
  benchBySection,
  benchSection,
  migrateAuditRuns,
  swarmStateOf,
  type AuditRunInput,
} from '../../../src/history/audit-runs.js';
import { EngineDataError, parseNetworkList, parseNodeList, parseServiceList } from '../../../src/engine/models.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-audit-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => path.join(dir, `h${++n}.db`);

const finding = (over: Partial<Finding> & Pick<Finding, 'id' | 'severity' | 'target'>): Finding => ({
  title: over.id,
  category: 'swarm',
  message: `${over.id} here`,
  references: [],
  ...over,
});

const state = swarmStateOf({ networks: [], services: [], nodes: [] });
const run = (findings: Finding[], finishedAt: string, score = 50): AuditRunInput => ({
  finishedAt,
  score,
  findings,
  coverage: ['vulnerability scan: no database'],
  checked: ['live swarm audit'],
  state,
  toolVersion: '0.1.0',
});

describe('AuditRunStore', () => {
  it('records runs and reads them back with counts, findings by target, pagination and severity filter', () => {
    const s = AuditRunStore.open(fresh());
    const fs: Finding[] = [
      finding({ id: 'service-root', severity: 'HIGH', target: { kind: 'service', name: 'web' } }),
      finding({ id: 'no-limits', severity: 'MEDIUM', target: { kind: 'service', name: 'web' } }),
      finding({ id: '5.4', severity: 'HIGH', category: 'bench', verdict: 'WARN', target: { kind: 'node', hostname: 'n1' } }),
      finding({ id: 'CVE-2024-1', severity: 'CRITICAL', category: 'vuln', target: { kind: 'image', ref: 'nginx:1' } }),
    ];
    const a = s.record(run(fs.slice(0, 1), '2026-01-01T00:00:00.000Z', 95));
    const b = s.record(run(fs, '2026-01-02T00:00:00.000Z', 70));
    expect(s.count()).toBe(2);
    expect(s.latest()!.id).toBe(b);
    expect(s.previous(b)!.id).toBe(a);
    expect(s.list().map((r) => r.score)).toEqual([70, 95]);
    const latest = s.get(b)!;
    expect(latest.counts).toEqual({ CRITICAL: 1, HIGH: 2, MEDIUM: 1, LOW: 0, UNKNOWN: 0, INFO: 0 });
    expect(latest.findingCount).toBe(4);
    expect(latest.coverage).toEqual(['vulnerability scan: no database']);
    expect(latest.bench).toEqual([{ node: 'n1', section: '5', warn: 1 }]);
    expect(s.countsFor(b, 'service', 'web')).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 1, LOW: 0, UNKNOWN: 0, INFO: 0 });
    const web = s.findings({ runId: b, targetKind: 'service', targetName: 'web' });
    expect(web.total).toBe(2);
    expect(web.items.map((i) => i.finding.id)).toEqual(['service-root', 'no-limits']);
    const page2 = s.findings({ runId: b, limit: 1, offset: 1 });
    expect(page2.total).toBe(4);
    expect(page2.items).toHaveLength(1);
    expect(page2.items[0]!.finding.severity).toBe('HIGH');
    expect(s.findings({ runId: b, severities: ['CRITICAL', 'BOGUS'] }).items.map((i) => i.finding.id)).toEqual(['CVE-2024-1']);
    s.close();
  });

  it('prunes runs past the retention but always keeps the newest', () => {
    const s = AuditRunStore.open(fresh());
    s.record(run([finding({ id: 'x', severity: 'LOW', target: { kind: 'swarm' } })], '2026-01-01T00:00:00.000Z'));
    s.record(run([], '2026-03-01T00:00:00.000Z'));
    expect(s.prune(30, new Date('2026-03-05T00:00:00Z'))).toBe(1);
    expect(s.count()).toBe(1);
    expect(s.prune(1, new Date('2027-01-01T00:00:00Z'))).toBe(0);
    expect(s.count()).toBe(1);
    expect(s.prune(0)).toBe(0);
    s.close();
  });

  it('its findings go with a pruned run', () => {
    const file = fresh();
    const s = AuditRunStore.open(file);
    s.record(run([finding({ id: 'x', severity: 'LOW', target: { kind: 'swarm' } })], '2026-01-01T00:00:00.000Z'));
    s.record(run([], '2026-03-01T00:00:00.000Z'));
    s.prune(30, new Date('2026-03-05T00:00:00Z'));
    s.close();
    const db = openSqlite(file);
    expect((db.prepare('SELECT COUNT(*) AS n FROM audit_findings').get() as { n: number }).n).toBe(0);
    db.close();
  });
});

describe('schema and upgrades', () => {
  it('adds its tables to a current scan history without touching the scans or their schema version', () => {
    const file = fresh();
    const h = new HistoryStore(file);
    const id = h.enqueue({ digest: 'sha256:' + 'a'.repeat(64), repository: 'nginx', tag: '1', trigger: 'push' });
    h.finish(id, []);
    h.close();
    const s = AuditRunStore.open(file);
    s.record(run([], '2026-01-01T00:00:00.000Z'));
    s.close();
    const db = openSqlite(file);
    expect(db.userVersion()).toBe(HISTORY_SCHEMA_VERSION);
    expect((db.prepare('SELECT version FROM audit_runs_schema').get() as { version: number }).version).toBe(AUDIT_RUN_MIGRATIONS.length);
    db.close();
    const again = new HistoryStore(file);
    expect(again.get(id)!.status).toBe('done');
    again.close();
    const reopened = AuditRunStore.open(file);
    expect(reopened.count()).toBe(1);
    reopened.close();
  });

  it('upgrades step by step and keeps the data; a failing step leaves the file as it was', () => {
    const file = fresh();
    const s = AuditRunStore.open(file);
    s.record(run([], '2026-01-01T00:00:00.000Z', 77));
    s.close();
    const db = openSqlite(file);
    const next = AUDIT_RUN_MIGRATIONS.length + 1;
    const broken = [...AUDIT_RUN_MIGRATIONS, (d: SqlDatabase) => d.exec('ALTER TABLE audit_runs ADD COLUMN note TEXT; SELECT * FROM no_such_table')];
    expect(() => migrateAuditRuns(db, file, broken)).toThrow(new RegExp(`cannot upgrade the audit history .* to schema ${next}`));
    expect((db.prepare("SELECT COUNT(*) AS n FROM pragma_table_info('audit_runs') WHERE name = 'note'").get() as { n: number }).n).toBe(0);
    const v2 = [...AUDIT_RUN_MIGRATIONS, (d: SqlDatabase) => d.exec("ALTER TABLE audit_runs ADD COLUMN note TEXT DEFAULT 'kept'")];
    expect(migrateAuditRuns(db, file, v2)).toBe(next);
    expect(db.prepare('SELECT score, note FROM audit_runs').get()).toEqual({ score: 77, note: 'kept' });
    db.close();
    // A swarmguard that knows only the versions before refuses the newer file rather than misreading it.
    expect(() => AuditRunStore.open(file)).toThrow(new RegExp(`newer swarmguard \\(audit schema ${next}\\)`));
    expect(() => AuditRunStore.open(file, { readonly: true })).toThrow(UserError);
  });

  it('refuses a file that is not a database, with a hint', () => {
    const file = fresh();
    writeFileSync(file, 'this is not sqlite '.repeat(100));
    expect(() => AuditRunStore.open(file)).toThrow(/not a swarmguard history|cannot open the history/);
  });

  it('a read-only store on a scan-only history shows no runs instead of failing', () => {
    const file = fresh();
    new HistoryStore(file).close();
    const s = AuditRunStore.open(file, { readonly: true });
    expect(s.hasAuditRuns).toBe(false);
    expect(s.latest()).toBeUndefined();
    expect(s.list()).toEqual([]);
    expect(s.findings({ runId: 1 })).toEqual({ total: 0, items: [] });
    s.close();
  });
});

describe('swarmStateOf', () => {
  const networks = [
    { Id: 'n-enc', Name: 'app_back', Driver: 'overlay', Scope: 'swarm', Options: { encrypted: '' }, Labels: { 'com.docker.stack.namespace': 'app' } },
    { Id: 'n-plain', Name: 'app_front', Driver: 'overlay', Scope: 'swarm', Options: {} },
    { Id: 'n-ing', Name: 'ingress', Driver: 'overlay', Ingress: true, Options: {} },
    { Id: 'n-br', Name: 'bridge', Driver: 'bridge' },
  ];
  const services = [
    {
      ID: 's1',
      Version: { Index: 1 },
      ServiceStatus: { RunningTasks: 2, DesiredTasks: 3 },
      Spec: {
        Name: 'app_web',
        Labels: { 'com.docker.stack.namespace': 'app' },
        Mode: { Replicated: { Replicas: 3 } },
        TaskTemplate: {
          ContainerSpec: { Image: `nginx:1.27@sha256:${'b'.repeat(64)}`, Env: ['DB_PASSWORD=hunter2-very-secret'] },
          Networks: [{ Target: 'n-enc' }, { Target: 'n-plain' }],
        },
      },
      Endpoint: { Ports: [{ PublishedPort: 8080, TargetPort: 80, Protocol: 'tcp', PublishMode: 'ingress' }] },
    },
    { ID: 's2', Version: { Index: 1 }, Spec: { Name: 'agent', Mode: { Global: {} }, TaskTemplate: { ContainerSpec: { Image: 'busybox' } } } },
  ];
  const nodes = [
    {
      ID: 'node1',
      Description: { Hostname: 'mgr', Engine: { EngineVersion: '20.10.24' } },
      Spec: { Role: 'manager', Availability: 'active' },
      Status: { State: 'ready', Addr: '10.0.0.1' },
      ManagerStatus: { Leader: true },
    },
  ];

  it('keeps services with digest, replicas, networks and ports; nodes; overlays with attached services', () => {
    const st = swarmStateOf({ networks: parseNetworkList(networks), services: parseServiceList(services), nodes: parseNodeList(nodes) });
    expect(st.services[0]).toEqual({
      id: 's1',
      name: 'app_web',
      stack: 'app',
      image: 'nginx:1.27',
      digest: `sha256:${'b'.repeat(64)}`,
      mode: 'replicated',
      replicas: 3,
      running: 2,
      networks: [
        { name: 'app_back', encrypted: true },
        { name: 'app_front', encrypted: false },
      ],
      ports: ['8080:80/tcp'],
    });
    expect(st.services[1]).toMatchObject({ name: 'agent', mode: 'global', replicas: null, running: null, digest: null, image: 'busybox' });
    expect(st.nodes).toEqual([
      { id: 'node1', hostname: 'mgr', role: 'manager', leader: true, availability: 'active', state: 'ready', address: '10.0.0.1', engineVersion: '20.10.24' },
    ]);
    expect(st.networks.map((n) => [n.name, n.encrypted, n.ingress, n.services])).toEqual([
      ['app_back', true, false, ['app_web']],
      ['app_front', false, false, ['app_web']],
      ['ingress', false, true, ['app_web']],
    ]);
  });

  it('never keeps environment values', () => {
    expect(
      JSON.stringify(swarmStateOf({ networks: parseNetworkList(networks), services: parseServiceList(services), nodes: parseNodeList(nodes) })),
    ).not.toContain('hunter2');
  });

  it('takes hostile engine JSON through the engine parsers: a typed state or a clear engine error, nothing else', () => {
    const attempt = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EngineDataError);
      }
    };
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), (a, b, c) => {
        attempt(() => {
          const st = swarmStateOf({ networks: parseNetworkList(a), services: parseServiceList(b), nodes: parseNodeList(c) });
          expect(Array.isArray(st.services) && Array.isArray(st.nodes)).toBe(true);
        });
      }),
    );
  });
});

describe('benchmark sections and retention', () => {
  it('files CIS ids under their section', () => {
    expect(['1.1.3', '1.2.1', '2.14', '5.12', '7.1'].map(benchSection)).toEqual(['1.1', '1.2', '2', '5', '7']);
    const f = (id: string, node: string): Finding =>
      finding({ id, severity: 'MEDIUM', category: 'bench', verdict: 'WARN', target: { kind: 'node', hostname: node } });
    expect(benchBySection([f('5.1', 'b'), f('5.2', 'b'), f('1.1.1', 'a'), finding({ id: 'x', severity: 'LOW', target: { kind: 'swarm' } })])).toEqual([
      { node: 'a', section: '1.1', warn: 1 },
      { node: 'b', section: '5', warn: 2 },
    ]);
  });

  it('reads the retention from the environment, with a clear error', () => {
    expect(auditRetentionDays({})).toBe(90);
    expect(auditRetentionDays({ SWARMGUARD_AUDIT_RETENTION_DAYS: '7' })).toBe(7);
    expect(() => auditRetentionDays({ SWARMGUARD_AUDIT_RETENTION_DAYS: 'soon' })).toThrow(/not a number of days/);
  });
});
