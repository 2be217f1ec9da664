// The package managers' own test vectors (test/fixtures/versions, sources in its README), and the real dpkg and
// rpm on the same strings: apk-tools' version.data, dpkg's Dpkg_Version.t and t-version.c, rpm's rpmvercmp.at.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apkCompare, isValidApkVersion } from '../../../src/versions/apk.js';
import { dpkg, dpkgCompare, isPolicyDpkgVersion, parseDpkgVersion } from '../../../src/versions/dpkg.js';
import { rpmCompare, rpmvercmp } from '../../../src/versions/rpm.js';
import { VersionError } from '../../../src/versions/scheme.js';
import { commandExists } from './support.js';

const V = 'test/fixtures/versions';
const lines = (f: string): string[] => readFileSync(`${V}/${f}`, 'utf8').split('\n');

describe('apk-tools test/unit/version.data', () => {
  const checks: { line: string; ok: boolean }[] = [];
  for (const raw of lines('apk-version.data')) {
    const line = raw.split('#')[0]!.trim();
    if (!line) continue;
    const f = line.split(/\s+/);
    let ok: boolean;
    if (f.length === 3) {
      // apk_version_match: the op is a mask of <, >, = and ~ (fuzzy, which implies =); "!" negates.
      const invert = f[1]!.startsWith('!');
      const op = f[1]!.replace(/^!/, '');
      const fuzzy = op.includes('~');
      const c = apkCompare(f[0]!, f[2]!, fuzzy);
      const hit = (c < 0 && op.includes('<')) || (c > 0 && op.includes('>')) || (c === 0 && (op.includes('=') || fuzzy));
      ok = invert ? !hit : hit;
    } else {
      const invert = f[0]!.startsWith('!');
      const valid = isValidApkVersion(f[0]!.replace(/^!/, ''));
      ok = invert ? !valid : valid;
    }
    checks.push({ line, ok });
  }

  it('passes every vector (754 comparisons, 31 validity checks)', () => {
    expect(checks.filter((c) => !c.ok).map((c) => c.line)).toEqual([]);
    expect(checks.length).toBe(785);
  });
});

describe("dpkg's own tests", () => {
  const cmp = lines('dpkg-version-cmp.data')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length === 3) as [string, string, string][];
  const parseCases = lines('dpkg-t-version-parse.data')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [kind, enc] = l.split('\t') as [string, string];
      return { kind, v: enc.replace(/\\t/g, '\t').replace(/\\s/g, ' ') };
    });

  it('orders the 43 pairs of Dpkg_Version.t under every relation, both ways', () => {
    const bad: string[] = [];
    for (const [a, b, e] of cmp) {
      const want = Number(e);
      if (Math.sign(dpkgCompare(a, b)) !== want || Math.sign(dpkgCompare(b, a)) !== -want) bad.push(`${a} ${b} ${e}`);
    }
    expect(bad).toEqual([]);
    expect(cmp.length).toBe(43);
  });

  it("parses as t-version.c says: refuses dpkg's errors, compares what it only warns about", () => {
    const bad: string[] = [];
    for (const { kind, v } of parseCases) {
      const valid = dpkg.isValid(v);
      const policy = isPolicyDpkgVersion(v);
      if (kind === 'ok' && !(valid && policy)) bad.push(`ok ${JSON.stringify(v)}`);
      if (kind === 'warn' && !(valid && !policy)) bad.push(`warn ${JSON.stringify(v)}`);
      if (kind === 'error' && valid) bad.push(`error ${JSON.stringify(v)}`);
      if (kind === 'error') expect(() => dpkgCompare(v, '1')).toThrow(VersionError);
    }
    expect(bad).toEqual([]);
    expect(parseCases.length).toBe(80);
    // The version objects t-version.c builds for some of them.
    expect(parseDpkgVersion('0:0-0-0-0')).toEqual({ epoch: '0', upstream: '0-0-0', revision: '0' });
    expect(parseDpkgVersion('0:0:0:0-0')).toEqual({ epoch: '0', upstream: '0:0:0', revision: '0' });
    expect(parseDpkgVersion('0:09azAZ.-+~:-0')).toEqual({ epoch: '0', upstream: '09azAZ.-+~:', revision: '0' });
    expect(dpkgCompare('0:0-00', '0:00-0')).toBe(0);
  });

  it.skipIf(!commandExists('dpkg'))('agrees with `dpkg --compare-versions` on every vector and on every string dpkg only warns about', () => {
    const pairs: [string, string][] = cmp.map(([a, b]) => [a, b]);
    const warned = parseCases.filter((c) => c.kind !== 'error').map((c) => c.v.trim());
    for (let i = 0; i < warned.length; i++) pairs.push([warned[i]!, warned[(i + 7) % warned.length]!], [warned[i]!, '0:0-1']);
    const bad: string[] = [];
    for (const [a, b] of pairs) {
      const lt = spawnSync('dpkg', ['--compare-versions', a, 'lt', b], { stdio: 'ignore' }).status;
      const eq = spawnSync('dpkg', ['--compare-versions', a, 'eq', b], { stdio: 'ignore' }).status;
      const real = lt === 0 ? -1 : eq === 0 ? 0 : 1;
      if (Math.sign(dpkgCompare(a, b)) !== real) bad.push(`${a} ${b}: dpkg ${real}`);
    }
    expect(bad).toEqual([]);
  });
});

describe("rpm's tests/rpmvercmp.at", () => {
  const cases = lines('rpmvercmp.at')
    .map((l) => /^RPMVERCMP\((.*), (.*), (-?1|0)\)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!, Number(m[3])] as const);

  it('passes every vector, as rpmvercmp and through the EVR comparison', () => {
    const bad = cases.filter(([a, b, e]) => rpmvercmp(a, b) !== e || rpmCompare(a, b) !== e).map(([a, b, e]) => `${a} ${b} ${e}`);
    expect(bad).toEqual([]);
    expect(cases.length).toBe(91);
  });

  const py = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import rpm'], { stdio: 'ignore' }).status === 0);
  it.skipIf(py === undefined)('agrees with rpm itself (python3-rpm labelCompare) on the same pairs', () => {
    const script = 'import rpm,sys,json\nfor a,b in json.load(sys.stdin): print(rpm.labelCompare(("0",a,""),("0",b,"")))';
    const r = spawnSync(py!, ['-c', script], { input: JSON.stringify(cases.map(([a, b]) => [a, b])), encoding: 'utf8' });
    const real = r.stdout.trim().split('\n').map(Number);
    expect(cases.filter(([a, b], i) => rpmCompare(a, b) !== real[i]).map(([a, b], i) => `${a} ${b}: rpm ${real[i]}`)).toEqual([]);
  });
});
