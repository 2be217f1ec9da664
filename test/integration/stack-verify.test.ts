// `stack verify` on the real swarm: ports from the images' EXPOSE, every probe pair in the JSON, nothing of
// swarmguard left behind, and a vip→dnsrr change in place diagnosed as a stale VIP with its remedy.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const WEB = 'swarmguard-test/web:latest';
const PROBE = 'swarmguard-test/busybox:latest';
const STACK = 'sgvfy-stale';
const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-verify-'));
const sg = (...args: string[]) => runCli(args, { cwd: dir });
const ownContainers = () =>
  execFileSync('docker', ['ps', '-aq', '--filter', 'label=com.swarmguard.role=probe', '--filter', `label=com.swarmguard.stack=${STACK}`], {
    encoding: 'utf8',
  }).trim();

function stackFile(mode: 'vip' | 'dnsrr'): string {
  const p = path.join(dir, `${mode}.yml`);
  // start-first keeps the old task while the new one starts: the update that leaves the VIP behind.
  writeFileSync(
    p,
    `version: "3.9"\nservices:\n  web:\n    image: ${WEB}\n    networks: [enc]\n    deploy:\n      endpoint_mode: ${mode}\n      update_config: { order: start-first }\n  client:\n    image: ${WEB}\n    networks: [enc]\n    deploy: { endpoint_mode: dnsrr }\nnetworks:\n  enc:\n    driver: overlay\n    driver_opts: { encrypted: "" }\n`,
  );
  return p;
}

interface VerifyJson {
  pairs: { from: { service: string }; to: { service: string; port?: number }; status: string; addresses: string[]; cause?: string }[];
  services: { name: string; ports: number[]; portSource: string }[];
  findings: { id: string; severity: string; message: string }[];
}

describe('stack verify (real engine)', () => {
  afterAll(async () => {
    await sg('stack', 'rm', STACK);
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes with ports from EXPOSE, lists every probe pair in JSON, and leaves no probe container', async () => {
    const d = await sg('stack', 'deploy', '-c', stackFile('vip'), '--resolve-image', 'never', '--force', '--wait', STACK);
    expect(d.status, d.stdout + d.stderr).toBe(0);
    // VIPs do not route on this kernel (no IPVS): probe the dnsrr client from web, and web's task addresses.
    const r = await sg('stack', 'verify', STACK, '--probe-image', PROBE, '--format', 'json', '--timeout', '2');
    const doc = JSON.parse(r.stdout) as VerifyJson;
    // The engine lists services in no fixed order.
    const byName = [...doc.services].sort((a, b) => a.name.localeCompare(b.name));
    expect(byName.map((s) => [s.name, s.ports, s.portSource])).toEqual([
      [`${STACK}_client`, [80], `EXPOSE of ${WEB}`],
      [`${STACK}_web`, [80], `EXPOSE of ${WEB}`],
    ]);
    expect(doc.pairs.map((p) => `${p.from.service}->${p.to.service}:${p.to.port}`).sort()).toEqual([
      `${STACK}_client->${STACK}_web:80`,
      `${STACK}_web->${STACK}_client:80`,
    ]);
    expect(doc.pairs.find((p) => p.to.service === `${STACK}_client`)?.status).toBe('OK');
    expect(ownContainers()).toBe('');
  });

  it('diagnoses a vip→dnsrr change in place as a stale VIP, after deploy warned about it', async () => {
    const d = await sg('stack', 'deploy', '-c', stackFile('dnsrr'), '--resolve-image', 'never', '--force', '--wait', STACK);
    expect(d.status, d.stdout + d.stderr).toBe(0);
    expect(d.stderr).toMatch(new RegExp(`service "${STACK}_web" changes its endpoint mode in place \\(vip → dnsrr\\)`));
    const vip = execFileSync('docker', ['service', 'inspect', '--format', '{{json .PreviousSpec.EndpointSpec}}', `${STACK}_web`], { encoding: 'utf8' });
    expect(vip).toMatch(/vip/);
    const r = await sg('stack', 'verify', STACK, '--probe-image', PROBE, '--format', 'json', '--timeout', '2');
    expect(r.status).toBe(4);
    const doc = JSON.parse(r.stdout) as VerifyJson;
    const pair = doc.pairs.find((p) => p.to.service === `${STACK}_web`)!;
    expect(pair.addresses.length).toBeGreaterThanOrEqual(2);
    expect(pair.cause).toMatch(new RegExp(`^stale VIP: ${STACK}_web \\(endpoint_mode dnsrr\\) resolves to \\d+ addresses for \\d+ running task`));
    expect(pair.cause).toMatch(new RegExp(`docker service rm ${STACK}_web`));
    expect(doc.findings.some((f) => f.id === 'stack-probe-failed' && f.severity === 'HIGH' && /stale VIP/.test(f.message))).toBe(true);
    expect(ownContainers()).toBe('');
  });
});
