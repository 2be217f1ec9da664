// Advisory sources: from the config file, from --source flags, or the defaults.
import { readFileSync, existsSync } from 'node:fs';
import { InputError, UserError } from '../core/errors.js';
import { importerForType } from './importers/index.js';

export interface SourceConfig {
  /** Stable key in the DB (ETag, counts); defaults to the first URL. */
  id: string;
  /** Importer type; undefined means "detect from the downloaded file". */
  type?: string;
  /** The URL and its mirrors, tried in order. */
  urls: string[];
}

/** Public feeds used when neither the config file nor --source names any. */
export const DEFAULT_SOURCES: readonly SourceConfig[] = Object.freeze([
  { id: 'debian-tracker', type: 'debian-tracker', urls: ['https://security-tracker.debian.org/tracker/data/json'] },
  ...['v3.18', 'v3.19', 'v3.20', 'v3.21'].flatMap((v) =>
    ['main', 'community'].map((repo) => ({ id: `alpine-${v}-${repo}`, type: 'alpine-secdb', urls: [`https://secdb.alpinelinux.org/${v}/${repo}.json`] })),
  ),
  { id: 'osv-npm', type: 'osv', urls: ['https://osv-vulnerabilities.storage.googleapis.com/npm/all.zip'] },
  { id: 'osv-pypi', type: 'osv', urls: ['https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip'] },
]);

function checkUrl(url: string, where: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`${where}: "${url}" is not a URL`, { hint: 'use http:// or https:// URLs' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UserError(`${where}: only http and https URLs are supported (${url})`);
  return url;
}

/**
 * `--source` values: `URL`, `URL|MIRROR|…`, or `TYPE=URL|MIRROR…` (types: osv, osv-zip,
 * alpine-secdb, debian-tracker). Without a type the format is detected from the file.
 */
export function parseSourceFlag(value: string): SourceConfig {
  const eq = value.indexOf('=');
  let type: string | undefined;
  let rest = value;
  if (eq > 0 && !value.slice(0, eq).includes(':')) {
    type = value.slice(0, eq);
    rest = value.slice(eq + 1);
    importerForType(type);
  }
  const urls = rest.split('|').map((u) => checkUrl(u.trim(), '--source'));
  const first = urls[0];
  if (first === undefined) throw new UserError('--source: no URL given');
  return { id: first, ...(type !== undefined ? { type } : {}), urls };
}

interface RawSource {
  id?: unknown;
  type?: unknown;
  url?: unknown;
  urls?: unknown;
  mirrors?: unknown;
}

/** Reads `vulndb.sources` from the config file; undefined when the file or the key is absent. */
export function loadConfiguredSources(file: string): SourceConfig[] | undefined {
  if (!existsSync(file)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(file, `not valid JSON: ${(e as Error).message}`);
  }
  const vulndb = (doc as { vulndb?: { sources?: unknown } } | null)?.vulndb;
  if (vulndb?.sources === undefined) return undefined;
  if (!Array.isArray(vulndb.sources)) throw new InputError(file, 'vulndb.sources must be a list');
  return vulndb.sources.map((raw: RawSource, i: number) => {
    const where = `${file}: vulndb.sources[${i}]`;
    const urls = [
      ...(typeof raw.url === 'string' ? [raw.url] : []),
      ...(Array.isArray(raw.urls) ? raw.urls : []),
      ...(Array.isArray(raw.mirrors) ? raw.mirrors : []),
    ].map((u) => (typeof u === 'string' ? checkUrl(u, where) : (() => { throw new UserError(`${where}: URLs must be strings`); })()));
    const first = urls[0];
    if (first === undefined) throw new UserError(`${where}: needs "url" or "urls"`);
    if (raw.type !== undefined && typeof raw.type !== 'string') throw new UserError(`${where}: "type" must be a string`);
    if (typeof raw.type === 'string') importerForType(raw.type);
    return { id: typeof raw.id === 'string' && raw.id !== '' ? raw.id : first, ...(typeof raw.type === 'string' ? { type: raw.type } : {}), urls };
  });
}
