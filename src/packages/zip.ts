// A synchronous zip reader over bytes in memory, for jars: the central directory, then single entries on
// demand, each inflated with a hard output cap. A zip bomb, an entry past the end or a lying size ends in an
// error for that entry (ZipError), never a crash or an unbounded allocation.
import { inflateRawSync } from 'node:zlib';
import { SaidError, messageOf } from '../core/errors.js';
import { analyzerMessages as M } from './analyzers/messages.js';

/** Why an archive or an entry was not read, by id. */
export class ZipError extends SaidError {}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;

export function isZip(buf: Buffer): boolean {
  return buf.length >= 22 && buf.readUInt32LE(0) === LOC;
}

/** The entries of the central directory, at most `maxEntries`. */
export function zipEntries(buf: Buffer, maxEntries: number): ZipEntry[] {
  if (buf.length < 22) throw new ZipError(M.say('analyzers.zip.tooShort'));
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError(M.say('analyzers.zip.noEnd'));
  const total = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (total === 0xffff || cdOffset === 0xffffffff) throw new ZipError(M.say('analyzers.zip.zip64'));
  if (total > maxEntries) throw new ZipError(M.say('analyzers.zip.tooManyEntries', { count: total, max: maxEntries }));
  const out: ZipEntry[] = [];
  let at = cdOffset;
  for (let i = 0; i < total; i++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CEN) throw new ZipError(M.say('analyzers.zip.corruptDirectory'));
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    if (at + 46 + nameLen > buf.length) throw new ZipError(M.say('analyzers.zip.corruptDirectory'));
    out.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLen),
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** An entry's bytes, inflated to at most `maxBytes` whatever its header claims. */
export function readZipEntry(buf: Buffer, e: ZipEntry, maxBytes: number): Buffer {
  const at = e.localOffset;
  const name = e.name;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== LOC) throw new ZipError(M.say('analyzers.zip.noLocalHeader', { name }));
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const end = start + e.compressedSize;
  if (end > buf.length) throw new ZipError(M.say('analyzers.zip.pastEnd', { name }));
  const data = buf.subarray(start, end);
  if (e.method === 0) {
    if (data.length > maxBytes) throw new ZipError(M.say('analyzers.zip.entryTooLarge', { name, size: data.length, max: maxBytes }));
    return data;
  }
  if (e.method !== 8) throw new ZipError(M.say('analyzers.zip.method', { name, method: e.method }));
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError(M.say('analyzers.zip.bomb', { name, max: maxBytes }));
    throw new ZipError(M.say('analyzers.zip.cannotInflate', { name, error: messageOf(err) }));
  }
}
