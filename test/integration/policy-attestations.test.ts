// Attestations in a registry: a real registry (Debian's docker-registry, distribution 2.8, which has no referrers
// API) on loopback holds the layouts of test/unit/policy/oci-layout.ts pushed by the distribution API. The policy
// finds BuildKit's attestation manifest in the image index, a referrer by the referrers tag schema (sha256-<hex>),
// and says where it looked when there is none; a registry that is down is unknown.
import { readFileSync, readdirSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { english } from '../../src/core/message.js';
import { registryAttestations, type Attestations } from '../../src/policy/attestations.js';

const plain = (a: Attestations) =>
  'unknown' in a ? { unknown: english(a.unknown) } : { found: a.found.map((m) => english(m)), looked: a.looked.map((m) => english(m)) };
import { startLoopbackRegistry } from '../helpers/loopback-registry.js';
import { buildLayout, type BuiltLayout } from '../unit/policy/oci-layout.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-attreg-'));
const PORT = 16000 + (process.pid % 500);
const REG = `127.0.0.1:${PORT}`;
let registry: ChildProcess;

/** Pushes every blob of the layout, then its manifests (the image's, the attestation's), then the index under `tag`. */
async function push(l: BuiltLayout, repo: string, tag: string): Promise<void> {
  const blobs = path.join(l.dir, 'blobs', 'sha256');
  const docs = new Map<string, { mediaType: string; body: Buffer }>();
  for (const hex of readdirSync(blobs)) {
    const body = readFileSync(path.join(blobs, hex));
    const text = body.toString('utf8');
    const mediaType = /"mediaType":"(application\/vnd\.oci\.image\.(?:manifest|index)\.v1\+json)"/.exec(text.slice(0, 200))?.[1];
    if (mediaType && text.startsWith('{"schemaVersion":2')) {
      docs.set(`sha256:${hex}`, { mediaType, body });
      continue;
    }
    const start = await fetch(`http://${REG}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
    expect(start.status).toBe(202);
    const loc = new URL(start.headers.get('location')!, `http://${REG}`);
    loc.searchParams.set('digest', `sha256:${hex}`);
    const put = await fetch(loc, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-Type': 'application/octet-stream' } });
    expect(put.status, await put.text()).toBe(201);
  }
  const putManifest = async (reference: string, d: { mediaType: string; body: Buffer }) => {
    const r = await fetch(`http://${REG}/v2/${repo}/manifests/${reference}`, {
      method: 'PUT',
      body: new Uint8Array(d.body),
      headers: { 'Content-Type': d.mediaType },
    });
    expect(r.status, await r.text()).toBe(201);
  };
  // Manifests first, the index last: a registry accepts an index only when what it lists is there.
  for (const [digest, d] of docs) if (d.mediaType.includes('manifest')) await putManifest(digest, d);
  await putManifest(tag, docs.get(l.index.digest)!);
}

beforeAll(async () => {
  mkdirSync(path.join(dir, 'reg'));
  registry = await startLoopbackRegistry(path.join(dir, 'reg'), PORT);
});
afterAll(async () => {
  registry.kill('SIGTERM');
  await new Promise((r) => (registry.exitCode !== null ? r(null) : registry.once('exit', r)));
  rmSync(dir, { recursive: true, force: true });
});

describe('attestations in a registry', () => {
  it('finds the attestation manifest in the image index, by tag and by digest', async () => {
    const l = buildLayout(path.join(dir, 'with'), { attestations: ['provenance', 'sbom'] });
    await push(l, 'team/attested', '1');
    for (const ref of [`${REG}/team/attested:1`, `${REG}/team/attested@${l.index.digest}`]) {
      const a = plain(await registryAttestations(ref));
      expect(a, ref).toMatchObject({ found: [expect.stringMatching(/^attestation manifest .*provenance \(https:\/\/slsa\.dev\/provenance\/v0\.2\), SBOM/)] });
    }
  });

  it('none: the index and the referrers of each manifest were looked at, and it says so', async () => {
    const l = buildLayout(path.join(dir, 'without'), {});
    await push(l, 'team/plain', '1');
    const a = plain(await registryAttestations(`${REG}/team/plain:1`));
    expect('found' in a && a.found).toEqual([]);
    expect('looked' in a && a.looked).toEqual([
      `index ${l.index.digest.slice(0, 19)}: 1 image manifest(s) (${l.manifest.digest.slice(0, 19)} (linux/amd64)), no attestation manifest`,
      `referrers of ${l.index.digest.slice(0, 19)}: none (no referrers API, no sha256-<hex> tag)`,
      `referrers of ${l.manifest.digest.slice(0, 19)}: none (no referrers API, no sha256-<hex> tag)`,
    ]);
  });

  it('finds a referrer by the referrers tag schema when the registry has no referrers API', async () => {
    const l = buildLayout(path.join(dir, 'referred'), { referrer: true });
    await push(l, 'team/referred', '1');
    // What a client pushing a referrer to a registry without the API does (distribution-spec "Referrers Tag Schema").
    const index = JSON.parse(readFileSync(path.join(l.dir, 'blobs', 'sha256', l.index.digest.slice(7)), 'utf8')) as {
      manifests: { digest: string; artifactType?: string; mediaType: string; size: number }[];
    };
    const referrer = index.manifests.find((m) => m.artifactType !== undefined)!;
    const tagIndex = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [referrer] }));
    const r = await fetch(`http://${REG}/v2/team/referred/manifests/sha256-${l.manifest.digest.slice(7)}`, {
      method: 'PUT',
      body: new Uint8Array(tagIndex),
      headers: { 'Content-Type': 'application/vnd.oci.image.index.v1+json' },
    });
    expect(r.status).toBe(201);
    const a = plain(await registryAttestations(`${REG}/team/referred@${l.manifest.digest}`));
    expect('found' in a && a.found).toEqual([
      `referrer ${referrer.digest.slice(0, 19)} (application/spdx+json) of ${l.manifest.digest.slice(0, 19)}, by the referrers tag schema`,
    ]);
  });

  it('a registry that cannot be reached, or an image it does not have: unknown', async () => {
    const down = plain(await registryAttestations(`127.0.0.1:1/team/x:1`));
    expect('unknown' in down && down.unknown).toMatch(/^the registry could not be asked: /);
    expect(plain(await registryAttestations(`${REG}/team/absent:1`))).toEqual({ unknown: `${REG}/team/absent:1 is not in its registry (404)` });
  });
});
