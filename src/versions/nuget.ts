// NuGet package versions in NuGet.Versioning's order (NuGetVersion, VersionComparer.Default).

import { defineScheme, orderElementwise, parsedOrder, sign, VersionError } from './scheme.js';
import { versionMessages as M } from './messages.js';
import type { Message } from '../core/message.js';

const MAX_LEN = 256;
const INT_MAX = 2147483647;

export interface NuGetVersion {
  /** Major, minor, patch, revision: a missing part is 0 (`1.0` = `1.0.0.0`). */
  numbers: readonly [number, number, number, number];
  /** Pre-release labels (`1.0.0-beta.2` → `["beta", "2"]`); empty for a release. */
  labels: readonly string[];
}

const LABEL_PART = /^[0-9A-Za-z-]+$/;

/**
 * NuGetVersion.TryParse: one to four numeric parts (leading zeros allowed, each at most 2^31-1), then
 * `-` and dot-separated SemVer 2 labels (letters, digits, hyphens; no empty label, no leading zero on an
 * all-digit one), then `+` and metadata, which is checked and ignored. Whitespace around the string and around
 * each number is ignored.
 */
export function parseNuGet(input: string): NuGetVersion {
  const bad = (reason: Message): never => {
    throw new VersionError('nuget', String(input).slice(0, 80), reason);
  };
  if (typeof input !== 'string' || input.length > MAX_LEN) return bad(M.say('versions.nuget.invalid'));
  const v = input.trim();
  const dash = v.indexOf('-');
  const plus = v.indexOf('+');
  const endNumbers = dash >= 0 && (plus < 0 || dash < plus) ? dash : plus >= 0 ? plus : v.length;
  const numberText = v.slice(0, endNumbers);
  const parts = numberText.split('.');
  if (parts.length > 4) bad(M.say('versions.nuget.parts'));
  const numbers: number[] = [];
  for (const p of parts) {
    // Whitespace around a number is allowed ("19 . 19"), inside one it is not ("1 9").
    if (!/^\s*[0-9]+\s*$/.test(p)) bad(M.say('versions.nuget.shape'));
    const digits = p.trim().replace(/^0+(?=.)/, '');
    if (digits.length > 10 || Number(digits) > INT_MAX) bad(M.say('versions.nuget.tooBig'));
    numbers.push(Number(digits));
  }
  let labels: string[] = [];
  if (endNumbers === dash && dash >= 0) {
    const labelText = v.slice(dash + 1, plus > dash ? plus : v.length);
    labels = labelText.split('.');
    for (const l of labels) {
      if (!LABEL_PART.test(l)) bad(M.say('versions.nuget.label'));
      if (l.length > 1 && l.startsWith('0') && /^[0-9]+$/.test(l)) bad(M.say('versions.nuget.leadingZero', { label: l }));
    }
  }
  if (plus >= 0) {
    for (const m of v.slice(plus + 1).split('.')) if (!LABEL_PART.test(m)) bad(M.say('versions.nuget.metadata'));
  }
  const [major = 0, minor = 0, patch = 0, revision = 0] = numbers;
  return { numbers: [major, minor, patch, revision], labels };
}

/** .NET int.TryParse on a label (which holds only letters, digits and hyphens): an optional `-` and digits, within 32 bits. */
function labelNumber(label: string): number | undefined {
  if (!/^-?[0-9]+$/.test(label)) return undefined;
  const n = Number(label);
  return n >= -2147483648 && n <= INT_MAX ? n : undefined;
}

/** StringComparer.OrdinalIgnoreCase on ASCII: both sides upper-cased, then compared by code unit. */
function ordinalIgnoreCase(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareLabel(a: string, b: string): number {
  const x = labelNumber(a);
  const y = labelNumber(b);
  if (x !== undefined && y !== undefined) return sign(x - y);
  if (x !== undefined || y !== undefined) return x !== undefined ? -1 : 1;
  return ordinalIgnoreCase(a, b);
}

export function compareNuGetVersions(x: NuGetVersion, y: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const c = sign((x.numbers[i] ?? 0) - (y.numbers[i] ?? 0));
    if (c !== 0) return c;
  }
  if (x.labels.length === 0 || y.labels.length === 0) return x.labels.length === y.labels.length ? 0 : x.labels.length === 0 ? 1 : -1;
  return orderElementwise(x.labels, y.labels, (a, b) => (a === undefined ? -1 : b === undefined ? 1 : compareLabel(a, b)));
}

export const nuget = defineScheme({
  id: 'nuget',
  description: 'NuGet versions in NuGet.Versioning order (four numeric parts, case-insensitive SemVer 2 labels, metadata ignored)',
  ...parsedOrder(parseNuGet, compareNuGetVersions),
});

/** NuGet's version order: -1, 0 or 1 (metadata ignored, labels case-insensitive). Throws `VersionError` on invalid input. */
export const nugetCompare = nuget.compare;
