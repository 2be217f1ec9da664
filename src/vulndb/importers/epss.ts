// FIRST's EPSS scores: the daily CSV (epss_scores-YYYY-MM-DD.csv, plain or gzip), read line by line.
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { UserError } from '../../core/errors.js';
import { CVE_ID_RE, type EpssEntry } from '../exploitation.js';
import { fileChunks } from './nvd.js';
import type { ImportContext, Importer } from './types.js';
import { say } from '../messages.js';

/** A longer line is not EPSS data; stop instead of buffering it. */
const MAX_LINE = 4096;

/** The comment line of model v3 and later files: `#model_version:v2023.03.01,score_date:2024-01-15T00:00:00+0000`. */
export function parseEpssComment(line: string): { model?: string; date?: string } {
  const out: { model?: string; date?: string } = {};
  for (const part of line.replace(/^#/, '').split(',')) {
    const i = part.indexOf(':');
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === 'model_version' && value !== '') out.model = value;
    if (key === 'score_date') {
      const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
      if (m?.[1] !== undefined && !Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`))) out.date = m[1];
    }
  }
  return out;
}

/** The date in the published file name (epss_scores-2024-01-15.csv.gz), for files without the comment line. */
export function dateFromFileName(file: string): string | undefined {
  return /(\d{4}-\d{2}-\d{2})/.exec(path.basename(file))?.[1];
}

/** Splits a stream of chunks into lines, refusing a line longer than MAX_LINE. */
async function* lines(chunks: AsyncIterable<Buffer>, file: string): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const c of chunks) {
    rest += decoder.write(c);
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, nl).replace(/\r$/, '');
      rest = rest.slice(nl + 1);
    }
    if (rest.length > MAX_LINE) throw new UserError(say('vulndb.epss.longLine', { file, max: MAX_LINE }));
  }
  rest += decoder.end();
  if (rest !== '') yield rest.replace(/\r$/, '');
}

const unit = (s: string | undefined): number | undefined => {
  if (s === undefined || !/^\d*\.?\d+(?:[eE][-+]?\d+)?$/.test(s.trim())) return undefined;
  const n = Number(s);
  return n >= 0 && n <= 1 ? n : undefined;
};

export const epssImporter: Importer = {
  id: 'epss',
  description: "FIRST's EPSS scores (epss_scores-YYYY-MM-DD.csv[.gz])",
  sniff(head) {
    const text = head.toString('utf8', 0, Math.min(head.length, 512)).replace(/^\uFEFF/, '');
    return /^#model_version:/.test(text) || /^cve,epss(?:,percentile)?\s*$/m.test(text.split('\n').slice(0, 2).join('\n'));
  },
  async importFile(file, ctx: ImportContext) {
    let date: string | undefined;
    let model: string | undefined;
    let columns: { cve: number; epss: number; percentile: number } | undefined;
    let n = 0;
    for await (const raw of lines(fileChunks(file), file)) {
      const line = raw.replace(/^\uFEFF/, '').trim();
      if (line === '') continue;
      if (line.startsWith('#')) {
        const c = parseEpssComment(line);
        date ??= c.date;
        model ??= c.model;
        continue;
      }
      if (columns === undefined) {
        const names = line.split(',').map((x) => x.trim().toLowerCase());
        const cve = names.indexOf('cve');
        const epss = names.indexOf('epss');
        if (cve < 0 || epss < 0)
          throw new UserError(say('vulndb.epss.notHeader', { file }), {
            hint: say('vulndb.epss.notHeader.hint'),
          });
        columns = { cve, epss, percentile: names.indexOf('percentile') };
        date ??= dateFromFileName(file);
        if (date === undefined) {
          throw new UserError(say('vulndb.epss.noDate', { file }), {
            hint: say('vulndb.epss.noDate.hint'),
          });
        }
        continue;
      }
      const cells = line.split(',');
      const cve = cells[columns.cve]?.trim() ?? '';
      const score = unit(cells[columns.epss]);
      const percentile = columns.percentile >= 0 ? unit(cells[columns.percentile]) : undefined;
      if (!CVE_ID_RE.test(cve)) ctx.skip(`malformed: not a CVE id: ${cve.slice(0, 40)}`);
      else if (score === undefined) ctx.skip(`malformed: ${cve}: the score is not a number from 0 to 1`);
      else if (columns.percentile >= 0 && percentile === undefined) ctx.skip(`malformed: ${cve}: the percentile is not a number from 0 to 1`);
      else {
        const entry: EpssEntry = {
          cve,
          score,
          date: date as string,
          ...(percentile !== undefined ? { percentile } : {}),
          ...(model !== undefined ? { model } : {}),
        };
        ctx.emit({ epss: entry });
      }
      ctx.progress?.(++n);
    }
    if (columns === undefined) throw new UserError(say('vulndb.epss.noHeader', { file }));
  },
};
