// rpmCompare against rpm's own labelCompare (python3-rpm), on version strings
// derived from this machine's Debian versions, plus `~` and `^` variants.

import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { rpm, rpmCompare } from '../../../src/versions/rpm.js';
import { pick, realDebianVersions, runWithInput, seededRandom } from './support.js';

interface Evr {
  e: string | null;
  v: string;
  r: string | null;
}

/** Debian [epoch:]upstream[-revision] → rpm EVR; `-` and `:` inside upstream become `_` (rpm forbids them there). */
function fromDebian(deb: string): Evr {
  let rest = deb;
  let e: string | null = null;
  const colon = rest.indexOf(':');
  if (colon >= 0) {
    e = rest.slice(0, colon);
    rest = rest.slice(colon + 1);
  }
  let r: string | null = null;
  const hyphen = rest.lastIndexOf('-');
  if (hyphen >= 0) {
    r = rest.slice(hyphen + 1);
    rest = rest.slice(0, hyphen);
  }
  return { e, v: rest.replace(/[-:]/g, '_'), r };
}

function evrString(x: Evr): string {
  return `${x.e !== null ? `${x.e}:` : ''}${x.v}${x.r !== null ? `-${x.r}` : ''}`;
}

/** Variants that bring in `^` (snapshot after a release), more `~`, and missing releases. */
const MUTATIONS: ReadonlyArray<(x: Evr) => Evr> = [
  (x) => ({ ...x, v: `${x.v}^git20240101` }),
  (x) => ({ ...x, v: `${x.v}^` }),
  (x) => ({ ...x, v: `${x.v}^1` }),
  (x) => ({ ...x, v: x.v.replace('+', '^') }),
  (x) => ({ ...x, v: x.v.replace(/\.([0-9]+)$/, '^$1') }),
  (x) => ({ ...x, v: `${x.v}~rc1` }),
  (x) => ({ ...x, v: `${x.v}~` }),
  (x) => ({ ...x, v: `${x.v}~^1` }),
  (x) => ({ ...x, v: x.v.replace('~', '^') }),
  (x) => ({ ...x, v: `${x.v}.1` }),
  (x) => ({ ...x, v: `${x.v}a` }),
  (x) => ({ ...x, v: x.v.replace(/[0-9]+/, (d) => `00${d}`) }),
  (x) => ({ ...x, v: x.v.replace(/\./g, '_') }),
  (x) => ({ ...x, r: null }),
  (x) => ({ ...x, r: x.r === null ? '1' : `${x.r}.el9` }),
  (x) => ({ ...x, r: x.r === null ? '0~beta' : `${x.r}^1` }),
  (x) => ({ ...x, e: x.e === null ? '0' : null }),
  (x) => ({ ...x, e: x.e === null ? '1' : String(Number(x.e) + 1) }),
];

const RANDOM_PAIRS = 6000;
const NEIGHBOUR_PAIRS = 6000;
const MUTATED_PAIRS = 8000;

function drawPairs(debian: readonly string[]): Array<[Evr, Evr]> {
  const rand = seededRandom(0x4b1d);
  const evrs = debian.map(fromDebian);
  const pairs: Array<[Evr, Evr]> = [];
  for (let i = 0; i < RANDOM_PAIRS; i++) pairs.push([pick(rand, evrs), pick(rand, evrs)]);
  for (let i = 0; i < NEIGHBOUR_PAIRS; i++) {
    const k = Math.floor(rand() * (evrs.length - 4));
    const a = evrs[k];
    const b = evrs[k + 1 + Math.floor(rand() * 3)];
    if (a !== undefined && b !== undefined) pairs.push(rand() < 0.5 ? [a, b] : [b, a]);
  }
  let made = 0;
  while (made < MUTATED_PAIRS) {
    const x = pick(rand, evrs);
    let y = pick(rand, MUTATIONS)(x);
    if (rand() < 0.3) y = pick(rand, MUTATIONS)(y);
    if (!rpm.isValid(evrString(y))) continue;
    pairs.push(rand() < 0.5 ? [x, y] : [y, x]);
    made++;
  }
  return pairs;
}

/** The first Python that can `import rpm`: Debian's python3-rpm lives under /usr/bin/python3, not a pyenv one. */
function pythonWithRpm(): string {
  for (const py of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(py, ['-c', 'import rpm'], { stdio: 'ignore' }).status === 0) return py;
  }
  throw new Error(
    "rpm's Python bindings are required for this test and were not found: apt-get install -y rpm python3-rpm " + '(scripts/test-env.sh installs them)',
  );
}

const BATCH = [
  'import sys, json, rpm',
  'out = []',
  'for line in sys.stdin:',
  '    a, b = json.loads(line)',
  '    out.append(str(rpm.labelCompare(tuple(a), tuple(b))))',
  'sys.stdout.write("\\n".join(out) + "\\n")',
].join('\n');

describe('rpm agreement with rpm.labelCompare', () => {
  it('orders ≥ 5,000 EVR pairs exactly as rpm does, `~` and `^` included', { timeout: 120_000 }, async () => {
    const py = pythonWithRpm();
    const real = realDebianVersions();
    if (real.fallback) console.warn(`rpm agreement: ${real.fallback}`);
    const pairs = drawPairs(real.versions);
    expect(pairs.length).toBeGreaterThanOrEqual(5000);
    for (const [a, b] of pairs) {
      expect(rpm.isValid(evrString(a)), evrString(a)).toBe(true);
      expect(rpm.isValid(evrString(b)), evrString(b)).toBe(true);
    }

    // labelCompare takes (epoch, version, release); a missing epoch is "0", a missing release None.
    const tuple = (x: Evr): [string, string, string | null] => [x.e ?? '0', x.v, x.r];
    const input = pairs.map(([a, b]) => `${JSON.stringify([tuple(a), tuple(b)])}\n`).join('');
    const started = Date.now();
    const out = await runWithInput(py, ['-c', BATCH], input);
    const ms = Date.now() - started;
    const verdicts = out
      .split('\n')
      .filter((l) => l !== '')
      .map(Number);
    expect(verdicts).toHaveLength(pairs.length);

    const mismatches: string[] = [];
    const tally = { lt: 0, eq: 0, gt: 0, caret: 0, tilde: 0 };
    pairs.forEach(([a, b], i) => {
      const sa = evrString(a);
      const sb = evrString(b);
      const theirs = Math.sign(verdicts[i] ?? NaN);
      const ours = Math.sign(rpmCompare(sa, sb));
      if (ours !== theirs) mismatches.push(`${sa} vs ${sb}: rpm ${theirs}, ours ${ours}`);
      tally[theirs < 0 ? 'lt' : theirs > 0 ? 'gt' : 'eq']++;
      if ((sa + sb).includes('^')) tally.caret++;
      if ((sa + sb).includes('~')) tally.tilde++;
    });
    console.info(
      `rpm agreement: ${pairs.length} pairs (${tally.tilde} with ~, ${tally.caret} with ^) from ${real.versions.length} versions; ` +
        `labelCompare took ${ms} ms; lt/eq/gt ${tally.lt}/${tally.eq}/${tally.gt}`,
    );
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(tally.eq).toBeGreaterThan(0);
    expect(tally.caret).toBeGreaterThan(1000);
    expect(tally.tilde).toBeGreaterThan(1000);
  });
});
