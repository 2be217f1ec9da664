// Across two Swarm nodes of the lab (network namespaces on one bridge, one dockerd each):
// a plain overlay carries the probe in cleartext VXLAN (seen in a capture on the bridge), and an
// encrypted overlay on this kernel (no IPsec) drops the traffic — stack verify says why.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labManager } from '../helpers/lab.js';
import { runCli } from '../helpers/run.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-lab-'));
let manager = '';

const sg = (...args: string[]) => runCli(args, { env: { ...process.env, NO_COLOR: '1', DOCKER_HOST: manager } });

function stackFile(name: string, encrypted: boolean): string {
  const file = path.join(dir, `${name}.yaml`);
  const lines = ['version: "3.9"', 'services:'];
  for (const [svc, node] of [
    ['a', 'sg-node1'],
    ['b', 'sg-node2'],
  ] as const) {
    lines.push(
      `  ${svc}:`,
      '    image: swarmguard-test/web:latest',
      '    deploy:',
      '      endpoint_mode: dnsrr',
      `      placement: { constraints: ["node.hostname==${node}"] }`,
    );
  }
  lines.push('networks:', '  default:', '    driver: overlay');
  if (encrypted) lines.push('    driver_opts: { encrypted: "" }');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function waitRunning(stack: string): Promise<{ name: string; node: string }[]> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ps = JSON.parse((await sg('stack', 'ps', stack, '--format', 'json')).stdout || '[]') as { name: string; node: string; state: string }[];
    const running = ps.filter((t) => t.state === 'running');
    if (running.length >= 2) return running;
    if (Date.now() > deadline) throw new Error(`stack ${stack} did not start: ${JSON.stringify(ps)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe('multi-node lab (two Swarm nodes on this machine)', () => {
  beforeAll(async () => {
    manager = await labManager();
  });

  afterAll(async () => {
    for (const s of ['lplain', 'lenc']) await sg('stack', 'rm', s);
    // The lab stays up, as every lab test leaves it: the next one (and anyone using it meanwhile) needs no restart.
    rmSync(dir, { recursive: true, force: true });
  });

  it('has two Ready nodes with their own hostnames', () => {
    const nodes = execFileSync('docker', ['-H', manager, 'node', 'ls', '--format', '{{.Hostname}} {{.Status}}'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .sort();
    expect(nodes).toEqual(['sg-node1 Ready', 'sg-node2 Ready']);
  });

  it('plain overlay: the probe passes across nodes, its payload is cleartext VXLAN on the wire, and network check flags it', async () => {
    expect((await sg('stack', 'deploy', '-c', stackFile('lplain', false), '--resolve-image', 'never', '--force', 'lplain')).status).toBe(0);
    const tasks = await waitRunning('lplain');
    expect(new Set(tasks.map((t) => t.node))).toEqual(new Set(['sg-node1', 'sg-node2']));

    const pcap = path.join(dir, 'vxlan.pcap');
    const capture = spawn('tcpdump', ['-i', 'sglab0', '-U', '-w', pcap, 'udp', 'port', '4789'], { stdio: ['ignore', 'ignore', 'pipe'] });
    // Capture only once tcpdump says it listens (on a busy machine that can take seconds).
    let said = '';
    await new Promise<void>((ready, fail) => {
      capture.stderr.on('data', (c: Buffer) => {
        said += c.toString();
        if (said.includes('listening on')) ready();
      });
      capture.once('exit', (code) => fail(new Error(`tcpdump exited (${code}): ${said}`)));
    });
    const marker = `SGPROBE-${process.pid}-CLEARTEXT`;
    const r = await sg('stack', 'verify', 'lplain', '--probe-image', 'swarmguard-test/busybox:latest', '--send-marker', marker, '--format', 'json');
    capture.kill('SIGTERM');
    await new Promise((res) => capture.once('exit', res));
    const report = JSON.parse(r.stdout) as { scanned: string[]; findings: { id: string; target: { name?: string } }[] };
    expect(report.scanned).toEqual(
      expect.arrayContaining([expect.stringMatching(/lplain_a@sg-node1 -> lplain_b:80: OK/), expect.stringMatching(/lplain_b@sg-node2 -> lplain_a:80: OK/)]),
    );
    // The only finding is the unencrypted network itself.
    expect(report.findings.map((f) => f.id)).toEqual(['overlay-not-encrypted']);
    expect(existsSync(pcap)).toBe(true);
    const decoded = execFileSync('tcpdump', ['-r', pcap, '-A'], { encoding: 'latin1', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(decoded).toContain(marker);

    const check = JSON.parse((await sg('network', 'check', '--format', 'json')).stdout) as { findings: { id: string; target: { name?: string } }[] };
    expect(check.findings.filter((f) => f.id === 'overlay-not-encrypted').map((f) => f.target.name)).toContain('lplain_default');
    expect((await sg('stack', 'rm', 'lplain')).status).toBe(0);
  });

  it('encrypted overlay: this kernel has no IPsec, so the traffic is dropped and verify says why', async () => {
    expect((await sg('stack', 'deploy', '-c', stackFile('lenc', true), '--resolve-image', 'never', '--force', 'lenc')).status).toBe(0);
    await waitRunning('lenc');
    const r = await sg('stack', 'verify', 'lenc', '--probe-image', 'swarmguard-test/busybox:latest', '--timeout', '2');
    expect(r.status).toBe(4);
    expect(r.stdout).toMatch(/lenc_a\.1\s+sg-node1\s+lenc_b:80\s+timeout\s+traffic is dropped: no IPsec SAs/);
    expect(r.stdout).toMatch(/no ESP support/);
    expect((await sg('stack', 'rm', 'lenc')).status).toBe(0);
  });
});
