// `swarmguard dashboard`: the security dashboard over the history that `audit`, `serve` and `watch` write.
// A command of its own rather than `serve --ui`: it only reads the history file, so it runs beside a `serve`
// or a `watch` (or neither), restarts without touching their queues, and learns of their scans from the file.
import path from 'node:path';
import { checkToken, givenToken, keptToken, tlsFiles } from '../autoscan/serve-auth.js';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { ExitCode, UserError, messageOf } from '../core/errors.js';
import { rawMessage, type Message } from '../core/message.js';
import { autoscanMessages } from '../autoscan/messages.js';
import { toolVersion } from '../core/version.js';
import { isLoopbackHost } from '../autoscan/server.js';
import { createDashboardServer, type DashboardServer } from '../dashboard/server.js';
import { imageIndex, recentScans, type Sources } from '../dashboard/model.js';
import { AuditRunStore } from '../history/audit-runs.js';
import { HistoryStore, defaultHistoryPath } from '../history/store.js';
import { isPostgresUrl, mirrorSharedHistory } from '../history/shared-reader.js';
import { inventoryToCycloneDx } from '../image/cyclonedx.js';
import { inventoryImage } from '../image/inventory.js';
import { cliMessages as M } from './messages.js';
import { listenOn, parseListen } from './option-values.js';
import { action } from './run.js';
import { t } from '../i18n/messages.js';

interface DashboardFlags {
  listen: string;
  history: string;
  tokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  sbom: boolean;
}

/** The image references the engine may know an image by, most exact first. */
function candidateRefs(src: Sources, key: string): string[] {
  const e = imageIndex(src, recentScans(src), src.runs.latest()).find((x) => x.key === key);
  if (!e) throw new UserError(M.say('cli.dashboard.noImage', { key }));
  const refs = [key];
  if (e.digest) refs.push(`${e.repository}@${e.digest}`);
  refs.push(`${e.repository}:${e.tag ?? 'latest'}`);
  return [...new Set(refs)];
}

export function registerDashboardCommands(program: Command): void {
  program
    .command('dashboard')
    .description(t('help.group.dashboard'))
    .option('--listen <host:port>', 'where to listen (loopback by default; elsewhere needs --token-file or --tls-ca)', '127.0.0.1:8091')
    .option('--history <file>', 'the history file that audit, serve and watch write', defaultHistoryPath())
    .option('--token-file <file>', 'require this bearer token (or $SWARMGUARD_DASHBOARD_TOKEN); browsers sign in once on /login')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate')
    .option('--tls-key <file>', 'and this key')
    .option('--tls-ca <file>', 'require client certificates signed by this CA (mutual TLS)')
    .option('--no-sbom', 'do not offer SBOM downloads (they read the image from the engine on request)')
    .addHelpText(
      'after',
      '\nPages: / (overview), /services, /images, /nodes, /networks, /runs; live updates on /events (server-sent events).\nRecord audit runs with `swarmguard audit`; `serve` and `watch` record scans in the same file.',
    )
    .action(action(runDashboard));
}

/**
 * The dashboard's token: the one given, or (on loopback too, as serve does: every local user can reach a loopback
 * port) one made and kept beside the history (0600), so that a browser's user signs in with it. Off loopback, a
 * token or mutual TLS is required.
 */
function dashboardToken(flags: DashboardFlags, host: string): { token?: string; keptIn?: string } {
  const token = givenToken(process.env.SWARMGUARD_DASHBOARD_TOKEN, flags.tokenFile);
  if (token !== undefined) checkToken(token, autoscanMessages.say('autoscan.token.where.dashboard'));
  if (!isLoopbackHost(host) && token === undefined && flags.tlsCa === undefined) {
    throw new UserError(autoscanMessages.say('autoscan.noAuth', { host }), { hint: M.say('cli.dashboard.noAuth.hint') });
  }
  if (token !== undefined || flags.tlsCa !== undefined) return token !== undefined ? { token } : {};
  const keptIn = path.join(path.dirname(path.resolve(flags.history)), 'dashboard-token');
  return { token: keptToken(keptIn, 'dashboard'), keptIn };
}

/** An image's CycloneDX SBOM, read from this node's engine by the first of its references the engine knows. */
function sbomFromEngine(sources: Sources): (key: string) => Promise<string> {
  return async (key) => {
    let last: Message = rawMessage('');
    for (const ref of candidateRefs(sources, key)) {
      try {
        return inventoryToCycloneDx(await inventoryImage(ref, { source: 'engine' }));
      } catch (e) {
        last = messageOf(e);
      }
    }
    throw new UserError(M.say('cli.dashboard.notOnEngine', { error: last }));
  };
}

/** Stops on SIGTERM or SIGINT: the server first, then the history. */
function stopOnSignals(dash: DashboardServer, close: () => void): void {
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${sig}: stopping the dashboard\n`);
    void dash.close().then(() => {
      close();
      process.exit(ExitCode.OK);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

async function runDashboard(flags: DashboardFlags): Promise<void> {
  // Every flag is checked and the TLS files read before dashboard-token is written and the history opened.
  const { host, port } = parseListen(flags.listen, 8091);
  const tls = tlsFiles(flags);
  const { token, keptIn } = dashboardToken(flags, host);

  // A shared PostgreSQL history is read through a local copy, refreshed every few seconds.
  const historyFile = isPostgresUrl(flags.history) ? (await mirrorSharedHistory(flags.history)).file : flags.history;
  const scans = new HistoryStore(historyFile); // creates the file when there is none yet
  const runs = AuditRunStore.open(historyFile, { readonly: true }); // audit creates its tables
  const sources: Sources = { scans, runs };
  const dash = createDashboardServer({
    sources,
    version: toolVersion(),
    ...(token !== undefined ? { token } : {}),
    ...(tls ? { tls } : {}),
    allowedHostNames: [host.includes(':') ? `[${host}]` : host, 'localhost', '127.0.0.1', '[::1]'],
    ...(flags.sbom ? { sbom: sbomFromEngine(sources) } : {}),
    log: (l) => process.stderr.write(`${new Date().toISOString()} ${l}\n`),
  });
  await listenOn(dash.server, port, host, flags.listen);
  const addr = dash.server.address() as AddressInfo;
  process.stderr.write(
    `${new Date().toISOString()} dashboard on ${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${addr.port}/ (history ${flags.history}${token !== undefined ? ', token required' : ''})\n`,
  );
  if (keptIn) process.stderr.write(`${new Date().toISOString()} sign in with the token kept in ${keptIn} (mode 0600)\n`);
  stopOnSignals(dash, () => {
    scans.close();
    runs.close();
  });
  await new Promise<never>(() => undefined);
}
