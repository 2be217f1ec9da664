// One spelling per host file, wherever the benchmark runs: on a merged-/usr Debian /lib/systemd/system/docker.service
// is /usr/lib/systemd/system/docker.service. A local run sees the /lib → usr/lib symlink; a node job sees two bind
// mounts of one directory (here: hard links, which share the inode as bind-mounted files do). Both must name, watch
// and judge the same path, or the job and the local run write different rules and disagree.
import { linkSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../../src/bench/check.js';
import { resolvedAuditRules } from '../../../src/bench/fix.js';
import { canonicalPath, collectHostFacts } from '../../../src/bench/host-facts.js';
import { runBench } from '../../../src/bench/runner.js';
import { snapshotOf } from '../../helpers/engine-snapshot.js';

const UNIT = 'systemd/system/docker.service';

/** A host root with docker.service under usr/lib, reached from /lib in the given way. */
function hostRoot(layout: 'symlink' | 'bind' | 'split'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), `sg-fixpaths-${layout}-`));
  mkdirSync(path.join(root, 'usr/lib/systemd/system'), { recursive: true });
  if (layout === 'symlink') {
    writeFileSync(path.join(root, 'usr/lib', UNIT), '[Service]\n');
    symlinkSync('usr/lib', path.join(root, 'lib'));
  } else if (layout === 'bind') {
    writeFileSync(path.join(root, 'usr/lib', UNIT), '[Service]\n');
    mkdirSync(path.join(root, 'lib/systemd/system'), { recursive: true });
    linkSync(path.join(root, 'usr/lib', UNIT), path.join(root, 'lib', UNIT));
  } else {
    // Not merged: /lib is a directory of its own and holds the unit; /usr/lib has none.
    mkdirSync(path.join(root, 'lib/systemd/system'), { recursive: true });
    writeFileSync(path.join(root, 'lib', UNIT), '[Service]\n');
  }
  return root;
}

describe('canonicalPath: readlink -f, and one name for /lib/X and /usr/lib/X when they are one file', () => {
  it('resolves the merged-/usr symlink (a local run)', async () => {
    expect(await canonicalPath(hostRoot('symlink'), `/lib/${UNIT}`)).toBe(`/usr/lib/${UNIT}`);
  });

  it('names the /usr/lib copy when /lib and /usr/lib show the same inode (a node job with both mounted)', async () => {
    expect(await canonicalPath(hostRoot('bind'), `/lib/${UNIT}`)).toBe(`/usr/lib/${UNIT}`);
  });

  it('keeps /lib where /usr/lib holds another file or none (a host without merged /usr)', async () => {
    const split = hostRoot('split');
    expect(await canonicalPath(split, `/lib/${UNIT}`)).toBe(`/lib/${UNIT}`);
    writeFileSync(path.join(split, 'usr/lib', UNIT), '[Service]\n');
    expect(await canonicalPath(split, `/lib/${UNIT}`)).toBe(`/lib/${UNIT}`);
  });

  it('leaves missing files and other paths as they are', async () => {
    const root = hostRoot('symlink');
    expect(await canonicalPath(root, '/lib/systemd/system/none.service')).toBe('/lib/systemd/system/none.service');
    expect(await canonicalPath(root, '/etc/docker')).toBe('/etc/docker');
  });
});

describe('host facts and audit rules name the unit the same way in a local run and a node job', () => {
  async function unitAndRules(root: string): Promise<{ unit: string | null; rules: string[] }> {
    const host = await collectHostFacts({ root, auditDir: path.join(root, 'etc/audit') });
    // The node job's view of audit: the loaded rules are unknown, no rules file, auditd not running → 1.1.7 WARN.
    host.audit = { loaded: null, loadedError: 'auditctl is not installed here', auditd: { running: false }, files: [] };
    const ctx: CheckContext = {
      snapshot: snapshotOf({ info: { DockerRootDir: '/var/lib/docker', Swarm: { LocalNodeState: 'inactive' } } }),
      host,
      options: { trustedUsers: [], swarmIntended: false, now: new Date('2026-11-28T00:00:00Z') },
    };
    const report = runBench(ctx, { checks: ['1.1.7', '3.1', '3.2'] });
    expect(report.results.find((r) => r.id === '1.1.7')?.verdict).toBe('WARN');
    return { unit: host.units['docker.service'] ?? null, rules: (await resolvedAuditRules(ctx, report, root)).map((r) => r.line) };
  }

  it('local (symlink) and job (two mounts of one directory) agree on the path, its checks and its rules', async () => {
    const local = await unitAndRules(hostRoot('symlink'));
    const job = await unitAndRules(hostRoot('bind'));
    expect(local.unit).toBe(`/usr/lib/${UNIT}`);
    expect(job).toEqual(local);
    expect(local.rules).toEqual([`-w /usr/lib/${UNIT} -p rwxa -k docker`]);
  });

  it('a host without merged /usr keeps its /lib unit', async () => {
    const split = await unitAndRules(hostRoot('split'));
    expect(split).toEqual({ unit: `/lib/${UNIT}`, rules: [`-w /lib/${UNIT} -p rwxa -k docker`] });
  });
});
