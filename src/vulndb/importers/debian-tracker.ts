// Debian security tracker importer (security-tracker.debian.org/tracker/data/json), streamed per source package.
import { dpkg } from '../../versions/index.js';
import { topLevelMembers } from '../json-stream.js';
import type { AdvisoryRecord, AffectedEntry, AffectedStatus } from '../model.js';
import { debianRelease } from '../namespace.js';
import { debianUrgency } from '../vendor-severity.js';
import type { ImportContext, Importer } from './types.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * Tracker status → ours. resolved with fixed_version "0": never affected. open/undetermined: affected,
 * no fix yet — unless the security team decided not to fix it (nodsa_reason "ignored", or the release
 * is end-of-life), which is will-not-fix. "postponed" means a fix will come with a point release: affected.
 */
export function trackerStatus(rel: Json): { status: AffectedStatus; fixed: string | null } | string {
  const status = str(rel.status);
  const fixed = str(rel.fixed_version);
  if (status === 'resolved') {
    if (fixed === undefined) return 'resolved without fixed_version';
    return fixed === '0' ? { status: 'not-affected', fixed: '0' } : { status: 'fixed', fixed };
  }
  if (status === 'open' || status === 'undetermined') {
    if (fixed !== undefined && fixed !== '0') return { status: 'fixed', fixed };
    if (str(rel.nodsa_reason) === 'ignored') return { status: 'will-not-fix', fixed: null };
    const urgency = str(rel.urgency);
    if (urgency === 'end-of-life') return { status: 'will-not-fix', fixed: null };
    return { status: 'affected', fixed: null };
  }
  if (status === 'end-of-life') return { status: 'will-not-fix', fixed: null };
  return `unknown status ${String(status)}`;
}

export function trackerPackageToRecords(srcpkg: string, value: unknown, skip: (reason: string) => void): AdvisoryRecord[] {
  if (!isObject(value)) {
    skip(`malformed: ${srcpkg}: not an object`);
    return [];
  }
  const out: AdvisoryRecord[] = [];
  for (const [id, issue] of Object.entries(value)) {
    if (!isObject(issue) || !isObject(issue.releases)) {
      skip(`malformed: ${srcpkg} ${id}: no releases`);
      continue;
    }
    const affected: AffectedEntry[] = [];
    for (const [codename, rel] of Object.entries(issue.releases)) {
      if (!isObject(rel)) {
        skip(`malformed: ${srcpkg} ${id} ${codename}`);
        continue;
      }
      const st = trackerStatus(rel);
      if (typeof st === 'string') {
        skip(`malformed: ${srcpkg} ${id} ${codename}: ${st}`);
        continue;
      }
      if (st.fixed !== null && st.fixed !== '0' && !dpkg.isValid(st.fixed)) {
        skip(`malformed: ${srcpkg} ${id} ${codename}: "${st.fixed}" is not a dpkg version`);
        continue;
      }
      const urgency = str(rel.urgency);
      const severity = debianUrgency(urgency);
      affected.push({
        namespace: `debian:${debianRelease(codename)}`,
        package: srcpkg.toLowerCase(),
        scheme: 'dpkg',
        status: st.status,
        range: { kind: 'fixed-in', fixed: st.fixed },
        fixedVersions: st.fixed !== null && st.fixed !== '0' ? [st.fixed] : [],
        ...(severity !== undefined ? { severity, severitySource: 'debian' } : {}),
      });
    }
    if (affected.length === 0) continue;
    const description = str(issue.description);
    out.push({
      advisory: {
        id,
        aliases: [],
        ...(description !== undefined ? { summary: description } : {}),
        cvss: [],
        references: [{ type: 'ADVISORY', url: `https://security-tracker.debian.org/tracker/${encodeURIComponent(id)}` }],
      },
      affected,
    });
  }
  return out;
}

export const debianTrackerImporter: Importer = {
  id: 'debian-tracker',
  description: 'Debian security tracker JSON (security-tracker.debian.org/tracker/data/json)',
  sniff: (_head, text) => text.trimStart().startsWith('{') && /"(CVE|TEMP)-[0-9A-Fa-f-]+"\s*:\s*\{/.test(text) && /"releases"\s*:/.test(text),
  async importFile(file, ctx: ImportContext) {
    let n = 0;
    for await (const member of topLevelMembers(file)) {
      if (!member.ok) {
        ctx.skip(`malformed: ${file}: ${member.error}`);
        continue;
      }
      for (const rec of trackerPackageToRecords(member.key, member.value, ctx.skip)) {
        ctx.emit(rec);
        ctx.progress?.(++n);
      }
    }
  },
};
