// `compose lint` says when `docker stack deploy` would refuse a file: checked on 39 real compose files against the
// docker CLI (`docker stack config -c FILE`) as the oracle.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompose } from '../../src/compose/load.js';
import { runRules } from '../../src/compose/rules/index.js';

const DIR = path.resolve('test/fixtures/compose/awesome-compose');
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
// The variables these files interpolate are left unset for both sides, as on a fresh shell.
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };

function oracle(file: string): string | undefined {
  const r = spawnSync('docker', ['stack', 'config', '-c', file], { cwd: DIR, encoding: 'utf8', env });
  if (r.status === 0) return undefined;
  // The loader's errors come on a second line ("decoding failed…\n\nerror decoding 'Volumes[0]': invalid spec: …").
  const lines = r.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /invalid spec/.test(l))?.replace(/^.*?(invalid spec)/, '$1') ?? lines[0]!;
}

describe('compose lint against docker stack config on real compose files', () => {
  it('finds the 39 files', () => expect(files).toHaveLength(39));

  it.each(files)('%s: refused by compose lint exactly when the docker CLI refuses it, with the same reason', async (file) => {
    const refusedBecause = oracle(file);
    const loaded = await loadCompose([file], { env: {}, cwd: DIR });
    const findings = runRules(loaded).filter((f) => f.id === 'stack-deploy-refuses');
    if (refusedBecause === undefined) {
      expect(findings).toEqual([]);
      return;
    }
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.severity === 'HIGH' && f.target.kind === 'file' && (f.target.line ?? 0) > 0)).toBe(true);
    expect(findings.map((f) => f.evidence?.reason)).toContain(refusedBecause);
  });
});
