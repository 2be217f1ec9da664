// What --input names: a `docker save` tar (plain, gzip or zstd, told by its first bytes, not its name), an OCI
// layout or extracted `docker save` directory, or any other directory (a root filesystem or a project checkout).
// The image's name comes from the archive, else from the file's name.
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError, UserError, messageOf } from '../core/errors.js';
import { displayName, nameFromFile } from './archive-names.js';
import { openArchiveFile, tempDir, type ImageArchive } from './archive.js';
import { directoryKind, type DirectoryKind } from './directory.js';
import { say } from './messages.js';
import { decompressing } from './walker.js';

/** Most bytes a compressed archive may expand to (a compression bomb stops here). */
export const MAX_EXPANDED_BYTES = 64 * 1024 * 1024 * 1024;

export type OpenedInput =
  { kind: 'archive'; archive: ImageArchive; name: string } | { kind: 'directory'; root: string; name: string; directory: DirectoryKind };

export type Compression = 'gzip' | 'zstd' | 'none';

/** gzip and zstd by their magic numbers. */
export function compressionOf(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

async function head(file: string): Promise<Buffer> {
  const h = await fs.open(file, 'r');
  try {
    const b = Buffer.alloc(4);
    const { bytesRead } = await h.read(b, 0, 4, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await h.close();
  }
}

/** Expands a compressed archive into a private temporary file; the caller removes `dir`. */
export async function expandArchive(file: string, dir: string, max = MAX_EXPANDED_BYTES): Promise<string> {
  const out = path.join(dir, 'image.tar');
  const inflate = decompressing(await head(file));
  if (!inflate) throw new InputError(file, say('image.input.notCompressed'));
  let total = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _e, cb) {
      total += chunk.length;
      if (total > max) return cb(new UserError(say('image.input.bomb', { file, max })));
      cb(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(file), inflate, cap, createWriteStream(out, { mode: 0o600 }));
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new InputError(file, say('image.input.badCompressed', { error: messageOf(e) }), { hint: say('image.input.badCompressed.hint') });
  }
  return out;
}

const isArchiveDir = async (dir: string): Promise<boolean> => {
  for (const f of ['manifest.json', 'index.json', 'oci-layout'])
    if (
      await fs.lstat(path.join(dir, f)).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return true;
  return false;
};

/**
 * Opens what --input names. `name` picks an image of a several-image archive and must be one the archive holds
 * (when it holds names); without one the archive's own name is used, else the file's.
 */
export async function openInput(file: string, name?: string): Promise<OpenedInput> {
  const st = await fs.stat(file).catch((e: unknown) => {
    throw new InputError(file, say('image.input.cannotRead', { error: messageOf(e) }), { hint: say('image.input.cannotRead.hint') });
  });
  const wanted = name === '' ? undefined : name;
  const named = (archive: ImageArchive): OpenedInput => ({
    kind: 'archive',
    archive,
    name: wanted ?? (archive.repoTags[0] !== undefined ? displayName(archive.repoTags[0]) : nameFromFile(file)),
  });
  if (st.isDirectory()) {
    if (await isArchiveDir(file)) return named(await openArchiveFile(file, wanted));
    return { kind: 'directory', root: file, name: wanted ?? nameFromFile(file), directory: await directoryKind(file) };
  }
  if (!st.isFile()) throw new InputError(file, say('image.input.notFileOrDirectory'));
  if (compressionOf(await head(file)) === 'none') return named(await openArchiveFile(file, wanted));
  const dir = await tempDir('swarmguard-input-');
  const cleanup = (): Promise<void> => fs.rm(dir, { recursive: true, force: true });
  try {
    const archive = await openArchiveFile(await expandArchive(file, dir), wanted, file);
    return named({ ...archive, cleanup });
  } catch (e) {
    await cleanup();
    throw e;
  }
}
