// `image scan --all-nodes` on the two-node lab: each node reads its own images in a one-shot global job and the
// manager matches them against its advisory DB; an image present only on the second node is scanned there and
// its result names that node. The lab is shared: brought up (idempotent), never taken down.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtureDb } from '../helpers/fixture-db.js';
import { labManager } from '../helpers/lab.js';
import { runCli } from '../integration/helpers/run-cli.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-nodescan-'));
const ONLY = 'sgnodescan/only-node2:1';
let manager = '';
const node2 = 'unix:///run/swarmguard-lab/node2.sock';
const docker = (host: string, ...args: string[]) => execFileSync('docker', ['-H', host, ...args], { encoding: 'utf8' }).trim();

const NODE_SOCKET = '/run/swarmguard-lab/{{.Node.Hostname}}.sock';
/** `image scan --all-nodes IMAGES` from the manager, each node's engine at its lab socket, as JSON. */
const scanAllNodes = (images: string[], db: string, timeoutSeconds: number) =>
  runCli(['image', 'scan', '--all-nodes', ...images, '--engine-socket', NODE_SOCKET, '--db', db, '--timeout', String(timeoutSeconds), '--format', 'json'], {
    env: { DOCKER_HOST: manager },
  });

describe('image scan --all-nodes on the lab', () => {
  beforeAll(async () => {
    manager = await labManager(true);
    // Debian 12 (the swarmguard image's base) with a label: a new image ID, on node2 only.
    execFileSync('docker', ['-H', node2, 'build', '-q', '-t', ONLY, '-'], {
      input: `FROM swarmguard/swarmguard:local\nLABEL org.swarmguard.test=only-node2\n`,
      encoding: 'utf8',
    });
  });

  afterAll(() => {
    docker(node2, 'image', 'rm', '-f', ONLY);
    rmSync(dir, { recursive: true, force: true });
  });

  it('scans the image only node2 has on node2, names the node, and leaves nothing behind', async () => {
    expect(docker(manager, 'image', 'ls', '-q', ONLY)).toBe('');
    const db = makeFixtureDb(dir);
    const r = await scanAllNodes([ONLY, 'swarmguard/swarmguard:local'], db, 240);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      job: { image: string; pinnedBy: string };
      nodes: { hostname: string; images: number; error?: string }[];
      images: { name: string; nodes: string[]; platform: string; findings?: { id: string; severity: string }[] }[];
    };
    expect(out.nodes.map((n) => [n.hostname, n.images, n.error])).toEqual([
      ['sg-node1', 1, undefined],
      ['sg-node2', 2, undefined],
    ]);
    const only = out.images.find((i) => i.name === ONLY)!;
    expect(only.nodes).toEqual(['sg-node2']);
    expect(only.platform).toBe('linux/amd64');
    // Matched on the manager against its DB: bash of Debian 12 has the fixture's CRITICAL advisory.
    expect(only.findings!.map((f) => [f.id, f.severity])).toContainEqual(['CVE-2099-0101', 'CRITICAL']);
    expect(out.images.find((i) => i.name === 'swarmguard/swarmguard:local')!.nodes).toEqual(['sg-node1', 'sg-node2']);
    expect(out.job.pinnedBy).toBe('image ID');
    // The job, its isolated network and its containers are gone from the swarm and from every node.
    expect(docker(manager, 'service', 'ls', '-q', '--filter', 'label=com.swarmguard.role=scan')).toBe('');
    expect(docker(manager, 'network', 'ls', '-q', '--filter', 'label=com.swarmguard.role=scan')).toBe('');
    const end = Date.now() + 30_000;
    for (const n of ['node1', 'node2']) {
      let left = docker(`unix:///run/swarmguard-lab/${n}.sock`, 'ps', '-aq', '--filter', 'label=com.swarmguard.role=scan');
      while (left !== '' && Date.now() < end) {
        await new Promise((res) => setTimeout(res, 500));
        left = docker(`unix:///run/swarmguard-lab/${n}.sock`, 'ps', '-aq', '--filter', 'label=com.swarmguard.role=scan');
      }
      expect(left, n).toBe('');
    }
  });

  it('names each node that did not answer in time, exits 4, and still removes the job', async () => {
    // One second cannot cover creating, scheduling and starting the job, let alone reading an image.
    const r = await scanAllNodes(['swarmguard-test/busybox:latest'], makeFixtureDb(dir), 1);
    expect(r.status, r.stderr).toBe(4);
    const out = JSON.parse(r.stdout) as { nodes: { hostname: string; error?: string }[]; summary: { nodesFailed: number } };
    expect(out.nodes.map((n) => n.hostname)).toEqual(['sg-node1', 'sg-node2']);
    for (const n of out.nodes) expect(n.error, n.hostname).toMatch(/timed out/);
    expect(out.summary.nodesFailed).toBe(2);
    expect(docker(manager, 'service', 'ls', '-q', '--filter', 'label=com.swarmguard.role=scan')).toBe('');
    expect(docker(manager, 'network', 'ls', '-q', '--filter', 'label=com.swarmguard.role=scan')).toBe('');
  });
});
