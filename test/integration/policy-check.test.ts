// `policy check` with the built-in policy on the suite's insecure and hardened images (scripts/images/hardening-images.sh),
// rule by rule, against a database with the real KEV rows and advisories made for the bookworm versions.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDebianAdvisory } from '../helpers/osv-advisory.js';
import { runCli, sh } from '../helpers/run.js';

const FIX = path.resolve(import.meta.dirname, '../fixtures/exploitation');
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-policy-'));
const db = path.join(dir, 'vuln.db');
const sg = (args: string[]) => runCli(args, { env: { SWARMGUARD_DB: db, NO_COLOR: '1' } });

type Result = {
  passed: boolean;
  images: { image: string; passed: boolean; results: { rule: string; outcome: string; level: string; evidence: string[] }[] }[];
};
const outcomes = (r: Result): Record<string, string> => Object.fromEntries((r.images[0]?.results ?? []).map((x) => [x.rule, x.outcome]));

beforeAll(async () => {
  // zlib 1:1.2.13.dfsg-1 is fixable (HIGH); bash is hit by the KEV-listed Shellshock id, unfixed.
  const files = [
    writeDebianAdvisory(dir, 'CVE-2099-0001', 'zlib', 'HIGH', [{ introduced: '0' }, { fixed: '1:1.2.13.dfsg-1+deb12u1' }]),
    writeDebianAdvisory(dir, 'CVE-2014-6271', 'bash', 'LOW'),
  ];
  expect((await sg(['db', 'import', ...files, path.join(FIX, 'known_exploited_vulnerabilities.json')])).status).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy check (built-in policy)', () => {
  it('fails the insecure image, rule by rule, with the evidence; exit 1', async () => {
    const r = await sg(['policy', 'check', 'swarmguard-test/insecure:latest', '--format', 'json']);
    expect(r.status, r.stderr).toBe(1);
    const res = JSON.parse(r.stdout) as Result;
    expect(res.passed).toBe(false);
    expect(outcomes(res)).toEqual({
      'no-fixable-vulnerabilities': 'fail',
      'no-known-exploited': 'fail',
      // dpkg records no licence the analyzers read: undecided, said so, not passed.
      'no-licences': 'unknown',
      'non-root-user': 'fail',
      'approved-base-image': 'pass',
      'supply-chain-attestations': 'unknown',
      'no-shell': 'fail',
      'no-package-manager': 'fail',
      healthcheck: 'fail',
    });
    const by = (rule: string) => res.images[0]?.results.find((x) => x.rule === rule);
    expect(by('no-fixable-vulnerabilities')?.evidence[0]).toMatch(/^CVE-2099-0001 HIGH in zlib1g 1:1\.2\.13\.dfsg-1 \(fixed in 1:1\.2\.13\.dfsg-1\+deb12u1\)/);
    expect(by('no-known-exploited')?.evidence[0]).toMatch(/^CVE-2014-6271 LOW in bash .*in KEV since 2022-01-28/);
    expect(by('non-root-user')?.evidence).toEqual(['the image runs as root (no USER)']);
    expect(by('no-shell')?.evidence).toContain('/usr/bin/bash');
    expect(by('approved-base-image')?.evidence[0]).toMatch(/^docker\.io\/library\/debian:bookworm/);
    expect(by('healthcheck')?.level).toBe('warn');
  });

  it('passes the hardened image; the table says so rule by rule; exit 0', async () => {
    const r = await sg(['policy', 'check', 'swarmguard-test/hardened:latest']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/swarmguard-test\/hardened:latest: passes the policy "swarmguard default"/);
    for (const rule of [
      'no-fixable-vulnerabilities',
      'no-known-exploited',
      'non-root-user',
      'approved-base-image',
      'no-shell',
      'no-package-manager',
      'healthcheck',
    ]) {
      expect(r.stdout).toMatch(new RegExp(`^${rule}\\s+pass\\s`, 'm'));
    }
    expect(r.stdout).toMatch(/^approved-base-image\s+pass\s+scratch/m);
    expect(r.stdout).toMatch(/^supply-chain-attestations\s+unknown\s+read from the engine, whose image store \(overlay2\) keeps no attestations/m);
  });

  it('a policy file of its own: only the rules it lists, its allowed bases; VEX decides a vulnerability rule; SARIF', async () => {
    const pol = path.join(dir, 'policy.yaml');
    writeFileSync(
      pol,
      'name: distroless only\nrules:\n  - rule: approved-base-image\n    allowed: ["gcr.io/distroless/*", scratch]\n  - rule: no-known-exploited\n',
    );
    const r = JSON.parse((await sg(['policy', 'check', 'swarmguard-test/insecure:latest', '--policy', pol, '--format', 'json'])).stdout) as Result;
    expect(outcomes(r)).toEqual({ 'approved-base-image': 'fail', 'no-known-exploited': 'fail' });
    const vex = path.join(dir, 'bash.openvex.json');
    writeFileSync(
      vex,
      JSON.stringify({
        '@context': 'https://openvex.dev/ns/v0.2.0',
        statements: [
          {
            vulnerability: { name: 'CVE-2014-6271' },
            products: [{ '@id': 'pkg:deb/debian/bash' }],
            status: 'not_affected',
            justification: 'vulnerable_code_not_in_execute_path',
          },
        ],
      }),
    );
    const withVex = JSON.parse(
      (await sg(['policy', 'check', 'swarmguard-test/insecure:latest', '--policy', pol, '--vex', vex, '--format', 'json'])).stdout,
    ) as Result;
    expect(outcomes(withVex)['no-known-exploited']).toBe('pass');
    const sarif = JSON.parse((await sg(['policy', 'check', 'swarmguard-test/insecure:latest', '--policy', pol, '--format', 'sarif'])).stdout) as {
      runs: { results: { ruleId: string; level: string }[] }[];
    };
    expect(sarif.runs[0]?.results.map((x) => x.ruleId).sort()).toEqual(['policy/approved-base-image', 'policy/no-known-exploited']);
    writeFileSync(pol, 'rules:\n  - rule: no-such-rule\n');
    const bad = await sg(['policy', 'check', 'swarmguard-test/insecure:latest', '--policy', pol]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/policy\.yaml: not a policy: rules\.0/);
  });

  it('a stack file, service by service: the service user over the image, table, JSON and SARIF; exit 1', async () => {
    const pol = path.join(dir, 'stack-policy.yaml');
    writeFileSync(pol, 'name: stack\nrules:\n  - rule: non-root-user\n  - rule: no-shell\n');
    const stack = path.join(dir, 'stack.yml');
    writeFileSync(
      stack,
      'services:\n  legacy:\n    image: swarmguard-test/insecure:latest\n    user: "10001"\n  app:\n    image: swarmguard-test/hardened:latest\n',
    );
    const r = await sg(['policy', 'check', stack, '--policy', pol, '--format', 'json']);
    expect(r.status, r.stderr).toBe(1);
    const res = JSON.parse(r.stdout) as { images: (Result['images'][number] & { service?: string })[] };
    expect(res.images.map((i) => [i.service, i.image, i.passed, ...i.results.map((x) => `${x.rule}:${x.outcome}`)])).toEqual([
      ['app', 'swarmguard-test/hardened:latest', true, 'non-root-user:pass', 'no-shell:pass'],
      ['legacy', 'swarmguard-test/insecure:latest', false, 'non-root-user:pass', 'no-shell:fail'],
    ]);
    expect(res.images[1]?.results[0]?.evidence).toEqual(["service legacy sets user: 10001 (the image's USER is unset)"]);
    const table = await sg(['policy', 'check', '-c', stack, '--policy', pol]);
    expect(table.status).toBe(1);
    expect(table.stdout).toMatch(/^service legacy \(swarmguard-test\/insecure:latest\): fails the policy "stack"$/m);
    const sarif = JSON.parse((await sg(['policy', 'check', stack, '--policy', pol, '--format', 'sarif'])).stdout) as {
      runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[] }[] }[];
    };
    const only = sarif.runs[0]?.results ?? [];
    expect(only.map((x) => x.ruleId)).toEqual(['policy/no-shell']);
    expect(only[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/stack\.yml$/);
    expect(only[0]?.locations[0]?.physicalLocation.region?.startLine).toBe(3);
  });

  it('a deployed stack (--stack): each service spec with its user; --lang ja says the table in Japanese', async () => {
    const stack = `sgpol${process.pid}`;
    const pol = path.join(dir, 'deployed-policy.yaml');
    writeFileSync(pol, 'name: deployed\nrules:\n  - rule: non-root-user\n  - rule: no-shell\n');
    const create = (name: string, extra: string[]) =>
      sh('docker', [
        'service',
        'create',
        '--detach',
        '--no-resolve-image',
        '--replicas',
        '0',
        '--name',
        `${stack}_${name}`,
        '--label',
        `com.docker.stack.namespace=${stack}`,
        ...extra,
        'swarmguard-test/insecure:latest',
        'sleep',
        '600',
      ]);
    try {
      await create('as-app', ['--user', '10001']);
      await create('as-root', []);
      const r = await sg(['policy', 'check', '--stack', stack, '--policy', pol, '--format', 'json']);
      expect(r.status, r.stderr).toBe(1);
      const res = JSON.parse(r.stdout) as { images: (Result['images'][number] & { service?: string; target?: { kind: string; stack?: string } })[] };
      expect(res.images.map((i) => [i.service, i.image.replace(/@sha256:.*/, ''), ...i.results.map((x) => `${x.rule}:${x.outcome}`)])).toEqual([
        [`${stack}_as-app`, 'swarmguard-test/insecure:latest', 'non-root-user:pass', 'no-shell:fail'],
        [`${stack}_as-root`, 'swarmguard-test/insecure:latest', 'non-root-user:fail', 'no-shell:fail'],
      ]);
      expect(res.images[0]?.target).toMatchObject({ kind: 'service', stack });
      const ja = await sg(['--lang', 'ja', 'policy', 'check', '--stack', stack, '--policy', pol]);
      expect(ja.stdout).toMatch(new RegExp(`^サービス ${stack}_as-root（swarmguard-test/insecure:latest.*）: ポリシー「deployed」を満たしません$`, 'm'));
      expect(ja.stdout).toMatch(/^non-root-user 既定のユーザーが root でない\s+不合格\s+イメージは root で動きます（USER がありません）$/m);
      expect(ja.stdout).toMatch(/^ルール\s+結果\s+根拠$/m);
      const none = await sg(['policy', 'check', '--stack', `${stack}-none`]);
      expect(none.status).toBe(2);
      expect(none.stderr).toMatch(/has no services on this swarm/);
    } finally {
      await sh('docker', ['service', 'rm', `${stack}_as-app`, `${stack}_as-root`]).catch(() => undefined);
    }
  });
});
