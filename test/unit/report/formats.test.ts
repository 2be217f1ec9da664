// The one writer for every --format: a format registered once is offered by every command whose report it fits, and
// by no other; a format that does not fit is refused with the list of those that do, by the writer and by the CLI.
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { UserError } from '../../../src/core/errors.js';
import { createStyler } from '../../../src/core/style.js';
import { formats, formatsFor, renderReport, REPORT_KINDS, type Format, type Report, type ReportKind } from '../../../src/report/formats.js';

/** The commands that write a report, with the kind of report each builds. */
const COMMANDS: Record<string, ReportKind> = {
  'compose lint': 'findings',
  'image lint': 'findings',
  'host check': 'findings',
  'swarm audit': 'findings',
  audit: 'findings',
  'network check': 'findings',
  'network diagnose': 'findings',
  'stack verify': 'findings',
  'image scan': 'scan',
  bench: 'bench',
  sbom: 'sbom',
};

const ctx = { command: 'compose lint', toolVersion: '0.0.0', styler: createStyler(false) };
const findingsReport: Report = { kind: 'findings', findings: [], ctx, extra: { stack: 'shop' }, before: () => 'BEFORE\n', after: () => 'AFTER\n' };

/** The error the writer refuses a format with. */
async function refusal(format: string, report: Report): Promise<UserError> {
  try {
    await renderReport(format, report);
  } catch (e) {
    if (e instanceof UserError) return e;
    throw e;
  }
  throw new Error(`--format ${format} was not refused`);
}

function commandAt(program: Command, path: string): Command {
  let cmd = program;
  for (const name of path.split(' ')) {
    const next = cmd.commands.find((c) => c.name() === name);
    if (next === undefined) throw new Error(`no command ${path}`);
    cmd = next;
  }
  return cmd;
}
const formatChoices = (cmd: Command): readonly string[] | undefined => cmd.options.find((o) => o.long === '--format')?.argChoices;

// Two formats registered for the test only, once each: one that fits every kind, one only SBOMs.
const everywhere: Format = {
  id: 'test-every',
  description: 'test',
  renderers: Object.fromEntries(REPORT_KINDS.map((k) => [k, (r: Report) => `${r.kind}\n`])),
};
const sbomOnly: Format = { id: 'test-sbom', description: 'test', renderers: { sbom: () => 'sbom\n' } };

describe('the format registry', () => {
  let program: Command;
  beforeAll(async () => {
    formats.register(everywhere, sbomOnly);
    program = await buildProgram(['node', 'swarmguard'], { all: true });
  });
  afterAll(() => {
    formats.unregister(everywhere.id);
    formats.unregister(sbomOnly.id);
  });

  it('offers a format registered once in every command it fits, and in no other', () => {
    let seen = 0;
    for (const [path, kind] of Object.entries(COMMANDS)) {
      const choices = formatChoices(commandAt(program, path));
      expect(choices, path).toEqual(formatsFor(kind));
      expect(choices, path).toContain('test-every');
      expect(choices?.includes('test-sbom'), path).toBe(kind === 'sbom');
      seen++;
    }
    expect(seen).toBe(Object.keys(COMMANDS).length);
  });

  it("keeps each command's formats and default", () => {
    const real = (kind: ReportKind) => formatsFor(kind).filter((f) => !f.startsWith('test-'));
    expect(real('findings')).toEqual(['text', 'json', 'sarif', 'html']);
    expect(real('scan')).toEqual(['table', 'json', 'sarif', 'cyclonedx', 'openvex']);
    expect(real('bench')).toEqual(['text', 'table', 'json', 'docker-bench', 'sarif', 'findings']);
    expect(real('sbom')).toEqual(['table', 'json', 'cyclonedx', 'spdx-json']);
    for (const [path, kind] of Object.entries(COMMANDS))
      expect(commandAt(program, path).options.find((o) => o.long === '--format')?.defaultValue, path).toBe(
        kind === 'scan' || kind === 'sbom' ? 'table' : 'text',
      );
  });

  it('refuses, in the CLI, a format that does not fit the command, naming the ones that do', async () => {
    const p = await buildProgram(['node', 'swarmguard', 'bench'], {});
    p.configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    const err = await p.parseAsync(['node', 'swarmguard', 'bench', '--format', 'cyclonedx']).then(
      () => undefined,
      (e: unknown) => e as { code?: string; message?: string },
    );
    expect(err?.code).toBe('commander.invalidArgument');
    expect(err?.message).toContain(`Allowed choices are ${formatsFor('bench').join(', ')}`);
  });

  it('refuses, in the writer, a format that does not fit the report, or that nobody registered', async () => {
    await expect(renderReport('cyclonedx', findingsReport)).rejects.toThrow(UserError);
    const unfit = await refusal('spdx-json', findingsReport);
    expect(unfit.message).toBe('--format spdx-json does not fit compose lint');
    expect(unfit.hint).toBe(`use one of: ${formatsFor('findings').join(', ')}`);
    const unknown = await refusal('xml', findingsReport);
    expect(unknown.message).toBe('--format xml is not a format swarmguard writes');
  });

  it('renders a findings report: the text with what the command shows around it, the JSON with its extra data', async () => {
    const text = await renderReport('text', findingsReport);
    expect(text.startsWith('BEFORE\n')).toBe(true);
    expect(text.endsWith('AFTER\n')).toBe(true);
    const doc = JSON.parse(await renderReport('json', findingsReport)) as { stack?: string; findings?: unknown[] };
    expect(doc.stack).toBe('shop');
    expect(doc.findings).toEqual([]);
    expect(await renderReport('test-every', findingsReport)).toBe('findings\n');
  });

  it('renders an SBOM in each of its formats', async () => {
    const sbom: Report = {
      kind: 'sbom',
      inventory: {
        ref: 'app:1',
        packages: [{ type: 'npm', name: 'left-pad', version: '1.3.0', path: 'app/package-lock.json', purl: 'pkg:npm/left-pad@1.3.0' }],
        warnings: [],
        layers: [],
      },
      ctx: { ...ctx, command: 'sbom' },
    };
    const table = await renderReport('table', sbom);
    expect(table).toMatch(/^TYPE\s+NAME\s+VERSION\s+SOURCE\n/);
    expect(table).toMatch(/\nnpm\s+left-pad\s+1\.3\.0\s/);
    expect(table).toContain('1 package(s) (npm: 1) — OS unknown (no os-release)');
    expect((JSON.parse(await renderReport('json', sbom)) as { ref: string }).ref).toBe('app:1');
    expect((JSON.parse(await renderReport('spdx-json', sbom)) as { spdxVersion: string }).spdxVersion).toBe('SPDX-2.3');
  });
});
