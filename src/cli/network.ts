// `swarmguard network check`: overlay encryption, ingress, and (with --node-checks) this node's network prerequisites.
import type { Command } from 'commander';
import { connectEngine } from '../engine/connection.js';
import { renderTable } from '../core/table.js';
import { colorWanted, createStyler } from '../core/style.js';
import type { Finding, RuleMeta } from '../core/finding.js';
import { metaOf } from '../network/check.js';
import { evaluateOverlays, overlayChecks } from '../network/checks/overlay.js';
import { collectOverlayNetworks, describeEncryptionLocation, type OverlayNetwork } from '../network/overlay.js';
import { addReportOptions, emitFindings, type ReportFlags } from './report-options.js';
import { action } from './run.js';

const FORMATS = ['text', 'json', 'sarif'] as const;

export function overlayTable(networks: OverlayNetwork[], color: boolean): string {
  const s = createStyler(color);
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const rows = networks.map((n) => [
    n.name,
    n.scope,
    yesNo(n.attachable),
    yesNo(n.internal),
    n.ingress ? 'yes' : '',
    n.encrypted ? s.green('yes') : s.red('no'),
    describeEncryptionLocation(n),
    (n.services ?? []).join(','),
  ]);
  return renderTable(['NETWORK', 'SCOPE', 'ATTACHABLE', 'INTERNAL', 'INGRESS', 'ENCRYPTED', 'OPTION', 'SERVICES'], rows);
}

export function registerNetworkCommands(program: Command): void {
  const network = program.command('network').description('overlay encryption and node network prerequisites');
  const check = network
    .command('check')
    .description('list overlay networks with their encryption; findings for unencrypted overlays, a misplaced option and the ingress network');
  addReportOptions(check, FORMATS);
  check.action(
    action(async (flags: ReportFlags) => {
      const conn = await connectEngine();
      const networks = await collectOverlayNetworks(conn);
      const findings: Finding[] = evaluateOverlays(networks);
      const rules: RuleMeta[] = overlayChecks.all().map(metaOf);
      if (flags.format === 'text' && flags.output === undefined) {
        process.stdout.write(`${overlayTable(networks, flags.color !== false && colorWanted(process.stdout))}\n\n`);
      }
      return emitFindings(findings, flags, {
        command: 'network check',
        rules,
        scanned: networks.map((n) => `network ${n.name} (${n.encrypted ? 'encrypted' : 'not encrypted'})`),
      });
    }),
  );
}
