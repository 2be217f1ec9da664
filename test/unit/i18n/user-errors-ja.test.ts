// Every error and hint a command can raise, in Japanese: the messages are read from the sources (every
// `new UserError|InputError|EngineError(...)`), filled with sample values, and must come out of the printer's
// translator in Japanese with those values intact. A new error without a Japanese text fails here.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError, InputError, UserError } from '../../../src/core/errors.js';
import { reportError } from '../../../src/cli/run.js';
import { placeholders } from '../../../src/i18n/catalogue.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { localizeMessage, localizeUserText, userErrorTemplates } from '../../../src/i18n/user-errors.js';
import { stackMessages } from '../../../src/stack/messages.js';
import { JAPANESE } from './ja-helpers.js';

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

/** A message that is only its values ("v1: v2", "services.v1.env_file: v2": a place in the file and a message). */
const onlyValues = (s: string) => /^(v\d+)?(: v\d+)*$/.test(s) || /^[\w.]+: v\d+$/.test(s);

afterEach(() => setLocale('en'));

describe('every error and hint in Japanese', () => {
  const raised = raisedErrors();

  it('finds the errors of every command', () => {
    expect(raised.length).toBeGreaterThan(250);
  });

  it('translates each one, with its values unchanged', () => {
    const missing: string[] = [];
    for (const r of raised) {
      for (const text of r.texts) {
        if (onlyValues(text)) continue;
        const ja = localizeUserText(text, 'ja');
        const values = text.match(/v\d+/g) ?? [];
        if (ja === text || !JAPANESE.test(ja) || values.some((v) => !ja.includes(v))) missing.push(`${r.where}: ${text} → ${ja}`);
      }
    }
    expect(missing).toEqual([]);
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

  it('keeps the same parameters in English and Japanese', () => {
    for (const t of userErrorTemplates()) {
      expect(placeholders(t.ja), t.english).toEqual(placeholders(t.english).filter((p) => !p.startsWith('_')));
      expect(t.ja).toMatch(JAPANESE);
    }
    expect(new Set(userErrorTemplates().map((t) => t.english)).size).toBe(userErrorTemplates().length);
  });

  it('keeps a leading file, image or flag, and says the system error in Japanese beside its code', () => {
    expect(localizeUserText("stack.yml:3: cannot read compose file: ENOENT: no such file or directory, open '/w/stack.yml'", 'ja')).toBe(
      "stack.yml:3: compose file を読めません: ENOENT（ファイルまたはディレクトリがありません）: open '/w/stack.yml'",
    );
    expect(localizeUserText('img.tar: layer abc is missing from the archive (truncated?)', 'ja')).toBe(
      'img.tar: アーカイブにレイヤー abc がありません（途中で切れていますか？）',
    );
    expect(localizeMessage(stackMessages.say('stack.deploy.refused.other', { name: 'web', count: 3, level: 'HIGH' }), 'ja')).toBe(
      'スタック "web" のデプロイを中止しました: HIGH 以上の lint の指摘が 3 件あります',
    );
    expect(localizeUserText('stack.yml:4: services.web.ports: must be a list, not string "80:80"', 'ja')).toBe(
      'stack.yml:4: services.web.ports: 文字列 "80:80" ではなくリストでなければなりません',
    );
    expect(localizeUserText('something no template knows', 'ja')).toBe('something no template knows');
    expect(localizeUserText('no stack named "web"', 'en')).toBe('no stack named "web"');
  });

  it('stays bounded on hostile messages', () => {
    const long = `${'a: '.repeat(3000)}b`;
    const started = process.hrtime.bigint();
    expect(localizeUserText(long, 'ja')).toBe(long);
    expect(localizeUserText(`cannot write ${'x'.repeat(9000)}: it is a directory`, 'ja')).toContain('x'.repeat(100));
    expect(Number(process.hrtime.bigint() - started) / 1e9).toBeLessThan(30);
  });

  it('prints error: and hint: in Japanese, English unchanged', async () => {
    const writes: string[] = [];
    const orig = process.stderr.write.bind(process.stderr);
    process.stderr.write = (s: string) => writes.push(s) > 0;
    try {
      setLocale('ja');
      expect(await reportError(new InputError('stack.yml', 'duplicate key "image"', { line: 4 }))).toBe(2);
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
