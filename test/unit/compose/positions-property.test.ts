import fc from 'fast-check';
import { describe, it } from 'vitest';
import { loadText } from './helpers.js';

const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/);

describe('loadCompose positions (property)', () => {
  it('every service, image and environment key is found at the line and column it was written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(name, { minLength: 1, maxLength: 6 }),
        fc.constantFrom(2, 4),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.boolean(),
        async (services, unit, listForm, blankLines) => {
          const u = ' '.repeat(unit);
          const lines: string[] = ['# header', 'services:'];
          const expected: [string[], number, number][] = [];
          services.forEach((s, i) => {
            if (blankLines) lines.push('');
            lines.push(`${u}${s}:`);
            expected.push([['services', s], lines.length, unit + 1]);
            lines.push(`${u}${u}image: "img/${s}:1"  # comment`);
            expected.push([['services', s, 'image'], lines.length, 2 * unit + 1]);
            lines.push(`${u}${u}environment:`);
            if (listForm[i]) {
              lines.push(`${u}${u}${u}- VAR_${i}=x`);
              expected.push([['services', s, 'environment', `VAR_${i}`], lines.length, 3 * unit + 3]);
            } else {
              lines.push(`${u}${u}${u}VAR_${i}: x`);
              expected.push([['services', s, 'environment', `VAR_${i}`], lines.length, 3 * unit + 1]);
            }
          });
          const loaded = await loadText(`${lines.join('\n')}\n`);
          for (const [p, line, column] of expected) {
            const pos = loaded.positionOf(p);
            if (pos?.line !== line || pos.column !== column || pos.file !== 'stack.yml') {
              throw new Error(`${p.join('.')}: expected ${line}:${column}, got ${pos?.line}:${pos?.column}`);
            }
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});
