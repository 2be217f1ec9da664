// `swarmguard network check`: overlay encryption, ingress, and (with --node-checks) this node's network prerequisites.
import type { Command } from 'commander';
import { connectEngine } from '../engine/connection.js';
import type { Finding, RuleMeta } from '../core/finding.js';
import { metaOf } from '../network/check.js';
import { evaluateOverlays, overlayChecks } from '../network/checks/overlay.js';
import { collectOverlayNetworks, describeEncryptionLocation, type OverlayNetwork } from '../network/overlay.js';
import { evaluateNode, nodeChecks } from '../network/checks/node.js';
import { collectNodeFacts } from '../network/collect-node.js';
import { nodeFactsJson } from '../network/node-facts.js';
import { notesOf } from '../core/message.js';
import { addReportOptions, emitFindings, type ReportFlags } from './report-options.js';
import { action } from './run.js';
import { UserError } from '../core/errors.js';
import { t } from '../i18n/messages.js';

/** One network as the table shows it, for JSON: scope, encrypted and where the option lives. */
function networkRow(n: OverlayNetwork): Record<string, unknown> {
  return {
    name: n.name,
    id: n.id,
    scope: n.scope,
    attachable: n.attachable,
    internal: n.internal,
    ingress: n.ingress,
    encrypted: n.encrypted,
    option: describeEncryptionLocation(n),
    encryptionKeys: n.encryptionKeys.map((k) => ({ location: k.location, key: k.key })),
    services: n.services ?? [],
    ...(n.stack !== undefined ? { stack: n.stack } : {}),
  };
}

export { nodeSummary, overlayTable } from '../report/network-text.js';
import { nodeSummary, overlayTable } from '../report/network-text.js';
import { networkMessages } from '../network/messages.js';

interface CheckFlags extends ReportFlags {
  nodeChecks?: boolean;
  sample?: string;
}

function sampleMs(value: string | undefined): number {
  const n = Number(value ?? '1');
  if (!Number.isFinite(n) || n < 0 || n > 60) throw new UserError(networkMessages.say('network.sample.invalid', { value: String(value) }));
  return Math.round(n * 1000);
}

export function registerNetworkCommands(program: Command): void {
  const network = program.command('network').description(t('help.group.network'));
  const check = network
    .command('check')
    .description('list overlay networks with their encryption; findings for unencrypted overlays, a misplaced option and the ingress network');
  check.option('--node-checks', 'also diagnose this node: firewall (ESP, 2377, 7946, 4789), kernel IPsec/xt_u32/IPVS, SAs, xfrm drops');
  check.option('--sample <seconds>', 'with --node-checks: read xfrm_stat twice this far apart to see rising drops', '1');
  addReportOptions(check);
  check.action(
    action(async (flags: CheckFlags) => {
      const ms = sampleMs(flags.sample);
      const conn = await connectEngine();
      const networks = await collectOverlayNetworks(conn);
      const findings: Finding[] = evaluateOverlays(networks);
      const rules: RuleMeta[] = overlayChecks.all().map(metaOf);
      const facts = flags.nodeChecks ? await collectNodeFacts(conn, { sampleMs: ms }) : undefined;
      if (facts) {
        findings.push(...evaluateNode(facts));
        rules.push(...nodeChecks.all().map(metaOf));
      }
      return emitFindings(findings, flags, {
        before: (s) => `${overlayTable(networks, s.enabled)}\n\n${facts ? `${nodeSummary(facts)}\n\n` : ''}`,
        command: 'network check',
        rules,
        scanned: networks.map((n) => `network ${n.name} (${n.encrypted ? 'encrypted' : 'not encrypted'})`),
        extra: { networks: networks.map(networkRow), ...(facts ? { node: nodeFactsJson(facts) } : {}) },
      });
    }),
  );

  const diagnose = network
    .command('diagnose')
    .description(
      'diagnose this node: firewall (ESP = IP protocol 50, 2377/tcp, 7946/tcp+udp, 4789/udp), kernel IPsec/xt_u32/IPVS, IPsec SAs, xfrm drop counters',
    );
  diagnose.option('--sample <seconds>', 'read xfrm_stat twice this far apart to see rising drops', '1');
  diagnose.option('--no-engine', 'do not ask the engine for peers and encrypted networks (host facts only)');
  addReportOptions(diagnose);
  diagnose.action(
    action(async (flags: CheckFlags & { engine?: boolean }) => {
      const ms = sampleMs(flags.sample);
      const conn = flags.engine === false ? undefined : await connectEngine();
      const facts = await collectNodeFacts(conn, { sampleMs: ms });
      const findings = evaluateNode(facts);
      return emitFindings(findings, flags, {
        before: () => `${nodeSummary(facts)}\n\n`,
        command: 'network diagnose',
        rules: nodeChecks.all().map(metaOf),
        scanned: [`node ${facts.hostname}`],
        // Said in the reader's language by the table; the JSON keeps their English.
        notes: notesOf(facts.firewall.warnings.slice(0, 5)),
      });
    }),
  );
}
