// rpm: the SQLite rpmdb of current RHEL-family images (each row of Packages is an rpm header blob).
// BerkeleyDB (var/lib/rpm/Packages) and ndb (Packages.db) databases are reported as unsupported.
import Database from 'better-sqlite3';
import { errorMessage } from '../../core/errors.js';
import type { Analyzer, AnalyzerOutput } from '../analyzer.js';
import type { Package } from '../types.js';

const TAG = { NAME: 1000, VERSION: 1001, RELEASE: 1002, EPOCH: 1003, LICENSE: 1014, ARCH: 1022, SOURCERPM: 1044 } as const;
const TYPE_INT32 = 4;
const STRING_TYPES = new Set([6, 8, 9]); // STRING, STRING_ARRAY, I18NSTRING

/** Reads the tags we need from an rpm header blob: index count, data length, 16-byte entries, data store. */
export function parseRpmHeader(blob: Buffer): Map<number, string | number> {
  const out = new Map<number, string | number>();
  if (blob.length < 8) throw new Error('header blob too short');
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  const dataStart = 8 + il * 16;
  if (il > 100_000 || dl > 64 * 1024 * 1024 || dataStart + dl > blob.length) throw new Error('header blob sizes do not fit');
  const wanted = new Set<number>(Object.values(TAG));
  for (let i = 0; i < il; i++) {
    const e = 8 + i * 16;
    const tag = blob.readUInt32BE(e);
    if (!wanted.has(tag)) continue;
    const type = blob.readUInt32BE(e + 4);
    const offset = blob.readUInt32BE(e + 8);
    if (offset >= dl) throw new Error(`tag ${tag} points outside the data store`);
    const at = dataStart + offset;
    if (type === TYPE_INT32) {
      if (at + 4 > dataStart + dl) throw new Error(`tag ${tag} runs past the data store`);
      out.set(tag, blob.readUInt32BE(at));
    } else if (STRING_TYPES.has(type)) {
      const end = blob.indexOf(0, at);
      if (end < 0 || end > dataStart + dl) throw new Error(`tag ${tag} has no terminator`);
      out.set(tag, blob.toString('utf8', at, end));
    }
  }
  return out;
}

/** "openssl-3.0.7-24.el9.src.rpm" → "openssl". */
export function sourceName(srpm: string): string | undefined {
  const m = /^(.+)-[^-]+-[^-]+\.(no)?src\.rpm$/.exec(srpm);
  return m?.[1];
}

export const rpmAnalyzer: Analyzer = {
  id: 'rpm',
  version: 1,
  wants: (p) => /^(var\/lib\/rpm|usr\/lib\/sysimage\/rpm)\/(rpmdb\.sqlite|Packages|Packages\.db)$/.test(p),
  analyze(input): AnalyzerOutput {
    if (!input.path.endsWith('rpmdb.sqlite')) {
      return { packages: [], warnings: [`${input.path}: this rpm database format (${input.path.endsWith('.db') ? 'ndb' : 'BerkeleyDB'}) is not supported; only the SQLite rpmdb of current RHEL-family images is read`] };
    }
    const packages: Package[] = [];
    const warnings: string[] = [];
    if (input.content.subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000') {
      return { packages, warnings: [`${input.path}: not a readable SQLite rpmdb (no SQLite header)`] };
    }
    let db: Database.Database;
    try {
      db = new Database(input.content, { readonly: true });
    } catch (e) {
      return { packages, warnings: [`${input.path}: not a readable SQLite rpmdb (${errorMessage(e)})`] };
    }
    try {
      const distro = input.os ? `${input.os.family}-${input.os.version}` : '';
      for (const row of db.prepare('SELECT hnum, blob FROM Packages').iterate() as IterableIterator<{ hnum: number; blob: Buffer }>) {
        let h: Map<number, string | number>;
        try {
          h = parseRpmHeader(row.blob);
        } catch (e) {
          warnings.push(`${input.path}: package #${row.hnum} skipped (${errorMessage(e)})`);
          continue;
        }
        const name = h.get(TAG.NAME);
        const version = h.get(TAG.VERSION);
        const release = h.get(TAG.RELEASE);
        if (typeof name !== 'string' || typeof version !== 'string' || name === 'gpg-pubkey') continue;
        const epoch = typeof h.get(TAG.EPOCH) === 'number' ? (h.get(TAG.EPOCH) as number) : undefined;
        const arch = typeof h.get(TAG.ARCH) === 'string' ? (h.get(TAG.ARCH) as string) : undefined;
        const srpm = h.get(TAG.SOURCERPM);
        const src = typeof srpm === 'string' ? sourceName(srpm) : undefined;
        const full = `${epoch !== undefined ? `${epoch}:` : ''}${version}${typeof release === 'string' ? `-${release}` : ''}`;
        const q = [arch ? `arch=${arch}` : '', epoch !== undefined ? `epoch=${epoch}` : '', distro ? `distro=${distro}` : ''].filter(Boolean).join('&');
        packages.push({
          type: 'rpm',
          name,
          version: full,
          ...(epoch !== undefined ? { epoch } : {}),
          ...(typeof release === 'string' ? { release } : {}),
          ...(arch ? { arch } : {}),
          ...(src ? { sourceName: src } : {}),
          ...(typeof h.get(TAG.LICENSE) === 'string' ? { license: h.get(TAG.LICENSE) as string } : {}),
          path: input.path,
          layer: input.layer,
          purl: `pkg:rpm/${encodeURIComponent(input.os?.family ?? 'rpm')}/${encodeURIComponent(name)}@${encodeURIComponent(`${version}${typeof release === 'string' ? `-${release}` : ''}`)}${q ? `?${q}` : ''}`,
        });
      }
    } catch (e) {
      warnings.push(`${input.path}: cannot read the Packages table (${errorMessage(e)})`);
    } finally {
      db.close();
    }
    return { packages, warnings };
  },
};
