// Splits a huge top-level JSON object into its members while streaming, so a 100 MB feed never sits in memory whole.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { UserError } from '../core/errors.js';
import { say } from './messages.js';

export type MemberResult = { ok: true; key: string; value: unknown } | { ok: false; error: string; text: string };

/**
 * Yields each `"key": value` member of the file's top-level object. A member that does not parse
 * is yielded as an error (the caller counts and skips it); a file that is not an object or ends
 * early throws a UserError.
 */
export async function* topLevelMembers(file: string, maxMemberChars = 64 << 20): AsyncGenerator<MemberResult> {
  const decoder = new StringDecoder('utf8');
  let offset = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let opened = false;
  let closed = false;
  let member = '';
  const finish = (text: string): MemberResult | undefined => {
    if (text.trim() === '') return undefined;
    try {
      const obj = JSON.parse(`{${text}}`) as Record<string, unknown>;
      const keys = Object.keys(obj);
      const key = keys[0];
      if (keys.length !== 1 || key === undefined) return { ok: false, error: 'not a single member', text: text.slice(0, 80) };
      return { ok: true, key, value: obj[key] };
    } catch (e) {
      return { ok: false, error: (e as Error).message, text: text.slice(0, 80) };
    }
  };
  for await (const raw of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const chunk = decoder.write(raw as Buffer);
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === 92) escaped = true;
        else if (ch === 34) inString = false;
        continue;
      }
      if (ch === 34) {
        if (depth === 0) throw new UserError(say('vulndb.json.notObject', { file }));
        inString = true;
      } else if (ch === 123 || ch === 91) {
        if (closed) throw new UserError(say('vulndb.json.trailing', { file }));
        depth += 1;
        if (depth === 1) {
          if (ch !== 123) throw new UserError(say('vulndb.json.array', { file }));
          opened = true;
          start = i + 1;
        }
      } else if (ch === 125 || ch === 93) {
        depth -= 1;
        if (depth < 0) throw new UserError(say('vulndb.json.unbalanced', { file }));
        if (depth === 0) {
          const r = finish(member + chunk.slice(start, i));
          member = '';
          if (r) yield r;
          closed = true;
          start = i + 1;
        }
      } else if (ch === 44 && depth === 1) {
        const r = finish(member + chunk.slice(start, i));
        member = '';
        start = i + 1;
        if (r) yield r;
      } else if (depth === 0 && ch > 32 && !closed) {
        throw new UserError(say('vulndb.json.notObject', { file }));
      }
    }
    if (depth >= 1) member += chunk.slice(start);
    // One member (a huge string, say) must not grow without bound: the source is refused, by position.
    if (member.length > maxMemberChars)
      throw new UserError(say('vulndb.json.memberTooLarge', { file, max: maxMemberChars, at: offset + chunk.length - member.length }), {
        hint: say('vulndb.json.memberTooLarge.hint'),
      });
    offset += chunk.length;
  }
  if (!opened) throw new UserError(say('vulndb.json.empty', { file }), { hint: say('vulndb.failedDownload.hint') });
  if (depth !== 0 || !closed) {
    throw new UserError(say('vulndb.json.truncated', { file }), { hint: say('vulndb.cutShort.hint') });
  }
}

export type ElementResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface ArrayStreamOptions {
  /** Elements larger than this are skipped (reported as errors) without being held in memory. */
  maxElementBytes?: number;
  /** When the document has no such array, it is parsed whole (for single records) up to this size. */
  maxDocumentBytes?: number;
}

/**
 * Where a streamed document is: the bracket depth and string state, the key whose value is being read, the element of
 * the wanted array being collected, and the whole text while no such array has been seen.
 */
class ArrayScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private opened = false;
  private closed = false;
  // The last string that ended at depth 1 (a key candidate) and the key whose value is being read.
  private stringStart = -1;
  private stringText = '';
  private pendingKey: string | undefined;
  private currentKey: string | undefined;
  private inArray = false;
  private sawArray = false;
  // The element being collected (depth >= 3 inside the array).
  private element: string[] | undefined;
  private elementBytes = 0;
  private elementStart = -1;
  private oversized = false;
  private inScalar = false;
  // The whole document, while no array has been seen.
  private whole: string[] | undefined = [];
  private wholeBytes = 0;

  constructor(
    private readonly key: string,
    private readonly name: string,
    private readonly maxElement: number,
    private readonly maxDocument: number,
  ) {}

  /** Scans one chunk of text, yielding each element it completes. */
  *scan(chunk: string): Generator<ElementResult> {
    this.keepWhole(chunk);
    if (this.element !== undefined) this.elementStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (this.inString) {
        this.stringChar(ch, i, chunk);
        continue;
      }
      switch (ch) {
        case 34: // "
          if (this.depth === 0) throw new UserError(say('vulndb.json.notObject', { file: this.name }));
          this.inString = true;
          if (this.depth === 1) {
            this.stringStart = i + 1;
            this.stringText = '';
          }
          break;
        case 58: // :
          if (this.depth === 1) this.currentKey = this.pendingKey;
          break;
        case 44: // ,
          if (this.depth === 1) this.currentKey = undefined;
          else if (this.depth === 2) this.inScalar = false;
          break;
        case 123: // {
        case 91: // [
          this.open(ch, i);
          break;
        // } and ]
        case 125:
        case 93: {
          const done = this.close(i, chunk);
          if (done !== undefined) yield done;
          break;
        }
        default:
          if (this.depth === 0 && ch > 32 && !this.closed) throw new UserError(say('vulndb.json.notObject', { file: this.name }));
          if (this.depth === 2 && this.inArray && ch > 32 && !this.inScalar) {
            this.inScalar = true;
            yield { ok: false, error: 'an array element is not an object' };
          }
      }
    }
    this.carry(chunk);
  }

  /** After the last chunk: a document that ended early is refused; one without the array is its one element. */
  *finish(): Generator<ElementResult> {
    if (!this.opened) throw new UserError(say('vulndb.json.empty', { file: this.name }), { hint: say('vulndb.failedDownload.hint') });
    if (this.depth !== 0 || !this.closed) throw new UserError(say('vulndb.json.truncated', { file: this.name }), { hint: say('vulndb.cutShort.hint') });
    if (this.sawArray) return;
    if (this.whole === undefined) throw new UserError(say('vulndb.json.recordTooLarge', { file: this.name, max: this.maxDocument }));
    yield parsed(this.whole.join(''));
  }

  private keepWhole(chunk: string): void {
    if (this.whole === undefined) return;
    this.wholeBytes += chunk.length;
    if (this.wholeBytes > this.maxDocument) this.whole = undefined;
    else this.whole.push(chunk);
  }

  /** A character inside a string: its end, and at depth 1 the key it spelled. */
  private stringChar(ch: number, i: number, chunk: string): void {
    if (this.escaped) this.escaped = false;
    else if (ch === 92) this.escaped = true;
    else if (ch === 34) {
      this.inString = false;
      if (this.depth === 1 && this.stringStart >= 0) {
        this.stringText += chunk.slice(this.stringStart, i);
        this.pendingKey = this.stringText;
        this.stringStart = -1;
      }
    }
  }

  private open(ch: number, i: number): void {
    if (this.closed) throw new UserError(say('vulndb.json.trailing', { file: this.name }));
    this.depth += 1;
    if (this.depth === 1) {
      if (ch !== 123) throw new UserError(say('vulndb.json.array', { file: this.name }));
      this.opened = true;
    } else if (this.depth === 2 && ch === 91 && this.currentKey === this.key) {
      this.inArray = true;
      this.sawArray = true;
      this.whole = undefined;
    } else if (this.depth === 3 && this.inArray) {
      this.element = [];
      this.elementBytes = 0;
      this.elementStart = i;
      this.oversized = false;
    }
  }

  /** A closing bracket: the element it completes, if it completes one. */
  private close(i: number, chunk: string): ElementResult | undefined {
    this.depth -= 1;
    if (this.depth < 0) throw new UserError(say('vulndb.json.unbalanced', { file: this.name }));
    if (this.depth === 2 && this.inArray && this.element !== undefined) {
      if (this.elementBytes + (i + 1 - this.elementStart) > this.maxElement) this.oversized = true;
      const text = this.oversized ? '' : this.element.join('') + chunk.slice(this.elementStart, i + 1);
      this.element = undefined;
      return this.oversized ? { ok: false, error: `record larger than ${this.maxElement} bytes` } : parsed(text);
    }
    if (this.depth === 1 && this.inArray) this.inArray = false;
    else if (this.depth === 0) this.closed = true;
    return undefined;
  }

  /** The end of a chunk: a key or an element that goes on into the next one is kept. */
  private carry(chunk: string): void {
    if (this.inString && this.depth === 1 && this.stringStart >= 0) {
      this.stringText += chunk.slice(this.stringStart);
      this.stringStart = 0;
    }
    if (this.element !== undefined && !this.oversized) {
      const rest = chunk.slice(this.elementStart);
      this.elementBytes += rest.length;
      if (this.elementBytes > this.maxElement) {
        this.oversized = true;
        this.element = [];
      } else this.element.push(rest);
    }
  }
}

function parsed(text: string): ElementResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

/**
 * Streams the elements of the array under the top-level key `key` (NVD's `vulnerabilities`), one at a
 * time, so a 1 GB feed never sits in memory. A document without that array is yielded whole, as one
 * element (a single record), when it is small enough. Throws a UserError when the text ends early or
 * is not a JSON object; errors of the underlying stream (a corrupt gzip) propagate as they are.
 */
export async function* arrayElements(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  key: string,
  name: string,
  options: ArrayStreamOptions = {},
): AsyncGenerator<ElementResult> {
  const scanner = new ArrayScanner(key, name, options.maxElementBytes ?? 32 << 20, options.maxDocumentBytes ?? 64 << 20);
  const decoder = new StringDecoder('utf8');
  for await (const raw of chunks) yield* scanner.scan(typeof raw === 'string' ? raw : decoder.write(raw));
  yield* scanner.finish();
}
