// `image scan --format json`: the common JSON report, plus what a scan adds — VEX-suppressed findings, the KEV/EPSS data used, the sort.
import type { ReportContext } from './reporter.js';
import { jsonReporter } from './json.js';
import { english } from '../core/message.js';
import { notScannedWarnings } from '../packages/incomplete.js';
import { riskScore } from '../scan/risk.js';
import type { ScanReport } from '../scan/scan.js';

/** The findings keep the scan's order under --sort risk (the common report sorts by severity), each with its risk score. */
export function renderScanJson(report: ScanReport, ctx: ReportContext): string {
  const doc = JSON.parse(jsonReporter.render(report.findings, ctx)) as Record<string, unknown>;
  const withRisk = (fs: ScanReport['findings']): unknown[] =>
    fs.map((f) => (f.vulnerability?.epss !== undefined || f.vulnerability?.kev !== undefined ? { ...f, risk: riskScore(f) } : f));
  if (report.sort === 'risk') doc.findings = withRisk(report.findings);
  else if (Array.isArray(doc.findings)) doc.findings = withRisk(doc.findings as ScanReport['findings']);
  return `${JSON.stringify(
    {
      ...doc,
      // false: part of the image was not read (listed in notScanned); the findings cover only the rest.
      complete: notScannedWarnings(report.inventory.warnings).length === 0,
      notScanned: notScannedWarnings(report.inventory.warnings).map((w) => english(w)),
      sort: report.sort,
      exploitation: report.exploitation,
      suppressed: report.suppressed,
    },
    null,
    2,
  )}\n`;
}
