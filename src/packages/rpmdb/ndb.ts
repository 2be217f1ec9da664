// rpm's ndb format (`Packages.db`, SUSE): a header, slot pages naming each package's blob by 16-byte block,
// and the blobs. Every offset is checked against the file, so an index past its end gets a warning.
import { cutShort } from '../incomplete.js';
import { packagesMessages as M } from '../messages.js';
import type { InventoryWarning } from '../types.js';
import { DEFAULT_CAPS, type BlobCaps, type BlobList } from './bdb.js';

const HEADER_MAGIC = 0x506d7052; // "RpmP"
const SLOT_MAGIC = 0x746f6c53; // "Slot"
const BLOB_MAGIC = 0x53626c42; // "BlbS"
const PAGE = 4096;
const SLOT = 16;
const BLOCK = 16;
const BLOB_HEAD = 16;

export function isNdb(buf: Buffer): boolean {
  return buf.length >= 32 && buf.readUInt32LE(0) === HEADER_MAGIC;
}

export function readNdbBlobs(buf: Buffer, caps: BlobCaps = DEFAULT_CAPS): BlobList {
  const warnings: InventoryWarning[] = [];
  if (!isNdb(buf)) return { blobs: [], warnings: [M.say('packages.rpmdb.ndb.badMagic')] };
  const version = buf.readUInt32LE(4);
  const slotPages = buf.readUInt32LE(12);
  if (version !== 0) return { blobs: [], warnings: [M.say('packages.rpmdb.ndb.version', { version })] };
  if (slotPages === 0 || slotPages > 2048) return { blobs: [], warnings: [M.say('packages.rpmdb.ndb.slotPages', { count: slotPages })] };
  const slots = (slotPages * PAGE) / SLOT - 2; // the 32-byte header takes the first two slots
  const blobs: Buffer[] = [];
  let bad = 0;
  for (let s = 0; s < slots; s++) {
    const at = 32 + s * SLOT;
    if (at + SLOT > buf.length) {
      warnings.push(M.say('packages.rpmdb.ndb.truncated'));
      break;
    }
    if (buf.readUInt32LE(at) !== SLOT_MAGIC) {
      bad += 1;
      continue;
    }
    const pkgIndex = buf.readUInt32LE(at + 4);
    if (pkgIndex === 0) continue;
    const off = buf.readUInt32LE(at + 8) * BLOCK;
    if (off + BLOB_HEAD > buf.length || buf.readUInt32LE(off) !== BLOB_MAGIC || buf.readUInt32LE(off + 4) !== pkgIndex) {
      bad += 1;
      continue;
    }
    const len = buf.readUInt32LE(off + 12);
    if (len > caps.maxBlobBytes || off + BLOB_HEAD + len > buf.length) {
      bad += 1;
      continue;
    }
    if (blobs.length >= caps.maxBlobs) {
      warnings.push(cutShort(M.say('packages.rpmdb.tooMany', { max: caps.maxBlobs })));
      break;
    }
    blobs.push(buf.subarray(off + BLOB_HEAD, off + BLOB_HEAD + len));
  }
  if (bad) warnings.push(M.say('packages.rpmdb.ndb.badSlots', { count: bad }));
  return { blobs, warnings };
}
