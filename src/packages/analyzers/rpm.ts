// rpm: the three containers of rpm header blobs: SQLite (rpmdb.sqlite, RHEL 9), Berkeley DB (Packages, RHEL 7/8,
// Amazon Linux 2) and ndb (Packages.db, SUSE). The container is told by its magic, not its name.
import { SaidError, messageOf } from '../../core/errors.js';
import { isBdbHash, readBdbBlobs, type BlobList } from '../rpmdb/bdb.js';
import { isNdb, readNdbBlobs } from '../rpmdb/ndb.js';
import { isSqlite, readSqliteBlobs } from '../rpmdb/sqlite.js';
import { MiB, type Analyzer, type AnalyzerOutput } from '../analyzer.js';
import { warningWithin } from '../incomplete.js';
import type { Package } from '../types.js';
import { analyzerMessages as M } from './messages.js';
import { purlDistro, purlNamespace } from './os-release.js';

const TAG = { NAME: 1000, VERSION: 1001, RELEASE: 1002, EPOCH: 1003, LICENSE: 1014, ARCH: 1022, SOURCERPM: 1044 } as const;
const TYPE_INT32 = 4;
const STRING_TYPES = new Set([6, 8, 9]); // STRING, STRING_ARRAY, I18NSTRING

/** Why an rpm header blob cannot be read, by id. */
export class RpmHeaderError extends SaidError {}

/** Reads the tags we need from an rpm header blob: index count, data length, 16-byte entries, data store. */
export function parseRpmHeader(blob: Buffer): Map<number, string | number> {
  const out = new Map<number, string | number>();
  if (blob.length < 8) throw new RpmHeaderError(M.say('analyzers.rpm.header.tooShort'));
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  const dataStart = 8 + il * 16;
  if (il > 100_000 || dl > 64 * 1024 * 1024 || dataStart + dl > blob.length) throw new RpmHeaderError(M.say('analyzers.rpm.header.sizes'));
  const wanted = new Set<number>(Object.values(TAG));
  for (let i = 0; i < il; i++) {
    const e = 8 + i * 16;
    const tag = blob.readUInt32BE(e);
    if (!wanted.has(tag)) continue;
    const type = blob.readUInt32BE(e + 4);
    const offset = blob.readUInt32BE(e + 8);
    if (offset >= dl) throw new RpmHeaderError(M.say('analyzers.rpm.header.tagOutside', { tag }));
    const at = dataStart + offset;
    if (type === TYPE_INT32) {
      if (at + 4 > dataStart + dl) throw new RpmHeaderError(M.say('analyzers.rpm.header.tagPastEnd', { tag }));
      out.set(tag, blob.readUInt32BE(at));
    } else if (STRING_TYPES.has(type)) {
      const end = blob.indexOf(0, at);
      if (end < 0 || end > dataStart + dl) throw new RpmHeaderError(M.say('analyzers.rpm.header.noTerminator', { tag }));
      out.set(tag, blob.toString('utf8', at, end));
    }
  }
  return out;
}

/** "util-linux-2.32.1-42.el8_8.src.rpm" → name, version-release. */
export function splitSourceRpm(srpm: string): { name: string; version: string } | undefined {
  const m = /^(.+)-([^-]+-[^-]+)\.(no)?src\.rpm$/.exec(srpm);
  return m ? { name: m[1]!, version: m[2]! } : undefined;
}

function readBlobs(buf: Buffer): BlobList & { format: string } {
  if (isSqlite(buf)) return { format: 'SQLite', ...readSqliteBlobs(buf) };
  if (isNdb(buf)) return { format: 'ndb', ...readNdbBlobs(buf) };
  if (isBdbHash(buf)) return { format: 'Berkeley DB', ...readBdbBlobs(buf) };
  return { format: 'unknown', blobs: [], warnings: [M.say('analyzers.rpm.unknownFormat')] };
}

const str = (v: string | number | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export const rpmAnalyzer: Analyzer = {
  id: 'rpm',
  version: 3,
  limits: { maxFileBytes: 512 * MiB, maxFiles: 4 },
  wants: (p) => /^(var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\/(rpmdb\.sqlite|Packages|Packages\.db)$/.test(p),
  analyze(input): AnalyzerOutput {
    const packages: Package[] = [];
    const db = readBlobs(input.content);
    const path = input.path;
    const warnings = db.warnings.map((w) => warningWithin(M.say('analyzers.rpm.dbWarning', { path, format: db.format, warning: w }), w));
    const distro = purlDistro(input.os) ?? '';
    const ns = purlNamespace(input.os, 'rpm');
    let unreadable = 0;
    for (const blob of db.blobs) {
      let h: Map<number, string | number>;
      try {
        h = parseRpmHeader(blob);
      } catch (e) {
        if (unreadable++ < 5) warnings.push(M.say('analyzers.rpm.headerSkipped', { path, error: messageOf(e) }));
        continue;
      }
      const name = str(h.get(TAG.NAME));
      const version = str(h.get(TAG.VERSION));
      const release = str(h.get(TAG.RELEASE));
      if (!name || !version || name === 'gpg-pubkey') continue;
      const e = h.get(TAG.EPOCH);
      const epoch = typeof e === 'number' ? e : undefined;
      const arch = str(h.get(TAG.ARCH));
      const srpm = str(h.get(TAG.SOURCERPM));
      const src = srpm ? splitSourceRpm(srpm) : undefined;
      const license = str(h.get(TAG.LICENSE));
      const vr = `${version}${release !== undefined ? `-${release}` : ''}`;
      const q = [arch ? `arch=${arch}` : '', epoch !== undefined ? `epoch=${epoch}` : '', distro ? `distro=${encodeURIComponent(distro)}` : '']
        .filter(Boolean)
        .join('&');
      packages.push({
        type: 'rpm',
        name,
        version: `${epoch !== undefined ? `${epoch}:` : ''}${vr}`,
        ...(epoch !== undefined ? { epoch } : {}),
        ...(release !== undefined ? { release } : {}),
        ...(arch ? { arch } : {}),
        ...(src ? { sourceName: src.name, sourceVersion: src.version } : {}),
        ...(license ? { license } : {}),
        path: input.path,
        layer: input.layer,
        purl: `pkg:rpm/${encodeURIComponent(ns)}/${encodeURIComponent(name)}@${encodeURIComponent(vr)}${q ? `?${q}` : ''}`,
      });
    }
    if (unreadable > 5) warnings.push(M.say('analyzers.rpm.moreHeadersSkipped', { path, count: unreadable - 5 }));
    return { packages, warnings };
  },
};
