// A small advisory DB for the real test images, made through the CLI's own `db import` from OSV records.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** bash in Debian 12 gets an unfixed CRITICAL advisory; zlib a fixed HIGH one. Returns the DB path. */
export function makeFixtureDb(dir: string): string {
  const db = path.join(dir, 'vuln.db');
  const write = (id: string, name: string, events: object[], extra: object) => {
    const file = path.join(dir, `${id}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        schema_version: '1.6.0',
        id,
        modified: '2026-01-01T00:00:00Z',
        summary: `${name}: test advisory`,
        affected: [{ package: { ecosystem: 'Debian:12', name }, ranges: [{ type: 'ECOSYSTEM', events }], ...extra }],
      }),
    );
    return file;
  };
  const files = [
    write('CVE-2099-0101', 'bash', [{ introduced: '0' }], { database_specific: { severity: 'CRITICAL' } }),
    write('CVE-2099-0102', 'zlib', [{ introduced: '0' }, { fixed: '1:1.2.13.dfsg-1+deb12u1' }], { database_specific: { severity: 'HIGH' } }),
  ];
  const r = spawnSync(process.execPath, [path.resolve('bin/swarmguard.js'), 'db', 'import', '--db', db, ...files], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`db import failed: ${r.stderr}`);
  return db;
}

/** Waits until `fn` returns (or resolves to) a value, or throws after `ms`. */
export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
