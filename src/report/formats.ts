// The one writer for every `--format`, as trivy's report writer: a command builds a typed report (findings, an image
// scan, a benchmark run, an SBOM), and a format registered here once renders every kind of report it fits. A command
// offers exactly the formats that fit its kind (`formatsFor`), and a format that does not fit is refused with the
// list of those that do. Renderers of the heavier formats load only when chosen.
import { Registry } from '../core/registry.js';
import { UserError } from '../core/errors.js';
import type { Finding } from '../core/finding.js';
import type { Severity } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import type { BenchReport } from '../bench/runner.js';
import type { Inventory } from '../packages/types.js';
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

/** A CIS Docker Benchmark run (already in the reader's language). */
export interface BenchDocument {
  kind: 'bench';
  bench: BenchReport;
  ctx: ReportContext;
  /** The engine version the text names. */
  engine?: string;
  remediation?: boolean;
}

/** The package inventory of an image. */
export interface SbomDocument {
  kind: 'sbom';
  inventory: Inventory;
  ctx: ReportContext;
}

export type Report = FindingsReport | ScanDocument | BenchDocument | SbomDocument;
export type ReportKind = Report['kind'];
export const REPORT_KINDS: readonly ReportKind[] = ['findings', 'scan', 'bench', 'sbom'];
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
      const [{ benchFindings }, { benchRules }, { localizeFindings }, { currentLocale }] = await Promise.all([
        import('../bench/runner.js'),
        import('./bench-rules.js'),
        import('../i18n/findings.js'),
        import('../i18n/locale.js'),
      ]);
      return {
        findings: localizeFindings(benchFindings(report.bench), currentLocale()),
        ctx: { ...report.ctx, rules: benchRules(report.bench.benchmark) },
      };
    }
    case 'sbom':
      return undefined;
  }
}

/** A format that renders the findings of every kind of report it is given (SARIF, HTML, findings JSON). */
function findingsFormat(id: string, description: string, kinds: readonly ReportKind[], load: () => Promise<Reporter>): Format {
  const render = async (report: Report): Promise<string> => {
    const of = await findingsOf(report);
    if (of === undefined) throw new Error(`a ${report.kind} report has no findings`);
    return (await load()).render(of.findings, of.ctx);
  };
  return { id, description, renderers: Object.fromEntries(kinds.map((k) => [k, render])) };
}

/** The findings text or JSON of a findings report, with what the command shows around it or adds to it. */
async function findingsText(r: FindingsReport): Promise<string> {
  const { textReporter } = await import('./text.js');
  return `${r.before?.(r.ctx.styler) ?? ''}${textReporter.render(r.findings, r.ctx)}${r.after?.(r.ctx.styler) ?? ''}`;
}
async function findingsJson(r: FindingsReport): Promise<string> {
  const text = (await import('./json.js')).jsonReporter.render(r.findings, r.ctx);
  return r.extra ? `${JSON.stringify({ ...(JSON.parse(text) as Record<string, unknown>), ...r.extra }, null, 2)}\n` : text;
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

export const formats = new Registry<Format>('format').register(
  {
    id: 'text',
    description: 'for a person: findings by severity (bench: docker-bench lines)',
    renderers: {
      findings: findingsText,
      bench: async (r) =>
        (await import('../bench/text.js')).renderBenchText(r.bench, r.ctx.styler, {
          ...(r.remediation ? { remediation: true } : {}),
          ...(r.engine ? { engine: r.engine } : {}),
        }),
    },
  },
  {
    id: 'table',
    description: 'for a person: aligned tables',
    renderers: {
      scan: async (r) => {
        const [{ renderScanTable }, { localizeScanText }, { currentLocale }] = await Promise.all([
          import('../scan/table.js'),
          import('../i18n/scan.js'),
          import('../i18n/locale.js'),
        ]);
        return localizeScanText(
          renderScanTable(r.scan, r.ctx.styler, r.severities, { ...(r.showSuppressed ? { showSuppressed: true } : {}) }),
          currentLocale(),
        );
      },
      bench: async (r) => (await import('../bench/text.js')).renderBenchTable(r.bench, r.ctx.styler),
      sbom: async (r) => (await import('./sbom-table.js')).renderSbomTable(r.inventory, r.ctx.styler),
    },
  },
  {
    id: 'json',
    description: 'everything the table shows, as one JSON document',
    renderers: {
      findings: findingsJson,
      scan: async (r) => (await import('./scan-json.js')).renderScanJson(r.scan, r.ctx),
      bench: async (r) => {
        const [{ dockerBenchJson }, { inLocale }] = await Promise.all([import('../bench/runner.js'), import('../i18n/user-errors.js')]);
        return json(dockerBenchJson(r.bench, inLocale, { said: true }));
      },
      sbom: (r) => json(r.inventory),
    },
  },
  {
    id: 'docker-bench',
    description: "docker-bench-security's JSON log, with CIS 1.6.0 ids",
    renderers: {
      bench: async (r) => {
        const [{ dockerBenchJson }, { DOCKER_BENCH_NOTE }, { inLocale }] = await Promise.all([
          import('../bench/runner.js'),
          import('./bench-rules.js'),
          import('../i18n/user-errors.js'),
        ]);
        return json(dockerBenchJson({ ...r.bench, notes: [DOCKER_BENCH_NOTE, ...r.bench.notes] }, inLocale));
      },
    },
  },
  findingsFormat('sarif', 'SARIF 2.1.0, for code scanning', ['findings', 'scan', 'bench'], async () => (await import('./sarif.js')).sarifReporter),
  findingsFormat('findings', "swarmguard's findings JSON", ['bench'], async () => (await import('./json.js')).jsonReporter),
  findingsFormat('html', 'one self-contained HTML page', ['findings'], async () => (await import('./html.js')).htmlReporter),
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

/** The formats that fit a kind of report, in the order they were registered. */
export function formatsFor(kind: ReportKind): string[] {
  return formats
    .all()
    .filter((f) => f.renderers[kind] !== undefined)
    .map((f) => f.id);
}

/** The report in the chosen format; a format that does not fit this kind of report (or is unknown) is refused. */
export async function renderReport(formatId: string, report: Report): Promise<string> {
  const render = formats.get(formatId)?.renderers[report.kind] as Render<ReportKind> | undefined;
  if (render === undefined) {
    const fits = formatsFor(report.kind);
    const data = { format: formatId, command: report.ctx.command };
    throw new UserError(formats.has(formatId) ? reportMessages.say('report.format.unfit', data) : reportMessages.say('report.format.unknown', data), {
      hint: reportMessages.say('report.format.hint', { list: fits.join(', ') }),
      code: 'usage',
    });
  }
  return render(report);
}
