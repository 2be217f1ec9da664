// `swarmguard host check`: host and daemon hardening tips (docker group, Docker API over TCP).
import type { Command } from 'commander';
import { collectHostTipFacts, hostTipChecks, runHostTipChecks } from '../hardening/index.js';
import { addReportOptions, emitFindings, type ReportFlags } from './report-options.js';
import { action } from './run.js';
import { t } from '../i18n/messages.js';

export function registerHostCommands(program: Command): void {
  const host = program.command('host').description(t('help.group.host'));
  const check = host
    .command('check')
    .description(
      'no ordinary users in the docker group; the Docker API over TCP only with TLS client authentication ' +
        "(checked in the daemon config and by an unauthenticated /_ping to each of dockerd's TCP ports on loopback)",
    )
    .option('--trusted-users <names>', 'comma-separated users allowed in the docker group', '');
  addReportOptions(check);
  check.action(
    action(async (opts: ReportFlags & { trustedUsers: string }) => {
      const facts = await collectHostTipFacts();
      const trustedUsers = opts.trustedUsers
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const findings = runHostTipChecks(facts, { trustedUsers });
      const notes: string[] = [];
      if (facts.daemons.length === 0) notes.push('no running dockerd found in /proc (not root, or the engine runs elsewhere): the API probe did not run');
      for (const d of facts.daemons) {
        const ports = d.probes.map((p) => `${p.bind}:${p.port} → ${p.result.kind}`);
        notes.push(
          `dockerd pid ${d.pid}: ${ports.length > 0 ? `probed ${ports.join(', ')}` : 'no Docker API TCP listener (swarm ports 2377/7946 are not the API)'}`,
        );
      }
      return emitFindings(findings, opts, { command: 'host check', rules: hostTipChecks.all().map((c) => c.meta), notes });
    }),
  );
}
