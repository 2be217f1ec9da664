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
  const maxElement = options.maxElementBytes ?? 32 << 20;
  const maxDocument = options.maxDocumentBytes ?? 64 << 20;
  const decoder = new StringDecoder('utf8');
  let depth = 0;
  let inString = false;
  let escaped = false;
  let opened = false;
  let closed = false;
  // The last string that ended at depth 1 (a key candidate) and the key whose value is being read.
  let stringStart = -1;
  let stringText = '';
  let pendingKey: string | undefined;
  let currentKey: string | undefined;
  let inArray = false;
  let sawArray = false;
  // The element being collected (depth >= 3 inside the array).
  let element: string[] | undefined;
  let elementBytes = 0;
  let elementStart = -1;
  let oversized = false;
  let inScalar = false;
  // The whole document, while no array has been seen.
  let whole: string[] | undefined = [];
  let wholeBytes = 0;

  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? raw : decoder.write(raw);
    if (whole !== undefined) {
      wholeBytes += chunk.length;
      if (wholeBytes > maxDocument) whole = undefined;
      else whole.push(chunk);
    }
    if (element !== undefined) elementStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk.charCodeAt(i);
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === 92) escaped = true;
        else if (ch === 34) {
          inString = false;
          if (depth === 1 && stringStart >= 0) {
            stringText += chunk.slice(stringStart, i);
            pendingKey = stringText;
            stringStart = -1;
          }
        }
        continue;
      }
      switch (ch) {
        case 34: // "
          if (depth === 0) throw new UserError(say('vulndb.json.notObject', { file: name }));
          inString = true;
          if (depth === 1) {
            stringStart = i + 1;
            stringText = '';
          }
          break;
        case 58: // :
          if (depth === 1) currentKey = pendingKey;
          break;
        case 44: // ,
          if (depth === 1) currentKey = undefined;
          else if (depth === 2) inScalar = false;
          break;
        case 123: // {
        case 91: // [
          if (closed) throw new UserError(say('vulndb.json.trailing', { file: name }));
          depth += 1;
          if (depth === 1) {
            if (ch !== 123) throw new UserError(say('vulndb.json.array', { file: name }));
            opened = true;
          } else if (depth === 2 && ch === 91 && currentKey === key) {
            inArray = true;
            sawArray = true;
            whole = undefined;
          } else if (depth === 3 && inArray) {
            element = [];
            elementBytes = 0;
            elementStart = i;
            oversized = false;
          }
          break;
        case 125: // }
        case 93: // ]
          depth -= 1;
          if (depth < 0) throw new UserError(say('vulndb.json.unbalanced', { file: name }));
          if (depth === 2 && inArray && element !== undefined) {
            if (elementBytes + (i + 1 - elementStart) > maxElement) oversized = true;
            const text = oversized ? '' : element.join('') + chunk.slice(elementStart, i + 1);
            element = undefined;
            if (oversized) yield { ok: false, error: `record larger than ${maxElement} bytes` };
            else {
              try {
                yield { ok: true, value: JSON.parse(text) };
              } catch (e) {
                yield { ok: false, error: (e as Error).message };
              }
            }
          } else if (depth === 1 && inArray) {
            inArray = false;
          } else if (depth === 0) {
            closed = true;
          }
          break;
        default:
          if (depth === 0 && ch > 32 && !closed) throw new UserError(say('vulndb.json.notObject', { file: name }));
          if (depth === 2 && inArray && ch > 32 && !inScalar) {
            inScalar = true;
            yield { ok: false, error: 'an array element is not an object' };
          }
      }
    }
    if (inString && depth === 1 && stringStart >= 0) {
      stringText += chunk.slice(stringStart);
      stringStart = 0;
    }
    if (element !== undefined && !oversized) {
      const rest = chunk.slice(elementStart);
      elementBytes += rest.length;
      if (elementBytes > maxElement) {
        oversized = true;
        element = [];
      } else element.push(rest);
    }
  }
  if (!opened) throw new UserError(say('vulndb.json.empty', { file: name }), { hint: say('vulndb.failedDownload.hint') });
  if (depth !== 0 || !closed) throw new UserError(say('vulndb.json.truncated', { file: name }), { hint: say('vulndb.cutShort.hint') });
  if (!sawArray) {
    if (whole === undefined) throw new UserError(say('vulndb.json.recordTooLarge', { file: name, max: maxDocument }));
    try {
      yield { ok: true, value: JSON.parse(whole.join('')) };
    } catch (e) {
      yield { ok: false, error: (e as Error).message };
    }
  }
}
