// CVSS v4.0, v3.x and v2 base scores computed from the vector string, per the FIRST specifications.
import type { Severity } from '../core/severity.js';
import { cvss4Score } from './cvss4.js';

export interface CvssScore {
  version: '2.0' | '3.0' | '3.1' | '4.0';
  score: number;
}

const V3_WEIGHTS = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

function parseMetrics(parts: readonly string[]): Map<string, string> | undefined {
  const m = new Map<string, string>();
  for (const part of parts) {
    const [k, v, extra] = part.split(':');
    if (k === undefined || v === undefined || extra !== undefined || k === '' || v === '') return undefined;
    // A metric given twice makes the vector invalid (spec §6).
    if (m.has(k)) return undefined;
    m.set(k, v);
  }
  return m;
}

function pick<T extends Record<string, number>>(table: T, value: string | undefined): number | undefined {
  if (value === undefined || !Object.hasOwn(table, value)) return undefined;
  return table[value as keyof T];
}

/** CVSS v3.1 Roundup: the smallest number with one decimal that is >= the input, free of float noise. */
function roundUp31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

function roundUp30(x: number): number {
  return Math.ceil(x * 10) / 10;
}

export function cvss3BaseScore(vector: string): CvssScore | undefined {
  const parts = vector.trim().split('/');
  const head = parts.shift();
  const version = head === 'CVSS:3.1' ? '3.1' : head === 'CVSS:3.0' ? '3.0' : undefined;
  if (version === undefined) return undefined;
  const m = parseMetrics(parts);
  if (!m) return undefined;
  const scope = m.get('S');
  if (scope !== 'U' && scope !== 'C') return undefined;
  const changed = scope === 'C';
  const av = pick(V3_WEIGHTS.AV, m.get('AV'));
  const ac = pick(V3_WEIGHTS.AC, m.get('AC'));
  const ui = pick(V3_WEIGHTS.UI, m.get('UI'));
  const pr = pick(changed ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 }, m.get('PR'));
  const c = pick(V3_WEIGHTS.CIA, m.get('C'));
  const i = pick(V3_WEIGHTS.CIA, m.get('I'));
  const a = pick(V3_WEIGHTS.CIA, m.get('A'));
  if (av === undefined || ac === undefined || ui === undefined || pr === undefined || c === undefined || i === undefined || a === undefined) {
    return undefined;
  }
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  const roundUp = version === '3.1' ? roundUp31 : roundUp30;
  let score: number;
  if (impact <= 0) score = 0;
  else if (changed) score = roundUp(Math.min(1.08 * (impact + exploitability), 10));
  else score = roundUp(Math.min(impact + exploitability, 10));
  return { version, score };
}

export function cvss2BaseScore(vector: string): CvssScore | undefined {
  let text = vector.trim();
  if (text.startsWith('(') && text.endsWith(')')) text = text.slice(1, -1);
  if (text.startsWith('CVSS:2.0/')) text = text.slice('CVSS:2.0/'.length);
  const m = parseMetrics(text.split('/'));
  if (!m) return undefined;
  const av = pick({ L: 0.395, A: 0.646, N: 1.0 }, m.get('AV'));
  const ac = pick({ H: 0.35, M: 0.61, L: 0.71 }, m.get('AC'));
  const au = pick({ M: 0.45, S: 0.56, N: 0.704 }, m.get('Au'));
  const cia = { N: 0, P: 0.275, C: 0.66 };
  const c = pick(cia, m.get('C'));
  const i = pick(cia, m.get('I'));
  const a = pick(cia, m.get('A'));
  if (av === undefined || ac === undefined || au === undefined || c === undefined || i === undefined || a === undefined) return undefined;
  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  const raw = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
  return { version: '2.0', score: Math.round(raw * 10 + 1e-9) / 10 };
}

/** The score of a v4.0 vector (with whatever threat and environmental metrics it carries). */
export function cvss4BaseScore(vector: string): CvssScore | undefined {
  const score = cvss4Score(vector);
  return score === undefined ? undefined : { version: '4.0', score };
}

/** The base score of a v4.0, v3.x or v2 vector; unreadable ones give undefined. */
export function cvssBaseScore(vector: string): CvssScore | undefined {
  return vector.startsWith('CVSS:3.') ? cvss3BaseScore(vector) : vector.startsWith('CVSS:4') ? cvss4BaseScore(vector) : cvss2BaseScore(vector);
}

/** The qualitative rating of a score (the v3 and v4 table; v2 has no CRITICAL band). */
export function severityFromScore(score: number, version: string): Severity {
  if (version.startsWith('2')) return score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : 'LOW';
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'INFO';
}
