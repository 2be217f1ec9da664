// --sort risk, --kev-only, --epss-min and the KEV/EPSS columns, on findings with real KEV entries and EPSS scores.
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { SEVERITIES } from '../../../src/core/severity.js';
import { compareRisk, cveOf, enrichFindings, passesExploitFilter, riskScore, SEVERITY_WEIGHT, sortByRisk } from '../../../src/scan/risk.js';
import { epssCell, kevCell } from '../../../src/scan/table.js';
import { fixtureStore } from './fixture-store.js';
import { vulnFinding } from './vuln-finding.js';

// The published values (test/fixtures/exploitation): CVE-2024-38475 is in KEV with EPSS 0.99957, CVE-2021-41773 with
// known ransomware use; CVE-2024-38472/38474/38476 have EPSS scores and are not in KEV.
const FIX = path.resolve(import.meta.dirname, '../../fixtures/exploitation');
const db = fixtureStore('sg-risk-', [path.join(FIX, 'known_exploited_vulnerabilities.json'), path.join(FIX, 'epss_scores-sample.csv')]);
const kev = new Map([
  ['CVE-2024-38475', { dateAdded: '2025-05-01', dueDate: '2025-05-22', knownRansomware: false }],
  ['CVE-2021-41773', { dateAdded: '2021-11-03', dueDate: '2021-11-17', knownRansomware: true }],
]);
const epss = new Map([['CVE-2024-38475', { score: 0.99957, percentile: 0.99974, date: '2026-09-29' }]]);

const apache = (id: string, sev: Finding['severity']): Finding => vulnFinding(id, 'pkg:deb/debian/apache2@2.4.68-1~deb12u1', sev);

describe('risk ranking', () => {
  it('enriches each finding by its CVE (also a GHSA finding through its CVE reference)', () => {
    const ghsa = { ...apache('GHSA-xxxx-yyyy-zzzz', 'HIGH'), references: [{ type: 'cve' as const, id: 'CVE-2024-38476' }] };
    const fs = [apache('CVE-2024-38475', 'MEDIUM'), ghsa, apache('CVE-2099-0001', 'HIGH')];
    enrichFindings(fs, db.store);
    expect(fs[0]?.vulnerability?.kev).toEqual(kev.get('CVE-2024-38475'));
    expect(fs[0]?.vulnerability?.epss).toEqual(epss.get('CVE-2024-38475'));
    expect(cveOf(ghsa)).toBe('CVE-2024-38476');
    expect(fs[1]?.vulnerability?.epss?.score).toBe(0.41611);
    expect(fs[2]?.vulnerability?.kev).toBeUndefined();
  });

  it('KEV first (ransomware before the rest), then EPSS × severity weight, as the README states', () => {
    const fs = [
      apache('CVE-2024-38474', 'CRITICAL'), // 0.02456 × 10 = 0.25
      apache('CVE-2024-38476', 'CRITICAL'), // 0.41611 × 10 = 4.16
      apache('CVE-2024-38472', 'HIGH'), // 0.6947 × 8 = 5.56
      apache('CVE-2099-0001', 'CRITICAL'), // no EPSS: 0
      apache('CVE-2024-38475', 'LOW'), // KEV
      apache('CVE-2021-41773', 'UNKNOWN'), // KEV, ransomware
    ];
    enrichFindings(fs, db.store);
    expect(sortByRisk(fs).map((f) => f.id)).toEqual([
      'CVE-2021-41773',
      'CVE-2024-38475',
      'CVE-2024-38472',
      'CVE-2024-38476',
      'CVE-2024-38474',
      'CVE-2099-0001',
    ]);
    expect(riskScore(fs[2] as Finding)).toBe(5.56);
    expect(riskScore(fs[3] as Finding)).toBe(0);
    expect(SEVERITY_WEIGHT.CRITICAL).toBe(10);
  });

  it('is a total order with every KEV finding before every other (property)', () => {
    const arb = fc.record({
      kev: fc.option(fc.boolean(), { nil: undefined }),
      epss: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      sev: fc.constantFrom(...SEVERITIES),
      n: fc.integer({ min: 0, max: 50 }),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 60 }), (rows) => {
        const fs = rows.map((r) => {
          const f = apache(`CVE-2024-${1000 + r.n}`, r.sev);
          if (f.vulnerability && r.kev !== undefined) f.vulnerability.kev = { dateAdded: '2024-01-01', knownRansomware: r.kev };
          if (f.vulnerability && r.epss !== undefined) f.vulnerability.epss = { score: r.epss, date: '2024-01-01' };
          return f;
        });
        const sorted = sortByRisk(fs);
        const firstNonKev = sorted.findIndex((f) => f.vulnerability?.kev === undefined);
        if (firstNonKev >= 0) expect(sorted.slice(firstNonKev).every((f) => f.vulnerability?.kev === undefined)).toBe(true);
        for (let i = 1; i < sorted.length; i++) expect(compareRisk(sorted[i - 1] as Finding, sorted[i] as Finding)).toBeLessThanOrEqual(0);
        for (const a of fs) for (const b of fs) expect(Math.sign(compareRisk(a, b)) + Math.sign(compareRisk(b, a))).toBe(0);
      }),
    );
  });

  it('--kev-only and --epss-min keep what they say; no score means below any minimum', () => {
    const fs = [apache('CVE-2024-38475', 'LOW'), apache('CVE-2024-38476', 'HIGH'), apache('CVE-2099-0001', 'HIGH')];
    enrichFindings(fs, db.store);
    expect(fs.filter((f) => passesExploitFilter(f, { kevOnly: true })).map((f) => f.id)).toEqual(['CVE-2024-38475']);
    expect(fs.filter((f) => passesExploitFilter(f, { epssMin: 0.5 })).map((f) => f.id)).toEqual(['CVE-2024-38475']);
    expect(fs.filter((f) => passesExploitFilter(f, { epssMin: 0 })).map((f) => f.id)).toEqual(['CVE-2024-38475', 'CVE-2024-38476']);
  });

  it('the table cells: the KEV marker and EPSS as a percentage', () => {
    const fs = [apache('CVE-2021-41773', 'HIGH'), apache('CVE-2024-38476', 'HIGH'), apache('CVE-2099-0001', 'HIGH')];
    enrichFindings(fs, db.store);
    expect(fs.map((f) => kevCell(f))).toEqual(['ransomware', '', '']);
    expect(fs.map(epssCell)).toEqual(['', '41.61%', '']);
  });
});
