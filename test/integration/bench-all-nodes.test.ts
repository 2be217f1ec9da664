// `bench --all-nodes` on the two-node lab: one global job pinned by digest, one result per node through the
// service logs, the same verdicts as a local run, and nothing of swarmguard left behind.
// The lab is shared: it is brought up (idempotent) but never taken down, and no node is stopped here.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

let manager = '';
/** Whether auditd runs on this machine (the lab's nodes share its kernel): a process named auditd. */
const auditdRunning = (): boolean =>
  readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .some((e) => {
      try {
        return readFileSync(`/proc/${e}/comm`, 'utf8').trim() === 'auditd';
      } catch {
        return false;
      }
    });
const sg = (...args: string[]) => runCli(args, { env: { DOCKER_HOST: manager } });
const allNodes = (...args: string[]) =>
  sg('bench', '--all-nodes', '--engine-socket', '/run/swarmguard-lab/{{.Node.Hostname}}.sock', '--timeout', '90', ...args);

describe('bench --all-nodes on the lab', () => {
  beforeAll(() => {
    execFileSync('bash', ['scripts/images/swarmguard-image.sh'], { stdio: 'inherit' });
    execFileSync('bash', ['scripts/lab.sh', 'up', '2'], { stdio: 'inherit' });
    manager = /^node1 DOCKER_HOST=(\S+)/m.exec(execFileSync('bash', ['scripts/lab.sh', 'env'], { encoding: 'utf8' }))![1]!;
  });

  it('returns one benchmark per node and removes its job service', async () => {
    const r = await allNodes('--check', '1.1.1,5.1,7', '--format', 'json');
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
    for (const node of ['node1', 'node2']) {
      const containers = execFileSync('docker', ['-H', `unix:///run/swarmguard-lab/${node}.sock`, 'ps', '-aq', '--filter', 'label=com.swarmguard.role'], {
        encoding: 'utf8',
      }).trim();
      expect(containers, `swarmguard containers left on ${node}`).toBe('');
    }
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
      expect(rep.scanned).toEqual(expect.arrayContaining(['live swarm audit', 'CIS Docker Benchmark 1.6.0 on every node']));
      expect(readFileSync(html, 'utf8')).toContain('node sg-node2');
      expect((await sg('stack', 'rm', 'labaudit')).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bench fix --all-nodes --apply audit writes the 1.1.x rules on every lab node and turns the WARNs to PASS where auditd records, and leaves no container', async () => {
    // The lab's nodes share this machine's /etc: the rules go to a directory of this test, and are not loaded.
    // 1.1.8 (each node's own containerd socket) is left out: both nodes write the same file here, unlike real nodes.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-fixall-'));
    mkdirSync(path.join(dir, 'audit'));
    try {
      const r = await sg(
        'bench',
        'fix',
        '--all-nodes',
        '--apply',
        'audit',
        '--no-load',
        '--audit-dir',
        path.join(dir, 'audit'),
        '--exclude',
        '1.1.8',
        '--engine-socket',
        '/run/swarmguard-lab/{{.Node.Hostname}}.sock',
        '--timeout',
        '90',
      );
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toMatch(/as global job swarmguard-bench-fix-[0-9a-f]{6} on 2 node\(s\)/);
      // The job cannot ask the kernel (auditctl needs the host's PID namespace); it reads whether auditd runs in /proc.
      const auditd = auditdRunning();
      for (const node of ['sg-node1', 'sg-node2']) {
        const row = new RegExp(`^${node}\\s+\\d+\\s+no \\(next boot / auditd\\)\\s+re-run of \\d+ affected check\\(s\\): (\\d+)/(\\d+) WARN fixed(?: \\([^)]*\\))?(?:; still WARN: (\\S.*))?$`, 'm').exec(r.stdout);
        expect(row, r.stdout).not.toBeNull();
        expect(Number(row![2]), `${node}: 1.1.x WARNs before the fix`).toBeGreaterThan(3);
        if (auditd) expect(row![1]).toBe(row![2]);
        // Without auditd nothing is recorded: the rules are written, the WARNs stay and say so.
        else expect(row![3]!.split(', ').length, r.stdout).toBe(Number(row![2]));
      }
      const rules = readFileSync(path.join(dir, 'audit/rules.d/docker.rules'), 'utf8');
      for (const p of ['/usr/bin/runc', '/usr/sbin/runc', '/var/lib/docker', '/etc/docker', '/usr/sbin/dockerd'])
        expect(rules).toContain(`-w ${p} -p rwxa -k docker`);
      // What the job wrote is what a local fix judges: the same 1.1.x verdicts, read from the same rules directory.
      const local = await sg(
        'bench',
        'fix',
        '--check',
        '1.1',
        '--exclude',
        '1.1.8',
        '--audit-dir',
        path.join(dir, 'audit'),
        '--apply',
        'audit',
        '--no-load',
        '--json',
      );
      expect(local.status, local.stderr).toBe(0);
      const doc = JSON.parse(local.stdout) as { audit: { added: string[] }; before: Record<string, string> };
      // Every path the job named is covered, under the same spelling (docker.service as /usr/lib/…, not /lib/…): nothing to add.
      expect(doc.audit.added).toEqual([]);
      // Locally the rules are in the file but not loaded (--no-load), or loaded while auditing is off: WARN either way.
      if (!auditd) for (const [id, v] of Object.entries(doc.before)) if (/^1\.1\.([3-9]|1[0-8])$/.test(id) && v !== 'INFO') expect(v, id).toBe('WARN');
      for (const node of ['node1', 'node2']) {
        const containers = execFileSync('docker', ['-H', `unix:///run/swarmguard-lab/${node}.sock`, 'ps', '-aq', '--filter', 'label=com.swarmguard.role'], {
          encoding: 'utf8',
        }).trim();
        expect(containers, `swarmguard containers left on ${node}`).toBe('');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an image the manager does not have, before creating anything', async () => {
    const r = await allNodes('--image', 'swarmguard/swarmguard:no-such-tag', '--check', '7.1');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/the image swarmguard\/swarmguard:no-such-tag is not on this manager/);
  });

  it('gives the same verdicts as a local run on the same node for the audit, engine, container and swarm checks', async () => {
    // The lab is shared: section 5 looks at one container of this test only, so both runs see the same.
    const name = `sgparity-${process.pid}`;
    execFileSync('docker', ['-H', manager, 'run', '-d', '--name', name, '--memory', '64m', '--read-only', 'swarmguard-test/busybox:latest', 'sleep', '600'], {
      encoding: 'utf8',
    });
    try {
      const ids = '1.1,2,5,7';
      const job = JSON.parse((await allNodes('--check', ids, '-i', `^${name}$`, '--format', 'json')).stdout) as {
        nodes: { hostname: string; log: { tests: { results: { id: string; result: string }[] }[] } }[];
      };
      const local = JSON.parse((await sg('bench', '--check', ids, '-i', `^${name}$`, '--format', 'json')).stdout) as {
        tests: { results: { id: string; result: string }[] }[];
      };
      const verdicts = (tests: { results: { id: string; result: string }[] }[]) =>
        Object.fromEntries(tests.flatMap((t) => t.results).map((r) => [r.id, r.result]));
      const here = verdicts(local.tests);
      expect(Object.keys(here).length).toBeGreaterThan(50);
      expect(verdicts(job.nodes.find((n) => n.hostname === 'sg-node1')!.log.tests)).toEqual(here);
    } finally {
      execFileSync('docker', ['-H', manager, 'rm', '-f', name]);
    }
  });
});
