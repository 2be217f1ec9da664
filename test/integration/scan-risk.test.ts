// `image scan --sort risk` of the lab's httpd stand-in (swarmguard-test/apache2:bookworm) with the real KEV and EPSS
// rows imported; then the VEX round trip: write a skeleton with --format openvex, decide one statement, read it back.
// The advisories are made for this image's versions (introduced 0, no fix), named after the real CVEs the KEV and
// EPSS rows are about (Apache HTTP Server CVE-2024-38472…38477 and glibc's CVE-2023-4911): the ranking is under test.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDebianAdvisory } from '../helpers/osv-advisory.js';
import { runCli } from '../helpers/run.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/exploitation');
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-risk-'));
const db = path.join(dir, 'vuln.db');
const IMAGE = 'swarmguard-test/apache2:bookworm';
const sg = (args: string[]) => runCli(args, { env: { SWARMGUARD_DB: db, NO_COLOR: '1' } });

type Finding = {
  id: string;
  severity: string;
  risk?: number;
  vulnerability: { package: string; purl: string; kev?: { dateAdded: string; knownRansomware: boolean }; epss?: { score: number }; vex?: { status: string } };
};
type Report = { findings: Finding[]; suppressed: Finding[]; sort: string; exploitation: { kevEntries: number; epssDate?: string } };

// Severities chosen so that severity alone would put the KEV-listed CVE-2024-38475 (MEDIUM) and CVE-2023-4911 (LOW) last.
const ADVISORIES: [string, string, string][] = [
  ['CVE-2024-38472', 'apache2', 'HIGH'],
  ['CVE-2024-38473', 'apache2', 'HIGH'],
  ['CVE-2024-38474', 'apache2', 'CRITICAL'],
  ['CVE-2024-38475', 'apache2', 'MEDIUM'],
  ['CVE-2024-38476', 'apache2', 'CRITICAL'],
  ['CVE-2024-38477', 'apache2', 'HIGH'],
  ['CVE-2023-4911', 'glibc', 'LOW'],
];

beforeAll(async () => {
  const files = ADVISORIES.map(([id, pkg, severity]) => writeDebianAdvisory(dir, id, pkg, severity));
  expect((await sg(['db', 'import', ...files])).status).toBe(0);
  const r = await sg(['db', 'import', path.join(FIX, 'known_exploited_vulnerabilities.json'), path.join(FIX, 'epss_scores-sample.csv')]);
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('image scan --sort risk (KEV and EPSS fixtures imported)', () => {
  it('puts the KEV-listed CVEs first, then by EPSS × severity weight; JSON carries kev, epss and risk', async () => {
    const r = await sg(['image', 'scan', IMAGE, '--sort', 'risk', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as Report;
    expect(rep.sort).toBe('risk');
    expect(rep.exploitation).toEqual({ kevEntries: 23, epssDate: '2026-09-29' });
    const order = [...new Set(rep.findings.map((f) => f.id))];
    // KEV: 38475 (EPSS 0.99957 × MEDIUM 5 = 5.00) before 4911 (no EPSS row: 0); then 38472 (0.6947 × 8 = 5.56),
    // 38476 (0.41611 × 10 = 4.16), 38473 (0.25878 × 8 = 2.07), 38477 (0.03153 × 8 = 0.25), 38474 (0.02456 × 10 = 0.25).
    expect(order).toEqual(['CVE-2024-38475', 'CVE-2023-4911', 'CVE-2024-38472', 'CVE-2024-38476', 'CVE-2024-38473', 'CVE-2024-38474', 'CVE-2024-38477']);
    const first = rep.findings[0] as Finding;
    expect(first.vulnerability.kev).toEqual({ dateAdded: '2025-05-01', dueDate: '2025-05-22', knownRansomware: false });
    expect(first.vulnerability.epss).toEqual({ score: 0.99957, percentile: 0.99974, date: '2026-09-29' });
    expect(first.risk).toBe(5);
    // Without --sort risk the JSON keeps the common order (severity first): the KEV CVEs are not first.
    const plain = JSON.parse((await sg(['image', 'scan', IMAGE, '--format', 'json'])).stdout) as Report;
    expect(plain.findings[0]?.id).not.toBe('CVE-2024-38475');
  });

  it('the table shows the KEV marker, the EPSS score and the risk, in that order', async () => {
    const r = await sg(['image', 'scan', IMAGE, '--sort', 'risk']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/LIBRARY\s+VULNERABILITY ID\s+SEVERITY\s+KEV\s+EPSS\s+RISK\s+STATUS/);
    const rows = r.stdout.split('\n').filter((l) => /^(apache2|libc)/.test(l));
    expect(rows[0]).toMatch(/^apache2\s+CVE-2024-38475\s+MEDIUM\s+yes\s+99\.96%\s+5\.00\s+affected/);
    expect(rows.findIndex((l) => l.includes('CVE-2023-4911'))).toBeLessThan(rows.findIndex((l) => l.includes('CVE-2024-38472')));
  });

  it('--kev-only and --epss-min filter; a bad --epss-min is refused', async () => {
    const kevOnly = JSON.parse((await sg(['image', 'scan', IMAGE, '--kev-only', '--format', 'json'])).stdout) as Report;
    expect([...new Set(kevOnly.findings.map((f) => f.id))].sort()).toEqual(['CVE-2023-4911', 'CVE-2024-38475']);
    const min = JSON.parse((await sg(['image', 'scan', IMAGE, '--epss-min', '40%', '--format', 'json'])).stdout) as Report;
    expect([...new Set(min.findings.map((f) => f.id))].sort()).toEqual(['CVE-2024-38472', 'CVE-2024-38475', 'CVE-2024-38476']);
    const bad = await sg(['image', 'scan', IMAGE, '--epss-min', '2']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--epss-min: "2" is not a probability/);
  });

  it('--format openvex writes a skeleton; a decided statement read back with --vex suppresses that finding only', async () => {
    const r = await sg(['image', 'scan', IMAGE, '--format', 'openvex']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      '@context': string;
      statements: {
        vulnerability: { name: string };
        products: { '@id': string; subcomponents: { '@id': string }[] }[];
        status: string;
        justification?: string;
      }[];
    };
    expect(doc['@context']).toBe('https://openvex.dev/ns/v0.2.0');
    expect(doc.statements.map((s) => s.status)).toEqual(Array(7).fill('under_investigation'));
    const glibc = doc.statements.find((s) => s.vulnerability.name === 'CVE-2023-4911');
    expect(glibc?.products[0]?.['@id']).toMatch(/^pkg:oci\/apache2@sha256%3A[0-9a-f]{64}\?repository_url=docker.io%2Fswarmguard-test%2Fapache2&tag=bookworm$/);
    expect(glibc?.products[0]?.subcomponents.map((s) => s['@id'].replace(/@.*/, ''))).toEqual(['pkg:deb/debian/libc-bin', 'pkg:deb/debian/libc6']);
    // The team decides libc6 only: the statement names that subcomponent.
    Object.assign(glibc as object, { status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' });
    glibc?.products[0]?.subcomponents.splice(0, 1);
    const vex = path.join(dir, 'decided.openvex.json');
    writeFileSync(vex, JSON.stringify(doc));
    const after = JSON.parse((await sg(['image', 'scan', IMAGE, '--vex', vex, '--format', 'json'])).stdout) as Report;
    expect(after.suppressed.map((f) => `${f.id} ${f.vulnerability.package}`)).toEqual(['CVE-2023-4911 libc6']);
    expect(after.findings.filter((f) => f.id === 'CVE-2023-4911').map((f) => f.vulnerability.package)).toEqual(['libc-bin']);
    // The other statements stay under_investigation and mark their findings; libc-bin is no longer named by any.
    expect(after.findings.filter((f) => f.vulnerability.vex === undefined).map((f) => `${f.id} ${f.vulnerability.package}`)).toEqual([
      'CVE-2023-4911 libc-bin',
    ]);
    expect(after.findings.filter((f) => f.vulnerability.vex?.status === 'under_investigation')).toHaveLength(after.findings.length - 1);
    const table = await sg(['image', 'scan', IMAGE, '--vex', vex, '--show-suppressed']);
    expect(table.stdout).toMatch(/Suppressed by VEX/);
    expect(table.stdout).toMatch(/libc6\s+CVE-2023-4911\s+LOW\s+not_affected\s+vulnerable_code_not_in_execute_path/);
    // CycloneDX carries the decision as the analysis, the EPSS score as a rating and the KEV listing as properties.
    const cdx = JSON.parse((await sg(['image', 'scan', IMAGE, '--vex', vex, '--format', 'cyclonedx'])).stdout) as {
      vulnerabilities: {
        id: string;
        analysis?: { state: string; justification?: string };
        ratings: { method: string; score?: number; source?: { name: string } }[];
        properties: { name: string; value: string }[];
      }[];
    };
    const decided = cdx.vulnerabilities.filter((v) => v.id === 'CVE-2023-4911' && v.analysis?.state === 'not_affected');
    expect(decided).toHaveLength(1);
    expect(decided[0]?.analysis?.justification).toBe('code_not_reachable');
    expect(decided[0]?.properties).toContainEqual({ name: 'swarmguard:kev:dateAdded', value: '2023-11-21' });
    const apache = cdx.vulnerabilities.find((v) => v.id === 'CVE-2024-38475');
    expect(apache?.ratings).toContainEqual(
      expect.objectContaining({ method: 'other', score: 0.99957, source: expect.objectContaining({ name: 'FIRST EPSS' }) as unknown }),
    );
    expect(apache?.analysis?.state).toBe('in_triage');
  });
});
