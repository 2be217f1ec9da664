// The registry client against small registries served on loopback (the Registry HTTP API v2 wire format):
// size caps, an idle timeout instead of a total one, and where credentials may go.
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import tar from 'tar-stream';
import { openRegistryImage } from '../../../src/image/registry.js';
import { withScanDeadline } from '../../../src/packages/incomplete.js';
import { setTimeout as sleep } from 'node:timers/promises';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-regclient-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;

async function layerTar(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: 'etc/os-release' }, 'ID=alpine\nVERSION_ID=3.20.0\n');
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
async function serve(handler: Handler): Promise<number> {
  const s = http.createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return (s.address() as AddressInfo).port;
}

/** An image: its manifest, config and layer, with descriptor sizes. */
async function image(): Promise<{ manifest: Buffer; blobs: Map<string, Buffer>; layer: Buffer }> {
  const layer = await layerTar();
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha(layer)] } }));
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha(config), size: config.length },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha(layer), size: layer.length }],
    }),
  );
  return {
    manifest,
    blobs: new Map([
      [sha(config), config],
      [sha(layer), layer],
    ]),
    layer,
  };
}

function dockerConfigWith(port: number): NodeJS.ProcessEnv {
  const cfg = path.join(dir, `docker-${port}`);
  mkdirSync(cfg, { recursive: true });
  writeFileSync(path.join(cfg, 'config.json'), JSON.stringify({ auths: { [`127.0.0.1:${port}`]: { auth: Buffer.from('ci:s3cret').toString('base64') } } }));
  return { DOCKER_CONFIG: cfg };
}

describe('registry client limits', () => {
  it('refuses a manifest over 4 MiB without buffering it', async () => {
    const port = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (let k = 0; k < 6; k++) res.write(chunk);
      res.end('{}');
    });
    await expect(openRegistryImage(`127.0.0.1:${port}/big/manifest:1`)).rejects.toThrow(/manifest of .* over the 4194304-byte limit/);
  });

  it('refuses a blob larger than its size in the manifest', async () => {
    const img = await image();
    const port = await serve((req, res) => {
      if (req.url!.includes('/manifests/')) return void res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end(img.manifest);
      const d = req.url!.split('/blobs/')[1]!;
      const b = img.blobs.get(d)!;
      res.writeHead(200).end(b === img.layer ? Buffer.concat([b, Buffer.alloc(1 << 20)]) : b);
    });
    await expect(openRegistryImage(`127.0.0.1:${port}/x/y:1`)).rejects.toThrow(/larger than \d+ bytes \(its size in the manifest\)/);
  });

  it('stops a download when the scan deadline passes: the transfer is closed, and nothing more is sent', async () => {
    const img = await image();
    let sent = 0;
    let closed = false;
    const port = await serve((req, res) => {
      if (req.url!.includes('/manifests/')) return void res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end(img.manifest);
      const b = img.blobs.get(req.url!.split('/blobs/')[1]!)!;
      if (b !== img.layer) return void res.writeHead(200).end(b);
      // The layer, a byte every few milliseconds: seconds in all, moving all the time.
      res.writeHead(200, { 'Content-Length': String(b.length) });
      const t = setInterval(() => res.write(b.subarray(sent, ++sent)), 3);
      res.on('close', () => {
        clearInterval(t);
        closed = true;
      });
    });
    const started = Date.now();
    await expect(withScanDeadline('slow', (signal) => openRegistryImage(`127.0.0.1:${port}/x/y:1`, { signal }), 400)).rejects.toThrow(
      /not scanned: slow: the scan ran past its deadline/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    await sleep(100);
    expect(sent).toBeGreaterThan(0);
    expect(closed).toBe(true);
    const after = sent;
    await sleep(200);
    expect(sent).toBe(after);
  });

  it('caps the bytes of all layers of one image together', async () => {
    const img = await image();
    const port = await serve((req, res) => {
      if (req.url!.includes('/manifests/')) return void res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end(img.manifest);
      res.writeHead(200).end(img.blobs.get(req.url!.split('/blobs/')[1]!)!);
    });
    await expect(openRegistryImage(`127.0.0.1:${port}/x/y:1`, { maxImageBytes: img.layer.length - 1 })).rejects.toThrow(
      /its layers are announced at \d+ bytes in all, over \d+: refusing it, not scanned/,
    );
    const ok = await openRegistryImage(`127.0.0.1:${port}/x/y:1`, { maxImageBytes: img.layer.length });
    await ok.cleanup();
  });

  it('a slow but steady layer download completes; a stalled one is abandoned after the idle timeout', async () => {
    const img = await image();
    const handler =
      (stall: boolean): Handler =>
      (req, res) => {
        if (req.url!.includes('/manifests/'))
          return void res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end(img.manifest);
        const b = img.blobs.get(req.url!.split('/blobs/')[1]!)!;
        if (b !== img.layer) return void res.writeHead(200).end(b);
        res.writeHead(200, { 'Content-Length': String(b.length) });
        // 10 pieces, 150 ms apart: 1.5 s in all, never 400 ms without data.
        let k = 0;
        const piece = Math.ceil(b.length / 10);
        const t = setInterval(() => {
          if (stall && k === 3) return; // stops sending, keeps the connection open
          res.write(b.subarray(k * piece, (k + 1) * piece));
          if (++k === 10) {
            clearInterval(t);
            res.end();
          }
        }, 150);
        res.on('close', () => clearInterval(t));
      };
    const steady = await serve(handler(false));
    const ok = await openRegistryImage(`127.0.0.1:${steady}/slow/img:1`, { idleTimeoutMs: 1000 });
    expect(ok.layers).toHaveLength(1);
    await ok.cleanup();
    const stalled = await serve(handler(true));
    await expect(openRegistryImage(`127.0.0.1:${stalled}/slow/img:1`, { idleTimeoutMs: 1000 })).rejects.toThrow(/no data for 1 s/);
  });
});

describe('where credentials go', () => {
  it('never to a 401 realm named by a cross-origin redirect target', async () => {
    const img = await image();
    const seenAuth: string[] = [];
    const other = await serve((req, res) => {
      seenAuth.push(req.headers.authorization ?? '');
      if (req.url!.startsWith('/token')) return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"token":"t"}');
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${(req.socket.address() as AddressInfo).port}/token",service="evil"` }).end();
    });
    const port = await serve((req, res) => {
      if (req.url!.includes('/manifests/')) return void res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end(img.manifest);
      res.writeHead(307, { Location: `http://127.0.0.1:${other}/storage${req.url}` }).end();
    });
    await expect(openRegistryImage(`127.0.0.1:${port}/team/app:1`, { env: dockerConfigWith(port) })).rejects.toThrow(
      /redirected to 127\.0\.0\.1:\d+, which asks for credentials: they are not sent there/,
    );
    expect(seenAuth.every((a) => a === '')).toBe(true);
  });

  it('never to an http:// token realm off loopback', async () => {
    let tokenAsked = false;
    const port = await serve((req, res) => {
      if (req.url!.startsWith('/token')) tokenAsked = true;
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer realm="http://auth.example.invalid/token",service="r"' }).end();
    });
    await expect(openRegistryImage(`127.0.0.1:${port}/team/app:1`, { env: dockerConfigWith(port) })).rejects.toThrow(
      /token realm http:\/\/auth\.example\.invalid is not https: credentials are not sent there/,
    );
    expect(tokenAsked).toBe(false);
  });
});
