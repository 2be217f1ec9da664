// `swarmguard serve` (registry push notifications) and `swarmguard watch` (service deploys): scan every
// new image once, keep the results in the history, alert, and optionally enforce the deploy policy.
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { Option } from 'commander';
import { ExitCode, UserError } from '../core/errors.js';
import { parseSeverity, type Severity } from '../core/severity.js';
import { readInfo } from '../engine/api.js';
import { connectEngine } from '../engine/connection.js';
import { defaultHistoryPath, newFindings } from '../history/store.js';
import { historyLocation, isPostgresUrl, openScanStore } from '../history/scan-store.js';
import { enforcerElection } from '../autoscan/election.js';
import { createImageScanner } from '../autoscan/scanner.js';
import { ScanQueue, type ScanJob } from '../autoscan/queue.js';
import type { Finding } from '../core/finding.js';
import { Webhook, eventAlert } from '../autoscan/notify.js';
import { newVerdictStats, scanVerdict, type Decide } from '../autoscan/verdict.js';
import { createScanServer, isLoopbackHost } from '../autoscan/server.js';
import { decideServeAuth, givenToken, tlsFiles, type ServeAuth } from '../autoscan/serve-auth.js';
import { ServiceWatcher, type ScanFailurePolicy, type WatchHooks } from '../autoscan/watch.js';
import type { EnforceMode } from '../autoscan/enforce.js';
import { resolveDbPath } from '../vulndb/paths.js';
import { VulnStore } from '../vulndb/store.js';
import { cliMessages as M } from './messages.js';
import { listenOn, parseListen } from './option-values.js';
import { action } from './run.js';
import { t } from '../i18n/messages.js';
import { inLocale } from '../i18n/user-errors.js';

interface CommonFlags {
  db?: string;
  history?: string;
  concurrency: string;
  leaseSeconds: string;
  threshold: string;
  notify?: string;
  policy?: string;
}

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
};

function commonOptions(cmd: Command): Command {
  return cmd
    .option('--db <path>', 'vulnerability database (default $SWARMGUARD_DB or ~/.cache/swarmguard/db/vuln.db)')
    .option(
      '--history <file|url>',
      'where scans are kept: a SQLite file, or postgres://user@host/db shared by replicas (default $SWARMGUARD_DATABASE_URL, else $SWARMGUARD_HISTORY or ~/.local/share/swarmguard/history.db)',
    )
    .option('--concurrency <n>', 'scans at once', '2')
    .option('--lease-seconds <n>', 'a replica that stops renewing a scan for this long loses it to another', '60')
    .option('--threshold <severity>', 'findings at or above this trigger alerts (and --enforce)', 'HIGH')
    .option('--notify <url>', 'POST a JSON alert to this webhook when a scan meets --threshold');
}

/** --policy: the one decision (src/policy/decide.ts); the file is read now, so a bad one stops the command at start. */
async function deciderOf(flags: CommonFlags): Promise<Decide | undefined> {
  if (flags.policy === undefined) return undefined;
  return (await import('../policy/decide.js')).policyDecider(flags.policy, resolveDbPath(flags.db));
}

/** The flags serve and watch share, checked before anything is written or opened. */
function commonSettings(flags: CommonFlags) {
  const threshold = parseSeverity(flags.threshold, '--threshold');
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16)
    throw new UserError(M.say('cli.autoscan.concurrency', { value: flags.concurrency }));
  const leaseSeconds = Number(flags.leaseSeconds);
  if (!Number.isInteger(leaseSeconds) || leaseSeconds < 2 || leaseSeconds > 3600)
    throw new UserError(M.say('cli.autoscan.leaseSeconds', { value: flags.leaseSeconds }));
  const webhook = flags.notify ? new Webhook(flags.notify, log) : undefined;
  return { threshold, concurrency, leaseSeconds, webhook };
}

/** The queue, history and alerting shared by serve and watch, opened once every flag is checked (commonSettings). */
async function setup(
  flags: CommonFlags,
  settings: ReturnType<typeof commonSettings>,
  onScanned?: (job: ScanJob, findings: readonly Finding[]) => Promise<void>,
  onScanFailed?: (job: ScanJob, error: string) => Promise<void>,
  decide?: Decide,
) {
  const verdicts = newVerdictStats();
  const { threshold, concurrency, leaseSeconds, webhook } = settings;
  const dbPath = resolveDbPath(flags.db);
  VulnStore.open(dbPath, { readonly: true }).close(); // fail now, with the "how to get one" message, not per scan
  const conn = await connectEngine();
  const history = await openScanStore(historyLocation(flags.history), { log });
  const queue = new ScanQueue(history, createImageScanner(conn.docker, dbPath), {
    concurrency,
    leaseMs: leaseSeconds * 1000,
    log,
    onDone: async (job, id, findings) => {
      const rec = (await history.get(id))!;
      const fresh = newFindings(rec, await history.previousOfRepository(job.repository, id));
      if (fresh.length > 0 && rec.findings.length !== fresh.length) log(`${job.repository}: ${fresh.length} new finding(s) since the last scan`);
      // With --policy, the policy decides what alerts, as it decides what watch --enforce blocks.
      const verdict = await scanVerdict(job, id, findings, fresh, threshold, decide, verdicts);
      if (verdict.line !== undefined) log(verdict.line);
      if (verdict.alert) await webhook?.post(verdict.alert);
    },
    // The deploys watch waits for are judged when their scan ends, whichever replica ran it.
    onSettled: async (job, rec) => {
      if (rec.status === 'done') await onScanned?.(job, rec.findings);
      else await onScanFailed?.(job, rec.error ?? 'the scan failed');
    },
    onFailed: async (job, id, error) => {
      if (onScanFailed) return;
      log(`ALERT ${job.ref}: the scan failed: ${error}`);
      await webhook?.post(
        eventAlert('scan.failed', { repository: job.repository, tag: job.tag ?? null, digest: job.digest }, job.trigger, threshold, error, id),
      );
    },
  });
  return { conn, history, queue, threshold, webhook, verdicts };
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: finishing running scans; queued ones are kept for the next start`);
    void stop().then(() => process.exit(ExitCode.OK));
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.once('SIGINT', () => handler('SIGINT'));
}

export function registerAutoscanCommands(program: Command): void {
  addServeCommand(program);
  addWatchCommand(program);
}

interface ServeFlags extends CommonFlags {
  listen: string;
  tokenFile?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  allowRegistry?: string[];
}

/** serve: scans the images a registry says were pushed */
function addServeCommand(program: Command): void {
  const serve = program
    .command('serve')
    .description(t('help.group.serve'))
    .option('--listen <host:port>', 'where to listen (loopback by default; elsewhere needs --token-file or mutual TLS)', '127.0.0.1:8090')
    .option(
      '--token-file <file>',
      'bearer token the registry must send (or $SWARMGUARD_SERVE_TOKEN; on loopback, one is made and kept in serve-token beside the history)',
    )
    .option('--tls-cert <file>', 'serve HTTPS with this certificate')
    .option('--tls-key <file>', 'and this key')
    .option('--tls-ca <file>', 'require client certificates signed by this CA (mutual TLS, with --tls-cert and --tls-key)')
    .option('--allow-registry <host:port...>', 'scan pushes only from these registries (as named in the notifications)')
    .option('--policy <file>', 'judge pushed images by this policy file (as `policy check --policy`): its failures alert, instead of --threshold');
  commonOptions(serve);
  serve.addHelpText(
    'after',
    '\nRegistry config (config.yml):\n  notifications:\n    endpoints:\n      - name: swarmguard\n        url: http://127.0.0.1:8090/v1/registry/notifications\n        headers: { Authorization: [Bearer TOKEN] }\n\nEndpoints: POST /v1/registry/notifications, GET /healthz, GET /metrics',
  );
  serve.action(action(runServe));
}

/** How serve's endpoint is protected (the token given, or one kept beside the history on loopback); its warnings are logged. */
function serveAuth(flags: ServeFlags, host: string): ServeAuth {
  const token = givenToken(process.env.SWARMGUARD_SERVE_TOKEN, flags.tokenFile);
  const history = historyLocation(flags.history);
  const auth = decideServeAuth({
    host,
    ...(token !== undefined ? { token } : {}),
    ...pick(flags, ['tlsCert', 'tlsKey', 'tlsCa']),
    generatedTokenFile: path.join(path.dirname(isPostgresUrl(history) ? defaultHistoryPath() : path.resolve(history)), 'serve-token'),
  });
  for (const w of auth.warnings) log(inLocale(w));
  return auth;
}

/** --allow-registry: each a host[:port] (an IPv6 host in brackets). */
function allowedRegistriesOf(flags: ServeFlags): string[] {
  const allowed = flags.allowRegistry ?? [];
  for (const h of allowed)
    if (!/^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9a-fA-F:]+\](:\d+)?$/.test(h)) throw new UserError(M.say('cli.autoscan.allowRegistry', { value: h }));
  return allowed;
}

async function runServe(flags: ServeFlags): Promise<void> {
  // Every flag is checked and the TLS files read before serve-token is written and the history opened.
  const { host, port } = parseListen(flags.listen, 8090);
  const allowedRegistries = allowedRegistriesOf(flags);
  const settings = commonSettings(flags);
  const decide = await deciderOf(flags);
  const tls = tlsFiles(flags);
  const auth = serveAuth(flags, host);
  const { history, queue, webhook, verdicts } = await setup(flags, settings, undefined, undefined, decide);
  const server = createScanServer({
    queue,
    ...(auth.token !== undefined ? { token: auth.token } : {}),
    ...(tls ? { tls } : {}),
    log,
    allowedRegistries,
    loopbackOnly: isLoopbackHost(host),
    ...(webhook ? { webhook: webhook.stats } : {}),
    ...(decide ? { verdicts } : {}),
  });
  await listenOn(server, port, host, flags.listen);
  const addr = server.address() as AddressInfo;
  log(
    `listening on ${auth.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${addr.port} (history ${history.location}; ${[auth.token !== undefined ? 'bearer token' : '', auth.mutualTls ? 'client certificates' : ''].filter(Boolean).join(' and ')} required)`,
  );
  if (auth.tokenFile) log(`no --token-file: the registry must send "Authorization: Bearer <token>" with the token kept in ${auth.tokenFile} (mode 0600)`);
  await queue.resume();
  onSignals(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await queue.close();
    await history.close();
  });
  await new Promise<never>(() => undefined);
}

interface WatchFlags extends CommonFlags {
  enforce?: EnforceMode;
  since?: string;
  onScanFailure?: ScanFailurePolicy;
}

/** watch: scans the images services are deployed with, and enforces */
function addWatchCommand(program: Command): void {
  const watch = program
    .command('watch')
    .description(t('help.group.watch'))
    .addOption(
      new Option(
        '--enforce <action>',
        'when a deployed image meets --threshold: roll the service back to its previous spec if that image is judged clean, else scale it to 0 (a global service or a job: constrain it to no node)',
      ).choices(['rollback', 'scale-zero']),
    )
    .addOption(
      new Option(
        '--on-scan-failure <policy>',
        'a deployed image that cannot be judged (not pinned by digest, registry down, scan cut short, queue full): allow it (logged), alert, or block it as if it failed (default block with --enforce, alert without; enforce is the former name of block)',
      ).choices(['allow', 'alert', 'block', 'enforce']),
    )
    .option('--since <unix-seconds>', 'replay events since this time (default: now)')
    .option('--policy <file>', 'judge deployed images by this policy file (as `policy check --policy`) instead of --threshold');
  commonOptions(watch);
  watch.action(action(runWatch));
}

async function runWatch(flags: WatchFlags): Promise<void> {
  let watcher: ServiceWatcher | undefined;
  // Every flag is checked before the database, the engine and the history are opened.
  const since = flags.since !== undefined ? Number(flags.since) : undefined;
  if (since !== undefined && !Number.isFinite(since)) throw new UserError(M.say('cli.watch.since', { value: flags.since ?? '' }));
  const settings = commonSettings(flags);
  const decide = await deciderOf(flags);
  const { conn, history, queue, threshold, webhook } = await setup(
    flags,
    settings,
    async (job, findings) => watcher?.onScanned(job, findings),
    async (job, error) => watcher?.onScanFailed(job, error),
  );
  if (!(await readInfo(conn.docker)).Swarm.ControlAvailable) throw new UserError(M.say('cli.watch.needsManager'));
  const policy = {
    threshold,
    ...(flags.onScanFailure ? { onScanFailure: flags.onScanFailure } : {}),
    ...(flags.enforce ? { enforce: flags.enforce } : {}),
    ...(decide ? { decide } : {}),
  };
  const onScanFailure = flags.onScanFailure === 'enforce' ? 'block' : (flags.onScanFailure ?? (flags.enforce ? 'block' : 'alert'));
  watcher = new ServiceWatcher(conn.docker, queue, history, policy, log, watchAlerts(webhook, threshold));
  await queue.resume();
  const election = await enforcerElection(history, { log });
  const abort = new AbortController();
  onSignals(async () => {
    abort.abort();
    await election.close();
    await queue.close();
    await history.close();
  });
  log(`watching services${flags.enforce ? ` (enforce: ${flags.enforce} at ${threshold})` : ''}; images that cannot be judged: ${onScanFailure}`);
  await watchWhileElected(watcher, election, abort.signal, since);
}

/** What watch posts to --notify: an enforcement, and an image that could not be judged. */
function watchAlerts(webhook: Webhook | undefined, threshold: Severity): WatchHooks {
  return {
    onEnforced: async (r, job) => {
      await webhook?.post(
        eventAlert(
          'policy.enforced',
          { repository: job?.repository ?? r.service, tag: job?.tag ?? null, digest: job?.digest ?? '' },
          'deploy',
          threshold,
          r.detail,
        ),
      );
    },
    onScanFailureAlert: async (service, image, reason) => {
      await webhook?.post(eventAlert('scan.failed', { repository: image, tag: null, digest: '' }, 'deploy', threshold, `service ${service}: ${reason}`));
    },
  };
}

/** One replica acts at a time; the others scan from the shared queue until the lock is theirs. */
async function watchWhileElected(
  watcher: ServiceWatcher,
  election: Awaited<ReturnType<typeof enforcerElection>>,
  aborted: AbortSignal,
  since: number | undefined,
): Promise<void> {
  let first = true;
  while (!aborted.aborted && (await election.acquire(aborted))) {
    const term = new AbortController();
    election.onLost(() => term.abort());
    aborted.addEventListener('abort', () => term.abort(), { once: true });
    // Events are followed from before the catch-up, so that nothing falls between the two.
    const startedAt = Date.now();
    if (since === undefined || !first) await watcher.catchUp(startedAt);
    await watcher.run(term.signal, first && since !== undefined ? since : startedAt / 1000);
    first = false;
  }
}
