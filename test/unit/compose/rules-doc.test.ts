import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeRules } from '../../../src/compose/rules/index.js';

describe('docs/rules.md', () => {
  it('lists every rule with its default severity and fixability', () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../../../docs/rules.md'), 'utf8');
    for (const r of composeRules.all()) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${r.id}\` |`));
      expect(row, r.id).toBeDefined();
      expect(row).toContain(`| ${r.meta.severity} |`);
      expect(row).toContain(r.meta.title);
      expect(row?.includes('| yes |')).toBe(r.meta.fixable === true);
    }
  });

  it('every rule has a remediation, a description and at least one CIS or NIST reference', () => {
    for (const r of composeRules.all()) {
      expect(r.meta.remediation.length, r.id).toBeGreaterThan(20);
      expect(r.meta.description.length, r.id).toBeGreaterThan(40);
      // stack-deploy-refuses is about validity, not a security control: it cites the docker documentation.
      if (r.id !== 'stack-deploy-refuses')
        expect(
          r.meta.references.some((x) => x.type === 'cis-docker' || x.type === 'nist-800-190'),
          r.id,
        ).toBe(true);
    }
  });
});
