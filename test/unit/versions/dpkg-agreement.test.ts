// dpkgCompare against the real `dpkg --compare-versions`, on version strings
// taken from this machine's package database and apt lists.

import { describe, expect, it } from 'vitest';

import { dpkg, dpkgCompare } from '../../../src/versions/dpkg.js';
import { commandExists, pick, realDebianVersions, runWithInput, seededRandom } from './support.js';

const RANDOM_PAIRS = 2600;
const NEIGHBOUR_PAIRS = 2600;
const MUTATED_PAIRS = 1200;

/** Variations that land near the original in dpkg order. */
const MUTATIONS: ReadonlyArray<(v: string) => string> = [
  (v) => `${v}~rc1`,
  (v) => `${v}~`,
  (v) => `${v}+b1`,
  (v) => `${v}.0`,
  (v) => `${v}a`,
  (v) => (v.includes(':') ? v.slice(v.indexOf(':') + 1) : `1:${v}`),
  (v) => (v.includes('-') ? v.slice(0, v.lastIndexOf('-')) : `${v}-0`),
  (v) => (v.includes('-') ? `${v}.1` : `${v}-1`),
  (v) => v.replace(/[0-9]+/, (d) => `0${d}`),
  (v) => v.replace(/[0-9]+(?![\s\S]*[0-9])/, (d) => String(BigInt(d) + 1n)),
  (v) => v.replace('~', '+'),
  (v) => v.replace('.', '~'),
];

function drawPairs(versions: readonly string[]): Array<[string, string]> {
  const rand = seededRandom(0x5eed);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < RANDOM_PAIRS; i++) pairs.push([pick(rand, versions), pick(rand, versions)]);
  // Neighbours in string order share long prefixes: the comparisons that go deep.
  for (let i = 0; i < NEIGHBOUR_PAIRS; i++) {
    const k = Math.floor(rand() * (versions.length - 4));
    const a = versions[k];
    const b = versions[k + 1 + Math.floor(rand() * 3)];
    if (a !== undefined && b !== undefined) pairs.push(rand() < 0.5 ? [a, b] : [b, a]);
  }
  let made = 0;
  while (made < MUTATED_PAIRS) {
    const v = pick(rand, versions);
    const w = pick(rand, MUTATIONS)(v);
    if (!dpkg.isValid(w)) continue;
    pairs.push(rand() < 0.5 ? [v, w] : [w, v]);
    made++;
  }
  return pairs;
}

/** Asks dpkg for each pair: prints -1, 0 or 1 per line. Two shell loops in parallel. */
async function dpkgVerdicts(pairs: ReadonlyArray<[string, string]>): Promise<number[]> {
  const script =
    'while read -r a b; do ' +
    'if dpkg --compare-versions "$a" lt "$b"; then echo -1; ' +
    'elif dpkg --compare-versions "$a" eq "$b"; then echo 0; ' +
    'else echo 1; fi; done';
  const half = Math.ceil(pairs.length / 2);
  const chunks = [pairs.slice(0, half), pairs.slice(half)];
  const outs = await Promise.all(chunks.map((chunk) => runWithInput('sh', ['-c', script], chunk.map(([a, b]) => `${a} ${b}\n`).join(''))));
  return outs.flatMap((o) =>
    o
      .split('\n')
      .filter((l) => l !== '')
      .map(Number),
  );
}

describe('dpkg agreement with dpkg --compare-versions', () => {
  it('orders ≥ 5,000 pairs of real version strings exactly as dpkg does', { timeout: 120_000 }, async () => {
    if (!commandExists('dpkg') || !commandExists('dpkg-query')) {
      throw new Error('dpkg and dpkg-query are required for this test: run it on Debian/Ubuntu (apt-get install -y dpkg)');
    }
    const real = realDebianVersions();
    if (real.fallback) console.warn(`dpkg agreement: ${real.fallback}`);
    const invalid = real.versions.filter((v) => !dpkg.isValid(v));
    expect(invalid.slice(0, 20), 'real Debian versions that isValid rejects').toEqual([]);

    const pairs = drawPairs(real.versions);
    expect(pairs.length).toBeGreaterThanOrEqual(5000);
    const started = Date.now();
    const verdicts = await dpkgVerdicts(pairs);
    const ms = Date.now() - started;
    expect(verdicts).toHaveLength(pairs.length);

    const mismatches: string[] = [];
    pairs.forEach(([a, b], i) => {
      const ours = Math.sign(dpkgCompare(a, b));
      if (ours !== verdicts[i]) mismatches.push(`${a} vs ${b}: dpkg ${verdicts[i]}, ours ${ours}`);
    });
    const tally = { lt: 0, eq: 0, gt: 0 };
    for (const v of verdicts) tally[v < 0 ? 'lt' : v > 0 ? 'gt' : 'eq']++;
    console.info(
      `dpkg agreement: ${pairs.length} pairs from ${real.versions.length} versions (${real.sources.join(', ')}); ` +
        `dpkg took ${ms} ms; lt/eq/gt ${tally.lt}/${tally.eq}/${tally.gt}`,
    );
    expect(mismatches.slice(0, 20)).toEqual([]);
    // The draw must exercise every outcome, equality included.
    expect(tally.eq).toBeGreaterThan(0);
  });
});
