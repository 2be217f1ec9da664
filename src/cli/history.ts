// `swarmguard history [IMAGE]`: the scans kept in the history store, newest first.
import type { Command } from 'commander';
import { Option } from 'commander';
import { UserError } from '../core/errors.js';
import { SEVERITIES } from '../core/severity.js';
import { colorWanted, createStyler } from '../core/style.js';
import { renderTable } from '../core/table.js';
import { HistoryStore, defaultHistoryPath, newFindings } from '../history/store.js';
import { printable } from '../core/image-reference.js';
import { action } from './run.js';
import { t } from '../i18n/messages.js';
import { coreMessages } from '../core/messages.js';

export function registerHistoryCommands(program: Command): void {
  program
    .command('history')
    .description(t('help.group.history'))
    .argument('[image]', 'repository (e.g. registry:5000/team/web), repository:tag, or a digest sha256:…')
    .option('--history <file>', 'the history file', defaultHistoryPath())
    .option('-n, --limit <n>', 'at most N scans', '20')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      action((image: string | undefined, opts: { history: string; limit: string; format: string }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new UserError(coreMessages.say('core.limit.invalid', { value: opts.limit }));
        const store = new HistoryStore(opts.history);
        try {
          const scans = store.list({ ...(image ? { image } : {}), limit });
          const rows = scans.map((s) => {
            const prev = s.status === 'done' ? store.previousOfRepository(s.repository, s.id) : undefined;
            return { scan: s, fresh: s.status === 'done' ? newFindings(s, prev) : [], previousId: prev?.id ?? null };
          });
          if (opts.format === 'json') {
            const out = rows.map(({ scan, fresh, previousId }) => ({
              id: scan.id,
              digest: scan.digest,
              repository: scan.repository,
              tag: scan.tag,
              trigger: scan.trigger,
              status: scan.status,
              error: scan.error,
              queuedAt: scan.queuedAt,
              finishedAt: scan.finishedAt,
              counts: scan.counts,
              ...(scan.status === 'done'
                ? { covered: (scan.uncovered ?? []).length === 0, ...((scan.uncovered ?? []).length > 0 ? { uncovered: scan.uncovered } : {}) }
                : {}),
              comparedWith: previousId,
              newFindings: fresh.map((f) => ({ id: f.id, severity: f.severity, package: f.vulnerability?.package ?? null })),
            }));
            process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
            return;
          }
          const s = createStyler(colorWanted(process.stdout));
          if (rows.length === 0) {
            process.stdout.write(`no scans recorded${image ? ` for ${image}` : ''} in ${opts.history}\n`);
            return;
          }
          const table = rows.map(({ scan, fresh }) => [
            String(scan.id),
            scan.finishedAt ?? scan.queuedAt,
            printable(`${scan.repository}${scan.tag ? `:${scan.tag}` : ''}`),
            scan.digest.slice(0, 19),
            scan.trigger,
            scan.status === 'done' ? s.green('done') : scan.status === 'failed' ? s.red('failed') : s.yellow('queued'),
            scan.counts
              ? [
                  SEVERITIES.map((sev) => (scan.counts![sev] > 0 ? s.severity(sev, `${sev[0]}:${scan.counts![sev]}`) : ''))
                    .filter(Boolean)
                    .join(' ') || ((scan.uncovered ?? []).length > 0 ? '' : '0'),
                  (scan.uncovered ?? []).length > 0 ? s.yellow(printable(`not covered: ${(scan.uncovered ?? []).join(', ')}`)) : '',
                ]
                  .filter(Boolean)
                  .join(' ')
              : printable(scan.error ?? ''),
            fresh.length > 0 && scan.status === 'done' ? s.bold(`+${fresh.length} new`) : '',
          ]);
          process.stdout.write(`${renderTable(['ID', 'TIME', 'IMAGE', 'DIGEST', 'TRIGGER', 'STATUS', 'FINDINGS', 'NEW'], table)}\n`);
        } finally {
          store.close();
        }
      }),
    );
}
