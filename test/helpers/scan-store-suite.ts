// One suite for the scan store, run on SQLite (test/unit/history/scan-store.test.ts) and on PostgreSQL
// (test/integration/store-postgres.test.ts): both engines must answer every question the same way.
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Finding } from '../../src/core/finding.js';
import { auditMessages } from '../../src/audit/messages.js';
import { localizeFindings } from '../../src/i18n/findings.js';
import { localizeMessage } from '../../src/i18n/user-errors.js';
import type { ScanStore } from '../../src/history/scan-store.js';

export interface OpenedStore {
  store: ScanStore;
  /** A second, independent connection to the same data (another replica). */
  other: () => Promise<ScanStore>;
  cleanup: () => Promise<void>;
}

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;
const entry = (n: number, repository = 'reg/app') => ({
  digest: digest(n),
  repository,
  tag: `v${n}`,
  trigger: 'push' as const,
  origin: `ref:${repository}@${digest(n)}`,
});
const vuln = (id: string, severity: Finding['severity'] = 'HIGH'): Finding => ({
  id,
  title: id,
  severity,
  category: 'vuln',
  target: { kind: 'image', ref: 'r', path: 'var/lib/dpkg/status' },
  message: 'openssl is affected',
  references: [],
  vulnerability: { package: 'openssl', installedVersion: '1', status: 'fixed', fixedVersion: '2' },
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function scanStoreSuite(open: () => Promise<OpenedStore>): void {
  let s: OpenedStore;
  const opened: ScanStore[] = [];
  beforeEach(async () => {
    s = await open();
  });
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.close();
    await s.cleanup();
  });
  const replica = async (): Promise<ScanStore> => {
    const o = await s.other();
    opened.push(o);
    return o;
  };

  it('queues a repository and digest once, whichever replica asks', async () => {
    const a = await s.store.enqueue(entry(1));
    const b = await (await replica()).enqueue(entry(1));
    const c = await s.store.enqueue(entry(1, 'evil.example/app'));
    expect(a.created).toBe(true);
    expect(b).toEqual({ id: a.id, created: false });
    expect(c.created).toBe(true);
    expect(c.id).not.toBe(a.id);
    expect(await s.store.queuedCount()).toBe(2);
    expect((await s.store.pending()).map((r) => r.id)).toEqual([a.id, c.id]);
  });

  it('leases each queued scan to one worker, oldest first, and says when none is left', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await s.store.enqueue(entry(i))).id);
    const other = await replica();
    const first = await s.store.claim('w1', 60_000);
    const second = await other.claim('w2', 60_000);
    const third = await s.store.claim('w1', 60_000);
    expect([first?.record.id, second?.record.id, third?.record.id]).toEqual(ids);
    expect(await other.claim('w2', 60_000)).toBeUndefined();
    expect(first?.tookOver).toBe(false);
    expect(await other.renew(ids[0]!, 'w2', 60_000)).toBe(false);
    expect(await s.store.renew(ids[0]!, 'w1', 60_000)).toBe(true);
  });

  it('hands many scans to racing workers exactly once each', async () => {
    for (let i = 0; i < 30; i++) await s.store.enqueue(entry(i));
    const stores = [s.store, await replica(), await replica()];
    const got: number[] = [];
    await Promise.all(
      stores.flatMap((st, w) =>
        [0, 1].map(async (k) => {
          for (;;) {
            const c = await st.claim(`w${w}.${k}`, 60_000);
            if (!c) return;
            got.push(c.record.id);
            expect(await st.completeLeased(c.record.id, `w${w}.${k}`, [])).toBe(true);
          }
        }),
      ),
    );
    expect(got.length).toBe(30);
    expect(new Set(got).size).toBe(30);
    expect(await s.store.queuedCount()).toBe(0);
  });

  it('lets another worker take over a scan whose lease ran out; the first holder can no longer finish it', async () => {
    const { id } = await s.store.enqueue(entry(7));
    const other = await replica();
    await other.queuedCount(); // connected before the lease starts
    expect((await s.store.claim('dead', 2000))?.record.id).toBe(id);
    expect(await other.claim('alive', 60_000)).toBeUndefined();
    await sleep(2200);
    const taken = await other.claim('alive', 60_000);
    expect(taken).toMatchObject({ tookOver: true, record: { id, resumes: 1 } });
    expect(await s.store.completeLeased(id, 'dead', [vuln('CVE-LATE')])).toBe(false);
    expect(await other.completeLeased(id, 'alive', [vuln('CVE-1', 'CRITICAL')])).toBe(true);
    expect(await other.completeLeased(id, 'alive', [])).toBe(false);
    const r = await s.store.get(id);
    expect(r).toMatchObject({ status: 'done', counts: { CRITICAL: 1 }, resumes: 1 });
    expect(r?.findings.map((f) => f.id)).toEqual(['CVE-1']);
    expect((await s.store.list({ image: digest(7) })).length).toBe(1);
  });

  it('gives a released scan back without counting a take-over, and fails one for good', async () => {
    const { id } = await s.store.enqueue(entry(3));
    await s.store.claim('w1', 60_000);
    await s.store.release(id, 'w1');
    const again = await s.store.claim('w2', 60_000);
    expect(again).toMatchObject({ tookOver: false, record: { id, resumes: 0 } });
    expect(await s.store.failLeased(id, 'w1', 'not mine')).toBe(false);
    expect(await s.store.failLeased(id, 'w2', 'registry unreachable')).toBe(true);
    expect(await s.store.get(id)).toMatchObject({ status: 'failed', error: 'registry unreachable' });
    // Finished: the same push may be queued again.
    expect((await s.store.enqueue(entry(3))).created).toBe(true);
  });

  it('answers verdicts, recent scans, the previous scan of a repository and listings', async () => {
    const before = new Date(Date.now() - 60_000).toISOString();
    const old = await s.store.record(entry(1), [vuln('CVE-A')], ['usr/lib/jvm (no advisories for Maven)']);
    const newer = await s.store.record({ ...entry(2), tag: 'v2' }, [vuln('CVE-A'), vuln('CVE-B', 'CRITICAL')]);
    const other = await replica();
    expect((await other.latestVerdict(digest(2)))?.id).toBe(newer);
    expect(await other.latestVerdict(digest(9))).toBeUndefined();
    expect(await other.recentScanOfDigest(digest(1), before)).toMatchObject({
      id: old,
      counts: { HIGH: 1 },
      uncovered: ['usr/lib/jvm (no advisories for Maven)'],
    });
    expect(await other.recentScanOfDigest(digest(1), new Date(Date.now() + 60_000).toISOString())).toBeUndefined();
    expect((await other.previousOfRepository('reg/app', newer))?.id).toBe(old);
    expect((await other.list()).map((r) => r.id)).toEqual([newer, old]);
    expect((await other.list({ image: 'reg/app:v2' })).map((r) => r.id)).toEqual([newer]);
    expect((await other.list({ image: 'reg/app' })).length).toBe(2);
    expect((await other.list({ limit: 1 })).length).toBe(1);
    const r = (await other.get(newer))!;
    expect(r).toMatchObject({ status: 'done', trigger: 'push', tag: 'v2', counts: { CRITICAL: 1, HIGH: 1 } });
    expect(Date.parse(r.queuedAt)).toBeGreaterThan(0);
    expect(Date.parse(r.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(r.queuedAt) - 1000);
  });

  it('keeps small state values shared between replicas', async () => {
    expect(await s.store.getState('watch.lastEventNano')).toBeUndefined();
    await s.store.setState('watch.lastEventNano', '1');
    await (await replica()).setState('watch.lastEventNano', '2');
    expect(await s.store.getState('watch.lastEventNano')).toBe('2');
  });

  it('keeps what a finding says by id, said in Japanese as before storing; a malformed message is its English', async () => {
    const said = auditMessages.say('audit.note.noDatabase', { db: '/var/lib/swarmguard/db' });
    const f: Finding = { ...vuln('CVE-2026-1'), said: { message: said } };
    const hostile = { ...vuln('CVE-2026-2'), said: { message: { id: '<b>x</b>', en: 'x', data: { v: 'y'.repeat(100_000) } } } } as unknown as Finding;
    const id = await s.store.record(entry(9), [f, hostile]);
    const back = (await (await replica()).get(id))!.findings;
    expect(back).toEqual([f, vuln('CVE-2026-2')]);
    const ja = localizeFindings(back, 'ja');
    expect(ja[0]!.message).toBe(localizeMessage(said, 'ja'));
    expect(ja[0]!.message).toMatch(/[\u3040-\u30ff]/);
    expect(localizeFindings([f], 'ja')).toEqual([ja[0]]);
    expect(ja[1]!.message).toBe('openssl is affected');
  });
}
