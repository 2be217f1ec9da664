// The English of what a scan says, by id: the KEV marker, the VEX status, the notes, and the lines the printers of
// the scan table, the image diff and the summary of several images write (totals, "not covered", notes, caveats,
// errors). src/i18n/ja/policy.ts (KEV, VEX) and src/i18n/ja/scan.ts (the printed lines) say them in Japanese; the
// table keeps trivy's column names and values.
import { defineMessages } from '../core/message.js';

export const scanMessages = defineMessages({
  'scan.kev.listed': 'yes',
  'scan.kev.ransomware': 'ransomware',
  'scan.note.noExploitation':
    'the database holds no KEV catalogue or EPSS scores: import them (`swarmguard db import known_exploited_vulnerabilities.json epss_scores-YYYY-MM-DD.csv.gz`) to rank and filter by them',
  'scan.note.vexSuppressed': '{n} finding(s) suppressed by VEX (not_affected or fixed); --show-suppressed lists them',
  'scan.status.underInvestigation': 'under investigation (VEX)',
  // The scan table.
  'scan.table.total': 'Total: {count} ({parts})',
  'scan.table.notCovered': 'Total: not covered (no advisories were checked for these packages)',
  'scan.table.noPackages': 'no packages found in the image',
  'scan.table.notScanned': 'Not scanned: {count} part(s) of the image were not read; the totals below cover only the rest',
  // Lines every printer of a scan writes.
  'scan.line.note': 'note: {note}',
  'scan.line.noteLabel': 'note:',
  'scan.line.caveat': 'caveat: {caveat}',
  'scan.line.error': 'error: {error}',
  'scan.image.notScanned': 'not scanned: {count} part(s) of {ref} were not read',
  'scan.image.notCovered': 'not covered: {targets} (--fail-on-uncovered)',
  // One image's count in a summary: nothing checked, everything checked, or part of it.
  'scan.count.notCovered': 'not covered',
  'scan.count.all': '{count} vulnerabilities',
  'scan.count.part': '{count} vulnerabilities (not covered: {targets})',
  // `image diff`.
  'scan.diff.compared': '{b} compared with {a}',
  'scan.diff.side': '{side}: {count}',
  'scan.diff.note': 'note: {ref}: {target}: {note}',
  // The summary of several images.
  // the columns and cells of the summary tables (several images, all nodes, a diff)
  'scan.col.image': 'IMAGE',
  'scan.col.services': 'SERVICES',
  'scan.col.os': 'OS',
  'scan.col.packages': 'PACKAGES',
  'scan.col.total': 'TOTAL',
  'scan.col.severity': 'SEVERITY',
  'scan.col.fixedIn': 'FIXED IN {ref}',
  'scan.col.addedIn': 'ADDED IN {ref}',
  'scan.col.inBoth': 'IN BOTH',
  'scan.cell.error': 'error',
  'scan.cell.notScanned': '{count}, not scanned',
  'scan.cell.notCovered': 'not covered',
  'scan.many.title': 'Summary',
  'scan.many.summary': '{images} image(s), {vulnerabilities}{notScanned}{notCovered}; {read} layer(s) read, {cached} from the cache, {exports} export(s)',
  'scan.many.vulnerability': '{count} vulnerability',
  'scan.many.vulnerabilities': '{count} vulnerabilities',
  'scan.many.more': ', {part}',
  'scan.many.notScanned': '{count} not scanned',
  'scan.many.notCovered': '{count} not covered',
  // The ignore file (.swarmguardignore).
  'scan.ignore.badId': '"{id}" is not a vulnerability id',
  'scan.ignore.badId.hint': 'e.g. CVE-2023-1234 exp:2026-12-31 # reason',
  'scan.ignore.badOption': 'unknown option "{opt}"',
  'scan.ignore.badOption.hint': 'the only option is exp:YYYY-MM-DD (the last day the entry applies)',
  'scan.ignore.missing': 'no such ignore file',
  'scan.args.none': 'no image to scan',
  'scan.args.none.hint': 'name images, or use --stack NAME or --services',
});
