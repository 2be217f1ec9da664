// `swarmguard swarm audit` (the live swarm) and `swarmguard audit` (everything, one report, a score).
import type { Command } from 'commander';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ExitCode } from '../core/errors.js';
import { toolVersion } from '../core/version.js';
import { pushNote } from '../core/message.js';
import { sayOnStderr } from '../i18n/user-errors.js';
import { auditMessages } from '../audit/messages.js';
import { connectEngine } from '../engine/connection.js';
import { takeSnapshot } from '../engine/snapshot.js';
import { collectHostFacts } from '../bench/host-facts.js';
import { benchFindings, runBench } from '../bench/runner.js';
import { runAudit } from '../audit/audit.js';
import { recordAuditRun } from '../history/audit-runs.js';
import { DEFAULT_BENCH_IMAGE } from '../bench/all-nodes.js';
import { auditSwarmServices, swarmAuditChecks } from '../audit/swarm-checks.js';
import { renderHtml } from '../report/html.js';
import { auditSummaryText } from '../report/audit-text.js';
import { resolveDbPath } from '../vulndb/paths.js';
import { addReportOptions, emitFindings, type ReportFlags } from './report-options.js';
import { action, reportWritten } from './run.js';
import { t } from '../i18n/messages.js';

export function registerAuditCommands(program: Command): void {
  const swarm = program.command('swarm').description(t('help.group.swarm'));
  const sa = swarm
    .command('audit')
    .description(
      'managers and quorum, autolock, certificates, overlay encryption (CIS section 7), service specs (secrets in env, socket mounts, limits, root, ingress ports), nodes, engine versions',
    );
  addReportOptions(sa);
  sa.action(
    action(async (flags: ReportFlags) => {
      const conn = await connectEngine();
      const snapshot = await takeSnapshot(conn, { withTop: false });
      const dataRoot = typeof snapshot.info.DockerRootDir === 'string' ? snapshot.info.DockerRootDir : undefined;
      const host = await collectHostFacts(dataRoot ? { dataRoot } : {});
      const findings = [
        ...benchFindings(runBench({ snapshot, host, options: { trustedUsers: [], swarmIntended: true, now: new Date() } }, { checks: ['7'] })),
        ...auditSwarmServices(snapshot),
      ];
      const notes: string[] = [];
      if (!snapshot.swarm) pushNote(notes, auditMessages.say('audit.note.thisNodeOnly'));
      return emitFindings(findings, flags, { command: 'swarm audit', rules: swarmAuditChecks.all().map((c) => c.meta), notes });
    }),
  );

  const audit = program
    .command('audit')
    .description(t('help.audit'))
    .option('-c, --compose-file <file>', 'stack files to lint too (repeatable)', (v: string, prev: string[] = []) => [...prev, v], [] as string[])
    .option('--db <path>', 'vulnerability database')
    .option('--no-bench', 'skip the CIS benchmark')
    .option('--all-nodes', 'run the benchmark on every node (a one-shot global job; see `bench --all-nodes`)')
    .option('--image <ref>', 'the swarmguard image for --all-nodes', DEFAULT_BENCH_IMAGE)
    .option('--engine-socket <path>', 'the engine socket on each node for --all-nodes', '/var/run/docker.sock')
    .option('--no-images', 'skip image lint and scan')
    .option('--trusted-users <users>', 'users allowed in the docker group', '')
    .option('--html <file>', t('help.audit.html'))
    .option('--strict', t('help.audit.strict'));
  addReportOptions(audit);
  audit.addHelpText(
    'after',
    '\nScore: 100 minus 10 per CRITICAL, 5 per HIGH, 2 per MEDIUM, 1 per LOW (not below 0).\nExit codes: 1 with --fail-on met, 4 with --strict when parts could not be checked.',
  );
  audit.action(
    action(
      async (
        flags: ReportFlags & {
          composeFile: string[];
          db?: string;
          bench: boolean;
          allNodes?: boolean;
          image: string;
          engineSocket: string;
          images: boolean;
          trustedUsers: string;
          html?: string;
          strict?: boolean;
        },
      ) => {
        const conn = await connectEngine();
        const result = await runAudit(conn, {
          composeFiles: flags.composeFile,
          dbPath: resolveDbPath(flags.db),
          bench: flags.bench,
          ...(flags.allNodes ? { allNodes: { image: flags.image, engineSocket: flags.engineSocket, timeoutMs: 180_000 } } : {}),
          images: flags.images,
          trustedUsers: flags.trustedUsers
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          log: sayOnStderr,
        });
        await recordAuditRun(conn, result);
        const ctx = { toolVersion: toolVersion(), command: 'audit', scanned: result.checked };
        if (flags.html) {
          await writeFileAtomic(flags.html, renderHtml(result.findings, ctx, { title: 'swarmguard audit', score: result.score, coverage: result.coverage }));
          reportWritten(flags.html);
        }
        const code = await emitFindings(result.findings, flags, {
          command: 'audit',
          scanned: result.checked,
          notes: result.coverage,
          score: result.score,
          after: (s) => auditSummaryText(result, s),
        });
        if (code !== ExitCode.OK) return code;
        return flags.strict && result.coverage.length > 0 ? ExitCode.FAILED : ExitCode.OK;
      },
    ),
  );
}
