// The NVD CVE JSON 2.0 importer: every CVSS metric kept, gzip feeds, API records, and hostile feeds.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { detectImporter } from '../../../src/vulndb/importers/index.js';
import { nvdImporter, nvdMetric, nvdToRecord } from '../../../src/vulndb/importers/nvd.js';
import { arrayElements } from '../../../src/vulndb/json-stream.js';
import type { AdvisoryRecord } from '../../../src/vulndb/model.js';
import { VulnStore } from '../../../src/vulndb/store.js';
import { importFiles } from '../../../src/vulndb/update.js';

const SAMPLE = 'test/fixtures/vulndb/nvd-2.0-feed-sample.json';
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-nvd-'));
const quiet = { log: () => undefined, progress: () => ({ tick() {}, total() {}, done() {} }) };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(file: string): Promise<{ records: AdvisoryRecord[]; skips: string[] }> {
  const records: AdvisoryRecord[] = [];
  const skips: string[] = [];
  await nvdImporter.importFile(file, { emit: (r) => 'advisory' in r && records.push(r), skip: (s) => skips.push(s) });
  return { records, skips };
}

const sample = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { vulnerabilities: { cve: Record<string, unknown> }[] };
const write = (name: string, data: string | Buffer): string => {
  const f = path.join(dir, name);
  writeFileSync(f, data);
  return f;
};

describe('NVD CVE JSON 2.0 on the real feed sample', () => {
  it('stores every CVSS metric with source, type, vector, score and severity (v2 severity beside cvssData)', async () => {
    const { records, skips } = await run(SAMPLE);
    expect(skips).toEqual([]);
    const byId = Object.fromEntries(records.map((r) => [r.advisory.id, r.advisory]));
    expect(byId['CVE-2016-2179']?.cvss).toEqual([
      { vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', version: '3.0', score: 7.5, source: 'nvd@nist.gov', type: 'Primary', severity: 'HIGH' },
      { vector: 'AV:N/AC:L/Au:N/C:N/I:N/A:P', version: '2.0', score: 5, source: 'nvd@nist.gov', type: 'Primary', severity: 'MEDIUM' },
    ]);
    expect(byId['CVE-2024-6387']?.cvss.map((c) => [c.source, c.type, c.version, c.score, c.severity])).toEqual([
      ['nvd@nist.gov', 'Primary', '3.1', 8.1, 'HIGH'],
      ['secalert@redhat.com', 'Secondary', '3.1', 8.1, 'HIGH'],
    ]);
    expect(byId['CVE-2024-6387']?.modified).toBe('2024-07-09T06:15:03.513');
    expect(byId['CVE-2016-2179']?.summary).toMatch(/^The DTLS implementation in OpenSSL/);
  });

  it('reads the gzip feed (nvdcve-2.0-YYYY.json.gz) and detects its format through the gzip', async () => {
    const gz = write('nvdcve-2.0-2024.json.gz', gzipSync(readFileSync(SAMPLE)));
    expect((await detectImporter(gz)).id).toBe('nvd');
    expect((await run(gz)).records.map((r) => r.advisory.id)).toEqual(['CVE-2016-2179', 'CVE-2024-6387']);
  });

  it('reads a per-CVE record as the NVD API returns it, and a bare cve object', async () => {
    const api = write(
      'api.json',
      JSON.stringify({ resultsPerPage: 1, startIndex: 0, totalResults: 1, format: 'NVD_CVE', version: '2.0', vulnerabilities: [sample.vulnerabilities[1]] }),
    );
    expect((await run(api)).records.map((r) => r.advisory.id)).toEqual(['CVE-2024-6387']);
    const bare = write('bare.json', JSON.stringify(sample.vulnerabilities[0]?.cve));
    expect((await detectImporter(bare)).id).toBe('nvd');
    expect((await run(bare)).records.map((r) => r.advisory.id)).toEqual(['CVE-2016-2179']);
  });

  it('CVSS v4.0 metrics are kept with their score and severity', () => {
    const rec = nvdToRecord(
      {
        cve: {
          id: 'CVE-2024-0001',
          vulnStatus: 'Analyzed',
          metrics: {
            cvssMetricV40: [
              {
                source: 'cna@example.org',
                type: 'Secondary',
                cvssData: {
                  version: '4.0',
                  vectorString: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
                  baseScore: 9.3,
                  baseSeverity: 'CRITICAL',
                },
              },
            ],
          },
        },
      },
      () => undefined,
    );
    expect(rec?.advisory.cvss).toEqual([
      {
        vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
        version: '4.0',
        score: 9.3,
        source: 'cna@example.org',
        type: 'Secondary',
        severity: 'CRITICAL',
      },
    ]);
  });

  it('a CVSS v4.0 metric published without a score is scored from its vector; the published score wins when there is one', () => {
    const metric = (cvssData: object) => nvdMetric({ source: 'cna@example.org', type: 'Secondary', cvssData }, '4.0');
    const vector = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N';
    expect(metric({ version: '4.0', vectorString: vector })).toMatchObject({ vector, version: '4.0', score: 5.3 });
    expect(metric({ version: '4.0', vectorString: vector, baseScore: 5.1 })).toMatchObject({ score: 5.1 });
    expect(metric({ version: '4.0', vectorString: 'CVSS:4.0/AV:N' })).not.toHaveProperty('score');
  });
});

describe('NVD bad input', () => {
  it('records with no metrics (awaiting analysis) are skipped and counted, not stored', async () => {
    const awaiting = { cve: { id: 'CVE-2026-0001', vulnStatus: 'Awaiting Analysis', metrics: {} } };
    const noMetrics = { cve: { id: 'CVE-2026-0002', vulnStatus: 'Received' } };
    const f = write('awaiting.json', JSON.stringify({ format: 'NVD_CVE', vulnerabilities: [awaiting, ...sample.vulnerabilities, noMetrics] }));
    const { records, skips } = await run(f);
    expect(records).toHaveLength(2);
    expect(skips).toEqual(['no metrics: CVE-2026-0001 (Awaiting Analysis)', 'no metrics: CVE-2026-0002 (Received)']);
  });

  it('malformed records are skipped and counted while the rest import', async () => {
    const f = write(
      'malformed.json',
      JSON.stringify({
        format: 'NVD_CVE',
        vulnerabilities: [
          42,
          { cve: { id: 'not-a-cve' } },
          { cve: { id: 'CVE-2026-0003', metrics: { cvssMetricV31: [{ cvssData: {} }, 'x'], cvssMetricV2: 'nope' } } },
          ...sample.vulnerabilities,
        ],
      }),
    );
    const { records, skips } = await run(f);
    expect(records.map((r) => r.advisory.id)).toEqual(['CVE-2016-2179', 'CVE-2024-6387']);
    expect(skips).toHaveLength(6);
  });

  it('a truncated feed and a corrupt gzip fail with a clear error; the previous database stays', async () => {
    const db = path.join(dir, 'keep.db');
    await importFiles(db, [SAMPLE], quiet);
    const before = readFileSync(db);
    const text = readFileSync(SAMPLE, 'utf8');
    const truncated = write('truncated.json', text.slice(0, text.length - 400));
    await expect(run(truncated)).rejects.toThrow(/ends early/);
    const gz = gzipSync(readFileSync(SAMPLE));
    const cut = write('cut.json.gz', gz.subarray(0, gz.length - 20));
    await expect(run(cut)).rejects.toThrow(/gzip data is corrupt or truncated/);
    const flipped = Buffer.from(gz);
    const mid = Math.floor(flipped.length / 2);
    flipped[mid] = (flipped[mid] ?? 0) ^ 0xff;
    const corrupt = write('corrupt.json.gz', flipped);
    await expect(run(corrupt)).rejects.toThrow(UserError);
    await expect(importFiles(db, [truncated, cut, corrupt], { ...quiet, type: 'nvd' })).rejects.toThrow(/nothing was imported/);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('an oversized record is skipped without being held in memory', async () => {
    const huge = { cve: { id: 'CVE-2026-0009', descriptions: [{ lang: 'en', value: 'x'.repeat(2 << 20) }] } };
    const body = JSON.stringify({ vulnerabilities: [huge, sample.vulnerabilities[0]] });
    const out: unknown[] = [];
    for await (const el of arrayElements([body.slice(0, 1000), body.slice(1000)], 'vulnerabilities', 'x', { maxElementBytes: 1 << 20 })) out.push(el);
    expect(out[0]).toEqual({ ok: false, error: `record larger than ${1 << 20} bytes` });
    expect(out).toHaveLength(2);
  });

  it('arrayElements yields the same elements however the text is split into chunks', async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const expected = sample.vulnerabilities;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), async (cuts) => {
        const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), text.length];
        const chunks = points.slice(1).map((p, i) => text.slice(points[i], p));
        const got: unknown[] = [];
        for await (const el of arrayElements(chunks, 'vulnerabilities', 'x')) got.push(el.ok ? el.value : el);
        expect(got).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects what is not a JSON object, and keeps a DB built from the sample readable', async () => {
    await expect(run(write('array.json', '[1,2]'))).rejects.toThrow(/found an array/);
    await expect(run(write('empty.json', ''))).rejects.toThrow(/empty file/);
    const db = path.join(dir, 'ok.db');
    await importFiles(db, [SAMPLE], quiet);
    const store = VulnStore.open(db, { readonly: true });
    try {
      expect(store.nvd('CVE-2024-6387')?.cvss).toHaveLength(2);
      expect(store.sources()[0]?.type).toBe('nvd');
    } finally {
      store.close();
    }
  });
});
