// `bench --all-nodes` on the two-node lab: one global job pinned by digest, one result per node through the
// service logs, the same verdicts as a local run, and nothing of swarmguard left behind.
// The lab is shared: it is brought up (idempotent) but never taken down, and no node is stopped here. The fix of
// the kernel's audit rules on every node is in test/serial/bench-all-nodes.test.ts (the kernel is shared).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../integration/helpers/run-cli.js';
import { LAB_NODES, expectParity, labBench, ownContainersOn } from '../helpers/bench-all-nodes.js';
import { labManager } from '../helpers/lab.js';

let manager = '';
const sg = (...args: string[]) => runCli(args, { env: { DOCKER_HOST: manager } });
const allNodes = (...args: string[]) => labBench(manager, ...args);

describe('bench --all-nodes on the lab', () => {
  beforeAll(async () => {
    manager = await labManager(true);
  });

  it('returns one benchmark per node and removes its job service', async () => {
    const r = await allNodes('--cis', '1.6.0', '--check', '1.1.1,5.1,7', '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      nodes: { hostname: string; log?: { dockerbenchsecurity: string; tests: { results: { id: string; result: string }[] }[] }; error?: string }[];
    };
    expect(out.nodes.map((n) => n.hostname).sort()).toEqual(['sg-node1', 'sg-node2']);
    for (const n of out.nodes) {
      expect(n.error).toBeUndefined();
      expect(n.log!.dockerbenchsecurity).toBe('1.6.0');
    }
    const verdict = (host: string, id: string) =>
      out.nodes
        .find((n) => n.hostname === host)!
        .log!.tests.flatMap((t) => t.results)
        .find((x) => x.id === id)!.result;
    // The manager judges the swarm (one manager: none in excess, docs/bench-vs-docker-bench.md); the worker says it cannot.
    expect(verdict('sg-node1', '7.1')).toBe('PASS');
    expect(verdict('sg-node2', '7.1')).toBe('INFO');
    const left = execFileSync('docker', ['-H', manager, 'service', 'ls', '-q', '--filter', 'label=com.swarmguard.role=bench'], { encoding: 'utf8' }).trim();
    expect(left).toBe('');
    for (const node of ['node1', 'node2']) expect(await ownContainersOn(node), `swarmguard containers left on ${node}`).toBe('');
    // The job ran the image the manager has, pinned by content, not the tag.
    const image = execFileSync('docker', ['-H', manager, 'image', 'inspect', '--format', '{{.Id}}', 'swarmguard/swarmguard:local'], {
      encoding: 'utf8',
    }).trim();
    expect(r.stderr).toContain(`pinned by image ID: ${image}`);
    const table = await allNodes('--check', '7.1');
    expect(table.stdout).toMatch(/^CHECK\s+sg-node\d\s+sg-node\d$/m);
    expect(table.stdout).toMatch(/2 of 2 node\(s\) benchmarked/);
  });

  it('audit on the lab: one report with the benchmark of every node and the swarm audit of the deployed stack', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-labaudit-'));
    try {
      const stack = path.join(dir, 'stack.yml');
      writeFileSync(
        stack,
        'version: "3.9"\nservices:\n  web:\n    image: swarmguard-test/web:latest\n    deploy: { mode: global, endpoint_mode: dnsrr }\nnetworks:\n  default:\n    driver: overlay\n    driver_opts: { encrypted: "" }\n',
      );
      expect((await sg('stack', 'deploy', '-c', stack, '--resolve-image', 'never', '--force', 'labaudit')).status).toBe(0);
      const html = path.join(dir, 'report.html');
      const r = await sg(
        'audit',
        '-c',
        stack,
        '--all-nodes',
        '--engine-socket',
        '/run/swarmguard-lab/{{.Node.Hostname}}.sock',
        '--no-images',
        '--format',
        'json',
        '--html',
        html,
      );
      expect(r.status, r.stderr).toBe(0);
      const rep = JSON.parse(r.stdout) as {
        findings: { id: string; category: string; target: { kind: string; hostname?: string; name?: string } }[];
        scanned: string[];
      };
      const benchNodes = new Set(rep.findings.filter((f) => f.category === 'bench' && f.target.kind === 'node').map((f) => f.target.hostname));
      expect(benchNodes).toEqual(new Set(['sg-node1', 'sg-node2']));
      expect(rep.findings.some((f) => f.id === 'service-no-limits' && f.target.name === 'labaudit_web')).toBe(true);
      expect(rep.scanned).toEqual(expect.arrayContaining(['live swarm audit', 'CIS Docker Benchmark 1.8.0 on every node']));
      expect(readFileSync(html, 'utf8')).toContain('node sg-node2');
      expect((await sg('stack', 'rm', 'labaudit')).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an image the manager does not have, before creating anything', async () => {
    const r = await allNodes('--image', 'swarmguard/swarmguard:no-such-tag', '--check', '7.1');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the image swarmguard\/swarmguard:no-such-tag is not on this manager/);
  });

  it('bench --all-nodes equals bench on each node, every check, verdict and details', async () => {
    // The lab is shared: sections 4 and 5 look at one container of this test only, so both runs see the same.
    const name = `sgparity-${process.pid}`;
    execFileSync('docker', ['-H', manager, 'run', '-d', '--name', name, '--memory', '64m', '--read-only', 'swarmguard-test/busybox:latest', 'sleep', '600'], {
      encoding: 'utf8',
    });
    try {
      const sockets = Object.fromEntries(LAB_NODES.map((n) => [n, `unix:///run/swarmguard-lab/${n.replace('sg-', '')}.sock`]));
      const { local: byNode } = await expectParity(() => allNodes('-i', `^${name}$`, '--format', 'json'), sockets, ['-i', `^${name}$`]);
      // Each node judged on its own facts: its containerd under its dockerd's exec root, its swarm listener.
      for (const node of LAB_NODES) {
        expect(byNode[node]!['3.23']!.details).toContain(`/run/swarmguard-lab/${node.replace('sg-', '')}/containerd/containerd.sock is owned by`);
        expect(byNode[node]!['1.1.8']!.result).not.toBe('INFO');
      }
      expect(byNode['sg-node1']!['7.2']!.details).toContain('10.222.0.11');
    } finally {
      execFileSync('docker', ['-H', manager, 'rm', '-f', name]);
    }
  });
});
