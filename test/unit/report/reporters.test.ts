import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/finding.js';
import { cis, nist } from '../../../src/core/finding.js';
import { createStyler, stripAnsi } from '../../../src/core/style.js';
import { getReporter } from '../../../src/report/index.js';
import type { ReportContext } from '../../../src/report/reporter.js';
import { UserError } from '../../../src/core/errors.js';

const findings: Finding[] = [
  {
    id: 'overlay-not-encrypted',
    title: 'Overlay network is not encrypted',
    severity: 'HIGH',
    category: 'compose',
    target: { kind: 'file', path: 'stack.yml', line: 12, column: 3, pointer: 'networks.backend' },
    message: 'overlay network "backend" carries traffic in cleartext between nodes',
    remediation: 'add driver_opts: {encrypted: ""}',
    references: [cis('7.3'), nist('4.4.2')],
  },
  {
    id: 'image-not-pinned',
    title: 'Image is not pinned by digest',
    severity: 'LOW',
    category: 'compose',
    target: { kind: 'file', path: 'stack.yml', line: 4, column: 12, pointer: 'services.web.image' },
    message: 'image "nginx:1.25" is not pinned by digest',
    references: [],
  },
  {
    id: '7.7',
    title: 'Ensure swarm manager auto-lock key is rotated periodically',
    severity: 'MEDIUM',
    verdict: 'WARN',
    category: 'bench',
    target: { kind: 'node', hostname: 'manager1' },
    message: 'node certificate expires in 2 days',
    references: [cis('7.7')],
  },
];

const ctx = (color: boolean): ReportContext => ({ command: 'compose lint', toolVersion: '0.1.0', styler: createStyler(color), cwd: '/repo' });

describe('text reporter', () => {
  it('groups by file, orders by line, aligns columns and ends with a summary', () => {
    const out = getReporter('text').render(findings, ctx(false));
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toBe('node manager1');
    const stack = lines.indexOf('stack.yml');
    expect(stack).toBeGreaterThan(0);
    expect(lines[stack + 1]).toMatch(/^\s+4:12\s+LOW\s+image-not-pinned\s+image "nginx:1.25"/);
    expect(lines[stack + 2]).toMatch(/^\s+12:3\s+HIGH\s+overlay-not-encrypted/);
    // Columns line up: the severity column starts at the same offset on both rows.
    expect(lines[stack + 1]!.indexOf('LOW')).toBe(lines[stack + 2]!.indexOf('HIGH'));
    expect(lines.at(-1)).toBe('✖ 3 findings: 1 high, 1 medium, 1 low');
    expect(out).not.toContain('\u001b[');
  });

  it('colours only when asked, and the colour does not change the text', () => {
    const coloured = getReporter('text').render(findings, ctx(true));
    expect(coloured).toContain('\u001b[31mHIGH');
    expect(stripAnsi(coloured)).toBe(getReporter('text').render(findings, ctx(false)));
  });

  it('says so when there is nothing to report', () => {
    expect(getReporter('text').render([], ctx(false)).trim()).toBe('✔ no findings');
  });
});

describe('json reporter', () => {
  it('emits valid JSON with a summary and every finding', () => {
    const doc = JSON.parse(getReporter('json').render(findings, ctx(false))) as {
      summary: { total: number; bySeverity: Record<string, number> };
      findings: Finding[];
      tool: { name: string };
    };
    expect(doc.tool.name).toBe('swarmguard');
    expect(doc.summary.total).toBe(3);
    expect(doc.summary.bySeverity).toEqual({ CRITICAL: 0, HIGH: 1, MEDIUM: 1, LOW: 1, UNKNOWN: 0, INFO: 0 });
    expect(doc.findings.map((f) => f.id).sort()).toEqual(['7.7', 'image-not-pinned', 'overlay-not-encrypted']);
  });
});

describe('sarif reporter', () => {
  type Sarif = {
    version: string;
    runs: {
      tool: { driver: { rules: { id: string; properties: { 'security-severity': string; tags: string[] } }[] } };
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        locations: {
          physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number; startColumn?: number } };
          logicalLocations?: unknown[];
        }[];
      }[];
    }[];
  };
  const doc = JSON.parse(getReporter('sarif').render(findings, ctx(false))) as Sarif;
  const run = doc.runs[0]!;

  it('is SARIF 2.1.0 with one rule per id, referenced by index', () => {
    expect(doc.version).toBe('2.1.0');
    expect(run.tool.driver.rules.map((r) => r.id).sort()).toEqual(['7.7', 'image-not-pinned', 'overlay-not-encrypted']);
    expect(run.results).toHaveLength(findings.length);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]!.id).toBe(r.ruleId);
  });

  it('gives file results a region so code scanning shows the line', () => {
    const enc = run.results.find((r) => r.ruleId === 'overlay-not-encrypted')!;
    expect(enc.level).toBe('error');
    expect(enc.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'stack.yml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 3 },
    });
    const rule = run.tool.driver.rules.find((r) => r.id === 'overlay-not-encrypted')!;
    expect(rule.properties['security-severity']).toBe('8.0');
    expect(rule.properties.tags).toContain('CIS-Docker-7.3');
  });

  it('gives engine results a logical location', () => {
    const node = run.results.find((r) => r.ruleId === '7.7')!;
    expect(node.locations[0]!.logicalLocations).toEqual([{ fullyQualifiedName: 'node manager1', kind: 'node' }]);
  });
});

describe('getReporter', () => {
  it('rejects unknown formats with the list of known ones', () => {
    expect(() => getReporter('xml')).toThrow(UserError);
    try {
      getReporter('sarif', ['text', 'json']);
      expect.unreachable();
    } catch (e) {
      expect((e as UserError).hint).toBe('use one of: text, json');
    }
  });
});
