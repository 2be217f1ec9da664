// docs/cis.md maps recommendation ids across CIS Docker Benchmark 1.6.0, 1.7.0 and 1.8.0: its tables must say
// what the catalogues in src/core/references/cis-docker.ts say, row by row.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, CIS_VERSIONS, cisEntry, entryForCheck, type CatalogueEntry, type CisVersion } from '../../../../src/core/references/cis-docker.js';

const doc = readFileSync(new URL('../../../../docs/cis.md', import.meta.url), 'utf8');
/** The rows of the table whose header cells are `header` (however the columns are padded). */
const table = (header: string): string[][] => {
  const cells = (line: string) =>
    line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
  const want = cells(header).join('|');
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|') && cells(l).join('|') === want);
  expect(start, header).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start + 2, end < 0 ? undefined : end).map(cells);
};
const requirements = (): string[] => [...new Set(CIS_VERSIONS.flatMap((v) => CATALOGUES[v].map((e) => e.check)))];
const cell = (e: CatalogueEntry | undefined): string => (e ? `${e.id} ${e.automated ? 'A' : 'M'} L${e.level}` : '—');

/** What changes for requirement `k` from one version to the next, as the catalogues state it. */
function changes(k: string): string[] {
  const es = CIS_VERSIONS.map((v) => entryForCheck(v, k));
  const out: string[] = [];
  for (const [a, b] of [
    [0, 1],
    [1, 2],
  ] as const) {
    const [va, vb] = [CIS_VERSIONS[a], CIS_VERSIONS[b]] as [CisVersion, CisVersion];
    const [ea, eb] = [es[a], es[b]];
    if (!ea && eb && !es[0] && !out.some((c) => c.startsWith('new') || c.startsWith('changed'))) {
      const replaced = CATALOGUES[va].find((x) => x.id === eb.id && x.check !== k && !entryForCheck(vb, x.check));
      out.push(replaced ? `changed in ${vb}: replaces \`${replaced.check}\`` : `new in ${vb}`);
    }
    if (ea && !eb) {
      const by = cisEntry(vb, ea.id);
      out.push(by && by.check !== k && !entryForCheck(va, by.check) ? `changed in ${vb}: see \`${by.check}\`` : `removed in ${vb}`);
    }
    if (ea && eb && ea.id !== eb.id) out.push(`renumbered in ${vb}`);
    // Labels, levels and titles are compared between the two CIS sources only (1.6.0's are docker-bench-security's).
    if (a === 1 && ea && eb && ea.title !== eb.title) out.push(`retitled in ${vb}`);
    if (a === 1 && ea && eb && ea.automated !== eb.automated) out.push(`label in ${vb}`);
    if (a === 1 && ea && eb && ea.level !== eb.level) out.push(`level in ${vb}`);
  }
  return out.length > 0 ? out : ['same'];
}

describe('docs/cis.md against the catalogues', () => {
  const rows = table('| Requirement | 1.6.0 | 1.7.0 | 1.8.0 | Change |');

  it('has one row per requirement, each with its id, label and level in every version', () => {
    expect(rows.map((r) => /^`([^`]+)`/.exec(r[0]!)?.[1])).toEqual(requirements());
    for (const r of rows) {
      const k = /^`([^`]+)`/.exec(r[0]!)![1]!;
      const es = CIS_VERSIONS.map((v) => entryForCheck(v, k));
      expect(r.slice(1, 4), k).toEqual(es.map(cell));
      expect(r[0], k).toContain((es[2] ?? es[1] ?? es[0])!.title.replace(/\|/g, '\\|'));
    }
  });

  it('names every change: new, changed, renumbered, relabelled', () => {
    for (const r of rows) {
      const k = /^`([^`]+)`/.exec(r[0]!)![1]!;
      expect(r[4]!.split('; '), k).toEqual(changes(k));
    }
    // What the sources say changed, spelled out.
    const change = (k: string) => rows.find((r) => r[0]!.startsWith(`\`${k}\``))![4];
    expect(change('1.8.0/2.7')).toBe('new in 1.8.0');
    expect(change('1.7.0/1.1.9')).toBe('changed in 1.7.0: replaces `1.1.9`');
    expect(change('2.7')).toBe('renumbered in 1.8.0');
    expect(rows.filter((r) => r[4] === 'renumbered in 1.8.0')).toHaveLength(12);
  });

  it('counts the recommendations of each section as the catalogues hold them', () => {
    const counts = table('| Section | 1.6.0 | 1.7.0 | 1.8.0 |');
    for (const [section, ...cells] of counts) {
      const of = (v: CisVersion) => (section === 'all' ? [...CATALOGUES[v]] : CATALOGUES[v].filter((e) => e.section === section));
      expect(cells, section).toEqual(CIS_VERSIONS.map((v) => `${of(v).length} (${of(v).filter((e) => e.automated).length} A)`));
    }
    expect(counts.map((c) => c[0])).toEqual(['1.1', '1.2', '2', '3', '4', '5', '6', '7', 'all']);
  });
});

describe('the catalogues', () => {
  it('hold each id once per version, and each requirement once per version', () => {
    for (const v of CIS_VERSIONS) {
      expect(new Set(CATALOGUES[v].map((e) => e.id)).size, v).toBe(CATALOGUES[v].length);
      expect(new Set(CATALOGUES[v].map((e) => e.check)).size, v).toBe(CATALOGUES[v].length);
    }
    expect(CATALOGUES['1.7.0']).toHaveLength(117);
    expect(CATALOGUES['1.8.0']).toHaveLength(118);
  });

  it('keep the 1.7.0 and 1.8.0 facts of their sources', () => {
    const e = (v: CisVersion, id: string) => cisEntry(v, id)!;
    expect(e('1.8.0', '2.7')).toMatchObject({ title: 'Ensure devicemapper storage driver is not used', automated: false, level: 1, check: '1.8.0/2.7' });
    expect(e('1.8.0', '2.8')).toMatchObject({ title: 'Ensure TLS authentication for Docker daemon is configured', check: '2.7' });
    expect(e('1.7.0', '1.1.9').title).toMatch(/- docker\.sock$/);
    expect(e('1.7.0', '1.1.4').automated).toBe(false);
    expect(e('1.7.0', '1.1.18').automated).toBe(true);
    expect(e('1.7.0', '7.1').profile).toBe('Level 1 - Docker Swarm');
    expect(e('1.8.0', '2.10')).toMatchObject({ title: 'Enable user namespace support', level: 2 });
  });
});
