// A command the node collector runs that fails says why by id: not installed, or the command with its own first line
// of error output (a value, as the command wrote it).
import { describe, expect, it } from 'vitest';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { runCommand } from '../../../src/network/collect-node.js';

describe('runCommand', () => {
  it('says a missing command is not installed, in each language', async () => {
    const r = await runCommand('swarmguard-no-such-command', ['-s']);
    expect(r.ok).toBe(false);
    expect(english(r.error!)).toBe('swarmguard-no-such-command not installed');
    expect(localizeMessage(r.error!, 'ja')).toBe('swarmguard-no-such-command がインストールされていません');
  });

  it('says a failed command with the first line of its own error output', async () => {
    const r = await runCommand('sh', ['-c', 'echo "no permission" >&2; echo second >&2; exit 3']);
    expect(r.ok).toBe(false);
    const expected = 'sh -c echo "no permission" >&2; echo second >&2; exit 3: no permission';
    expect(english(r.error!)).toBe(expected);
    expect(localizeMessage(r.error!, 'ja')).toBe(expected);
    expect(await runCommand('sh', ['-c', 'echo ok'])).toEqual({ ok: true, stdout: 'ok\n' });
  });
});
