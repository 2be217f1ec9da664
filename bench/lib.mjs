// Pieces the benchmark harnesses share.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** The middle value (the mean of the two middle ones for an even count). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * An advisory database in `work` holding one record in the real OSV format (every Debian 12 `bash` is affected,
 * CRITICAL), imported through the CLI at `cli` as a user would: the database's path.
 */
export function testAdvisoryDb(cli, work) {
  const osv = path.join(work, 'CVE-2099-0101.json');
  writeFileSync(
    osv,
    JSON.stringify({
      schema_version: '1.6.0',
      id: 'CVE-2099-0101',
      modified: '2026-01-01T00:00:00Z',
      summary: 'bash: test advisory',
      affected: [
        {
          package: { ecosystem: 'Debian:12', name: 'bash' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
          database_specific: { severity: 'CRITICAL' },
        },
      ],
    }),
  );
  const db = path.join(work, 'vuln.db');
  execFileSync(process.execPath, [cli, 'db', 'import', '--db', db, osv], { stdio: 'ignore' });
  return db;
}
