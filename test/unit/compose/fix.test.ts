import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyFixPlan, applyInsertions, onlyLinesAdded, planFixes, renderFixDiff } from '../../../src/compose/fix.js';
import { loadCompose } from '../../../src/compose/load.js';
import { composeRules, runRules } from '../../../src/compose/rules/index.js';
import { writeFiles } from './helpers.js';
import { english } from '../../../src/core/message.js';
import { localizeMessage } from '../../../src/i18n/user-errors.js';

const encryptionRule = composeRules.get('overlay-not-encrypted');

async function fixFiles(dir: string, files: string[]): Promise<{ plan: Awaited<ReturnType<typeof planFixes>>; findingsAfter: number }> {
  const loaded = await loadCompose(files, { cwd: dir, env: {} });
  const plan = await planFixes(loaded, { cwd: dir });
  await applyFixPlan(plan);
  const after = await loadCompose(files, { cwd: dir, env: {} });
  return { plan, findingsAfter: runRules(after, encryptionRule ? [encryptionRule] : []).length };
}

const COMMENTED = `# Production stack — do not edit by hand
version: "3.8"

services:
  web:   # public entry point
    image: nginx:1.27  # pinned
    ports:
      - "8080:80"
  api:
    image: api:1
    networks:
      - back   # private

networks:
  back:
    driver: overlay   # keep this comment
    attachable: true
  tuned:
    driver_opts:
      com.docker.network.driver.mtu: "1400"
  empty:
`;

describe('compose --fix', () => {
  it('only adds lines: comments, order and formatting stay byte for byte', async () => {
    const dir = writeFiles({ 'stack.yml': COMMENTED });
    const { plan, findingsAfter } = await fixFiles(dir, ['stack.yml']);
    const fixed = readFileSync(path.join(dir, 'stack.yml'), 'utf8');
    expect(onlyLinesAdded(COMMENTED, fixed)).toBe(true);
    expect(findingsAfter).toBe(0);
    expect(fixed).toBe(`# Production stack — do not edit by hand
version: "3.8"

services:
  web:   # public entry point
    networks:
      - encrypted
    image: nginx:1.27  # pinned
    ports:
      - "8080:80"
  api:
    image: api:1
    networks:
      - back   # private

networks:
  encrypted:
    driver: overlay
    driver_opts:
      encrypted: ""
  back:
    driver_opts:
      encrypted: ""
    driver: overlay   # keep this comment
    attachable: true
  tuned:
    driver_opts:
      encrypted: ""
      com.docker.network.driver.mtu: "1400"
  empty:
    driver_opts:
      encrypted: ""
`);
    expect(plan.files[0]?.summary.map((m) => english(m))).toContain('attached web to encrypted');
    // Every added line is one the plan announced, in the places it announced.
    const added = fixed.split('\n').length - COMMENTED.split('\n').length;
    expect(added).toBe(plan.files[0]?.insertions.reduce((n, i) => n + i.lines.length, 0));
  });

  it('is idempotent: a second run plans nothing and leaves the file alone', async () => {
    const dir = writeFiles({ 'stack.yml': COMMENTED });
    await fixFiles(dir, ['stack.yml']);
    const once = readFileSync(path.join(dir, 'stack.yml'), 'utf8');
    const plan = await planFixes(await loadCompose(['stack.yml'], { cwd: dir, env: {} }), { cwd: dir });
    expect(plan.files).toEqual([]);
    expect(renderFixDiff(plan)).toBe('');
    await applyFixPlan(plan);
    expect(readFileSync(path.join(dir, 'stack.yml'), 'utf8')).toBe(once);
  });

  it('plans without writing, and renders a unified diff of the added lines', async () => {
    const dir = writeFiles({ 'stack.yml': 'services:\n  web:\n    image: a:1\n' });
    const plan = await planFixes(await loadCompose(['stack.yml'], { cwd: dir, env: {} }), { cwd: dir });
    expect(readFileSync(path.join(dir, 'stack.yml'), 'utf8')).toBe('services:\n  web:\n    image: a:1\n');
    expect(renderFixDiff(plan)).toBe(
      [
        '--- a/stack.yml',
        '+++ b/stack.yml',
        '@@ -1,3 +1,11 @@',
        ' services:',
        '   web:',
        '+    networks:',
        '+      - encrypted',
        '     image: a:1',
        '+',
        '+networks:',
        '+  encrypted:',
        '+    driver: overlay',
        '+    driver_opts:',
        '+      encrypted: ""',
        '',
      ].join('\n'),
    );
  });

  it('follows the file indentation (4 spaces) and CRLF line endings', async () => {
    const text = 'services:\r\n    web:\r\n        image: a:1\r\n        networks: [n]\r\nnetworks:\r\n    n:\r\n        driver: overlay\r\n';
    const dir = writeFiles({ 'stack.yml': text });
    const { findingsAfter } = await fixFiles(dir, ['stack.yml']);
    const fixed = readFileSync(path.join(dir, 'stack.yml'), 'utf8');
    expect(findingsAfter).toBe(0);
    expect(onlyLinesAdded(text, fixed)).toBe(true);
    expect(fixed).toContain('    n:\r\n        driver_opts:\r\n            encrypted: ""\r\n        driver: overlay\r\n');
  });

  it('leaves flow-style mappings alone and says why', async () => {
    const text = 'services:\n  web:\n    image: a:1\n    networks: [n]\nnetworks:\n  n: {driver: overlay}\n';
    const dir = writeFiles({ 'stack.yml': text });
    const plan = await planFixes(await loadCompose(['stack.yml'], { cwd: dir, env: {} }), { cwd: dir });
    expect(plan.files).toEqual([]);
    expect(english(plan.unfixable[0]!)).toMatch(/flow style/);
    expect(localizeMessage(plan.unfixable[0]!, 'ja')).toMatch(/フロー形式で書かれています/);
  });

  it('fixes the file that declares the network when several files are merged', async () => {
    const dir = writeFiles({
      'base.yml': 'services:\n  web:\n    image: a:1\n    networks: [front]\nnetworks:\n  front:\n    driver: overlay\n',
      'prod.yml': 'services:\n  web:\n    image: a:2\n',
    });
    const { plan, findingsAfter } = await fixFiles(dir, ['base.yml', 'prod.yml']);
    expect(plan.files.map((f) => f.display)).toEqual(['base.yml']);
    expect(findingsAfter).toBe(0);
    expect(readFileSync(path.join(dir, 'prod.yml'), 'utf8')).toBe('services:\n  web:\n    image: a:2\n');
  });

  it('picks another name when "encrypted" is taken by an unencrypted non-overlay network', async () => {
    const text = 'services:\n  web:\n    image: a:1\n  db:\n    image: b:1\n    networks: [encrypted]\nnetworks:\n  encrypted:\n    driver: bridge\n';
    const dir = writeFiles({ 'stack.yml': text });
    await fixFiles(dir, ['stack.yml']);
    const doc = parse(readFileSync(path.join(dir, 'stack.yml'), 'utf8')) as { services: { web: { networks: string[] } }; networks: Record<string, unknown> };
    expect(doc.services.web.networks).toEqual(['encrypted_overlay']);
    expect(doc.networks.encrypted_overlay).toEqual({ driver: 'overlay', driver_opts: { encrypted: '' } });
  });

  it('refuses to write when the file changed after planning', async () => {
    const dir = writeFiles({ 'stack.yml': 'services:\n  web:\n    image: a:1\n' });
    const plan = await planFixes(await loadCompose(['stack.yml'], { cwd: dir, env: {} }), { cwd: dir });
    writeFileSync(path.join(dir, 'stack.yml'), 'services:\n  web:\n    image: a:2\n');
    await expect(applyFixPlan(plan)).rejects.toThrow(/changed/);
    expect(readFileSync(path.join(dir, 'stack.yml'), 'utf8')).toBe('services:\n  web:\n    image: a:2\n');
  });

  it('onlyLinesAdded and applyInsertions agree', () => {
    const orig = 'a\nb\nc\n';
    const next = applyInsertions(orig, [
      { after: 0, lines: ['x'] },
      { after: 2, lines: ['y', 'z'] },
      { after: 3, lines: ['w'] },
    ]);
    expect(next).toBe('x\na\nb\ny\nz\nc\nw\n');
    expect(onlyLinesAdded(orig, next)).toBe(true);
    expect(onlyLinesAdded(orig, 'a\nB\nc\n')).toBe(false);
    expect(onlyLinesAdded(orig, 'a\nc\n')).toBe(false);
  });
});
