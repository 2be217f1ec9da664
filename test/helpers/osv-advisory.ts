// One OSV advisory for a Debian 12 source package, written as a file for `db import` (test databases made for the test images).
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes DIR/ID.json: `name` affected by `id` over `events` (default: every version, no fix), rated `severity`. */
export function writeDebianAdvisory(dir: string, id: string, name: string, severity: string, events: object[] = [{ introduced: '0' }]): string {
  const f = path.join(dir, `${id}.json`);
  writeFileSync(
    f,
    JSON.stringify({
      schema_version: '1.6.0',
      id,
      modified: '2026-01-01T00:00:00Z',
      summary: `${name}: ${id}`,
      affected: [{ package: { ecosystem: 'Debian:12', name }, ranges: [{ type: 'ECOSYSTEM', events }], database_specific: { severity } }],
    }),
  );
  return f;
}
