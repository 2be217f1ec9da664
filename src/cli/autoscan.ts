// `swarmguard serve` (registry push notifications) and `swarmguard watch` (service deploys): scan every
// new image once, keep the results in the history, alert, and optionally enforce the deploy policy.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { Option } from 'commander';
import { ExitCode, UserError, errorMessage } from '../core/errors.js';
import { parseSeverity } from '../core/severity.js';
import { connectEngine } from '../engine/connection.js';
import { HistoryStore, defaultHistoryPath, newFindings } from '../history/store.js';
import { createImageScanner } from '../autoscan/scanner.js';
import { ScanQueue, type ScanJob } from '../autoscan/queue.js';
import type { Finding } from '../core/finding.js';
import { buildAlert, postWebhook } from '../autoscan/notify.js';
import { createScanServer, isLoopbackHost } from '../autoscan/server.js';
import { ServiceWatcher, type ScanFailurePolicy } from '../autoscan/watch.js';
import type { EnforceMode } from '../autoscan/enforce.js';
import { resolveDbPath } from '../vulndb/paths.js';
import { VulnStore } from '../vulndb/store.js';
import { action } from './run.js';

interface CommonFlags {
  db?: string;
  history: string;
  concurrency: string;
  threshold: string;
  notify?: string;
}

const log = (line: string): void => {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
};

function commonOptions(cmd: Command): Command {
  return cmd
    .option('--db <path>', 'vulnerability database (default $SWARMGUARD_DB or ~/.cache/swarmguard/db/vuln.db)')
    .option('--history <file>', 'where scans are kept', defaultHistoryPath())
    .option('--concurrency <n>', 'scans at once', '2')
    .option('--threshold <severity>', 'findings at or above this trigger alerts (and --enforce)', 'HIGH')
    .option('--notify <url>', 'POST a JSON alert to this webhook when a scan meets --threshold');
}

/** The queue, history and alerting shared by serve and watch. */
async function setup(
  flags: CommonFlags,
  onScanned?: (job: ScanJob, findings: readonly Finding[]) => Promise<void>,
  onScanFailed?: (job: ScanJob, error: string) => Promise<void>,
) {
  const threshold = parseSeverity(flags.threshold, '--threshold');
  const concurrency = Number(flags.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) throw new UserError(`--concurrency: "${flags.concurrency}" must be 1 to 16`);
  if (flags.notify) {
    try {
      const u = new URL(flags.notify);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      throw new UserError(`--notify: "${flags.notify}" is not an http(s) URL`);
    }
  }
  const dbPath = resolveDbPath(flags.db);
  VulnStore.open(dbPath, { readonly: true }).close(); // fail now, with the "how to get one" message, not per scan
  const conn = await connectEngine();
  const history = new HistoryStore(flags.history);
  const queue = new ScanQueue(history, createImageScanner(conn.docker, dbPath), {
    concurrency,
    log,
    onDone: async (job, id, findings) => {
      const rec = history.get(id)!;
      const fresh = newFindings(rec, history.previousOfRepository(job.repository, id));
      if (fresh.length > 0 && rec.findings.length !== fresh.length) log(`${job.repository}: ${fresh.length} new finding(s) since the last scan`);
      const alert = buildAlert(job, id, findings, fresh, threshold);
      if (alert) {
        log(`ALERT ${job.ref}: ${alert.ids.length} vulnerabilit(ies) at or above ${threshold}`);
        if (flags.notify) await postWebhook(flags.notify, alert, log);
      }
      await onScanned?.(job, findings);
    },
    onFailed: async (job, id, error) => {
      if (onScanFailed) return onScanFailed(job, error);
      log(`ALERT ${job.ref}: the scan failed: ${error}`);
      if (flags.notify) await postWebhook(flags.notify, { event: 'scan.failed', image: { repository: job.repository, tag: job.tag ?? null, digest: job.digest }, trigger: job.trigger, scanId: id, counts: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0, INFO: 0 }, threshold, newFindings: 0, ids: [], action: error }, log);
    },
  });
  return { conn, history, queue, threshold };
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
  const serve = program
    .command('serve')
    .description('scan images as they are pushed: a receiver for the registry\'s notifications (registry config `notifications: endpoints:`), with health and metrics')
    .option('--listen <host:port>', 'where to listen (loopback by default; elsewhere needs --token or --tls-ca)', '127.0.0.1:8090')
    .option('--token-file <file>', 'bearer token the registry must send (or $SWARMGUARD_SERVE_TOKEN)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate')
    .option('--tls-key <file>', 'and this key')
    .option('--tls-ca <file>', 'require client certificates signed by this CA (mutual TLS)');
  commonOptions(serve);
  serve.addHelpText(
    'after',
    '\nRegistry config (config.yml):\n  notifications:\n    endpoints:\n      - name: swarmguard\n        url: http://127.0.0.1:8090/v1/registry/notifications\n        headers: { Authorization: [Bearer TOKEN] }\n\nEndpoints: POST /v1/registry/notifications, GET /healthz, GET /metrics',
  );
  serve.action(
    action(async (flags: CommonFlags & { listen: string; tokenFile?: string; tlsCert?: string; tlsKey?: string; tlsCa?: string }) => {
      const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(flags.listen);
      if (!m) throw new UserError(`--listen: "${flags.listen}" is not HOST:PORT`, { hint: 'e.g. 127.0.0.1:8090' });
      const host = m[1]!.replace(/^\[|\]$/g, '');
      const port = Number(m[2]);
      let token = process.env.SWARMGUARD_SERVE_TOKEN || undefined;
      if (flags.tokenFile) {
        try {
          token = readFileSync(flags.tokenFile, 'utf8').trim();
        } catch (e) {
          throw new UserError(`--token-file: cannot read ${flags.tokenFile}: ${errorMessage(e)}`);
        }
        if (!token) throw new UserError(`--token-file: ${flags.tokenFile} is empty`);
      }
      if (!isLoopbackHost(host) && token === undefined && flags.tlsCa === undefined) {
        throw new UserError(`refusing to listen on ${host} without authentication`, { hint: 'give --token-file (or $SWARMGUARD_SERVE_TOKEN) or --tls-ca for mutual TLS, or listen on 127.0.0.1' });
      }
      if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new UserError('--tls-cert and --tls-key go together');
      const read = (f: string) => {
        try {
          return readFileSync(f);
        } catch (e) {
          throw new UserError(`cannot read ${f}: ${errorMessage(e)}`);
        }
      };
      const { history, queue } = await setup(flags);
      const server = createScanServer({
        queue,
        ...(token !== undefined ? { token } : {}),
        ...(flags.tlsCert && flags.tlsKey ? { tls: { cert: read(flags.tlsCert), key: read(flags.tlsKey), ...(flags.tlsCa ? { ca: read(flags.tlsCa) } : {}) } } : {}),
        log,
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e) => reject(new UserError(`cannot listen on ${flags.listen}: ${errorMessage(e)}`)));
        server.listen(port, host, resolve);
      });
      const addr = server.address() as AddressInfo;
      log(`listening on ${flags.tlsCert ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${addr.port} (history ${flags.history})`);
      queue.resume();
      onSignals(async () => {
        await new Promise<void>((r) => server.close(() => r()));
        await queue.close();
        history.close();
      });
      await new Promise<never>(() => undefined);
    }),
  );

  const watch = program
    .command('watch')
    .description('scan the image of every service created or updated on this swarm (follows the engine\'s events from a manager; resumes after an engine restart without missing events)')
    .addOption(new Option('--enforce <action>', 'when a deployed image meets --threshold: roll the service back to its previous spec, or scale it to 0').choices(['rollback', 'scale-zero']))
    .addOption(new Option('--on-scan-failure <policy>', 'a deployed image that cannot be scanned (not on the manager, registry down, queue full): allow it (logged), alert, or enforce as if it failed').choices(['allow', 'alert', 'enforce']).default('alert'))
    .option('--since <unix-seconds>', 'replay events since this time (default: now)');
  commonOptions(watch);
  watch.action(
    action(async (flags: CommonFlags & { enforce?: EnforceMode; since?: string; onScanFailure: ScanFailurePolicy }) => {
      let watcher: ServiceWatcher | undefined;
      const { conn, history, queue, threshold } = await setup(
        flags,
        async (job, findings) => watcher?.onScanned(job, findings),
        async (job, error) => watcher?.onScanFailed(job, error),
      );
      const info = (await conn.docker.info()) as { Swarm?: { ControlAvailable?: boolean } };
      if (!info.Swarm?.ControlAvailable) throw new UserError('watch needs a swarm manager: point DOCKER_HOST at one');
      const since = flags.since !== undefined ? Number(flags.since) : undefined;
      if (since !== undefined && !Number.isFinite(since)) throw new UserError(`--since: "${flags.since}" is not a number of seconds`);
      const noCounts = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0, INFO: 0 };
      const policy = { threshold, onScanFailure: flags.onScanFailure, ...(flags.enforce ? { enforce: flags.enforce } : {}) };
      watcher = new ServiceWatcher(conn.docker, queue, history, policy, log, {
        onEnforced: async (r, job) => {
          if (flags.notify) await postWebhook(flags.notify, { event: 'policy.enforced', image: { repository: job?.repository ?? r.service, tag: job?.tag ?? null, digest: job?.digest ?? '' }, trigger: 'deploy', scanId: 0, counts: noCounts, threshold, newFindings: 0, ids: [], action: r.detail }, log);
        },
        onScanFailureAlert: async (service, image, reason) => {
          if (flags.notify) await postWebhook(flags.notify, { event: 'scan.failed', image: { repository: image, tag: null, digest: '' }, trigger: 'deploy', scanId: 0, counts: noCounts, threshold, newFindings: 0, ids: [], action: `service ${service}: ${reason}` }, log);
        },
      });
      queue.resume();
      const abort = new AbortController();
      onSignals(async () => {
        abort.abort();
        await queue.close();
        history.close();
      });
      log(`watching services${flags.enforce ? ` (enforce: ${flags.enforce} at ${threshold})` : ''}; images that cannot be scanned: ${flags.onScanFailure}`);
      await watcher.run(abort.signal, since);
    }),
  );
}
