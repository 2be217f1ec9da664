import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import type { ServiceState } from '../../../src/history/audit-runs.js';
import type { ScanRecord } from '../../../src/history/store.js';
import { filterVulns, pageMeta, pageNumber, paginate, parseVulnFilter, scanOfService } from '../../../src/dashboard/model.js';

const scan = (id: number, digest: string, repository: string, tag: string | null, status: ScanRecord['status'] = 'done'): ScanRecord => ({
  id,
  digest,
  repository,
  tag,
  trigger: 'deploy',
  origin: null,
  status,
  error: null,
  queuedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:00Z',
  counts: null,
  findings: [],
  resumes: 0,
});
const svc = (image: string, digest: string | null): ServiceState => ({
  id: 'x',
  name: 'web',
  stack: null,
  image,
  digest,
  mode: 'replicated',
  replicas: 1,
  running: null,
  networks: [],
  ports: [],
});

describe('scanOfService', () => {
  const scans = [
    scan(5, 'sha256:new', 'nginx', '1.27', 'queued'),
    scan(4, 'sha256:b', 'nginx', '1.27'),
    scan(3, 'sha256:a', 'team/app', null),
    scan(2, 'sha256:c', 'nginx', '1.26'),
  ];
  it('takes the newest finished scan of the pinned digest', () => {
    expect(scanOfService(scans, svc('nginx:1.26', 'sha256:c'))?.id).toBe(2);
  });
  it('falls back to the repository and tag as the history files them (familiar names)', () => {
    expect(scanOfService(scans, svc('docker.io/library/nginx:1.27', null))?.id).toBe(4);
    expect(scanOfService(scans, svc('nginx:1.27', 'sha256:unknown'))?.id).toBe(4);
    expect(scanOfService(scans, svc('team/app', null))?.id).toBe(3); // no tag means latest on both sides
    expect(scanOfService(scans, svc('redis:7', null))).toBeUndefined();
    expect(scanOfService(scans, svc('not a reference!', null))).toBeUndefined();
  });
});

describe('vulnerability filters', () => {
  const v = (id: string, severity: Finding['severity'], pkg: string, fixed: boolean): Finding => ({
    id,
    title: id,
    severity,
    category: 'vuln',
    target: { kind: 'image', ref: 'x' },
    message: '',
    references: [],
    vulnerability: { package: pkg, installedVersion: '1', status: fixed ? 'fixed' : 'affected' },
  });
  const all = [
    v('CVE-3', 'LOW', 'zlib', true),
    v('CVE-1', 'CRITICAL', 'openssl', false),
    v('CVE-2', 'HIGH', 'OpenSSL-libs', true),
    { ...v('lint', 'HIGH', 'x', true), category: 'image' },
  ];

  it('reads severity, fixed only and package from the query string, ignoring junk', () => {
    expect(parseVulnFilter(new URLSearchParams('severity=high,bogus&severity=critical&fixed=1&package=%20ssl%20'))).toEqual({
      severities: ['HIGH', 'CRITICAL'],
      fixedOnly: true,
      pkg: 'ssl',
    });
    expect(parseVulnFilter(new URLSearchParams(`package=${'a'.repeat(5000)}`)).pkg).toHaveLength(200);
  });

  it('keeps vulnerabilities only, most severe first, and applies every filter', () => {
    expect(filterVulns(all, { severities: [], fixedOnly: false, pkg: '' }).map((f) => f.id)).toEqual(['CVE-1', 'CVE-2', 'CVE-3']);
    expect(filterVulns(all, { severities: [], fixedOnly: true, pkg: 'ssl' }).map((f) => f.id)).toEqual(['CVE-2']);
    expect(filterVulns(all, { severities: ['LOW'], fixedOnly: false, pkg: '' }).map((f) => f.id)).toEqual(['CVE-3']);
  });
});

describe('pages', () => {
  it('clamps the page number and the page to what exists', () => {
    expect(['', 'page=0', 'page=-3', 'page=2.5', 'page=abc', 'page=99999999999'].map((q) => pageNumber(new URLSearchParams(q)))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(pageMeta(0, 7)).toMatchObject({ page: 1, pages: 1 });
    expect(pageMeta(51, 9)).toMatchObject({ page: 3, pages: 3 });
    expect(paginate([1, 2, 3, 4, 5], 2, 2).items).toEqual([3, 4]);
  });
});
