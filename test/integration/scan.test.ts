// image scan on a real test image against a fixture DB made for its real package versions:
// advisories fixed above the installed versions, below them, unfixed, will-not-fix, another release.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-scan-'));
const db = path.join(dir, 'vuln.db');
const IMAGE = 'swarmguard-test/debian:bookworm';
const sg = (args: string[], cwd = process.cwd()) =>
  spawnSync(process.execPath, [path.resolve('bin/swarmguard.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SWARMGUARD_DB: db } });

type Report = { findings: { id: string; severity: string; vulnerability: { package: string; status: string; installedVersion: string; fixedVersion?: string } }[]; notes: string[] };
const ids = (r: Report) => r.findings.map((f) => `${f.id} ${f.vulnerability.package}`).sort();

function osv(id: string, ecosystem: string, name: string, events: object[], extra: object = {}): void {
  writeFileSync(path.join(dir, `${id}.json`), JSON.stringify({ schema_version: '1.6.0', id, modified: '2026-01-01T00:00:00Z', summary: `${name}: test advisory`, affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events }] }], ...extra }));
}

beforeAll(() => {
  // The versions below are those of the debootstrapped bookworm image (zlib1g 1:1.2.13.dfsg-1, tar 1.34+dfsg-1.2+deb12u1).
  osv('CVE-2099-0001', 'Debian:12', 'zlib', [{ introduced: '0' }, { fixed: '1:1.2.13.dfsg-1+deb12u1' }], { affected: [{ package: { ecosystem: 'Debian:12', name: 'zlib' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:1.2.13.dfsg-1+deb12u1' }] }], database_specific: { severity: 'HIGH' } }] });
  osv('CVE-2099-0002', 'Debian:12', 'zlib', [{ introduced: '0' }, { fixed: '1:1.2.12' }]);
  osv('CVE-2099-0003', 'Debian:12', 'bash', [{ introduced: '0' }], { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] });
  osv('CVE-2099-0004', 'Debian:12', 'tar', [{ introduced: '0' }, { fixed: '1.34+dfsg-1.2+deb12u2' }], { affected: [{ package: { ecosystem: 'Debian:12', name: 'tar' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.34+dfsg-1.2+deb12u2' }] }], database_specific: { severity: 'LOW' } }] });
  osv('CVE-2099-0005', 'Debian:11', 'zlib', [{ introduced: '0' }, { fixed: '1:1.2.99' }]);
  writeFileSync(
    path.join(dir, 'tracker.json'),
    JSON.stringify({ glibc: { 'CVE-2099-0006': { description: 'glibc: minor issue', releases: { bookworm: { status: 'open', urgency: 'unimportant', nodsa: 'Minor issue', nodsa_reason: 'ignored' } } } } }),
  );
  const osvFiles = ['0001', '0002', '0003', '0004', '0005'].map((n) => path.join(dir, `CVE-2099-${n}.json`));
  expect(sg(['db', 'import', ...osvFiles]).status).toBe(0);
  expect(sg(['db', 'import', '--type', 'debian-tracker', path.join(dir, 'tracker.json')]).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('image scan (real image, fixture DB)', () => {
  it('reports exactly the advisories that apply to the installed versions', () => {
    const r = sg(['image', 'scan', IMAGE, '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as Report;
    expect(ids(rep)).toEqual(['CVE-2099-0001 zlib1g', 'CVE-2099-0003 bash', 'CVE-2099-0004 tar', 'CVE-2099-0006 libc-bin', 'CVE-2099-0006 libc6']);
    const by = (id: string, pkg: string) => rep.findings.find((f) => f.id === id && f.vulnerability.package === pkg)!;
    expect(by('CVE-2099-0001', 'zlib1g')).toMatchObject({ severity: 'HIGH', vulnerability: { status: 'fixed', installedVersion: '1:1.2.13.dfsg-1', fixedVersion: '1:1.2.13.dfsg-1+deb12u1' } });
    expect(by('CVE-2099-0003', 'bash')).toMatchObject({ severity: 'CRITICAL', vulnerability: { status: 'affected' } });
    expect(by('CVE-2099-0006', 'libc6').vulnerability.status).toBe('will-not-fix');
  });

  it('prints the trivy-like table with a summary', () => {
    const r = sg(['image', 'scan', IMAGE]);
    expect(r.stdout).toMatch(/^debian 12 \(dpkg\)$/m);
    expect(r.stdout).toMatch(/Total: 5 \(CRITICAL: 1, HIGH: 1, MEDIUM: 0, LOW: 3, UNKNOWN: 0\)/);
    expect(r.stdout).toMatch(/^zlib1g\s+CVE-2099-0001\s+HIGH\s+fixed\s+1:1\.2\.13\.dfsg-1\s+1:1\.2\.13\.dfsg-1\+deb12u1/m);
  });

  it('--severity, --ignore-unfixed and --exit-code behave as documented', () => {
    const sev = JSON.parse(sg(['image', 'scan', IMAGE, '--format', 'json', '--severity', 'CRITICAL,HIGH']).stdout) as Report;
    expect(ids(sev)).toEqual(['CVE-2099-0001 zlib1g', 'CVE-2099-0003 bash']);
    const fixedOnly = JSON.parse(sg(['image', 'scan', IMAGE, '--format', 'json', '--ignore-unfixed']).stdout) as Report;
    expect(ids(fixedOnly)).toEqual(['CVE-2099-0001 zlib1g', 'CVE-2099-0004 tar']);
    expect(sg(['image', 'scan', IMAGE, '--severity', 'CRITICAL', '--exit-code', '1']).status).toBe(1);
    expect(sg(['image', 'scan', IMAGE, '--severity', 'MEDIUM', '--exit-code', '1']).status).toBe(0);
  });

  it('the ignore file leaves ids out until they expire', () => {
    writeFileSync(path.join(dir, '.swarmguardignore'), '# accepted risks\nCVE-2099-0003 exp:2999-12-31 # no fix yet, not reachable\nCVE-2099-0004 exp:2000-01-01 # expired long ago\n');
    const r = sg(['image', 'scan', IMAGE, '--format', 'json'], dir);
    const rep = JSON.parse(r.stdout) as Report;
    expect(ids(rep)).not.toContain('CVE-2099-0003 bash');
    expect(ids(rep)).toContain('CVE-2099-0004 tar');
    expect(rep.notes.join('\n')).toMatch(/CVE-2099-0004 expired on 2000-01-01/);
    writeFileSync(path.join(dir, 'bad-ignore'), 'not-an-id!\n');
    const bad = sg(['image', 'scan', IMAGE, '--ignorefile', path.join(dir, 'bad-ignore')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad-ignore:1/);
  });

  it('writes SARIF and CycloneDX with the vulnerabilities', () => {
    const sarif = JSON.parse(sg(['image', 'scan', IMAGE, '--format', 'sarif']).stdout) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results).toHaveLength(5);
    const cdx = JSON.parse(sg(['image', 'scan', IMAGE, '--format', 'cyclonedx']).stdout) as { vulnerabilities: { id: string; affects: unknown[] }[] };
    expect(cdx.vulnerabilities.map((v) => v.id).sort()).toEqual(['CVE-2099-0001', 'CVE-2099-0003', 'CVE-2099-0004', 'CVE-2099-0006']);
  });

  it('image diff: what the busybox image "fixes" compared with Debian', () => {
    const r = sg(['image', 'diff', IMAGE, 'swarmguard-test/busybox:latest', '--format', 'json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as { fixed: { id: string }[]; added: unknown[] };
    expect(d.fixed.map((x) => x.id).sort()).toEqual(['CVE-2099-0001', 'CVE-2099-0003', 'CVE-2099-0004', 'CVE-2099-0006']);
    expect(d.added).toEqual([]);
  });

  it('without a database it says how to get one', () => {
    const r = spawnSync(process.execPath, ['bin/swarmguard.js', 'image', 'scan', IMAGE], { encoding: 'utf8', env: { ...process.env, SWARMGUARD_DB: path.join(dir, 'none.db') } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/db update/);
    expect(r.stderr).toMatch(/db import/);
  });
});
