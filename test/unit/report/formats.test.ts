// The one writer for every --format: a format registered once is offered by every command whose report it fits, and
// by no other; a format that does not fit is refused with the list of those that do, by the writer and by the CLI.
import type { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../../src/cli/program.js';
import { UserError } from '../../../src/core/errors.js';
import { createStyler } from '../../../src/core/style.js';
import { setLocale } from '../../../src/i18n/locale.js';
import { formats, formatsFor, renderReport, REPORT_KINDS, type Format, type Report, type ReportKind } from '../../../src/report/formats.js';
import { cutShort } from '../../../src/packages/incomplete.js';
import { packagesMessages } from '../../../src/packages/messages.js';

/** The commands that write a report, with the kind of report each builds (or the kinds its flags choose between). */
const COMMANDS: Record<string, ReportKind | ReportKind[]> = {
  'compose lint': 'findings',
  'image lint': 'findings',
  'host check': 'findings',
  'swarm audit': 'findings',
  audit: 'findings',
  'network check': 'findings',
  'network diagnose': 'findings',
  'stack verify': 'findings',
  // One image, several (named, --stack, --services), or every node's (--all-nodes).
  'image scan': ['scan', 'images', 'node-scan'],
  'image diff': 'diff',
  // One host, every node (--all-nodes), or two benchmark versions (--compare-cis).
  bench: ['bench', 'bench-nodes', 'bench-compare'],
  sbom: 'sbom',
  // One image, or each service of a stack file or a deployed stack.
  'policy check': 'policy',
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
    // Every kind of report is built by some command, and the test format fits each of them.
    expect(new Set(Object.values(COMMANDS).flat())).toEqual(new Set(REPORT_KINDS));
    for (const kind of REPORT_KINDS) expect(formatsFor(kind), kind).toContain('test-every');
  });

  it("keeps each command's formats and default", () => {
    const real = (kind: ReportKind) => formatsFor(kind).filter((f) => !f.startsWith('test-'));
    expect(real('findings')).toEqual(['text', 'json', 'sarif', 'html']);
    expect(real('scan')).toEqual(['table', 'json', 'sarif', 'cyclonedx', 'openvex']);
    expect(real('bench')).toEqual(['text', 'table', 'json', 'docker-bench', 'sarif', 'findings']);
    expect(real('sbom')).toEqual(['table', 'json', 'cyclonedx', 'spdx-json']);
    expect(real('images')).toEqual(['table', 'json']);
    expect(real('node-scan')).toEqual(['table', 'json']);
    expect(real('diff')).toEqual(['table', 'json']);
    expect(real('bench-nodes')).toEqual(['text', 'table', 'json']);
    expect(real('bench-compare')).toEqual(['text', 'table', 'json']);
    expect(real('policy')).toEqual(['table', 'json', 'sarif']);
    const defaults: Record<string, string> = { 'image scan': 'table', 'image diff': 'table', sbom: 'table', 'policy check': 'table' };
    for (const path of Object.keys(COMMANDS))
      expect(commandAt(program, path).options.find((o) => o.long === '--format')?.defaultValue, path).toBe(defaults[path] ?? 'text');
    // -o everywhere a report is written.
    for (const path of Object.keys(COMMANDS))
      expect(
        commandAt(program, path).options.some((o) => o.long === '--output'),
        path,
      ).toBe(true);
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
    expect(JSON.parse(await renderReport('json', sbom))).toMatchObject({ ref: 'app:1', warnings: [], complete: true });
    // JSON is English: a warning as its text, and whether part of the image was not read.
    const cut = { ...sbom, inventory: { ...sbom.inventory, warnings: [cutShort(packagesMessages.say('packages.run.stopped', { count: 2 }))] } };
    expect(JSON.parse(await renderReport('json', cut))).toMatchObject({ warnings: ['not scanned: 2 file(s) not read: the scan was stopped'], complete: false });
    expect((JSON.parse(await renderReport('spdx-json', sbom)) as { spdxVersion: string }).spdxVersion).toBe('SPDX-2.3');
  });
});

describe('the commands whose flags choose their report', () => {
  const stderr: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    stderr.length = 0;
    process.exitCode = undefined;
    setLocale('en');
  });

  /** Runs the command in this process and returns its exit code and what it wrote on stderr. */
  async function run(...args: string[]): Promise<{ code: number | undefined; stderr: string }> {
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    const p = await buildProgram(['node', 'swarmguard', ...args], {});
    p.exitOverride();
    p.configureOutput({ writeErr: (t) => stderr.push(t), writeOut: () => undefined });
    await p.parseAsync(['node', 'swarmguard', ...args]).catch((e: unknown) => stderr.push(String((e as Error).message)));
    return { code: process.exitCode === undefined ? undefined : Number(process.exitCode), stderr: stderr.join('') };
  }

  it('refuses a format that fits one image but not several, before any image is read, naming the ones that do', async () => {
    // No engine is asked: the images named need not exist.
    const r = await run('image', 'scan', 'sg-none-a:1', 'sg-none-b:1', '--format', 'cyclonedx', '--db', '/nonexistent/vuln.db');
    expect(r.stderr).toContain('--format cyclonedx does not fit image scan of several images');
    expect(r.stderr).toContain(`use one of: ${formatsFor('images').join(', ')}`);
    expect(r.code).toBe(2);
  });

  it('refuses, in Japanese too, a format that does not fit bench --all-nodes or --compare-cis', async () => {
    const nodes = await run('bench', '--all-nodes', '--format', 'sarif');
    expect(nodes.stderr).toContain('--format sarif does not fit bench --all-nodes');
    expect(nodes.stderr).toContain(`use one of: ${formatsFor('bench-nodes').join(', ')}`);
    const compare = await run('--lang', 'ja', 'bench', '--compare-cis', '1.6.0', '1.8.0', '--format', 'docker-bench');
    expect(compare.stderr).toContain('--format docker-bench は bench --compare-cis（CIS のバージョン比較） には使えません');
    expect(compare.stderr).toContain(`次のいずれかを指定してください: ${formatsFor('bench-compare').join(', ')}`);
    expect(compare.code).toBe(2);
  });

  it('image diff offers the formats of a diff only, and -o', async () => {
    const r = await run('image', 'diff', 'a:1', 'b:1', '--format', 'sarif');
    expect(r.stderr).toContain(`Allowed choices are ${formatsFor('diff').join(', ')}`);
  });
});

describe('the reports of several images, every node, a diff and a benchmark comparison', () => {
  const images: Report = {
    kind: 'images',
    result: {
      rows: [{ ref: 'gone:1', services: [], error: { id: '', en: 'not on this engine: pull or build it first', data: {} } }],
      findings: 0,
      failed: 1,
      incomplete: 0,
      notCovered: 0,
      layers: { read: 0, readMoreThanOnce: 0, fromCache: 0, exports: 0 },
    },
    ctx: { ...ctx, command: 'image scan' },
    severities: ['CRITICAL', 'HIGH'],
  };
  const benchNodes: Report = {
    kind: 'bench-nodes',
    benchmark: '1.8.0',
    outcomes: [
      { nodeId: 'n1', hostname: 'node-1', log: { score: 3, tests: [{ id: '1', results: [{ id: '1.1.1', result: 'WARN' }] }] } },
      { nodeId: 'n2', hostname: 'node-2', error: 'task failed' },
    ],
    ctx: { ...ctx, command: 'bench --all-nodes' },
  };
  const compare: Report = {
    kind: 'bench-compare',
    from: '1.6.0',
    to: '1.8.0',
    node: 'node-1',
    rows: [
      {
        check: '1.1.1',
        from: { id: '1.1.1', title: 'T', verdict: 'PASS', automated: true, level: 1 },
        to: { id: '1.1.1', title: 'T', verdict: 'WARN', automated: true, level: 1 },
        changes: ['verdict'],
      },
    ],
    ctx: { ...ctx, command: 'bench --compare-cis' },
  };

  it('several images: the summary table, and JSON with every image and its error', async () => {
    const table = await renderReport('table', images);
    expect(table).toContain('error: not on this engine: pull or build it first');
    expect(table).toMatch(/^1 image\(s\), 0 vulnerabilities, 1 not scanned; 0 layer\(s\) read/m);
    const doc = JSON.parse(await renderReport('json', images)) as { images: { ref: string; error?: string }[]; summary: { failed: number } };
    expect(doc.images).toEqual([{ ref: 'gone:1', services: [], error: 'not on this engine: pull or build it first' }]);
    expect(doc.summary.failed).toBe(1);
  });

  it('bench --all-nodes: the check × node matrix, the failed node, and JSON of every node', async () => {
    const text = await renderReport('text', benchNodes);
    expect(text).toMatch(/^CHECK\s+node-1$/m);
    expect(text).toMatch(/^1\.1\.1\s+WARN$/m);
    expect(text).toContain('node-2: task failed');
    expect(text.trimEnd().split('\n').at(-1)).toBe('1 of 2 node(s) benchmarked');
    expect(await renderReport('table', benchNodes)).toBe(text);
    const doc = JSON.parse(await renderReport('json', benchNodes)) as { benchmark: string; nodes: { hostname: string }[] };
    expect(doc.benchmark).toBe('1.8.0');
    expect(doc.nodes.map((n) => n.hostname)).toEqual(['node-1', 'node-2']);
  });

  it('bench --compare-cis: the requirements that change, and JSON of every requirement', async () => {
    expect(await renderReport('text', compare)).toMatch(/1 of 1 recommendation\(s\) change/);
    const doc = JSON.parse(await renderReport('json', compare)) as { from: string; to: string; requirements: unknown[] };
    expect([doc.from, doc.to, doc.requirements.length]).toEqual(['1.6.0', '1.8.0', 1]);
  });
});
