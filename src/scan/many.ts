// `image scan` of several images: the images come from the batch reader (src/image/batch.ts), each is scanned, and
// the result is a typed report the format registry renders: the reports one after another with a summary table, or
// all of it as JSON.
import { UserError, messageOf } from '../core/errors.js';
import { english, type Message } from '../core/message.js';
import type { Progress } from '../core/progress.js';
import type { Severity } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { inventoryImages, swarmServiceImages } from '../image/batch.js';
import { notScannedWarnings } from '../packages/incomplete.js';
import type { Inventory, InventoryWarning } from '../packages/types.js';
import type { ScanReport } from './scan.js';
import { scanMessages } from './messages.js';
import { renderScanTable } from './table.js';
import { inLocale } from '../i18n/user-errors.js';

/** How `image scan` reads several images and scans each: the CLI gives the filters, this does the rest. */
export interface ScanManyOptions {
  refs: string[];
  stack?: string;
  services?: boolean;
  concurrency?: number;
  /** Scans one inventory (the vulnerability store is opened once by the caller). */
  scan: (inventory: Inventory) => ScanReport;
  progress?: Progress;
}

/** One image of several: its report, or why it was not read or scanned. */
export type ManyRow = { ref: string; services: string[] } & ({ report: ScanReport; error?: undefined } | { report?: undefined; error: Message });

export interface ScanManyResult {
  rows: ManyRow[];
  /** Findings over every image (after filters): the caller's --exit-code applies to them. */
  findings: number;
  /** Images that could not be read or scanned. */
  failed: number;
  /** Images read only in part (an analyzer's time budget, crash or cap): never clean. */
  incomplete: number;
  /** Images with a target no advisory was checked for. */
  notCovered: number;
  layers: { read: number; readMoreThanOnce: number; fromCache: number; exports: number };
}

/** Which images to scan: the references given, a stack's services' images, or every service's image. */
export async function scanTargets(o: Pick<ScanManyOptions, 'refs' | 'stack' | 'services'>): Promise<{ ref: string; services: string[] }[]> {
  const targets = new Map<string, string[]>();
  for (const r of o.refs) targets.set(r, []);
  if (o.stack !== undefined || o.services) {
    for (const s of await swarmServiceImages(o.stack)) targets.set(s.image, [...(targets.get(s.image) ?? []), s.service]);
  }
  if (targets.size === 0) throw new UserError(scanMessages.say('scan.args.none'), { hint: scanMessages.say('scan.args.none.hint') });
  return [...targets].map(([ref, services]) => ({ ref, services }));
}

const count = (r: ScanReport, sev: Severity): number => r.findings.filter((f) => f.severity === sev).length;
const cut = (r: ScanReport): InventoryWarning[] => notScannedWarnings(r.inventory.warnings);
// Labels of the targets no advisory was checked for: their counts are "not covered", never a clean 0.
const uncovered = (r: ScanReport): string[] => r.targets.filter((t) => !t.covered).map((t) => t.label);
const nothingCovered = (r: ScanReport): boolean => r.targets.length > 0 && uncovered(r).length === r.targets.length;

/** Scans several images: a report per image, and the counts over all of them. */
export async function scanMany(o: ScanManyOptions): Promise<ScanManyResult> {
  const targets = await scanTargets(o);
  o.progress?.total(targets.length);
  const batch = await inventoryImages(
    targets.map((t) => t.ref),
    { ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), onProgress: (_done, _total, ref) => o.progress?.tick(1, ref) },
  );
  o.progress?.done();
  const rows: ManyRow[] = batch.items.map((item, k) => {
    const services = targets[k]!.services;
    if (item.error) return { ref: item.ref, services, error: item.error };
    try {
      return { ref: item.ref, services, report: o.scan(item.inventory) };
    } catch (e) {
      return { ref: item.ref, services, error: messageOf(e) };
    }
  });
  return {
    rows,
    findings: rows.reduce((n, r) => n + (r.report?.findings.length ?? 0), 0),
    failed: rows.filter((r) => r.error !== undefined).length,
    incomplete: rows.filter((r) => r.report && cut(r.report).length > 0).length,
    notCovered: rows.filter((r) => r.report && uncovered(r.report).length > 0).length,
    layers: {
      read: batch.layerReads.size,
      readMoreThanOnce: [...batch.layerReads.values()].filter((n) => n > 1).length,
      fromCache: batch.cacheHits,
      exports: batch.exports,
    },
  };
}

/** Everything the table shows, as one JSON document (English: a machine format). */
export function scanManyJson(r: ScanManyResult, severities: readonly Severity[]): string {
  const images = r.rows.map((row) => ({
    ref: row.ref,
    services: row.services,
    ...(row.report
      ? {
          imageId: row.report.inventory.imageId,
          os: row.report.inventory.os,
          packages: row.report.inventory.packages.length,
          counts: Object.fromEntries(severities.map((s) => [s, count(row.report, s)])),
          covered: uncovered(row.report).length === 0,
          complete: cut(row.report).length === 0,
          ...(cut(row.report).length > 0 ? { notScanned: cut(row.report).map((w) => english(w)) } : {}),
          ...(uncovered(row.report).length > 0 ? { uncovered: uncovered(row.report) } : {}),
          findings: row.report.findings,
          notes: row.report.notes,
        }
      : { error: english(row.error) }),
  }));
  const summary = { images: r.rows.length, failed: r.failed, incomplete: r.incomplete, notCovered: r.notCovered, findings: r.findings };
  return `${JSON.stringify({ images, summary, layers: r.layers }, null, 2)}\n`;
}

/** The reports one after another, then one summary table and line, in the reader's language. */
export function renderScanManyTable(r: ScanManyResult, s: Styler, severities: readonly Severity[]): string {
  const say = (m: Message): string => inLocale(m);
  const out: string[] = [];
  for (const row of r.rows) {
    // The report's table ends with its notes.
    if (row.report) out.push(renderScanTable(row.report, s, severities).trimEnd());
    else out.push(`${s.bold(row.ref)}\n\n${s.red(say(scanMessages.say('scan.line.error', { error: row.error })))}`);
    out.push('');
  }
  const col = (id: 'scan.col.image' | 'scan.col.services' | 'scan.col.os' | 'scan.col.packages' | 'scan.col.total'): string => say(scanMessages.say(id));
  const header = [col('scan.col.image'), col('scan.col.services'), col('scan.col.os'), col('scan.col.packages'), ...severities, col('scan.col.total')];
  const table = r.rows.map((row) => {
    const svc = row.services.join(', ') || '-';
    if (!row.report) return [row.ref, svc, s.red(say(scanMessages.say('scan.cell.error'))), '-', ...severities.map(() => '-'), '-'];
    const inv = row.report.inventory;
    return [
      row.ref,
      svc,
      inv.os ? `${inv.os.family} ${inv.os.version}` : '-',
      String(inv.packages.length),
      ...severities.map((sev) => (count(row.report, sev) > 0 ? s.severity(sev, String(count(row.report, sev))) : '0')),
      cut(row.report).length > 0
        ? s.red(say(scanMessages.say('scan.cell.notScanned', { count: row.report.findings.length })))
        : nothingCovered(row.report)
          ? s.yellow(say(scanMessages.say('scan.cell.notCovered')))
          : String(row.report.findings.length),
    ];
  });
  out.push(s.bold(say(scanMessages.say('scan.many.title'))));
  out.push(renderTable(header, table, { align: ['left', 'left', 'left', 'right', ...severities.map(() => 'right' as const), 'right'] }).trimEnd());
  out.push('');
  const notScanned = r.failed + r.incomplete;
  const more = (part: string): string => say(scanMessages.say('scan.many.more', { part }));
  out.push(
    say(
      scanMessages.say('scan.many.summary', {
        images: r.rows.length,
        vulnerabilities: scanMessages.say(r.findings === 1 ? 'scan.many.vulnerability' : 'scan.many.vulnerabilities', { count: r.findings }),
        notScanned: notScanned > 0 ? more(s.red(say(scanMessages.say('scan.many.notScanned', { count: notScanned })))) : '',
        notCovered: r.notCovered > 0 ? more(s.yellow(say(scanMessages.say('scan.many.notCovered', { count: r.notCovered })))) : '',
        read: r.layers.read,
        cached: r.layers.fromCache,
        exports: r.layers.exports,
      }),
    ),
  );
  return `${out.join('\n')}\n`;
}
