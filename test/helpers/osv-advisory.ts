// OSV advisories written as files for `db import` (test databases made for the test images): one writer for every test.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes DIR/ID.json: package `name` of `ecosystem` affected by `id` over `events`; `extra` adds top-level fields. */
export function writeOsvAdvisory(
  dir: string,
  id: string,
  affected: { ecosystem: string; name: string; events: object[]; databaseSpecific?: object },
  extra: object = {},
  summary = `${affected.name}: test advisory`,
): string {
  const f = path.join(dir, `${id}.json`);
  const { ecosystem, name, events, databaseSpecific } = affected;
  writeFileSync(
    f,
    JSON.stringify({
      schema_version: '1.6.0',
      id,
      modified: '2026-01-01T00:00:00Z',
      summary,
      affected: [
        { package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events }], ...(databaseSpecific ? { database_specific: databaseSpecific } : {}) },
      ],
      ...extra,
    }),
  );
  return f;
}

/** Writes DIR/ID.json: `name` affected by `id` over `events` (default: every version, no fix), rated `severity`. */
export function writeDebianAdvisory(dir: string, id: string, name: string, severity: string, events: object[] = [{ introduced: '0' }]): string {
  return writeOsvAdvisory(dir, id, { ecosystem: 'Debian:12', name, events, databaseSpecific: { severity } }, {}, `${name}: ${id}`);
}
