// Secret values never reach the terminal: interpolation errors, env-file syntax errors and --fix diffs.
import { describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/compose/load.js';
import { planFixes, renderFixDiff, sensitiveLines } from '../../../src/compose/fix.js';
import { parseEnvFile } from '../../../src/compose/env-file.js';
import { interpolate } from '../../../src/compose/interpolate.js';
import { writeFiles } from './helpers.js';

const SECRET = 'hunter';

const messageOf = async (f: () => unknown): Promise<string> => {
  try {
    await f();
  } catch (e) {
    return `${(e as Error).message} ${(e as { hint?: string }).hint ?? ''}`;
  }
  throw new Error('expected an error');
};

describe('no secret in error messages', () => {
  it.each([`${SECRET}$2`, `${SECRET}\${2}`, `${SECRET}\${x`, `${SECRET}\${-}`, `\${A:-${SECRET}$}`])('interpolation of %j', async (value) => {
    expect(await messageOf(() => interpolate(value, () => undefined))).not.toContain(SECRET);
  });

  it('names the key and the position instead, through the loader', async () => {
    const dir = writeFiles({ 'stack.yml': `services:\n  db:\n    image: postgres:16\n    environment:\n      DB_PASSWORD: "${SECRET}$2"\n` });
    const msg = await messageOf(() => loadCompose(['stack.yml'], { cwd: dir, env: {} }));
    expect(msg).not.toContain(SECRET);
    expect(msg).toMatch(/DB_PASSWORD/);
    expect(msg).toMatch(/character 7/);
  });

  it.each([`DB_PASSWORD ${SECRET}`, `DB PASSWORD=${SECRET}`, `"DB_PASSWORD"=${SECRET}`])('env file line %j', async (line) => {
    const msg = await messageOf(() => parseEnvFile(`OK=1\n${line}\n`));
    expect(msg).not.toContain(SECRET);
    expect(msg).toMatch(/not a KEY=VALUE line/);
  });
});

describe('--fix --dry-run diff', () => {
  const stack = [
    'services:',
    '  db:',
    '    image: postgres:16',
    '    environment:',
    `      POSTGRES_PASSWORD: ${SECRET}1`,
    `      NOTE: ${SECRET}2`,
    '    labels:',
    `      - api_token=${SECRET}3`,
    '  web:',
    '    image: web:1',
    '    environment:',
    `      - SESSION_KEY=${SECRET}4`,
    '      - BLOCK',
    '    x-note: |',
    `      ${SECRET}5`,
    '',
  ].join('\n');

  it('masks environment values and secret-named keys in context lines', async () => {
    const dir = writeFiles({ 'stack.yml': stack });
    const plan = await planFixes(await loadCompose(['stack.yml'], { cwd: dir, env: {} }), { cwd: dir });
    const diff = renderFixDiff(plan);
    expect(diff).toContain('POSTGRES_PASSWORD: ***');
    expect(diff).toContain('- SESSION_KEY=***');
    expect(diff).not.toMatch(/hunter[1-4]/);
    expect(diff).toContain('image: web:1');
  });

  it('covers block scalars under secret-named keys', () => {
    const lines = sensitiveLines('x:\n  password: |\n    line1\n    line2\n  other: 1\n');
    expect([...lines].sort()).toEqual([2, 3, 4]);
  });
});
