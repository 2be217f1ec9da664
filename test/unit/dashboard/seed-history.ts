// A history with several audit runs and image scans over five "days", written through the real stores.
// Shared by the dashboard's unit tests and its browser test.
import { openSqlite } from '../../../src/core/sqlite.js';
import { auditScore } from '../../../src/audit/audit.js';
import type { Finding } from '../../../src/core/finding.js';
import { parseNetworkList, parseNodeList, parseServiceList } from '../../../src/engine/models.js';
import { AuditRunStore, swarmStateOf, type BenchVerdict } from '../../../src/history/audit-runs.js';
import { HistoryStore } from '../../../src/history/store.js';

export const DIGEST_WEB = `sha256:${'a1'.repeat(32)}`;
export const DIGEST_API = `sha256:${'b2'.repeat(32)}`;
export const XSS = '<script>window.__pwned = 1</script>';
export const SECRET_VALUE = 'hunter2-do-not-show';
export const DAY0 = new Date('2026-11-20T09:00:00Z');

const at = (days: number) => new Date(DAY0.getTime() + days * 86_400_000).toISOString();

const networks = [
  { Id: 'net-back', Name: 'shop_back', Driver: 'overlay', Scope: 'swarm', Options: { encrypted: '' }, Labels: { 'com.docker.stack.namespace': 'shop' } },
  { Id: 'net-front', Name: 'shop_front', Driver: 'overlay', Scope: 'swarm', Options: {}, Labels: { 'com.docker.stack.namespace': 'shop' } },
  { Id: 'net-ingress', Name: 'ingress', Driver: 'overlay', Scope: 'swarm', Ingress: true, Options: {} },
];
const svc = (id: string, name: string, image: string, nets: string[], replicas: number, ports: object[] = []) => ({
  ID: id,
  Version: { Index: 1 },
  Spec: {
    Name: name,
    Labels: { 'com.docker.stack.namespace': 'shop' },
    Mode: { Replicated: { Replicas: replicas } },
    TaskTemplate: { ContainerSpec: { Image: image, Env: [`DB_PASSWORD=${SECRET_VALUE}`] }, Networks: nets.map((Target) => ({ Target })) },
  },
  Endpoint: { Ports: ports },
});
const services = [
  svc('svc-web', 'shop_web', `nginx:1.27@${DIGEST_WEB}`, ['net-back', 'net-front'], 2, [
    { PublishedPort: 8080, TargetPort: 80, Protocol: 'tcp', PublishMode: 'ingress' },
  ]),
  svc('svc-api', 'shop_api', `shop/api:2.1@${DIGEST_API}`, ['net-back'], 3),
];
/** A ready, active node as `docker node ls` inspects it; a manager is the leader. */
export const rawNode = (id: string, hostname: string, role: 'manager' | 'worker', addr: string, engineVersion: string) => ({
  ID: id,
  Description: { Hostname: hostname, Engine: { EngineVersion: engineVersion } },
  Spec: { Role: role, Availability: 'active' },
  Status: { State: 'ready', Addr: addr },
  ...(role === 'manager' ? { ManagerStatus: { Leader: true } } : {}),
});
const nodes = [rawNode('node-m', 'manager-1', 'manager', '10.0.0.1', '20.10.24'), rawNode('node-w', 'worker-1', 'worker', '10.0.0.2', '20.10.21')];

const f = (id: string, severity: Finding['severity'], category: string, target: Finding['target'], message: string, extra: Partial<Finding> = {}): Finding => ({
  id,
  title: id,
  severity,
  category,
  target,
  message,
  remediation: `fix ${id}`,
  references: [],
  ...extra,
});

const cve = (id: string, severity: Finding['severity'], pkg: string, installed: string, fixed: string | undefined, ref: string, digest: string): Finding =>
  f(id, severity, 'vuln', { kind: 'image', ref, digest }, `${pkg} ${installed} is affected`, {
    title: `${pkg}: test advisory ${id}`,
    references: [{ type: 'cve', id, url: `https://nvd.nist.gov/vuln/detail/${id}` }],
    vulnerability: {
      package: pkg,
      installedVersion: installed,
      ...(fixed ? { fixedVersion: fixed } : {}),
      status: fixed ? 'fixed' : 'affected',
      packageType: 'deb',
    },
    ...(fixed ? { remediation: `upgrade ${pkg} to ${fixed}` } : {}),
  });

/** Findings of audit run `day` (0..4): the cluster gets a little better every day, except the XSS probe stays. */
function auditFindings(day: number): Finding[] {
  const out: Finding[] = [
    f('service-runs-as-root', 'HIGH', 'swarm', { kind: 'service', name: 'shop_web' }, 'shop_web runs as the image default user (root for most images)', {
      references: [{ type: 'nist-800-190', id: '4.4.3' }],
    }),
    f('service-label-probe', 'MEDIUM', 'swarm', { kind: 'service', name: 'shop_api' }, `label carries ${XSS}`, {
      evidence: { label: XSS, DB_PASSWORD: SECRET_VALUE },
    }),
    f('overlay-not-encrypted', 'HIGH', 'network', { kind: 'network', name: 'shop_front' }, 'overlay shop_front is not encrypted', {
      references: [{ type: 'cis-docker', id: '7.3' }],
    }),
    f('esp-blocked', 'HIGH', 'network', { kind: 'node', hostname: 'worker-1' }, 'ESP (IP protocol 50) is dropped by the firewall'),
    f('5.10', 'MEDIUM', 'bench', { kind: 'node', hostname: 'manager-1' }, 'Ensure memory usage for containers is limited', {
      verdict: 'WARN',
      references: [{ type: 'cis-docker', id: '5.10' }],
    }),
    f('2.2', 'MEDIUM', 'bench', { kind: 'node', hostname: 'manager-1' }, 'Ensure the logging level is set to info', { verdict: 'WARN' }),
  ];
  if (day < 3) out.push(f('service-no-limits', 'MEDIUM', 'swarm', { kind: 'service', name: 'shop_web' }, 'shop_web has no memory limit'));
  if (day < 2) out.push(f('docker-socket-mounted', 'CRITICAL', 'swarm', { kind: 'service', name: 'shop_api' }, 'shop_api mounts the Docker socket'));
  if (day < 4)
    out.push(
      f('5.12', 'MEDIUM', 'bench', { kind: 'node', hostname: 'worker-1' }, 'Ensure the container root filesystem is mounted read only', { verdict: 'WARN' }),
    );
  return out;
}

/** Every benchmark verdict of a run on the two nodes, agreeing with the WARN findings of the same day. */
export function benchVerdicts(day: number): BenchVerdict[] {
  return [
    { node: 'manager-1', id: '2.1', verdict: 'INFO' },
    { node: 'manager-1', id: '2.2', verdict: 'WARN' },
    { node: 'manager-1', id: '2.14', verdict: 'PASS' },
    { node: 'manager-1', id: '5.10', verdict: 'WARN' },
    { node: 'manager-1', id: '5.12', verdict: 'PASS' },
    { node: 'manager-1', id: '5.28', verdict: 'NOTE' },
    { node: 'worker-1', id: '5.10', verdict: 'PASS' },
    { node: 'worker-1', id: '5.12', verdict: day < 4 ? 'WARN' : 'PASS' },
  ];
}

export const WEB_SCAN_1 = [
  cve('CVE-2023-0464', 'HIGH', 'openssl', '3.0.11-1~deb12u1', '3.0.13-1~deb12u1', 'nginx:1.27', DIGEST_WEB),
  cve('CVE-2023-45853', 'CRITICAL', 'zlib1g', '1:1.2.13.dfsg-1', undefined, 'nginx:1.27', DIGEST_WEB),
];
export const WEB_SCAN_2 = [...WEB_SCAN_1, cve('CVE-2024-2961', 'MEDIUM', 'libc6', '2.36-9+deb12u4', '2.36-9+deb12u7', 'nginx:1.27', DIGEST_WEB)];
/** 30 findings: more than one page. */
export const API_SCAN = Array.from({ length: 30 }, (_, i) =>
  cve(`CVE-2025-${String(1000 + i)}`, i % 3 === 0 ? 'HIGH' : 'LOW', `libpkg${i}`, '1.0-1', i % 2 === 0 ? '1.0-2' : undefined, 'shop/api:2.1', DIGEST_API),
);

/** Writes the history, its audit runs on benchmark `cis`; returns the scan ids. */
export function seedHistory(file: string, cis = '1.6.0'): { webScans: number[]; apiScan: number } {
  const runs = AuditRunStore.open(file);
  const state = swarmStateOf({ networks: parseNetworkList(networks), services: parseServiceList(services), nodes: parseNodeList(nodes) });
  for (let day = 0; day < 5; day++) {
    const findings = auditFindings(day);
    const score = auditScore(findings);
    runs.record({
      finishedAt: at(day),
      score,
      findings,
      coverage:
        day === 4
          ? ['vulnerability scan: no database at /var/lib/swarmguard/vuln.db', 'CIS benchmark on worker-1: node unreachable']
          : ['CIS benchmark on worker-1: node unreachable'],
      checked: ['live swarm audit', `CIS Docker Benchmark ${cis} on every node`],
      state,
      toolVersion: '0.1.0',
      // The first runs were kept before every verdict was: WARNs only.
      ...(day >= 2 ? { benchVerdicts: benchVerdicts(day) } : {}),
    });
  }
  runs.close();
  const scans = new HistoryStore(file);
  const scan = (digest: string, repository: string, tag: string, findings: Finding[]): number => {
    const id = scans.enqueue({ digest, repository, tag, trigger: 'deploy', origin: 'shop_web' });
    scans.finish(id, findings);
    return id;
  };
  const w1 = scan(DIGEST_WEB, 'nginx', '1.27', WEB_SCAN_1);
  const a1 = scan(DIGEST_API, 'shop/api', '2.1', API_SCAN);
  const w2 = scan(DIGEST_WEB, 'nginx', '1.27', WEB_SCAN_2);
  scans.close();
  // Scans finish "now"; spread them over the days the audit runs cover.
  const db = openSqlite(file);
  const setTime = db.prepare('UPDATE scans SET queued_at = ?, finished_at = ? WHERE id = ?');
  for (const [id, day] of [
    [w1, 1],
    [a1, 2],
    [w2, 3],
  ] as const)
    setTime.run(at(day), at(day), id);
  db.close();
  return { webScans: [w1, w2], apiScan: a1 };
}
