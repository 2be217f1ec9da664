// The one writer for every `--format`, as trivy's report writer: a command builds a typed report (findings, an image
// scan, a benchmark run, an SBOM), and a format registered here once renders every kind of report it fits. A command
// offers exactly the formats that fit its kind (`formatsFor`), and a format that does not fit is refused with the
// list of those that do. Renderers of the heavier formats load only when chosen.
import { Registry } from '../core/registry.js';
import { UserError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import { english, type MessageValue } from '../core/message.js';
import type { NodeOutcome } from '../bench/all-nodes.js';
import type { CisVersion } from '../bench/catalogue.js';
import type { BenchReport, CisComparison } from '../bench/runner.js';
import type { Inventory } from '../packages/types.js';
import type { PolicyResult } from '../policy/evaluate.js';
import type { DiffReport } from '../scan/diff.js';
import type { ScanManyResult } from '../scan/many.js';
import type { NodeScanResult } from '../scan/node-scan.js';
import type { ScanReport } from '../scan/scan.js';
import { reportMessages } from './messages.js';
import type { Reporter, ReportContext } from './reporter.js';

/** Findings of checks or rules (lint, audit, host and network checks, stack verify), with what the text shows around them. */
export interface FindingsReport {
  kind: 'findings';
  findings: readonly Finding[];
  ctx: ReportContext;
  /** Command data the JSON document carries besides the findings (every probe pair of `stack verify`). */
  extra?: Record<string, unknown>;
  /** Text format only: what the command shows before the findings (a table of networks) and after them (a summary). */
  before?: (s: Styler) => string;
  after?: (s: Styler) => string;
}

/** `image scan` of one image. */
export interface ScanDocument {
  kind: 'scan';
  scan: ScanReport;
  ctx: ReportContext;
  /** The severities the table shows. */
  severities: readonly Severity[];
  showSuppressed?: boolean;
}

/** `image scan` of several images (named, a stack's, or every service's). */
export interface ImagesDocument {
  kind: 'images';
  result: ScanManyResult;
  ctx: ReportContext;
  severities: readonly Severity[];
}

/** `image scan --all-nodes`: the images of every node, merged per content. */
export interface NodeScanDocument {
  kind: 'node-scan';
  result: NodeScanResult;
  ctx: ReportContext;
  severities: readonly Severity[];
}

/** `image diff`: what image B fixes and adds compared with image A, with both scans (their notes). */
export interface DiffDocument {
  kind: 'diff';
  diff: DiffReport;
  a: ScanReport;
  b: ScanReport;
  ctx: ReportContext;
  severities: readonly Severity[];
}

/** A CIS Docker Benchmark run, in English: the human formats say it in the reader's language, the machine formats keep it. */
export interface BenchDocument {
  kind: 'bench';
  bench: BenchReport;
  ctx: ReportContext;
  /** The engine version the text names. */
  engine?: string;
  remediation?: boolean;
}

/** `bench --all-nodes`: each node's docker-bench JSON log, or why it has none. */
export interface BenchNodesDocument {
  kind: 'bench-nodes';
  benchmark: CisVersion;
  outcomes: readonly NodeOutcome[];
  ctx: ReportContext;
}

/** `bench --compare-cis FROM TO`: both versions on the same facts, requirement by requirement. */
export interface BenchCompareDocument {
  kind: 'bench-compare';
  from: CisVersion;
  to: CisVersion;
  node: string;
  rootless?: boolean;
  rows: readonly CisComparison[];
  ctx: ReportContext;
}

/** The package inventory of an image. */
export interface SbomDocument {
  kind: 'sbom';
  inventory: Inventory;
  ctx: ReportContext;
}

/** What `policy check` decided: one result per image (or per service of a stack). */
export interface PolicyDocument {
  kind: 'policy';
  results: readonly PolicyResult[];
  ctx: ReportContext;
}

export type Report =
  | FindingsReport
  | ScanDocument
  | ImagesDocument
  | NodeScanDocument
  | DiffDocument
  | BenchDocument
  | BenchNodesDocument
  | BenchCompareDocument
  | SbomDocument
  | PolicyDocument;
export type ReportKind = Report['kind'];
export const REPORT_KINDS: readonly ReportKind[] = [
  'findings',
  'scan',
  'images',
  'node-scan',
  'diff',
  'bench',
  'bench-nodes',
  'bench-compare',
  'sbom',
  'policy',
];
type ReportOf<K extends ReportKind> = Extract<Report, { kind: K }>;
type Render<K extends ReportKind> = (report: ReportOf<K>) => string | Promise<string>;
export type Renderers = { [K in ReportKind]?: Render<K> };

/** An output format: its id (`--format ID`), what it is, and how it renders each kind of report it fits. */
export interface Format {
  readonly id: string;
  readonly description: string;
  readonly renderers: Renderers;
}

/** What a kind of report that has findings gives a findings format: its findings and their context. */
async function findingsOf(report: Report): Promise<{ findings: readonly Finding[]; ctx: ReportContext } | undefined> {
  switch (report.kind) {
    case 'findings':
      return { findings: report.findings, ctx: report.ctx };
    case 'scan':
      return { findings: report.scan.findings, ctx: report.ctx };
    case 'bench': {
      const [{ benchFindings }, { benchRules }] = await Promise.all([import('../bench/runner.js'), import('./bench-rules.js')]);
      return { findings: benchFindings(report.bench), ctx: { ...report.ctx, rules: benchRules(report.bench.benchmark) } };
    }
    case 'policy': {
      const { policyFindings, policyRules } = await import('./policy.js');
      return {
        findings: policyFindings(report.results),
        ctx: { ...report.ctx, scanned: report.results.map((r) => r.image), rules: policyRules(report.results) },
      };
    }
    default:
      return undefined;
  }
}

/**
 * Findings and notes in the reader's language, for the formats a person reads (text, HTML); the machine formats
 * (JSON, SARIF, CycloneDX, docker-bench JSON) keep the English whatever --lang says.
 */
async function said(findings: readonly Finding[], ctx: ReportContext): Promise<{ findings: Finding[]; ctx: ReportContext }> {
  const [{ localizeFindings }, { localizeNotes }, { currentLocale }] = await Promise.all([
    import('../i18n/findings.js'),
    import('../i18n/notes.js'),
    import('../i18n/locale.js'),
  ]);
  const locale = currentLocale();
  return { findings: localizeFindings(findings, locale), ctx: ctx.notes ? { ...ctx, notes: localizeNotes(ctx.notes, locale) } : ctx };
}

/** A benchmark run with its remediations and notes in the reader's language (what the checks saw is said at the printer). */
async function benchSaid(bench: BenchReport): Promise<BenchReport> {
  const [{ localizeBenchReport }, { currentLocale }] = await Promise.all([import('../i18n/bench.js'), import('../i18n/locale.js')]);
  return localizeBenchReport(bench, currentLocale());
}

/** A format that renders the findings of every kind of report it is given (SARIF, HTML, findings JSON); `human`: in the reader's language. */
function findingsFormat(id: string, description: string, kinds: readonly ReportKind[], load: () => Promise<Reporter>, human = false): Format {
  const render = async (report: Report): Promise<string> => {
    const of = await findingsOf(report);
    if (of === undefined) throw new Error(`a ${report.kind} report has no findings`);
    const shown = human ? await said(of.findings, of.ctx) : of;
    return (await load()).render(shown.findings, shown.ctx);
  };
  return { id, description, renderers: Object.fromEntries(kinds.map((k) => [k, render])) };
}

/** The findings text or JSON of a findings report, with what the command shows around it or adds to it. */
async function findingsText(r: FindingsReport): Promise<string> {
  const [{ textReporter }, shown] = await Promise.all([import('./text.js'), said(r.findings, r.ctx)]);
  return `${r.before?.(r.ctx.styler) ?? ''}${textReporter.render(shown.findings, shown.ctx)}${r.after?.(r.ctx.styler) ?? ''}`;
}
async function findingsJson(r: FindingsReport): Promise<string> {
  const text = (await import('./json.js')).jsonReporter.render(r.findings, r.ctx);
  return r.extra ? `${JSON.stringify({ ...(JSON.parse(text) as Record<string, unknown>), ...r.extra }, null, 2)}\n` : text;
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

/** The printers of the kinds a command chooses by its flags (several images, every node, a diff, a comparison). */
const nodeScanTable = async (r: NodeScanDocument): Promise<string> => {
  const [{ renderNodeScan }, { inLocale }] = await Promise.all([import('../scan/node-scan.js'), import('../i18n/user-errors.js')]);
  return renderNodeScan(r.result, r.ctx.styler, r.severities, inLocale);
};
const benchNodesText = async (r: BenchNodesDocument): Promise<string> => (await import('./bench-nodes.js')).renderBenchNodes(r.outcomes, r.ctx.styler);
const benchCompareText = async (r: BenchCompareDocument): Promise<string> =>
  (await import('../bench/text.js')).renderCisComparison(r.rows, r.from, r.to, r.ctx.styler);

export const formats = new Registry<Format>('format').register(
  {
    id: 'text',
    description: 'for a person: findings by severity (bench: docker-bench lines)',
    renderers: {
      findings: findingsText,
      bench: async (r) =>
        (await import('../bench/text.js')).renderBenchText(await benchSaid(r.bench), r.ctx.styler, {
          ...(r.remediation ? { remediation: true } : {}),
          ...(r.engine ? { engine: r.engine } : {}),
        }),
      'bench-nodes': benchNodesText,
      'bench-compare': benchCompareText,
    },
  },
  {
    id: 'table',
    description: 'for a person: aligned tables',
    renderers: {
      scan: async (r) =>
        (await import('../scan/table.js')).renderScanTable(r.scan, r.ctx.styler, r.severities, { ...(r.showSuppressed ? { showSuppressed: true } : {}) }),
      images: async (r) => (await import('../scan/many.js')).renderScanManyTable(r.result, r.ctx.styler, r.severities),
      'node-scan': nodeScanTable,
      diff: async (r) => (await import('../scan/diff-table.js')).renderDiffTable(r.diff, r.a, r.b, r.ctx.styler, r.severities),
      bench: async (r) => (await import('../bench/text.js')).renderBenchTable(await benchSaid(r.bench), r.ctx.styler),
      'bench-nodes': benchNodesText,
      'bench-compare': benchCompareText,
      sbom: async (r) => (await import('./sbom-table.js')).renderSbomTable(r.inventory, r.ctx.styler),
      policy: async (r) => (await import('./policy.js')).renderPolicyTable(r.results, r.ctx.styler),
    },
  },
  {
    id: 'json',
    description: 'everything the table shows, as one JSON document',
    renderers: {
      findings: findingsJson,
      scan: async (r) => (await import('./scan-json.js')).renderScanJson(r.scan, r.ctx),
      images: async (r) => (await import('../scan/many.js')).scanManyJson(r.result, r.severities),
      'node-scan': async (r) => json((await import('../scan/node-scan.js')).nodeScanJson(r.result, r.severities)),
      diff: (r) => json(r.diff),
      bench: async (r) => json((await import('../bench/runner.js')).dockerBenchJson(r.bench, undefined, { said: true })),
      'bench-nodes': (r) => json({ benchmark: r.benchmark, nodes: r.outcomes }),
      'bench-compare': (r) => json({ from: r.from, to: r.to, node: r.node, ...(r.rootless ? { rootless: true } : {}), requirements: r.rows }),
      // Machine formats are English: each warning as its English, and whether part of the image was not read.
      sbom: (r) => json({ ...r.inventory, warnings: r.inventory.warnings.map((w) => english(w)), complete: !r.inventory.warnings.some((w) => w.cut) }),
      policy: async (r) => (await import('./policy.js')).renderPolicyJson(r.results),
    },
  },
  {
    id: 'docker-bench',
    description: "docker-bench-security's JSON log, with CIS 1.6.0 ids",
    renderers: {
      bench: async (r) => {
        const [{ dockerBenchJson }, { DOCKER_BENCH_NOTE }] = await Promise.all([import('../bench/runner.js'), import('./bench-rules.js')]);
        return json(dockerBenchJson({ ...r.bench, notes: [DOCKER_BENCH_NOTE, ...r.bench.notes] }));
      },
    },
  },
  findingsFormat('sarif', 'SARIF 2.1.0, for code scanning', ['findings', 'scan', 'bench', 'policy'], async () => (await import('./sarif.js')).sarifReporter),
  findingsFormat('findings', "swarmguard's findings JSON", ['bench'], async () => (await import('./json.js')).jsonReporter),
  findingsFormat('html', 'one self-contained HTML page', ['findings'], async () => (await import('./html.js')).htmlReporter, true),
  {
    id: 'cyclonedx',
    description: 'CycloneDX 1.5 JSON (an image scan: with its vulnerabilities)',
    renderers: {
      scan: async (r) => (await import('../scan/cyclonedx.js')).renderCycloneDx(r.scan, r.ctx.toolVersion),
      sbom: async (r) => (await import('../image/cyclonedx.js')).inventoryToCycloneDx(r.inventory),
    },
  },
  {
    id: 'spdx-json',
    description: 'SPDX 2.3 JSON',
    renderers: { sbom: async (r) => (await import('../packages/spdx.js')).inventoryToSpdx(r.inventory, { toolVersion: r.ctx.toolVersion }) },
  },
  {
    id: 'openvex',
    description: 'OpenVEX statements for the findings',
    renderers: { scan: async (r) => (await import('../scan/openvex.js')).renderOpenVex(r.scan, r.ctx.toolVersion) },
  },
);

/**
 * The formats that fit a kind of report, in the order they were registered; given several kinds (a command whose
 * flags choose its report: one image or several), those that fit any of them.
 */
export function formatsFor(kinds: ReportKind | readonly ReportKind[]): string[] {
  const wanted: readonly ReportKind[] = typeof kinds === 'string' ? [kinds] : kinds;
  return formats
    .all()
    .filter((f) => wanted.some((k) => f.renderers[k] !== undefined))
    .map((f) => f.id);
}

/** What the refusal of a format names: the command, or the kind of report where the command alone does not say it. */
function kindLabel(kind: ReportKind, command: string): MessageValue {
  switch (kind) {
    case 'images':
      return reportMessages.say('report.kind.images');
    case 'node-scan':
      return reportMessages.say('report.kind.nodeScan');
    case 'bench-nodes':
      return reportMessages.say('report.kind.benchNodes');
    case 'bench-compare':
      return reportMessages.say('report.kind.benchCompare');
    default:
      return command;
  }
}

/** Refuses a format that does not fit this kind of report (or that nobody registered), naming the formats that do. */
export function assertFormatFits(formatId: string, kind: ReportKind, command: string): void {
  if (formats.get(formatId)?.renderers[kind] !== undefined) return;
  const data = { format: formatId, command: kindLabel(kind, command) };
  throw new UserError(formats.has(formatId) ? reportMessages.say('report.format.unfit', data) : reportMessages.say('report.format.unknown', data), {
    hint: reportMessages.say('report.format.hint', { list: formatsFor(kind).join(', ') }),
    code: 'usage',
  });
}

/** The report in the chosen format; a format that does not fit this kind of report (or is unknown) is refused. */
export async function renderReport(formatId: string, report: Report): Promise<string> {
  assertFormatFits(formatId, report.kind, report.ctx.command);
  const render = formats.get(formatId)?.renderers[report.kind] as Render<ReportKind>;
  return render(report);
}
