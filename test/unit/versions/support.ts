// Shared helpers for the version-scheme tests: a seeded random source, the
// real Debian version strings of this machine, and a way to run a batch
// command with input on stdin.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { expect, it } from 'vitest';

import { VersionError, type VersionScheme } from '../../../src/versions/scheme.js';

/** Deterministic PRNG (mulberry32) so the drawn pairs are the same on every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  const v = items[Math.floor(rand() * items.length)];
  if (v === undefined) throw new Error('pick from an empty list');
  return v;
}

export function commandExists(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const LISTS = '/var/lib/apt/lists';

export interface RealVersions {
  versions: string[];
  /** Where they came from, for the test log. */
  sources: string[];
  /** Set when the apt lists were missing and only installed packages were used. */
  fallback: string | undefined;
}

/**
 * Every distinct version string of installed packages (`dpkg-query`) and of
 * the apt package lists (`/var/lib/apt/lists/*Packages*`, read through
 * apt-helper, which undoes lz4/gz/xz compression). When there are no lists,
 * only dpkg-query's versions are used and `fallback` says so.
 */
export function realDebianVersions(): RealVersions {
  const seen = new Set<string>();
  const sources: string[] = [];
  const q = spawnSync('dpkg-query', ['-W', '-f', '${Version}\n'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (q.status !== 0) throw new Error(`dpkg-query failed: ${q.stderr}`);
  for (const line of q.stdout.split('\n')) if (line.trim() !== '') seen.add(line.trim());
  sources.push(`dpkg-query: ${seen.size}`);

  const lists = existsSync(LISTS) ? readdirSync(LISTS).filter((f) => /_Packages(\.(lz4|gz|xz|bz2|zst))?$/.test(f)) : [];
  const helper = '/usr/lib/apt/apt-helper';
  let fallback: string | undefined;
  if (lists.length === 0 || !existsSync(helper)) {
    fallback = `no apt package lists under ${LISTS} (run apt-get update); using dpkg-query's ${seen.size} versions only`;
  } else {
    for (const f of lists) {
      const r = spawnSync(helper, ['cat-file', join(LISTS, f)], { encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0) continue;
      const before = seen.size;
      for (const m of r.stdout.matchAll(/^Version: (.+)$/gm)) if (m[1] !== undefined) seen.add(m[1].trim());
      sources.push(`${f}: +${seen.size - before}`);
    }
  }
  return { versions: [...seen].sort(), sources, fallback };
}

/** Runs `cmd args` with `input` on stdin; resolves with stdout, rejects on a non-zero exit. */
export function runWithInput(cmd: string, args: readonly string[], input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${cmd} exited ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`));
    });
    child.stdin.end(input);
  });
}

// ---------------------------------------------------------------------------
// Property tests shared by every comparator

/** A string made of `parts` (each drawn from `alphabet`), between min and max parts long. */
export function stringFrom(alphabet: readonly string[], minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...alphabet), { minLength, maxLength }).map((a) => a.join(''));
}

const NUM_RUNS = 3000;

/**
 * Reflexivity, antisymmetry and transitivity over `arb` (versions the scheme
 * accepts), and behaviour on hostile strings: isValid never throws, compare
 * either orders or throws VersionError, the empty string is rejected.
 */
export function comparatorProperties(scheme: VersionScheme, arb: fc.Arbitrary<string>): void {
  const valid = arb.filter((v) => scheme.isValid(v));
  const sign = (n: number): number => Math.sign(n);

  it('accepts what the generator makes (sanity: the generator is not mostly invalid)', () => {
    const sample = fc.sample(arb, 500);
    expect(sample.filter((v) => scheme.isValid(v)).length).toBeGreaterThan(250);
  });

  it('is reflexive: compare(a, a) = 0', () => {
    fc.assert(
      fc.property(valid, (a) => scheme.compare(a, a) === 0),
      { numRuns: NUM_RUNS },
    );
  });

  it('is antisymmetric: sign(compare(a, b)) = -sign(compare(b, a))', () => {
    fc.assert(
      fc.property(valid, valid, (a, b) => sign(scheme.compare(a, b)) === -sign(scheme.compare(b, a))),
      { numRuns: NUM_RUNS },
    );
  });

  it('is transitive on triples (sorted triples stay sorted; equality is transitive)', () => {
    fc.assert(
      fc.property(valid, valid, valid, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort((p, q) => scheme.compare(p, q));
        if (x === undefined || y === undefined || z === undefined) return false;
        const xy = scheme.compare(x, y);
        const yz = scheme.compare(y, z);
        const xz = scheme.compare(x, z);
        if (xy > 0 || yz > 0 || xz > 0) return false;
        // Not both equal: the outer pair must be strictly ordered.
        return xy === 0 && yz === 0 ? xz === 0 : xz < 0;
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never throws from isValid, and compare throws only VersionError, on hostile strings', () => {
    const hostile = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      stringFrom(['0', '9', '.', '-', '_', '~', '^', ':', '+', '!', '*', 'a', 'r', 'p', ' ', '\u0000', 'é', '١'], 0, 30),
    );
    fc.assert(
      fc.property(hostile, valid, (h, v) => {
        const ok = scheme.isValid(h);
        for (const [a, b] of [
          [h, v],
          [v, h],
        ] as const) {
          try {
            const c = scheme.compare(a, b);
            if (!ok || !Number.isFinite(c)) return false;
          } catch (e) {
            if (ok || !(e instanceof VersionError)) return false;
          }
        }
        return true;
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('rejects the empty string and whitespace', () => {
    expect(scheme.isValid('')).toBe(false);
    expect(scheme.isValid('   ')).toBe(false);
    expect(() => scheme.compare('', '')).toThrow(VersionError);
  });
}

/** A decimal number with `digits` digits, and the same plus one, as strings. */
export function hugePair(digits: number): [string, string] {
  const n = BigInt(`1${'7'.repeat(digits - 1)}`);
  return [n.toString(), (n + 1n).toString()];
}

/** Two versions and the sign their scheme's compare gives them. */
export type OrderCase = [string, string, -1 | 0 | 1];

/** "a < b", "a = b" or "a > b": two versions and the order their scheme gives them; a case with blanks is a triple. */
export function orderCase(text: string | OrderCase): OrderCase {
  if (typeof text !== 'string') return text;
  const m = /^(\S+) ([<=>]) (\S+)$/.exec(text);
  if (!m) throw new Error(`not "a < b": ${JSON.stringify(text)}`);
  return [m[1]!, m[3]!, m[2] === '<' ? -1 : m[2] === '>' ? 1 : 0];
}

/**
 * One test per case ("a < b") that `compare` orders the two versions as written, and the other way round: the sign
 * of its result, or the result itself where `exact` (a compare that promises -1, 0 or 1). `also` checks more of a case.
 */
export function itOrders(
  compare: (a: string, b: string) => number,
  cases: readonly (string | OrderCase)[],
  options: { exact?: boolean; also?: (a: string, b: string, want: -1 | 0 | 1) => void } = {},
): void {
  const said = options.exact ? (n: number) => n : Math.sign;
  it.each(cases.map(orderCase))('%s vs %s → %i', (a, b, want) => {
    expect(said(compare(a, b))).toBe(want);
    expect(said(compare(b, a))).toBe(want === 0 ? 0 : -want);
    options.also?.(a, b, want);
  });
}

/** One test per string that `scheme` refuses it: not valid, and its compare throws VersionError naming the scheme. */
export function itRejects(scheme: VersionScheme, invalid: readonly string[], valid = '1.0'): void {
  it.each(invalid)('rejects %j', (v) => {
    expect(scheme.isValid(v)).toBe(false);
    expect(() => scheme.compare(v, valid)).toThrow(VersionError);
    expect(() => scheme.compare(valid, v)).toThrow(new RegExp(`invalid ${scheme.id} version`));
  });
}

/** SemVer 2.0 §11's precedence example, pairwise (semver.org): NuGet (SemVer201SpecTests) follows it too. */
export const SEMVER_11_EXAMPLE: readonly string[] = [
  '1.0.0-alpha < 1.0.0-alpha.1',
  '1.0.0-alpha.1 < 1.0.0-alpha.beta',
  '1.0.0-alpha.beta < 1.0.0-beta',
  '1.0.0-beta < 1.0.0-beta.2',
  '1.0.0-beta.2 < 1.0.0-beta.11',
  '1.0.0-beta.11 < 1.0.0-rc.1',
  '1.0.0-rc.1 < 1.0.0',
];
