// `bench --all-nodes` on the two-node lab: one global job, one result per node through the service logs,
// and a node that is down reported as such.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let manager = '';
const sg = (...args: string[]) =>
  spawnSync(process.execPath, ['bin/swarmguard.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: manager } });
const allNodes = (...args: string[]) => sg('bench', '--all-nodes', '--engine-socket', '/run/swarmguard-lab/{{.Node.Hostname}}.sock', '--timeout', '90', ...args);

describe('bench --all-nodes on the lab', () => {
  beforeAll(() => {
    execFileSync('bash', ['scripts/images/swarmguard-image.sh'], { stdio: 'inherit' });
    execFileSync('bash', ['scripts/lab.sh', 'up', '2'], { stdio: 'inherit' });
    manager = /^node1 DOCKER_HOST=(\S+)/m.exec(execFileSync('bash', ['scripts/lab.sh', 'env'], { encoding: 'utf8' }))![1]!;
  });
  afterAll(() => {
    execFileSync('bash', ['scripts/lab.sh', 'down'], { stdio: 'inherit' });
  });

  it('returns one benchmark per node and removes its job service', () => {
    const r = allNodes('-c', '1.1.1,5.1,7', '--format', 'json');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { nodes: { hostname: string; log?: { dockerbenchsecurity: string; tests: { results: { id: string; result: string }[] }[] }; error?: string }[] };
    expect(out.nodes.map((n) => n.hostname).sort()).toEqual(['sg-node1', 'sg-node2']);
    for (const n of out.nodes) {
      expect(n.error).toBeUndefined();
      expect(n.log!.dockerbenchsecurity).toBe('1.6.0');
    }
    const verdict = (host: string, id: string) => out.nodes.find((n) => n.hostname === host)!.log!.tests.flatMap((t) => t.results).find((x) => x.id === id)!.result;
    // The manager judges the swarm; the worker says it cannot.
    expect(verdict('sg-node1', '7.1')).toBe('WARN');
    expect(verdict('sg-node2', '7.1')).toBe('INFO');
    const left = execFileSync('docker', ['-H', manager, 'service', 'ls', '-q', '--filter', 'label=org.swarmguard.role=bench'], { encoding: 'utf8' }).trim();
    expect(left).toBe('');
    const table = allNodes('-c', '7.1');
    expect(table.stdout).toMatch(/^CHECK\s+sg-node\d\s+sg-node\d$/m);
    expect(table.stdout).toMatch(/2 of 2 node\(s\) benchmarked/);
  });

  it('audit on the lab: one report with the benchmark of every node and the swarm audit of the deployed stack', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-labaudit-'));
    try {
      const stack = path.join(dir, 'stack.yml');
      writeFileSync(stack, 'version: "3.9"\nservices:\n  web:\n    image: swarmguard-test/web:latest\n    deploy: { mode: global, endpoint_mode: dnsrr }\nnetworks:\n  default:\n    driver: overlay\n    driver_opts: { encrypted: "" }\n');
      expect(sg('stack', 'deploy', '-c', stack, '--resolve-image', 'never', '--force', 'labaudit').status).toBe(0);
      const html = path.join(dir, 'report.html');
      const r = sg('audit', '-c', stack, '--all-nodes', '--engine-socket', '/run/swarmguard-lab/{{.Node.Hostname}}.sock', '--no-images', '--format', 'json', '--html', html);
      expect(r.status, r.stderr).toBe(0);
      const rep = JSON.parse(r.stdout) as { findings: { id: string; category: string; target: { kind: string; hostname?: string; name?: string } }[]; scanned: string[] };
      const benchNodes = new Set(rep.findings.filter((f) => f.category === 'bench' && f.target.kind === 'node').map((f) => f.target.hostname));
      expect(benchNodes).toEqual(new Set(['sg-node1', 'sg-node2']));
      expect(rep.findings.some((f) => f.id === 'service-no-limits' && f.target.name === 'labaudit_web')).toBe(true);
      expect(rep.scanned).toEqual(expect.arrayContaining(['live swarm audit', 'CIS Docker Benchmark 1.6.0 on every node']));
      expect(readFileSync(html, 'utf8')).toContain('node sg-node2');
      expect(sg('stack', 'rm', 'labaudit').status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which node is down, and exits 4', async () => {
    const pid = readFileSync('/run/swarmguard-lab/node2.pid', 'utf8').trim();
    process.kill(Number(pid), 'SIGTERM');
    const deadline = Date.now() + 90_000;
    for (;;) {
      const st = spawnSync('docker', ['-H', manager, 'node', 'inspect', '--format', '{{.Status.State}}', 'sg-node2'], { encoding: 'utf8' }).stdout.trim();
      if (st === 'down') break;
      if (Date.now() > deadline) throw new Error(`sg-node2 never went down (${st})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const r = allNodes('-c', '5.1');
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/sg-node2: node is down: not benchmarked/);
    expect(r.stdout).toMatch(/1 of 2 node\(s\) benchmarked/);
  });
});
