// Parsers for the duration, byte-size and CPU strings compose files use, with Go's and docker's semantics.
import { SaidError } from '../core/errors.js';
import { stackMessages as M } from './messages.js';

/** Thrown by the parsers; the caller names the compose path and turns it into an InputError. */
export class UnitParseError extends SaidError {}

const DURATION_UNITS: Record<string, number> = {
  ns: 1,
  us: 1_000,
  µs: 1_000,
  μs: 1_000,
  ms: 1_000_000,
  s: 1_000_000_000,
  m: 60_000_000_000,
  h: 3_600_000_000_000,
};

/**
 * Parses a Go duration ("1m30s", "1.5h", "250ms", "0") into nanoseconds, as compose does through
 * time.ParseDuration. A bare number is refused except 0: "30" is ambiguous and the docker CLI rejects it too.
 */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') {
    if (input === 0) return 0;
    throw new UnitParseError(M.say('stack.unit.durationNoUnit', { value: input }));
  }
  const s = input.trim();
  if (s === '') throw new UnitParseError(M.say('stack.unit.durationEmpty'));
  if (s === '0' || s === '+0' || s === '-0') return 0;
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  const part = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/;
  let total = 0;
  let matched = false;
  while (rest.length > 0) {
    const m = part.exec(rest);
    if (!m) throw new UnitParseError(M.say('stack.unit.durationExample', { value: input }));
    const value = Number(m[1]);
    const unit = DURATION_UNITS[m[2] as string] as number;
    total += value * unit;
    rest = rest.slice(m[0].length);
    matched = true;
  }
  if (!matched) throw new UnitParseError(M.say('stack.unit.notDuration', { value: input }));
  const ns = Math.round(total) * sign;
  if (!Number.isSafeInteger(ns)) throw new UnitParseError(M.say('stack.unit.durationLarge', { value: input }));
  if (ns < 0) throw new UnitParseError(M.say('stack.unit.durationNegative', { value: input }));
  return ns;
}

/** Formats nanoseconds the way Go prints a time.Duration ("1m30s", "500ms", "0s"), for plans and messages. */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  if (ns < 1_000) return `${ns}ns`;
  if (ns < 1_000_000) return `${trim(ns / 1_000)}µs`;
  if (ns < 1_000_000_000) return `${trim(ns / 1_000_000)}ms`;
  let out = '';
  let rest = ns;
  const h = Math.floor(rest / 3_600_000_000_000);
  rest -= h * 3_600_000_000_000;
  const m = Math.floor(rest / 60_000_000_000);
  rest -= m * 60_000_000_000;
  if (h > 0) out += `${h}h`;
  if (h > 0 || m > 0) out += `${m}m`;
  out += `${trim(rest / 1_000_000_000)}s`;
  return out;
}

function trim(n: number): string {
  return Number(n.toFixed(9)).toString();
}

const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * Parses a memory size like docker's RAMInBytes: "512M", "1g", "1.5GiB", "100kb", "2048" (bytes).
 * Units are binary (k = 1024) whatever the spelling, as docker reads them.
 */
export function parseBytes(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input < 0) throw new UnitParseError(M.say('stack.unit.notByteCount', { value: input }));
    return input;
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s?([kmgtp])?(i)?(b)?\s*$/i.exec(input);
  if (!m) throw new UnitParseError(M.say('stack.unit.sizeExample', { value: input }));
  const unit = (m[2] ?? '').toLowerCase();
  if (m[3] !== undefined && unit === '') throw new UnitParseError(M.say('stack.unit.notSize', { value: input }));
  const bytes = Math.floor(Number(m[1]) * (BYTE_UNITS[unit] as number));
  if (!Number.isSafeInteger(bytes)) throw new UnitParseError(M.say('stack.unit.sizeLarge', { value: input }));
  return bytes;
}

/** Parses `cpus: "0.5"` into NanoCPUs (500000000), refusing more than nine decimals as docker does. */
export function parseNanoCpus(input: string | number): number {
  const s = (typeof input === 'number' ? String(input) : input).trim();
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new UnitParseError(M.say('stack.unit.notCpus', { value: s }));
  const frac = m[2] ?? '';
  if (frac.replace(/0+$/, '').length > 9) throw new UnitParseError(M.say('stack.unit.cpusPrecise', { value: s }));
  const nano = Number(m[1]) * 1_000_000_000 + Number((frac + '000000000').slice(0, 9));
  if (!Number.isSafeInteger(nano)) throw new UnitParseError(M.say('stack.unit.cpusLarge', { value: s }));
  return nano;
}
