// `stack deploy` with an engine that cannot be reached, or that goes away part-way, exits with the same code in
// English and in Japanese: the exit code comes from the failure's code, never from the (localized) wording.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'sg-unreachable-'));
const file = path.join(dir, 'stack.yml');
writeFileSync(
  file,
  [
    'services:',
    '  web:',
    '    image: swarmguard-test/busybox:latest',
    '    command: ["sleep", "60"]',
    '    networks: [front]',
    'networks:',
    '  front:',
    '    driver: overlay',
    '    driver_opts: { encrypted: "" }',
    '',
  ].join('\n'),
);
const STACK = 'sgunreach';
const deploy = (lang: string, dockerHost: string) =>
  runCli(['--lang', lang, 'stack', 'deploy', '-c', file, '--resolve-image', 'never', '--force', '--detach', STACK], { env: { DOCKER_HOST: dockerHost } });

/** A loopback port nobody listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/**
 * The real engine behind a loopback HTTP relay that answers every read and drops the connection at the first write
 * (POST): the engine is reachable when the deploy starts and goes away when it begins to change things.
 */
let relay: http.Server | undefined;
let relayPort = 0;
beforeAll(async () => {
  relay = http.createServer((req, res) => {
    if (req.method === 'POST') {
      req.socket.destroy();
      return;
    }
    const up = http.request({ socketPath: '/var/run/docker.sock', path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => relay?.listen(0, '127.0.0.1', r));
  relayPort = (relay.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => (relay ? relay.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('stack deploy with an unreachable engine', () => {
  it('exits 3 in English and in Japanese: closed loopback port, missing unix socket', async () => {
    const port = await closedPort();
    for (const host of [`tcp://127.0.0.1:${port}`, `unix://${path.join(dir, 'missing.sock')}`]) {
      const [en, ja] = await Promise.all([deploy('en', host), deploy('ja', host)]);
      expect(en.stderr, host).toMatch(/cannot reach the Docker engine/);
      expect(ja.stderr, host).toMatch(/Docker エンジン.*に接続できません/);
      expect([en.status, ja.status], host).toEqual([3, 3]);
    }
  });

  it('exits 3 in English and in Japanese when the engine goes away at the first change', async () => {
    const host = `tcp://127.0.0.1:${relayPort}`;
    const en = await deploy('en', host);
    const ja = await deploy('ja', host);
    expect(en.stderr).toMatch(/creating a network: cannot reach the Docker engine \(ECONNRESET\)/);
    expect(en.stderr).toMatch(/hint: .*Nothing was changed/);
    expect(ja.stderr).toMatch(/ネットワークの作成中: Docker エンジン.*に接続できません（ECONNRESET）/);
    expect(ja.stderr).toMatch(/何も変更していません/);
    expect([en.status, ja.status]).toEqual([3, 3]);
  });
});
