// `swarmguard stack verify NAME`: the command builder, attached to the `stack` group (see addStackVerifyCommand).
import { Command, Option } from 'commander';
import { ExitCode, UserError } from '../core/errors.js';
import { loadCompose } from '../compose/load.js';
import { connectEngine } from '../engine/connection.js';
import { DEFAULT_PROBE_IMAGE } from '../stack/probe-run.js';
import { verifyStack } from '../stack/verify.js';
import { addReportOptions, emitFindings, type ReportFlags } from './report-options.js';
import { action } from './run.js';

interface VerifyFlags extends ReportFlags {
  port?: string[];
  timeout: string;
  composeFile?: string;
  probeImage: string;
  probeMethod: 'auto' | 'container' | 'service';
  sendMarker?: string;
  progress?: boolean;
}

export function parsePorts(values: string[] | undefined): number[] | undefined {
  if (!values || values.length === 0) return undefined;
  const out: number[] = [];
  for (const v of values.flatMap((x) => x.split(','))) {
    const n = Number(v.trim());
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UserError(M.say('stack.verify.port', { value: v }));
    out.push(n);
  }
  return [...new Set(out)];
}

function parseTimeout(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 1 || n > 60) throw new UserError(M.say('stack.verify.timeout', { value: v }));
  return n;
}

export { verifyText } from '../report/verify-text.js';
import { verifyText } from '../report/verify-text.js';
import { stackMessages as M } from '../stack/messages.js';

/** Adds `verify` to a `stack` command group. */
export function addStackVerifyCommand(stack: Command): Command {
  const cmd = stack
    .command('verify')
    .description(
      'check a deployed stack: tasks running as desired, networks encrypted, every service reaching every other by name (TCP), with the cause of each failure',
    )
    .argument('<name>', 'stack name')
    .option('--port <n...>', 'port(s) to try on every service (default: from -c FILE, published ports, or the image EXPOSE)')
    .option('--timeout <seconds>', 'connect timeout per attempt', '3')
    .option('-c, --compose-file <file>', "the stack file, to take each service's ports from")
    .option('--no-progress', 'no progress line on a terminal')
    .option(
      '--probe-image <image>',
      'image run beside each task for the probe; needs /bin/sh, nslookup, nc, timeout, awk (busybox) on every node',
      DEFAULT_PROBE_IMAGE,
    )
    .addOption(
      new Option('--probe-method <method>', "container: share the task's netns (node we talk to only); service: one-shot job pinned to the task's node")
        .choices(['auto', 'container', 'service'])
        .default('auto'),
    )
    .addOption(new Option('--send-marker <text>', 'send this line after connecting (to find the probe in a packet capture)').hideHelp());
  addReportOptions(cmd);
  cmd.action(
    action(async (name: string, flags: VerifyFlags) => {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) throw new UserError(M.say('stack.verify.notName', { name }));
      const ports = parsePorts(flags.port);
      const timeoutSeconds = parseTimeout(flags.timeout);
      let composePorts: Record<string, number[]> | undefined;
      if (flags.composeFile) {
        const loaded = await loadCompose([flags.composeFile]);
        composePorts = Object.fromEntries(Object.entries(loaded.model.services).map(([k, svc]) => [k, [...new Set(svc.ports.map((p) => p.target))]]));
      }
      const conn = await connectEngine();
      const progress = process.stderr.isTTY === true && flags.progress !== false;
      const result = await verifyStack(conn, name, {
        ...(ports ? { ports } : {}),
        ...(composePorts ? { composePorts } : {}),
        timeoutSeconds,
        probeImage: flags.probeImage,
        ...(flags.probeMethod !== 'auto' ? { method: flags.probeMethod } : {}),
        ...(flags.sendMarker !== undefined ? { marker: flags.sendMarker } : {}),
        onProbe: (done, total) => {
          if (progress) process.stderr.write(`\rprobing: ${done}/${total} probe(s) done (one per node and network)${done === total ? '\n' : ''}`);
        },
      });
      const code = await emitFindings(result.findings, flags, {
        before: (s) => verifyText(result, s.enabled),
        command: 'stack verify',
        scanned: [
          `stack ${name}`,
          ...result.pairs.map((p) => `${p.from.service}@${p.from.node} -> ${p.to.service}${p.to.port ? `:${p.to.port}` : ''}: ${p.status}`),
        ],
        extra: {
          stack: name,
          services: result.snapshot.services.map(({ vips, ...svc }) => ({ ...svc, vips })),
          networks: result.snapshot.networks.map((n) => ({ id: n.id, name: n.name, encrypted: n.encrypted })),
          pairs: result.pairs,
        },
      });
      const verified = result.findings.every((f) => f.severity === 'INFO' || f.severity === 'LOW');
      return verified ? code : ExitCode.FAILED;
    }),
  );
  return cmd;
}
