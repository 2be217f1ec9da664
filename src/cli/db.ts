// `swarmguard db update / status / import / export`: the vulnerability database's lifecycle.
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../core/errors.js';
import { renderTable } from '../core/table.js';
import { exportBundle, importBundle, isBundle } from '../vulndb/bundle.js';
import { defaultSources, loadConfiguredSources, parseSourceFlag, type SourceConfig } from '../vulndb/config.js';
import { resolveConfigPath, resolveDbPath } from '../vulndb/paths.js';
import { VulnStore } from '../vulndb/store.js';
import { importFiles, updateDatabase } from '../vulndb/update.js';
import { cliMessages as M } from './messages.js';
import { action } from './run.js';
import { t } from '../i18n/messages.js';
import { inLocale } from '../i18n/user-errors.js';
import type { Message } from '../core/message.js';

const collect = (value: string, prev: string[] = []): string[] => [...prev, value];

function age(iso: string | undefined, now = Date.now()): string {
  if (iso === undefined) return '-';
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return '-';
  const m = Math.round(ms / 60000);
  if (m < 1) return 'just now';
  if (m < 120) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} days ago`;
}

function sizeText(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};
/** A progress line of db update / db import, in the reader's language. */
const logSaid = (line: Message): void => log(inLocale(line));

export function dbStatus(dbPath: string): Record<string, unknown> {
  const store = VulnStore.open(dbPath, { readonly: true });
  try {
    const counts = store.counts();
    return {
      path: dbPath,
      schemaVersion: store.schemaVersion(),
      size: statSync(dbPath).size,
      createdAt: store.getMeta('created_at') ?? null,
      updatedAt: store.getMeta('updated_at') ?? null,
      advisories: counts.advisories,
      affected: counts.affected,
      namespaces: store.namespaces(),
      sources: store.sources(),
    };
  } finally {
    store.close();
  }
}

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description(t('help.group.db'));

  db.command('update')
    .description(
      'download the configured advisory sources (by default OSV, Alpine secdb, the Debian security tracker, NVD, CISA KEV and FIRST EPSS) and swap in a new database atomically',
    )
    .option('--db <path>', 'database file (default $SWARMGUARD_DB or ~/.cache/swarmguard/db/vuln.db)')
    .option(
      '--source <spec>',
      'a source instead of the configured ones: URL, URL|MIRROR…, or TYPE=URL (osv, osv-zip, alpine-secdb, alpine-secdb-index, debian-tracker, nvd, kev, epss); repeatable',
      collect,
    )
    .option('--force', 'download everything even when the server says it has not changed')
    .action(
      action(async (opts: { db?: string; source?: string[]; force?: boolean }) => {
        const dbPath = resolveDbPath(opts.db);
        let sources: SourceConfig[];
        if (opts.source && opts.source.length > 0) sources = opts.source.map(parseSourceFlag);
        else sources = loadConfiguredSources(resolveConfigPath()) ?? defaultSources();
        const ids = new Set<string>();
        for (const s of sources) {
          if (ids.has(s.id)) throw new UserError(M.say('cli.db.sourceTwice', { id: s.id }));
          ids.add(s.id);
        }
        const outcomes = await updateDatabase(dbPath, sources, { ...(opts.force ? { force: true } : {}), log: logSaid });
        const imported = outcomes.filter((o) => o.status === 'imported').length;
        const fresh = outcomes.filter((o) => o.status === 'fresh').length;
        const freshNote = fresh > 0 ? `; ${fresh} imported recently, not asked for again yet` : '';
        log(imported > 0 ? `updated ${dbPath} (${imported} of ${outcomes.length} sources changed${freshNote})` : `${dbPath} is up to date${freshNote}`);
      }),
    );

  db.command('status')
    .description('where the database is, its schema, sources with counts and age')
    .option('--db <path>', 'database file')
    .option('--json', 'print JSON')
    .action(
      action((opts: { db?: string; json?: boolean }) => {
        const st = dbStatus(resolveDbPath(opts.db));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(st, null, 2)}\n`);
          return;
        }
        const sources = st.sources as ReturnType<VulnStore['sources']>;
        const lines = [
          `database    ${String(st.path)}`,
          `schema      ${String(st.schemaVersion)}`,
          `size        ${sizeText(st.size as number)}`,
          `updated     ${(st.updatedAt as string | null) ?? '-'} (${age((st.updatedAt as string | null) ?? undefined)})`,
          `advisories  ${String(st.advisories)} (${String(st.affected)} affected-package entries, ${(st.namespaces as unknown[]).length} namespaces)`,
          '',
          renderTable(
            ['SOURCE', 'TYPE', 'ADVISORIES', 'SKIPPED', 'IMPORTED', 'CHECKED'],
            sources.map((s) => [s.id, s.type, String(s.advisories), String(s.skipped), age(s.importedAt), age(s.fetchedAt)]),
            { align: ['left', 'left', 'right', 'right', 'left', 'left'] },
          ),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      }),
    );

  db.command('import')
    .description(
      'offline: install a bundle from `db export`, or import advisory files (OSV JSON/zip/dir, Alpine secdb files or a directory of them, Debian tracker JSON, NVD CVE JSON 2.0 feeds, the CISA KEV catalogue JSON, FIRST EPSS scores CSV)',
    )
    .argument('<path...>', 'bundle or advisory files')
    .option('--db <path>', 'database file')
    .option('--type <type>', 'the format of the files, instead of detecting it')
    .action(
      action(async (paths: string[], opts: { db?: string; type?: string }) => {
        const dbPath = resolveDbPath(opts.db);
        const bundles: string[] = [];
        const files: string[] = [];
        for (const p of paths) ((await isBundle(p)) ? bundles : files).push(p);
        if (bundles.length > 1 || (bundles.length === 1 && files.length > 0)) {
          throw new UserError(M.say('cli.db.bundleAlone'), { hint: M.say('cli.db.bundleAlone.hint') });
        }
        if (bundles[0] !== undefined) {
          const m = await importBundle(bundles[0], dbPath);
          log(`installed ${bundles[0]} as ${dbPath} (${m.sources.length} sources, made ${m.createdAt})`);
          return;
        }
        await importFiles(dbPath, files, { ...(opts.type !== undefined ? { type: opts.type } : {}), log: logSaid });
        log(`updated ${dbPath}`);
      }),
    );

  db.command('export')
    .description('write a bundle (the database and a manifest with its sha256) for `db import` on an air-gapped host')
    .argument('<file>', 'bundle to write (.tar.gz)')
    .option('--db <path>', 'database file')
    .action(
      action(async (file: string, opts: { db?: string }) => {
        const m = await exportBundle(resolveDbPath(opts.db), file);
        log(`wrote ${file} (${sizeText(m.database.size)} database, sha256 ${m.database.sha256.slice(0, 16)}…)`);
      }),
    );
}
