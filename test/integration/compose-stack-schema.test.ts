// `compose lint` says when `docker stack deploy` would refuse a file: checked on 39 real compose files against the
// docker CLI (`docker stack config -c FILE`) as the oracle.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompose } from '../../src/compose/load.js';
import { runRules } from '../../src/compose/rules/index.js';
import { InputError } from '../../src/core/errors.js';

const DIR = path.resolve('test/fixtures/compose/awesome-compose');
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
// The variables these files interpolate are left unset for both sides, as on a fresh shell.
const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };

function oracle(file: string, cwd = DIR): string | undefined {
  const r = spawnSync('docker', ['stack', 'config', '-c', file], { cwd, encoding: 'utf8', env });
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

/** compose lint's refusal of a file: an input error (exit 2), or the stack-deploy-refuses finding; undefined when it accepts. */
async function lintRefusal(file: string, cwd: string): Promise<{ reason: string; message: string } | undefined> {
  try {
    const f = runRules(await loadCompose([file], { env: {}, cwd })).find((x) => x.id === 'stack-deploy-refuses');
    return f ? { reason: String(f.evidence?.reason), message: f.message } : undefined;
  } catch (e) {
    if (e instanceof InputError) return { reason: e.message, message: e.message };
    throw e;
  }
}

describe("compose lint against docker stack config: the compose specification's own test files", () => {
  const GO = path.resolve('test/fixtures/compose/compose-go');
  const goFiles = readdirSync(GO)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

  it('finds the 8 files', () => expect(goFiles).toHaveLength(8));

  it.each(goFiles)('%s: compose lint refuses it exactly when the docker CLI does', async (file) => {
    const docker = oracle(file, GO);
    const lint = await lintRefusal(file, GO);
    expect(lint === undefined, `docker: ${docker ?? 'accepts'}; lint: ${lint?.message ?? 'accepts'}`).toBe(docker === undefined);
  });
});

describe('compose lint against docker stack config: values left empty by a variable', () => {
  // Each with its variables unset, as on a fresh shell; docker's verdict is the oracle, and lint names the variable.
  const cases: [string, string, string | undefined][] = [
    ['volumes:\n      - ${MEDIA_PATH}:/media/\n', 'MEDIA_PATH', 'invalid spec: :/media/: empty section between colons'],
    ['volumes:\n      - data:${DATA_TARGET}\nvolumes:\n  data: {}\n', 'DATA_TARGET', 'invalid spec: data:: empty section between colons'],
    ['volumes:\n      - /srv:/data:${MODE}\n', 'MODE', 'invalid spec: /srv:/data:: empty section between colons'],
    ['volumes:\n      - ${SRC}:${DST}\n', 'SRC', undefined],
    ['ports:\n      - "8080:${CPORT}"\n', 'CPORT', "services.web.ports.0 Does not match format 'ports'"],
    ['ports:\n      - "${HOST_PORT}:80"\n', 'HOST_PORT', undefined],
    ['ports:\n      - "${IP}:8080:80"\n', 'IP', undefined],
  ];
  it.each(cases)('web: %j', async (body, variable, refusal) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-unset-'));
    try {
      writeFileSync(path.join(dir, 'stack.yml'), `services:\n  web:\n    image: swarmguard-test/web:latest\n    ${body}`);
      const docker = oracle('stack.yml', dir);
      expect(docker).toBe(refusal);
      const lint = await lintRefusal('stack.yml', dir);
      if (refusal === undefined) {
        expect(lint).toBeUndefined();
        return;
      }
      expect(lint?.message).toContain(`${variable} is not set`);
      if (refusal.startsWith('invalid spec')) expect(lint?.reason).toBe(refusal);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
