// `swarmguard serve`: receives registry push notifications, queues scans; health and metrics endpoints.
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { UserError, errorMessage } from '../core/errors.js';
import { printable } from '../core/image-reference.js';
import { autoscanMessages } from './messages.js';
import type { WebhookStats } from './notify.js';
import type { ScanQueue } from './queue.js';
import type { VerdictStats } from './verdict.js';
import { parseRegistryNotification } from './registry-events.js';

export interface ServerOptions {
  queue: ScanQueue;
  /** Bearer token the registry sends (its endpoint `headers: Authorization: [Bearer …]`). */
  token?: string;
  /** With `ca`, clients must present a certificate signed by it (mutual TLS). */
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer };
  maxBodyBytes?: number;
  log?: (line: string) => void;
  /** Registry hosts (host[:port]) whose pushes are scanned; pushes naming any other host are ignored. Empty: any. */
  allowedRegistries?: readonly string[];
  /** Listening on loopback: requests must name a loopback Host (a web page's DNS rebinding does not). */
  loopbackOnly?: boolean;
  webhook?: WebhookStats;
  /** With --policy: the policy's verdicts on finished scans. */
  verdicts?: VerdictStats;
}

/** What the registry sends; plain JSON is accepted too. A browser's no-cors POST can send neither. */
const NOTIFICATION_CONTENT_TYPES = new Set(['application/vnd.docker.distribution.events.v1+json', 'application/json']);

const NOTIFICATION_PATHS = new Set(['/v1/registry/notifications', '/notifications']);

export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1]!.trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = type === 'application/json' ? `${JSON.stringify(body)}\n` : String(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

/** One metric in the Prometheus text format: its HELP and TYPE lines, then a sample per label set (`{result="done"}`, or none). */
function metric(name: string, type: 'gauge' | 'counter', help: string, samples: readonly (readonly [labels: string, value: number])[]): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([labels, value]) => `${name}${labels} ${value}`)];
}

const result = (r: string): string => `{result="${r}"}`;

export function metricsText(queue: ScanQueue, webhook?: WebhookStats, verdicts?: VerdictStats): string {
  const m = queue.metrics();
  const lines = [
    ...metric('swarmguard_scans_queued', 'gauge', 'Scans waiting in the queue.', [['', m.queued]]),
    ...metric('swarmguard_scans_running', 'gauge', 'Scans running now.', [['', m.running]]),
    ...metric('swarmguard_scans_total', 'counter', 'Finished scans by result.', [
      [result('done'), m.done],
      [result('failed'), m.failed],
    ]),
    ...metric('swarmguard_notifications_deduplicated_total', 'counter', 'Requests for a digest already queued or scanned recently.', [['', m.duplicates]]),
    ...metric('swarmguard_notifications_rejected_total', 'counter', 'Requests refused because the queue was full.', [['', m.rejected]]),
    ...metric('swarmguard_webhook_deliveries_total', 'counter', 'Webhook alerts by result (failed: given up after retries).', [
      [result('delivered'), webhook?.delivered ?? 0],
      [result('failed'), webhook?.failed ?? 0],
    ]),
    ...(verdicts
      ? metric('swarmguard_policy_verdicts_total', 'counter', 'Finished scans judged by --policy, by verdict (error: the policy could not be evaluated).', [
          [result('pass'), verdicts.passed],
          [result('fail'), verdicts.failed],
          [result('error'), verdicts.errors],
        ])
      : []),
  ];
  return `${lines.join('\n')}\n`;
}

/** The host part of a Host header: `127.0.0.1:8090` → 127.0.0.1, `[::1]:8090` → ::1. */
function hostOfHeader(header: string): string {
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(header) ?? /^([^:]+)(?::\d+)?$/.exec(header);
  return m?.[1] ?? header;
}

export function createScanServer(options: ServerOptions): http.Server {
  const log = options.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const mutualTls = options.tls?.ca !== undefined;
  if (options.token === undefined && !mutualTls) throw new UserError(autoscanMessages.say('autoscan.server.needsAuth'));
  const allowed = new Set((options.allowedRegistries ?? []).map((h) => h.toLowerCase()));
  const refuse = (req: http.IncomingMessage, res: http.ServerResponse, status: number, why: string): void => {
    log(`rejected a notification from ${req.socket.remoteAddress ?? '?'}: ${why}`);
    req.resume();
    send(res, status, { error: why });
  };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const peer = `${req.socket.remoteAddress ?? '?'}`;
    if (req.method === 'GET' && url.pathname === '/healthz')
      return send(res, 200, { status: 'ok', ...options.queue.metrics(), ...(options.verdicts ? { policy: { ...options.verdicts } } : {}) });
    if (req.method === 'GET' && url.pathname === '/metrics')
      return send(res, 200, metricsText(options.queue, options.webhook, options.verdicts), 'text/plain; version=0.0.4');
    if (!NOTIFICATION_PATHS.has(url.pathname)) return send(res, 404, { error: 'not found' });
    if (req.method !== 'POST') return send(res, 405, { error: 'POST registry notification envelopes here' });
    // A registry sends no Origin; a web page always does.
    if (req.headers.origin !== undefined) return refuse(req, res, 403, 'requests from web pages are not accepted');
    if (options.loopbackOnly && !isLoopbackHost(hostOfHeader(req.headers.host ?? '')))
      return refuse(req, res, 421, 'the Host header does not name this loopback address');
    if (options.token !== undefined && !tokenMatches(req.headers.authorization, options.token)) return refuse(req, res, 401, 'missing or wrong bearer token');
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!NOTIFICATION_CONTENT_TYPES.has(type)) return refuse(req, res, 415, 'Content-Type must be application/vnd.docker.distribution.events.v1+json');
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        tooBig = true;
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('error', () => undefined);
    req.on('close', () => {
      if (tooBig) {
        log(`rejected a notification from ${peer}: body over ${maxBody} bytes`);
        if (!res.headersSent) send(res, 413, { error: 'body too large' });
      }
    });
    req.on('end', () => {
      if (tooBig) return;
      let parsed;
      try {
        parsed = parseRegistryNotification(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      } catch (e) {
        // JSON.parse quotes the body in its message: never into the log.
        const detail = e instanceof SyntaxError ? 'the body is not JSON' : printable(errorMessage(e));
        log(`rejected a malformed notification from ${peer}: ${detail}`);
        return send(res, 400, { error: 'malformed notification', detail });
      }
      const wanted = allowed.size === 0 ? parsed.jobs : parsed.jobs.filter((job) => allowed.has(job.repository.split('/')[0]!.toLowerCase()));
      if (wanted.length < parsed.jobs.length)
        log(`notification from ${peer}: ignored ${parsed.jobs.length - wanted.length} push(es) from registries not in --allow-registry`);
      void (async () => {
        const results = [];
        try {
          for (const job of wanted) results.push({ ref: job.ref, ...(await options.queue.submit(job)) });
        } catch (e) {
          // The shared history is unreachable: the registry retries a notification that was not accepted.
          log(`notification from ${peer}: cannot queue its pushes: ${printable(errorMessage(e))}`);
          return send(res, 503, { error: 'the scan queue is unavailable; retry later' });
        }
        const queued = results.filter((r) => r.status === 'queued').length;
        if (parsed.jobs.length > 0 || parsed.ignored > 0) {
          log(`notification from ${peer}: ${parsed.jobs.length} image push(es), ${queued} queued, ${parsed.ignored} other event(s) ignored`);
        }
        send(res, results.some((r) => r.status === 'full') ? 503 : 200, { accepted: results, ignored: parsed.ignored });
      })();
    });
  };
  if (options.tls) {
    return https.createServer(
      { cert: options.tls.cert, key: options.tls.key, ...(options.tls.ca ? { ca: options.tls.ca, requestCert: true, rejectUnauthorized: true } : {}) },
      handler,
    );
  }
  return http.createServer(handler);
}

/** True for `localhost` and loopback IP literals (127.0.0.0/8, ::1, ::ffff:127.x) — not for names such as 127.example.com. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  const kind = net.isIP(h);
  if (kind === 4) return h.startsWith('127.');
  if (kind === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}
