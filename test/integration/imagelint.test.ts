// image lint on a deliberately insecure image and a hardened one, both built here from local images.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../helpers/run.js';

type Report = { findings: { id: string; message: string; items?: string[]; target: { path?: string } }[] };
const lint = (ref: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/swarmguard.js', 'image', 'lint', ref, '--format', 'json', ...args], { encoding: 'utf8' });
  return { status: r.status, report: JSON.parse(r.stdout || '{"findings":[]}') as Report, stdout: r.stdout, stderr: r.stderr };
};

describe('image lint (real images)', () => {
  beforeAll(async () => {
    await sh('bash', ['scripts/images/hardening-images.sh']);
  });

  it('the insecure image gives the findings its Dockerfile implies, without printing a secret', () => {
    const { report, stdout } = lint('swarmguard-test/insecure:latest');
    const ids = new Set(report.findings.map((f) => f.id));
    for (const id of [
      'image-runs-as-root',
      'image-no-healthcheck',
      'image-shell-present',
      'image-package-manager',
      'image-setuid-files',
      'image-secret-in-env',
      'image-secret-in-history',
      'image-secret-file',
      'image-package-cache',
      'image-update-alone',
    ]) {
      expect(ids, id).toContain(id);
    }
    const setuid = report.findings.find((f) => f.id === 'image-setuid-files')!;
    expect(setuid.items).toEqual(expect.arrayContaining([expect.stringMatching(/^\/usr\/bin\/find \(4755\)$/)]));
    expect(report.findings.find((f) => f.id === 'image-secret-file')!.target.path).toBe('/root/.ssh/id_ed25519');
    expect(stdout).not.toContain('wJalrXUtnFEMI');
    expect(stdout).not.toContain('PRIVATE KEY-----\n');
  });

  it('the hardened image (static binary, non-root, healthcheck) only lacks a pinned digest', () => {
    const { report } = lint('swarmguard-test/hardened:latest');
    expect(report.findings.map((f) => f.id)).toEqual(['image-not-pinned']);
  });

  it('registry allow-list and CI gate', () => {
    expect(lint('swarmguard-test/hardened:latest', '--allowed-registry', 'registry.example.com').report.findings.map((f) => f.id)).toContain(
      'image-registry-not-allowed',
    );
    expect(lint('swarmguard-test/insecure:latest', '--fail-on', 'high').status).toBe(1);
    expect(lint('swarmguard-test/hardened:latest', '--fail-on', 'medium').status).toBe(0);
  });
});
