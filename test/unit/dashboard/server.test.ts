import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDashboardServer,
  CONTENT_SECURITY_POLICY,
  SESSION_COOKIE,
  localPath,
  LoginLimiter,
  SessionSigner,
  type DashboardServer,
} from '../../../src/dashboard/server.js';
import { AuditRunStore } from '../../../src/history/audit-runs.js';
import { HistoryStore } from '../../../src/history/store.js';
import { DIGEST_API, DIGEST_WEB, SECRET_VALUE, XSS, seedHistory } from './seed-history.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-dash-srv-'));
const file = path.join(dir, 'history.db');
let scans: HistoryStore;
let runs: AuditRunStore;
const servers: DashboardServer[] = [];

async function start(extra: Partial<Parameters<typeof createDashboardServer>[0]> = {}): Promise<string> {
  const d = createDashboardServer({ sources: { scans, runs }, version: 'test', pollMs: 100, log: () => undefined, ...extra });
  servers.push(d);
  await new Promise<void>((r) => d.server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(d.server.address() as AddressInfo).port}`;
}

beforeAll(() => {
  seedHistory(file);
  scans = new HistoryStore(file);
  runs = AuditRunStore.open(file, { readonly: true });
});

afterAll(async () => {
  for (const s of servers) await s.close();
  scans.close();
  runs.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pages', () => {
  let base: string;
  beforeAll(async () => {
    base = await start();
  });

  it('serves every page with the strict CSP and no inline script or style', async () => {
    for (const p of [
      '/',
      '/services',
      '/services/shop_web',
      '/services/shop_api',
      '/images',
      `/images/${encodeURIComponent(DIGEST_WEB)}`,
      '/vulnerabilities/CVE-2023-0464',
      '/nodes',
      '/networks',
      '/runs',
      '/runs/5',
    ]) {
      const res = await fetch(base + p);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const text = await res.text();
      expect(text).not.toMatch(/<script(?![^>]*\bsrc="\/assets\/app\.js")/);
      expect(text).not.toMatch(/\sstyle=|<style/);
      expect(text).not.toContain(SECRET_VALUE);
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe|\*|https?:/);
  });

  it('escapes a finding that carries markup', async () => {
    const text = await (await fetch(`${base}/services/shop_api`)).text();
    expect(text).not.toContain(XSS);
    expect(text).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
  });

  it('shows the numbers of the history: latest run score and counts, scan counts, new since last scan', async () => {
    const latest = runs.latest()!;
    const text = await (await fetch(base + '/')).text();
    expect(text).toContain(`data-count="score">${latest.score}</b>`);
    expect(text).toContain(`data-count="HIGH">${latest.counts.HIGH}</b>`);
    const svc = await (await fetch(`${base}/services/shop_web`)).text();
    expect(svc).toContain('data-count="CRITICAL">1</b>');
    expect(svc).toContain('CVE-2024-2961'); // new since the previous scan of nginx
  });

  it('paginates and filters by the query string', async () => {
    const key = encodeURIComponent(DIGEST_API);
    const p1 = await (await fetch(`${base}/images/${key}`)).text();
    expect(p1).toContain('Page 1 of 2');
    expect((p1.match(/<td class="sev /g) ?? []).length).toBe(25);
    const p2 = await (await fetch(`${base}/images/${key}?page=2`)).text();
    expect((p2.match(/<td class="sev /g) ?? []).length).toBe(5);
    const high = await (await fetch(`${base}/images/${key}?severity=HIGH&fixed=1`)).text();
    expect((high.match(/<td class="sev HIGH/g) ?? []).length).toBe(5); // i % 3 == 0 and i % 2 == 0 of 0..29
    expect(high).not.toMatch(/<td class="sev LOW/);
    const pkg = await (await fetch(`${base}/images/${key}?package=libpkg1`)).text();
    expect((pkg.match(/<td class="sev /g) ?? []).length).toBe(11); // libpkg1, libpkg10..19
  });

  it('answers unknown pages with 404 and writes with 405', async () => {
    expect((await fetch(`${base}/services/nope`)).status).toBe(404);
    expect((await fetch(`${base}/runs/999`)).status).toBe(404);
    expect((await fetch(`${base}/nothing/here`)).status).toBe(404);
    // Sections that take no name, or need one, and paths one level too deep.
    for (const p of ['/nothing', '/nodes/x', '/networks/x', '/vulnerabilities', '/services/a/b', '/images/a/b/c'])
      expect((await fetch(`${base}${p}`)).status, p).toBe(404);
    expect((await fetch(`${base}/images/%E0%A4%A`)).status).toBe(404);
    const post = await fetch(`${base}/services`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await fetch(`${base}/${'x'.repeat(5000)}`)).status).toBe(414);
  });

  it('serves its assets with an ETag and says when there is no SBOM source', async () => {
    const css = await fetch(`${base}/assets/app.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    const again = await fetch(`${base}/assets/app.css`, { headers: { 'If-None-Match': css.headers.get('etag')! } });
    expect(again.status).toBe(304);
    const sbom = await fetch(`${base}/images/${encodeURIComponent(DIGEST_WEB)}/sbom.cdx.json`);
    expect(sbom.status).toBe(404);
  });

  it('refuses a Host it does not listen as (DNS rebinding) when it has no token', async () => {
    const port = new URL(base).port;
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/', headers: { Host: `evil.example:${port}` } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(res).toBe(421);
  });

  it('pushes a change event when another process records a scan', async () => {
    const ctl = new AbortController();
    const res = await fetch(`${base}/events`, { signal: ctl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const writer = new HistoryStore(file);
    const id = writer.enqueue({ digest: DIGEST_WEB, repository: 'nginx', tag: '1.27', trigger: 'deploy' });
    writer.close();
    let seen = '';
    while (!seen.includes('event: change')) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += Buffer.from(value).toString('utf8');
    }
    ctl.abort();
    expect(seen).toContain(`"latestScan":${id}`);
  });
});

describe('authentication', () => {
  const token = 'a-long-test-token-0123456789';
  let base: string;
  beforeAll(async () => {
    base = await start({ token });
  });

  it('sends browsers to sign in, and takes the bearer token from scripts', async () => {
    const res = await fetch(`${base}/services?page=1`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/services?page=1')}`);
    expect((await fetch(`${base}/events`)).status).toBe(401);
    expect((await fetch(`${base}/services`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${base}/services`, { headers: { Authorization: 'Bearer wrong' }, redirect: 'manual' })).status).toBe(303);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('signs in with the token into an HttpOnly SameSite cookie that is not the token', async () => {
    const bad = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ token: 'nope', next: '/nodes' }), redirect: 'manual' });
    expect(bad.status).toBe(401);
    const ok = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ token, next: '/nodes' }), redirect: 'manual' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/nodes');
    const set = ok.headers.get('set-cookie')!;
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(set).not.toContain(token);
    expect(set).toMatch(/Max-Age=43200/);
    const value = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(set)![1]!;
    const page = await fetch(`${base}/nodes`, { headers: { Cookie: `${SESSION_COOKIE}=${value}` } });
    expect(page.status).toBe(200);
    // A forged or altered session is not one.
    const forged = await fetch(`${base}/nodes`, { headers: { Cookie: `${SESSION_COOKIE}=${value.slice(0, -2)}xx` }, redirect: 'manual' });
    expect(forged.status).toBe(303);
    const cross = await fetch(`${base}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token }),
      headers: { Origin: 'http://evil.example' },
      redirect: 'manual',
    });
    expect(cross.status).toBe(403);
  });

  it('only returns to paths on this server', async () => {
    // The reported redirect: browsers drop the tab and go to //evil.example/.
    const tab = await fetch(`${base}/login?next=/%09/evil.example/`, { method: 'GET', redirect: 'manual' });
    expect(await tab.text()).not.toContain('evil.example');
    for (const next of ['/\t/evil.example/', '/\n/evil.example/', '//evil.example/', '/ /evil.example', '/\u00a0/x', 'http://dashboard.invalid/x'])
      expect(localPath(next), JSON.stringify(next)).toBe('/');
    for (const next of ['/\t/evil.example/', '//evil.example/']) {
      const r = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ token, next }), redirect: 'manual' });
      expect(r.headers.get('location'), JSON.stringify(next)).toBe('/');
    }
    expect(localPath('/images?page=2')).toBe('/images?page=2');
    expect(localPath('//evil.example/')).toBe('/');
    expect(localPath('/\\evil.example')).toBe('/');
    expect(localPath('https://evil.example/')).toBe('/');
    expect(localPath(null)).toBe('/');
  });
});

describe('sessions and sign-in limits', () => {
  it('a session expires, and one signed by another start is not valid', () => {
    const a = new SessionSigner(1000);
    const v = a.issue(5000);
    expect(a.valid(v, 5500)).toBe(true);
    expect(a.valid(v, 6000)).toBe(false);
    expect(a.valid(v, 4000)).toBe(false);
    expect(new SessionSigner(1000).valid(v, 5500)).toBe(false);
    expect(a.valid('x')).toBe(false);
  });

  it('refuses sign-ins after ten failures a minute from one address', () => {
    const l = new LoginLimiter(10, 60_000);
    for (let i = 0; i < 10; i++) l.failed('1.2.3.4', 1000 + i);
    expect(l.blocked('1.2.3.4', 2000)).toBe(true);
    expect(l.blocked('5.6.7.8', 2000)).toBe(false);
    expect(l.blocked('1.2.3.4', 62_000)).toBe(false);
  });
});
