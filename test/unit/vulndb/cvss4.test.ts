// CVSS v4.0 scoring: the reference implementations' vectors, the specification's rules, real published
// vectors, hostile input, and the severity a v4-only advisory gets.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestCvss, cvssSeverity } from '../../../src/scan/match.js';
import { cvssBaseScore, severityFromScore } from '../../../src/vulndb/cvss.js';
import { cvss4Score, macroVector, parseCvss4 } from '../../../src/vulndb/cvss4.js';
import { osvToRecord } from '../../../src/vulndb/importers/osv.js';

const fixtures = path.join(import.meta.dirname, '../../fixtures/vulndb/cvss4');

function table(name: string): [string, number][] {
  return readFileSync(path.join(fixtures, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [vector = '', score = ''] = l.split(' - ');
      return [vector.trim(), Number(score.replace(/[(),\s]/g, ''))];
    });
}

describe('CVSS v4.0 scores', () => {
  it.each(['vectors_simple4', 'vectors_security4', 'vectors_supplemental4', 'vectors_threat4'])(
    'agree with every vector of the reference test set %s',
    (name) => {
      const rows = table(name);
      expect(rows.length).toBeGreaterThan(5);
      const wrong = rows.filter(([v, s]) => cvss4Score(v) !== s).map(([v, s]) => `${v}: expected ${s}, got ${cvss4Score(v)}`);
      expect(wrong).toEqual([]);
    },
  );

  it('scores the specification examples and real published vectors', () => {
    // FIRST CVSS v4.0 specification, the all-high network example, and a no-impact vector
    expect(cvss4Score('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBe(9.3);
    expect(cvss4Score('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N')).toBe(0);
    expect(cvss4Score('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H')).toBe(10);
    // NVD record of a VulDB CVE: every optional metric spelled out as X; published 5.3 MEDIUM
    expect(
      cvss4Score(
        'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N/E:X/CR:X/IR:X/AR:X/MAV:X/MAC:X/MAT:X/MPR:X/MUI:X/MVC:X/MVI:X/MVA:X/MSC:X/MSI:X/MSA:X/S:X/AU:X/R:X/V:X/RE:X/U:X',
      ),
    ).toBe(5.3);
  });

  it('applies threat and environmental metrics: E:U lowers, MSI:S raises, M* replace base values', () => {
    const base = 'CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H';
    expect(cvss4Score(base)).toBe(7.3);
    expect(cvss4Score(`${base}/E:U`)).toBe(4.1);
    expect(cvss4Score(`${base}/E:P`)).toBe(5.9);
    expect(macroVector(parseCvss4(`${base}/MSI:S`)!)[3]).toBe('0');
    expect(cvss4Score(`${base}/MAV:N/MAC:L/MAT:N/MPR:N/MUI:N`)).toBe(cvss4Score('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H'));
  });

  it('rounds half up past float noise (x.x5 computed as x.x4999…)', () => {
    // FIRST's calculator before its CVSS40 refactor rounded the raw float and gave 8.5 here.
    expect(cvss4Score('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H')).toBe(8.6);
  });

  it.each([
    ['no prefix', 'AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'],
    ['v3 prefix', 'CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'],
    ['a base metric missing', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N'],
    ['a metric twice', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/SA:H'],
    ['an unknown value', 'CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N'],
    ['an unknown metric', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/ZZ:A'],
    ['S (safety) is not a base SI value', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N'],
    ['an empty part', 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/'],
    ['only the prefix', 'CVSS:4.0'],
    ['the empty string', ''],
  ])('rejects a vector with %s', (_why, vector) => {
    expect(parseCvss4(vector)).toBeUndefined();
    expect(cvss4Score(vector)).toBeUndefined();
  });

  it('never throws and stays in [0, 10] with one decimal, on any input and any valid vector', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.constant(`CVSS:4.0/${'AV:N/'.repeat(50_000)}`),
      fc
        .array(fc.constantFrom('AV:N', 'AC:L', 'AT:N', 'PR:N', 'UI:N', 'VC:H', 'VI:L', 'VA:N', 'SC:L', 'SI:S', 'SA:H', 'E:U', 'MSI:S', 'CR:L', ':', '/'), {
          maxLength: 20,
        })
        .map((a) => `CVSS:4.0/${a.join('/')}`),
    );
    fc.assert(
      fc.property(hostile, (v) => {
        const s = cvss4Score(v);
        return s === undefined || (s >= 0 && s <= 10 && Math.round(s * 10) === s * 10);
      }),
      { numRuns: 2000 },
    );
    const pick = (k: string, vals: string[]) => fc.constantFrom(...vals).map((v) => `${k}:${v}`);
    const valid = fc
      .tuple(
        pick('AV', ['N', 'A', 'L', 'P']),
        pick('AC', ['L', 'H']),
        pick('AT', ['N', 'P']),
        pick('PR', ['N', 'L', 'H']),
        pick('UI', ['N', 'P', 'A']),
        pick('VC', ['H', 'L', 'N']),
        pick('VI', ['H', 'L', 'N']),
        pick('VA', ['H', 'L', 'N']),
        pick('SC', ['H', 'L', 'N']),
        pick('SI', ['H', 'L', 'N']),
        pick('SA', ['H', 'L', 'N']),
        pick('E', ['X', 'A', 'P', 'U']),
        pick('CR', ['X', 'H', 'M', 'L']),
        pick('MSI', ['X', 'S', 'H', 'L', 'N']),
        pick('MAV', ['X', 'N', 'A', 'L', 'P']),
      )
      .map((parts) => `CVSS:4.0/${parts.join('/')}`);
    fc.assert(
      fc.property(valid, (v) => {
        const s = cvss4Score(v);
        return s !== undefined && s >= 0 && s <= 10 && Math.round(s * 10) === Math.round(s * 10 + 1e-9);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('CVSS v4.0 in the severity decision', () => {
  const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';

  it("cvssBaseScore scores v4 vectors; the bands are v3's", () => {
    expect(cvssBaseScore(v4)).toEqual({ version: '4.0', score: 9.3 });
    expect(severityFromScore(9.3, '4.0')).toBe('CRITICAL');
    expect(severityFromScore(6.9, '4.0')).toBe('MEDIUM');
  });

  it('an OSV record that publishes only a v4 vector is rated from it; a v3 vector beside it is read first', () => {
    const doc = (severity: object[]) => ({
      id: 'GHSA-xxxx-v4v4-only',
      modified: '2025-01-01T00:00:00Z',
      affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.0' }] }] }],
      severity,
    });
    const only = osvToRecord(doc([{ type: 'CVSS_V4', score: v4 }]), () => undefined);
    expect(only?.advisory.cvss).toEqual([{ vector: v4, version: '4.0', score: 9.3, source: 'GHSA' }]);
    const best = bestCvss(only?.advisory.cvss ?? []);
    expect(best && cvssSeverity(best)).toBe('CRITICAL');

    const both = osvToRecord(
      doc([
        { type: 'CVSS_V4', score: v4 },
        { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:N/A:N' },
      ]),
      () => undefined,
    );
    const chosen = bestCvss(both?.advisory.cvss ?? []);
    expect(chosen?.version).toBe('3.1');
    expect(chosen && cvssSeverity(chosen)).toBe('LOW');
  });
});
