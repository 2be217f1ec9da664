// The one reader of a docker-bench JSON log (docker-bench-security's own, or `bench --format json` from a node of
// --all-nodes): its benchmark version and every result, read once at the edge. Whatever a node sent is untrusted: a
// field of the wrong type drops that result, never the log.
import { z } from 'zod';
import type { Message } from '../core/message.js';
import { parseMessage } from '../core/message-data.js';
import { isCisVersion, type CisVersion } from './catalogue.js';

export interface BenchLogResult {
  id: string;
  /** PASS, WARN, INFO, NOTE as the log says; see isVerdict for the ones swarmguard knows. */
  result: string;
  details: string;
  items: string[];
  /** What the check saw as messages by id (`details-said`, from swarmguard's own JSON), when the log has them. */
  said?: Message[];
}

export interface BenchLog {
  /** The benchmark version the log names (`cis`); a log without one is docker-bench's, CIS 1.6.0. */
  version: CisVersion;
  results: BenchLogResult[];
}

const ResultSchema = z.object({
  id: z.string(),
  result: z.string(),
  details: z.string().optional().catch(undefined),
  items: z.array(z.unknown()).optional().catch(undefined),
  'details-said': z.array(z.unknown()).max(64).optional().catch(undefined),
});

const TestSchema = z.object({ results: z.array(z.unknown()).catch([]) });

/** Reads a docker-bench JSON log (parsed JSON, of any shape). */
export function readBenchLog(log: unknown): BenchLog {
  const o = typeof log === 'object' && log !== null && !Array.isArray(log) ? (log as Record<string, unknown>) : {};
  const version: CisVersion = typeof o.cis === 'string' && isCisVersion(o.cis) ? o.cis : '1.6.0';
  const tests = Array.isArray(o.tests) ? o.tests : [];
  const results: BenchLogResult[] = [];
  for (const t of tests) {
    const test = TestSchema.safeParse(t);
    if (!test.success) continue;
    for (const r of test.data.results) {
      const parsed = ResultSchema.safeParse(r);
      if (!parsed.success) continue;
      const { id, result, details, items } = parsed.data;
      const said = parsed.data['details-said']?.map((m) => parseMessage(m));
      results.push({
        id,
        result,
        details: details ?? '',
        items: (items ?? []).map(String),
        ...(said !== undefined && said.length > 0 && said.every((m) => m !== undefined) ? { said } : {}),
      });
    }
  }
  return { version, results };
}
