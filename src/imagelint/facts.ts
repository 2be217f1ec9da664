// What image lint looks at, read once: the config and history, and from the merged layers the shells,
// package managers, setuid/setgid files, package caches and credential files.
import { exportImage, inspectImage } from '../engine/api.js';
import { UserError } from '../core/errors.js';
import { rawMessage, type Message } from '../core/message.js';
import { engineMessage } from '../engine/models.js';
import { connectEngine } from '../engine/connection.js';
import { openArchiveStream, type ImageArchive, type ImageConfig } from '../image/archive.js';
import { openInput } from '../image/input.js';
import { imageMessages } from '../image/messages.js';
import { walkLayers, type TrackedEntry } from '../image/walker.js';
import { imagelintMessages as M } from './messages.js';

export const SHELLS = ['bin/sh', 'bin/bash', 'bin/dash', 'bin/ash', 'bin/zsh', 'usr/bin/bash', 'usr/bin/sh', 'usr/bin/dash', 'usr/bin/zsh', 'bin/busybox'];
export const PACKAGE_MANAGERS = [
  'usr/bin/apt',
  'usr/bin/apt-get',
  'usr/bin/dpkg',
  'sbin/apk',
  'usr/bin/yum',
  'usr/bin/dnf',
  'usr/bin/rpm',
  'usr/bin/microdnf',
  'usr/bin/pip',
  'usr/bin/pip3',
  'usr/local/bin/pip',
  'usr/local/bin/npm',
  'usr/bin/npm',
];
const CACHE =
  /^(var\/cache\/apt\/archives\/[^/]+\.deb|var\/lib\/apt\/lists\/[^/]+_(Packages|Sources|InRelease|Release)(\.\w+)?|var\/cache\/apk\/[^/]+|root\/\.cache\/pip\/.+|root\/\.npm\/_cacache\/.+)$/;
/** Files whose presence or content can hold credentials; read (small) to tell what kind. */
const CREDENTIAL_FILE =
  /(^|\/)(\.env|\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.aws\/credentials|\.docker\/config\.json|id_rsa|id_dsa|id_ecdsa|id_ed25519|[^/]+\.pem|[^/]+\.key|[^/]+\.p12|[^/]+\.pfx)$/;

export interface ImageLintFacts {
  ref: string;
  config: ImageConfig;
  /** Bytes of the image's layers (uncompressed, as stored). */
  size: number;
  tracked: Map<string, TrackedEntry>;
  /** Small credential-looking files, with their content (never printed). */
  files: Map<string, Buffer>;
  /** What the walk left out (an entry outside the root, a file over the limit), by id. */
  warnings: Message[];
}

const isSetid = (mode: number, type: string): boolean => type === 'file' && (mode & 0o6000) !== 0;

export async function collectImageLintFacts(ref: string, input?: string): Promise<ImageLintFacts> {
  let archive: ImageArchive;
  if (input) {
    const opened = await openInput(input, ref);
    if (opened.kind === 'directory') throw new UserError(M.say('imagelint.directory', { input }), { hint: M.say('imagelint.directory.hint') });
    ({ archive, name: ref } = opened);
  } else {
    const conn = await connectEngine();
    try {
      await inspectImage(conn.docker, ref);
    } catch (e) {
      throw new UserError(imageMessages.say('image.notOnEngine', { ref, error: rawMessage(engineMessage(e)) }), { hint: M.say('imagelint.notOnEngine.hint') });
    }
    archive = await openArchiveStream(await exportImage(conn.docker, ref), ref);
  }
  try {
    return await lintFactsFromArchive(archive, ref);
  } finally {
    await archive.cleanup();
  }
}

/** The facts of an image already opened (the caller keeps it open for other readers and cleans it up). */
export async function lintFactsFromArchive(archive: ImageArchive, ref: string): Promise<ImageLintFacts> {
  const walk = await walkLayers(archive.layers, {
    wants: (p) => CREDENTIAL_FILE.test(p),
    maxFileBytes: 256 * 1024,
    tracks: (p, mode, type) => SHELLS.includes(p) || PACKAGE_MANAGERS.includes(p) || CACHE.test(p) || isSetid(mode, type),
  });
  let size = 0;
  for (const l of archive.layers) size += l.size;
  const files = new Map<string, Buffer>();
  for (const [p, f] of walk.files) files.set(p, f.content);
  return { ref, config: archive.config, size, tracked: walk.tracked, files, warnings: walk.warnings };
}

export { isSetid, CACHE as PACKAGE_CACHE };
