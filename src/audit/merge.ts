// One problem, one finding: when two sources (the benchmark and the host tips, say) report the same CIS
// recommendation about the same host, the audit keeps one finding with both sources' references.
import type { Finding, Reference } from '../core/finding.js';
import { compareSeverity } from '../core/severity.js';
import { cisEntry, isCisVersion } from '../core/references/cis-docker.js';

/** Targets that name the host an audit runs on (the node, its engine, the host itself). */
const HOST_SCOPED = new Set(['node', 'host', 'engine']);

// By requirement, not number: 1.8.0's 2.8 is 1.6.0's 2.7 (src/core/references/cis-docker.ts).
const cisIds = (f: Finding): string[] =>
  f.references
    .filter((r) => r.type === 'cis-docker')
    .map((r) => cisEntry(r.version !== undefined && isCisVersion(r.version) ? r.version : '1.6.0', r.id)?.check ?? r.id);
const refKey = (r: Reference): string => `${r.type}:${r.version ?? ''}:${r.id}`;

export function mergeSameProblem(findings: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  const byCis = new Map<string, Finding>();
  for (const f of findings) {
    const ids = HOST_SCOPED.has(f.target.kind) ? cisIds(f) : [];
    const same = ids.map((id) => byCis.get(id)).find((x): x is Finding => x !== undefined && x.category !== f.category);
    if (!same) {
      const copy = { ...f, references: [...f.references] };
      out.push(copy);
      for (const id of ids) if (!byCis.has(id)) byCis.set(id, copy);
      continue;
    }
    const known = new Set(same.references.map(refKey));
    for (const r of f.references) if (!known.has(refKey(r))) same.references.push(r);
    if (compareSeverity(f.severity, same.severity) < 0) same.severity = f.severity;
    same.message = `${same.message} (also reported as ${f.id} by ${f.category}: ${f.message})`;
    if (f.items) same.items = [...new Set([...(same.items ?? []), ...f.items])];
  }
  return out;
}
