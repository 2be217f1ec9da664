// One bad advisory source costs no more than itself: a Debian tracker file with one top-level member past the
// streaming parser's limit (it aborted the whole `db update` before) has that member skipped, without quoting
// its bytes, and the other source is still imported. (A source that fails outright: update.test.ts.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../src/vulndb/config.js';
import { VulnStore } from '../../../src/vulndb/store.js';
import { updateDatabase } from '../../../src/vulndb/update.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-bad-source-'));
const quiet = { log: () => undefined, progress: () => ({ tick() {}, total() {}, done() {} }) };
// Past the 64 Mi-character limit of one top-level member.
const huge = Buffer.from(`{"openssl": {}, "huge": "${'A'.repeat((64 << 20) + 16)}"}`);
const alpine = readFileSync('test/fixtures/vulndb/alpine-secdb/v3.4/main.yaml');
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/debian.json') return void res.writeHead(200, { 'Content-Length': String(huge.length) }).end(huge);
    if (req.url === '/v3.4/main.json') return void res.writeHead(200, { 'Content-Length': String(alpine.length) }).end(alpine);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('db update with one bad source', () => {
  it('skips the oversized member, says so without its bytes, and still imports the other source', async () => {
    const db = path.join(dir, 'v.db');
    const lines: string[] = [];
    const sources: SourceConfig[] = [
      { id: 'debian-tracker', type: 'debian-tracker', urls: [`${base}/debian.json`] },
      { id: 'alpine-v3.4-main', type: 'alpine-secdb', urls: [`${base}/v3.4/main.json`] },
    ];
    await updateDatabase(db, sources, { ...quiet, log: (l: string) => lines.push(l), force: true });
    expect(lines).toContain('debian-tracker: 0 advisories imported, 1 skipped (1 malformed)');
    expect(lines.join('\n')).toMatch(/alpine-v3\.4-main: \d+ advisories imported/);
    expect(lines.join('\n')).not.toContain('AAAA');
    const s = VulnStore.open(db, { readonly: true });
    try {
      expect(s.source('alpine-v3.4-main')?.advisories).toBeGreaterThan(600);
    } finally {
      s.close();
    }
  }, 60_000);
});
