// A scan whose analysis was cut short is "not scanned", never clean: `image scan` of an image holding a crafted
// executable that outlasts the analyzer's time budget exits 5 (not 0, whatever --exit-code says), the table and
// the JSON say which part was not read, the history records the scan as failed, and a batch scan does the same.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { readHistory, runCli, sh } from '../helpers/run.js';
import { writeOsvAdvisory } from '../helpers/osv-advisory.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-not-scanned-'));
const db = path.join(dir, 'vuln.db');
const history = path.join(dir, 'history.db');
const env = {
  SWARMGUARD_DB: db,
  SWARMGUARD_CACHE_DIR: path.join(dir, 'cache'),
  SWARMGUARD_HISTORY: history,
  // The crafted binary keeps the Go reducer busy for about a second: far past this budget on any machine.
  SWARMGUARD_ANALYZER_TIMEOUT_MS: '200',
};
const sg = (...args: string[]) => runCli(args, { env });
const crafted = path.join(dir, 'crafted.tar');
const clean = path.join(dir, 'clean.tar');
const IMAGES = ['sgsec-notscanned-crafted:1', 'sgsec-notscanned-clean:1'];

async function tarOf(entries: { name: string; body: Buffer; mode?: number }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) pack.entry({ name: e.name, mode: e.mode ?? 0o644 }, e.body);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** An ELF file without sections, packed with the Go build-info magic at offsets Go never uses (see walk-keep.test.ts). */
function craftedGoBinary(size: number): Buffer {
  const magic = Buffer.from('\xff Go buildinf:', 'latin1');
  const buf = Buffer.alloc(size);
  buf.write('\x7fELF', 0, 'latin1');
  buf[4] = 2;
  buf[5] = 1;
  for (let at = 65; at + magic.length <= size; at += magic.length) magic.copy(buf, at);
  return buf;
}

/** A `docker save` of one one-layer Alpine image with zlib 1.0-r0, and the extra files given. */
async function dockerSave(tag: string, extra: { name: string; body: Buffer; mode?: number }[]): Promise<Buffer> {
  const layer = await tarOf([
    { name: 'etc/alpine-release', body: Buffer.from('3.19.1\n') },
    { name: 'lib/apk/db/installed', body: Buffer.from('P:zlib\nV:1.0-r0\nA:x86_64\no:zlib\n\n') },
    ...extra,
  ]);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [`sha256:${sha(layer)}`] } }));
  const manifest = [{ Config: `${sha(config)}.json`, RepoTags: [tag], Layers: [`${sha(layer)}/layer.tar`] }];
  return tarOf([
    { name: `${sha(layer)}/layer.tar`, body: layer },
    { name: `${sha(config)}.json`, body: config },
    { name: 'manifest.json', body: Buffer.from(JSON.stringify(manifest)) },
  ]);
}

beforeAll(async () => {
  writeFileSync(crafted, await dockerSave(IMAGES[0]!, [{ name: 'usr/local/bin/crafted', body: craftedGoBinary(60 * 1024 * 1024), mode: 0o755 }]));
  writeFileSync(clean, await dockerSave(IMAGES[1]!, []));
  const adv = writeOsvAdvisory(dir, 'CVE-2099-2401', { ecosystem: 'Alpine:v3.19', name: 'zlib', events: [{ introduced: '0' }, { fixed: '1.1-r0' }] });
  expect((await sg('db', 'import', adv)).status).toBe(0);
}, 120_000);

afterAll(async () => {
  for (const i of IMAGES) await sh('docker', ['rmi', '-f', i]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

describe('a scan cut short is not scanned', () => {
  it('exits 5 with the table naming the part not read, and --exit-code does not make it clean', async () => {
    const r = await sg('image', 'scan', '--input', crafted);
    expect(r.status, r.stderr).toBe(5);
    expect(r.stdout).toMatch(/Not scanned: 1 part\(s\) of the image were not read/);
    expect(r.stdout).toMatch(/usr\/local\/bin\/crafted: not scanned: reading it took longer than 200 ms/);
    expect(r.stderr).toMatch(/not scanned: 1 part\(s\) of sgsec-notscanned-crafted:1 were not read/);
    expect((await sg('image', 'scan', '--input', crafted, '--exit-code', '1')).status).toBe(5);
    const ja = await sg('--lang', 'ja', 'image', 'scan', '--input', crafted);
    expect(ja.status).toBe(5);
    expect(ja.stdout).toMatch(/スキャンできませんでした: イメージの 1 箇所を読めませんでした/);
    expect(ja.stderr).toMatch(/スキャンできませんでした: sgsec-notscanned-crafted:1 の 1 箇所を読めませんでした/);
    // The same image without the crafted file: its finding gates as --exit-code says.
    expect((await sg('image', 'scan', '--input', clean, '--exit-code', '1')).status).toBe(1);
    expect((await sg('image', 'scan', '--input', clean)).status).toBe(0);
  }, 120_000);

  it('JSON says complete: false and lists what was not read; the history keeps the scan as failed', async () => {
    const r = await sg('image', 'scan', '--input', crafted, '--format', 'json');
    expect(r.status, r.stderr).toBe(5);
    const doc = JSON.parse(r.stdout) as { complete: boolean; notScanned: string[] };
    expect(doc.complete).toBe(false);
    expect(doc.notScanned).toEqual([expect.stringMatching(/^usr\/local\/bin\/crafted: not scanned: /)]);
    const scans = readHistory(history).filter((s) => s.repository.includes('sgsec-notscanned-crafted'));
    expect(scans.length).toBeGreaterThan(0);
    expect(scans.every((s) => s.status === 'failed')).toBe(true);
  }, 120_000);

  it('a batch scan counts the image as not scanned and exits 5', async () => {
    await sh('docker', ['load', '-i', crafted]);
    await sh('docker', ['load', '-i', clean]);
    const r = await sg('image', 'scan', ...IMAGES, '--format', 'json');
    expect(r.status, r.stderr).toBe(5);
    const doc = JSON.parse(r.stdout) as { images: { ref: string; complete?: boolean; notScanned?: string[] }[]; summary: { incomplete: number } };
    expect(doc.summary.incomplete).toBe(1);
    expect(doc.images.find((i) => i.ref === IMAGES[0])).toMatchObject({ complete: false, notScanned: [expect.stringMatching(/crafted: not scanned/)] });
    expect(doc.images.find((i) => i.ref === IMAGES[1])).toMatchObject({ complete: true });
    const table = await sg('image', 'scan', ...IMAGES);
    expect(table.status).toBe(5);
    expect(table.stdout).toMatch(/2 image\(s\), \d+ vulnerabilit(y|ies), 1 not scanned/);
  }, 180_000);
});
