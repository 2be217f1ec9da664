// rpm's ndb format (`Packages.db`, SUSE): a header, slot pages naming each package's blob by 16-byte block,
// and the blobs. Every offset is checked against the file, so an index past its end gets a warning.
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
  const warnings: string[] = [];
  if (!isNdb(buf)) return { blobs: [], warnings: ['not an ndb database (bad magic)'] };
  const version = buf.readUInt32LE(4);
  const slotPages = buf.readUInt32LE(12);
  if (version !== 0) return { blobs: [], warnings: [`ndb version ${version} is not known`] };
  if (slotPages === 0 || slotPages > 2048) return { blobs: [], warnings: [`${slotPages} slot pages is not a plausible ndb index`] };
  const slots = (slotPages * PAGE) / SLOT - 2; // the 32-byte header takes the first two slots
  const blobs: Buffer[] = [];
  let bad = 0;
  for (let s = 0; s < slots; s++) {
    const at = 32 + s * SLOT;
    if (at + SLOT > buf.length) {
      warnings.push('the slot index runs past the end of the file: truncated, reading what is there');
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
      warnings.push(`more than ${caps.maxBlobs} packages: the rest not read`);
      break;
    }
    blobs.push(buf.subarray(off + BLOB_HEAD, off + BLOB_HEAD + len));
  }
  if (bad) warnings.push(`${bad} slot(s) skipped: bad magic, or a blob outside the file`);
  return { blobs, warnings };
}
