import { chmodSync, chownSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideServeAuth } from '../../../src/autoscan/serve-auth.js';
import { ensurePrivateDir, ensurePrivateFile, notPrivateFile } from '../../../src/history/private.js';
import { tempDir } from '../../helpers/tmp.js';

const tmp = (): string => tempDir('sg-private-');
const isRoot = process.getuid?.() === 0;

describe('the history directory is private, whoever creates it first', () => {
  it('makes the directory 0700 and a file 0600 under a permissive umask, and leaves an existing file alone', () => {
    const old = process.umask(0o000);
    try {
      const d = path.join(tmp(), 'a', 'b');
      ensurePrivateFile(path.join(d, 'history.db'));
      expect(statSync(d).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(d, 'history.db')).mode & 0o777).toBe(0o600);
      ensurePrivateDir(d);
      writeFileSync(path.join(d, 'history.db'), 'x');
      ensurePrivateFile(path.join(d, 'history.db'));
      expect(statSync(path.join(d, 'history.db')).size).toBe(1);
    } finally {
      process.umask(old);
    }
  });

  it('calls a readable, a linked or a foreign file not private', () => {
    const d = tmp();
    const f = path.join(d, 'serve-token');
    writeFileSync(f, 'x', { mode: 0o600 });
    expect(notPrivateFile(f)).toBeUndefined();
    chmodSync(f, 0o640);
    expect(notPrivateFile(f)).toMatch(/readable or writable by others/);
    symlinkSync(f, path.join(d, 'link'));
    expect(notPrivateFile(path.join(d, 'link'))).toBe('not a regular file');
  });

  it.runIf(isRoot)('serve refuses a serve-token another user left in a shared history directory', () => {
    const d = tmp();
    chmodSync(d, 0o1777);
    const token = path.join(d, 'serve-token');
    writeFileSync(token, `${'a'.repeat(43)}\n`, { mode: 0o600 });
    chownSync(token, 65534, 65534);
    expect(() => decideServeAuth({ host: '127.0.0.1', generatedTokenFile: token })).toThrow(/belongs to another user \(uid 65534\)/);
    chownSync(token, 0, 0);
    expect(decideServeAuth({ host: '127.0.0.1', generatedTokenFile: token }).token).toBe('a'.repeat(43));
  });
});
