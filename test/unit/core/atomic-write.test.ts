import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { resolveOutputTarget, writeFileAtomic } from '../../../src/core/atomic-write.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = (): string => tempDir('sg-aw-');
const isRoot = process.getuid?.() === 0;

describe('writeFileAtomic', () => {
  it('replaces a regular file whole, keeping its mode', async () => {
    const d = tmp();
    const f = path.join(d, 'out.json');
    writeFileSync(f, 'old', { mode: 0o600 });
    await writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    await writeFileAtomic(path.join(d, 'fresh.txt'), 'x');
    expect(readFileSync(path.join(d, 'fresh.txt'), 'utf8')).toBe('x');
  });

  it.runIf(isRoot)('writes straight through a character device instead of replacing it (-o /dev/null)', async () => {
    // A null device node of our own, so that the test never touches the host's /dev.
    const d = tmp();
    const dev = path.join(d, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    await writeFileAtomic(dev, 'report');
    expect(lstatSync(dev).isCharacterDevice()).toBe(true);
    expect(await resolveOutputTarget('/dev/null')).toEqual({ kind: 'stream', path: '/dev/null' });
  });

  it('writes into a FIFO', async () => {
    const d = tmp();
    const fifo = path.join(d, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (c: Buffer) => (got += c.toString()));
    const closed = new Promise((r) => reader.once('close', r));
    await writeFileAtomic(fifo, 'through the pipe');
    await closed;
    expect(got).toBe('through the pipe');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('writes where a symlink points and keeps the link', async () => {
    const d = tmp();
    mkdirSync(path.join(d, 'real'));
    writeFileSync(path.join(d, 'real', 'report.json'), 'old');
    symlinkSync('real/report.json', path.join(d, 'link.json'));
    symlinkSync('link.json', path.join(d, 'link2.json'));
    await writeFileAtomic(path.join(d, 'link2.json'), 'new');
    expect(lstatSync(path.join(d, 'link2.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(d, 'link.json'))).toBe('real/report.json');
    expect(readFileSync(path.join(d, 'real', 'report.json'), 'utf8')).toBe('new');
    // A dangling link gets its target created.
    symlinkSync('real/new.json', path.join(d, 'dangling'));
    await writeFileAtomic(path.join(d, 'dangling'), 'made');
    expect(readFileSync(path.join(d, 'real', 'new.json'), 'utf8')).toBe('made');
  });

  it('refuses directories, missing directories and link loops, with a clear error', async () => {
    const d = tmp();
    await expect(writeFileAtomic(d, 'x')).rejects.toThrow(/is a directory/);
    await expect(writeFileAtomic(path.join(d, 'no', 'such', 'f'), 'x')).rejects.toThrow(/does not exist/);
    symlinkSync('b', path.join(d, 'a'));
    symlinkSync('a', path.join(d, 'b'));
    await expect(writeFileAtomic(path.join(d, 'a'), 'x')).rejects.toThrow(UserError);
    expect(() => statSync(path.join(d, 'no'))).toThrow();
  });

  it('writes - to stdout', async () => {
    expect(await resolveOutputTarget('-')).toEqual({ kind: 'stdout' });
  });
});

describe('-o in a sticky world-writable directory (protected_symlinks, protected_regular)', () => {
  // Making a link owned by another user needs root; the run as root is also the case that matters.
  it.runIf(isRoot)('refuses another user’s link report.json → victim in a sticky dir; the victim is untouched', async () => {
    const d = tmp();
    const shared = path.join(d, 'shared');
    mkdirSync(shared);
    execFileSync('chmod', ['1777', shared]);
    const victim = path.join(d, 'victim.conf');
    writeFileSync(victim, 'keep me');
    const link = path.join(shared, 'report.json');
    symlinkSync(victim, link);
    execFileSync('chown', ['-h', '4321:4321', link]);
    await expect(writeFileAtomic(link, 'overwritten')).rejects.toThrow(/a symbolic link owned by another user \(uid 4321\)/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    // A file another user owns there is not replaced either.
    const theirs = path.join(shared, 'theirs.json');
    writeFileSync(theirs, 'theirs');
    execFileSync('chown', ['4321:4321', theirs]);
    await expect(writeFileAtomic(theirs, 'x')).rejects.toThrow(/a file owned by another user/);
    // The user's own link there is followed, as the kernel would.
    execFileSync('chown', ['-h', '0:0', link]);
    await writeFileAtomic(link, 'mine');
    expect(readFileSync(victim, 'utf8')).toBe('mine');
  });
});
