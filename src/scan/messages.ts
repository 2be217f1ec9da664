// The English of what the scan's KEV/EPSS and VEX parts say, by id: the KEV marker, the VEX status, the notes
// (src/i18n/ja/policy.ts says them in Japanese).
import { defineMessages } from '../core/message.js';

export const scanMessages = defineMessages({
  'scan.kev.listed': 'yes',
  'scan.kev.ransomware': 'ransomware',
  'scan.note.noExploitation':
    'the database holds no KEV catalogue or EPSS scores: import them (`swarmguard db import known_exploited_vulnerabilities.json epss_scores-YYYY-MM-DD.csv.gz`) to rank and filter by them',
  'scan.note.vexSuppressed': '{n} finding(s) suppressed by VEX (not_affected or fixed); --show-suppressed lists them',
  'scan.status.underInvestigation': 'under investigation (VEX)',
});
