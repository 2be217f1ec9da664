// `image scan` of several images: the images come from the batch reader (src/image/batch.ts), each is scanned, and
// the reports are rendered one after another with a summary table (or all of it as JSON).
import { UserError, errorMessage } from '../core/errors.js';
import type { Message } from '../core/message.js';
import type { Progress } from '../core/progress.js';
import type { Severity } from '../core/severity.js';
import type { Styler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { inLocale } from '../i18n/user-errors.js';
import { inventoryImages, swarmServiceImages } from '../image/batch.js';
import { notScannedWarnings } from '../packages/incomplete.js';
import type { Inventory } from '../packages/types.js';
import type { ScanReport } from './scan.js';
import { renderScanTable } from './table.js';

/** How `image scan` reads several images and scans each: the CLI gives the filters, this does the rest. */
export interface ScanManyOptions {
  refs: string[];
  stack?: string;
  services?: boolean;
  concurrency?: number;
  /** Scans one inventory (the vulnerability store is opened once by the caller). */
  scan: (inventory: Inventory) => ScanReport;
  format: 'table' | 'json';
  styler: Styler;
  severities: readonly Severity[];
  progress?: Progress;
}

export interface ScanManyResult {
  text: string;
  /** Findings over every image (after filters): the caller's --exit-code applies to them. */
  findings: number;
  /** Images that could not be read or scanned. */
  failed: number;
  /** Images read only in part (an analyzer's time budget, crash or cap): never clean. */
  incomplete: number;
}

/** Which images to scan: the references given, a stack's services' images, or every service's image. */
export async function scanTargets(o: Pick<ScanManyOptions, 'refs' | 'stack' | 'services'>): Promise<{ ref: string; services: string[] }[]> {
  const targets = new Map<string, string[]>();
  for (const r of o.refs) targets.set(r, []);
  if (o.stack !== undefined || o.services) {
    for (const s of await swarmServiceImages(o.stack)) targets.set(s.image, [...(targets.get(s.image) ?? []), s.service]);
  }
  if (targets.size === 0) throw new UserError('no image to scan', { hint: 'name images, or use --stack NAME or --services' });
  return [...targets].map(([ref, services]) => ({ ref, services }));
}

/** Scans several images: a report per image, then one summary table (or all of it as JSON). */
export async function scanMany(o: ScanManyOptions): Promise<ScanManyResult> {
  const targets = await scanTargets(o);
  o.progress?.total(targets.length);
  const batch = await inventoryImages(
    targets.map((t) => t.ref),
    { ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}), onProgress: (_done, _total, ref) => o.progress?.tick(1, ref) },
  );
  o.progress?.done();
  const rows: { ref: string; services: string[]; report?: ScanReport; error?: string; errorText?: Message }[] = batch.items.map((item, k) => {
    const services = targets[k]!.services;
    if (!item.inventory) return { ref: item.ref, services, error: item.error ?? 'not read', ...(item.errorText ? { errorText: item.errorText } : {}) };
    try {
      return { ref: item.ref, services, report: o.scan(item.inventory) };
    } catch (e) {
      return { ref: item.ref, services, error: errorMessage(e) };
    }
  });
  const count = (r: ScanReport, sev: Severity): number => r.findings.filter((f) => f.severity === sev).length;
  const findings = rows.reduce((n, r) => n + (r.report?.findings.length ?? 0), 0);
  const failed = rows.filter((r) => r.error !== undefined).length;
  const cut = (r: ScanReport): string[] => notScannedWarnings(r.inventory.warnings);
  const incomplete = rows.filter((r) => r.report && cut(r.report).length > 0).length;
  // Labels of the targets no advisory was checked for: their counts are "not covered", never a clean 0.
  const uncovered = (r: ScanReport): string[] => r.targets.filter((t) => !t.covered).map((t) => t.label);
  const nothingCovered = (r: ScanReport): boolean => r.targets.length > 0 && uncovered(r).length === r.targets.length;
  const notCovered = rows.filter((r) => r.report && uncovered(r.report).length > 0).length;
  const layers = {
    read: batch.layerReads.size,
    readMoreThanOnce: [...batch.layerReads.values()].filter((n) => n > 1).length,
    fromCache: batch.cacheHits,
    exports: batch.exports,
  };
  if (o.format === 'json') {
    const images = rows.map((r) => ({
      ref: r.ref,
      services: r.services,
      ...(r.report
        ? {
            imageId: r.report.inventory.imageId,
            os: r.report.inventory.os,
            packages: r.report.inventory.packages.length,
            counts: Object.fromEntries(o.severities.map((s) => [s, count(r.report!, s)])),
            covered: uncovered(r.report).length === 0,
            complete: cut(r.report).length === 0,
            ...(cut(r.report).length > 0 ? { notScanned: cut(r.report) } : {}),
            ...(uncovered(r.report).length > 0 ? { uncovered: uncovered(r.report) } : {}),
            findings: r.report.findings,
            notes: r.report.notes,
          }
        : { error: r.error }),
    }));
    return {
      text: `${JSON.stringify({ images, summary: { images: rows.length, failed, incomplete, notCovered, findings }, layers }, null, 2)}\n`,
      findings,
      failed,
      incomplete,
    };
  }
  const s = o.styler;
  const out: string[] = [];
  for (const r of rows) {
    if (r.report) {
      out.push(renderScanTable(r.report, s, o.severities).trimEnd());
      for (const n of r.report.notes) out.push(s.dim(`note: ${n}`));
    } else out.push(`${s.bold(r.ref)}\n\n${s.red(`error: ${r.errorText ? inLocale(r.errorText) : r.error}`)}`);
    out.push('');
  }
  const header = ['IMAGE', 'SERVICES', 'OS', 'PACKAGES', ...o.severities, 'TOTAL'];
  const table = rows.map((r) => {
    const svc = r.services.join(', ') || '-';
    if (!r.report) return [r.ref, svc, s.red('error'), '-', ...o.severities.map(() => '-'), '-'];
    const inv = r.report.inventory;
    return [
      r.ref,
      svc,
      inv.os ? `${inv.os.family} ${inv.os.version}` : '-',
      String(inv.packages.length),
      ...o.severities.map((sev) => (count(r.report!, sev) > 0 ? s.severity(sev, String(count(r.report!, sev))) : '0')),
      cut(r.report).length > 0
        ? s.red(`${r.report.findings.length}, not scanned`)
        : nothingCovered(r.report)
          ? s.yellow('not covered')
          : String(r.report.findings.length),
    ];
  });
  out.push(s.bold('Summary'));
  out.push(renderTable(header, table, { align: ['left', 'left', 'left', 'right', ...o.severities.map(() => 'right' as const), 'right'] }).trimEnd());
  out.push('');
  out.push(
    `${rows.length} image(s), ${findings} vulnerabilit${findings === 1 ? 'y' : 'ies'}${failed + incomplete ? `, ${s.red(`${failed + incomplete} not scanned`)}` : ''}${notCovered ? `, ${s.yellow(`${notCovered} not covered`)}` : ''}; ${layers.read} layer(s) read, ${layers.fromCache} from the cache, ${layers.exports} export(s)`,
  );
  return { text: `${out.join('\n')}\n`, findings, failed, incomplete };
}
