// `audit` reads each service image once: image lint and the inventory for the vulnerability scan share one export.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { auditImages, type AuditStep } from '../../../src/audit/audit.js';
import { errorMessage } from '../../../src/core/errors.js';
import { english } from '../../../src/core/message.js';
import type { Finding } from '../../../src/core/finding.js';
import { LayerCache } from '../../../src/image/layer-cache.js';
import { CACHE_SALT } from '../../../src/image/inventory.js';
import type { Inventory } from '../../../src/packages/types.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-audit-images-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function tarOf(entries: { name: string; body: string | Buffer; mode?: number }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, mode: e.mode ?? 0o644 }, typeof e.body === 'string' ? Buffer.from(e.body) : e.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** A `docker save` of one Debian-like image with a shell, a setuid file and one dpkg package, running as root. */
async function dockerSave(pkg: string): Promise<Buffer> {
  const layer = await tarOf([
    { name: 'etc/os-release', body: 'ID=debian\nVERSION_ID="12"\n' },
    { name: 'bin/sh', body: '#!', mode: 0o755 },
    { name: 'usr/bin/passwd', body: 'x', mode: 0o4755 },
    { name: 'var/lib/dpkg/status', body: `Package: ${pkg}\nStatus: install ok installed\nVersion: 1.0-1\nArchitecture: amd64\n\n` },
  ]);
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layer)}`] } }),
  );
  const cfgName = `${sha(config)}.json`;
  return tarOf([
    { name: `${sha(layer)}/layer.tar`, body: layer },
    { name: cfgName, body: config },
    { name: 'manifest.json', body: JSON.stringify([{ Config: cfgName, RepoTags: [`${pkg}:1`], Layers: [`${sha(layer)}/layer.tar`] }]) },
  ]);
}

/** The step runAudit uses: findings join the report, failures join the coverage. */
function recorder(): { step: AuditStep; findings: Finding[]; coverage: string[] } {
  const findings: Finding[] = [];
  const coverage: string[] = [];
  const step: AuditStep = async (what, fn) => {
    try {
      findings.push(...((await fn()) ?? []));
    } catch (e) {
      coverage.push(`${english(what)}: not checked (${errorMessage(e)})`);
    }
  };
  return { step, findings, coverage };
}

describe('audit of the service images', () => {
  it('exports each image once and feeds both image lint and the vulnerability scan from that export', async () => {
    const saves: string[] = [];
    const images: Record<string, Buffer> = { 'app:1': await dockerSave('bash'), 'db:1': await dockerSave('zlib1g') };
    const scanned: Inventory[] = [];
    const r = recorder();
    const exports = await auditImages(
      Object.keys(images),
      {
        save: (ref) => {
          saves.push(ref);
          return Promise.resolve(Readable.from([images[ref]!]));
        },
        scan: (inventory) => {
          scanned.push(inventory);
          return [];
        },
        cache: new LayerCache(path.join(dir, 'cache'), CACHE_SALT, { keyFile: path.join(dir, 'cache.key') }),
      },
      r.step,
    );
    expect(r.coverage).toEqual([]);
    expect(exports).toBe(2);
    expect(saves).toEqual(['app:1', 'db:1']);
    // Image lint saw the files of the export…
    const lint = (ref: string) => r.findings.filter((f) => f.target.kind === 'image' && f.target.ref === ref).map((f) => f.id);
    for (const ref of ['app:1', 'db:1']) expect(lint(ref)).toEqual(expect.arrayContaining(['image-runs-as-root', 'image-shell-present', 'image-setuid-files']));
    // …and the inventory came from the same export.
    expect(scanned.map((i) => [i.ref, i.os?.family, i.packages.map((p) => p.name)])).toEqual([
      ['app:1', 'debian', ['bash']],
      ['db:1', 'debian', ['zlib1g']],
    ]);
  });

  it('tries a failing export once and reports it for both steps', async () => {
    let saves = 0;
    const r = recorder();
    const exports = await auditImages(
      ['gone:1'],
      {
        save: () => {
          saves += 1;
          return Promise.reject(new Error('no such image'));
        },
        scan: () => [],
      },
      r.step,
    );
    expect(saves).toBe(1);
    expect(exports).toBe(1);
    expect(r.coverage).toEqual(['image lint of gone:1: not checked (no such image)', 'vulnerability scan of gone:1: not checked (no such image)']);
  });
});
