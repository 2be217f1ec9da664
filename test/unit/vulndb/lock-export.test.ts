// The update lock's stale-lock takeover, and `db export`'s temporary file.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { exportBundle, importBundle } from '../../../src/vulndb/bundle.js';
import { acquireLock } from '../../../src/vulndb/lock.js';
import { importFiles } from '../../../src/vulndb/update.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'sg-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A pid that is not running: beyond pid_max on Linux. */
const DEAD = 4_194_305;

describe('stale lock takeover', () => {
  it('takes over a lock left by a dead process', async () => {
    const lock = path.join(dir, 'a.lock');
    writeFileSync(lock, `${DEAD}\n`);
    const l = await acquireLock(lock);
    expect(readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${process.pid} [0-9a-f]+\\n$`));
    await l.release();
    expect(existsSync(lock)).toBe(false);
  });

  it("two takers of the same stale lock: the slower one does not remove the faster one's fresh lock", async () => {
    const lock = path.join(dir, 'race.lock');
    writeFileSync(lock, `${DEAD}\n`);
    let first: Awaited<ReturnType<typeof acquireLock>> | undefined;
    // B finds the lock stale, then A takes it over completely before B acts on what it saw.
    const b = acquireLock(lock, {
      beforeTakeover: async () => {
        first ??= await acquireLock(lock);
      },
    });
    await expect(b).rejects.toThrow(UserError);
    expect(first).toBeDefined();
    // A still holds it: the file is A's.
    expect(readFileSync(lock, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    await expect(acquireLock(lock)).rejects.toThrow(/another database update is running/);
    await first?.release();
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  });

  it('a takeover file left by a dead breaker does not block forever', async () => {
    const lock = path.join(dir, 'tk.lock');
    writeFileSync(lock, `${DEAD}\n`);
    writeFileSync(`${lock}.takeover`, `${DEAD} abc\n`);
    const l = await acquireLock(lock);
    await l.release();
  });
});

describe('db export temp file', () => {
  it('is created exclusively under an unpredictable name: a symlink planted at the old name is not written through', async () => {
    const db = path.join(dir, 'vuln.db');
    await importFiles(db, ['test/fixtures/vulndb/alpine-secdb/v3.4/community.yaml'], {
      log: () => undefined,
      progress: () => ({ tick() {}, total() {}, done() {} }),
    });
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const out = path.join(dir, 'bundle.tar.gz');
    // The name the previous version used, planted as a symlink to a file the user owns.
    symlinkSync(victim, path.join(dir, `.bundle.tar.gz.${process.pid}.tmp`));
    await exportBundle(db, out);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(readdirSync(dir).filter((n) => n.startsWith('.bundle.tar.gz.') && n !== `.bundle.tar.gz.${process.pid}.tmp`)).toEqual([]);
    // And the bundle is good.
    const m = await importBundle(out, path.join(dir, 'restored.db'));
    expect(m.sources).toHaveLength(1);
  });
});

describe('db export output target', () => {
  it('writes through a FIFO, never replacing it, as every -o does', async () => {
    const db = path.join(dir, 'vuln.db');
    if (!existsSync(db))
      await importFiles(db, ['test/fixtures/vulndb/alpine-secdb/v3.4/community.yaml'], {
        log: () => undefined,
        progress: () => ({ tick() {}, total() {}, done() {} }),
      });
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const copy = path.join(dir, 'from-pipe.tar.gz');
    const reader = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', fifo, copy]);
    const ended = new Promise((r) => reader.once('exit', r));
    await exportBundle(db, fifo);
    await ended;
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    const m = await importBundle(copy, path.join(dir, 'restored-from-pipe.db'));
    expect(m.sources).toHaveLength(1);
  });
});
