import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { applyFixPlan, onlyLinesAdded, planFixes } from '../../../src/compose/fix.js';
import { loadCompose } from '../../../src/compose/load.js';
import { composeRules, runRules } from '../../../src/compose/rules/index.js';
import { tempDir } from './helpers.js';

const rule = composeRules.get('overlay-not-encrypted');
const name = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const indentUnit = fc.constantFrom(2, 4);

/** Random stacks: services with or without networks, overlay networks in the shapes the fixer handles, comments. */
const stack = fc
  .record({
    unit: indentUnit,
    services: fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
    networks: fc.uniqueArray(fc.record({ key: name.map((n) => `n${n}`), shape: fc.constantFrom('null', 'driver', 'opts-other', 'opts-null', 'encrypted') }), {
      maxLength: 3,
      selector: (n) => n.key,
    }),
    attach: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    comments: fc.boolean(),
    crlf: fc.boolean(),
  })
  .map(({ unit, services, networks, attach, comments, crlf }) => {
    const u = ' '.repeat(unit);
    const lines: string[] = [];
    if (comments) lines.push('# generated stack');
    lines.push('services:');
    services.forEach((s, i) => {
      lines.push(`${u}${s}:${comments ? '  # service' : ''}`);
      lines.push(`${u}${u}image: img/${s}:1`);
      const first = networks[0];
      if (attach[i] && first) lines.push(`${u}${u}networks:`, `${u}${u}${u}- ${first.key}`);
    });
    if (networks.length > 0) {
      lines.push('networks:');
      for (const n of networks) {
        lines.push(`${u}${n.key}:`);
        if (n.shape === 'driver') lines.push(`${u}${u}driver: overlay${comments ? '  # keep' : ''}`);
        if (n.shape === 'opts-other') lines.push(`${u}${u}driver_opts:`, `${u}${u}${u}com.docker.network.driver.mtu: "1400"`);
        if (n.shape === 'opts-null') lines.push(`${u}${u}driver_opts:`);
        if (n.shape === 'encrypted') lines.push(`${u}${u}driver_opts:`, `${u}${u}${u}encrypted: ""`);
      }
    }
    return lines.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
  });

describe('compose --fix (property)', () => {
  it('only adds lines, leaves no encryption finding, and a second run changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(stack, async (text) => {
        const dir = tempDir();
        const file = path.join(dir, 'stack.yml');
        writeFileSync(file, text);
        await applyFixPlan(await planFixes(await loadCompose(['stack.yml'], { cwd: dir, env: {} }), { cwd: dir }));
        const fixed = readFileSync(file, 'utf8');
        if (!onlyLinesAdded(text, fixed)) throw new Error(`changed existing lines:\n${text}\n---\n${fixed}`);
        const after = await loadCompose(['stack.yml'], { cwd: dir, env: {} });
        const left = runRules(after, rule ? [rule] : []);
        if (left.length > 0) throw new Error(`left ${left.map((f) => f.message).join('; ')}\n${fixed}`);
        const again = await planFixes(after, { cwd: dir });
        if (again.files.length > 0) throw new Error('second run planned changes');
      }),
      { numRuns: 60 },
    );
  });
});
