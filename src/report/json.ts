// JSON report: the findings as they are, with a summary; built with a serializer, never by hand.
import { countBySeverity, sortFindings } from '../core/finding.js';
import type { Reporter } from './reporter.js';

export const jsonReporter: Reporter = {
  id: 'json',
  description: 'machine-readable JSON: { tool, command, summary, findings }',
  render(findings, ctx) {
    const doc = {
      tool: { name: 'swarmguard', version: ctx.toolVersion },
      command: ctx.command,
      generatedAt: new Date().toISOString(),
      scanned: ctx.scanned ?? [],
      notes: ctx.notes ?? [],
      summary: {
        // Waived findings (an in-file waiver with its reason) are listed but not counted.
        total: findings.filter((f) => !f.waived).length,
        bySeverity: countBySeverity(findings.filter((f) => !f.waived)),
        ...(findings.some((f) => f.waived) ? { waived: findings.filter((f) => f.waived).length } : {}),
        ...(ctx.score !== undefined ? { score: ctx.score } : {}),
        // "covered": false — the total is not a clean result for the parts named.
        ...(ctx.coverage ? { covered: ctx.coverage.covered, ...(ctx.coverage.covered ? {} : { uncovered: ctx.coverage.uncovered }) } : {}),
      },
      findings: sortFindings(findings),
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  },
};
