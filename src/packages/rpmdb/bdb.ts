// Berkeley DB hash databases, as rpm up to 4.16 kept `var/lib/rpm/Packages` (RHEL/CentOS 7–8, Amazon Linux 2).
// Each value is an rpm header blob stored on a chain of overflow pages. Read-only, from bytes, with every page
// number checked against the file and every chain checked for loops, no page read by two chains (shared
// pages would turn one page into many copies), and one byte budget over all blobs: a crafted file gets a warning.
import { cutShort } from '../incomplete.js';
import { packagesMessages as M } from '../messages.js';
import type { InventoryWarning } from '../types.js';

const MAGIC_HASH = 0x00061561;
const P_HASHMETA = 8;
const P_HASH_UNSORTED = 2;
const P_HASH = 13;
const P_OVERFLOW = 7;
const H_OFFPAGE = 3;
const PAGE_HEADER = 26;

export interface BlobList {
  blobs: Buffer[];
  /** Said in the database's own terms; the rpm analyzer says them within the file's name (warningWithin). */
  warnings: InventoryWarning[];
}

export interface BlobCaps {
  /** Most blobs read. */
  maxBlobs: number;
  /** Largest blob. */
  maxBlobBytes: number;
  /** All blobs of one database together. */
  maxTotalBytes: number;
}

export const DEFAULT_CAPS: BlobCaps = { maxBlobs: 100_000, maxBlobBytes: 64 * 1024 * 1024, maxTotalBytes: 256 * 1024 * 1024 };

export function isBdbHash(buf: Buffer): boolean {
  if (buf.length < 512) return false;
  return buf.readUInt32LE(12) === MAGIC_HASH || buf.readUInt32BE(12) === MAGIC_HASH;
}

export function readBdbBlobs(buf: Buffer, caps: BlobCaps = DEFAULT_CAPS): BlobList {
  const warnings: InventoryWarning[] = [];
  if (!isBdbHash(buf)) return { blobs: [], warnings: [M.say('packages.rpmdb.bdb.badMagic')] };
  const le = buf.readUInt32LE(12) === MAGIC_HASH;
  const u32 = (at: number): number => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  const u16 = (at: number): number => (le ? buf.readUInt16LE(at) : buf.readUInt16BE(at));
  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0)
    return { blobs: [], warnings: [M.say('packages.rpmdb.bdb.pageSize', { size: pageSize })] };
  if (buf.readUInt8(24) !== 0) return { blobs: [], warnings: [M.say('packages.rpmdb.bdb.encrypted')] };
  if (buf.readUInt8(25) !== P_HASHMETA) return { blobs: [], warnings: [M.say('packages.rpmdb.bdb.notHash')] };
  const pages = Math.floor(buf.length / pageSize);
  const lastPgno = u32(32);
  if (lastPgno + 1 > pages) warnings.push(M.say('packages.rpmdb.bdb.truncated', { named: lastPgno + 1, pages }));
  const page = (n: number): number => n * pageSize;
  const blobs: Buffer[] = [];
  let bad = 0;
  let total = 0;
  /** Every overflow page some chain already read. */
  const claimed = new Set<number>();
  let shared = 0;
  /** Follows an overflow chain; undefined when it leaves the file, loops or grows past the cap. */
  const chain = (start: number, length: number): Buffer | undefined => {
    if (length > caps.maxBlobBytes) return undefined;
    const parts: Buffer[] = [];
    let got = 0;
    const seen = new Set<number>();
    for (let pg = start; pg !== 0;) {
      if (pg >= pages || seen.has(pg)) return undefined;
      if (claimed.has(pg)) {
        shared += 1;
        return undefined;
      }
      seen.add(pg);
      const at = page(pg);
      if (buf.readUInt8(at + 25) !== P_OVERFLOW) return undefined;
      const next = u32(at + 16);
      // On the last page, hf_offset holds how many bytes of it are used.
      const used = next === 0 ? u16(at + 22) : pageSize - PAGE_HEADER;
      if (used > pageSize - PAGE_HEADER) return undefined;
      parts.push(buf.subarray(at + PAGE_HEADER, at + PAGE_HEADER + used));
      got += used;
      if (got > caps.maxBlobBytes) return undefined;
      pg = next;
    }
    for (const p of seen) claimed.add(p);
    const out = Buffer.concat(parts);
    return length && length <= out.length ? out.subarray(0, length) : out;
  };
  for (let pg = 1; pg < Math.min(pages, lastPgno + 1); pg++) {
    const at = page(pg);
    const type = buf.readUInt8(at + 25);
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const entries = u16(at + 20);
    if (PAGE_HEADER + entries * 2 > pageSize) {
      bad += 1;
      continue;
    }
    // Entries alternate key, value: values are the odd ones.
    for (let i = 1; i < entries; i += 2) {
      const off = u16(at + PAGE_HEADER + i * 2);
      if (off >= pageSize) {
        bad += 1;
        continue;
      }
      // Small values sit on the page itself; rpm's header blobs are always large enough to go off-page.
      if (buf.readUInt8(at + off) !== H_OFFPAGE) continue;
      if (off + 12 > pageSize) {
        bad += 1;
        continue;
      }
      const blob = chain(u32(at + off + 4), u32(at + off + 8));
      if (!blob) {
        bad += 1;
        continue;
      }
      if (blobs.length >= caps.maxBlobs) {
        warnings.push(cutShort(M.say('packages.rpmdb.tooMany', { max: caps.maxBlobs })));
        return { blobs, warnings };
      }
      total += blob.length;
      if (total > caps.maxTotalBytes) {
        warnings.push(cutShort(M.say('packages.rpmdb.tooLarge', { max: caps.maxTotalBytes })));
        return { blobs: [], warnings };
      }
      blobs.push(blob);
    }
  }
  if (shared) warnings.push(cutShort(M.say('packages.rpmdb.bdb.sharedChains', { count: shared })));
  if (bad) warnings.push(M.say(bad === 1 ? 'packages.rpmdb.bdb.badEntry' : 'packages.rpmdb.bdb.badEntries', { count: bad }));
  return { blobs, warnings };
}
