// `db update` against a loopback HTTP server: incremental NVD (yearly feeds weekly, the modified feed with
// its ETag), every Alpine branch from the secdb index, one failing source, download limits, and KEV and EPSS as
// default sources (their published URLs served from loopback under the same paths; `db status` lists them).
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { english, type Message } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { dbStatus } from '../../../src/cli/db.js';
import { EPSS_URLS, KEV_URLS, defaultSources, type SourceConfig } from '../../../src/vulndb/config.js';
import { downloadSource } from '../../../src/vulndb/download.js';
import { VulnStore } from '../../../src/vulndb/store.js';
import { parseAlpineIndex, updateDatabase } from '../../../src/vulndb/update.js';
import { closeServer, listenOnLoopback } from '../../helpers/loopback.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('sg-update-');
const quiet = { log: () => undefined, progress: () => ({ tick() {}, total() {}, done() {} }) };
const sample = JSON.parse(readFileSync('test/fixtures/vulndb/nvd-2.0-feed-sample.json', 'utf8')) as {
  vulnerabilities: { cve: { id: string; lastModified: string; metrics: Record<string, unknown> } }[];
};
const secdb = (p: string) => readFileSync(path.join('test/fixtures/vulndb/alpine-secdb', p));

const yearly = gzipSync(JSON.stringify(sample));
const kevBody = readFileSync('test/fixtures/exploitation/known_exploited_vulnerabilities.json');
const epssBody = gzipSync(readFileSync('test/fixtures/exploitation/epss_scores-sample.csv'));
let modified = gzipSync(JSON.stringify({ format: 'NVD_CVE', vulnerabilities: [] }));
let modifiedTag = '"m1"';
const hits: { url: string; inm?: string }[] = [];
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    hits.push({ url, ...(typeof req.headers['if-none-match'] === 'string' ? { inm: req.headers['if-none-match'] } : {}) });
    const send = (body: Buffer, etag: string) => {
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
      res.writeHead(200, { ETag: etag, 'Content-Length': String(body.length) }).end(body);
    };
    if (url === '/nvd/nvdcve-2.0-2024.json.gz') return send(yearly, '"y1"');
    if (url === '/nvd/nvdcve-2.0-modified.json.gz') return send(modified, modifiedTag);
    if (url === '/secdb/') {
      return void res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end(
          '<html><body><h1>Index of /</h1><a href="../">../</a>\n<a href="v3.3/">v3.3/</a> 01-Jan-2020\n<a href="v3.10/">v3.10/</a>\n<a href="v3.4/">v3.4/</a>\n</body></html>',
        );
    }
    const m = /^\/secdb\/(v3\.(?:3|4|10))\/(main|community)\.json$/.exec(url);
    if (m) return send(secdb(`${m[1]}/${m[2]}.yaml`), `"${m[1]}-${m[2]}"`);
    // Past the 64 Mi-character limit of one top-level member, made only when asked for.
    if (url === '/debian-huge.json') {
      const huge = Buffer.from(`{"openssl": {}, "huge": "${'A'.repeat((64 << 20) + 16)}"}`);
      return void res.writeHead(200, { 'Content-Length': String(huge.length) }).end(huge);
    }
    if (url === '/big') return void res.writeHead(200, { 'Content-Length': String(10_000) }).end(Buffer.alloc(10_000));
    if (url === '/big-chunked') {
      res.writeHead(200);
      for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000));
      return void res.end();
    }
    if (url === '/stall') {
      res.writeHead(200, { 'Content-Length': '1000' });
      return void res.write(Buffer.alloc(10)); // and never more
    }
    if (url === '/moved') return void res.writeHead(302, { Location: '/nvd/nvdcve-2.0-2024.json.gz' }).end();
    // KEV: www.cisa.gov (under /cisa/) is down, the cisagov/kev-data mirror answers. EPSS: as
    // epss.empiricalsecurity.com does, the current file is a redirect to the dated one.
    if (url === '/cisa/known_exploited_vulnerabilities.json') return void res.writeHead(503).end();
    if (url === '/cisagov/kev-data/main/known_exploited_vulnerabilities.json') return send(kevBody, '"kev-1"');
    if (url === '/epss_scores-current.csv.gz') return void res.writeHead(302, { Location: '/epss_scores-2026-09-29.csv.gz' }).end();
    if (url === '/epss_scores-2026-09-29.csv.gz') return send(epssBody, '"epss-1"');
    res.writeHead(404).end();
  });
  base = await listenOnLoopback(server);
});
afterAll(() => closeServer(server));

const nvdSources = (): SourceConfig[] => [
  { id: 'nvd-2024', type: 'nvd', urls: [`${base}/nvd/nvdcve-2.0-2024.json.gz`], refreshDays: 7 },
  { id: 'nvd-modified', type: 'nvd', urls: [`${base}/nvd/nvdcve-2.0-modified.json.gz`] },
];
const day = (n: number) => new Date(Date.UTC(2026, 5, 1 + n));
const severityOf = (db: string, id: string) => {
  const s = VulnStore.open(db, { readonly: true });
  try {
    return s.nvd(id)?.cvss.find((c) => c.type === 'Primary' && c.version.startsWith('3'))?.severity;
  } finally {
    s.close();
  }
};

describe('incremental NVD update', () => {
  const db = path.join(dir, 'nvd.db');

  it('first run downloads the yearly and the modified feed', async () => {
    hits.length = 0;
    const out = await updateDatabase(db, nvdSources(), { ...quiet, now: day(0) });
    expect(out.map((o) => o.status)).toEqual(['imported', 'imported']);
    expect(severityOf(db, 'CVE-2024-6387')).toBe('HIGH');
  });

  it('the next day only the modified feed is asked for (with its ETag), and its newer record wins', async () => {
    const changed = structuredClone(sample.vulnerabilities[1]!);
    changed.cve.lastModified = '2026-06-02T00:00:00.000';
    changed.cve.metrics = {
      cvssMetricV31: [
        {
          source: 'nvd@nist.gov',
          type: 'Primary',
          cvssData: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' },
        },
      ],
    };
    modified = gzipSync(JSON.stringify({ format: 'NVD_CVE', vulnerabilities: [changed] }));
    modifiedTag = '"m2"';
    hits.length = 0;
    const out = await updateDatabase(db, nvdSources(), { ...quiet, now: day(1) });
    expect(out.map((o) => o.status)).toEqual(['fresh', 'imported']);
    expect(hits).toEqual([{ url: '/nvd/nvdcve-2.0-modified.json.gz', inm: '"m1"' }]);
    expect(severityOf(db, 'CVE-2024-6387')).toBe('CRITICAL');
  });

  it('an unchanged modified feed answers 304 and the database file is not rewritten', async () => {
    const before = readFileSync(db);
    hits.length = 0;
    const out = await updateDatabase(db, nvdSources(), { ...quiet, now: day(2) });
    expect(out.map((o) => o.status)).toEqual(['fresh', 'not-modified']);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('after a week the yearly feed is asked for again, conditionally', async () => {
    hits.length = 0;
    await updateDatabase(db, nvdSources(), { ...quiet, now: day(9) });
    expect(hits.map((h) => [h.url, h.inm])).toEqual([
      ['/nvd/nvdcve-2.0-2024.json.gz', '"y1"'],
      ['/nvd/nvdcve-2.0-modified.json.gz', '"m2"'],
    ]);
  });
});

describe('Alpine: every branch the secdb index lists', () => {
  it('parses the branch directories of an index page, in order', () => {
    expect(
      parseAlpineIndex('<a href="../">../</a><a href="edge/">edge/</a><a href="v3.21/">v3.21/</a><a href="v3.9/">v3.9/</a><a href="last-update">x</a>'),
    ).toEqual(['v3.9', 'v3.21', 'edge']);
  });

  it('imports main and community of each listed branch, the empty v3.3 community as 0', async () => {
    const db = path.join(dir, 'alpine.db');
    const out = await updateDatabase(db, [{ id: 'alpine', type: 'alpine-secdb-index', urls: [`${base}/secdb/`] }], { ...quiet, now: day(0) });
    expect(out.map((o) => o.id)).toEqual([
      'alpine/v3.3/main',
      'alpine/v3.3/community',
      'alpine/v3.4/main',
      'alpine/v3.4/community',
      'alpine/v3.10/main',
      'alpine/v3.10/community',
    ]);
    const s = VulnStore.open(db, { readonly: true });
    try {
      expect(s.source('alpine/v3.3/community')?.advisories).toBe(0);
      expect(s.namespaces().map((n) => n.namespace)).toEqual(['alpine:v3.10', 'alpine:v3.3', 'alpine:v3.4']);
    } finally {
      s.close();
    }
  });

  it('the default sources list NVD from 2002 to this year plus the modified feed, and the Alpine index', () => {
    const ids = defaultSources(new Date(Date.UTC(2026, 0, 5))).map((s) => s.id);
    expect(ids).toContain('alpine');
    expect(ids.filter((i) => /^nvd-\d{4}$/.test(i))).toHaveLength(25);
    expect(ids).toContain('nvd-modified');
    expect(ids).toEqual(
      expect.arrayContaining([
        'osv-ubuntu',
        'osv-rocky-linux',
        'osv-almalinux',
        'osv-red-hat',
        'osv-suse',
        'osv-wolfi',
        'osv-chainguard',
        'osv-go',
        'osv-maven',
      ]),
    );
  });
});

describe('a failing source', () => {
  it('is named, the others are updated, the command fails, and its previous data stays', async () => {
    const db = path.join(dir, 'partial.db');
    await updateDatabase(db, nvdSources(), { ...quiet, now: day(0) });
    const sources: SourceConfig[] = [
      { id: 'nvd-2024', type: 'nvd', urls: [`${base}/missing.json.gz`] },
      { id: 'alpine-v3.4-main', type: 'alpine-secdb', urls: [`${base}/secdb/v3.4/main.json`] },
    ];
    const err = await updateDatabase(db, sources, { ...quiet, force: true, now: day(1) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/1 source\(s\) could not be updated .*nvd-2024/);
    expect((err as UserError).message).toContain('(the other 1 were checked): nvd-2024: ');
    const s = VulnStore.open(db, { readonly: true });
    try {
      expect(s.source('nvd-2024')?.advisories).toBe(2);
      expect(s.source('alpine-v3.4-main')?.advisories).toBeGreaterThan(600);
    } finally {
      s.close();
    }
  });
});

describe('one source with an oversized top-level member', () => {
  // It aborted the whole `db update` before: now that member is skipped, without quoting its bytes, and the other
  // source is still imported.
  it('skips the member, says so without its bytes, and still imports the other source', async () => {
    const db = path.join(dir, 'huge-member.db');
    const lines: string[] = [];
    const said: Message[] = [];
    const sources: SourceConfig[] = [
      { id: 'debian-tracker', type: 'debian-tracker', urls: [`${base}/debian-huge.json`] },
      { id: 'alpine-v3.4-main', type: 'alpine-secdb', urls: [`${base}/secdb/v3.4/main.json`] },
    ];
    await updateDatabase(db, sources, {
      ...quiet,
      log: (l) => {
        said.push(l);
        lines.push(english(l));
      },
      force: true,
    });
    expect(lines).toContain('debian-tracker: 0 advisories imported, 1 skipped (1 malformed)');
    expect(lines.join('\n')).toMatch(/alpine-v3\.4-main: \d+ advisories imported/);
    expect(lines.join('\n')).not.toContain('AAAA');
    // Said by id: --lang ja prints the same lines in Japanese.
    expect(localizeMessage(said[0]!, 'ja')).toBe('debian-tracker: アドバイザリ 0 件を取り込みました。1 件は読み飛ばしました（1 malformed）');
    const s = VulnStore.open(db, { readonly: true });
    try {
      expect(s.source('alpine-v3.4-main')?.advisories).toBeGreaterThan(600);
    } finally {
      s.close();
    }
  }, 60_000);
});

describe('download limits', () => {
  const dest = path.join(dir, 'dl');
  const fails = (p: Promise<unknown>) =>
    p.then(
      () => '',
      (e: Error) => e.message,
    );

  it('refuses a body larger than the limit, announced or streamed', async () => {
    expect(await fails(downloadSource([`${base}/big`], dest, { maxBytes: 5000 }))).toMatch(/announces 10000 bytes \(limit 5000\)/);
    expect(await fails(downloadSource([`${base}/big-chunked`], dest, { maxBytes: 5000 }))).toMatch(/more than 5000 bytes/);
    expect((await downloadSource([`${base}/big-chunked`], dest, { maxBytes: 20_000 })).status).toBe('downloaded');
  });

  it('gives up on a body that stops sending', async () => {
    expect(await fails(downloadSource([`${base}/stall`], dest, { bodyIdleTimeoutMs: 300 }))).toMatch(/no data for/);
  });

  it('follows a plain redirect', async () => {
    const r = await downloadSource([`${base}/moved`], dest);
    expect(r.status).toBe('downloaded');
    writeFileSync(dest, '');
  });
});

/** A published URL served from loopback: the same path (the mirror's repository prefix dropped), another host. */
const onLoopback = (u: string): string => `${base}${new URL(u).pathname.replace(/^\/sites\/default\/files\/feeds\//, '/cisa/')}`;

describe('KEV and EPSS as default sources', () => {
  it('are in the defaults with their published URLs, official host first', () => {
    const byId = new Map(defaultSources(new Date(Date.UTC(2026, 11, 6))).map((s) => [s.id, s]));
    expect(byId.get('kev')).toEqual({ id: 'kev', type: 'kev', urls: KEV_URLS });
    expect(byId.get('epss')).toEqual({ id: 'epss', type: 'epss', urls: EPSS_URLS });
    expect(KEV_URLS[0]).toBe('https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json');
    expect(KEV_URLS[1]).toBe('https://raw.githubusercontent.com/cisagov/kev-data/main/known_exploited_vulnerabilities.json');
    expect(EPSS_URLS[0]).toBe('https://epss.empiricalsecurity.com/epss_scores-current.csv.gz');
    // Neither waits for a refresh period: both change more often than any.
    expect(byId.get('kev')?.refreshDays).toBeUndefined();
    expect(byId.get('epss')?.refreshDays).toBeUndefined();
  });

  it('db update of the two fills KEV and EPSS through the mirror and the redirect; db status lists them; a second run is 304', async () => {
    const db = path.join(dir, 'vuln.db');
    const sources: SourceConfig[] = defaultSources()
      .filter((s) => s.id === 'kev' || s.id === 'epss')
      .map((s) => ({ ...s, urls: s.urls.map(onLoopback) }));
    expect(sources.map((s) => s.urls[0])).toEqual([`${base}/cisa/known_exploited_vulnerabilities.json`, `${base}/epss_scores-current.csv.gz`]);
    const first = await updateDatabase(db, sources, quiet);
    expect(first.map((o) => [o.id, o.status])).toEqual([
      ['kev', 'imported'],
      ['epss', 'imported'],
    ]);
    expect(hits.map((h) => h.url)).toContain('/cisa/known_exploited_vulnerabilities.json'); // tried, 503
    expect(hits.map((h) => h.url)).toContain('/cisagov/kev-data/main/known_exploited_vulnerabilities.json');
    expect(hits.map((h) => h.url)).toContain('/epss_scores-2026-09-29.csv.gz');

    const s = VulnStore.open(db, { readonly: true });
    try {
      // Log4Shell is one of the 23 catalogue entries kept; CVE-2023-28840 (Docker) one of the EPSS rows.
      expect(s.kev('CVE-2021-44228')).toMatchObject({ dateAdded: '2021-12-10', knownRansomware: true });
      expect(s.epss('CVE-2023-28840')).toMatchObject({ date: '2026-09-29' });
    } finally {
      s.close();
    }
    const status = dbStatus(db) as { sources: { id: string; type: string; advisories: number; url: string | null }[] };
    const rows = new Map(status.sources.map((r) => [r.id, r]));
    expect(rows.get('kev')).toMatchObject({ type: 'kev', advisories: 23 });
    expect(rows.get('epss')?.type).toBe('epss');
    expect(rows.get('epss')?.advisories).toBe(readFileSync('test/fixtures/exploitation/epss_scores-sample.csv', 'utf8').trim().split('\n').length - 2);

    const again = await updateDatabase(db, sources, quiet);
    expect(again.map((o) => o.status)).toEqual(['not-modified', 'not-modified']);
  });
});
