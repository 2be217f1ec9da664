// Attestation presence from real data: OCI layouts built by the specs (test/unit/policy/oci-layout.ts), as a
// directory, a tar and a gzip tar; the policy's rule over them end to end (the image is read from the layout).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { archiveAttestations, attestationsInIndex, predicateKind, type Attestations } from '../../../src/policy/attestations.js';
import { evaluatePolicy } from '../../../src/policy/evaluate.js';
import { collectPolicyFacts } from '../../../src/policy/facts.js';
import { parsePolicy } from '../../../src/policy/policy.js';
import { buildLayout } from './oci-layout.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sg-attest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
/** The attestations in English, as JSON and SARIF carry them. */
const plain = (a: Attestations) =>
  'unknown' in a ? { unknown: english(a.unknown) } : { found: a.found.map((m) => english(m)), looked: a.looked.map((m) => english(m)) };
const unknownOf = (a: Attestations): string => ('unknown' in a ? english(a.unknown) : `not unknown: ${JSON.stringify(plain(a))}`);
const fresh = (name: string) => {
  const d = path.join(tmp, name);
  mkdirSync(d);
  return d;
};

describe('attestations in an archive', () => {
  it('finds BuildKit attestation manifests with their predicate types, in a layout, its tar and its gzip tar', async () => {
    const l = buildLayout(fresh('with'), { attestations: ['provenance', 'sbom'] });
    const tarFile = l.tar(path.join(tmp, 'with.tar'));
    execFileSync('gzip', ['-k', tarFile]);
    for (const input of [l.dir, tarFile, `${tarFile}.gz`]) {
      const a = plain(await archiveAttestations(input, new Set([l.manifest.digest])));
      expect(a, input).toEqual({
        found: [
          `attestation manifest ${l.attestation!.digest.slice(0, 19)} for ${l.manifest.digest.slice(0, 19)}: provenance (https://slsa.dev/provenance/v0.2), SBOM (https://spdx.dev/Document)`,
        ],
        looked: [],
      });
    }
    // An attestation for another image does not count for this one.
    expect(plain(await archiveAttestations(l.dir, new Set([`sha256:${'0'.repeat(64)}`])))).toMatchObject({ found: [] });
  });

  it('finds an OCI 1.1 referrer (subject = the image manifest)', async () => {
    const l = buildLayout(fresh('referrer'), { referrer: true });
    const a = plain(await archiveAttestations(l.dir, new Set([l.manifest.digest])));
    expect('found' in a && a.found).toEqual([
      expect.stringMatching(new RegExp(`^referrer sha256:[0-9a-f]{12} \\(application/spdx\\+json\\) of ${l.manifest.digest.slice(0, 19)}$`)),
    ]);
  });

  it('none: says where it looked; no index.json or an unreadable index: unknown, never a pass', async () => {
    const l = buildLayout(fresh('without'));
    const a = plain(await archiveAttestations(l.tar(path.join(tmp, 'without.tar')), new Set([l.manifest.digest])));
    expect(a).toEqual({
      found: [],
      looked: [
        `index.json and the indexes it lists: 1 image manifest(s) (${l.manifest.digest.slice(0, 19)} (linux/amd64)), no attestation manifest and no referrer`,
      ],
    });
    const legacy = fresh('legacy');
    writeFileSync(path.join(legacy, 'manifest.json'), '[]');
    expect(unknownOf(await archiveAttestations(legacy, new Set()))).toMatch(/no index\.json .*cannot carry attestations/);
    const broken = fresh('broken');
    writeFileSync(path.join(broken, 'index.json'), '{"manifests": [{"digest": "md5:x"}]}');
    expect(unknownOf(await archiveAttestations(broken, new Set()))).toMatch(/index could not be read/);
    expect(unknownOf(await archiveAttestations(path.join(tmp, 'nope.tar'), new Set()))).toMatch(/could not be read/);
  });

  it('stops at a flood of descriptors and at indexes nested in a loop', async () => {
    const d = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'1'.repeat(64)}` };
    await expect(attestationsInIndex(Array(3000).fill(d), () => Promise.resolve(undefined), new Set())).rejects.toThrow(/more than 2000 descriptors/);
    const loop = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${'2'.repeat(64)}` };
    await expect(attestationsInIndex([loop], () => Promise.resolve({ manifests: [loop] }), new Set())).rejects.toThrow(/nested more than 3 deep/);
  });

  it('names predicate types', () => {
    const kind = (t: string) => [english(predicateKind(t)), localizeMessage(predicateKind(t), 'ja')];
    expect(kind('https://slsa.dev/provenance/v1')).toEqual(['provenance', '来歴']);
    expect(kind('https://cyclonedx.org/bom')).toEqual(['SBOM', 'SBOM（部品表）']);
    expect(kind('https://openvex.dev/ns')).toEqual(['VEX', 'VEX（脆弱性の影響の表明）']);
    expect(kind('https://example.com/x')).toEqual(['https://example.com/x', 'https://example.com/x']);
  });
});

describe('the supply-chain-attestations rule over a real image archive', () => {
  const policy = parsePolicy('name: attested\nrules:\n  - rule: supply-chain-attestations\n  - rule: non-root-user\n', 'attested.yaml');
  const check = async (input: string) => evaluatePolicy(policy, await collectPolicyFacts('app:1', policy, { input, dbPath: path.join(tmp, 'no.db') }));

  it('passes with the attestation, fails without it (with the evidence), rule by rule', async () => {
    const withA = await check(buildLayout(fresh('e2e-with'), { attestations: ['provenance'] }).dir);
    expect(withA.results.map((r) => [r.rule, r.outcome])).toEqual([
      ['supply-chain-attestations', 'pass'],
      ['non-root-user', 'pass'],
    ]);
    expect(withA.results[0]?.evidence[0]).toMatch(/provenance \(https:\/\/slsa\.dev\/provenance\/v0\.2\)/);
    const without = await check(buildLayout(fresh('e2e-without')).tar(path.join(tmp, 'e2e-without.tar')));
    expect(without.passed).toBe(false);
    expect(without.results[0]).toMatchObject({ rule: 'supply-chain-attestations', outcome: 'fail' });
    expect(without.results[0]?.evidence[0]).toBe('no attestation (provenance or SBOM)');
    expect(without.results[0]?.evidence[1]).toMatch(/no attestation manifest and no referrer/);
  });
});
