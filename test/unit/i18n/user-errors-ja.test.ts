// Every error and hint a command can raise is a message by id: the raises are read from the sources (every
// `new UserError|InputError|EngineError|InterpolationError(...)` and the compose/stack `fail(path, message, hint)`),
// and none may pass English text (a literal or a template) as its message or its hint. That every id has Japanese
// is held by messages-by-id.test.ts; here, that the printer says them in the reader's language, English unchanged.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError, InputError, UserError, messageOf } from '../../../src/core/errors.js';
import { rawMessage } from '../../../src/core/message.js';
import { coreMessages } from '../../../src/core/messages.js';
import { composeMessages } from '../../../src/compose/messages.js';
import { reportError } from '../../../src/cli/run.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';
import { stackMessages } from '../../../src/stack/messages.js';

const SRC = path.resolve(__dirname, '../../../src');
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );

interface Raised {
  where: string;
  texts: string[];
}

/** The texts an expression can produce: literals as they are, `${…}` filled with a sample, both arms of a `?:`. */
function variants(node: ts.Expression, sample: { n: number }): string[] | undefined {
  if (ts.isParenthesizedExpression(node)) return variants(node.expression, sample);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isConditionalExpression(node)) {
    const a = variants(node.whenTrue, sample);
    const b = variants(node.whenFalse, sample);
    return a && b ? [...a, ...b] : undefined;
  }
  if (ts.isTemplateExpression(node)) {
    let out = [node.head.text];
    for (const span of node.templateSpans) {
      const inner = ts.isConditionalExpression(span.expression) ? variants(span.expression, sample) : undefined;
      const fill = inner ?? [`v${++sample.n}`];
      out = out.flatMap((o) => fill.map((f) => o + f + span.literal.text));
    }
    return out;
  }
  return undefined;
}

function raisedErrors(): Raised[] {
  const out: Raised[] = [];
  for (const file of filesUnder(SRC)) {
    const text = readFileSync(file, 'utf8');
    if (!/new (User|Input|Engine|Interpolation)Error\(|\.fail\(/.test(text)) continue;
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      // The compose reader's and the stack converter's `fail(path, message, hint)` raise an InputError too, and an
      // interpolation error becomes one.
      const failCall = ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'fail' && n.arguments.length >= 2;
      const raised =
        ts.isNewExpression(n) && ts.isIdentifier(n.expression) && ['UserError', 'InputError', 'EngineError', 'InterpolationError'].includes(n.expression.text);
      if (failCall || raised) {
        const input = failCall || (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'InputError');
        const args = n.arguments ?? [];
        const where = `${path.relative(SRC, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
        const texts: string[] = [];
        const msg = args[input ? 1 : 0];
        const message = msg && variants(msg, { n: 0 });
        if (message) texts.push(...message);
        const opts = args[input ? 2 : 1];
        if (failCall && opts) texts.push(...(variants(opts, { n: 100 }) ?? []));
        if (opts && ts.isObjectLiteralExpression(opts)) {
          for (const p of opts.properties) {
            if (ts.isPropertyAssignment(p) && p.name.getText(sf) === 'hint') texts.push(...(variants(p.initializer, { n: 100 }) ?? []));
          }
        }
        out.push({ where, texts });
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out;
}

afterEach(() => setLocale('en'));

describe('every error and hint in Japanese', () => {
  const raised = raisedErrors();

  it('finds the errors of every command', () => {
    expect(raised.length).toBeGreaterThan(250);
  });

  it('raises each one by id: no message or hint is English text', () => {
    const literal = raised.filter((r) => r.texts.length > 0).map((r) => `${r.where}: ${r.texts.join(' | ')}`);
    expect(literal).toEqual([]);
  });

  it('says what was being asked of the engine by message id, for every engine call', () => {
    const calls: string[] = [];
    const literal: string[] = [];
    for (const file of filesUnder(SRC)) {
      const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && ['engineCall', 'translateEngineError'].includes(n.expression.text)) {
          const what = n.arguments[n.expression.text === 'engineCall' ? 0 : 1];
          if (what !== undefined) {
            calls.push(what.getText(sf));
            if (variants(what, { n: 0 }) !== undefined) literal.push(`${path.relative(SRC, file)}: ${what.getText(sf)}`);
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    expect(calls.length).toBeGreaterThan(20);
    expect(literal).toEqual([]);
  });

  it('says a leading file, a nested error and a system error in Japanese, values as they are', () => {
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/w/stack.yml'"), {
      code: 'ENOENT',
      errno: -2,
      syscall: 'open',
      path: '/w/stack.yml',
    });
    const read = new InputError(
      'stack.yml',
      composeMessages.say('compose.read.failed', { what: composeMessages.say('compose.what.composeFile'), error: messageOf(enoent) }),
      { line: 3 },
    );
    expect(read.message).toBe("stack.yml:3: cannot read compose file: ENOENT: no such file or directory, open '/w/stack.yml'");
    expect(localizeMessage(read.text, 'ja')).toBe(
      "stack.yml:3: compose ファイルを読めません: ENOENT（ファイルまたはディレクトリがありません）: open '/w/stack.yml'",
    );
    expect(localizeMessage(stackMessages.say('stack.deploy.refused.other', { name: 'web', count: 3, level: 'HIGH' }), 'ja')).toBe(
      'スタック "web" のデプロイを中止しました: HIGH 以上の lint の指摘が 3 件あります',
    );
    // A text without an id (the engine's own words) is a value: printed as it is, in every language.
    expect(localizeMessage(rawMessage('something the engine said'), 'ja')).toBe('something the engine said');
    expect(localizeMessage(stackMessages.say('stack.verify.noStack', { stack: 'web' }), 'en')).toBe('no stack named "web"');
  });

  it('stays bounded on hostile messages: long values, deep nesting', () => {
    const long = `${'a: '.repeat(300_000)}b`;
    expect(localizeMessage(rawMessage(long), 'ja')).toBe(long);
    let deep = stackMessages.say('stack.verify.noStack', { stack: 'web' });
    for (let i = 0; i < 10_000; i++) deep = coreMessages.say('core.inputAt', { where: 'f', message: deep });
    const ja = localizeMessage(deep, 'ja');
    expect(ja.length).toBeLessThan(10_000);
    expect(ja.startsWith('f: f: ')).toBe(true);
  });

  it('prints error: and hint: in Japanese, English unchanged', async () => {
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = (s: string) => writes.push(s) > 0;
    try {
      setLocale('ja');
      expect(await reportError(new InputError('stack.yml', composeMessages.say('compose.yaml.duplicateKey', { key: 'image' }), { line: 4 }))).toBe(2);
      expect(await reportError(new EngineError(stackMessages.say('stack.notManager'), { hint: stackMessages.say('stack.notManager.hint') }))).toBe(3);
      expect(await reportError(new Error('boom'))).toBe(70);
      setLocale('en');
      await reportError(new UserError(stackMessages.say('stack.verify.noStack', { stack: 'web' }), { hint: stackMessages.say('stack.list.hint') }));
    } finally {
      process.stderr.write = orig;
    }
    expect(writes.join('')).toBe(
      [
        'エラー: stack.yml:4: キー "image" が重複しています',
        'エラー: このノードは Swarm のマネージャーではありません',
        'ヒント: stack コマンドはマネージャーノードに対して実行してください（DOCKER_HOST=…）',
        '内部エラー: boom',
        '--debug を付けて再実行するとスタックトレースが表示されます。報告をお願いします',
        'error: no stack named "web"',
        'hint: list the stacks with `swarmguard stack ls`',
        '',
      ].join('\n'),
    );
  });
});
