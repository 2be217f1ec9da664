// SARIF 2.1.0: rule metadata plus results with regions, so code scanning shows the line.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sortFindings, targetLabel, type Finding, type Reference, type RuleMeta } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import type { Reporter } from './reporter.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  CRITICAL: 'error',
  HIGH: 'error',
  MEDIUM: 'warning',
  LOW: 'note',
  UNKNOWN: 'note',
  INFO: 'note',
};

/** GitHub code scanning reads this numeric string to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  CRITICAL: '9.5',
  HIGH: '8.0',
  MEDIUM: '5.5',
  LOW: '3.0',
  UNKNOWN: '0.0',
  INFO: '0.0',
};

function referenceTags(refs: readonly Reference[]): string[] {
  return refs.map((r) => {
    switch (r.type) {
      case 'cis-docker':
        // The benchmark version when it is not 1.6.0 (CIS-Docker-1.8.0-2.8): numbers moved between versions.
        return r.version !== undefined ? `CIS-Docker-${r.version}-${r.id}` : `CIS-Docker-${r.id}`;
      case 'nist-800-190':
        return `NIST-SP-800-190-${r.id}`;
      default:
        return r.id;
    }
  });
}

function ruleFromFinding(f: Finding): RuleMeta {
  return {
    id: f.id,
    title: f.title,
    severity: f.severity,
    description: f.title,
    remediation: f.remediation ?? '',
    references: f.references,
  };
}

function toUri(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(abs).href };
}

export const sarifReporter: Reporter = {
  id: 'sarif',
  description: 'SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps)',
  render(findings, ctx) {
    const cwd = ctx.cwd ?? process.cwd();
    const rules = new Map<string, RuleMeta>();
    for (const r of ctx.rules ?? []) rules.set(r.id, r);
    const sorted = sortFindings(findings);
    for (const f of sorted) if (!rules.has(f.id)) rules.set(f.id, ruleFromFinding(f));
    const ruleList = [...rules.values()];
    const index = new Map(ruleList.map((r, i) => [r.id, i]));

    const results = sorted.map((f) => {
      const t = f.target;
      const result: Record<string, unknown> = {
        ruleId: f.id,
        ruleIndex: index.get(f.id),
        level: LEVEL[f.severity],
        message: { text: f.message },
        properties: { severity: f.severity, ...(f.verdict ? { verdict: f.verdict } : {}) },
        // Accepted in the file itself: code scanning shows it as suppressed, with the reason.
        ...(f.waived ? { suppressions: [{ kind: 'inSource', status: 'accepted', justification: f.waived.reason }] } : {}),
      };
      if (t.kind === 'file') {
        const region: Record<string, number> = { startLine: Math.max(1, t.line ?? 1) };
        if (t.column !== undefined) region.startColumn = Math.max(1, t.column);
        if (t.endLine !== undefined) region.endLine = Math.max(region.startLine ?? 1, t.endLine);
        if (t.endColumn !== undefined && t.endLine !== undefined) region.endColumn = Math.max(1, t.endColumn);
        result.locations = [{ physicalLocation: { artifactLocation: toUri(t.path, cwd), region } }];
        result.partialFingerprints = { 'swarmguard/v1': `${f.id}:${t.path}:${t.pointer ?? t.line ?? ''}` };
      } else {
        result.locations = [{ logicalLocations: [{ fullyQualifiedName: targetLabel(t), kind: t.kind }] }];
        result.partialFingerprints = { 'swarmguard/v1': `${f.id}:${targetLabel(t)}${f.vulnerability ? `:${f.vulnerability.package}` : ''}` };
      }
      return result;
    });

    const doc = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'swarmguard',
              version: ctx.toolVersion,
              semanticVersion: ctx.toolVersion,
              informationUri: 'https://www.npmjs.com/package/swarmguard',
              rules: ruleList.map((r) => ({
                id: r.id,
                name: r.id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')),
                shortDescription: { text: r.title },
                fullDescription: { text: r.description || r.title },
                help: {
                  text: r.remediation || r.title,
                  markdown: `**${r.title}**\n\n${r.remediation}${r.references.length ? `\n\nReferences: ${r.references.map((x) => `${x.type} ${x.id}`).join(', ')}` : ''}`,
                },
                defaultConfiguration: { level: LEVEL[r.severity] },
                properties: {
                  tags: ['security', ...referenceTags(r.references)],
                  'security-severity': SECURITY_SEVERITY[r.severity],
                  precision: 'high',
                },
              })),
            },
          },
          originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd + path.sep).href } },
          invocations: [{ executionSuccessful: true, commandLine: `swarmguard ${ctx.command}` }],
          results,
        },
      ],
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  },
};
