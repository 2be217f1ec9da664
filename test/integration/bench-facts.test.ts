// The benchmark decides 1.1.3, 1.1.8/3.23/3.24 and 7.9 on the facts a stock host really has: the running daemon's
// binary (/proc/PID/exe), the containerd socket the daemon uses, and the swarm's data-path address (a lab engine
// started with a separate --data-path-addr). Audit rules are loaded under a key of our own and removed afterwards.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../helpers/run.js';

type Result = { id: string; result: string; details?: string };
const KEY = 'sg-onemodel-it';
const sg = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync(process.execPath, ['bin/swarmguard.js', ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
function bench(env: NodeJS.ProcessEnv, checks: string): Map<string, Result> {
  const r = sg(env, 'bench', '--format', 'json', '-c', checks);
  expect(r.status, r.stderr).toBe(0);
  const log = JSON.parse(r.stdout) as { tests: { results: Result[] }[] };
  return new Map(log.tests.flatMap((t) => t.results).map((x) => [x.id, x]));
}
/** The check ended with `result` and its details say `text`. */
function expectOutcome(r: Result | undefined, result: string, text: string): void {
  expect(r?.result, r?.details).toBe(result);
  expect(r?.details).toContain(text);
}
const auditctl = (...args: string[]) => spawnSync('auditctl', args, { encoding: 'utf8' });

/** The host engine's dockerd: the one without --data-root of its own (the lab's engines all have one). */
function hostDockerd(): { pid: number; exe: string } {
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readFileSync(`/proc/${e}/comm`, 'utf8').trim() !== 'dockerd') continue;
      const argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      if (argv.some((a) => a.startsWith('--data-root'))) continue;
      return { pid: Number(e), exe: readlinkSync(`/proc/${e}/exe`) };
    } catch {
      continue;
    }
  }
  throw new Error('no host dockerd found');
}

const haveAuditctl = auditctl('-s').status === 0;
const auditing = (): { enabled: number; pid: number } => {
  const out = auditctl('-s').stdout;
  return { enabled: Number(/^enabled (\d+)/m.exec(out)?.[1] ?? -1), pid: Number(/^pid (\d+)/m.exec(out)?.[1] ?? -1) };
};
const containerdSock = '/run/docker/containerd/containerd.sock';
const rules: string[][] = [];

describe.skipIf(!haveAuditctl)('1.1.3 and 1.1.8 on the real binary and socket', () => {
  const d = hostDockerd();
  beforeAll(() => {
    for (const p of [d.exe, containerdSock]) {
      const rule = ['-w', p, '-p', 'rwxa', '-k', KEY];
      if (auditctl(...rule).status === 0) rules.push(rule);
    }
  });
  afterAll(() => {
    for (const rule of rules) auditctl('-W', ...rule.slice(1));
  });

  it('1.1.3 watches the binary the daemon runs from, which is not /usr/bin/dockerd here', () => {
    expect(d.exe).toBe(readlinkSync(`/proc/${d.pid}/exe`));
    const r = bench({}, '1.1.3').get('1.1.3')!;
    expect(r.details).toContain(d.exe);
    const st = auditing();
    if (st.enabled === 0) expectOutcome(r, 'WARN', 'enabled 0');
    else if (st.pid === 0) expectOutcome(r, 'WARN', 'auditd is not running');
    else expect(r.result).toBe('PASS');
  });

  it('1.1.8 and 3.23/3.24 look at the containerd socket the daemon uses', () => {
    const res = bench({}, '1.1.8,3.23,3.24');
    const r118 = res.get('1.1.8')!;
    expect(r118.details).toMatch(/containerd\/containerd\.sock/);
    expect(r118.details).not.toMatch(/no audit rule watches/);
    const mode = (statSync(containerdSock).mode & 0o777).toString(8);
    expect(res.get('3.24')?.details).toContain(`has mode ${mode}`);
    expect(res.get('3.23')?.details).toMatch(/containerd\.sock is owned by root:root/);
  });
});

describe('7.9 on the real data-path address', () => {
  let dp = '';
  beforeAll(async () => {
    const out = await sh('bash', ['scripts/lab.sh', 'dataplane'], { timeout: 240_000 });
    dp = /DOCKER_HOST=(\S+)/.exec(out)![1]!;
  }, 300_000);

  it('passes a node whose data path has its own address', () => {
    const r = bench({ DOCKER_HOST: dp }, '7.9').get('7.9')!;
    expectOutcome(r, 'PASS', 'data traffic on 10.222.1.31');
    expect(r.details).toContain('management traffic on 10.222.0.31');
  });

  it('warns on a node without --data-path-addr, where data and management share the address', () => {
    const r = bench({}, '7.9').get('7.9')!;
    expectOutcome(r, 'WARN', 'no --data-path-addr');
  });
});
