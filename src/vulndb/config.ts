// Advisory sources: from the config file, from --source flags, or the defaults.
import { readFileSync, existsSync } from 'node:fs';
import { InputError, UserError, messageOf } from '../core/errors.js';
import { importerForType } from './importers/index.js';
import { say } from './messages.js';

export interface SourceConfig {
  /** Stable key in the DB (ETag, counts); defaults to the first URL. */
  id: string;
  /** Importer type; undefined means "detect from the downloaded file". */
  type?: string;
  /** The URL and its mirrors, tried in order. */
  urls: string[];
  /** Not asked for again until this many days after its last import (the modified feed carries the changes). */
  refreshDays?: number;
}

const OSV = 'https://osv-vulnerabilities.storage.googleapis.com';
const NVD = 'https://nvd.nist.gov/feeds/json/cve/2.0';

/**
 * CISA's Known Exploited Vulnerabilities catalogue, and its official mirror on GitHub (cisagov/kev-data, updated
 * with every catalogue release).
 */
export const KEV_URLS = [
  'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
  'https://raw.githubusercontent.com/cisagov/kev-data/main/known_exploited_vulnerabilities.json',
];

/**
 * FIRST's EPSS scores of the day (gzip CSV): the host FIRST names for the bulk download (it redirects to the dated
 * file), then the older host that still serves the same files.
 */
export const EPSS_URLS = ['https://epss.empiricalsecurity.com/epss_scores-current.csv.gz', 'https://epss.cyentia.com/epss_scores-current.csv.gz'];

/** OSV exports per ecosystem: the distributions without a feed of their own here, and the language ecosystems. */
const OSV_ECOSYSTEMS = [
  'npm',
  'PyPI',
  'Go',
  'Maven',
  'RubyGems',
  'Packagist',
  'NuGet',
  'crates.io',
  'Ubuntu',
  'Rocky Linux',
  'AlmaLinux',
  'Red Hat',
  'SUSE',
  'openSUSE',
  'Wolfi',
  'Chainguard',
];

/**
 * Public feeds used when neither the config file nor --source names any: the Debian tracker, every
 * branch the Alpine secdb lists, the OSV exports, NVD (the yearly feeds from 2002 to this year,
 * fetched again weekly, plus the modified feed every time, which carries the last eight days' changes),
 * and the exploitation data `--sort risk` and the policy's known-exploited rule use: CISA KEV and FIRST EPSS
 * (both asked for every time, conditionally: KEV changes a few times a week, EPSS daily).
 */
export function defaultSources(now = new Date()): SourceConfig[] {
  const years: number[] = [];
  for (let y = 2002; y <= now.getUTCFullYear(); y++) years.push(y);
  return [
    { id: 'debian-tracker', type: 'debian-tracker', urls: ['https://security-tracker.debian.org/tracker/data/json'] },
    { id: 'alpine', type: 'alpine-secdb-index', urls: ['https://secdb.alpinelinux.org/'] },
    ...OSV_ECOSYSTEMS.map((e) => ({
      id: `osv-${e.toLowerCase().replace(/[^a-z0-9.]+/g, '-')}`,
      type: 'osv',
      urls: [`${OSV}/${encodeURIComponent(e)}/all.zip`],
    })),
    ...years.map((y) => ({ id: `nvd-${y}`, type: 'nvd', urls: [`${NVD}/nvdcve-2.0-${y}.json.gz`], refreshDays: 7 })),
    { id: 'nvd-modified', type: 'nvd', urls: [`${NVD}/nvdcve-2.0-modified.json.gz`] },
    { id: 'kev', type: 'kev', urls: [...KEV_URLS] },
    { id: 'epss', type: 'epss', urls: [...EPSS_URLS] },
  ];
}

/**
 * A source URL as it is stored and printed: scheme, host and path only. A query string or a fragment may hold
 * a token; it is used for the download, never kept in the DB, the bundles or `db status`.
 */
export function publicUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

function checkUrl(url: string, where: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    // The value is not quoted: a mistyped URL may still hold a token.
    throw new UserError(say('vulndb.url.notUrl', { where, length: url.length }), { hint: say('vulndb.url.notUrl.hint') });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UserError(say('vulndb.url.scheme', { where, url: publicUrl(url) }));
  if (u.username || u.password)
    throw new UserError(say('vulndb.url.credentials', { where, url: publicUrl(url) }), {
      hint: say('vulndb.url.credentials.hint'),
    });
  return url;
}

/**
 * `--source` values: `URL`, `URL|MIRROR|…`, or `TYPE=URL|MIRROR…` (types: osv, osv-zip,
 * alpine-secdb, alpine-secdb-index, debian-tracker, nvd, kev, epss). Without a type the format is detected from the file.
 */
export function parseSourceFlag(value: string): SourceConfig {
  const eq = value.indexOf('=');
  let type: string | undefined;
  let rest = value;
  if (eq > 0 && !value.slice(0, eq).includes(':')) {
    type = value.slice(0, eq);
    rest = value.slice(eq + 1);
    if (type !== 'alpine-secdb-index') importerForType(type);
  }
  const urls = rest.split('|').map((u) => checkUrl(u.trim(), '--source'));
  const first = urls[0];
  if (first === undefined) throw new UserError(say('vulndb.source.noUrl'));
  return { id: publicUrl(first), ...(type !== undefined ? { type } : {}), urls };
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
    throw new InputError(file, say('vulndb.config.notJson', { error: messageOf(e) }));
  }
  const vulndb = (doc as { vulndb?: { sources?: unknown } } | null)?.vulndb;
  if (vulndb?.sources === undefined) return undefined;
  if (!Array.isArray(vulndb.sources)) throw new InputError(file, say('vulndb.config.notList'));
  return vulndb.sources.map((raw: RawSource, i: number) => {
    const where = `${file}: vulndb.sources[${i}]`;
    const urls = [
      ...(typeof raw.url === 'string' ? [raw.url] : []),
      ...(Array.isArray(raw.urls) ? (raw.urls as unknown[]) : []),
      ...(Array.isArray(raw.mirrors) ? (raw.mirrors as unknown[]) : []),
    ].map((u) =>
      typeof u === 'string'
        ? checkUrl(u, where)
        : (() => {
            throw new UserError(say('vulndb.config.urlNotString', { where }));
          })(),
    );
    const first = urls[0];
    if (first === undefined) throw new UserError(say('vulndb.config.noUrl', { where }));
    if (raw.type !== undefined && typeof raw.type !== 'string') throw new UserError(say('vulndb.config.typeNotString', { where }));
    if (typeof raw.type === 'string' && raw.type !== 'alpine-secdb-index') importerForType(raw.type);
    return { id: typeof raw.id === 'string' && raw.id !== '' ? raw.id : publicUrl(first), ...(typeof raw.type === 'string' ? { type: raw.type } : {}), urls };
  });
}
