// The contract of an advisory importer: recognise a file, turn it into AdvisoryRecords.
import type { EpssRecord, KevRecord } from '../exploitation.js';
import type { AdvisoryRecord } from '../model.js';

export interface ImportContext {
  /** Stores one record: an advisory, or a KEV entry or EPSS score of a CVE. */
  emit: (record: AdvisoryRecord | KevRecord | EpssRecord) => void;
  /** Counts a record (or part of one) that was skipped; the import goes on. */
  skip: (reason: string) => void;
  /** Reports progress in records read. */
  progress?: (n: number) => void;
}

export interface Importer {
  /** Also the source type in the config: osv, alpine-secdb, debian-tracker. */
  readonly id: string;
  readonly description: string;
  /** Whether the file's first bytes (`head`, and `text`: the same decoded as UTF-8) look like this importer's format. */
  sniff(head: Buffer, text: string): boolean;
  /** Streams the file into records; throws a UserError when the file as a whole is unusable. */
  importFile(file: string, ctx: ImportContext): Promise<void>;
}

/** Skip counts and the first few reasons, for the summary line and warnings. */
export class SkipLog {
  count = 0;
  readonly reasons = new Map<string, number>();
  readonly examples: string[] = [];

  add(reason: string, maxExamples = 20): void {
    this.count += 1;
    const kind = reason.split(':')[0] ?? reason;
    this.reasons.set(kind, (this.reasons.get(kind) ?? 0) + 1);
    if (this.examples.length < maxExamples) this.examples.push(reason);
  }

  summary(): string {
    return [...this.reasons.entries()].map(([k, n]) => `${n} ${k}`).join(', ');
  }
}
