// The ignore file (.swarmguardignore): vulnerability ids to leave out, each with an optional expiry and a reason.
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import { scanMessages } from './messages.js';

export interface IgnoreEntry {
  id: string;
  /** Last day (UTC, inclusive) the entry applies. */
  expires?: string;
  reason?: string;
  line: number;
}

export interface IgnorePolicy {
  file: string;
  entries: IgnoreEntry[];
}

const ID_RE = /^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+$/;

/**
 * One entry per line: `CVE-2023-1234 [exp:YYYY-MM-DD] [# reason]`. Blank lines and lines
 * starting with `#` are comments. A malformed line is an error naming the line, so a typo
 * never silently ignores (or fails to ignore) something.
 */
export function parseIgnoreFile(text: string, file: string): IgnorePolicy {
  const entries: IgnoreEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const hash = raw.indexOf('#');
    const body = (hash >= 0 ? raw.slice(0, hash) : raw).trim();
    const reason = hash >= 0 ? raw.slice(hash + 1).trim() : '';
    if (body === '') return;
    const [id, ...rest] = body.split(/\s+/);
    if (id === undefined || !ID_RE.test(id))
      throw new InputError(file, scanMessages.say('scan.ignore.badId', { id: id ?? '' }), { line, hint: scanMessages.say('scan.ignore.badId.hint') });
    const entry: IgnoreEntry = { id: id.toUpperCase(), line, ...(reason !== '' ? { reason } : {}) };
    for (const opt of rest) {
      const m = /^exp:(\d{4}-\d{2}-\d{2})$/.exec(opt);
      if (!m?.[1] || Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) {
        throw new InputError(file, scanMessages.say('scan.ignore.badOption', { opt }), { line, hint: scanMessages.say('scan.ignore.badOption.hint') });
      }
      entry.expires = m[1];
    }
    entries.push(entry);
  });
  return { file, entries };
}

export function loadIgnoreFile(file: string, required: boolean): IgnorePolicy | undefined {
  if (!existsSync(file)) {
    if (required) throw new InputError(file, scanMessages.say('scan.ignore.missing'));
    return undefined;
  }
  return parseIgnoreFile(readFileSync(file, 'utf8'), file);
}

export function isExpired(entry: IgnoreEntry, now: Date): boolean {
  return entry.expires !== undefined && now.toISOString().slice(0, 10) > entry.expires;
}

export interface IgnoreOutcome {
  kept: Finding[];
  ignored: Finding[];
  /** Entries that would have matched but expired: worth telling the user. */
  expired: IgnoreEntry[];
}

/** Ids a finding is known by: the shown id, the advisory id. */
function idsOf(f: Finding): string[] {
  const ids = [f.id.toUpperCase()];
  const adv = f.evidence?.advisory;
  if (typeof adv === 'string') ids.push(adv.toUpperCase());
  for (const r of f.references) ids.push(r.id.toUpperCase());
  return ids;
}

export function applyIgnore(findings: readonly Finding[], policy: IgnorePolicy | undefined, now = new Date()): IgnoreOutcome {
  if (!policy) return { kept: [...findings], ignored: [], expired: [] };
  const active = new Map<string, IgnoreEntry>();
  const expiredById = new Map<string, IgnoreEntry>();
  for (const e of policy.entries) (isExpired(e, now) ? expiredById : active).set(e.id, e);
  const kept: Finding[] = [];
  const ignored: Finding[] = [];
  const expired = new Set<IgnoreEntry>();
  for (const f of findings) {
    const ids = idsOf(f);
    if (ids.some((id) => active.has(id))) {
      ignored.push(f);
      continue;
    }
    for (const id of ids) {
      const e = expiredById.get(id);
      if (e) expired.add(e);
    }
    kept.push(f);
  }
  return { kept, ignored, expired: [...expired] };
}
