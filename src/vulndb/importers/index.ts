// The importer registry, and picking the importer for a file by sniffing its first bytes.
import { promises as fs } from 'node:fs';
import { Registry } from '../../core/registry.js';
import { UserError } from '../../core/errors.js';
import { alpineSecdbImporter } from './alpine-secdb.js';
import { debianTrackerImporter } from './debian-tracker.js';
import { epssImporter } from './epss.js';
import { kevImporter } from './kev.js';
import { fileChunks, isGzip, nvdImporter } from './nvd.js';
import { osvImporter } from './osv.js';
import type { Importer } from './types.js';
import { say } from '../messages.js';

// KEV and EPSS first: their sniffs look for their own markers, and OSV's accepts much.
export const importers = new Registry<Importer>('importer').register(
  kevImporter,
  epssImporter,
  osvImporter,
  alpineSecdbImporter,
  debianTrackerImporter,
  nvdImporter,
);

/** Source types accepted in the config and on the command line, mapped to importer ids. */
const TYPE_ALIASES: Record<string, string> = {
  'osv-zip': 'osv',
  osv: 'osv',
  'alpine-secdb': 'alpine-secdb',
  alpine: 'alpine-secdb',
  'debian-tracker': 'debian-tracker',
  debian: 'debian-tracker',
  nvd: 'nvd',
  kev: 'kev',
  'cisa-kev': 'kev',
  epss: 'epss',
};

export function importerForType(type: string): Importer {
  const id = TYPE_ALIASES[type.toLowerCase()];
  const imp = id === undefined ? undefined : importers.get(id);
  if (!imp) {
    throw new UserError(say('vulndb.source.unknownType', { type }), {
      hint: say('vulndb.source.unknownType.hint', { types: Object.keys(TYPE_ALIASES).join(', ') }),
    });
  }
  return imp;
}

/** Finds the importer whose format the file is in. */
export async function detectImporter(file: string): Promise<Importer> {
  const st = await fs.stat(file).catch(() => undefined);
  if (!st) throw new UserError(say('vulndb.import.noSuchPath', { file }));
  if (st.isDirectory()) return importers.get('osv') as Importer;
  const slice = await readHead(file, 64 * 1024);
  const text = slice.toString('utf8');
  for (const imp of importers.all()) if (imp.sniff(slice, text)) return imp;
  throw new UserError(say('vulndb.import.unknownFormat', { file }), {
    hint: say('vulndb.import.unknownFormat.hint'),
  });
}

/** The first `n` bytes of a file, of its decompressed content when it is gzip (NVD feeds are .json.gz). */
export async function readHead(file: string, n: number): Promise<Buffer> {
  if (!(await isGzip(file))) {
    const fd = await fs.open(file, 'r');
    try {
      const head = Buffer.alloc(n);
      const { bytesRead } = await fd.read(head, 0, n, 0);
      return head.subarray(0, bytesRead);
    } finally {
      await fd.close();
    }
  }
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of fileChunks(file)) {
      parts.push(c);
      size += c.length;
      if (size >= n) break;
    }
  } catch {
    // A corrupt gzip: sniff what was readable; the import names the problem.
  }
  return Buffer.concat(parts).subarray(0, n);
}

export type { Importer, ImportContext } from './types.js';
export { SkipLog } from './types.js';
