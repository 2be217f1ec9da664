// 2.17 on every engine: Docker's default seccomp profile is "default" up to Engine 22 and "builtin" from 23 on (as
// recorded from Engine 20.10, 26 and 28 in test/fixtures/engine-api); "unconfined" daemon-wide is no profile at all.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inEnglish } from './in-english.js';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import type { CheckContext } from '../../../src/bench/check.js';
import { benchChecks } from '../../../src/bench/checks/index.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';
import { benchContext, hostFacts } from './bench-host.js';

function ctx(securityOptions: string[], config: Record<string, unknown> | null = null): CheckContext {
  const host = hostFacts({
    daemon: { argv: ['dockerd'], config, listeners: [], pid: 1234, exe: '/usr/sbin/dockerd' },
    containerdSocket: { path: '/run/docker/containerd/containerd.sock', source: 'the containerd dockerd manages' },
  });
  const snapshot = snapshotOf({ info: { Swarm: { LocalNodeState: 'inactive' }, SecurityOptions: securityOptions } });
  return benchContext(snapshot, host, true, '2026-12-01T00:00:00Z');
}
const check = (c: CheckContext) => inEnglish(benchChecks.get('2.17')!.evaluate(c));
const recorded = (dir: string) =>
  (JSON.parse(readFileSync(`test/fixtures/engine-api/${dir}/info.json`, 'utf8')) as { SecurityOptions: string[] }).SecurityOptions;

describe('2.17 daemon-wide seccomp profile', () => {
  it.each(['20.10-overlay2', '26-containerd', '28-containerd'])('%s: the default profile, as that engine names it, passes', (dir) => {
    const r = check(ctx(recorded(dir)));
    expect(r.verdict).toBe('PASS');
    expect(r.details).toEqual(['the default seccomp profile is applied (docker info: SecurityOptions)']);
  });

  it('profile=unconfined warns, even when daemon.json names it', () => {
    expect(check(ctx(['name=seccomp,profile=unconfined'])).verdict).toBe('WARN');
    expect(check(ctx(['name=seccomp,profile=unconfined'], { 'seccomp-profile': 'unconfined' })).verdict).toBe('WARN');
  });

  it('a custom profile passes and is named; no seccomp at all warns', () => {
    expect(check(ctx(['name=seccomp,profile=/etc/docker/seccomp.json']))).toMatchObject({
      verdict: 'PASS',
      details: ['seccomp profile /etc/docker/seccomp.json'],
    });
    expect(check(ctx(['name=apparmor'])).verdict).toBe('WARN');
  });
});

it('says the unconfined warning in Japanese too', () => {
  const [d] = benchChecks.get('2.17')!.evaluate(ctx(['name=seccomp,profile=unconfined'])).details ?? [];
  expect(english(d!)).toBe('seccomp is turned off for every container (docker info: profile=unconfined)');
  expect(localizeMessage(d!, 'ja')).toMatch(/seccomp がすべてのコンテナで無効です/);
});
