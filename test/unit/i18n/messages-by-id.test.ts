// Messages by id: every book of English templates (`defineMessages` beside the code that raises them) has, for every
// id, a Japanese text in the catalogue with the same placeholders; no id is defined twice and the catalogue holds no
// id that no book has. The printer renders a message from its id and values, never from its English.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageOf } from '../../../src/core/errors.js';
import { english, joinMessages, rawMessage, templateNames, type MessageBook } from '../../../src/core/message.js';
import { JA_MESSAGES } from '../../../src/i18n/ja/messages.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { stackMessages } from '../../../src/stack/messages.js';
import { JAPANESE } from './ja-helpers.js';

const SRC = path.resolve(__dirname, '../../../src');
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );

const isBook = (v: unknown): v is MessageBook<Record<string, string>> =>
  typeof v === 'object' && v !== null && typeof (v as { say?: unknown }).say === 'function' && typeof (v as { en?: unknown }).en === 'object';

/** Every book in src: the modules that call defineMessages, imported, and their exported books. */
async function books(): Promise<{ file: string; en: Record<string, string> }[]> {
  const out: { file: string; en: Record<string, string> }[] = [];
  for (const file of filesUnder(SRC)) {
    if (file.endsWith(path.join('core', 'message.ts'))) continue;
    if (!/\bdefineMessages\(/.test(readFileSync(file, 'utf8'))) continue;
    const mod = (await import(file)) as Record<string, unknown>;
    for (const v of Object.values(mod)) if (isBook(v)) out.push({ file: path.relative(SRC, file), en: v.en });
  }
  return out;
}

describe('messages by id', () => {
  it('finds the books of every converted area', async () => {
    const files = (await books()).map((b) => b.file).sort();
    expect(files).toEqual([
      'audit/messages.ts',
      'autoscan/messages.ts',
      'bench/messages.ts',
      'bench/messages.ts',
      'cli/bench-messages.ts',
      'cli/image-messages.ts',
      'cli/messages.ts',
      'compose/messages.ts',
      'core/messages.ts',
      'engine/messages.ts',
      'hardening/messages.ts',
      'history/messages.ts',
      'i18n/usage.ts',
      'image/messages.ts',
      'image/node-messages.ts',
      'imagelint/messages.ts',
      'network/messages.ts',
      'packages/analyzers/messages.ts',
      'packages/messages.ts',
      'policy/messages.ts',
      'report/messages.ts',
      'scan/messages.ts',
      'scan/note-messages.ts',
      'scan/vex-messages.ts',
      'security-words/messages.ts',
      'stack/messages.ts',
      'versions/messages.ts',
      'vulndb/messages.ts',
    ]);
  });

  it('gives every id of every book a Japanese text with the same placeholders', async () => {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const b of await books()) {
      for (const [id, en] of Object.entries(b.en)) {
        if (seen.has(id)) problems.push(`${id}: defined in ${seen.get(id)} and ${b.file}`);
        seen.set(id, b.file);
        const ja = JA_MESSAGES[id];
        if (ja === undefined) problems.push(`${id} (${b.file}): no Japanese text`);
        else {
          // A template of values and punctuation only ("{name}: {why}") has no words to translate.
          const words = ja.replace(/\{\w+\}/g, '');
          if (!JAPANESE.test(ja) && /[A-Za-z]/.test(words)) problems.push(`${id}: not Japanese: ${ja}`);
          if (templateNames(ja).join() !== templateNames(en).join())
            problems.push(`${id}: placeholders ${templateNames(ja).join()} ≠ ${templateNames(en).join()}`);
        }
      }
    }
    for (const id of Object.keys(JA_MESSAGES)) if (!seen.has(id)) problems.push(`${id}: in the Japanese catalogue but in no book`);
    expect(problems).toEqual([]);
    expect(seen.size).toBeGreaterThan(60);
  });

  it('renders the values as they are, and nested messages in the same language', () => {
    const done = joinMessages(
      [
        stackMessages.say('stack.deploy.done.created', { list: 'network web_front' }),
        stackMessages.say('stack.deploy.done.updated', { list: 'service web_api' }),
      ],
      '; ',
    );
    const hint = stackMessages.say('stack.deploy.partial.doneHint', { done, hint: stackMessages.say('stack.deploy.outOfSequence.hint') });
    expect(english(hint)).toBe(
      'already done before the failure: created network web_front; updated service web_api. Deploying again continues from there; `swarmguard stack rm` removes it all. deploy again',
    );
    expect(localizeMessage(hint, 'ja')).toBe(
      '失敗する前に済んでいたもの: 作成: network web_front; 更新: service web_api。もう一度デプロイするとそこから続けます。`swarmguard stack rm` ですべて削除できます。もう一度デプロイしてください',
    );
    expect(localizeMessage(hint, 'en')).toBe(english(hint));
  });

  it('says a system error by the id of its code, and keeps unknown text as it is', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:2375'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      address: '127.0.0.1',
      port: 2375,
    });
    const m = stackMessages.say('stack.verify.cannotRead', { stack: 'web', error: messageOf(refused) });
    expect(english(m)).toBe('cannot read stack web: connect ECONNREFUSED 127.0.0.1:2375');
    expect(localizeMessage(m, 'ja')).toBe('スタック web を読めません: ECONNREFUSED（接続を拒否されました）: connect 127.0.0.1:2375');
    expect(localizeMessage(rawMessage('something nobody translated'), 'ja')).toBe('something nobody translated');
  });

  it('leaves a placeholder without a value visible rather than inventing one, and stays bounded on deep nesting', () => {
    let deep = rawMessage('x');
    for (let i = 0; i < 50; i++) deep = stackMessages.say('stack.rm.incomplete', { stack: `s${i}`, problems: deep });
    expect(english(deep).length).toBeLessThan(2000);
    expect(localizeMessage(deep, 'ja').length).toBeLessThan(2000);
  });
});
