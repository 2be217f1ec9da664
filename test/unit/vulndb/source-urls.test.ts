// Source URLs are kept and printed without credentials or query strings; `user:pw@` URLs are refused; one
// source's oversized member is refused by position and skips that source only.
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSourceFlag, publicUrl } from '../../../src/vulndb/config.js';
import { downloadSource } from '../../../src/vulndb/download.js';
import { topLevelMembers } from '../../../src/vulndb/json-stream.js';
import { closeServer, listenOnLoopback } from '../../helpers/loopback.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('sg-srcurl-');
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if ((req.url ?? '').startsWith('/feed')) return void res.writeHead(200, { 'Content-Length': '2' }).end('{}');
    if ((req.url ?? '').startsWith('/missing')) return void res.writeHead(404).end();
    res.writeHead(404).end();
  });
  base = await listenOnLoopback(server);
});
afterAll(() => closeServer(server));

describe('source URLs', () => {
  it('refuses user:pw@ URLs without printing the password', () => {
    let message = '';
    try {
      parseSourceFlag('osv=https://alice:s3cr3t-pw@mirror.example/osv/all.zip');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/carries a user name or password: refused/);
    expect(message).not.toContain('s3cr3t-pw');
    expect(() => parseSourceFlag('not a url s3cr3t')).toThrow(/a value of \d+ characters is not a URL/);
  });

  it('keeps no query string or fragment in the id, the stored URL or an error', async () => {
    const src = parseSourceFlag(`nvd=${base}/feed.json?token=SECRET123#x`);
    expect(src.id).toBe(`${base}/feed.json`);
    expect(src.urls[0]).toContain('SECRET123'); // used for the download itself
    expect(publicUrl('https://h.example:8443/a/b?k=v')).toBe('https://h.example:8443/a/b');
    const r = await downloadSource(src.urls, path.join(dir, 'f1'));
    expect(r.url).toBe(`${base}/feed.json`);
    const e = await downloadSource([`${base}/missing?token=SECRET123`], path.join(dir, 'f2')).catch((x: Error) => x);
    expect(e instanceof Error ? e.message : '').toMatch(/HTTP 404/);
    expect(e instanceof Error ? e.message : '').not.toContain('SECRET123');
  });
});

describe('one oversized top-level member', () => {
  it('is refused with its position, never its bytes', async () => {
    const f = path.join(dir, 'huge.json');
    writeFileSync(f, `{"ok": {"a": 1}, "huge": "${'A'.repeat(3 << 20)}"}`);
    const seen: string[] = [];
    const run = async () => {
      for await (const m of topLevelMembers(f, 1 << 20)) if (m.ok) seen.push(m.key);
    };
    const err = await run().catch((e: Error) => e);
    expect(String(err)).toMatch(/a top-level member larger than 1048576 characters \(it starts before character \d+\)/);
    expect(String(err)).not.toContain('AAAA');
  });
});
