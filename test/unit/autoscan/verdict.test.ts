// serve's verdict on a finished scan: by --threshold, or by the policy decider watch uses (src/policy/decide.ts),
// with the real policy parser and evaluator over an image's facts; the decider reads a digest once a minute.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { metricsText } from '../../../src/autoscan/server.js';
import { HistoryStore } from '../../../src/history/store.js';
import { ScanQueue, type ScanJob } from '../../../src/autoscan/queue.js';
import { newVerdictStats, scanVerdict } from '../../../src/autoscan/verdict.js';
import type { Finding } from '../../../src/core/finding.js';
import { policyDecider } from '../../../src/policy/decide.js';
import type { PolicyFacts } from '../../../src/policy/evaluate.js';
import { vulnFinding } from '../scan/vuln-finding.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-verdict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digest = `sha256:${'a'.repeat(64)}`;
const job: ScanJob = { digest, repository: '127.0.0.1:5000/team/app', tag: '1', trigger: 'push', ref: `127.0.0.1:5000/team/app:1@${digest}` };
const policyFile = path.join(dir, 'policy.yaml');
writeFileSync(
  policyFile,
  'name: ship\nrules:\n  - rule: non-root-user\n  - rule: no-fixable-vulnerabilities\n    severities: [CRITICAL]\n  - rule: healthcheck\n    level: warn\n',
);

const rootLint: Finding = {
  id: 'image-runs-as-root',
  title: 'runs as root',
  severity: 'HIGH',
  category: 'image',
  target: { kind: 'image', ref: job.ref },
  message: 'the image runs as root (no USER)',
  references: [],
};
const facts = (over: Partial<PolicyFacts>): PolicyFacts => ({
  ref: job.ref,
  config: { config: { User: '10001' } },
  packages: [],
  vulnerabilities: [],
  lint: [],
  attestations: { found: [], looked: [] },
  ...over,
});
/** The decider with the image's facts given, as collectPolicyFacts would read them from the engine. */
const deciderOver = (f: PolicyFacts, calls = { n: 0 }, now = () => 0) =>
  policyDecider(policyFile, path.join(dir, 'no.db'), {
    now,
    collect: (ref) => {
      calls.n += 1;
      return Promise.resolve({ ...f, ref });
    },
  });

const high = vulnFinding('CVE-2024-0001', 'pkg:deb/debian/openssl@3.0.11-1', 'HIGH', { status: 'fixed', fixedVersion: '3.0.13-1' });

describe('serve verdict', () => {
  it('without --policy, findings at or above --threshold alert (as before)', async () => {
    const stats = newVerdictStats();
    const v = await scanVerdict(job, 7, [high], [high], 'HIGH', undefined, stats);
    expect(v.outcome).toBe('fail');
    expect(v.alert).toMatchObject({ event: 'scan.findings', ids: ['CVE-2024-0001'], scanId: 7 });
    expect((await scanVerdict(job, 8, [high], [], 'CRITICAL', undefined, stats)).outcome).toBe('pass');
    expect(stats).toEqual({ passed: 1, failed: 1, errors: 0 });
  });

  it('with --policy, the policy decides: a HIGH finding that the policy allows is no alert, a root user is', async () => {
    const stats = newVerdictStats();
    const clean = await scanVerdict(job, 1, [high], [high], 'HIGH', deciderOver(facts({ vulnerabilities: [high] })), stats);
    expect(clean).toMatchObject({ outcome: 'pass', line: `${job.ref} passes the policy "ship"` });
    expect(clean.alert).toBeUndefined();

    const root = await scanVerdict(job, 2, [], [], 'HIGH', deciderOver(facts({ lint: [rootLint], config: { config: { User: '' } } })), stats);
    expect(root.outcome).toBe('fail');
    expect(root.line).toBe(`ALERT ${job.ref} fails the policy "ship": non-root-user (the image runs as root (no USER))`);
    expect(root.alert).toMatchObject({
      event: 'policy.failed',
      image: { repository: job.repository, tag: '1', digest },
      scanId: 2,
      ids: ['non-root-user'],
      policy: { name: 'ship', failed: [{ rule: 'non-root-user', evidence: ['the image runs as root (no USER)'] }] },
    });
    // The warn-level rule (no HEALTHCHECK here) is not a failure of the policy.
    expect(root.alert?.policy?.failed.map((f) => f.rule)).not.toContain('healthcheck');
    expect(stats).toEqual({ passed: 1, failed: 1, errors: 0 });
  });

  it('a policy that cannot be evaluated alerts and counts as an error, never a pass', async () => {
    const stats = newVerdictStats();
    const broken = policyDecider(policyFile, path.join(dir, 'no.db'), { collect: () => Promise.reject(new Error('image gone')) });
    const v = await scanVerdict(job, 3, [], [], 'HIGH', broken, stats);
    expect(v).toMatchObject({ outcome: 'error', alert: { event: 'scan.failed', action: 'the policy could not be evaluated: image gone' } });
    expect(stats).toEqual({ passed: 0, failed: 0, errors: 1 });
  });

  it('the metrics count the verdicts when serve has --policy', () => {
    const store = new HistoryStore(path.join(dir, 'h.db'));
    const queue = new ScanQueue(store, () => Promise.resolve([]), { log: () => undefined });
    try {
      expect(metricsText(queue)).not.toContain('swarmguard_policy_verdicts_total');
      const text = metricsText(queue, undefined, { passed: 4, failed: 2, errors: 1 });
      expect(text).toContain('swarmguard_policy_verdicts_total{result="pass"} 4');
      expect(text).toContain('swarmguard_policy_verdicts_total{result="fail"} 2');
      expect(text).toContain('swarmguard_policy_verdicts_total{result="error"} 1');
    } finally {
      void queue.close();
      store.close();
    }
  });
});

describe('policy decider', () => {
  it('reads a digest once a minute (serve alert and watch gate share it), a tag every time, and keeps no failure', async () => {
    let t = 0;
    const calls = { n: 0 };
    const decide = deciderOver(facts({}), calls, () => t);
    await Promise.all([decide(job.ref), decide(job.ref)]);
    expect(calls.n).toBe(1);
    t = 59_000;
    await decide(job.ref);
    expect(calls.n).toBe(1);
    t = 61_000;
    await decide(job.ref);
    expect(calls.n).toBe(2);
    await decide('team/app:1');
    await decide('team/app:1');
    expect(calls.n).toBe(4);

    let fail = true;
    const flaky = policyDecider(policyFile, path.join(dir, 'no.db'), {
      now: () => 0,
      collect: (ref) => (fail ? Promise.reject(new Error('registry down')) : Promise.resolve(facts({ ref }))),
    });
    await expect(flaky(job.ref)).rejects.toThrow(/registry down/);
    fail = false;
    await expect(flaky(job.ref)).resolves.toMatchObject({ passed: true });
  });

  it('a bad policy file stops at start', () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'rules:\n  - rule: nope\n');
    expect(() => policyDecider(path.join(dir, 'bad.yaml'), 'x')).toThrow(/not a policy/);
  });
});
