// The policy file's parser and the evaluation of each rule over facts (the integration test runs them on real images).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import type { Finding } from '../../../src/core/finding.js';
import { rawMessage } from '../../../src/core/message.js';
import { baseImage, evaluatePolicy, globMatch, licenceIds, type PolicyFacts } from '../../../src/policy/evaluate.js';
import { defaultPolicy, parsePolicy } from '../../../src/policy/policy.js';
import { vulnFinding } from '../scan/vuln-finding.js';

const lint = (id: string, message: string, items?: string[]): Finding => ({
  id,
  title: id,
  severity: 'MEDIUM',
  category: 'image',
  target: { kind: 'image', ref: 'x' },
  message,
  references: [],
  ...(items ? { items } : {}),
});

const facts = (over: Partial<PolicyFacts> = {}): PolicyFacts => ({
  ref: 'app:1',
  config: { config: { User: '10001', Healthcheck: { Test: ['CMD', '/app', '--health'] } } },
  packages: [],
  vulnerabilities: [],
  lint: [],
  attestations: { unknown: rawMessage('not looked for') },
  ...over,
});

describe('approved-base-image reads the base by the one reference type', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;
  const verdict = (label: string, allowed: string[]) => {
    const p = parsePolicy(`rules:\n  - rule: approved-base-image\n    allowed: [${allowed.map((a) => JSON.stringify(a)).join(', ')}]\n`, 'p');
    const r = evaluatePolicy(p, facts({ config: { config: { Labels: { 'org.opencontainers.image.base.name': label } } } }));
    return `${r.results[0]?.outcome}: ${r.results[0]?.evidence[0]}`;
  };

  it('Docker Hub spelled three ways is one repository', () => {
    for (const label of ['debian:12', 'docker.io/library/debian:12', 'index.docker.io/library/debian:12'])
      expect(verdict(label, ['docker.io/library/debian']), label).toBe('pass: docker.io/library/debian:12 (from label org.opencontainers.image.base.name)');
    expect(verdict('docker.io/library/debian:12', ['docker.io/library/*'])).toMatch(/^pass: /);
    expect(verdict('ghcr.io/library/debian:12', ['docker.io/library/*'])).toMatch(/^fail: ghcr\.io\/library\/debian:12 /);
  });

  it('a registry with a port, and a base pinned by digest only', () => {
    expect(verdict('localhost:5000/team/base:3', ['localhost:5000/team/*'])).toMatch(/^pass: localhost:5000\/team\/base:3 /);
    expect(verdict('localhost:5000/team/base:3', ['localhost/team/*', 'team/*'])).toMatch(/^fail: /);
    expect(verdict(`debian@${digest}`, ['docker.io/library/debian'])).toBe(
      `pass: docker.io/library/debian@${digest} (from label org.opencontainers.image.base.name)`,
    );
    expect(verdict(`debian@${digest}`, [`docker.io/library/debian@${digest}`])).toMatch(/^pass: /);
  });

  it('a label that is no image reference is not normalised, so no docker.io pattern approves it', () => {
    expect(verdict('Debian:12', ['docker.io/library/*'])).toBe('fail: Debian:12 (from label org.opencontainers.image.base.name); allowed: docker.io/library/*');
    expect(verdict('Debian:12', ['Debian:12'])).toMatch(/^pass: /);
  });
});

describe('policy file', () => {
  it('the built-in policy parses, with its levels and defaults', () => {
    const p = defaultPolicy();
    expect(p.rules.map((r) => `${r.rule}:${r.level}`)).toEqual([
      'no-fixable-vulnerabilities:fail',
      'no-known-exploited:fail',
      'no-licences:fail',
      'non-root-user:fail',
      'approved-base-image:fail',
      'supply-chain-attestations:warn',
      'no-shell:fail',
      'no-package-manager:warn',
      'healthcheck:warn',
    ]);
  });

  it('refuses unknown rules and fields, duplicates, and non-YAML, naming the file', () => {
    expect(() => parsePolicy('rules:\n  - rule: nope\n', 'p.yaml')).toThrow(InputError);
    expect(() => parsePolicy('rules:\n  - rule: no-shell\n    typo: 1\n', 'p.yaml')).toThrow(/p\.yaml: not a policy: rules\.0/);
    expect(() => parsePolicy('rules:\n  - rule: no-shell\n  - rule: no-shell\n', 'p.yaml')).toThrow(/listed twice/);
    expect(() => parsePolicy('rules: [', 'p.yaml')).toThrow(/p\.yaml: not YAML/);
    expect(() => parsePolicy('rules: []', 'p.yaml')).toThrow(/not a policy/);
    // A billion-laughs document stops at the alias limit.
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from(
      { length: 9 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
    ).join('\n')}\nrules: [{ rule: no-shell }]\n`;
    expect(() => parsePolicy(bomb, 'bomb.yaml')).toThrow(InputError);
  });

  it('never throws anything but an InputError on any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        try {
          parsePolicy(s, 'p.yaml');
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
        }
      }),
    );
  });
});

describe('rules', () => {
  it('a hardened image passes everything it can be judged on', () => {
    const r = evaluatePolicy(defaultPolicy(), facts());
    expect(r.passed).toBe(true);
    expect(r.results.filter((x) => x.outcome !== 'pass').map((x) => x.rule)).toEqual(['supply-chain-attestations']);
  });

  it('each rule fails on its own evidence, reusing image lint and the scan', () => {
    const fixable = vulnFinding('CVE-2099-0001', 'pkg:deb/debian/zlib1g@1', 'HIGH', { status: 'fixed', fixedVersion: '2' });
    const kev = vulnFinding('CVE-2014-6271', 'pkg:deb/debian/bash@5', 'LOW', { kev: { dateAdded: '2022-01-28', knownRansomware: false } });
    const r = evaluatePolicy(
      defaultPolicy(),
      facts({
        os: { family: 'debian', version: '12', codename: 'bookworm', source: 'etc/os-release' },
        config: { config: { Labels: { 'org.opencontainers.image.base.name': 'evil.example/base:1' } } },
        packages: [
          { type: 'apk', name: 'mongo-tools', version: '1', path: 'x', purl: 'pkg:apk/alpine/mongo-tools@1', license: 'Apache-2.0 AND AGPL-3.0-only' },
        ],
        vulnerabilities: [fixable, kev, vulnFinding('CVE-2099-0002', 'pkg:deb/debian/tar@1', 'MEDIUM', { status: 'fixed' })],
        lint: [
          lint('image-runs-as-root', 'the image runs as root (no USER)'),
          lint('image-shell-present', 'shells', ['/bin/sh']),
          lint('image-package-manager', 'pms', ['/usr/bin/apt']),
          lint('image-no-healthcheck', 'no HEALTHCHECK'),
        ],
      }),
    );
    expect(r.passed).toBe(false);
    expect(Object.fromEntries(r.results.map((x) => [x.rule, x.outcome]))).toEqual({
      'no-fixable-vulnerabilities': 'fail',
      'no-known-exploited': 'fail',
      'no-licences': 'fail',
      'non-root-user': 'fail',
      'approved-base-image': 'fail',
      'supply-chain-attestations': 'unknown',
      'no-shell': 'fail',
      'no-package-manager': 'fail',
      healthcheck: 'fail',
    });
    expect(r.results[0]?.evidence).toEqual(['CVE-2099-0001 HIGH in zlib1g 1 (fixed in 2)']);
    expect(r.results[2]?.evidence).toEqual(['mongo-tools 1: Apache-2.0 AND AGPL-3.0-only']);
    expect(r.results[4]?.evidence[0]).toMatch(/^evil\.example\/base:1 \(from label/);
  });

  it('warn-level failures do not fail the policy; without a scan the vulnerability rules are unknown', () => {
    const p = parsePolicy('rules:\n  - rule: healthcheck\n    level: warn\n  - rule: no-known-exploited\n', 'p');
    const { vulnerabilities: _omit, ...noScan } = facts({ lint: [lint('image-no-healthcheck', 'no HEALTHCHECK')] });
    const r = evaluatePolicy(p, noScan);
    expect(r.passed).toBe(true);
    expect(r.results.map((x) => x.outcome)).toEqual(['fail', 'unknown']);
  });

  it('helpers: globs, licence expressions, base image names', () => {
    expect(globMatch('AGPL-*', 'agpl-3.0-or-later')).toBe(true);
    expect(globMatch('AGPL-*', 'LGPL-2.1')).toBe(false);
    expect(globMatch('docker.io/library/*', 'docker.io/library/debian')).toBe(true);
    expect(licenceIds('(MIT OR AGPL-3.0-only) AND GPL-2.0-or-later WITH Classpath-exception-2.0')).toEqual(['MIT', 'AGPL-3.0-only', 'GPL-2.0-or-later']);
    const base = (label: string) => baseImage({ config: { config: { Labels: { 'org.opencontainers.image.base.name': label } } }, packages: [] }).name;
    expect(base('debian:12')).toBe('docker.io/library/debian:12');
    expect(base('bitnami/redis')).toBe('docker.io/bitnami/redis');
    expect(base('ghcr.io/x/y:1')).toBe('ghcr.io/x/y:1');
    expect(baseImage({ config: {}, packages: [] }).name).toBe('scratch');
    fc.assert(fc.property(fc.string({ maxLength: 50 }), fc.string({ maxLength: 50 }), (p, v) => void globMatch(p, v)));
  });
});
