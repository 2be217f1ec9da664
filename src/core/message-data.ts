// Messages read back from outside this process (the history, a node's JSON report, a stored finding): one bounded
// reader checks each message's id, template and values, and its nesting, count and rendered length; anything else is
// no message, and the reader falls back to the English kept beside it. Kept apart from message.ts so that what only
// says messages (the usage errors of `--help`) does not load the schema library.
import { z } from 'zod';
import type { Finding } from './finding.js';
import { english, pushNote, type Message, type MessageValue, type SaidMessages } from './message.js';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** How deep values that are messages may nest, and how many messages one value may hold, when read back. */
export const MAX_MESSAGE_DEPTH = 8;
const MAX_MESSAGE_NODES = 256;
const MAX_TEXT = 8192;

const StoredMessage = z.object({
  id: z.union([
    z.literal(''),
    z
      .string()
      .max(200)
      .regex(/^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/),
  ]),
  en: z.string().max(MAX_TEXT),
  data: z.record(
    z
      .string()
      .max(64)
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    z.unknown(),
  ),
});

/** How long the English of a message read back may grow once its values are filled in (a template repeating a value). */
const MAX_RENDERED = 65_536;

/**
 * A message read from outside this process (the history, a node's JSON): its id, template and values checked, its
 * nesting, count and rendered length bounded. Anything else (a wrong type, a value too deep or too large) is no
 * message: undefined, and the reader falls back to the English it kept.
 */
export function parseMessage(v: unknown): Message | undefined {
  let budget = MAX_MESSAGE_NODES;
  // Each message with the length of its English once filled in, counted before it is ever rendered.
  const read = (x: unknown, depth: number): { m: Message; length: number } | undefined => {
    if (depth > MAX_MESSAGE_DEPTH || --budget < 0) return undefined;
    const o = StoredMessage.safeParse(x);
    if (!o.success) return undefined;
    const data: Record<string, MessageValue> = {};
    const lengths = new Map<string, number>();
    for (const [k, value] of Object.entries(o.data.data)) {
      if (typeof value === 'string' && value.length <= MAX_TEXT) {
        data[k] = value;
        lengths.set(k, value.length);
      } else if (typeof value === 'number' && Number.isFinite(value)) {
        data[k] = value;
        lengths.set(k, String(value).length);
      } else {
        const inner = read(value, depth + 1);
        if (inner === undefined) return undefined;
        data[k] = inner.m;
        lengths.set(k, inner.length);
      }
    }
    // Every value counts once even where the English leaves it out (another language's template may use it), and
    // once more for each further place the English puts it.
    const uses = new Map<string, number>();
    for (const [, key] of o.data.en.matchAll(PLACEHOLDER)) uses.set(key ?? '', (uses.get(key ?? '') ?? 0) + 1);
    let length = o.data.en.length;
    for (const [k, n] of lengths) {
      length += n * Math.max(1, uses.get(k) ?? 0);
      if (length > MAX_RENDERED) return undefined;
    }
    return { m: { id: o.data.id, en: o.data.en, data }, length };
  };
  return read(v, 0)?.m;
}

/** A finding's `said` read back from outside: each message checked alone, a malformed one dropped (its English stays). */
export function parseSaid(v: unknown): SaidMessages | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const out: { message?: Message; remediation?: Message; evidence?: Record<string, Message> } = {};
  const message = parseMessage(o.message);
  if (message !== undefined) out.message = message;
  const remediation = parseMessage(o.remediation);
  if (remediation !== undefined) out.remediation = remediation;
  if (typeof o.evidence === 'object' && o.evidence !== null && !Array.isArray(o.evidence)) {
    const evidence: Record<string, Message> = {};
    for (const [k, x] of Object.entries(o.evidence).slice(0, 64)) {
      if (k === '__proto__') continue;
      const m = parseMessage(x);
      if (m !== undefined) evidence[k] = m;
    }
    if (Object.keys(evidence).length > 0) out.evidence = evidence;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Notes read back: the English `texts` as kept, each with its message from `said` (notesData's output, as stored)
 * when that is well formed and still says the same English; otherwise the note is its English alone. Anything of
 * another shape (an older row without messages, a hostile value) leaves the texts as they are.
 */
export function notesFromData(texts: unknown, said: unknown, max = 1000): string[] {
  const out: string[] = [];
  if (!Array.isArray(texts)) return out;
  const messages: unknown[] = Array.isArray(said) ? said : [];
  texts.slice(0, max).forEach((text, i) => {
    if (typeof text !== 'string') return;
    const m = messages[i] === null || messages[i] === undefined ? undefined : parseMessage(messages[i]);
    if (m !== undefined && english(m) === text) pushNote(out, m);
    else out.push(text);
  });
  return out;
}

/**
 * A finding read back from outside this process (the history, a JSON report): the messages it kept by id are checked
 * (parseSaid); a malformed one is dropped, and the finding is said in the English it kept.
 */
export function readBackFinding(f: Finding): Finding {
  if (f.said === undefined) return f;
  const { said, ...rest } = f;
  const checked = parseSaid(said);
  return checked === undefined ? rest : { ...rest, said: checked };
}

/** A stored list of findings (parsed JSON of a findings column): entries that are no objects are left out. */
export function readBackFindings(v: unknown): Finding[] {
  if (!Array.isArray(v)) return [];
  return v.filter((f): f is Finding => typeof f === 'object' && f !== null && !Array.isArray(f)).map(readBackFinding);
}
