// Node's system errors said by id: messageOf turns a real failure of a file call, a socket or a name lookup into
// the message of its code, whose English is Node's text word for word; the Japanese comes from the catalogue.
import { promises as fs } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError, messageOf } from '../../../src/core/errors.js';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { raised } from '../../helpers/raised.js';
import { tempDir } from '../../helpers/tmp.js';

const failure = (p: Promise<unknown>): Promise<Error> => raised(() => p, Error);

/** The error a socket connection ends with (nothing listens there). */
const connectError = (options: net.NetConnectOpts): Promise<Error> => new Promise((resolve) => net.connect(options).on('error', resolve));

describe('system errors by id', () => {
  const dir = tempDir('sg-errno-');

  it('says a failed file call by the id of its code, the English word for word as Node wrote it', async () => {
    const missing = path.join(dir, 'missing.yml');
    const cases: [Error, string, string][] = [
      [await failure(fs.readFile(missing)), 'core.errno.ENOENT', `ENOENT（ファイルまたはディレクトリがありません）: open '${missing}'`],
      [await failure(fs.readFile(dir)), 'core.errno.EISDIR', `EISDIR（ディレクトリです）: read`],
      [await failure(fs.mkdir(dir)), 'core.errno.EEXIST', `EEXIST（すでにあります）: mkdir '${dir}'`],
      [await failure(fs.readdir(path.join(dir, '..', path.basename(dir), 'x', 'y'))), 'core.errno.ENOENT', ''],
    ];
    for (const [e, id, ja] of cases) {
      const m = messageOf(e);
      expect(english(m), id).toBe(e.message);
      // EISDIR from read() carries no path: it stays as Node said it.
      if ((e as NodeJS.ErrnoException).path === undefined) {
        expect(m.id).toBe('');
        continue;
      }
      expect(m.id).toBe(id);
      if (ja !== '') expect(localizeMessage(m, 'ja')).toBe(ja);
    }
  });

  it('says a refused connection and a missing socket by id, with the call and the address as values', async () => {
    const refused = await connectError({ host: '127.0.0.1', port: 1 });
    const m = messageOf(refused);
    expect(m).toMatchObject({ id: 'core.errno.net.ECONNREFUSED', data: { syscall: 'connect', address: '127.0.0.1:1' } });
    expect(english(m)).toBe('connect ECONNREFUSED 127.0.0.1:1');
    expect(localizeMessage(m, 'ja')).toBe('ECONNREFUSED（接続を拒否されました）: connect 127.0.0.1:1');

    const socket = path.join(dir, 'docker.sock');
    const absent = messageOf(await connectError({ path: socket }));
    expect(absent.id).toBe('core.errno.net.ENOENT');
    expect(english(absent)).toBe(`connect ENOENT ${socket}`);
    expect(localizeMessage(absent, 'ja')).toBe(`ENOENT（ファイルまたはディレクトリがありません）: connect ${socket}`);
  });

  it('keeps as it is what is not Node’s own text for its code, and a UserError’s own message', () => {
    // A library that reuses a code with its own words: rebuilding the English would change it, so it stays raw.
    const odd = Object.assign(new Error('open failed: the disk said no'), { code: 'ENOENT', syscall: 'open', path: '/x' });
    expect(messageOf(odd)).toMatchObject({ id: '', en: 'open failed: the disk said no' });
    // A code with no words here.
    const unknown = Object.assign(new Error("EWHAT: something, open '/x'"), { code: 'EWHAT', syscall: 'open', path: '/x' });
    expect(messageOf(unknown).id).toBe('');
    expect(messageOf('plain text')).toMatchObject({ id: '', en: 'plain text' });
    const user = new UserError('said by the code');
    expect(messageOf(user)).toBe(user.text);
    // A hostile value: no code, path or message shape survives as an id.
    expect(messageOf(Object.assign(new Error('x'), { code: 'ENOENT', syscall: 'open', path: 'x'.repeat(100_000) })).id).toBe('');
  });
});
