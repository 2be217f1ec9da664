// `network check --format json` carries every network the table shows: scope, encrypted, where the option lives.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForAllocatedNetwork } from './helpers/networks.js';

const P = `sgnc-${process.pid}`;
const docker = (...a: string[]) => execFileSync('docker', a, { encoding: 'utf8' }).trim();

beforeAll(async () => {
  docker('network', 'create', '-d', 'overlay', '--opt', 'encrypted', `${P}-enc`);
  docker('network', 'create', '-d', 'overlay', '--label', 'encrypted=true', `${P}-plain`);
  for (const n of [`${P}-enc`, `${P}-plain`]) await waitForAllocatedNetwork(n);
});
afterAll(() => {
  for (const n of [`${P}-enc`, `${P}-plain`]) spawnSync('docker', ['network', 'rm', n]);
});

describe('network check --format json', () => {
  it('lists every overlay with scope, encryption and the option location, like the table', () => {
    const r = spawnSync(process.execPath, ['bin/swarmguard.js', 'network', 'check', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { networks: { name: string; scope: string; encrypted: boolean; option: string; ingress: boolean }[] };
    const byName = new Map(doc.networks.map((n) => [n.name, n]));
    expect(byName.get(`${P}-enc`)).toMatchObject({ scope: 'swarm', encrypted: true, option: 'Options.encrypted' });
    expect(byName.get(`${P}-plain`)).toMatchObject({ scope: 'swarm', encrypted: false, option: 'Labels.encrypted (no effect)' });
    expect(byName.get('ingress')).toMatchObject({ ingress: true });
  });
});
