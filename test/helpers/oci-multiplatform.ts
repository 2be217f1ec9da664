// Test images of several platforms without a registry: an OCI layout of one platform (an extracted `docker save` of
// Engine 25+) made into a multi-platform one: amd64 (the image as it was), arm64 (its config with another
// architecture, the same layers) and an attestation manifest, under one index named docker.io/sgfix/save:1.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const sha = (b: Buffer | string) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

/** Rewrites `layout` in place; returns the digests of the index and of each platform's manifest. */
export function toMultiPlatform(layout: string, opts: { dropAmd64?: boolean } = {}): { layout: string; indexDigest: string; amd64: string; arm64: string } {
  rmSync(path.join(layout, 'manifest.json'));
  const blob = (digest: string) => path.join(layout, 'blobs/sha256', digest.slice(7));
  const put = (doc: unknown) => {
    const text = JSON.stringify(doc);
    writeFileSync(blob(sha(text)), text);
    return { digest: sha(text), size: Buffer.byteLength(text) };
  };
  const top = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string; mediaType: string }[] };
  const amd64 = top.manifests[0]!.digest;
  const manifest = JSON.parse(readFileSync(blob(amd64), 'utf8')) as { config: { digest: string; size: number } };
  const config = JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8')) as Record<string, unknown>;
  const armConfig = put({ ...config, architecture: 'arm64', variant: 'v8' });
  const arm = put({ ...manifest, config: { ...manifest.config, ...armConfig } });
  const attestation = put({ ...manifest, annotations: { 'sgfix.kind': 'attestation (a manifest of its own)' } });
  const index = put({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...arm, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      ...(opts.dropAmd64
        ? []
        : [
            {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: amd64,
              size: readFileSync(blob(amd64)).length,
              platform: { os: 'linux', architecture: 'amd64' },
            },
          ]),
      {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        ...attestation,
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
      },
    ],
  });
  writeFileSync(
    path.join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.index.v1+json', ...index, annotations: { 'io.containerd.image.name': 'docker.io/sgfix/save:1' } }],
    }),
  );
  return { layout, indexDigest: index.digest, amd64, arm64: arm.digest };
}
