// NVD CVE JSON 2.0 importer: the yearly and modified feeds (nvdcve-2.0-YYYY.json.gz), and the per-CVE records the NVD API returns.
import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { UserError, messageOf } from '../../core/errors.js';
import { cvssBaseScore } from '../cvss.js';
import { arrayElements } from '../json-stream.js';
import type { AdvisoryRecord, CvssEntry } from '../model.js';
import type { ImportContext, Importer } from './types.js';
import { say } from '../messages.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** metrics key → CVSS version. v2's baseSeverity sits beside cvssData, v3's and v4's inside it. */
const METRIC_KEYS: readonly (readonly [string, string])[] = [
  ['cvssMetricV40', '4.0'],
  ['cvssMetricV31', '3.1'],
  ['cvssMetricV30', '3.0'],
  ['cvssMetricV2', '2.0'],
];

const SEVERITY_WORDS = new Set(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

/** The longest summary kept per CVE: the table shows a title, not NVD's full description. */
const SUMMARY_MAX = 300;

function summaryOf(cve: Json): string | undefined {
  const list = Array.isArray(cve.descriptions) ? cve.descriptions : [];
  const en = list.find((d): d is Json => isObject(d) && d.lang === 'en' && typeof d.value === 'string');
  const text = en ? str(en.value) : undefined;
  if (text === undefined) return undefined;
  return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 3)}...` : text;
}

/** One metric entry, or a reason it cannot be used. */
export function nvdMetric(m: unknown, version: string): CvssEntry | string {
  if (!isObject(m) || !isObject(m.cvssData)) return 'metric without cvssData';
  const data = m.cvssData;
  const vector = str(data.vectorString);
  if (vector === undefined) return 'metric without vectorString';
  const published =
    typeof data.baseScore === 'number' && Number.isFinite(data.baseScore) && data.baseScore >= 0 && data.baseScore <= 10 ? data.baseScore : undefined;
  const score = published ?? cvssBaseScore(vector)?.score;
  const sevRaw = str(version === '2.0' ? m.baseSeverity : data.baseSeverity)?.toUpperCase();
  const type = m.type === 'Primary' || m.type === 'Secondary' ? m.type : undefined;
  const source = str(m.source);
  return {
    vector,
    version,
    ...(score !== undefined ? { score } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(type !== undefined ? { type } : {}),
    ...(sevRaw !== undefined && SEVERITY_WORDS.has(sevRaw) ? { severity: sevRaw } : {}),
  };
}

/** One NVD `cve` object (or the `{cve: …}` item around it) to a record; undefined (with a skip) when unusable. */
export function nvdToRecord(item: unknown, skip: (reason: string) => void): AdvisoryRecord | undefined {
  const cve = isObject(item) && isObject(item.cve) ? item.cve : item;
  if (!isObject(cve)) {
    skip('malformed: a vulnerability that is not an object');
    return undefined;
  }
  const id = str(cve.id);
  if (id === undefined || !/^CVE-\d{4}-\d{4,}$/.test(id)) {
    skip(`malformed: record without a CVE id${id !== undefined ? ` (${id.slice(0, 40)})` : ''}`);
    return undefined;
  }
  const metrics = isObject(cve.metrics) ? cve.metrics : {};
  const cvss: CvssEntry[] = [];
  for (const [key, version] of METRIC_KEYS) {
    const list = metrics[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      skip(`malformed metric: ${id} ${key} is not a list`);
      continue;
    }
    for (const m of list) {
      const entry = nvdMetric(m, version);
      if (typeof entry === 'string') skip(`malformed metric: ${id} ${key}: ${entry}`);
      else cvss.push(entry);
    }
  }
  const rejected = cve.vulnStatus === 'Rejected';
  if (cvss.length === 0 && !rejected) {
    // "Awaiting Analysis", "Received", "Undergoing Analysis": nothing to rate with yet.
    skip(`no metrics: ${id} (${str(cve.vulnStatus) ?? 'no status'})`);
    return undefined;
  }
  const summary = summaryOf(cve);
  const published = str(cve.published);
  const modified = str(cve.lastModified);
  return {
    advisory: {
      id,
      aliases: [],
      ...(summary !== undefined ? { summary } : {}),
      cvss,
      ...(published !== undefined ? { published } : {}),
      ...(modified !== undefined ? { modified } : {}),
      references: [],
      ...(rejected ? { withdrawn: modified ?? published ?? '' } : {}),
    },
    affected: [],
  };
}

export async function isGzip(file: string): Promise<boolean> {
  const fh = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** The file's bytes, gunzipped when it is gzip; a corrupt or truncated gzip becomes a UserError. */
export async function* fileChunks(file: string): AsyncGenerator<Buffer> {
  const gz = await isGzip(file);
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const stream = gz ? input.pipe(createGunzip()) : input;
  if (gz) input.on('error', (e) => stream.destroy(e));
  try {
    for await (const c of stream) yield c as Buffer;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(say(gz ? 'vulndb.nvd.corruptGzip' : 'vulndb.nvd.unreadable', { file, error: messageOf(e) }), {
      hint: say('vulndb.cutShort.hint'),
    });
  }
}

export const nvdImporter: Importer = {
  id: 'nvd',
  description: 'NVD CVE JSON 2.0: yearly and modified feeds (nvdcve-2.0-*.json[.gz]) and NVD API responses',
  sniff(_head, text) {
    return (
      /"format"\s*:\s*"NVD_CVE"/.test(text) ||
      ((/"cve"\s*:\s*\{/.test(text) || /"id"\s*:\s*"CVE-/.test(text)) && /"(vulnStatus|sourceIdentifier)"\s*:/.test(text))
    );
  },
  async importFile(file, ctx: ImportContext) {
    let n = 0;
    for await (const el of arrayElements(fileChunks(file), 'vulnerabilities', file)) {
      if (!el.ok) {
        ctx.skip(`malformed: ${el.error.slice(0, 120)}`);
        continue;
      }
      const rec = nvdToRecord(el.value, ctx.skip);
      if (rec) ctx.emit(rec);
      ctx.progress?.(++n);
    }
  },
};
