// Splits a huge top-level JSON object into its members while streaming, so a 100 MB feed never sits in memory whole.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { UserError } from '../core/errors.js';

export type MemberResult = { ok: true; key: string; value: unknown } | { ok: false; error: string; text: string };

/**
 * Yields each `"key": value` member of the file's top-level object. A member that does not parse
 * is yielded as an error (the caller counts and skips it); a file that is not an object or ends
 * early throws a UserError.
 */
export async function* topLevelMembers(file: string): AsyncGenerator<MemberResult> {
  const decoder = new StringDecoder('utf8');
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
        if (depth === 0) throw new UserError(`${file}: expected a JSON object at the top level`);
        inString = true;
      } else if (ch === 123 || ch === 91) {
        if (closed) throw new UserError(`${file}: unexpected data after the top-level JSON object`);
        depth += 1;
        if (depth === 1) {
          if (ch !== 123) throw new UserError(`${file}: expected a JSON object at the top level, found an array`);
          opened = true;
          start = i + 1;
        }
      } else if (ch === 125 || ch === 93) {
        depth -= 1;
        if (depth < 0) throw new UserError(`${file}: unbalanced JSON brackets`);
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
        throw new UserError(`${file}: expected a JSON object at the top level`);
      }
    }
    if (depth >= 1) member += chunk.slice(start);
  }
  if (!opened) throw new UserError(`${file}: empty file, expected a JSON object`, { hint: 'the download may have failed; run the update again' });
  if (depth !== 0 || !closed) {
    throw new UserError(`${file}: the JSON ends early (truncated file?)`, { hint: 'the download may have been cut short; run the update again' });
  }
}
