// Builds an OCI image layout (image-spec v1.1 image-layout.md: oci-layout, index.json, blobs/sha256/) holding one
// real linux/amd64 image in an image index, optionally with BuildKit's attestation manifest for it (Docker's "Image
// attestation storage": a manifest of platform unknown/unknown in the index, annotated vnd.docker.reference.type
// attestation-manifest and vnd.docker.reference.digest, whose layers are in-toto statements annotated
// in-toto.io/predicate-type) and/or an OCI 1.1 referrer (a manifest whose `subject` is the image manifest).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
}

export interface BuiltLayout {
  dir: string;
  manifest: Blob;
  index: Blob;
  attestation?: Blob;
  /** `docker save`-style tar of the same layout. */
  tar(file: string): string;
}

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export function buildLayout(
  dir: string,
  options: { attestations?: ('provenance' | 'sbom')[]; referrer?: boolean; user?: string; name?: string } = {},
): BuiltLayout {
  mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  const put = (mediaType: string, body: Buffer | string): Blob => {
    const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
    const digest = sha(b);
    writeFileSync(path.join(dir, 'blobs', 'sha256', digest.slice(7)), b);
    return { mediaType, digest, size: b.length };
  };
  // One real layer: an /etc/passwd and a program file.
  const root = mkdtempSync(path.join(os.tmpdir(), 'sg-layer-'));
  mkdirSync(path.join(root, 'etc'));
  mkdirSync(path.join(root, 'app'));
  writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/sbin/nologin\napp:x:10001:10001::/app:/sbin/nologin\n');
  writeFileSync(path.join(root, 'app', 'server'), 'not a real program\n');
  const layerTar = path.join(root, '..', `${path.basename(root)}.tar`);
  execFileSync('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-cf', layerTar, '-C', root, 'etc', 'app']);
  const layerBytes = readFileSync(layerTar);
  rmSync(root, { recursive: true, force: true });
  rmSync(layerTar, { force: true });
  const layer = put('application/vnd.oci.image.layer.v1.tar', layerBytes);
  const config = put(
    'application/vnd.oci.image.config.v1+json',
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { User: options.user ?? '10001', Entrypoint: ['/app/server'], Healthcheck: { Test: ['CMD', '/app/server', '--health'] } },
      rootfs: { type: 'layers', diff_ids: [layer.digest] },
    }),
  );
  const manifest = put(
    'application/vnd.oci.image.manifest.v1+json',
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config, layers: [layer] }),
  );
  const entries: object[] = [{ ...manifest, platform: { architecture: 'amd64', os: 'linux' } }];
  let attestation: Blob | undefined;
  if (options.attestations && options.attestations.length > 0) {
    const subject = [{ name: `pkg:docker/${options.name ?? 'app'}@1?platform=linux%2Famd64`, digest: { sha256: manifest.digest.slice(7) } }];
    const layers = options.attestations.map((kind) => {
      const predicateType = kind === 'provenance' ? 'https://slsa.dev/provenance/v0.2' : 'https://spdx.dev/Document';
      const statement = put(
        'application/vnd.in-toto+json',
        JSON.stringify({
          _type: 'https://in-toto.io/Statement/v0.1',
          predicateType,
          subject,
          predicate: kind === 'provenance' ? { builder: { id: '' }, buildType: 'https://mobyproject.org/buildkit@v1' } : { spdxVersion: 'SPDX-2.3' },
        }),
      );
      return { ...statement, annotations: { 'in-toto.io/predicate-type': predicateType } };
    });
    const attConfig = put(
      'application/vnd.oci.image.config.v1+json',
      JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [] } }),
    );
    attestation = put(
      'application/vnd.oci.image.manifest.v1+json',
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: attConfig, layers }),
    );
    entries.push({
      ...attestation,
      platform: { architecture: 'unknown', os: 'unknown' },
      annotations: { 'vnd.docker.reference.digest': manifest.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
    });
  }
  if (options.referrer) {
    const empty = put('application/vnd.oci.empty.v1+json', '{}');
    const payload = put('application/spdx+json', JSON.stringify({ spdxVersion: 'SPDX-2.3', name: 'app' }));
    const ref = put(
      'application/vnd.oci.image.manifest.v1+json',
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        artifactType: 'application/spdx+json',
        config: empty,
        layers: [payload],
        subject: manifest,
      }),
    );
    entries.push({ ...ref, artifactType: 'application/spdx+json' });
  }
  const index = put(
    'application/vnd.oci.image.index.v1+json',
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: entries }),
  );
  const repo = options.name ?? 'app';
  writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          ...index,
          annotations: { 'io.containerd.image.name': `docker.io/${repo.includes('/') ? repo : `library/${repo}`}:1`, 'org.opencontainers.image.ref.name': '1' },
        },
      ],
    }),
  );
  return {
    dir,
    manifest,
    index,
    ...(attestation ? { attestation } : {}),
    tar(file) {
      execFileSync('tar', ['-cf', file, '-C', dir, 'oci-layout', 'index.json', 'blobs']);
      return file;
    },
  };
}
