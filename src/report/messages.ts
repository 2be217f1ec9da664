// The English of what the report writer says to the user, by id (src/i18n/ja/report.ts says it in Japanese).
import { defineMessages } from '../core/message.js';

export const reportMessages = defineMessages({
  'report.format.unfit': '--format {format} does not fit {command}',
  'report.format.unknown': '--format {format} is not a format swarmguard writes',
  'report.format.hint': 'use one of: {list}',
  'report.reporter.unknown': '--format: unknown format "{id}"',
  // What a report is, where its command alone does not say it (the refusal of a format names it).
  'report.kind.images': 'image scan of several images',
  'report.kind.nodeScan': 'image scan --all-nodes',
  'report.kind.benchNodes': 'bench --all-nodes',
  'report.kind.benchCompare': 'bench --compare-cis',
  'report.benchNodes.done': '{done} of {count} node(s) benchmarked',
  // sbom --format table
  'report.sbom.warning': 'warning: {warning}',
  'report.sbom.summary': '{count} package(s) ({types}) — {os}',
  'report.sbom.summary.empty': '0 package(s) — {os}',
  'report.sbom.osUnknown': 'OS unknown (no os-release)',
  'report.sbom.notComplete': 'not complete: {count} part(s) of the image not read (the warnings above say which)',
});
