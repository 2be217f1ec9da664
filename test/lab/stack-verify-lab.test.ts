// `stack verify` across the two-node lab: one service on each node, on an overlay network, ports from the images'
// EXPOSE. The lab's kernel has no IPsec (no ESP), so reachability is proven on an unencrypted overlay (its only
// finding is that it is unencrypted); on an encrypted one the cross-node pairs fail and the cause names the missing ESP.
// The lab is shared: it is brought up (idempotent), never taken down; only this file's stacks are removed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labManager } from '../helpers/lab.js';
import { runCli } from '../integration/helpers/run-cli.js';

const WEB = 'swarmguard-test/web:latest';
const PROBE = 'swarmguard-test/busybox:latest';
const PLAIN = 'sgvfylab-plain';
const ENC = 'sgvfylab-enc';
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-verify-lab-'));
let manager = '';
const sg = (...args: string[]) => runCli(args, { cwd: dir, env: { DOCKER_HOST: manager } });

/** Two dnsrr services (the lab has no IPVS for VIPs), `a` pinned to sg-node1 and `b` to sg-node2. */
function stackFile(name: string, encrypted: boolean): string {
  const p = path.join(dir, `${name}.yml`);
  const service = (node: string) =>
    `    image: ${WEB}\n    networks: [net]\n    deploy:\n      endpoint_mode: dnsrr\n      placement: { constraints: ["node.hostname == ${node}"] }\n`;
  writeFileSync(
    p,
    `version: "3.9"\nservices:\n  a:\n${service('sg-node1')}  b:\n${service('sg-node2')}networks:\n  net:\n    driver: overlay\n${encrypted ? '    driver_opts: { encrypted: "" }\n' : ''}`,
  );
  return p;
}

interface VerifyJson {
  pairs: { from: { service: string; node: string }; to: { service: string; port?: number }; status: string; method?: string; cause?: string }[];
  services: { name: string; ports: number[]; portSource: string }[];
  findings: { id: string; severity: string; message: string }[];
}

/**
 * This stack's probe containers on a lab node. The worker removes a probe's container when the manager removes its
 * service, a moment later and out of the manager's sight: allow it that moment (bounded), then report what is left.
 */
async function probesOn(node: string, stack: string): Promise<string> {
  const list = () =>
    execFileSync(
      'docker',
      [
        '-H',
        `unix:///run/swarmguard-lab/${node}.sock`,
        'ps',
        '-aq',
        '--filter',
        'label=com.swarmguard.role=probe',
        '--filter',
        `label=com.swarmguard.stack=${stack}`,
      ],
      { encoding: 'utf8' },
    ).trim();
  const end = Date.now() + 20_000;
  let left = list();
  while (left !== '' && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 250));
    left = list();
  }
  return left;
}

async function deploy(stack: string, encrypted: boolean): Promise<void> {
  const d = await sg('stack', 'deploy', '-c', stackFile(stack, encrypted), '--resolve-image', 'never', '--force', '--wait', stack);
  expect(d.status, d.stdout + d.stderr).toBe(0);
}

describe('stack verify across the two-node lab', () => {
  beforeAll(async () => {
    manager = await labManager();
  });

  afterAll(async () => {
    for (const stack of [PLAIN, ENC]) await sg('stack', 'rm', stack);
    rmSync(dir, { recursive: true, force: true });
  });

  it('an unencrypted overlay: every pair across the nodes answers on the port from EXPOSE; the only finding is the encryption', async () => {
    await deploy(PLAIN, false);
    const r = await sg('stack', 'verify', PLAIN, '--probe-image', PROBE, '--format', 'json', '--timeout', '3');
    const doc = JSON.parse(r.stdout) as VerifyJson;
    expect([...doc.services].sort((x, y) => x.name.localeCompare(y.name)).map((s) => [s.name, s.ports, s.portSource])).toEqual([
      [`${PLAIN}_a`, [80], `EXPOSE of ${WEB}`],
      [`${PLAIN}_b`, [80], `EXPOSE of ${WEB}`],
    ]);
    const pairs = doc.pairs.map((p) => `${p.from.service}@${p.from.node}->${p.to.service}:${p.to.port}=${p.status}`).sort();
    expect(pairs).toEqual([`${PLAIN}_a@sg-node1->${PLAIN}_b:80=OK`, `${PLAIN}_b@sg-node2->${PLAIN}_a:80=OK`]);
    // The manager's task is probed beside its container; the other node's through a job pinned to that node.
    expect(Object.fromEntries(doc.pairs.map((p) => [p.from.node, p.method]))).toEqual({ 'sg-node1': 'container', 'sg-node2': 'service' });
    expect(doc.findings.filter((f) => f.severity !== 'INFO' && f.severity !== 'LOW').map((f) => f.id)).toEqual(['overlay-not-encrypted']);
    expect(r.status).toBe(4);
    for (const node of ['node1', 'node2']) expect(await probesOn(node, PLAIN), `probe containers left on ${node}`).toBe('');
  });

  it('an encrypted overlay on a kernel without ESP: the cross-node pairs fail and the cause says so', async () => {
    await deploy(ENC, true);
    const r = await sg('stack', 'verify', ENC, '--probe-image', PROBE, '--format', 'json', '--timeout', '2');
    expect(r.status).toBe(4);
    const doc = JSON.parse(r.stdout) as VerifyJson;
    expect(doc.pairs).toHaveLength(2);
    for (const p of doc.pairs) {
      expect(p.status, JSON.stringify(p)).not.toBe('OK');
      expect(p.cause, JSON.stringify(p)).toMatch(/no IPsec SAs|ESP/);
    }
    expect(doc.findings.some((f) => f.id === 'overlay-not-encrypted')).toBe(false);
    for (const node of ['node1', 'node2']) expect(await probesOn(node, ENC), `probe containers left on ${node}`).toBe('');
  });
});
