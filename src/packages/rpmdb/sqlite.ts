// The SQLite rpmdb (`rpmdb.sqlite`, RHEL 9, Fedora): one header blob per row of the Packages table. The file is
// untrusted: Packages must be a real table (a recursive view would loop forever), with real columns only (a
// generated column `zeroblob(60000000)` makes megabytes from nothing), the schema is not trusted, at most
// `maxBlobs` rows are read, and all blobs together stay within `maxTotalBytes`.
import { messageOf } from '../../core/errors.js';
import { listMessage } from '../../core/message.js';
import { openSqliteImage, type SqlDatabase } from '../../core/sqlite.js';
import { cutShort } from '../incomplete.js';
import { packagesMessages as M } from '../messages.js';
import type { InventoryWarning } from '../types.js';
import { DEFAULT_CAPS, type BlobCaps, type BlobList } from './bdb.js';

export function isSqlite(buf: Buffer): boolean {
  return buf.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000';
}

interface SchemaRow {
  type: string;
  name: string;
}

interface ColumnRow {
  name: string;
  /** 0 a stored column; 1 hidden (virtual table), 2 generated virtual, 3 generated stored. */
  hidden: number;
}

/**
 * rpm writes rpmdb.sqlite in WAL mode (RHEL 9, Fedora). A WAL database cannot be opened from memory: SQLite wants
 * its -shm file. Bytes 18 and 19 of the header say WAL (2) or rollback journal (1); the image's WAL file, if any,
 * is not ours to read, so a copy marked as rollback journal reads the checkpointed pages, which is what rpm itself
 * leaves behind when it exits.
 */
function rollbackJournalCopy(buf: Buffer): Buffer {
  if (buf.length < 20 || (buf[18] !== 2 && buf[19] !== 2)) return buf;
  const copy = Buffer.from(buf);
  copy[18] = 1;
  copy[19] = 1;
  return copy;
}

export function readSqliteBlobs(buf: Buffer, caps: BlobCaps = DEFAULT_CAPS): BlobList {
  if (!isSqlite(buf)) return { blobs: [], warnings: [M.say('packages.rpmdb.sqlite.noHeader')] };
  let db: SqlDatabase;
  try {
    db = openSqliteImage(rollbackJournalCopy(buf));
  } catch (e) {
    return { blobs: [], warnings: [M.say('packages.rpmdb.sqlite.unreadable', { error: messageOf(e) })] };
  }
  try {
    // Functions and virtual tables named in the schema must not run on our behalf.
    db.pragma('trusted_schema = OFF');
    const schema = db.prepare("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view', 'trigger')").all() as SchemaRow[];
    const active = schema.filter((r) => r.type !== 'table');
    if (active.length) {
      return {
        blobs: [],
        warnings: [
          cutShort(
            M.say('packages.rpmdb.sqlite.notOnlyTables', {
              objects: listMessage(active.map((r) => M.say('packages.rpmdb.sqlite.object', { type: r.type, name: r.name.slice(0, 60) }))),
            }),
          ),
        ],
      };
    }
    if (!schema.some((r) => r.type === 'table' && r.name === 'Packages')) return { blobs: [], warnings: [M.say('packages.rpmdb.sqlite.noPackages')] };
    const columns = db.prepare("SELECT name, hidden FROM pragma_table_xinfo('Packages')").all() as ColumnRow[];
    const computed = columns.filter((c) => c.hidden !== 0);
    if (computed.length)
      return {
        blobs: [],
        warnings: [cutShort(M.say('packages.rpmdb.sqlite.computed', { count: computed.length }))],
      };
    if (!columns.some((c) => c.name === 'blob')) return { blobs: [], warnings: [M.say('packages.rpmdb.sqlite.noBlob')] };
    const blobs: Buffer[] = [];
    const warnings: InventoryWarning[] = [];
    let skipped = 0;
    let total = 0;
    // SQLite hands over only blobs within the cap: a hostile row (a huge integer, a text, a giant blob) comes back
    // as NULL, the same on both engines (node:sqlite would throw on an integer past 2^53).
    const rows = db
      .prepare("SELECT CASE WHEN typeof(blob) = 'blob' AND length(blob) <= ? THEN blob END AS blob FROM Packages LIMIT ?")
      .iterate(caps.maxBlobBytes, caps.maxBlobs + 1);
    for (const row of rows) {
      if (blobs.length + skipped >= caps.maxBlobs) {
        warnings.push(cutShort(M.say('packages.rpmdb.tooMany', { max: caps.maxBlobs })));
        break;
      }
      const blob = (row as { blob: unknown }).blob;
      if (!(blob instanceof Uint8Array)) {
        skipped += 1;
        continue;
      }
      total += blob.byteLength;
      if (total > caps.maxTotalBytes) {
        warnings.push(cutShort(M.say('packages.rpmdb.tooLarge', { max: caps.maxTotalBytes })));
        return { blobs: [], warnings };
      }
      blobs.push(Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength));
    }
    if (skipped) warnings.push(M.say('packages.rpmdb.sqlite.rowsSkipped', { count: skipped }));
    return { blobs, warnings };
  } catch (e) {
    return { blobs: [], warnings: [M.say('packages.rpmdb.sqlite.cannotRead', { error: messageOf(e) })] };
  } finally {
    db.close();
  }
}
