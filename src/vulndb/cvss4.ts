// CVSS v4.0 scores computed from the vector: the FIRST specification's MacroVector method (section 8), with the
// MacroVector scores, highest-severity vectors and severity depths of FIRST's reference calculator
// (FIRSTdotorg/cvss-v4-calculator: cvss_lookup.js, max_composed.js, max_severity.js) as data.

const IMPACT = ['H', 'L', 'N'];
const MODIFIED_IMPACT = ['X', 'H', 'L', 'N'];
const REQUIREMENT = ['X', 'H', 'M', 'L'];
/** Metric → allowed values. The eleven base metrics are required; the rest default to X (not defined). */
const METRICS: Readonly<Record<string, readonly string[]>> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: IMPACT,
  VI: IMPACT,
  VA: IMPACT,
  SC: IMPACT,
  SI: IMPACT,
  SA: IMPACT,
  E: ['X', 'A', 'P', 'U'],
  CR: REQUIREMENT,
  IR: REQUIREMENT,
  AR: REQUIREMENT,
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MAT: ['X', 'N', 'P'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'P', 'A'],
  MVC: MODIFIED_IMPACT,
  MVI: MODIFIED_IMPACT,
  MVA: MODIFIED_IMPACT,
  MSC: MODIFIED_IMPACT,
  MSI: ['X', 'S', 'H', 'L', 'N'],
  MSA: ['X', 'S', 'H', 'L', 'N'],
  S: ['X', 'N', 'P'],
  AU: ['X', 'N', 'Y'],
  R: ['X', 'A', 'U', 'I'],
  V: ['X', 'D', 'C'],
  RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
};
const BASE = ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'] as const;

/** MacroVector (EQ1…EQ6 digits) → score of its highest-severity vector (cvss_lookup.js). */
const MACRO_SCORES: ReadonlyMap<string, number> = new Map(
  [
    '000000:10 000001:9.9 000010:9.8 000011:9.5 000020:9.5 000021:9.2 000100:10 000101:9.6 000110:9.3 000111:8.7',
    '000120:9.1 000121:8.1 000200:9.3 000201:9 000210:8.9 000211:8 000220:8.1 000221:6.8 001000:9.8 001001:9.5',
    '001010:9.5 001011:9.2 001020:9 001021:8.4 001100:9.3 001101:9.2 001110:8.9 001111:8.1 001120:8.1 001121:6.5',
    '001200:8.8 001201:8 001210:7.8 001211:7 001220:6.9 001221:4.8 002001:9.2 002011:8.2 002021:7.2 002101:7.9',
    '002111:6.9 002121:5 002201:6.9 002211:5.5 002221:2.7 010000:9.9 010001:9.7 010010:9.5 010011:9.2 010020:9.2',
    '010021:8.5 010100:9.5 010101:9.1 010110:9 010111:8.3 010120:8.4 010121:7.1 010200:9.2 010201:8.1 010210:8.2',
    '010211:7.1 010220:7.2 010221:5.3 011000:9.5 011001:9.3 011010:9.2 011011:8.5 011020:8.5 011021:7.3 011100:9.2',
    '011101:8.2 011110:8 011111:7.2 011120:7 011121:5.9 011200:8.4 011201:7 011210:7.1 011211:5.2 011220:5',
    '011221:3 012001:8.6 012011:7.5 012021:5.2 012101:7.1 012111:5.2 012121:2.9 012201:6.3 012211:2.9 012221:1.7',
    '100000:9.8 100001:9.5 100010:9.4 100011:8.7 100020:9.1 100021:8.1 100100:9.4 100101:8.9 100110:8.6 100111:7.4',
    '100120:7.7 100121:6.4 100200:8.7 100201:7.5 100210:7.4 100211:6.3 100220:6.3 100221:4.9 101000:9.4 101001:8.9',
    '101010:8.8 101011:7.7 101020:7.6 101021:6.7 101100:8.6 101101:7.6 101110:7.4 101111:5.8 101120:5.9 101121:5',
    '101200:7.2 101201:5.7 101210:5.7 101211:5.2 101220:5.2 101221:2.5 102001:8.3 102011:7 102021:5.4 102101:6.5',
    '102111:5.8 102121:2.6 102201:5.3 102211:2.1 102221:1.3 110000:9.5 110001:9 110010:8.8 110011:7.6 110020:7.6',
    '110021:7 110100:9 110101:7.7 110110:7.5 110111:6.2 110120:6.1 110121:5.3 110200:7.7 110201:6.6 110210:6.8',
    '110211:5.9 110220:5.2 110221:3 111000:8.9 111001:7.8 111010:7.6 111011:6.7 111020:6.2 111021:5.8 111100:7.4',
    '111101:5.9 111110:5.7 111111:5.7 111120:4.7 111121:2.3 111200:6.1 111201:5.2 111210:5.7 111211:2.9 111220:2.4',
    '111221:1.6 112001:7.1 112011:5.9 112021:3 112101:5.8 112111:2.6 112121:1.5 112201:2.3 112211:1.3 112221:0.6',
    '200000:9.3 200001:8.7 200010:8.6 200011:7.2 200020:7.5 200021:5.8 200100:8.6 200101:7.4 200110:7.4 200111:6.1',
    '200120:5.6 200121:3.4 200200:7 200201:5.4 200210:5.2 200211:4 200220:4 200221:2.2 201000:8.5 201001:7.5',
    '201010:7.4 201011:5.5 201020:6.2 201021:5.1 201100:7.2 201101:5.7 201110:5.5 201111:4.1 201120:4.6 201121:1.9',
    '201200:5.3 201201:3.6 201210:3.4 201211:1.9 201220:1.9 201221:0.8 202001:6.4 202011:5.1 202021:2 202101:4.7',
    '202111:2.1 202121:1.1 202201:2.4 202211:0.9 202221:0.4 210000:8.8 210001:7.5 210010:7.3 210011:5.3 210020:6',
    '210021:5 210100:7.3 210101:5.5 210110:5.9 210111:4 210120:4.1 210121:2 210200:5.4 210201:4.3 210210:4.5',
    '210211:2.2 210220:2 210221:1.1 211000:7.5 211001:5.5 211010:5.8 211011:4.5 211020:4 211021:2.1 211100:6.1',
    '211101:5.1 211110:4.8 211111:1.8 211120:2 211121:0.9 211200:4.6 211201:1.8 211210:1.7 211211:0.7 211220:0.8',
    '211221:0.2 212001:5.3 212011:2.4 212021:1.4 212101:2.4 212111:1.2 212121:0.5 212201:1 212211:0.3 212221:0.1',
  ]
    .join(' ')
    .split(' ')
    .map((pair): [string, number] => {
      const [k = '', v = ''] = pair.split(':');
      return [k, Number(v)];
    }),
);

/** The highest-severity vectors of each EQ level (max_composed.js); EQ3 is keyed by EQ3 then EQ6. */
const MAX_COMPOSED = {
  eq1: [['AV:N/PR:N/UI:N/'], ['AV:A/PR:N/UI:N/', 'AV:N/PR:L/UI:N/', 'AV:N/PR:N/UI:P/'], ['AV:P/PR:N/UI:N/', 'AV:A/PR:L/UI:P/']],
  eq2: [['AC:L/AT:N/'], ['AC:H/AT:N/', 'AC:L/AT:P/']],
  eq3: [
    [['VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/'], ['VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/', 'VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/']],
    [
      ['VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/', 'VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/'],
      [
        'VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/',
        'VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/',
        'VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/',
        'VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/',
        'VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/',
      ],
    ],
    [[], ['VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/']],
  ],
  eq4: [['SC:H/SI:S/SA:S/'], ['SC:H/SI:H/SA:H/'], ['SC:L/SI:L/SA:L/']],
  eq5: [['E:A/'], ['E:P/'], ['E:U/']],
} as const;

/** Severity depth of each EQ level, +1 (max_severity.js); EQ3 is keyed by EQ3 then EQ6. */
const MAX_SEVERITY = {
  eq1: [1, 4, 5],
  eq2: [1, 2],
  eq3eq6: [
    [7, 6],
    [8, 8],
    [NaN, 10],
  ],
  eq4: [6, 5, 4],
} as const;

/** Per-metric distance levels of the reference calculator (a step is 0.1). */
const LEVELS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  AV: { N: 0.0, A: 0.1, L: 0.2, P: 0.3 },
  PR: { N: 0.0, L: 0.1, H: 0.2 },
  UI: { N: 0.0, P: 0.1, A: 0.2 },
  AC: { L: 0.0, H: 0.1 },
  AT: { N: 0.0, P: 0.1 },
  VC: { H: 0.0, L: 0.1, N: 0.2 },
  VI: { H: 0.0, L: 0.1, N: 0.2 },
  VA: { H: 0.0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 },
  SI: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  SA: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0.0, M: 0.1, L: 0.2 },
  IR: { H: 0.0, M: 0.1, L: 0.2 },
  AR: { H: 0.0, M: 0.1, L: 0.2 },
};

export type Cvss4Metrics = ReadonlyMap<string, string>;

/**
 * Parses a v4.0 vector: `CVSS:4.0/` then metric:value pairs, every base metric present, each metric at most
 * once, every value one the specification allows. Undefined when the vector is not valid.
 */
export function parseCvss4(vector: string): Cvss4Metrics | undefined {
  if (typeof vector !== 'string' || vector.length > 512) return undefined;
  const parts = vector.trim().split('/');
  if (parts.shift() !== 'CVSS:4.0') return undefined;
  const m = new Map<string, string>();
  for (const part of parts) {
    const [k, v, extra] = part.split(':');
    if (k === undefined || v === undefined || extra !== undefined || m.has(k)) return undefined;
    if (!Object.hasOwn(METRICS, k) || !(METRICS[k] ?? []).includes(v)) return undefined;
    m.set(k, v);
  }
  return BASE.every((k) => m.has(k)) ? m : undefined;
}

/** The effective value of a metric: a modified (M*) value overrides the base one; X threat and requirements are their worst case. */
function effective(m: Cvss4Metrics, metric: string): string {
  const selected = m.get(metric) ?? 'X';
  if (metric === 'E' && selected === 'X') return 'A';
  if ((metric === 'CR' || metric === 'IR' || metric === 'AR') && selected === 'X') return 'H';
  const modified = m.get(`M${metric}`);
  if (modified !== undefined && modified !== 'X') return modified;
  return selected;
}

/** The MacroVector: the six equivalence classes EQ1…EQ6 as digits. */
export function macroVector(m: Cvss4Metrics): string {
  const v = (k: string): string => effective(m, k);
  const eq1 = v('AV') === 'N' && v('PR') === 'N' && v('UI') === 'N' ? 0 : (v('AV') === 'N' || v('PR') === 'N' || v('UI') === 'N') && v('AV') !== 'P' ? 1 : 2;
  const eq2 = v('AC') === 'L' && v('AT') === 'N' ? 0 : 1;
  const eq3 = v('VC') === 'H' && v('VI') === 'H' ? 0 : v('VC') === 'H' || v('VI') === 'H' || v('VA') === 'H' ? 1 : 2;
  const eq4 = v('MSI') === 'S' || v('MSA') === 'S' ? 0 : v('SC') === 'H' || v('SI') === 'H' || v('SA') === 'H' ? 1 : 2;
  const eq5 = v('E') === 'A' ? 0 : v('E') === 'P' ? 1 : 2;
  const eq6 = (v('CR') === 'H' && v('VC') === 'H') || (v('IR') === 'H' && v('VI') === 'H') || (v('AR') === 'H' && v('VA') === 'H') ? 0 : 1;
  return `${eq1}${eq2}${eq3}${eq4}${eq5}${eq6}`;
}

/** The value of `metric` in a "AV:N/PR:N/UI:N/" fragment. */
function fragmentValue(fragment: string, metric: string): string {
  return new RegExp(`(?:^|/)${metric}:([^/]+)/`).exec(fragment)?.[1] ?? '';
}

const lookup = (macro: string): number => MACRO_SCORES.get(macro) ?? NaN;

/**
 * The CVSS v4.0 score of a vector (CVSS-B, -BT, -BE or -BTE, whichever metrics it gives), rounded to one
 * decimal; undefined for an invalid vector.
 */
export function cvss4Score(vector: string): number | undefined {
  const m = parseCvss4(vector);
  if (!m) return undefined;
  if (['VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((k) => effective(m, k) === 'N')) return 0;
  const macro = macroVector(m);
  const eq = [...macro].map(Number) as [number, number, number, number, number, number];
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eq;
  let value = lookup(macro);
  const at = (d1: number, d2: number, d3: number, d4: number, d5: number, d6: number): string => `${d1}${d2}${d3}${d4}${d5}${d6}`;

  // 1a. The score of the next lower MacroVector of each EQ (NaN when there is none).
  const lowerEq1 = lookup(at(eq1 + 1, eq2, eq3, eq4, eq5, eq6));
  const lowerEq2 = lookup(at(eq1, eq2 + 1, eq3, eq4, eq5, eq6));
  let lowerEq3Eq6: number;
  if (eq3 === 0 && eq6 === 0) {
    const left = lookup(at(eq1, eq2, eq3, eq4, eq5, eq6 + 1));
    const right = lookup(at(eq1, eq2, eq3 + 1, eq4, eq5, eq6));
    lowerEq3Eq6 = left > right ? left : right;
  } else if (eq3 === 1 && eq6 === 0) {
    lowerEq3Eq6 = lookup(at(eq1, eq2, eq3, eq4, eq5, eq6 + 1));
  } else if ((eq3 === 0 || eq3 === 1) && eq6 === 1) {
    lowerEq3Eq6 = lookup(at(eq1, eq2, eq3 + 1, eq4, eq5, eq6));
  } else {
    lowerEq3Eq6 = lookup(at(eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1));
  }
  const lowerEq4 = lookup(at(eq1, eq2, eq3, eq4 + 1, eq5, eq6));
  const lowerEq5 = lookup(at(eq1, eq2, eq3, eq4, eq5 + 1, eq6));

  // 1b. The severity distance from the first highest-severity vector of the MacroVector that the vector does not exceed.
  const maxVectors: string[] = [];
  for (const a of MAX_COMPOSED.eq1[eq1] ?? [])
    for (const b of MAX_COMPOSED.eq2[eq2] ?? [])
      for (const c of MAX_COMPOSED.eq3[eq3]?.[eq6] ?? [])
        for (const d of MAX_COMPOSED.eq4[eq4] ?? []) for (const e of MAX_COMPOSED.eq5[eq5] ?? []) maxVectors.push(a + b + c + d + e);
  const names = ['AV', 'PR', 'UI', 'AC', 'AT', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA', 'CR', 'IR', 'AR'] as const;
  let dist: Record<string, number> = {};
  for (const max of maxVectors) {
    dist = {};
    for (const k of names) dist[k] = (LEVELS[k]?.[effective(m, k)] ?? NaN) - (LEVELS[k]?.[fragmentValue(max, k)] ?? NaN);
    if (!names.some((k) => (dist[k] ?? 0) < 0)) break;
  }
  const d = (k: string): number => dist[k] ?? NaN;
  const currentEq1 = d('AV') + d('PR') + d('UI');
  const currentEq2 = d('AC') + d('AT');
  const currentEq3Eq6 = d('VC') + d('VI') + d('VA') + d('CR') + d('IR') + d('AR');
  const currentEq4 = d('SC') + d('SI') + d('SA');

  // 1c-d, 2. Each EQ's share of the distance to the next lower MacroVector; their mean is taken off the score.
  const step = 0.1;
  const parts: number[] = [];
  const add = (available: number, current: number, depth: number): void => {
    if (!Number.isNaN(available)) parts.push(available * (current / depth));
  };
  add(value - lowerEq1, currentEq1, (MAX_SEVERITY.eq1[eq1] ?? NaN) * step);
  add(value - lowerEq2, currentEq2, (MAX_SEVERITY.eq2[eq2] ?? NaN) * step);
  add(value - lowerEq3Eq6, currentEq3Eq6, (MAX_SEVERITY.eq3eq6[eq3]?.[eq6] ?? NaN) * step);
  add(value - lowerEq4, currentEq4, (MAX_SEVERITY.eq4[eq4] ?? NaN) * step);
  // EQ5 has no depth: a lower MacroVector counts in the mean, with a share of 0.
  if (!Number.isNaN(value - lowerEq5)) parts.push(0);
  const mean = parts.length === 0 ? 0 : parts.reduce((s, x) => s + x, 0) / parts.length;
  value -= mean;
  value = Math.min(10, Math.max(0, value));
  // Half up, with 1e-6 against float noise (8.6 - 7.15 = 1.4499…): as the current reference implementations
  // (FIRST's calculator since its CVSS40 refactor, Red Hat's cvss library) round.
  return Math.round((value + 1e-6) * 10) / 10;
}
