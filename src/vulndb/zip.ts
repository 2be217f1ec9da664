// Reads a zip archive entry by entry (yauzl), so an osv.dev all.zip of any size is never held in memory.
import yauzl from 'yauzl';
import { UserError, messageOf } from '../core/errors.js';
import { say } from './messages.js';

export interface ZipEntryData {
  name: string;
  data: Buffer;
}

/** Entries larger than this are not advisories; they are skipped rather than buffered. */
export const MAX_ENTRY_BYTES = 32 * 1024 * 1024;

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) {
        reject(
          new UserError(say('vulndb.zip.unreadable', { file, error: err ? messageOf(err) : say('vulndb.zip.unknownError') }), {
            hint: say('vulndb.zip.unreadable.hint'),
            cause: err,
          }),
        );
      } else resolve(zip);
    });
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(err ?? new Error('no stream'));
        return;
      }
      const parts: Buffer[] = [];
      stream.on('data', (c: Buffer) => parts.push(c));
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(parts)));
    });
  });
}

/**
 * Yields each file entry whose name passes `wanted`. Entries over MAX_ENTRY_BYTES are reported through
 * `onSkip`. A corrupt archive (bad compression, sizes that do not match) throws a UserError.
 */
export async function* zipEntries(
  file: string,
  wanted: (name: string) => boolean,
  onSkip: (name: string, reason: string) => void = () => {},
): AsyncGenerator<ZipEntryData> {
  const zip = await openZip(file);
  let pendingResolve: ((e: yauzl.Entry | null) => void) | undefined;
  let pendingReject: ((e: Error) => void) | undefined;
  let failure: Error | undefined;
  let ended = false;
  zip.on('entry', (e: yauzl.Entry) => pendingResolve?.(e));
  zip.on('end', () => {
    ended = true;
    pendingResolve?.(null);
  });
  zip.on('error', (e: Error) => {
    failure = e;
    pendingReject?.(e);
  });
  const next = (): Promise<yauzl.Entry | null> =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure);
      if (ended) return resolve(null);
      pendingResolve = resolve;
      pendingReject = reject;
      zip.readEntry();
    });
  try {
    for (;;) {
      let entry: yauzl.Entry | null;
      try {
        entry = await next();
      } catch (e) {
        throw new UserError(say('vulndb.zip.corrupt', { file, error: messageOf(e) }), { hint: say('vulndb.freshCopy.hint'), cause: e });
      }
      if (entry === null) return;
      if (entry.fileName.endsWith('/') || !wanted(entry.fileName)) continue;
      if (entry.uncompressedSize > MAX_ENTRY_BYTES) {
        onSkip(entry.fileName, `entry of ${entry.uncompressedSize} bytes is too large`);
        continue;
      }
      let data: Buffer;
      try {
        data = await readEntry(zip, entry);
      } catch (e) {
        throw new UserError(say('vulndb.zip.corruptEntry', { file, name: entry.fileName, error: messageOf(e) }), {
          hint: say('vulndb.freshCopy.hint'),
          cause: e,
        });
      }
      yield { name: entry.fileName, data };
    }
  } finally {
    zip.close();
  }
}
