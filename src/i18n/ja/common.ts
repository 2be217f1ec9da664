// Small pieces shared by the Japanese texts of every rule family: evidence readers. Values themselves are never
// translated (nor shown, for secrets); what a secret looks like is a message (src/security-words/messages.ts).
import type { EvidenceValue } from '../../core/finding.js';

export const str = (v: EvidenceValue | undefined): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

export const list = (v: EvidenceValue | undefined): string[] | undefined => (Array.isArray(v) ? v : undefined);
